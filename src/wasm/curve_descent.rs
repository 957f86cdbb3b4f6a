//! `CurveDescent`: gradient descent in one dimension, x ← x − η f′(x), on a typed `Curve`.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::descent::{status_name, steps_within_budget};
use super::expr::JsCurve;
use super::finite;
use crate::descent1d::CurveDescent;
use crate::{optim, render};

fn js_error(err: impl core::fmt::Display) -> JsError {
    JsError::new(&err.to_string())
}

/// A 1-D gradient descent in progress on a curve: the same stopping rules and messages as
/// `Descent`, and the same iterates as `new Descent(Landscape.parse(text), "sgd", { lr }, x0, 0)`.
#[wasm_bindgen(js_name = CurveDescent)]
pub struct JsCurveDescent {
    inner: CurveDescent,
}

#[wasm_bindgen(js_class = CurveDescent)]
impl JsCurveDescent {
    /// Starts at `x0` on `curve` with learning rate `lr` (positive and finite).
    #[wasm_bindgen(constructor)]
    pub fn new(curve: &JsCurve, lr: f64, x0: f64) -> Result<JsCurveDescent, JsError> {
        CurveDescent::new(&curve.inner, lr, finite("x0", x0)?)
            .map(|inner| JsCurveDescent { inner })
            .map_err(js_error)
    }

    /// One step; returns the status ("running", "converged", "diverged", "unbounded", "limit").
    pub fn step(&mut self) -> String {
        status_name(self.inner.step()).to_string()
    }

    /// Up to `n` steps (fewer if the descent stops); returns the status. Throws, taking no
    /// step, when the steps would be too much work for one call, as `Descent.run` does.
    pub fn run(&mut self, n: f64) -> Result<String, JsError> {
        let n = steps_within_budget(self.inner.descent(), n)?;
        Ok(status_name(self.inner.run(n)).to_string())
    }

    /// The status: "running", "converged", "diverged", "unbounded" or "limit".
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> String {
        status_name(self.inner.status()).to_string()
    }

    /// Why the descent stopped, in words; undefined while running.
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> Option<String> {
        self.inner.message()
    }

    /// Steps taken, k.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> u32 {
        self.inner.steps() as u32
    }

    /// The current x.
    #[wasm_bindgen(getter)]
    pub fn x(&self) -> f64 {
        self.inner.x()
    }

    /// f at the current x.
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> f64 {
        self.inner.value()
    }

    /// The slope f′ at the current x.
    #[wasm_bindgen(getter)]
    pub fn slope(&self) -> f64 {
        self.inner.slope()
    }

    /// The learning rate η.
    #[wasm_bindgen(getter, js_name = learningRate)]
    pub fn learning_rate(&self) -> f64 {
        self.inner.learning_rate()
    }

    /// Changes η (positive and finite), keeping the path.
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<(), JsError> {
        let lr = optim::check_learning_rate(lr).map_err(js_error)?;
        self.inner.set_learning_rate(lr);
        Ok(())
    }

    /// Back to step 0 at `x0`.
    pub fn reset(&mut self, x0: f64) -> Result<(), JsError> {
        self.inner.reset(finite("x0", x0)?).map_err(js_error)
    }

    /// The iterates from index `k` on, `[x_k, x_k+1, ...]`, so the page copies only what is new.
    #[wasm_bindgen(js_name = pathSince)]
    pub fn path_since(&self, k: u32) -> Vec<f64> {
        self.inner.xs().skip(k as usize).collect()
    }

    /// f at the iterates from index `k` on.
    #[wasm_bindgen(js_name = valuesSince)]
    pub fn values_since(&self, k: u32) -> Vec<f64> {
        let values = self.inner.values();
        values[(k as usize).min(values.len())..].to_vec()
    }
}

/// Draws the loss-against-step chart of a `CurveDescent` into `canvas`, as `drawLossChart`
/// does for a `Descent`.
#[wasm_bindgen(js_name = drawCurveLossChart)]
pub fn draw_curve_loss_chart(
    canvas: HtmlCanvasElement,
    descent: &JsCurveDescent,
    dark: bool,
    scale: f64,
) -> Result<(), JsError> {
    let (mut backend, style) = super::chart::page_chart(canvas, dark, scale)?;
    let series = [render::Series {
        label: "gradient descent",
        color: style.foreground,
        values: descent.inner.values(),
    }];
    render::loss_chart(&mut backend, &series, &style).map_err(js_error)
}
