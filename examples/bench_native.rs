//! W1–W3 (bench/WORKLOADS.md) natively, through the same Rust the playground compiles
//! to wasm. A benchmark, not a test: it prints figures; `cargo xtask bench` runs it between the
//! wasm and plain-JavaScript rounds and checks its results.
//!
//! Run: `cargo run --release --example bench_native [-- --json] [--rounds N]`.
//! With `--json` it prints one JSON object per round (times in ms, results exact) for the
//! runner; without, a short human summary.

use std::fmt::Write as _;
use std::time::Instant;

use downhill::bench::{
    mlp_inputs, run_optimizer, LandscapeGrid, MlpInputs, MlpSession, W1_EPOCHS, W1_HIDDEN,
    W1_N_INPUTS, W2_VIEW, W3_OPTIMIZERS, W3_START,
};
use downhill::landscape::Landscape;
use downhill::real::Real;
use downhill::render::Palette;

/// Rows of W1.
const N_ROWS: usize = 20_000;
/// Timed W2 grids per round (after one untimed warm-up).
const W2_GRIDS: usize = 15;
/// Timed W3 runs (all six optimizers each) per round.
const W3_RUNS: usize = 3;
/// Steps per optimizer in W3.
const W3_STEPS: usize = 100_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|arg| arg == "--json");
    let rounds = match args.iter().position(|arg| arg == "--rounds") {
        Some(idx) => args
            .get(idx + 1)
            .and_then(|n| n.parse().ok())
            .ok_or("--rounds wants a whole number")?,
        None => 1,
    };
    let inputs = mlp_inputs(N_ROWS, W1_EPOCHS);
    for _ in 0..rounds {
        let w1_f32 = w1::<f32>(&inputs)?;
        let w1_f64 = w1::<f64>(&inputs)?;
        let w2 = w2()?;
        let w3 = w3()?;
        if json {
            println!(
                "{{\"w1\":{{\"f32\":{},\"f64\":{}}},\"w2\":{},\"w3\":{}}}",
                w1_f32.json(),
                w1_f64.json(),
                w2.json(),
                w3.json()
            );
        } else {
            println!(
                "W1 f32 {:.2} ms/epoch (MSE {:.7}), f64 {:.2} ms/epoch (MSE {:.8}); \
                 W2 {:.3} ms/grid (f_max {:.3}, Σ RGBA {}); W3 {:.1} M steps/s",
                median(&w1_f32.epoch_ms),
                w1_f32.mse,
                median(&w1_f64.epoch_ms),
                w1_f64.mse,
                median(&w2.grid_ms),
                w2.f_max,
                w2.sum_rgba,
                6.0 * W3_STEPS as f64 / median(&w3.run_ms) / 1e3
            );
        }
    }
    Ok(())
}

/// One W1 round: five timed epochs and the final MSE.
struct W1 {
    epoch_ms: Vec<f64>,
    mse: f64,
}

impl W1 {
    fn json(&self) -> String {
        format!(
            "{{\"epochMs\":{},\"mse\":{:?}}}",
            list(&self.epoch_ms),
            self.mse
        )
    }
}

fn w1<F: Real>(inputs: &MlpInputs) -> Result<W1, Box<dyn std::error::Error>> {
    let mut session = MlpSession::<F>::new(
        W1_N_INPUTS,
        &W1_HIDDEN,
        &inputs.x,
        &inputs.y,
        &inputs.params,
    )?;
    let mut epoch_ms = Vec::new();
    for perm in &inputs.perms {
        let start = Instant::now();
        session.epoch(perm, 0.01, 64)?;
        epoch_ms.push(ms_since(start));
    }
    Ok(W1 {
        epoch_ms,
        mse: session.mse()?,
    })
}

/// One W2 round: timed grids and the checks of the last one.
struct W2 {
    grid_ms: Vec<f64>,
    f_max: f64,
    sum_rgba: u64,
    sum_f: f64,
}

impl W2 {
    fn json(&self) -> String {
        format!(
            "{{\"gridMs\":{},\"fmax\":{:?},\"sumRgba\":{},\"sumF\":{:?}}}",
            list(&self.grid_ms),
            self.f_max,
            self.sum_rgba,
            self.sum_f
        )
    }
}

/// W2's colour table: LUT[k] = (k, 255 − |2k − 255|, 255 − k, 255).
fn w2_palette() -> Result<Palette, Box<dyn std::error::Error>> {
    let bytes: Vec<u8> = (0..256i32)
        .flat_map(|k| [k, 255 - (2 * k - 255).abs(), 255 - k, 255])
        .map(|v| v as u8)
        .collect();
    Ok(Palette::from_rgba(&bytes)?)
}

fn w2() -> Result<W2, Box<dyn std::error::Error>> {
    let landscape = Landscape::builtin("rosenbrock", &[])?;
    let palette = w2_palette()?;
    let mut grid = LandscapeGrid::new();
    grid.render(&landscape, &W2_VIEW, &palette)?; // warm-up: allocates the buffers
    let mut grid_ms = Vec::new();
    let mut f_max = 0.0;
    for _ in 0..W2_GRIDS {
        let start = Instant::now();
        f_max = grid.render(&landscape, &W2_VIEW, &palette)?;
        grid_ms.push(ms_since(start));
    }
    Ok(W2 {
        grid_ms,
        f_max,
        sum_rgba: grid.rgba().iter().map(|&b| u64::from(b)).sum(),
        sum_f: grid.values().iter().map(|&v| f64::from(v)).sum(),
    })
}

/// One W3 round: timed runs of all six optimizers and the final points of the last.
struct W3 {
    run_ms: Vec<f64>,
    points: Vec<(&'static str, [f64; 2])>,
}

impl W3 {
    fn json(&self) -> String {
        let mut points = String::new();
        for (idx, (name, [x, y])) in self.points.iter().enumerate() {
            let comma = if idx == 0 { "" } else { "," };
            let _ = write!(points, "{comma}\"{name}\":[{x:?},{y:?}]");
        }
        format!(
            "{{\"runMs\":{},\"points\":{{{points}}}}}",
            list(&self.run_ms)
        )
    }
}

fn w3() -> Result<W3, Box<dyn std::error::Error>> {
    let mut run_ms = Vec::new();
    let mut points = Vec::new();
    for _ in 0..W3_RUNS {
        points.clear();
        let start = Instant::now();
        for (name, lr) in W3_OPTIMIZERS {
            points.push((name, run_optimizer(name, lr, W3_STEPS, W3_START)?));
        }
        run_ms.push(ms_since(start));
    }
    Ok(W3 { run_ms, points })
}

fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1e3
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

/// A JSON array of numbers, each written so that it parses back to the same f64.
fn list(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("[{}]", items.join(","))
}
