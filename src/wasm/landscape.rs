//! `Landscape`: a 2-D objective f(x, y) for JavaScript.

use wasm_bindgen::prelude::*;

use super::to_js;
use crate::landscape;

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
    pub(crate) inner: landscape::Landscape,
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
