//! `Landscape`: a 2-D objective f(x, y) for JavaScript.

use wasm_bindgen::prelude::*;

use super::expr::error_at;
use super::{finite, to_js};
use crate::value::Value;
use crate::{calculus, landscape};

#[derive(serde::Serialize)]
struct ParamInfo {
    name: &'static str,
    label: &'static str,
    symbol: &'static str,
    meaning: &'static str,
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
    /// The built-in landscapes: `[{ name, title, formula, params: [{ name, label, symbol,
    /// meaning, default, min, max }], start: [x, y], rate }]` (rate: a learning rate that suits
    /// plain descent from start).
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
                        symbol: p.symbol,
                        meaning: p.meaning,
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
        let refused = || {
            JsError::new(
                "landscape parameters must be an object of numbers, like { condition: 10 }",
            )
        };
        let pairs: Vec<(String, f64)> = match super::from_js(&params).map_err(|_| refused())? {
            Value::Null => Vec::new(),
            Value::Object(fields) => fields
                .into_iter()
                .map(|(name, v)| match v {
                    Value::Number(x) => Ok((name, x)),
                    _ => Err(refused()),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(refused()),
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
        let object = js_sys::Object::new();
        for (name, value) in self.inner.params() {
            js_sys::Reflect::set(&object, &name.into(), &value.into())
                .map_err(|_| JsError::new("internal: could not write the parameters"))?;
        }
        Ok(object.into())
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
    /// A surface the learner typed, f(x, y) ("x^2 + 3*y^2"), named "custom". Throws an `Error`
    /// whose `column` property is the 0-based character position of a typing mistake.
    pub fn parse(text: &str) -> Result<JsLandscape, JsValue> {
        landscape::Landscape::parse(text)
            .map(|inner| JsLandscape { inner })
            .map_err(|e| error_at(&e.message, e.column))
    }

    /// The text as typed, for a typed surface; `undefined` for a builtin.
    #[wasm_bindgen(getter, js_name = exprText)]
    pub fn expr_text(&self) -> Option<String> {
        self.inner.expr_text().map(str::to_string)
    }

    /// The number of nodes in a typed surface's expression graph; 0 for a builtin.
    #[wasm_bindgen(getter, js_name = nodeCount)]
    pub fn node_count(&self) -> usize {
        self.inner.expr().map_or(0, |e| e.n_nodes())
    }

    /// ∇f at the centres of an nx × ny grid over [xmin, xmax] × [ymin, ymax], row 0 at the top:
    /// `Float64Array [∂f/∂x, ∂f/∂y, …]` (2·nx·ny numbers), for a field of arrows in one call.
    #[wasm_bindgen(js_name = gradientField)]
    #[allow(clippy::too_many_arguments)]
    pub fn gradient_field(
        &self,
        x_min: f64,
        x_max: f64,
        y_min: f64,
        y_max: f64,
        nx: f64,
        ny: f64,
    ) -> Result<Vec<f64>, JsError> {
        let window = window_of(x_min, x_max, y_min, y_max)?;
        let nx = super::count("the number of arrows across (nx)", nx, 1, 1000)?;
        let ny = super::count("the number of arrows down (ny)", ny, 1, 1000)?;
        let f = &self.inner;
        crate::budget::points(f, (nx * ny) as f64, "arrows").map_err(super::too_much)?;
        Ok(calculus::gradient_field(
            |x, y| f.gradient(x, y),
            window,
            nx,
            ny,
        ))
    }

    /// A cross-section through (x, y) along `axis` ("x": t ↦ f(t, y); "y": t ↦ f(x, t)) with
    /// `n` samples of t over [tmin, tmax]: `Float64Array [t …, f …, slope …]` (3n numbers), the
    /// slope being the partial derivative ∂f/∂x or ∂f/∂y.
    #[allow(clippy::too_many_arguments)]
    pub fn section(
        &self,
        axis: &str,
        x: f64,
        y: f64,
        t_min: f64,
        t_max: f64,
        n: f64,
    ) -> Result<Vec<f64>, JsError> {
        let (x, y) = (finite("x", x)?, finite("y", y)?);
        let (t_min, t_max) = (finite("tmin", t_min)?, finite("tmax", t_max)?);
        if t_min >= t_max {
            return Err(JsError::new("a section needs tmin < tmax"));
        }
        let n = super::count("the number of samples", n, 1, 100_000)?;
        let f = &self.inner;
        crate::budget::points(f, n as f64, "samples").map_err(super::too_much)?;
        let s = match axis {
            "x" => calculus::sample(
                |t| {
                    let (v, [gx, _]) = f.value_and_gradient(t, y);
                    (v, gx)
                },
                t_min,
                t_max,
                n,
            ),
            "y" => calculus::sample(
                |t| {
                    let (v, [_, gy]) = f.value_and_gradient(x, t);
                    (v, gy)
                },
                t_min,
                t_max,
                n,
            ),
            _ => {
                return Err(JsError::new(&format!(
                    "a section runs along \"x\" or \"y\" (got \"{axis}\")"
                )))
            }
        };
        Ok([s.ts, s.values, s.slopes].concat())
    }

    /// The chain rule written out at (x, y), for a typed surface: `{ x, y, value, gradient:
    /// [∂f/∂x, ∂f/∂y], root, nodes: [{ label, text, value, children, local, adjoint, needsGrad }],
    /// steps: [{ parent, child, arg, parentAdjoint, local, contribution, childAdjoint }] }`,
    /// nodes children-first and steps in the order the backward pass takes them.
    #[wasm_bindgen(js_name = chainRule)]
    pub fn chain_rule(&self, x: f64, y: f64) -> Result<JsValue, JsError> {
        let (x, y) = (finite("x", x)?, finite("y", y)?);
        let expr = self.inner.expr().ok_or_else(|| {
            JsError::new(
                "the chain rule is shown for a typed function; type one, like x*y + sin(x)",
            )
        })?;
        super::expr::chain_rule(expr, x, y)
    }
}

/// A window [x_min, x_max] × [y_min, y_max] of finite numbers with min < max.
fn window_of(x_min: f64, x_max: f64, y_min: f64, y_max: f64) -> Result<landscape::Window, JsError> {
    let w = landscape::Window {
        x_min: finite("xmin", x_min)?,
        x_max: finite("xmax", x_max)?,
        y_min: finite("ymin", y_min)?,
        y_max: finite("ymax", y_max)?,
    };
    if w.x_min < w.x_max && w.y_min < w.y_max {
        Ok(w)
    } else {
        Err(JsError::new("the window needs xmin < xmax and ymin < ymax"))
    }
}
