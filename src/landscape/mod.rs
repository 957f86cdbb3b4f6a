//! Landscapes: 2-D objectives f(x, y) a learner can watch gradient descent walk on.
//!
//! Every built-in objective lives in ONE registry ([`builtins`]), each entry carrying its formula,
//! its analytic value and gradient ∇f = (∂f/∂x, ∂f/∂y), a view window, its minima and whether f is
//! bounded below. A [`Landscape`] is one registry entry with its parameter values filled in, or a
//! surface the learner typed ([`Landscape::parse`]), evaluated and differentiated by its compiled
//! [`Tape`]; or a quadratic bowl made from data ([`Landscape::quadratic`]); all answer the same
//! methods.

mod builtin;
mod newton;

pub use builtin::builtins;

use crate::autodiff::Tape;
use crate::calculus::Curve;
use crate::expr::{self, Expr};

/// The view window of every typed surface: [−3, 3]².
const TYPED_WINDOW: Window = Window {
    x_min: -3.0,
    x_max: 3.0,
    y_min: -3.0,
    y_max: 3.0,
};

/// Where a descent on a typed surface may start, tried in order: the first point where f and ∇f
/// are finite (so ln(x) starts at (2, 2)).
const TYPED_STARTS: [[f64; 2]; 6] = [
    [-2.0, 2.0],
    [2.0, 2.0],
    [2.0, -2.0],
    [-2.0, -2.0],
    [0.5, 0.5],
    [0.0, 0.0],
];

/// The learning rate suggested for a typed surface.
const TYPED_RATE: f64 = 0.01;

/// The part of the plane a landscape is shown in: x ∈ [x_min, x_max], y ∈ [y_min, y_max].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Left edge (smallest x shown).
    pub x_min: f64,
    /// Right edge (largest x shown).
    pub x_max: f64,
    /// Bottom edge (smallest y shown).
    pub y_min: f64,
    /// Top edge (largest y shown).
    pub y_max: f64,
}

impl Window {
    /// True when (x, y) lies inside the window or on its border.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        (self.x_min..=self.x_max).contains(&x) && (self.y_min..=self.y_max).contains(&y)
    }

    /// The centre ((x_min + x_max)/2, (y_min + y_max)/2).
    pub fn centre(&self) -> [f64; 2] {
        [
            0.5 * (self.x_min + self.x_max),
            0.5 * (self.y_min + self.y_max),
        ]
    }

    /// The larger side, max(x_max − x_min, y_max − y_min): the window's "width" as one number.
    pub fn size(&self) -> f64 {
        (self.x_max - self.x_min).max(self.y_max - self.y_min)
    }
}

/// One adjustable parameter of a built-in landscape (the bowl's condition number κ, ...).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// The name used in URLs and the JS API ("condition").
    pub name: &'static str,
    /// What the page shows next to the control ("condition number κ").
    pub label: &'static str,
    /// The symbol in the formula ("κ").
    pub symbol: &'static str,
    /// One plain sentence on what the value changes.
    pub meaning: &'static str,
    /// The value used when none is given.
    pub default: f64,
    /// The smallest allowed value (inclusive).
    pub min: f64,
    /// The largest allowed value (inclusive).
    pub max: f64,
}

/// Value and analytic gradient at (x, y), given the parameter values in `params` order.
type Eval = fn(&[f64], f64, f64) -> (f64, [f64; 2]);

