//! How much work one call may do, so that no argument can hold the page for more than about a
//! second: every call into the core runs on the page's main thread, and a frozen page cannot
//! even show a message.
//!
//! Work is counted in units of the slowest thing a call repeats. A call over its limit is
//! refused with words naming the limit and how to stay inside it. The largest allowed calls,
//! timed in headless Chromium on this two-core machine with a 574-node typed surface (sines
//! and cosines): 135,593 descent steps 0.77 s, a 766 × 766 heatmap 0.83 s, 368 × 368 arrows
//! 0.75 s, a two-rate sweep 0.71 s, 100,000 curve samples 0.53 s, 12,913 error-curve steps
//! 0.17 s; a 4096 × 4096 heatmap of Rosenbrock 0.31 s. The page's own sizes (a heatmap of a
//! few million pixels, 100,000 replayed steps of 7 runners, 161 error-curve steps, 2,000
//! samples) sit far inside on the built-in landscapes and on typed ones of ordinary size.

use std::fmt;

use crate::landscape::Landscape;

/// Point evaluations: one expression node evaluated with its gradient at one point, as a
/// descent step, a sweep step, a gradient-field arrow, a section or curve sample does (about
/// 9.5 ns in the browser, so about 0.8 s at the limit: 1,000,000 steps of `Descent.run` took
/// 6.7 s on a 601-node surface; about 130,000 are allowed there).
pub const MAX_POINT_WORK: f64 = 8e7;

/// What a point costs besides its expression, in point units: the optimizer's update, the
/// path and the stopping rules.
pub const POINT_OVERHEAD: f64 = 16.0;

/// Grid evaluations: one expression node at one pixel of a heatmap, on the compiled tape that
/// evaluates blocks of pixels together (about 2.4 ns, so about 0.85 s at the limit: a 4096²
/// render of a 601-node surface took 29 s; a 750 × 750 picture of it is allowed).
pub const MAX_GRID_WORK: f64 = 3.4e8;

/// What a pixel costs besides its expression, in grid units: its colour, bins and contours
/// (a 4096 × 4096 picture of a built-in landscape fits).
pub const PIXEL_OVERHEAD: f64 = 4.0;

/// What a built-in landscape costs per point, in nodes (the dearest, Goldstein–Price, is a few
/// dozen flops on a hand-written row loop).
pub const BUILTIN_NODES: f64 = 16.0;

/// One value of a typed f(x) for the error curve costs this many point units per node: the
/// curve takes three values per step h. Cautious: 100,000 steps h were reported at 7 s on a
/// 601-node curve (70 µs each), though 12,913 took 0.17 s here; 12,000 are allowed there.
pub const CURVE_VALUE_FACTOR: f64 = 3.5;

/// Network rows: one row through one weight (multiply-add) of the network, forward or
/// backward (a training row costs three, a measured test row one); about 1 ns, so about
/// 0.8 s at the limit.
pub const MAX_NETWORK_WORK: f64 = 8e8;

/// The least-squares baseline: one training row times the square of the feature count (a
/// Householder QR), about 6 ns each; the limit is about 0.9 s (2,000 rows of 256 features,
/// 36,000 of 64, 580,000 of 16).
pub const MAX_FIT_WORK: f64 = 1.5e8;

/// A call refused because of the work it implies.
#[derive(Clone, Debug, PartialEq)]
pub struct TooMuchWork {
    message: String,
}

impl fmt::Display for TooMuchWork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TooMuchWork {}

/// Checks that `n` items costing `cost_each` units each fit in `limit`: `Err` says how many
/// `items` (e.g. "steps") fit in one call `context` (e.g. " on a function of 601 nodes"),
/// how many were asked for, and `advice` (what to do instead).
pub fn check_count(
    n: f64,
    cost_each: f64,
    limit: f64,
    items: &str,
    context: &str,
    advice: &str,
) -> Result<(), TooMuchWork> {
    if n * cost_each <= limit {
        return Ok(());
    }
    let max = (limit / cost_each).floor();
    Err(TooMuchWork {
        message: format!(
            "at most {} {items} fit in one call{context} (got {}); {advice}",
            crate::value::number_text(max),
            crate::value::number_text(n),
        ),
    })
}

/// Point units per point on `landscape`: its nodes (or [`BUILTIN_NODES`]) plus
/// [`POINT_OVERHEAD`].
pub fn point_cost(landscape: &Landscape) -> f64 {
    nodes(landscape) + POINT_OVERHEAD
}

