//! Derivatives you can see: the numbers behind the calculus lessons.
//!
//! - [`Curve`]: a typed one-variable function f(x) with its exact derivative f′(x) by reverse
//!   mode, refusing text that uses y.
//! - Finite differences and their error: the forward (secant) slope (f(x + h) − f(x))/h, the
//!   central slope (f(x + h) − f(x − h))/2h, and [`error_curve`], their error against the exact
//!   derivative as h shrinks. Truncation error falls like h (forward) or h² (central) until
//!   rounding error, about ε·|f|/h with ε = 2⁻⁵² the spacing of doubles near 1, takes over and
//!   the error rises again: the best h is near √ε ≈ 1e-8 for the forward slope and ∛ε ≈ 1e-5
//!   for the central one.
//! - [`sample`] a curve or a cross-section t ↦ f(t, y₀) with its slope for plotting,
//!   [`plot_range`] a vertical range that ignores poles, and [`gradient_field`], ∇f on a grid of
//!   cell centres for the arrows over a map.

use crate::autodiff::Tape;
use crate::expr::{self, Expr, ParseError};
use crate::landscape::Window;

/// The most points [`sample`], [`error_curve`] and [`gradient_field`] produce in one call.
pub const MAX_POINTS: usize = 1 << 20;

/// A function of one variable f(x) that a learner typed, with its exact derivative.
#[derive(Clone, Debug)]
pub struct Curve {
    /// The text exactly as typed.
    source: String,
    /// The graph (uses x only).
    expr: Expr,
    /// The graph compiled: f and f′ = ∂f/∂x by reverse mode.
    tape: Tape,
}

impl Curve {
    /// Reads f(x) from `text` (the grammar of [`crate::expr`]).
    ///
    /// Fails with the parser's message and column, or, when the text uses y, with a message
    /// pointing at the first y: a curve has one variable.
    pub fn parse(text: &str) -> Result<Curve, ParseError> {
        let expr = expr::parse(text)?;
        if expr.uses_y() {
            // No function or constant name contains a y, so the first y typed is the variable.
            let column = text.chars().position(|c| c == 'y').unwrap_or(0);
            return Err(ParseError {
                column,
                message: format!(
                    "this lesson plots a function of x alone, but y appears at column {column}; \
                     use only x"
                ),
            });
        }
        let tape = Tape::compile(&expr);
        Ok(Curve {
            source: text.to_string(),
            expr,
            tape,
        })
    }

    /// The text as the learner typed it.
    pub fn text(&self) -> &str {
        &self.source
    }

    /// The expression graph.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// "f(x) = " and the canonical text ("f(x) = x^3 - 3*x").
    pub fn formula(&self) -> String {
        format!("f(x) = {}", self.expr)
    }

    /// f(x); NaN where f is undefined (ln of a negative number, 0/0).
    pub fn value(&self, x: f64) -> f64 {
        self.tape.eval(x, 0.0)
    }

    /// The exact derivative f′(x) = df/dx, by reverse-mode automatic differentiation; NaN
    /// where f itself is undefined.
    pub fn derivative(&self, x: f64) -> f64 {
        self.value_and_derivative(x).1
    }

    /// f(x) and f′(x) in one forward and one backward pass. Where f(x) is NaN, f′(x) is NaN too:
    /// the local rules alone would give ln′(−1) = 1/(−1) = −1, a slope of a curve that is not there.
    pub fn value_and_derivative(&self, x: f64) -> (f64, f64) {
        let (value, [dfdx, _]) = self.tape.eval_grad(x, 0.0);
        if value.is_nan() {
            (value, f64::NAN)
        } else {
            (value, dfdx)
        }
    }
}

