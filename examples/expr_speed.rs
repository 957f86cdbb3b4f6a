//! Times typed expressions (a benchmark, not a test: it prints figures).
//!
//! `cargo run --release --example expr_speed` reports
//! - parsing and differentiating (compile to a tape, one value and gradient) a 200-node
//!   expression, the work done on every keystroke;
//! - a 50-node expression over a 512 × 512 grid: values block by block (the heatmap's pass),
//!   and values with gradients point by point.
//!
//! The machine may be shared: each figure is the fastest and the median of several runs.

use std::time::Instant;

use downhill::autodiff::Tape;
use downhill::expr::parse;

/// A trigonometric term like sin(1.1*x + 0.35*y) * x^2 / (1.1 + cos(y)): two transcendental
/// functions in about a dozen nodes, the worst case for speed.
fn trig_term(k: usize) -> String {
    let a = 1.0 + 0.1 * k as f64;
    let b = 0.3 + 0.05 * k as f64;
    format!("sin({a}*x + {b}*y) * x^2 / ({a} + cos(y))")
}

/// A polynomial term with one exponential in four, like 0.5*(x - 1.1)^2*(y + 0.35) + exp(-x^2):
/// what learners mostly type.
fn polynomial_term(k: usize) -> String {
    let a = 1.0 + 0.1 * k as f64;
    let b = 0.3 + 0.05 * k as f64;
    if k % 4 == 3 {
        format!("exp(-(x - {b})^2)")
    } else {
        format!("0.5*(x - {a})^2*(y + {b})")
    }
}

/// The sum of the first `n_terms` terms.
fn expression(term: fn(usize) -> String, n_terms: usize) -> String {
    (0..n_terms).map(term).collect::<Vec<_>>().join(" + ")
}

/// A sum of terms with at least `n_nodes` nodes, and its node count.
fn with_nodes(term: fn(usize) -> String, n_nodes: usize) -> (String, usize) {
    let mut n_terms = 1;
    loop {
        let text = expression(term, n_terms);
        let n = parse(&text).map(|e| e.n_nodes()).unwrap_or(0);
        if n >= n_nodes {
            return (text, n);
        }
        n_terms += 1;
    }
}

/// Runs `f` `runs` times; returns (fastest, median) in milliseconds.
fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (ms[0], ms[ms.len() / 2])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (text200, n200) = with_nodes(trig_term, 200);
    let mut sink = 0.0;
    let (fast, median) = time(200, || {
        if let Ok(expr) = parse(&text200) {
            let tape = Tape::compile(&expr);
            let (v, [gx, gy]) = tape.eval_grad(0.3, -0.7);
            sink += v + gx + gy;
        }
    });
    println!(
        "parse + compile + value and gradient, {n200} nodes ({} chars): {fast:.4} ms fastest, {median:.4} ms median",
        text200.len()
    );

    let side = 512;
    let xs: Vec<f64> = (0..side)
        .map(|i| -3.0 + 6.0 * (i as f64 + 0.5) / side as f64)
        .collect();
    let ys: Vec<f64> = xs.iter().rev().copied().collect();
    let mut values = vec![0f32; side * side];
    let mut gradients = vec![0f32; 2 * side * side];
    for (kind, term) in [
        ("polynomial", polynomial_term as fn(usize) -> String),
        ("trigonometric", trig_term),
    ] {
        let (text50, n50) = with_nodes(term, 50);
        let tape = Tape::compile(&parse(&text50)?);
        let (fast, median) = time(20, || tape.eval_grid(&xs, &ys, &mut values));
        println!("{n50}-node {kind} expression, 512x512 values (block evaluator): {fast:.2} ms fastest, {median:.2} ms median");
        let (fast, median) = time(5, || {
            tape.eval_grad_grid(&xs, &ys, &mut values, &mut gradients)
        });
        println!("{n50}-node {kind} expression, 512x512 values and gradients (point by point): {fast:.2} ms fastest, {median:.2} ms median");
        let field: Vec<f64> = xs.iter().step_by(16).copied().collect();
        let mut field_values = vec![0f32; field.len() * field.len()];
        let mut field_gradients = vec![0f32; 2 * field.len() * field.len()];
        let (fast, median) = time(50, || {
            tape.eval_grad_grid(&field, &field, &mut field_values, &mut field_gradients)
        });
        println!(
            "{n50}-node {kind} expression, {0}x{0} gradient field: {fast:.3} ms fastest, {median:.3} ms median",
            field.len()
        );
    }
    // Keep the results alive so nothing is optimised away.
    println!(
        "(checksum {:.3})",
        sink + f64::from(values[side * side / 2]) + f64::from(gradients[1])
    );
    Ok(())
}
