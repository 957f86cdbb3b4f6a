//! Times the optimizer race and the learning-rate sweep (a benchmark, not a test: it prints
//! figures). The page's budget is one animation frame's slice, about 8 ms.
//!
//! `cargo run --release --example race_speed` races six optimizers on Rosenbrock, 1,000 steps
//! each per "frame", and sweeps 60 learning rates × 500 steps for SGD and Adam.

use std::time::Instant;

use downhill::landscape::Landscape;
use downhill::optim::Hyper;
use downhill::race::{divergence_edge, log_rates, lr_sweep, GradientNoise, Race};

/// The fastest and the median of `times` (ms).
fn summary(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[0], times[times.len() / 2])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rosenbrock = Landscape::builtin("rosenbrock", &[])?;
    let start = [-1.5, 2.0];
    let lanes = [
        ("sgd", 5e-4),
        ("momentum", 5e-4),
        ("nesterov", 5e-4),
        ("rmsprop", 1e-2),
        ("adam", 2e-2),
        ("adamw", 2e-2),
    ];
    for sigma in [0.0, 1.0] {
        let mut frame_ms = Vec::new();
        // Fresh races, 20 "frames" of 1,000 steps each, several times over (the machine may
        // be shared: the fastest and the median tell more than one run).
        for _ in 0..10 {
            let mut race = Race::new(rosenbrock.clone(), start)?;
            race.set_noise(GradientNoise { sigma, seed: 1 })?;
            for (name, lr) in lanes {
                race.add(
                    name,
                    &Hyper {
                        lr: Some(lr),
                        ..Hyper::default()
                    },
                )?;
            }
            for _ in 0..20 {
                let t = Instant::now();
                race.step_all(1000);
                frame_ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        let (fastest, median) = summary(frame_ms);
        println!(
            "race, 6 optimizers x 1000 steps (σ = {sigma}): {fastest:.3} ms fastest, {median:.3} ms median per frame"
        );
    }

    let lrs = log_rates(1e-5, 1.0, 60)?;
    for name in ["sgd", "adam"] {
        let mut times = Vec::new();
        let mut edge = None;
        for _ in 0..10 {
            let t = Instant::now();
            let points = lr_sweep(
                &rosenbrock,
                name,
                &Hyper::default(),
                start,
                &lrs,
                500,
                GradientNoise::default(),
            )?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
            edge = divergence_edge(&points);
        }
        let (fastest, median) = summary(times);
        let edge = edge.map_or("none in range".to_string(), |lr| format!("{lr:.3e}"));
        println!(
            "sweep, {name} 60 rates x 500 steps: {fastest:.2} ms fastest, {median:.2} ms median (divergence edge: {edge})"
        );
    }
    Ok(())
}