/// f (and ∇f) along one row of a grid: the points (xs[i], y), given the parameter values.
type RowEval = fn(&[f64], &[f64], f64, RowOut<'_>);

/// Where [`Landscape::eval_row`] writes the values along a row of points (xs[i], y).
#[derive(Debug)]
pub enum RowOut<'a> {
    /// f at each point, `values[i]` = f(xs[i], y).
    Values(&'a mut [f64]),
    /// f at each point, and its gradient rounded to f32: `grad_x[i]` = ∂f/∂x and
    /// `grad_y[i]` = ∂f/∂y at (xs[i], y).
    WithGradient {
        /// f at each point.
        values: &'a mut [f64],
        /// ∂f/∂x at each point, as f32.
        grad_x: &'a mut [f32],
        /// ∂f/∂y at each point, as f32.
        grad_y: &'a mut [f32],
    },
}

/// Every local minimum, given the parameter values (filtered to the window by [`Landscape::minima`]).
type Minima = fn(&[f64]) -> Vec<[f64; 2]>;

/// One entry of the registry of built-in objectives.
#[derive(Debug)]
pub struct Builtin {
    /// The name used in URLs and the JS API ("rosenbrock").
    pub name: &'static str,
    /// The human title shown on the page ("Rosenbrock's banana valley").
    pub title: &'static str,
    /// The formula in plain-text Unicode, parameters as symbols ("f(x, y) = x² + κ·y²").
    pub formula: &'static str,
    /// The adjustable parameters, in the order the objective reads them.
    pub params: &'static [ParamSpec],
    /// For builtins with parameters: the formula with a `{name}` placeholder per parameter,
    /// where [`Landscape::formula`] writes in the values.
    formula_with_values: Option<&'static str>,
    /// Where to look at it.
    window: Window,
    /// Whether inf f > −∞ over the whole plane.
    bounded_below: bool,
    /// Where a first descent starts: a point that shows the landscape's character.
    start: [f64; 2],
    /// A learning rate with which plain gradient descent from `start` reaches a minimum in a few
    /// hundred to a few thousand steps (or, on the saddle, shows the fall).
    rate: f64,
    /// f and ∇f.
    eval: Eval,
    /// f and ∇f along a row: the same arithmetic as `eval`, in one inlined loop.
    rows: RowEval,
    /// The local minima (all of them, before filtering to the window).
    minima: Minima,
}

/// Why a landscape could not be made, in words a learner can act on.
#[derive(Clone, Debug, PartialEq)]
pub struct LandscapeError {
    /// What went wrong and what to do instead.
    pub message: String,
    /// For a typed surface, the 0-based character column the message points at.
    pub column: Option<usize>,
}

impl LandscapeError {
    /// An error with no column (a built-in's name or parameters).
    fn new(message: String) -> LandscapeError {
        LandscapeError {
            message,
            column: None,
        }
    }
}

impl From<expr::ParseError> for LandscapeError {
    fn from(err: expr::ParseError) -> LandscapeError {
        LandscapeError {
            message: err.message,
            column: Some(err.column),
        }
    }
}

impl core::fmt::Display for LandscapeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LandscapeError {}

/// A 2-D objective f(x, y) with its gradient, view window and minima.
#[derive(Clone, Debug)]
pub struct Landscape {
    objective: Objective,
}

/// The kinds of objective a landscape can be.
#[derive(Clone, Debug)]
enum Objective {
    /// A registry entry with one value per [`ParamSpec`], in order.
    Builtin {
        builtin: &'static Builtin,
        param_values: Vec<f64>,
    },
    /// A surface the learner typed.
    Typed(Box<Typed>),
    /// A quadratic bowl made from data (the mean squared error of a line over (w, b)).
    Quadratic(Box<Quadratic>),
}

/// A typed surface: the text as typed, its graph, and the graph compiled for speed.
#[derive(Clone, Debug)]
struct Typed {
    /// The text exactly as typed.
    source: String,
    /// "f(x, y) = " and the canonical text.
    formula: String,
    /// The graph, for the chain-rule view.
    expr: Expr,
    /// The graph compiled: f and ∇f for the descent, whole grids for the picture.
    tape: Tape,
    /// The first of [`TYPED_STARTS`] where f and ∇f are finite.
    start: [f64; 2],
}

impl Builtin {
    /// Where a first descent starts on this landscape.
    pub fn start(&self) -> [f64; 2] {
        self.start
    }

    /// A learning rate that suits plain gradient descent from [`Builtin::start`].
    pub fn rate(&self) -> f64 {
        self.rate
    }
}

impl Landscape {
    /// The built-in landscape `name`, with `params` overriding the defaults by parameter name.
    ///
    /// Fails with a learner-readable message on an unknown name (listing the valid ones), an
    /// unknown or repeated parameter, or a parameter outside its allowed range (or not finite).
    pub fn builtin(name: &str, params: &[(&str, f64)]) -> Result<Landscape, LandscapeError> {
        let builtin = builtins().iter().find(|b| b.name == name).ok_or_else(|| {
            let names: Vec<&str> = builtins().iter().map(|b| b.name).collect();
            LandscapeError::new(format!(
                "there is no built-in landscape called '{name}'; choose one of: {}",
                names.join(", ")
            ))
        })?;
        let mut param_values: Vec<f64> = builtin.params.iter().map(|p| p.default).collect();
        let mut given = vec![false; builtin.params.len()];
        for &(param_name, value) in params {
            let param_idx = builtin
                .params
                .iter()
                .position(|p| p.name == param_name)
                .ok_or_else(|| unknown_param(builtin, param_name))?;
            if given[param_idx] {
                return Err(LandscapeError::new(format!(
                    "the parameter '{param_name}' is given twice; give it once"
                )));
            }
            given[param_idx] = true;
            let spec = &builtin.params[param_idx];
            if !(value.is_finite() && spec.min <= value && value <= spec.max) {
                return Err(LandscapeError::new(format!(
                    "the {} ('{}') of '{}' must be a number from {} to {} (got {})",
                    spec.label,
                    spec.name,
                    builtin.name,
                    spec.min,
                    spec.max,
                    crate::value::number_text(value)
                )));
            }
            param_values[param_idx] = value;
        }
        Ok(Landscape {
            objective: Objective::Builtin {
                builtin,
                param_values,
            },
        })
    }

    /// The name used in URLs and the JS API.
    pub fn name(&self) -> &str {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.name,
            Objective::Typed(_) => "custom",
            Objective::Quadratic(q) => &q.name,
        }
    }

    /// The human title.
    pub fn title(&self) -> &str {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.title,
            Objective::Typed(_) => "Your function",
            Objective::Quadratic(q) => &q.title,
        }
    }

    /// The formula in plain-text Unicode, with the parameter values written in
    /// ("f(x, y) = x² + κ·y² (κ = 10)").
    pub fn formula(&self) -> String {
        match &self.objective {
            Objective::Builtin {
                builtin,
                param_values,
            } => {
                let mut text = builtin
                    .formula_with_values
                    .unwrap_or(builtin.formula)
                    .to_string();
                for (spec, value) in builtin.params.iter().zip(param_values) {
                    text = text.replace(&format!("{{{}}}", spec.name), &format!("{value}"));
                }
                text
            }
            Objective::Typed(typed) => typed.formula.clone(),
            Objective::Quadratic(q) => q.formula.clone(),
        }
    }

    /// The parameter values as (name, value) pairs, in registry order.
    pub fn params(&self) -> Vec<(&'static str, f64)> {
        match &self.objective {
            Objective::Builtin {
                builtin,
                param_values,
            } => builtin
                .params
                .iter()
                .zip(param_values)
                .map(|(spec, &value)| (spec.name, value))
                .collect(),
            Objective::Typed(_) | Objective::Quadratic(_) => Vec::new(),
        }
    }

    /// f(x, y).
    pub fn value(&self, x: f64, y: f64) -> f64 {
        self.value_and_gradient(x, y).0
    }

    /// ∇f(x, y) = [∂f/∂x, ∂f/∂y], from the analytic derivative.
    pub fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        self.value_and_gradient(x, y).1
    }

    /// f(x, y) and ∇f(x, y) in one evaluation.
    pub fn value_and_gradient(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        match &self.objective {
            Objective::Builtin {
                builtin,
                param_values,
            } => (builtin.eval)(param_values, x, y),
            Objective::Typed(typed) => typed.tape.eval_grad(x, y),
            Objective::Quadratic(q) => q.value_and_gradient(x, y),
        }
    }

    /// Where a first descent starts.
    pub fn start(&self) -> [f64; 2] {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.start,
            Objective::Typed(typed) => typed.start,
            Objective::Quadratic(q) => q.start,
        }
    }

    /// A learning rate that suits plain gradient descent from [`Landscape::start`].
    pub fn suggested_rate(&self) -> f64 {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.rate,
            Objective::Typed(_) => TYPED_RATE,
            Objective::Quadratic(q) => q.rate,
        }
    }

    /// The view window the page shows first.
    pub fn window(&self) -> Window {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.window,
            Objective::Typed(_) => TYPED_WINDOW,
            Objective::Quadratic(q) => q.window,
        }
    }

    /// The local minima inside the window (global and local), for marking on the picture.
    pub fn minima(&self) -> Vec<[f64; 2]> {
        let window = self.window();
        let all = match &self.objective {
            Objective::Builtin {
                builtin,
                param_values,
            } => (builtin.minima)(param_values),
            // Nothing is known about a typed surface's minima.
            Objective::Typed(_) => Vec::new(),
            Objective::Quadratic(q) => vec![q.minimum()],
        };
        all.into_iter()
            .filter(|&[x, y]| window.contains(x, y))
            .collect()
    }

    /// Whether f has a finite lower bound over the whole plane (false for the saddle x² − y²,
    /// where walking downhill can go on for ever).
    ///
    /// False for a typed surface, whose bound is unknown: a descent that runs away then reports
    /// what it saw, "no minimum in this direction" when f fell and "diverged" when f grew.
    pub fn bounded_below(&self) -> bool {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.bounded_below,
            Objective::Typed(_) => false,
            Objective::Quadratic(_) => true,
        }
    }

    /// A surface the learner typed, f(x) or f(x, y) (see [`crate::expr`] for the grammar):
    /// named "custom", titled "Your function", shown over [−3, 3]², with no known minima.
    ///
    /// Fails with the parser's message and its `column` when the text cannot be read.
    pub fn parse(text: &str) -> Result<Landscape, LandscapeError> {
        Ok(Self::typed(text, expr::parse(text)?))
    }

    /// The curve f(x) as a typed surface f(x, y) that does not depend on y: exactly what
    /// [`Landscape::parse`] makes of the curve's text, without reading the text again. A
    /// descent on it started at y = 0 stays there (∂f/∂y = 0), which is the 1-D descent of
    /// [`crate::descent1d`].
    pub fn of_curve(curve: &Curve) -> Landscape {
        Self::typed(curve.text(), curve.expr().clone())
    }

    /// A typed surface from its text and graph.
    fn typed(text: &str, expr: Expr) -> Landscape {
        let tape = Tape::compile(&expr);
        let start = TYPED_STARTS
            .into_iter()
            .find(|&[x, y]| {
                let (value, [gx, gy]) = tape.eval_grad(x, y);
                value.is_finite() && gx.is_finite() && gy.is_finite()
            })
            .unwrap_or(TYPED_STARTS[0]);
        Landscape {
            objective: Objective::Typed(Box::new(Typed {
                source: text.to_string(),
                formula: format!("f(x, y) = {expr}"),
                expr,
                tape,
                start,
            })),
        }
    }

    /// The text as the learner typed it, for a typed surface; `None` for a builtin.
    pub fn expr_text(&self) -> Option<&str> {
        match &self.objective {
            Objective::Builtin { .. } | Objective::Quadratic(_) => None,
            Objective::Typed(typed) => Some(&typed.source),
        }
    }

    /// The expression graph of a typed surface, for the chain-rule view; `None` for a builtin.
    pub fn expr(&self) -> Option<&Expr> {
        match &self.objective {
            Objective::Builtin { .. } | Objective::Quadratic(_) => None,
            Objective::Typed(typed) => Some(&typed.expr),
        }
    }

    /// f over a W×H grid for rendering: `out[row·W + col] = f(xs[col], ys[row])` as f32, with
    /// W = `xs.len()`, H = `ys.len()`. A typed surface runs its tape block by block; a builtin
    /// evaluates row by row ([`Landscape::eval_row`]). Rows that do not fit in `out` are skipped.
    pub fn eval_grid(&self, xs: &[f64], ys: &[f64], out: &mut [f32]) {
        match &self.objective {
            Objective::Typed(typed) => typed.tape.eval_grid(xs, ys, out),
            Objective::Builtin { .. } | Objective::Quadratic(_) => {
                let mut row_values = vec![0.0; xs.len()];
                for (row, &y) in ys.iter().enumerate() {
                    let start = row * xs.len();
                    let Some(out_row) = out.get_mut(start..start + xs.len()) else {
                        break;
                    };
                    self.eval_row(xs, y, RowOut::Values(&mut row_values));
                    for (o, &v) in out_row.iter_mut().zip(&row_values) {
                        *o = v as f32;
                    }
                }
            }
        }
    }

    /// f over a W×H grid as f64, laid out as in [`Landscape::eval_grid`]: the heatmap's
    /// evaluation pass. A builtin evaluates row by row in full precision
    /// ([`Landscape::eval_row`]); a typed surface
    /// runs its tape block by block (the fast path that lets the picture follow every
    /// keystroke), whose grid evaluator yields f rounded to f32, widened here. Rows that do not
    /// fit in `out` are skipped.
    pub fn eval_grid_f64(&self, xs: &[f64], ys: &[f64], out: &mut [f64]) {
        let width = xs.len();
        if width == 0 {
            return;
        }
        match &self.objective {
            Objective::Typed(typed) => {
                // A few rows at a time through an f32 scratch the size of one tape pass.
                let rows_per_pass = (4096 / width).max(1);
                let mut scratch = vec![0f32; rows_per_pass * width];
                let n_rows = ys.len().min(out.len() / width);
                for (chunk_idx, rows) in ys[..n_rows].chunks(rows_per_pass).enumerate() {
                    let start = chunk_idx * rows_per_pass * width;
                    let part = &mut scratch[..rows.len() * width];
                    typed.tape.eval_grid(xs, rows, part);
                    for (o, &v) in out[start..start + part.len()].iter_mut().zip(part.iter()) {
                        *o = f64::from(v);
                    }
                }
            }
            Objective::Builtin { .. } | Objective::Quadratic(_) => {
                for (out_row, &y) in out.chunks_exact_mut(width).zip(ys) {
                    self.eval_row(xs, y, RowOut::Values(out_row));
                }
            }
        }
    }

    /// f, and ∇f if asked, at the points (xs[i], y) of one row, into `out` (as far as both
    /// `xs` and the output slices reach). Each value is bit-identical to
    /// [`Landscape::value_and_gradient`] at that point; a builtin or a quadratic runs one
    /// inlined loop over the row (on SIMD lanes for Rosenbrock), which is what makes whole
    /// pictures cheap.
    pub fn eval_row(&self, xs: &[f64], y: f64, out: RowOut<'_>) {
        match &self.objective {
            Objective::Builtin {
                builtin,
                param_values,
            } => (builtin.rows)(param_values, xs, y, out),
            Objective::Quadratic(q) => builtin::row(
                |_: &[f64], x, y| q.value_and_gradient(x, y),
                &[],
                xs,
                y,
                out,
            ),
            Objective::Typed(typed) => builtin::row(
                |_: &[f64], x, y| typed.tape.eval_grad(x, y),
                &[],
                xs,
                y,
                out,
            ),
        }
    }

    /// Whether this is a surface the learner typed (named "custom").
    pub fn is_typed(&self) -> bool {
        matches!(self.objective, Objective::Typed(_))
    }
}

