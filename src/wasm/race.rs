//! `Race`: several optimizers on one landscape from one start, and the learning-rate sweep.

use std::cell::{Ref, RefCell, RefMut};

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::landscape::JsLandscape;
use super::{finite, to_js};
use crate::descent::{Status, STEP_LIMIT};
use crate::optim;
use crate::race::{self, GradientNoise};
use crate::render;

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Running => "running",
        Status::Converged { .. } => "converged",
        Status::Diverged { .. } => "diverged",
        Status::Unbounded { .. } => "unbounded",
        Status::StepLimit { .. } => "limit",
    }
}

fn to_js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Several gradient descents on one landscape from one start point, one optimizer each,
/// stepping together (see the README's JavaScript API).
///
/// Every method takes `&self`, the race sitting in a `RefCell` that is borrowed only while no
/// JavaScript runs: wasm-bindgen borrows a handle for the whole call, and `add` reads a
/// caller's settings object, whose getters may call back into this race (`race.run(1)`); with
/// `&mut self` that call would fail as "recursive use of an object".
#[wasm_bindgen(js_name = Race)]
pub struct JsRace {
    inner: RefCell<race::Race>,
}

#[wasm_bindgen(js_class = Race)]
impl JsRace {
    /// An empty race on `landscape` from (x0, y0).
    #[wasm_bindgen(constructor)]
    pub fn new(landscape: &JsLandscape, x0: f64, y0: f64) -> Result<JsRace, JsError> {
        let start = [finite("x0", x0)?, finite("y0", y0)?];
        race::Race::new(landscape.inner.clone(), start)
            .map(|inner| JsRace {
                inner: RefCell::new(inner),
            })
            .map_err(to_js_error)
    }

    /// Stochastic mode: every runner sees ∇f + σ·ε with the same seeded noise ε ~ N(0, I);
    /// σ = 0 turns it off. Only before the first step.
    #[wasm_bindgen(js_name = setNoise)]
    pub fn set_noise(&self, sigma: f64, seed: u32) -> Result<(), JsError> {
        self.race_mut()?
            .set_noise(GradientNoise {
                sigma,
                seed: u64::from(seed),
            })
            .map_err(to_js_error)
    }

    /// Adds a runner: an optimizer name ("sgd", "momentum", "nesterov", "adagrad", "rmsprop",
    /// "adam", "adamw") and its hyperparameters (`{ lr: 0.01 }`; missing ones take their
    /// defaults). Returns its index; throws with words on a bad value or a full race (7).
    pub fn add(&self, optimizer: &str, hyper: JsValue) -> Result<u32, JsError> {
        // Read first, through calls that catch, while the race is not borrowed.
        let hyper = super::hyper_from(&hyper)?;
        self.race_mut()?
            .add(optimizer, &hyper)
            .map(|idx| idx as u32)
            .map_err(to_js_error)
    }

    /// Every runner takes up to `n` more steps (stopped ones stay put); returns how many are
    /// still running. Throws, taking no step, when the steps of all running runners would be
    /// too much work for one call (see `budget::MAX_POINT_WORK`).
    pub fn run(&self, n: f64) -> Result<u32, JsError> {
        let n = super::count("the number of steps", n, 0, u32::MAX)?;
        let mut race = self.race_mut()?;
        let steps: usize = race
            .runners()
            .iter()
            .filter(|r| r.descent().status().is_running())
            .map(|r| n.min(STEP_LIMIT.saturating_sub(r.descent().steps())))
            .sum();
        let lanes = race.n_running();
        crate::budget::steps(race.landscape(), steps as f64 / lanes.max(1) as f64, lanes)
            .map_err(super::too_much)?;
        Ok(race.step_all(n) as u32)
    }

