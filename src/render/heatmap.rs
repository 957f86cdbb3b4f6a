//! The landscape picture: f at every pixel centre, coloured, with contour lines.
//!
//! Rendering is three passes over reusable buffers: evaluate f on the grid (the only pass that
//! knows the objective, so a faster batched evaluator can replace it through
//! [`Heatmap::render_with`]), fit the colour scale and colour every pixel, then trace contours.

use super::bins::{Bins, Split};
use super::colormap::{viridis_rgba, NO_DATA_RGBA};
use super::contour::{Tracer, UNDEFINED};
use super::scale::{ColorScale, LegendTick};
use super::view::View;
use super::RenderError;

/// Pixels keyed at a time in the colour pass (the keys are computed on SIMD lanes first).
const CHUNK: usize = 256;

/// The most contour levels one picture may have.
pub const MAX_LEVELS: usize = 255;

/// A rendered landscape picture and the buffers it reuses: a wasm handle owns one and calls
/// [`Heatmap::render`] again when the view changes, without reallocating if the size is the
/// same.
#[derive(Clone, Debug, Default)]
pub struct Heatmap {
    width: usize,
    height: usize,
    /// f at each pixel centre in full precision (row-major, row 0 at the top).
    grid: Vec<f64>,
    /// The same values as f32, for the page to read.
    values: Vec<f32>,
    /// 4 bytes per pixel, straight (not premultiplied) alpha, as `ImageData` wants.
    rgba: Vec<u8>,
    scale: ColorScale,
    levels: Vec<f64>,
    contours: Vec<f32>,
    /// `contours[level_starts[i]..level_starts[i + 1]]` are the segments of level i.
    level_starts: Vec<usize>,
    n_undefined: usize,
    sample: Vec<f64>,
    tracer: Tracer,
    /// The exact colour binning and level counting of the current picture, and their tables.
    colour_bins: Bins,
    level_bins: Bins,
    colour_table: Vec<Split<[u8; 4]>>,
    level_table: Vec<Split<u16>>,
}

/// The evaluation pass: f at every pixel centre of `view`, row-major with row 0 at the top,
/// into `out` (which must hold width·height values).
pub fn evaluate_grid<F: Fn(f64, f64) -> f64>(f: &F, view: &View, out: &mut [f64]) {
    let width = view.width.max(1);
    for (row_idx, row) in out.chunks_exact_mut(width).enumerate() {
        let y = view.y_of_row(row_idx as f64);
        for (col_idx, value) in row.iter_mut().enumerate() {
            *value = f(view.x_of_col(col_idx as f64), y);
        }
    }
}

impl Heatmap {
    /// An empty picture (0 × 0) with no buffers yet.
    pub fn new() -> Heatmap {
        Heatmap::default()
    }

    /// Draws `f` over `view` with `n_levels` contour levels evenly spaced along the colour bar
    /// (0 ≤ n_levels ≤ [`MAX_LEVELS`]).
    ///
    /// On error (a bad view or level count) the picture is left empty.
    pub fn render<F: Fn(f64, f64) -> f64>(
        &mut self,
        f: F,
        view: &View,
        n_levels: usize,
    ) -> Result<(), RenderError> {
        self.render_with(view, n_levels, |view, out| {
            evaluate_grid(&f, view, out);
            Ok(())
        })
    }

    /// Like [`Heatmap::render`], but the values come from `evaluate`, which fills f at every
    /// pixel centre of the view (row-major, row 0 at the top): the hook for batched evaluators.
    pub fn render_with<E>(
        &mut self,
        view: &View,
        n_levels: usize,
        evaluate: E,
    ) -> Result<(), RenderError>
    where
        E: FnOnce(&View, &mut [f64]) -> Result<(), RenderError>,
    {
        let result = self.try_render(view, n_levels, evaluate);
        if result.is_err() {
            self.clear();
        }
        result
    }

    fn try_render<E>(
        &mut self,
        view: &View,
        n_levels: usize,
        evaluate: E,
    ) -> Result<(), RenderError>
    where
        E: FnOnce(&View, &mut [f64]) -> Result<(), RenderError>,
    {
        view.validate()?;
        if n_levels > MAX_LEVELS {
            return Err(RenderError(format!(
                "at most {MAX_LEVELS} contour levels can be drawn (got {n_levels})"
            )));
        }
        let n_pixels = view.n_pixels();
        self.width = view.width;
        self.height = view.height;
        // `resize` keeps the allocation when the size is unchanged.
        self.grid.resize(n_pixels, 0.0);
        evaluate(view, &mut self.grid)?;
        self.scale = ColorScale::fit_with(&self.grid, &mut self.sample);
        self.scale.levels_into(n_levels, &mut self.levels);
        self.colour();
        self.tracer.trace_counted(
            &self.grid,
            self.width,
            self.height,
            &self.levels,
            &mut self.contours,
            &mut self.level_starts,
        );
        Ok(())
    }

