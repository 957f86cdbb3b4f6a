//! Typed functions for the calculus lessons: `Curve` (a typed f(x) with its exact derivative,
//! finite-difference slopes and their error against h), the chain-rule record of a typed
//! surface, and the `Error` with a `column` that a typing mistake throws.

use wasm_bindgen::prelude::*;

use super::{finite, to_js};
use crate::autodiff::Trace;
use crate::calculus;
use crate::expr::Expr;

/// The most samples or points one call returns (a plot needs a few thousand at most).
const MAX_SAMPLES: u32 = 100_000;

/// A JS `Error` whose `message` says what went wrong and, for a typing mistake, whose `column`
/// property is the 0-based character position to underline.
pub(crate) fn error_at(message: &str, column: Option<usize>) -> JsValue {
    let err = js_sys::Error::new(message);
    if let Some(column) = column {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&err, &"column".into(), &JsValue::from(column as f64));
    }
    err.into()
}

/// The number of samples, checked: 1 ≤ n ≤ [`MAX_SAMPLES`].
fn count(name: &str, n: f64) -> Result<usize, JsError> {
    super::count(name, n, 1, MAX_SAMPLES)
}

/// An interval [lo, hi] of finite numbers with lo < hi.
fn interval(lo_name: &str, lo: f64, hi_name: &str, hi: f64) -> Result<(f64, f64), JsError> {
    let (lo, hi) = (finite(lo_name, lo)?, finite(hi_name, hi)?);
    if lo < hi {
        Ok((lo, hi))
    } else {
        Err(JsError::new(&format!(
            "{lo_name} must be smaller than {hi_name} (got {lo} and {hi})"
        )))
    }
}

/// A function of one variable f(x) that a learner typed, with its exact derivative f′(x).
#[wasm_bindgen(js_name = Curve)]
pub struct JsCurve {
    pub(crate) inner: calculus::Curve,
}

#[wasm_bindgen(js_class = Curve)]
impl JsCurve {
    /// Reads f(x) from text ("x^3 - 3*x"). Throws an `Error` with a `column` property on a
    /// typing mistake, or when the text uses y.
    pub fn parse(text: &str) -> Result<JsCurve, JsValue> {
        calculus::Curve::parse(text)
            .map(|inner| JsCurve { inner })
            .map_err(|e| error_at(&e.message, Some(e.column)))
    }

    /// The text as typed.
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.inner.text().to_string()
    }

    /// "f(x) = " and the canonical text.
    #[wasm_bindgen(getter)]
    pub fn formula(&self) -> String {
        self.inner.formula()
    }

    /// The number of nodes in the expression graph (shared subexpressions once).
    #[wasm_bindgen(getter, js_name = nodeCount)]
    pub fn node_count(&self) -> usize {
        self.inner.expr().n_nodes()
    }

    /// f(x); NaN where f is undefined.
    pub fn value(&self, x: f64) -> f64 {
        self.inner.value(x)
    }

    /// The exact derivative f′(x), by reverse-mode automatic differentiation.
    pub fn derivative(&self, x: f64) -> f64 {
        self.inner.derivative(x)
    }

    /// The secant's slope (f(x + h) − f(x)) / h.
    #[wasm_bindgen(js_name = forwardSlope)]
    pub fn forward_slope(&self, x: f64, h: f64) -> f64 {
        calculus::forward_slope(|t| self.inner.value(t), x, h)
    }

    /// The central difference (f(x + h) − f(x − h)) / 2h.
    #[wasm_bindgen(js_name = centralSlope)]
    pub fn central_slope(&self, x: f64, h: f64) -> f64 {
        calculus::central_slope(|t| self.inner.value(t), x, h)
    }

    /// `n` samples over [xmin, xmax]: `Float64Array [x₀ … xₙ₋₁, f(x₀) … , f′(x₀) …]` (3n numbers).
    pub fn sample(&self, x_min: f64, x_max: f64, n: f64) -> Result<Vec<f64>, JsError> {
        let (lo, hi) = interval("xmin", x_min, "xmax", x_max)?;
        let n = count("the number of samples", n)?;
        crate::budget::curve_samples(self.inner.expr().n_nodes(), n as f64)
            .map_err(super::too_much)?;
        let s = calculus::sample(|x| self.inner.value_and_derivative(x), lo, hi, n);
        Ok([s.ts, s.values, s.slopes].concat())
    }

    /// The errors of the forward and central slopes at x for `n` steps h spaced evenly in log
    /// scale from 10^loExp to 10^hiExp: `Float64Array [h₀ … hₙ₋₁, forward errors …, central
    /// errors …]` (3n numbers; relative errors, or absolute ones where f′(x) = 0).
    #[wasm_bindgen(js_name = errorCurve)]
    pub fn error_curve(
        &self,
        x: f64,
        lo_exp: f64,
        hi_exp: f64,
        n: f64,
    ) -> Result<Vec<f64>, JsError> {
        let x = finite("x", x)?;
        let (lo, hi) = interval("loExp", lo_exp, "hiExp", hi_exp)?;
        if lo < -320.0 || hi > 300.0 {
            return Err(JsError::new(
                "the exponents of h must lie between -320 and 300",
            ));
        }
        let n = count("the number of steps h", n)?;
        crate::budget::curve_errors(self.inner.expr().n_nodes(), n as f64)
            .map_err(super::too_much)?;
        let hs = calculus::log_spaced(lo, hi, n);
        let exact = self.inner.derivative(x);
        let points = calculus::error_curve(|t| self.inner.value(t), exact, x, &hs);
        let mut out = Vec::with_capacity(3 * points.len());
        out.extend(points.iter().map(|p| p.h));
        out.extend(points.iter().map(|p| p.forward));
        out.extend(points.iter().map(|p| p.central));
        Ok(out)
    }
}

