//! Milliseconds per epoch of the default house-price network (two hidden layers of 32 ReLU
//! units, Adam, batches of 32) on Ames and, when `../shared/data/` is there, on California,
//! natively, through the same `houses::Network` the page runs. For reference only; nothing
//! asserts a time. Also prints the test R² reached, beside the least-squares baseline.
//!
//! Run: `cargo run --release --example houses_speed [epochs] [--json]`. With `--json` it prints
//! one JSON object per data set instead (`bench/houses.mjs` compares them with the wasm's).

use std::sync::Arc;
use std::time::Instant;

use downhill::data::Dataset;
use downhill::houses::{Network, Settings, DEFAULT_EPOCHS};

#[path = "../tests/ames/mod.rs"]
mod ames;
use ames::AMES_FEATURES;

fn run(name: &str, data: Dataset, epochs: usize, json: bool) {
    let data = Arc::new(data);
    let started = Instant::now();
    let mut net = Network::new(data.clone(), Settings::default()).expect("default settings");
    let setup_ms = started.elapsed().as_secs_f64() * 1e3;
    let mut times = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        let t = Instant::now();
        net.train_epoch().expect("training");
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let total_ms = times.iter().sum::<f64>();
    times.sort_by(f64::total_cmp);
    let m = net.metrics();
    let b = net.baselines();
    if json {
        println!(
            "{{\"name\":\"{name}\",\"epochMs\":{},\"totalMs\":{total_ms},\"r2\":{}}}",
            times[times.len() / 2],
            m.r2
        );
        return;
    }
    println!(
        "{name}: {} rows ({} train), {} features; setup {setup_ms:.1} ms; median epoch {:.2} ms \
         (fastest {:.2}, slowest {:.2}); {epochs} epochs {:.0} ms; test R² {:.3} \
         (least squares {:.3}, mean {:.3}); RMSE {:.0}",
        data.n_rows(),
        net.split().train_idx.len(),
        data.n_features(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        total_ms,
        m.r2,
        b.least_squares.r2,
        b.mean.r2,
        m.rmse,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|arg| arg == "--json");
    let epochs: usize = args
        .iter()
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(DEFAULT_EPOCHS);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ames = std::fs::read_to_string(root.join("www/data/ames.csv")).expect("www/data/ames.csv");
    let data = Dataset::from_csv(&ames, "Sale_Price", Some(&AMES_FEATURES)).expect("Ames");
    run("Ames", data, epochs, json);
    match std::fs::read_to_string(root.join("../shared/data/california_housing.csv")) {
        Ok(text) => {
            let data = Dataset::from_csv(&text, "median_house_value", None).expect("California");
            run("California", data, epochs, json);
        }
        Err(_) if json => {}
        Err(_) => println!("California: ../shared/data/california_housing.csv is absent; skipped"),
    }
}