    /// The number of runners.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.borrow().runners().len() as u32
    }

    /// How many runners can still take steps.
    #[wasm_bindgen(getter)]
    pub fn running(&self) -> u32 {
        self.inner.borrow().n_running() as u32
    }

    /// Runner i's status: "running", "converged", "diverged", "unbounded" or "limit".
    pub fn status(&self, i: u32) -> Result<String, JsError> {
        Ok(status_name(self.runner(i)?.descent().status()).to_string())
    }

    /// Why runner i stopped, in words ("diverged at step 41: ..."); undefined while running.
    pub fn message(&self, i: u32) -> Result<Option<String>, JsError> {
        Ok(self.runner(i)?.descent().message())
    }

    /// The step at which runner i stopped (converged, diverged, ran away downhill, or hit the
    /// step limit); undefined while it runs.
    #[wasm_bindgen(js_name = stoppedAt)]
    pub fn stopped_at(&self, i: u32) -> Result<Option<u32>, JsError> {
        Ok(match self.runner(i)?.descent().status() {
            Status::Running => None,
            Status::Converged { step }
            | Status::Diverged { step }
            | Status::Unbounded { step }
            | Status::StepLimit { step } => Some(step as u32),
        })
    }

    /// Runner i's recorded steps k.
    pub fn steps(&self, i: u32) -> Result<u32, JsError> {
        Ok(self.runner(i)?.descent().steps() as u32)
    }

    /// f at runner i's current point.
    pub fn value(&self, i: u32) -> Result<f64, JsError> {
        Ok(self.runner(i)?.descent().value())
    }

    /// Runner i's current point `[x, y]`.
    pub fn point(&self, i: u32) -> Result<Vec<f64>, JsError> {
        Ok(self.runner(i)?.descent().point().to_vec())
    }

    /// ∇f at runner i's current point, `[∂f/∂x, ∂f/∂y]` (without noise).
    pub fn gradient(&self, i: u32) -> Result<Vec<f64>, JsError> {
        Ok(self.runner(i)?.descent().gradient().to_vec())
    }

    /// The first step k at which runner i came within 1e-3 (Euclidean) of a listed minimum;
    /// undefined if it has not (yet).
    #[wasm_bindgen(js_name = firstNear)]
    pub fn first_near(&self, i: u32) -> Result<Option<u32>, JsError> {
        Ok(self.runner(i)?.first_near().map(|k| k as u32))
    }

    /// Runner i's path from index `k` on, flattened `[x_k, y_k, x_k+1, y_k+1, ...]`.
    #[wasm_bindgen(js_name = pathSince)]
    pub fn path_since(&self, i: u32, k: u32) -> Result<Vec<f64>, JsError> {
        let runner = self.runner(i)?;
        let path = runner.descent().path();
        let from = (k as usize).min(path.len());
        Ok(path[from..].iter().flatten().copied().collect())
    }

    /// Runner i's optimizer name ("adam").
    pub fn optimizer(&self, i: u32) -> Result<String, JsError> {
        Ok(self.runner(i)?.descent().optimizer().name().to_string())
    }

    /// Runner i's hyperparameters, every field its optimizer uses filled in.
    pub fn hyper(&self, i: u32) -> Result<JsValue, JsError> {
        to_js(&optim::hyper_of(self.runner(i)?.descent().optimizer()))
    }

    /// "Adam, η = 0.01": runner i's name for legends.
    pub fn label(&self, i: u32) -> Result<String, JsError> {
        Ok(self.runner(i)?.label())
    }

    /// Runner i's colour, `"#rrggbb"` (Okabe–Ito).
    pub fn color(&self, i: u32) -> Result<String, JsError> {
        Ok(hex(race::RUNNER_COLORS[self.runner(i)?.color_idx()]))
    }

    /// Runner i's optimizer state at its current point: `{ velocity, stepScale }`, each
    /// `[x, y]` or undefined. velocity: the momentum buffer b (momentum, nesterov) or Adam's
    /// first moment m; stepScale: the factor each coordinate's direction was multiplied by in the
    /// last step (γ for SGD, γ/(√v + ε) for the adaptive methods).
    pub fn inner(&self, i: u32) -> Result<JsValue, JsError> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct InnerJs {
            velocity: Option<Vec<f64>>,
            step_scale: Option<Vec<f64>>,
        }
        let inner = self.runner(i)?.descent().optimizer().inner();
        to_js(&InnerJs {
            velocity: inner.velocity,
            step_scale: inner.step_scale,
        })
    }
}

