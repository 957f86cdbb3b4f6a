//! The one door to JavaScript: every `#[wasm_bindgen]` export lives here.
//!
//! Handles (`Landscape`, `Descent`, `Heatmap`) keep long-lived state in wasm memory; calls take
//! scalars or small arrays and return small results. Every fallible call returns
//! `Result<_, JsError>` with a message a learner can act on; nothing here unwraps or panics on
//! anything a caller passes in.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::descent::{self, Status};
use crate::landscape;
use crate::optim;
use crate::render;

/// The crate version, so the page can show which build it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Runs once when the module is instantiated: a panic (a bug, never a learner's input) is
/// reported on the console before the instance traps, so the page's recovery has a cause to show.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!(
            "Downhill core panicked: {info}"
        )));
    }));
}

/// Executes a WebAssembly `unreachable` on purpose, so tests can check that the page survives a
/// trap by re-creating the module. Never called by the page itself.
#[wasm_bindgen(js_name = trapForTests)]
pub fn trap_for_tests() {
    core::arch::wasm32::unreachable()
}

fn finite(name: &str, v: f64) -> Result<f64, JsError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(JsError::new(&format!(
            "{name} must be a finite number (got {v})"
        )))
    }
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Maps (not plain objects) would surprise JS callers: serialise structs as objects.
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value
        .serialize(&ser)
        .map_err(|e| JsError::new(&format!("internal: could not convert a result ({e})")))
}

// ---- Landscape ------------------------------------------------------------------------------

#[derive(serde::Serialize)]
struct ParamInfo {
    name: &'static str,
    label: &'static str,
    default: f64,
    min: f64,
    max: f64,
}

#[derive(serde::Serialize)]
struct BuiltinInfo {
    name: &'static str,
    title: &'static str,
    formula: &'static str,
    params: Vec<ParamInfo>,
    start: [f64; 2],
    rate: f64,
}

/// A 2-D objective f(x, y): one of the built-ins, with its parameters.
#[wasm_bindgen(js_name = Landscape)]
pub struct JsLandscape {
    inner: landscape::Landscape,
}

#[wasm_bindgen(js_class = Landscape)]
impl JsLandscape {
    /// The built-in landscapes: `[{ name, title, formula, params: [{ name, label, default, min,
    /// max }], start: [x, y], rate }]` (rate: a learning rate that suits plain descent from start).
    pub fn catalog() -> Result<JsValue, JsError> {
        let list: Vec<BuiltinInfo> = landscape::builtins()
            .iter()
            .map(|b| BuiltinInfo {
                name: b.name,
                title: b.title,
                formula: b.formula,
                params: b
                    .params
                    .iter()
                    .map(|p| ParamInfo {
                        name: p.name,
                        label: p.label,
                        default: p.default,
                        min: p.min,
                        max: p.max,
                    })
                    .collect(),
                start: b.start(),
                rate: b.rate(),
            })
            .collect();
        to_js(&list)
    }

    /// The names of the built-in landscapes, in display order.
    pub fn names() -> Vec<String> {
        landscape::builtins()
            .iter()
            .map(|b| b.name.to_string())
            .collect()
    }

    /// A built-in landscape by name, with optional parameters `{ condition: 10 }`.
    pub fn builtin(name: &str, params: JsValue) -> Result<JsLandscape, JsError> {
        let pairs: Vec<(String, f64)> = if params.is_undefined() || params.is_null() {
            Vec::new()
        } else {
            let map: std::collections::BTreeMap<String, f64> =
                serde_wasm_bindgen::from_value(params).map_err(|_| {
                    JsError::new(
                        "landscape parameters must be an object of numbers, like { condition: 10 }",
                    )
                })?;
            map.into_iter().collect()
        };
        let refs: Vec<(&str, f64)> = pairs.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        landscape::Landscape::builtin(name, &refs)
            .map(|inner| JsLandscape { inner })
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// The landscape's short name ("rosenbrock").
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name().to_string()
    }

