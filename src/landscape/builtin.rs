//! The registry of built-in objectives: each one's f, ∇f (derivative right under the value),
//! window and minima.

use super::newton::refine;
use super::{Builtin, ParamSpec, RowOut, Window};
use crate::lanes::{F64Vector, F64s, Lanes, Vector, LANES};
use core::f64::consts::{PI, TAU};

/// The registry, in display order (gentle first, the one without a minimum last).
pub fn builtins() -> &'static [Builtin] {
    &BUILTINS
}

/// A square window [−r, r] × [−r, r].
const fn square(r: f64) -> Window {
    Window {
        x_min: -r,
        x_max: r,
        y_min: -r,
        y_max: r,
    }
}

/// `eval` at every point (xs[i], y) of a row, written to `out`: one loop per builtin and per
/// kind of output, into which the compiler inlines the builtin's arithmetic, instead of a call
/// through a function pointer per point (natively the compiler also vectorises it where it is
/// plain arithmetic; in wasm only [`row_on_lanes`] is vectorised). The values are
/// bit-identical to `eval`'s.
#[inline(always)]
pub(super) fn row<E: Fn(&[f64], f64, f64) -> (f64, [f64; 2])>(
    eval: E,
    params: &[f64],
    xs: &[f64],
    y: f64,
    out: RowOut<'_>,
) {
    match out {
        RowOut::Values(values) => {
            for (value, &x) in values.iter_mut().zip(xs) {
                *value = eval(params, x, y).0;
            }
        }
        RowOut::WithGradient {
            values,
            grad_x,
            grad_y,
        } => {
            let points = values.iter_mut().zip(grad_x).zip(grad_y).zip(xs);
            for (((value, gx), gy), &x) in points {
                let (f, [dfdx, dfdy]) = eval(params, x, y);
                *value = f;
                *gx = dfdx as f32;
                *gy = dfdy as f32;
            }
        }
    }
}