/// The error for a parameter name the builtin does not have.
fn unknown_param(builtin: &Builtin, param_name: &str) -> LandscapeError {
    if builtin.params.is_empty() {
        LandscapeError::new(format!(
            "the landscape '{}' has no parameters (got '{param_name}')",
            builtin.name
        ))
    } else {
        let names: Vec<&str> = builtin.params.iter().map(|p| p.name).collect();
        LandscapeError::new(format!(
            "the landscape '{}' has no parameter '{param_name}'; its parameters are: {}",
            builtin.name,
            names.join(", ")
        ))
    }
}

/// A quadratic bowl f(x, y) = a·x² + 2h·x·y + c·y² + d·x + e·y + k, made by its caller from
/// data, with the description the page shows (the mean squared error of a line ŷ = w·x + b is
/// one, over (w, b): see [`crate::linefit`]).
///
/// Its Hessian [[2a, 2h], [2h, 2c]] must be positive definite (a > 0 and ac − h² > 0), so f
/// has exactly one minimum, where ∇f = 0: x* = (h·e − c·d) / (2(ac − h²)),
/// y* = (h·d − a·e) / (2(ac − h²)).
#[derive(Clone, Debug, PartialEq)]
pub struct Quadratic {
    /// The name used in the JS API ("line").
    pub name: String,
    /// The human title.
    pub title: String,
    /// The formula in plain-text Unicode.
    pub formula: String,
    /// The coefficient a of x².
    pub a: f64,
    /// Half the coefficient of x·y.
    pub h: f64,
    /// The coefficient c of y².
    pub c: f64,
    /// The coefficient d of x.
    pub d: f64,
    /// The coefficient e of y.
    pub e: f64,
    /// The constant k.
    pub k: f64,
    /// Where to look at it.
    pub window: Window,
    /// Where a first descent starts.
    pub start: [f64; 2],
    /// A learning rate that suits plain gradient descent from `start`.
    pub rate: f64,
}

