//! Milliseconds per W1 epoch (bench/WORKLOADS.md), natively, through the same
//! `downhill::bench` session (the playground's `Trainer`/`Mlp`) that `cargo xtask bench` runs.
//! A quick figure while changing the kernels; nothing asserts a time.
//!
//! Run: `cargo run --release --example nn_speed` (add `f32` to skip the f64 variant, `min`
//! to print the fastest epoch instead of the median).

use downhill::bench::{mlp_inputs, MlpInputs, MlpSession, W1_EPOCHS, W1_HIDDEN, W1_N_INPUTS};
use downhill::real::Real;
use std::time::Instant;

const N: usize = 20_000;
const RUNS: usize = 5;
const LR: f64 = 0.01;
const BATCH: usize = 64;

/// Trains W1 `RUNS` times from the same start; returns (median ms per epoch, or the fastest
/// with `min`, and the final MSE).
fn measure<F: Real>(inputs: &MlpInputs, fastest: bool) -> (f64, f64) {
    let MlpInputs {
        x,
        y,
        params,
        perms,
        ..
    } = inputs;
    let mut times = Vec::new();
    let mut mse = f64::NAN;
    for _ in 0..RUNS {
        let mut session = MlpSession::<F>::new(W1_N_INPUTS, &W1_HIDDEN, x, y, params)
            .expect("W1's inputs are consistent");
        for perm in perms {
            let start = Instant::now();
            session
                .epoch(perm, LR, BATCH)
                .expect("W1's data is consistent");
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        mse = session.mse().expect("W1's data is consistent");
    }
    times.sort_by(f64::total_cmp);
    // The least disturbed epoch is the one to compare code changes by.
    let ms = if fastest {
        times[0]
    } else {
        times[times.len() / 2]
    };
    (ms, mse)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let fastest = args.iter().any(|arg| arg == "min");
    let statistic = if fastest { "fastest" } else { "median" };
    let inputs = mlp_inputs(N, W1_EPOCHS);
    let report = |dtype: &str, (ms, mse): (f64, f64), expected: &str| {
        println!(
            "W1 {dtype}: {ms:.2} ms/epoch ({statistic} of {}), {:.0} samples/s, final MSE {mse:.8} (expected {expected})",
            RUNS * W1_EPOCHS,
            N as f64 / (ms / 1e3)
        );
    };
    report("f32", measure::<f32>(&inputs, fastest), "0.2362148");
    if !args.iter().any(|arg| arg == "f32") {
        report("f64", measure::<f64>(&inputs, fastest), "0.23621468");
    }
}
