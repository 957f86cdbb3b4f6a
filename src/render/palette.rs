//! Colouring values through any 256-colour table: the playground's viridis, or a table given
//! from outside (the W2 benchmark passes its own).
//!
//! [`paint`] uses the same exact binning as the playground's [`super::Heatmap`]: each value's
//! colour index k = min(255, ⌊256·t⌋) is found by comparing it with the colour scale's 255 bin
//! edges, starting from a table look-up on a cheap key of the value (see `bins`), so a
//! value's colour never depends on rounding in the key. With the table [`Palette::viridis`] and the scale a heatmap fitted, it gives
//! exactly the heatmap's pixels.

use super::bins::Bins;
use super::colormap::{viridis_rgba, NO_DATA_RGBA};
use super::scale::ColorScale;
use super::RenderError;

/// Values keyed at a time (the keys are computed on SIMD lanes first).
const CHUNK: usize = 256;

/// How many colours a palette has.
const N_COLORS: usize = 256;

/// A table of 256 RGBA colours: colour k is the colour of the bin k = min(255, ⌊256·t⌋).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Palette {
    colors: [[u8; 4]; N_COLORS],
}

impl Palette {
    /// The playground's own table: viridis, opaque.
    pub fn viridis() -> Palette {
        Palette {
            colors: core::array::from_fn(viridis_rgba),
        }
    }

    /// A table from 1,024 bytes: colour k is `bytes[4k..4k + 4]` (R, G, B, A).
    pub fn from_rgba(bytes: &[u8]) -> Result<Palette, RenderError> {
        if bytes.len() != 4 * N_COLORS {
            return Err(RenderError(format!(
                "a colour table needs {} bytes (256 colours of R, G, B, A; got {})",
                4 * N_COLORS,
                bytes.len()
            )));
        }
        let mut colors = [[0u8; 4]; N_COLORS];
        for (color, rgba) in colors.iter_mut().zip(bytes.chunks_exact(4)) {
            color.copy_from_slice(rgba);
        }
        Ok(Palette { colors })
    }

    /// Colour `k` (0 ≤ k ≤ 255; larger k is clamped to 255).
    pub fn color(&self, k: usize) -> [u8; 4] {
        self.colors[k.min(N_COLORS - 1)]
    }
}

/// Colours every value through `scale` and `palette` into `rgba` (4 bytes per value, in the
/// same order): colour k = min(255, ⌊256·t(v)⌋) of the palette where v is finite,
/// [`NO_DATA_RGBA`] where it is NaN or infinite. Returns how many values were undefined.
///
/// Fails, writing nothing, when `rgba` does not hold exactly 4 bytes per value.
pub fn paint(
    values: &[f64],
    scale: &ColorScale,
    palette: &Palette,
    rgba: &mut [u8],
) -> Result<usize, RenderError> {
    if values.len().checked_mul(4) != Some(rgba.len()) {
        return Err(RenderError(format!(
            "{} values need {} bytes of RGBA (got {})",
            values.len(),
            values.len().saturating_mul(4),
            rgba.len()
        )));
    }
    let mut bins = Bins::default();
    bins.prepare(scale, scale.thresholds());
    let colour = |n: usize| palette.colors[n.min(N_COLORS - 1)];
    let mut table = Vec::new();
    let split = bins.split_table(colour, NO_DATA_RGBA, &mut table).is_some();
    let mut n_undefined = 0;
    let mut keys = [0u32; CHUNK];
    for (values, rgba) in values.chunks(CHUNK).zip(rgba.chunks_mut(4 * CHUNK)) {
        n_undefined += bins.keys(values, &mut keys);
        let pixels = rgba.chunks_exact_mut(4).zip(values).zip(&keys);
        if split {
            // k = #{bin edges ≤ v}, exactly, by the key's table (which knows undefined values).
            for ((pixel, &v), &key) in pixels {
                pixel.copy_from_slice(&table[key as usize].of(v));
            }
        } else {
            for ((pixel, &v), &key) in pixels {
                let rgba = if v.is_finite() {
                    colour(bins.count_keyed(v, key))
                } else {
                    NO_DATA_RGBA
                };
                pixel.copy_from_slice(&rgba);
            }
        }
    }
    Ok(n_undefined)
}
