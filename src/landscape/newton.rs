//! Polishing a published approximate minimum to full f64 precision by Newton's method on ∇f = 0.

use super::Eval;

/// Newton iterations; from 4-5 correct digits two or three already reach rounding level.
const N_ITERATIONS: usize = 8;

/// Solves ∇f(p) = 0 by Newton's method from `start`: p ← p − H⁻¹·∇f(p).
///
/// The Hessian H is taken by central differences of the analytic gradient,
/// H·e_j ≈ (∇f(p + h·e_j) − ∇f(p − h·e_j)) / 2h. An approximate H only slows Newton from
/// quadratic to fast linear convergence; the root it converges to is where the analytic ∇f
/// vanishes. Returns the iterate with the smallest ‖∇f‖ (Newton jitters at rounding level).
pub(super) fn refine(eval: Eval, params: &[f64], start: [f64; 2]) -> [f64; 2] {
    let gradient = |p: [f64; 2]| eval(params, p[0], p[1]).1;
    let norm = |g: [f64; 2]| g[0].hypot(g[1]);
    let mut p = start;
    let mut best = (norm(gradient(p)), p);
    for _ in 0..N_ITERATIONS {
        let g = gradient(p);
        let h = 1e-5 * (1.0 + p[0].abs().max(p[1].abs()));
        let dx = (gradient([p[0] + h, p[1]]), gradient([p[0] - h, p[1]]));
        let dy = (gradient([p[0], p[1] + h]), gradient([p[0], p[1] - h]));
        // Columns of H: ∂∇f/∂x and ∂∇f/∂y.
        let h_xx = (dx.0[0] - dx.1[0]) / (2.0 * h);
        let h_yx = (dx.0[1] - dx.1[1]) / (2.0 * h);
        let h_xy = (dy.0[0] - dy.1[0]) / (2.0 * h);
        let h_yy = (dy.0[1] - dy.1[1]) / (2.0 * h);
        let det = h_xx * h_yy - h_xy * h_yx;
        if det == 0.0 || !det.is_finite() {
            break;
        }
        // [Δx, Δy] = H⁻¹·g by Cramer's rule.
        let step_x = (h_yy * g[0] - h_xy * g[1]) / det;
        let step_y = (h_xx * g[1] - h_yx * g[0]) / det;
        p = [p[0] - step_x, p[1] - step_y];
        let g_norm = norm(gradient(p));
        if g_norm < best.0 {
            best = (g_norm, p);
        }
    }
    best.1
}