/// The forward difference, the slope of the secant through (x, f(x)) and (x + h, f(x + h)):
/// (f(x + h) − f(x)) / h. Its truncation error is h·f″(x)/2 + O(h²).
pub fn forward_slope(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

/// The central difference, the slope of the secant through (x − h, f(x − h)) and
/// (x + h, f(x + h)): (f(x + h) − f(x − h)) / 2h. Its truncation error is h²·f‴(x)/6 + O(h⁴).
pub fn central_slope(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// The error of `approx` against `exact`: |approx − exact| / |exact|, or the absolute error
/// |approx − exact| when exact is 0 (where a relative error means nothing). NaN when either is
/// not finite.
pub fn relative_error(approx: f64, exact: f64) -> f64 {
    if !(approx.is_finite() && exact.is_finite()) {
        return f64::NAN;
    }
    let diff = (approx - exact).abs();
    if exact == 0.0 {
        diff
    } else {
        diff / exact.abs()
    }
}

/// `n` numbers evenly spaced in log scale from 10^`lo_exp` to 10^`hi_exp` (both included; one
/// number 10^`lo_exp` when n = 1, none when n = 0), at most [`MAX_POINTS`].
pub fn log_spaced(lo_exp: f64, hi_exp: f64, n: usize) -> Vec<f64> {
    let n = n.min(MAX_POINTS);
    (0..n)
        .map(|i| {
            let t = if n > 1 {
                i as f64 / (n - 1) as f64
            } else {
                0.0
            };
            10f64.powf(lo_exp + t * (hi_exp - lo_exp))
        })
        .collect()
}

/// One point of [`error_curve`]: the step h and the errors of both slopes at it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ErrorPoint {
    /// The step h.
    pub h: f64,
    /// [`relative_error`] of the forward slope (f(x + h) − f(x))/h.
    pub forward: f64,
    /// [`relative_error`] of the central slope (f(x + h) − f(x − h))/2h.
    pub central: f64,
}

/// The errors of the forward and central slopes of `f` at `x`, against the exact derivative
/// `exact`, for every step in `hs`: the V-shaped curve of numerical differentiation.
pub fn error_curve(f: impl Fn(f64) -> f64, exact: f64, x: f64, hs: &[f64]) -> Vec<ErrorPoint> {
    hs.iter()
        .take(MAX_POINTS)
        .map(|&h| ErrorPoint {
            h,
            forward: relative_error(forward_slope(&f, x, h), exact),
            central: relative_error(central_slope(&f, x, h), exact),
        })
        .collect()
}

/// A function sampled for plotting: `ts[i]`, the value `values[i]` and the slope `slopes[i]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    /// The sample positions, evenly spaced, both ends included.
    pub ts: Vec<f64>,
    /// The function's value at each position (NaN where it is undefined).
    pub values: Vec<f64>,
    /// The exact slope at each position.
    pub slopes: Vec<f64>,
}

/// `n` evenly spaced samples over [t_min, t_max] (both ends included; t_min alone when n = 1)
/// of `f`, which returns (value, slope): a curve f(x) with f′(x), or a cross-section
/// t ↦ f(t, y₀) with ∂f/∂x. At most [`MAX_POINTS`] samples.
pub fn sample(f: impl Fn(f64) -> (f64, f64), t_min: f64, t_max: f64, n: usize) -> Samples {
    let n = n.min(MAX_POINTS);
    let mut out = Samples {
        ts: Vec::with_capacity(n),
        values: Vec::with_capacity(n),
        slopes: Vec::with_capacity(n),
    };
    for i in 0..n {
        let t = if n > 1 {
            t_min + (t_max - t_min) * (i as f64 / (n - 1) as f64)
        } else {
            t_min
        };
        let (value, slope) = f(t);
        out.ts.push(t);
        out.values.push(value);
        out.slopes.push(slope);
    }
    out
}

/// A vertical range [lo, hi] that shows a sampled curve well: the finite values' range, except
/// that beyond the 2nd and 98th percentiles it extends at most half the inner range (so a pole
/// such as 1/x near 0 does not flatten the rest), padded by 8% each side. A flat curve gets
/// ±1 around its value (±1 scaled by its size when large). `None` when no value is finite.
pub fn plot_range(values: &[f64]) -> Option<(f64, f64)> {
    let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        return None;
    }
    crate::order::sort(&mut finite);
    let n = finite.len();
    let (min, max) = (finite[0], finite[n - 1]);
    let quantile = |q: f64| finite[((n - 1) as f64 * q).round() as usize];
    let (q_lo, q_hi) = (quantile(0.02), quantile(0.98));
    let inner = q_hi - q_lo;
    let (lo, hi) = if inner > 0.0 {
        (min.max(q_lo - 0.5 * inner), max.min(q_hi + 0.5 * inner))
    } else {
        (min, max)
    };
    let span = hi - lo;
    if span <= 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        let centre = 0.5 * (lo + hi);
        let half = centre.abs().max(1.0);
        return Some((centre - half, centre + half));
    }
    let pad = 0.08 * span;
    Some((lo - pad, hi + pad))
}

/// ∇f at the centres of an nx × ny grid of cells over `window`, flattened row by row with row 0
/// at the top (y near y_max) like a picture: `[∂f/∂x, ∂f/∂y]` for cell (row r, column c) at
/// index 2·(r·nx + c), the cell centre being x = x_min + (c + ½)(x_max − x_min)/nx,
/// y = y_max − (r + ½)(y_max − y_min)/ny. Empty when nx·ny exceeds [`MAX_POINTS`].
pub fn gradient_field(
    gradient: impl Fn(f64, f64) -> [f64; 2],
    window: Window,
    nx: usize,
    ny: usize,
) -> Vec<f64> {
    if nx.saturating_mul(ny) > MAX_POINTS {
        return Vec::new();
    }
    let dx = (window.x_max - window.x_min) / nx as f64;
    let dy = (window.y_max - window.y_min) / ny as f64;
    let mut out = Vec::with_capacity(2 * nx * ny);
    for row in 0..ny {
        let y = window.y_max - (row as f64 + 0.5) * dy;
        for col in 0..nx {
            let x = window.x_min + (col as f64 + 0.5) * dx;
            out.extend_from_slice(&gradient(x, y));
        }
    }
    out
}
