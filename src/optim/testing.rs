//! Helpers shared by the optimizers' unit tests: a fixed quadratic and a relative comparison.

use super::Optimizer;

/// Curvature a of f(x, y) = ½(a x² + b y²).
pub const A: f64 = 1.0;
/// Curvature b of f(x, y) = ½(a x² + b y²); b ≠ a, so the two coordinates behave differently.
pub const B: f64 = 4.0;
/// The starting point of the hand-computed steps.
pub const START: [f64; 2] = [2.0, -1.0];

/// ∇f = (a x, b y) for f(x, y) = ½(a x² + b y²).
pub fn quadratic_grad(p: &[f64]) -> [f64; 2] {
    [A * p[0], B * p[1]]
}

/// The points after each of the first three steps of `opt` on the quadratic from `START`.
pub fn first_three(opt: &mut dyn Optimizer<f64>) -> [[f64; 2]; 3] {
    let mut p = START;
    let mut path = [[0.0; 2]; 3];
    for point in &mut path {
        let g = quadratic_grad(&p);
        opt.step(&mut p, &g);
        *point = p;
    }
    path
}

/// Asserts |got − want| ≤ 1e-12 |want| for every coordinate (want is never 0 here).
#[track_caller]
pub fn assert_rel(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len());
    for (idx, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(w != 0.0, "compare against a nonzero value");
        assert!(
            (g - w).abs() <= 1e-12 * w.abs(),
            "coordinate {idx}: got {g:e}, want {w:e} (all: {got:?} vs {want:?})"
        );
    }
}

/// Asserts each of three points equals the expected one to 1e-12 relative.
#[track_caller]
pub fn assert_path(got: &[[f64; 2]; 3], want: &[[f64; 2]; 3]) {
    for (g, w) in got.iter().zip(want) {
        assert_rel(g, w);
    }
}