    /// Fills `values`, `rgba`, `n_undefined` and, for the contours, the number of levels at or
    /// below each pixel's value, in one pass.
    ///
    /// Both the colour index and the level count are exact counts of the bin edges and of the
    /// levels at or below the value, each found from a table look-up on a cheap monotone key of
    /// the value and, almost always, a single comparison (see `bins`).
    fn colour(&mut self) {
        self.values.clear();
        self.values.extend(self.grid.iter().map(|&v| v as f32));
        self.rgba.resize(4 * self.grid.len(), 0);
        // Both from the same scale, so one key serves both.
        self.colour_bins
            .prepare(&self.scale, self.scale.thresholds());
        self.level_bins.prepare(&self.scale, &self.levels);
        let split = self
            .colour_bins
            .split_table(viridis_rgba, NO_DATA_RGBA, &mut self.colour_table)
            .and_then(|()| {
                // At most MAX_LEVELS (255) levels, so counts fit.
                self.level_bins
                    .split_table(|n| n as u16, UNDEFINED, &mut self.level_table)
            })
            .is_some();
        let (colour_bins, level_bins) = (&self.colour_bins, &self.level_bins);
        let (colour_table, level_table) = (&self.colour_table, &self.level_table);
        let n_below = self.tracer.n_below_mut();
        n_below.clear();
        n_below.resize(self.grid.len(), 0);
        let mut n_undefined = 0;
        let mut keys = [0u32; CHUNK];
        let chunks = self
            .grid
            .chunks(CHUNK)
            .zip(self.rgba.chunks_mut(4 * CHUNK))
            .zip(n_below.chunks_mut(CHUNK));
        for ((values, rgba), n_below) in chunks {
            n_undefined += colour_bins.keys(values, &mut keys);
            let pixels = rgba.chunks_exact_mut(4).zip(values).zip(n_below).zip(&keys);
            if split {
                // The tables know NaN and infinite values too (grey, no level).
                for (((pixel, &v), n_below), &key) in pixels {
                    pixel.copy_from_slice(&colour_table[key as usize].of(v));
                    *n_below = level_table[key as usize].of(v);
                }
                continue;
            }
            for (((pixel, &v), n_below), &key) in pixels {
                if v.is_finite() {
                    pixel.copy_from_slice(&viridis_rgba(colour_bins.count_keyed(v, key)));
                    *n_below = level_bins.count_keyed(v, key) as u16;
                } else {
                    pixel.copy_from_slice(&NO_DATA_RGBA);
                    *n_below = UNDEFINED;
                }
            }
        }
        self.n_undefined = n_undefined;
    }

    fn clear(&mut self) {
        self.width = 0;
        self.height = 0;
        self.grid.clear();
        self.values.clear();
        self.rgba.clear();
        self.scale = ColorScale::default();
        self.levels.clear();
        self.contours.clear();
        self.level_starts.clear();
        self.n_undefined = 0;
    }

    /// The picture's width W in pixels (0 before the first render).
    pub fn width(&self) -> usize {
        self.width
    }

    /// The picture's height H in pixels (0 before the first render).
    pub fn height(&self) -> usize {
        self.height
    }

    /// f at each pixel centre as f32, row-major with row 0 at the top (W·H values; NaN or
    /// infinite where f is undefined, and infinite where |f| exceeds f32's range).
    pub fn values(&self) -> &[f32] {
        &self.values
    }

    /// The picture as 4·W·H bytes (R, G, B, A per pixel, row 0 at the top), ready for
    /// `ImageData`: viridis where f is finite, see-through grey where it is not.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }

    /// How values map to colour in this picture.
    pub fn scale(&self) -> &ColorScale {
        &self.scale
    }

    /// The contour levels in units of f, increasing.
    pub fn levels(&self) -> &[f64] {
        &self.levels
    }

    /// All contour segments, x1, y1, x2, y2, x1, ... in canvas pixel coordinates (column c's
    /// centre at x = c + 0.5, row r's at y = r + 0.5), grouped by level from the lowest.
    pub fn contours(&self) -> &[f32] {
        &self.contours
    }

    /// The segments of level `level_idx` alone (empty if there is no such level).
    pub fn level_contours(&self, level_idx: usize) -> &[f32] {
        match (
            self.level_starts.get(level_idx),
            self.level_starts.get(level_idx + 1),
        ) {
            (Some(&start), Some(&end)) => &self.contours[start..end],
            _ => &[],
        }
    }

    /// How many pixels have a NaN or infinite value (shown grey).
    pub fn n_undefined(&self) -> usize {
        self.n_undefined
    }

    /// About `n_ticks` labelled marks for the colour bar (see [`ColorScale::legend`]).
    pub fn legend(&self, n_ticks: usize) -> Vec<LegendTick> {
        self.scale.legend(n_ticks)
    }
}
