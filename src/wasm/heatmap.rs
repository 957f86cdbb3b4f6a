//! `Heatmap`: a landscape's picture (pixels, contours, legend) kept in wasm memory.

use wasm_bindgen::prelude::*;

use super::landscape::JsLandscape;
use crate::render;

/// A rendered picture of a landscape: RGBA pixels, contour segments and the colour legend,
/// kept in wasm memory and re-used between renders.
#[wasm_bindgen(js_name = Heatmap)]
pub struct JsHeatmap {
    inner: render::Heatmap,
}

impl Default for JsHeatmap {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen(js_class = Heatmap)]
impl JsHeatmap {
    /// An empty picture.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsHeatmap {
        JsHeatmap {
            inner: render::Heatmap::new(),
        }
    }

    /// Renders `landscape` over [xmin, xmax] × [ymin, ymax] at width × height pixels with
    /// `levels` contour lines (at most 64 are drawn). Throws when the picture would be too much
    /// work for one call (pixels × the function's nodes, see `budget::MAX_GRID_WORK`).
    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &mut self,
        landscape: &JsLandscape,
        x_min: f64,
        x_max: f64,
        y_min: f64,
        y_max: f64,
        width: f64,
        height: f64,
        levels: f64,
    ) -> Result<(), JsError> {
        let max_side = render::MAX_SIDE as u32;
        let view = render::View {
            x_min,
            x_max,
            y_min,
            y_max,
            width: super::count("the picture's width", width, 1, max_side)?,
            height: super::count("the picture's height", height, 1, max_side)?,
        };
        view.validate().map_err(|e| JsError::new(&e.to_string()))?;
        let f = &landscape.inner;
        crate::budget::pixels(f, (view.width * view.height) as f64).map_err(super::too_much)?;
        let n_levels = super::count("the number of contour levels", levels, 0, u32::MAX)?.min(64);
        // Whole rows at once: a builtin's inlined row loop, a typed surface's compiled tape
        // over blocks of pixels (fast enough to re-render on every keystroke).
        let result = self.inner.render_with(&view, n_levels, |view, out| {
            let xs: Vec<f64> = (0..view.width).map(|c| view.x_of_col(c as f64)).collect();
            let ys: Vec<f64> = (0..view.height).map(|r| view.y_of_row(r as f64)).collect();
            f.eval_grid_f64(&xs, &ys, out);
            Ok(())
        });
        result.map_err(|e| JsError::new(&e.to_string()))
    }

    /// The pixels as a view into wasm memory (no copy): wrap it in an `ImageData` and put it
    /// at once, before the next call into the core.
    pub fn rgba(&self) -> js_sys::Uint8ClampedArray {
        // SAFETY: the view aliases `self.inner`'s pixel buffer; it is valid until wasm memory
        // grows or the buffer is re-allocated, i.e. until the next call into the core. The
        // documented contract is to use it immediately.
        unsafe { js_sys::Uint8ClampedArray::view(self.inner.rgba()) }
    }

    /// Contour segments in pixel coordinates `[x1, y1, x2, y2, ...]`.
    pub fn contours(&self) -> Vec<f32> {
        self.inner.contours().to_vec()
    }

    /// The colour bar's ticks, flattened `[value, t, ...]` with t in [0, 1] from the bottom.
    pub fn legend(&self, n_ticks: u32) -> Vec<f64> {
        self.inner
            .legend((n_ticks as usize).min(20))
            .into_iter()
            .flat_map(|t| [t.value, t.t])
            .collect()
    }

    /// True when the colours follow log(1 + f − min) because the values span decades.
    #[wasm_bindgen(getter, js_name = isLog)]
    pub fn is_log(&self) -> bool {
        self.inner.scale().is_log()
    }
}
