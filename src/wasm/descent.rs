//! `Descent`: a gradient descent in progress, the `step` of the product's design.

use wasm_bindgen::prelude::*;

use super::landscape::JsLandscape;
use super::{finite, to_js};
use crate::descent::{self, Status};
use crate::optim;

/// A gradient descent in progress on a landscape: the `step` of the product's design.
#[wasm_bindgen(js_name = Descent)]
pub struct JsDescent {
    pub(crate) inner: descent::Descent,
}

pub(super) fn status_name(status: Status) -> &'static str {
    match status {
        Status::Running => "running",
        Status::Converged { .. } => "converged",
        Status::Diverged { .. } => "diverged",
        Status::Unbounded { .. } => "unbounded",
        Status::StepLimit { .. } => "limit",
    }
}

#[wasm_bindgen(js_class = Descent)]
impl JsDescent {
    /// Starts a descent at (x0, y0) with an optimizer ("sgd", ...) and its hyperparameters
    /// (`{ lr: 0.01 }`; missing ones take PyTorch's defaults).
    #[wasm_bindgen(constructor)]
    pub fn new(
        landscape: &JsLandscape,
        optimizer: &str,
        hyper: JsValue,
        x0: f64,
        y0: f64,
    ) -> Result<JsDescent, JsError> {
        let hyper = super::hyper_from(&hyper)?;
        let opt =
            optim::build::<f64>(optimizer, &hyper).map_err(|e| JsError::new(&e.to_string()))?;
        let start = [finite("x0", x0)?, finite("y0", y0)?];
        descent::Descent::new(landscape.inner.clone(), opt, start)
            .map(|inner| JsDescent { inner })
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// One step; returns the status ("running", "converged", "diverged", "unbounded", "limit").
    pub fn step(&mut self) -> String {
        status_name(self.inner.step()).to_string()
    }

    /// Up to `n` steps (fewer if the descent stops); returns the status. Throws, taking no
    /// step, when the steps would be too much work for one call (see `budget::MAX_POINT_WORK`).
    pub fn run(&mut self, n: f64) -> Result<String, JsError> {
        let n = steps_within_budget(&self.inner, n)?;
        Ok(status_name(self.inner.run(n)).to_string())
    }

    /// The status: "running", "converged", "diverged", "unbounded" or "limit".
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> String {
        status_name(self.inner.status()).to_string()
    }

    /// Why the descent stopped, in words ("diverged at step 41: ..."); undefined while running.
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
        self.inner.point()[0]
    }

    /// The current y.
    #[wasm_bindgen(getter)]
    pub fn y(&self) -> f64 {
        self.inner.point()[1]
    }

    /// f at the current point.
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> f64 {
        self.inner.value()
    }

    /// ∇f at the current point, `[∂f/∂x, ∂f/∂y]`.
    pub fn gradient(&self) -> Vec<f64> {
        self.inner.gradient().to_vec()
    }

    /// The learning rate η.
    #[wasm_bindgen(getter, js_name = learningRate)]
    pub fn learning_rate(&self) -> f64 {
        self.inner.optimizer().learning_rate()
    }

    /// Changes η (positive and finite), keeping the path and the optimizer's state.
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<(), JsError> {
        let lr = optim::check_learning_rate(lr).map_err(|e| JsError::new(&e.to_string()))?;
        self.inner.optimizer_mut().set_learning_rate(lr);
        Ok(())
    }

    /// Back to step 0 at (x0, y0), with the optimizer's state cleared.
    pub fn reset(&mut self, x0: f64, y0: f64) -> Result<(), JsError> {
        let start = [finite("x0", x0)?, finite("y0", y0)?];
        self.inner
            .reset(start)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// The path points from index `k` on, flattened `[x_k, y_k, x_k+1, y_k+1, ...]`, so the page
    /// copies only what is new each frame.
    #[wasm_bindgen(js_name = pathSince)]
    pub fn path_since(&self, k: u32) -> Vec<f64> {
        let path = self.inner.path();
        let from = (k as usize).min(path.len());
        path[from..].iter().flatten().copied().collect()
    }

    /// f at the path points from index `k` on.
    #[wasm_bindgen(js_name = valuesSince)]
    pub fn values_since(&self, k: u32) -> Vec<f64> {
        let values = self.inner.values();
        values[(k as usize).min(values.len())..].to_vec()
    }

    /// The optimizer's inner state at the current point: `{ velocity, stepScale }` (each an
    /// array or undefined).
    pub fn inner(&self) -> Result<JsValue, JsError> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct InnerJs {
            velocity: Option<Vec<f64>>,
            step_scale: Option<Vec<f64>>,
        }
        let inner = self.inner.optimizer().inner();
        to_js(&InnerJs {
            velocity: inner.velocity,
            step_scale: inner.step_scale,
        })
    }
}

/// `n` (a JS number) as a count of steps of `d`, checked: a whole number, and no more work for
/// one call than the budget allows. Steps past the step limit, or after the descent stopped,
/// are never taken, so they cost nothing.
pub(super) fn steps_within_budget(d: &descent::Descent, n: f64) -> Result<usize, JsError> {
    let n = super::count("the number of steps", n, 0, u32::MAX)?;
    let room = if d.status().is_running() {
        descent::STEP_LIMIT.saturating_sub(d.steps())
    } else {
        0
    };
    crate::budget::steps(d.landscape(), n.min(room) as f64, 1).map_err(super::too_much)?;
    Ok(n)
}