impl JsRace {
    /// Runner i, borrowed from the race.
    fn runner(&self, i: u32) -> Result<Ref<'_, race::Runner>, JsError> {
        let race = self.inner.borrow();
        race.runner(i as usize).map_err(to_js_error)?;
        Ref::filter_map(race, |race| race.runner(i as usize).ok())
            .map_err(|_| JsError::new("internal: a runner vanished"))
    }

    /// The race, to change; refused (never a panic) if a call into it is already under way,
    /// as when a chart's canvas calls back into the race it draws.
    fn race_mut(&self) -> Result<RefMut<'_, race::Race>, JsError> {
        self.inner
            .try_borrow_mut()
            .map_err(|_| JsError::new("the race is busy with another call; try again after it"))
    }
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The runners' colours in order (Okabe–Ito: orange, sky blue, bluish green, vermillion, blue,
/// reddish purple, yellow), as `"#rrggbb"`.
#[wasm_bindgen(js_name = raceColors)]
pub fn race_colors() -> Vec<String> {
    race::RUNNER_COLORS.iter().copied().map(hex).collect()
}

/// The optimizers: `[{ name, title, summary, defaults: { lr, momentum?, alpha?, beta1?, beta2?,
/// eps?, weightDecay? }, hyper: [{ key, symbol, label, default, min, max, scale, meaning }] }]`;
/// `defaults` and `hyper` hold exactly the fields the optimizer uses (`hyper` in order, lr
/// first; `scale` is "log" or "linear").
#[wasm_bindgen(js_name = optimizerCatalog)]
pub fn optimizer_catalog() -> Result<JsValue, JsError> {
    to_js(&optim::catalog())
}

/// `n` learning rates evenly spaced on a log axis from `lrMin` to `lrMax`, both included.
#[wasm_bindgen(js_name = lrRates)]
pub fn lr_rates(lr_min: f64, lr_max: f64, n: f64) -> Result<Vec<f64>, JsError> {
    let n = super::count("the number of learning rates", n, 0, 1000)?;
    race::log_rates(lr_min, lr_max, n).map_err(to_js_error)
}

/// For each learning rate in `lrs`: `nSteps` steps of `optimizer` (with `hyper`, its lr
/// replaced) from (x0, y0), optionally with gradient noise σ = `noise` seeded by `seed`.
/// Returns `Float64Array` triples `[lr, final loss, diverged at step (0: did not diverge), ...]`.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = lrSweep)]
pub fn lr_sweep(
    landscape: &JsLandscape,
    optimizer: &str,
    hyper: JsValue,
    x0: f64,
    y0: f64,
    lrs: &[f64],
    n_steps: f64,
    noise: Option<f64>,
    seed: Option<u32>,
) -> Result<Vec<f64>, JsError> {
    let hyper = super::hyper_from(&hyper)?;
    let start = [finite("x0", x0)?, finite("y0", y0)?];
    let n_steps = super::count("the number of steps", n_steps, 0, u32::MAX)?;
    let n_steps = n_steps.min(STEP_LIMIT);
    // One more step's worth per rate: each builds its own descent, even for 0 steps.
    crate::budget::steps(&landscape.inner, n_steps as f64 + 1.0, lrs.len())
        .map_err(super::too_much)?;
    let noise = GradientNoise {
        sigma: noise.unwrap_or(0.0),
        seed: u64::from(seed.unwrap_or(0)),
    };
    let points = race::lr_sweep(
        &landscape.inner,
        optimizer,
        &hyper,
        start,
        lrs,
        n_steps,
        noise,
    )
    .map_err(to_js_error)?;
    Ok(points
        .iter()
        .flat_map(|p| [p.lr, p.final_loss, p.diverged_at.map_or(0.0, |k| k as f64)])
        .collect())
}

/// Draws every runner's loss against step on one chart with plotters (log y axis when all
/// losses are positive), in the runners' colours, light or dark, text scaled by `scale`.
#[wasm_bindgen(js_name = drawRaceChart)]
pub fn draw_race_chart(
    canvas: HtmlCanvasElement,
    race: &JsRace,
    dark: bool,
    scale: f64,
) -> Result<(), JsError> {
    let (mut backend, style) = super::chart::page_chart(canvas, dark, scale)?;
    let race = race
        .inner
        .try_borrow()
        .map_err(|_| JsError::new("the race is busy with another call; try again after it"))?;
    let runners = race.runners();
    let labels: Vec<String> = runners.iter().map(|r| r.label()).collect();
    let series: Vec<render::Series> = runners
        .iter()
        .zip(&labels)
        .map(|(r, label)| {
            let [red, green, blue] = race::RUNNER_COLORS[r.color_idx()];
            render::Series {
                label,
                color: plotters::style::RGBColor(red, green, blue),
                values: r.descent().values(),
            }
        })
        .collect();
    render::loss_chart(&mut backend, &series, &style).map_err(to_js_error)
}
