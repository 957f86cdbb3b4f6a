//! Benchmark-only exports (cargo feature `bench`): the W1–W3 workloads of
//! `bench/WORKLOADS.md` over the playground's own kernels, for `bench/adapter.mjs`.
//! The playground's wasm is built without this feature and never carries them.

use wasm_bindgen::prelude::*;

use super::finite;
use crate::bench::{self, LandscapeGrid, MlpSession};
use crate::landscape::Landscape;
use crate::render::{Palette, View};

/// A W1 network in training (f32 or f64), on data copied in once.
#[wasm_bindgen(js_name = BenchMlp)]
pub struct JsBenchMlp {
    session: Session,
}

enum Session {
    F32(MlpSession<f32>),
    F64(MlpSession<f64>),
}

fn js_error(err: impl std::fmt::Display) -> JsError {
    JsError::new(&err.to_string())
}

#[wasm_bindgen(js_class = BenchMlp)]
impl JsBenchMlp {
    /// A network n_inputs → h1 → h2 → 1 (tanh) in `dtype` ("f32" or "f64"), starting from
    /// `params` (W1, b1, W2, b2, W3, b3; W row-major [in][out]), on `x` (row-major) and `y`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        dtype: &str,
        n_inputs: u32,
        h1: u32,
        h2: u32,
        x: &[f32],
        y: &[f32],
        params: &[f32],
    ) -> Result<JsBenchMlp, JsError> {
        let hidden = [h1 as usize, h2 as usize];
        let n_inputs = n_inputs as usize;
        let session = match dtype {
            "f32" => {
                Session::F32(MlpSession::new(n_inputs, &hidden, x, y, params).map_err(js_error)?)
            }
            "f64" => {
                Session::F64(MlpSession::new(n_inputs, &hidden, x, y, params).map_err(js_error)?)
            }
            other => {
                return Err(JsError::new(&format!(
                    "dtype must be \"f32\" or \"f64\" (got {other:?})"
                )))
            }
        };
        Ok(JsBenchMlp { session })
    }

    /// One epoch in the order `perm`, mini-batches of `batch`, plain SGD with rate `lr`;
    /// returns the epoch's mean training loss.
    pub fn epoch(&mut self, perm: &[u32], lr: f64, batch: u32) -> Result<f64, JsError> {
        let lr = finite("lr", lr)?;
        let batch = batch as usize;
        match &mut self.session {
            Session::F32(s) => s.epoch(perm, lr, batch),
            Session::F64(s) => s.epoch(perm, lr, batch),
        }
        .map_err(js_error)
    }

    /// The mean squared error over every row.
    pub fn mse(&mut self) -> Result<f64, JsError> {
        match &mut self.session {
            Session::F32(s) => s.mse(),
            Session::F64(s) => s.mse(),
        }
        .map_err(js_error)
    }
}

/// W2: Rosenbrock's f and ∇f on a pixel grid, coloured on W2's log scale through a given table;
/// the buffers stay in wasm memory and are read through views.
#[wasm_bindgen(js_name = BenchGrid)]
pub struct JsBenchGrid {
    grid: LandscapeGrid,
    landscape: Landscape,
    palette: Palette,
}

#[wasm_bindgen(js_class = BenchGrid)]
impl JsBenchGrid {
    /// A grid renderer for the built-in landscape `name` with the colour table `lut`
    /// (1,024 bytes, RGBA per colour).
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str, lut: &[u8]) -> Result<JsBenchGrid, JsError> {
        Ok(JsBenchGrid {
            grid: LandscapeGrid::new(),
            landscape: Landscape::builtin(name, &[]).map_err(js_error)?,
            palette: Palette::from_rgba(lut).map_err(js_error)?,
        })
    }

    /// f, ∇f and the picture over [xmin, xmax] × [ymin, ymax] at w × h pixel centres;
    /// returns f_max.
    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &mut self,
        w: u32,
        h: u32,
        x_min: f64,
        x_max: f64,
        y_min: f64,
        y_max: f64,
    ) -> Result<f64, JsError> {
        let view = View {
            x_min,
            x_max,
            y_min,
            y_max,
            width: w as usize,
            height: h as usize,
        };
        self.grid
            .render(&self.landscape, &view, &self.palette)
            .map_err(js_error)
    }

    /// f at each pixel centre: a view into wasm memory, valid until the next call.
    pub fn f(&self) -> js_sys::Float32Array {
        // SAFETY: the view aliases a buffer owned by `self`; it stays valid until wasm memory
        // grows or the buffer is re-allocated, i.e. until the next call into the core.
        unsafe { js_sys::Float32Array::view(self.grid.values()) }
    }

    /// ∂f/∂x at each pixel centre: a view, valid until the next call.
    pub fn gx(&self) -> js_sys::Float32Array {
        // SAFETY: as for `f`.
        unsafe { js_sys::Float32Array::view(self.grid.gradient_x()) }
    }

    /// ∂f/∂y at each pixel centre: a view, valid until the next call.
    pub fn gy(&self) -> js_sys::Float32Array {
        // SAFETY: as for `f`.
        unsafe { js_sys::Float32Array::view(self.grid.gradient_y()) }
    }

    /// The picture, 4 bytes per pixel: a view, valid until the next call.
    pub fn rgba(&self) -> js_sys::Uint8Array {
        // SAFETY: as for `f`.
        unsafe { js_sys::Uint8Array::view(self.grid.rgba()) }
    }
}

/// W3: `steps` steps of the optimizer `name` on Rosenbrock from (x0, y0) with rate `lr`;
/// returns the final point `[x, y]`.
#[wasm_bindgen(js_name = benchOptimizer)]
pub fn bench_optimizer(
    name: &str,
    lr: f64,
    steps: u32,
    x0: f64,
    y0: f64,
) -> Result<Vec<f64>, JsError> {
    let start = [finite("x0", x0)?, finite("y0", y0)?];
    bench::run_optimizer(name, lr, steps as usize, start)
        .map(|point| point.to_vec())
        .map_err(js_error)
}