    /// The landscape's title ("Rosenbrock's valley").
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title().to_string()
    }

    /// The formula, with parameter values written in.
    #[wasm_bindgen(getter)]
    pub fn formula(&self) -> String {
        self.inner.formula()
    }

    /// The parameters as an object `{ condition: 10 }`.
    pub fn params(&self) -> Result<JsValue, JsError> {
        let map: std::collections::BTreeMap<&str, f64> = self.inner.params().into_iter().collect();
        to_js(&map)
    }

    /// f(x, y). NaN where f is undefined.
    pub fn value(&self, x: f64, y: f64) -> f64 {
        self.inner.value(x, y)
    }

    /// The gradient ∇f(x, y) = [∂f/∂x, ∂f/∂y].
    pub fn gradient(&self, x: f64, y: f64) -> Vec<f64> {
        self.inner.gradient(x, y).to_vec()
    }

    /// The usual view window `[xmin, xmax, ymin, ymax]`.
    pub fn window(&self) -> Vec<f64> {
        let w = self.inner.window();
        vec![w.x_min, w.x_max, w.y_min, w.y_max]
    }

    /// The minima in the usual window, flattened `[x0, y0, x1, y1, ...]`.
    pub fn minima(&self) -> Vec<f64> {
        self.inner.minima().into_iter().flatten().collect()
    }

    /// A good start point `[x, y]` for a first descent.
    pub fn start(&self) -> Vec<f64> {
        self.inner.start().to_vec()
    }

    /// A learning rate that suits plain gradient descent from `start()`.
    #[wasm_bindgen(getter, js_name = suggestedRate)]
    pub fn suggested_rate(&self) -> f64 {
        self.inner.suggested_rate()
    }

    /// False where f has no lower bound (the saddle): descent can fall forever.
    #[wasm_bindgen(getter, js_name = boundedBelow)]
    pub fn bounded_below(&self) -> bool {
        self.inner.bounded_below()
    }
}

// ---- Descent --------------------------------------------------------------------------------

/// A gradient descent in progress on a landscape: the `step` of the product's design.
#[wasm_bindgen(js_name = Descent)]
pub struct JsDescent {
    inner: descent::Descent,
}

fn status_name(status: Status) -> &'static str {
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
        let hyper: optim::Hyper = if hyper.is_undefined() || hyper.is_null() {
            optim::Hyper::default()
        } else {
            serde_wasm_bindgen::from_value(hyper).map_err(|e| {
                JsError::new(&format!(
                    "optimizer settings must be an object like {{ lr: 0.01 }} ({e})"
                ))
            })?
        };
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

    /// Up to `n` steps (fewer if the descent stops); returns the status.
    pub fn run(&mut self, n: u32) -> String {
        status_name(self.inner.run(n as usize)).to_string()
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

// ---- Heatmap --------------------------------------------------------------------------------

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
    /// `levels` contour lines.
    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &mut self,
        landscape: &JsLandscape,
        x_min: f64,
        x_max: f64,
        y_min: f64,
        y_max: f64,
        width: u32,
        height: u32,
        levels: u32,
    ) -> Result<(), JsError> {
        let view = render::View {
            x_min,
            x_max,
            y_min,
            y_max,
            width: width as usize,
            height: height as usize,
        };
        view.validate().map_err(|e| JsError::new(&e.to_string()))?;
        let f = &landscape.inner;
        self.inner
            .render(|x, y| f.value(x, y), &view, (levels as usize).min(64))
            .map_err(|e| JsError::new(&e.to_string()))
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

// ---- small helpers for drawing ------------------------------------------------------------

/// The colour map as 256 RGBA colours from low to high (1,024 bytes).
#[wasm_bindgen(js_name = colormapStrip)]
pub fn colormap_strip() -> Vec<u8> {
    (0..256)
        .flat_map(|k| render::colormap_rgba((k as f64 + 0.5) / 256.0))
        .collect()
}

/// Round tick positions (1-2-5 steps) covering [min, max], at most about `max_count` of them.
#[wasm_bindgen(js_name = niceTicks)]
pub fn nice_ticks(min: f64, max: f64, max_count: u32) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite() && min < max) {
        return Vec::new();
    }
    render::nice_ticks(min, max, (max_count as usize).clamp(1, 50))
}

/// A short label for a tick at `v` among ticks `step` apart.
#[wasm_bindgen(js_name = formatTick)]
pub fn format_tick(v: f64, step: f64) -> String {
    render::format_tick(v, step)
}

/// Draws the loss-against-step chart of `descent` into `canvas` with plotters, in the light or
/// dark palette, with text scaled by the device pixel ratio `scale`.
#[wasm_bindgen(js_name = drawLossChart)]
pub fn draw_loss_chart(
    canvas: HtmlCanvasElement,
    descent: &JsDescent,
    dark: bool,
    scale: f64,
) -> Result<(), JsError> {
    let backend = plotters_canvas::CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| JsError::new("the loss chart's canvas has no 2-D context"))?;
    let root = plotters::prelude::IntoDrawingArea::into_drawing_area(backend);
    let mut style = if dark {
        render::ChartStyle::dark()
    } else {
        render::ChartStyle::light()
    };
    if scale.is_finite() && scale > 0.0 {
        style.font_px = ((style.font_px as f64) * scale.min(4.0)).round() as u32;
    }
    let series = [render::Series {
        label: "gradient descent",
        color: style.foreground,
        values: descent.inner.values(),
    }];
    render::loss_chart(root, &series, &style).map_err(|e| JsError::new(&e.to_string()))
}