/// A vertical range `[lo, hi]` that shows sampled values well, ignoring poles (see the
/// calculus module); `[-1, 1]` when no value is finite.
#[wasm_bindgen(js_name = plotRange)]
pub fn plot_range(values: &[f64]) -> Vec<f64> {
    let (lo, hi) = calculus::plot_range(values).unwrap_or((-1.0, 1.0));
    vec![lo, hi]
}

/// One node of the chain-rule record.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct NodeInfo {
    label: String,
    text: String,
    value: f64,
    children: Vec<usize>,
    local: Vec<f64>,
    adjoint: f64,
    needs_grad: bool,
}

/// One chain-rule step of the backward pass.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct StepInfo {
    parent: usize,
    child: usize,
    arg: usize,
    parent_adjoint: f64,
    local: f64,
    contribution: f64,
    child_adjoint: f64,
}

/// The whole record the chain-rule view draws.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ChainInfo {
    x: f64,
    y: f64,
    value: f64,
    gradient: [f64; 2],
    root: usize,
    nodes: Vec<NodeInfo>,
    steps: Vec<StepInfo>,
}

/// The forward and backward passes of `expr` at (x, y) with every number kept, as a plain JS
/// object (see `Landscape.chainRule`).
pub(crate) fn chain_rule(expr: &Expr, x: f64, y: f64) -> Result<JsValue, JsError> {
    let mut trace = Trace::forward(expr, x, y);
    trace.backward();
    let nodes = trace
        .nodes()
        .iter()
        .enumerate()
        .map(|(idx, n)| NodeInfo {
            label: n.label(),
            text: expr.node_text(idx),
            value: n.value,
            children: n.children(),
            local: n.local_derivatives().to_vec(),
            adjoint: n.adjoint,
            needs_grad: n.needs_grad,
        })
        .collect();
    let steps = trace
        .steps()
        .iter()
        .map(|s| StepInfo {
            parent: s.parent_idx,
            child: s.child_idx,
            arg: s.arg_idx,
            parent_adjoint: s.parent_adjoint,
            local: s.local_derivative,
            contribution: s.contribution,
            child_adjoint: s.child_adjoint,
        })
        .collect();
    to_js(&ChainInfo {
        x,
        y,
        value: trace.value(),
        gradient: trace.gradient(),
        root: trace.root_idx(),
        nodes,
        steps,
    })
}