impl Quadratic {
    /// f(x, y) and ∇f(x, y) = (2a·x + 2h·y + d, 2h·x + 2c·y + e).
    fn value_and_gradient(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        let gx = 2.0 * self.a * x + 2.0 * self.h * y + self.d;
        let gy = 2.0 * self.h * x + 2.0 * self.c * y + self.e;
        // f = x·(a·x + 2h·y + d) + y·(c·y + e) + k.
        let value =
            x * (self.a * x + 2.0 * self.h * y + self.d) + y * (self.c * y + self.e) + self.k;
        (value, [gx, gy])
    }

    /// The one minimum, where ∇f = 0 (see the type's documentation).
    fn minimum(&self) -> [f64; 2] {
        let det2 = 2.0 * (self.a * self.c - self.h * self.h);
        [
            (self.h * self.e - self.c * self.d) / det2,
            (self.h * self.d - self.a * self.e) / det2,
        ]
    }
}

impl Landscape {
    /// The quadratic bowl `q` as a landscape, so the descent and the heatmap work on it as on
    /// any other.
    ///
    /// Fails unless every number is finite, the bowl is positive definite (a > 0 and
    /// ac − h² > 0), the window is non-empty, the start lies inside it and the rate is positive.
    pub fn quadratic(q: Quadratic) -> Result<Landscape, LandscapeError> {
        let numbers = [q.a, q.h, q.c, q.d, q.e, q.k, q.rate, q.start[0], q.start[1]];
        let w = q.window;
        if !numbers
            .iter()
            .chain(&[w.x_min, w.x_max, w.y_min, w.y_max])
            .all(|v| v.is_finite())
        {
            return Err(LandscapeError::new(format!(
                "the quadratic '{}' needs finite numbers",
                q.name
            )));
        }
        if !(q.a > 0.0 && q.a * q.c - q.h * q.h > 0.0) {
            return Err(LandscapeError::new(format!(
                "the quadratic '{}' is not a bowl (it needs a > 0 and ac − h² > 0), so it has \
                 no single minimum",
                q.name
            )));
        }
        if !(w.x_min < w.x_max && w.y_min < w.y_max && w.contains(q.start[0], q.start[1])) {
            return Err(LandscapeError::new(format!(
                "the quadratic '{}' needs a window with its start point inside",
                q.name
            )));
        }
        if q.rate <= 0.0 {
            return Err(LandscapeError::new(format!(
                "the quadratic '{}' needs a positive learning rate",
                q.name
            )));
        }
        Ok(Landscape {
            objective: Objective::Quadratic(Box::new(q)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points along a few rows, across and beyond each window (negative, zero, large).
    fn rows_of(window: Window) -> (Vec<f64>, Vec<f64>) {
        let span = window.size();
        let xs = (0..37)
            .map(|i| window.x_min - 0.3 * span + 1.6 * span * (i as f64 / 36.0))
            .chain([0.0, -0.0, 1e3, -1e3])
            .collect();
        let ys = (0..9)
            .map(|i| window.y_min - 0.3 * span + 1.6 * span * (i as f64 / 8.0))
            .chain([0.0, 1e3])
            .collect();
        (xs, ys)
    }

    /// Every row output equals `value_and_gradient` at its point, bit for bit.
    fn check_rows(landscape: &Landscape) {
        let (xs, ys) = rows_of(landscape.window());
        let n = xs.len();
        let (mut values, mut only_values) = (vec![0.0; n], vec![0.0; n]);
        let (mut gx, mut gy) = (vec![0f32; n], vec![0f32; n]);
        for &y in &ys {
            landscape.eval_row(&xs, y, RowOut::Values(&mut only_values));
            let out = RowOut::WithGradient {
                values: &mut values,
                grad_x: &mut gx,
                grad_y: &mut gy,
            };
            landscape.eval_row(&xs, y, out);
            for (i, &x) in xs.iter().enumerate() {
                let (f, [dfdx, dfdy]) = landscape.value_and_gradient(x, y);
                let at = format!("{} at ({x}, {y})", landscape.name());
                assert_eq!(only_values[i].to_bits(), f.to_bits(), "f of {at}");
                assert_eq!(values[i].to_bits(), f.to_bits(), "f of {at}");
                assert_eq!(gx[i].to_bits(), (dfdx as f32).to_bits(), "∂f/∂x of {at}");
                assert_eq!(gy[i].to_bits(), (dfdy as f32).to_bits(), "∂f/∂y of {at}");
            }
        }
        // The grid evaluator runs the same rows.
        let mut grid = vec![0.0; n * ys.len()];
        landscape.eval_grid_f64(&xs, &ys, &mut grid);
        if !landscape.is_typed() {
            for (row, &y) in grid.chunks_exact(n).zip(&ys) {
                for (&v, &x) in row.iter().zip(&xs) {
                    assert_eq!(v.to_bits(), landscape.value(x, y).to_bits());
                }
            }
        }
    }

    #[test]
    fn row_evaluators_equal_the_pointwise_evaluation_of_every_landscape() {
        for builtin in builtins() {
            check_rows(&Landscape::builtin(builtin.name, &[]).unwrap());
            for spec in builtin.params {
                for value in [spec.min, spec.max] {
                    check_rows(&Landscape::builtin(builtin.name, &[(spec.name, value)]).unwrap());
                }
            }
        }
        check_rows(&Landscape::parse("sin(x)*y + ln(x)").unwrap());
        let bowl = Quadratic {
            name: "line".to_string(),
            title: "A line's error".to_string(),
            formula: "f".to_string(),
            a: 2.0,
            h: 0.5,
            c: 1.0,
            d: -1.0,
            e: 3.0,
            k: 0.25,
            window: Window {
                x_min: -4.0,
                x_max: 4.0,
                y_min: -5.0,
                y_max: 5.0,
            },
            start: [1.0, 1.0],
            rate: 0.1,
        };
        check_rows(&Landscape::quadratic(bowl).unwrap());
    }

    #[test]
    fn short_outputs_are_filled_as_far_as_they_reach() {
        let f = Landscape::builtin("rosenbrock", &[]).unwrap();
        let xs = [0.0, 1.0, 2.0];
        let mut values = [f64::NAN; 2];
        f.eval_row(&xs, 1.0, RowOut::Values(&mut values));
        // f(0, 1) = 1 + 100 = 101 and f(1, 1) = 0.
        assert_eq!(values, [101.0, 0.0]);
        let mut grid = [f64::NAN; 5];
        f.eval_grid_f64(&xs, &[1.0, 1.0], &mut grid);
        // f(2, 1) = 1 + 100·9.
        assert_eq!(grid[..3], [101.0, 0.0, 901.0]);
        assert!(grid[3..].iter().all(|v| v.is_nan()), "{grid:?}");
    }
}
