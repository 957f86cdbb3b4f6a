//! The landscape picture: f at every pixel centre, coloured, with contour lines.
//!
//! Rendering is three passes over reusable buffers: evaluate f on the grid (the only pass that
//! knows the objective, so a faster batched evaluator can replace it through
//! [`Heatmap::render_with`]), fit the colour scale and colour every pixel, then trace contours.

use super::colormap::{viridis_rgba, NO_DATA_RGBA};
use super::contour::{count_levels_from, Tracer, UNDEFINED};
use super::scale::{ColorScale, LegendTick};
use super::view::View;
use super::RenderError;

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
    /// Both the colour index and the level count are exact searches (comparisons with the bin
    /// edges and the levels), started from a cheap estimate of t: ⌊256·t⌋ and
    /// ⌊(n_levels + 1)·t⌋, which are almost always right already.
    fn colour(&mut self) {
        self.values.clear();
        self.values.extend(self.grid.iter().map(|&v| v as f32));
        self.rgba.resize(4 * self.grid.len(), 0);
        self.n_undefined = 0;
        let (scale, levels) = (&self.scale, &self.levels[..]);
        let level_slots = (levels.len() + 1) as f64;
        let n_below = self.tracer.n_below_mut();
        n_below.clear();
        for (pixel, &v) in self.rgba.chunks_exact_mut(4).zip(&self.grid) {
            if v.is_finite() {
                // t ∈ [0, 1] up to the estimate's error; the casts saturate (and NaN gives 0).
                let t = scale.t_estimate(v).max(0.0);
                let color_idx = scale.index_from(v, (256.0 * t) as i64 as usize);
                pixel.copy_from_slice(&viridis_rgba(color_idx));
                n_below.push(count_levels_from(
                    levels,
                    v,
                    (level_slots * t) as i64 as usize,
                ));
            } else {
                pixel.copy_from_slice(&NO_DATA_RGBA);
                self.n_undefined += 1;
                n_below.push(UNDEFINED);
            }
        }
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
