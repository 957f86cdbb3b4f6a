//! Milliseconds per W1 epoch (shared/bench/WORKLOADS.md), natively, through the same
//! `Trainer`/`Mlp` code the playground runs. For reference only; nothing asserts a time.
//!
//! Run: `cargo run --release --example nn_speed` (add `f32` to skip the f64 variant, `min`
//! to print the fastest epoch instead of the median).

use downhill::nn::{Activation, Architecture, Mlp, TrainConfig, Trainer};
use downhill::optim::Hyper;
use downhill::real::Real;
use downhill::rng::SplitMix64;
use std::time::Instant;

const N: usize = 20_000;
const EPOCHS: usize = 5;
const RUNS: usize = 5;

/// W1's data from seed 1: x (N × 8) and y, f32.
fn data() -> (Vec<f32>, Vec<f32>) {
    let mut rng = SplitMix64::new(1);
    let (mut x, mut y) = (Vec::with_capacity(N * 8), Vec::with_capacity(N));
    for _ in 0..N {
        let mut f = [0.0f64; 8];
        for v in &mut f {
            let u = ((rng.uniform() + rng.uniform()) + rng.uniform()) + rng.uniform();
            *v = (u - 2.0) * 3f64.sqrt();
        }
        let e = rng.uniform() - 0.5;
        let mut s = 0.6 * f[0];
        s -= 0.4 * (f[1] * f[2]);
        s += 0.8 * (f[3] / (1.0 + f[3].abs()));
        s += 0.3 * (f[4] * f[4] - 1.0);
        s += 0.5 * f[5].max(0.0);
        s -= 0.2 * (f[6] * f[7]);
        s += 0.2 * e;
        x.extend(f.iter().map(|&v| v as f32));
        y.push(s as f32);
    }
    (x, y)
}

/// W1's five permutations from seed 3.
fn permutations() -> Vec<Vec<u32>> {
    let mut rng = SplitMix64::new(3);
    (0..EPOCHS)
        .map(|_| {
            let mut p: Vec<u32> = (0..N as u32).collect();
            for i in (1..N).rev() {
                p.swap(i, (rng.uniform() * (i + 1) as f64).floor() as usize);
            }
            p
        })
        .collect()
}

fn arch() -> Architecture {
    Architecture {
        n_inputs: 8,
        hidden: vec![32, 32],
        activation: Activation::Tanh,
    }
}

/// Trains W1 `RUNS` times from the same start; returns (median ms per epoch, or the fastest
/// with `min`, and the final MSE).
fn measure<F: Real>(x: &[F], y: &[F], params: &[F], perms: &[Vec<u32>]) -> (f64, f64) {
    let all_rows: Vec<usize> = (0..N).collect();
    let config = TrainConfig {
        optimizer: "sgd".to_string(),
        hyper: Hyper {
            lr: Some(0.01),
            ..Hyper::default()
        },
        batch_size: 64,
        ..TrainConfig::default()
    };
    let mut times = Vec::new();
    let mut mse = f64::NAN;
    for _ in 0..RUNS {
        let mlp = Mlp::from_params(arch(), params).expect("W1's network is valid");
        let mut trainer = Trainer::new(mlp, &config).expect("W1's settings are valid");
        for perm in perms {
            let start = Instant::now();
            trainer
                .train_epoch_with_permutation(x, y, perm, 0.01, 64)
                .expect("W1's data is consistent");
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        mse = trainer
            .mse(x, y, &all_rows)
            .expect("W1's data is consistent");
    }
    times.sort_by(f64::total_cmp);
    if std::env::args().any(|arg| arg == "min") {
        return (times[0], mse); // the least disturbed epoch, for comparing code changes
    }
    (times[times.len() / 2], mse)
}

fn main() {
    let (x, y) = data();
    let perms = permutations();
    let params = Mlp::<f32>::with_rng(arch(), &mut SplitMix64::new(2))
        .expect("W1's network is valid")
        .params()
        .to_vec();

    let statistic = if std::env::args().any(|arg| arg == "min") {
        "fastest"
    } else {
        "median"
    };
    let (ms, mse) = measure(&x, &y, &params, &perms);
    println!(
        "W1 f32: {ms:.2} ms/epoch ({statistic} of {}), {:.0} samples/s, final MSE {mse:.7} (expected 0.2362148)",
        RUNS * EPOCHS,
        N as f64 / (ms / 1e3)
    );
    if std::env::args().any(|arg| arg == "f32") {
        return;
    }
    let widen = |v: &[f32]| v.iter().map(|&a| f64::from(a)).collect::<Vec<f64>>();
    let (ms, mse) = measure(&widen(&x), &widen(&y), &widen(&params), &perms);
    println!(
        "W1 f64: {ms:.2} ms/epoch ({statistic} of {}), {:.0} samples/s, final MSE {mse:.8} (expected 0.23621468)",
        RUNS * EPOCHS,
        N as f64 / (ms / 1e3)
    );
}