/// " on this function of N nodes" or " on a built-in landscape", for messages.
pub fn on(landscape: &Landscape) -> String {
    match landscape.expr() {
        Some(expr) => format!(" on this function of {} nodes", expr.n_nodes()),
        None => " on a built-in landscape".to_string(),
    }
}

fn nodes(landscape: &Landscape) -> f64 {
    landscape
        .expr()
        .map_or(BUILTIN_NODES, |expr| expr.n_nodes() as f64)
}

/// `n_steps` steps in each of `n_lanes` descents on `landscape` (a descent, a race, a sweep).
pub fn steps(landscape: &Landscape, n_steps: f64, n_lanes: usize) -> Result<(), TooMuchWork> {
    let lanes = n_lanes.max(1) as f64;
    let (items, advice) = if n_lanes > 1 {
        (
            format!("steps (summed over {n_lanes} descents)"),
            "take fewer steps per call, in slices",
        )
    } else {
        ("steps".to_string(), "take fewer steps per call, in slices")
    };
    check_count(
        n_steps * lanes,
        point_cost(landscape),
        MAX_POINT_WORK,
        &items,
        &on(landscape),
        advice,
    )
}

/// `n` points of value and gradient on `landscape` (`items`: "arrows", "samples").
pub fn points(landscape: &Landscape, n: f64, items: &str) -> Result<(), TooMuchWork> {
    check_count(
        n,
        point_cost(landscape),
        MAX_POINT_WORK,
        items,
        &on(landscape),
        "ask for fewer",
    )
}

/// A picture of `n_pixels` pixels of `landscape`.
pub fn pixels(landscape: &Landscape, n_pixels: f64) -> Result<(), TooMuchWork> {
    check_count(
        n_pixels,
        nodes(landscape) + PIXEL_OVERHEAD,
        MAX_GRID_WORK,
        "pixels",
        &on(landscape),
        "draw a smaller picture",
    )
}

/// `n` samples of value and derivative of a typed f(x) of `n_nodes` nodes.
pub fn curve_samples(n_nodes: usize, n: f64) -> Result<(), TooMuchWork> {
    check_count(
        n,
        n_nodes as f64 + POINT_OVERHEAD,
        MAX_POINT_WORK,
        "samples",
        &format!(" on this function of {n_nodes} nodes"),
        "ask for fewer",
    )
}

/// The error curve's `n` steps h (three values of f each) for a typed f(x) of `n_nodes` nodes.
pub fn curve_errors(n_nodes: usize, n: f64) -> Result<(), TooMuchWork> {
    check_count(
        n,
        3.0 * CURVE_VALUE_FACTOR * (n_nodes as f64 + POINT_OVERHEAD),
        MAX_POINT_WORK,
        "steps h",
        &format!(" on this function of {n_nodes} nodes"),
        "ask for fewer",
    )
}

/// The most rows `Network.advance` pushes through a network of `n_params` weights in one call
/// (at least one: a mini-batch is never split).
pub fn network_rows(n_params: usize) -> usize {
    (MAX_NETWORK_WORK / (3.0 * n_params.max(1) as f64)).max(1.0) as usize
}

/// One call that trains `n_train_rows` rows and measures `n_test_rows` rows through a network
/// of `n_params` weights (`what`: "one epoch", "this mini-batch and the test measurement").
pub fn network_pass(
    n_params: usize,
    n_train_rows: usize,
    n_test_rows: usize,
    what: &str,
) -> Result<(), TooMuchWork> {
    let passes = 3.0 * n_train_rows as f64 + n_test_rows as f64;
    check_count(
        passes,
        n_params as f64,
        MAX_NETWORK_WORK,
        "row passes (3 per training row, 1 per test row)",
        &format!(" through a network of {n_params} weights"),
        &format!("{what} needs more; train in time slices with advance(rows)"),
    )
}

/// Fitting the least-squares baseline on `n_rows` rows of `n_features` features.
pub fn least_squares(n_rows: usize, n_features: usize) -> Result<(), TooMuchWork> {
    let d = n_features as f64;
    check_count(
        n_rows as f64,
        d * d,
        MAX_FIT_WORK,
        "rows",
        &format!(" for the least-squares baseline with {n_features} features"),
        "choose fewer feature columns, or use a smaller file",
    )
}
