//! W2 "landscape-grid": f and ∇f of a landscape at every pixel centre of a view, then the
//! picture coloured on W2's log scale through a given colour table.

use super::BenchError;
use crate::landscape::{Landscape, RowOut};
use crate::lanes::{F64Vector, F64s, Lanes, Vector, LANES};
use crate::render::{paint, ColorScale, Palette, View};

/// W2's view: Rosenbrock's window [−2, 2] × [−1, 3] on 512 × 512 pixels.
pub const W2_VIEW: View = View {
    x_min: -2.0,
    x_max: 2.0,
    y_min: -1.0,
    y_max: 3.0,
    width: 512,
    height: 512,
};

/// The buffers of one landscape grid, reused from render to render (each row-major, row 0 at
/// the top): f in f64 for the colour pass, and f, ∂f/∂x, ∂f/∂y as f32 and the RGBA picture for
/// the caller to read.
#[derive(Clone, Debug, Default)]
pub struct LandscapeGrid {
    grid: Vec<f64>,
    f: Vec<f32>,
    gx: Vec<f32>,
    gy: Vec<f32>,
    rgba: Vec<u8>,
    xs: Vec<f64>,
}

impl LandscapeGrid {
    /// Empty buffers.
    pub fn new() -> LandscapeGrid {
        LandscapeGrid::default()
    }

    /// Evaluates `landscape` (f and its analytic gradient) at every pixel centre of `view`
    /// (x_c = x_min + (c + ½)(x_max − x_min)/W, y_r = y_max − (r + ½)(y_max − y_min)/H), then
    /// colours each pixel on W2's scale t = ln(1 + f)/ln(1 + f_max), colour
    /// k = min(255, ⌊256·t⌋) of `palette`, with the playground's exact binning. Returns f_max.
    ///
    /// Fails on a bad view, or when f_max is not a finite number ≥ 0 (the scale needs f ≥ 0).
    pub fn render(
        &mut self,
        landscape: &Landscape,
        view: &View,
        palette: &Palette,
    ) -> Result<f64, BenchError> {
        view.validate()?;
        let n_pixels = view.n_pixels();
        self.grid.resize(n_pixels, 0.0);
        self.f.resize(n_pixels, 0.0);
        self.gx.resize(n_pixels, 0.0);
        self.gy.resize(n_pixels, 0.0);
        self.rgba.resize(4 * n_pixels, 0);
        self.xs.clear();
        self.xs
            .extend((0..view.width).map(|col| view.x_of_col(col as f64)));

        let mut f_max = f64::NEG_INFINITY;
        let rows = self
            .grid
            .chunks_exact_mut(view.width)
            .zip(self.f.chunks_exact_mut(view.width))
            .zip(self.gx.chunks_exact_mut(view.width))
            .zip(self.gy.chunks_exact_mut(view.width));
        for (row_idx, (((grid, f), gx), gy)) in rows.enumerate() {
            let y = view.y_of_row(row_idx as f64);
            let out = RowOut::WithGradient {
                values: grid,
                grad_x: gx,
                grad_y: gy,
            };
            landscape.eval_row(&self.xs, y, out);
            // While the row is in cache: f as f32, and the running maximum.
            f_max = narrow_and_max(grid, f, f_max);
        }
        if !(f_max.is_finite() && f_max >= 0.0) {
            return Err(BenchError(format!(
                "W2's scale ln(1 + f)/ln(1 + f_max) needs a finite f_max ≥ 0 (got {f_max})"
            )));
        }
        // ln(1 + (f − 0)/1) / ln(1 + (f_max − 0)/1): the log scale from 0 with softening 1.
        let scale = ColorScale::log(0.0, f_max, 1.0)?;
        paint(&self.grid, &scale, palette, &mut self.rgba)?;
        Ok(f_max)
    }

    /// f at each pixel centre, as f32.
    pub fn values(&self) -> &[f32] {
        &self.f
    }

    /// ∂f/∂x at each pixel centre, as f32.
    pub fn gradient_x(&self) -> &[f32] {
        &self.gx
    }

    /// ∂f/∂y at each pixel centre, as f32.
    pub fn gradient_y(&self) -> &[f32] {
        &self.gy
    }

    /// The picture, 4 bytes (R, G, B, A) per pixel.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }
}

/// Writes `values` rounded to f32 into `out` and returns the largest of `f_max` and the
/// values (NaN never raises it). Four running maxima side by side, in lanes (a single running
/// maximum is one long chain of comparisons).
fn narrow_and_max(values: &[f64], out: &mut [f32], f_max: f64) -> f64 {
    let mut maxima = F64s::splat(f_max);
    let mut values_4 = values.chunks_exact(LANES);
    let mut out_4 = out.chunks_exact_mut(LANES);
    for (values, out) in (&mut values_4).zip(&mut out_4) {
        let values = F64s::load(values);
        values.store_f32(out);
        // pmax(m, v) = if m < v { v } else { m }, lane by lane.
        maxima = maxima.pmax(values);
    }
    let mut maxima_4 = [f_max; LANES];
    maxima.store(&mut maxima_4);
    for (o, &value) in out_4.into_remainder().iter_mut().zip(values_4.remainder()) {
        *o = value as f32;
        maxima_4[0] = maxima_4[0].pmax(value);
    }
    maxima_4.into_iter().fold(f_max, Lanes::pmax)
}