/// [`row`] for a formula written over lanes: `eval` on [`LANES`] points at a time (explicit
/// SIMD registers in wasm, where the compiler's loop vectorizer is off), and `eval_one`, the
/// same formula on one point, for the last few. The same bits either way.
#[inline(always)]
fn row_on_lanes<E, E1>(eval: E, eval_one: E1, params: &[f64], xs: &[f64], y: f64, out: RowOut<'_>)
where
    E: Fn(&[f64], F64s, F64s) -> (F64s, [F64s; 2]),
    E1: Fn(&[f64], f64, f64) -> (f64, [f64; 2]),
{
    let y_lanes = F64s::splat(y);
    match out {
        RowOut::Values(values) => {
            let groups = values.chunks_exact_mut(LANES).zip(xs.chunks_exact(LANES));
            let n_groups = groups.len();
            for (values, xs) in groups {
                eval(params, F64s::load(xs), y_lanes).0.store(values);
            }
            let done = n_groups * LANES;
            row(
                eval_one,
                params,
                &xs[done..],
                y,
                RowOut::Values(&mut values[done..]),
            );
        }
        RowOut::WithGradient {
            values,
            grad_x,
            grad_y,
        } => {
            let groups = values
                .chunks_exact_mut(LANES)
                .zip(grad_x.chunks_exact_mut(LANES))
                .zip(grad_y.chunks_exact_mut(LANES))
                .zip(xs.chunks_exact(LANES));
            let n_groups = groups.len();
            for (((values, gx), gy), xs) in groups {
                let (f, [dfdx, dfdy]) = eval(params, F64s::load(xs), y_lanes);
                f.store(values);
                dfdx.store_f32(gx);
                dfdy.store_f32(gy);
            }
            let done = n_groups * LANES;
            let rest = RowOut::WithGradient {
                values: &mut values[done..],
                grad_x: &mut grad_x[done..],
                grad_y: &mut grad_y[done..],
            };
            row(eval_one, params, &xs[done..], y, rest);
        }
    }
}

/// The one minimum at the origin.
fn origin(_: &[f64]) -> Vec<[f64; 2]> {
    vec![[0.0, 0.0]]
}

/// The saddle has no minimum.
fn none(_: &[f64]) -> Vec<[f64; 2]> {
    Vec::new()
}

static BUILTINS: [Builtin; 12] = [
    Builtin {
        name: "bowl",
        title: "Quadratic bowl",
        formula: "f(x, y) = x² + κ·y²",
        params: &[ParamSpec {
            name: "condition",
            label: "condition number κ",
            symbol: "κ",
            meaning: "How much steeper the steepest direction is than the flattest.",
            default: 10.0,
            min: 1.0,
            max: 1000.0,
        }],
        formula_with_values: Some("f(x, y) = x² + κ·y² (κ = {condition})"),
        window: square(2.0),
        bounded_below: true,
        start: [-1.5, 1.0],
        rate: 0.08,
        eval: bowl,
        rows: |params, xs, y, out| row(bowl, params, xs, y, out),
        minima: origin,
    },
    Builtin {
        name: "rosenbrock",
        title: "Rosenbrock's banana valley",
        formula: "f(x, y) = (1 − x)² + 100·(y − x²)²",
        params: &[],
        formula_with_values: None,
        window: Window {
            x_min: -2.0,
            x_max: 2.0,
            y_min: -1.0,
            y_max: 3.0,
        },
        bounded_below: true,
        start: [-1.5, 2.0],
        rate: 0.001,
        eval: rosenbrock,
        rows: |params, xs, y, out| row_on_lanes(rosenbrock, rosenbrock, params, xs, y, out),
        minima: rosenbrock_minima,
    },
    Builtin {
        name: "himmelblau",
        title: "Himmelblau's four valleys",
        formula: "f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
        params: &[],
        formula_with_values: None,
        window: square(5.0),
        bounded_below: true,
        start: [0.0, 0.0],
        rate: 0.01,
        eval: himmelblau,
        rows: |params, xs, y, out| row(himmelblau, params, xs, y, out),
        minima: himmelblau_minima,
    },
    Builtin {
        name: "beale",
        title: "Beale's flat valleys",
        formula: "f(x, y) = (1.5 − x + x·y)² + (2.25 − x + x·y²)² + (2.625 − x + x·y³)²",
        params: &[],
        formula_with_values: None,
        window: square(4.5),
        bounded_below: true,
        start: [1.0, 1.5],
        rate: 0.005,
        eval: beale,
        rows: |params, xs, y, out| row(beale, params, xs, y, out),
        minima: beale_minima,
    },
    Builtin {
        name: "booth",
        title: "Booth's tilted bowl",
        formula: "f(x, y) = (x + 2·y − 7)² + (2·x + y − 5)²",
        params: &[],
        formula_with_values: None,
        window: square(10.0),
        bounded_below: true,
        start: [-8.0, 8.0],
        rate: 0.05,
        eval: booth,
        rows: |params, xs, y, out| row(booth, params, xs, y, out),
        minima: booth_minima,
    },
    Builtin {
        name: "matyas",
        title: "Matyas's flat plate",
        formula: "f(x, y) = 0.26·(x² + y²) − 0.48·x·y",
        params: &[],
        formula_with_values: None,
        window: square(10.0),
        bounded_below: true,
        start: [-8.0, 6.0],
        rate: 0.5,
        eval: matyas,
        rows: |params, xs, y, out| row(matyas, params, xs, y, out),
        minima: origin,
    },
    Builtin {
        name: "three_hump_camel",
        title: "Three-hump camel",
        formula: "f(x, y) = 2·x² − 1.05·x⁴ + x⁶/6 + x·y + y²",
        params: &[],
        formula_with_values: None,
        window: square(3.0),
        bounded_below: true,
        start: [-1.5, -1.5],
        rate: 0.01,
        eval: three_hump_camel,
        rows: |params, xs, y, out| row(three_hump_camel, params, xs, y, out),
        minima: three_hump_camel_minima,
    },
    Builtin {
        name: "six_hump_camel",
        title: "Six-hump camel",
        formula: "f(x, y) = (4 − 2.1·x² + x⁴/3)·x² + x·y + (−4 + 4·y²)·y²",
        params: &[],
        formula_with_values: None,
        window: Window {
            x_min: -2.0,
            x_max: 2.0,
            y_min: -1.0,
            y_max: 1.0,
        },
        bounded_below: true,
        start: [-1.5, 1.0],
        rate: 0.01,
        eval: six_hump_camel,
        rows: |params, xs, y, out| row(six_hump_camel, params, xs, y, out),
        minima: six_hump_camel_minima,
    },
    Builtin {
        name: "rastrigin",
        title: "Rastrigin's egg crate",
        formula: "f(x, y) = 20 + x² − 10·cos(2π·x) + y² − 10·cos(2π·y)",
        params: &[],
        formula_with_values: None,
        window: square(5.12),
        bounded_below: true,
        start: [-4.2, 3.6],
        rate: 0.002,
        eval: rastrigin,
        rows: |params, xs, y, out| row(rastrigin, params, xs, y, out),
        minima: rastrigin_minima,
    },
    Builtin {
        name: "goldstein_price",
        title: "Goldstein–Price",
        formula: "f(x, y) = [1 + (x + y + 1)²·(19 − 14·x + 3·x² − 14·y + 6·x·y + 3·y²)] · \
                  [30 + (2·x − 3·y)²·(18 − 32·x + 12·x² + 48·y − 36·x·y + 27·y²)]",
        params: &[],
        formula_with_values: None,
        window: square(2.0),
        bounded_below: true,
        start: [0.3, -0.3],
        rate: 0.0001,
        eval: goldstein_price,
        rows: |params, xs, y, out| row(goldstein_price, params, xs, y, out),
        minima: goldstein_price_minima,
    },
    Builtin {
        name: "mccormick",
        title: "McCormick's slope",
        formula: "f(x, y) = sin(x + y) + (x − y)² − 1.5·x + 2.5·y + 1",
        params: &[],
        formula_with_values: None,
        window: Window {
            x_min: -1.5,
            x_max: 4.0,
            y_min: -3.0,
            y_max: 4.0,
        },
        // Along x = y = t, f = sin(2t) + t + 1 → −∞ as t → −∞: only its usual box hides that.
        bounded_below: false,
        start: [3.0, 3.0],
        rate: 0.01,
        eval: mccormick,
        rows: |params, xs, y, out| row(mccormick, params, xs, y, out),
        minima: mccormick_minima,
    },
    Builtin {
        name: "saddle",
        title: "Saddle",
        formula: "f(x, y) = x² − y²",
        params: &[],
        formula_with_values: None,
        window: square(2.0),
        bounded_below: false,
        start: [1.5, 0.05],
        rate: 0.05,
        eval: saddle,
        rows: |params, xs, y, out| row(saddle, params, xs, y, out),
        minima: none,
    },
];

/// f = x² + κ·y². The Hessian is diag(2, 2κ), so its condition number λ_max/λ_min is exactly κ.
#[inline]
fn bowl(params: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    let kappa = params.first().copied().unwrap_or(10.0);
    let f = x * x + kappa * (y * y);
    // ∂f/∂x = 2x, ∂f/∂y = 2κy.
    (f, [2.0 * x, 2.0 * kappa * y])
}

/// f = a² + 100·b² with a = 1 − x, b = y − x², in the exact operation order of the benchmark
/// workloads W2/W3, so a descent here is bit-identical to theirs. On one point (`f64`) or on
/// lanes of points (W2's grid and the playground's default picture).
#[inline]
fn rosenbrock<L: Lanes<Scalar = f64>>(_: &[f64], x: L, y: L) -> (L, [L; 2]) {
    let c = L::splat;
    let a = c(1.0) - x;
    let b = y - x * x;
    let f = a * a + c(100.0) * (b * b);
    // ∂f/∂x = 2a·(−1) + 200b·(−2x), ∂f/∂y = 200b.
    let gx = (c(-2.0) * a) - (c(400.0) * x) * b;
    let gy = c(200.0) * b;
    (f, [gx, gy])
}

/// Both squares vanish at (1, 1) and nowhere else.
fn rosenbrock_minima(_: &[f64]) -> Vec<[f64; 2]> {
    vec![[1.0, 1.0]]
}

/// f = u² + v² with u = x² + y − 11, v = x + y² − 7.
#[inline]
fn himmelblau(_: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    let u = x * x + y - 11.0;
    let v = x + y * y - 7.0;
    let f = u * u + v * v;
    // ∂f/∂x = 2u·2x + 2v, ∂f/∂y = 2u + 2v·2y.
    (f, [4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v])
}

/// The four zeros of f (u = v = 0): (3, 2) exactly, the other three Newton-polished from the
/// published 6-digit approximations.
fn himmelblau_minima(params: &[f64]) -> Vec<[f64; 2]> {
    let published = [
        [-2.805118, 3.131312],
        [-3.779310, -3.283186],
        [3.584428, -1.848127],
    ];
    let mut minima = vec![[3.0, 2.0]];
    minima.extend(published.iter().map(|&p| refine(himmelblau, params, p)));
    minima
}

/// f = a² + b² + c² with a = 1.5 − x + x·y, b = 2.25 − x + x·y², c = 2.625 − x + x·y³.
#[inline]
fn beale(_: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    let (y2, y3) = (y * y, y * y * y);
    let a = 1.5 - x + x * y;
    let b = 2.25 - x + x * y2;
    let c = 2.625 - x + x * y3;
    let f = a * a + b * b + c * c;
    // ∂a/∂x = y − 1, ∂b/∂x = y² − 1, ∂c/∂x = y³ − 1; ∂a/∂y = x, ∂b/∂y = 2xy, ∂c/∂y = 3xy².
    let gx = 2.0 * (a * (y - 1.0) + b * (y2 - 1.0) + c * (y3 - 1.0));
    let gy = 2.0 * (a * x + b * 2.0 * x * y + c * 3.0 * x * y2);
    (f, [gx, gy])
}

/// a = b = c = 0 at (3, 0.5). Elsewhere Beale only has valleys that sink slowly out of view
/// (towards x → −∞, y → 1 f tends to about 0.45 without reaching it).
fn beale_minima(_: &[f64]) -> Vec<[f64; 2]> {
    vec![[3.0, 0.5]]
}

/// f = u² + v² with u = x + 2y − 7, v = 2x + y − 5.
#[inline]
fn booth(_: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    let u = x + 2.0 * y - 7.0;
    let v = 2.0 * x + y - 5.0;
    // ∂f/∂x = 2u + 2v·2, ∂f/∂y = 2u·2 + 2v.
    (u * u + v * v, [2.0 * u + 4.0 * v, 4.0 * u + 2.0 * v])
}

/// u = v = 0: x + 2y = 7 and 2x + y = 5 give (1, 3).
fn booth_minima(_: &[f64]) -> Vec<[f64; 2]> {
    vec![[1.0, 3.0]]
}

/// f = 0.26·(x² + y²) − 0.48·x·y: a quadratic whose Hessian has eigenvalues 0.04 and 1
/// (condition number 25) along the diagonals.
#[inline]
fn matyas(_: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    let f = 0.26 * (x * x + y * y) - 0.48 * x * y;
    (f, [0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x])
}

/// f = 2x² − 1.05x⁴ + x⁶/6 + xy + y².
#[inline]
fn three_hump_camel(_: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    let (x2, x4) = (x * x, x * x * x * x);
    let f = 2.0 * x2 - 1.05 * x4 + x4 * x2 / 6.0 + x * y + y * y;
    // ∂f/∂x = 4x − 4.2x³ + x⁵ + y, ∂f/∂y = x + 2y.
    let gx = 4.0 * x - 4.2 * x2 * x + x4 * x + y;
    (f, [gx, x + 2.0 * y])
}

/// ∂f/∂y = 0 gives y = −x/2; then ∂f/∂x = x·(3.5 − 4.2x² + x⁴) = 0, so x = 0 (the global
/// minimum) or x² = 2.1 ± √0.91. The + root gives the two local minima, the − root saddles.
fn three_hump_camel_minima(_: &[f64]) -> Vec<[f64; 2]> {
    let x = (2.1 + 0.91_f64.sqrt()).sqrt();
    vec![[0.0, 0.0], [x, -0.5 * x], [-x, 0.5 * x]]
}

/// f = (4 − 2.1x² + x⁴/3)·x² + xy + (−4 + 4y²)·y².
#[inline]
fn six_hump_camel(_: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    let (x2, y2) = (x * x, y * y);
    let f = (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y2) * y2;
    // f = 4x² − 2.1x⁴ + x⁶/3 + xy − 4y² + 4y⁴, so
    // ∂f/∂x = 8x − 8.4x³ + 2x⁵ + y, ∂f/∂y = x − 8y + 16y³.
    let gx = 8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y;
    let gy = x - 8.0 * y + 16.0 * y2 * y;
    (f, [gx, gy])
}

/// The two global minima (f ≈ −1.0316) and four local ones (f ≈ −0.2155 and 2.1043),
/// Newton-polished from the published 4-digit approximations (f is odd-symmetric:
/// f(−x, −y) = f(x, y), so they come in pairs).
fn six_hump_camel_minima(params: &[f64]) -> Vec<[f64; 2]> {
    let published = [[0.0898, -0.7126], [1.7036, -0.7961], [1.6071, 0.5687]];
    let mut minima = Vec::new();
    for p in published {
        let [x, y] = refine(six_hump_camel, params, p);
        minima.push([x, y]);
        minima.push([-x, -y]);
    }
    minima
}

/// f = 20 + (x² − 10·cos 2πx) + (y² − 10·cos 2πy): a sum of one 1-D function per coordinate.
#[inline]
fn rastrigin(_: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    let (fx, dx) = rastrigin_1d(x);
    let (fy, dy) = rastrigin_1d(y);
    (20.0 + fx + fy, [dx, dy])
}

/// r(t) = t² − 10·cos(2πt) and r′(t) = 2t + 20π·sin(2πt).
fn rastrigin_1d(t: f64) -> (f64, f64) {
    (
        t * t - 10.0 * (TAU * t).cos(),
        2.0 * t + 20.0 * PI * (TAU * t).sin(),
    )
}

/// Since f is separable, (x, y) is a local minimum exactly when x and y are local minima of r.
/// r has one near each integer k (r″(k) = 2 + 40π² > 0), pulled slightly towards 0 by the t²
/// term; Newton on r′ = 0 from k finds it: t ← t − r′(t)/r″(t), r″(t) = 2 + 40π²·cos(2πt).
fn rastrigin_minima(_: &[f64]) -> Vec<[f64; 2]> {
    let minima_1d: Vec<f64> = (-5..=5)
        .map(|k: i32| {
            let mut t = f64::from(k);
            for _ in 0..8 {
                let (_, slope) = rastrigin_1d(t);
                t -= slope / (2.0 + 40.0 * PI * PI * (TAU * t).cos());
            }
            t
        })
        .collect();
    minima_1d
        .iter()
        .flat_map(|&x| minima_1d.iter().map(move |&y| [x, y]))
        .collect()
}

/// In the rotated coordinates s = x + y, t = 2x − 3y the published formula factors as
/// f = A(s)·B(t) with A(s) = 1 + (s + 1)²·(3s² − 14s + 19) and B(t) = 30 + t²·(3t² − 16t + 18)
/// (expand 3s² and 3t² to see the two brackets of the formula).
#[inline]
fn goldstein_price(_: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    let s = x + y;
    let t = 2.0 * x - 3.0 * y;
    let a = 1.0 + (s + 1.0) * (s + 1.0) * (3.0 * s * s - 14.0 * s + 19.0);
    let b = 30.0 + t * t * (3.0 * t * t - 16.0 * t + 18.0);
    // A′(s) = 12(s + 1)(s − 1)(s − 2) and B′(t) = 12t(t − 1)(t − 3).
    let da = 12.0 * (s + 1.0) * (s - 1.0) * (s - 2.0);
    let db = 12.0 * t * (t - 1.0) * (t - 3.0);
    // Chain rule through s and t: ∂s/∂x = 1, ∂s/∂y = 1, ∂t/∂x = 2, ∂t/∂y = −3.
    (a * b, [da * b + 2.0 * a * db, da * b - 3.0 * a * db])
}

/// A, B > 0 everywhere, so ∇f = 0 needs A′(s) = 0 and B′(t) = 0, and the point is a minimum when
/// both factors are at minima: s ∈ {−1, 2} (A = 1, 28) and t ∈ {0, 3} (B = 30, 3). With
/// x = (3s + t)/5, y = (2s − t)/5 that gives f = 3 at (0, −1), 30 at (−0.6, −0.4),
/// 84 at (1.8, 0.2) and 840 at (1.2, 0.8).
fn goldstein_price_minima(_: &[f64]) -> Vec<[f64; 2]> {
    let mut minima = Vec::new();
    for s in [-1.0, 2.0] {
        for t in [3.0, 0.0] {
            minima.push([(3.0 * s + t) / 5.0, (2.0 * s - t) / 5.0]);
        }
    }
    minima
}

/// f = sin(x + y) + (x − y)² − 1.5x + 2.5y + 1.
#[inline]
fn mccormick(_: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    let c = (x + y).cos();
    let d = x - y;
    let f = (x + y).sin() + d * d - 1.5 * x + 2.5 * y + 1.0;
    // ∂f/∂x = cos(x + y) + 2(x − y) − 1.5, ∂f/∂y = cos(x + y) − 2(x − y) + 2.5.
    (f, [c + 2.0 * d - 1.5, c - 2.0 * d + 2.5])
}

/// Adding the two gradient equations gives cos(x + y) = −1/2, subtracting them x − y = 1.
/// The Hessian has determinant −8·sin(x + y), so minima need sin(x + y) < 0:
/// x + y = −2π/3 + 2πk. In the window that is k = 0 (the global minimum) and k = 1.
fn mccormick_minima(_: &[f64]) -> Vec<[f64; 2]> {
    (-1..=2)
        .map(|k: i32| {
            let s = -TAU / 3.0 + TAU * f64::from(k);
            [(s + 1.0) / 2.0, (s - 1.0) / 2.0]
        })
        .collect()
}

/// f = x² − y²: downhill along y for ever, so no minimum and no lower bound.
#[inline]
fn saddle(_: &[f64], x: f64, y: f64) -> (f64, [f64; 2]) {
    (x * x - y * y, [2.0 * x, -2.0 * y])
}
