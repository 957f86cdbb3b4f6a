//! The optimizer race and the learning-rate sweep, against independent oracles: single descents
//! run on their own, a brute-force scan of the path, and the closed form of gradient descent on
//! a quadratic bowl.

use downhill::descent::{Descent, Status, RUNAWAY_VALUE_FACTOR};
use downhill::landscape::Landscape;
use downhill::optim::{self, Hyper, NAMES};
use downhill::race::{
    divergence_edge, log_rates, lr_sweep, GradientNoise, Race, MAX_RUNNERS, NEAR_DISTANCE,
};

fn rosenbrock() -> Landscape {
    Landscape::builtin("rosenbrock", &[]).unwrap()
}

fn bowl(kappa: f64) -> Landscape {
    Landscape::builtin("bowl", &[("condition", kappa)]).unwrap()
}

fn lr(lr: f64) -> Hyper {
    Hyper {
        lr: Some(lr),
        ..Hyper::default()
    }
}

/// A learning rate that keeps each optimizer on Rosenbrock's valley without diverging.
fn rosenbrock_rate(name: &str) -> f64 {
    match name {
        "sgd" | "momentum" | "nesterov" => 5e-4,
        _ => 2e-2,
    }
}

fn same_bits(a: &[[f64; 2]], b: &[[f64; 2]]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(p, q)| p[0].to_bits() == q[0].to_bits() && p[1].to_bits() == q[1].to_bits())
}

#[test]
fn a_race_of_all_seven_reproduces_each_descent_run_alone_bit_for_bit() {
    for noise in [
        GradientNoise::default(),
        GradientNoise {
            sigma: 3.0,
            seed: 42,
        },
    ] {
        let start = [-1.5, 2.0];
        let mut race = Race::new(rosenbrock(), start).unwrap();
        race.set_noise(noise).unwrap();
        for (idx, name) in NAMES.iter().enumerate() {
            assert_eq!(race.add(name, &lr(rosenbrock_rate(name))).unwrap(), idx);
        }
        // Uneven chunks: the race must not depend on how its steps are grouped into frames.
        for chunk in [1, 37, 500, 462] {
            race.step_all(chunk);
        }
        for (runner, name) in race.runners().iter().zip(NAMES) {
            let built = optim::build::<f64>(name, &lr(rosenbrock_rate(name))).unwrap();
            let mut alone = Descent::new(rosenbrock(), built, start).unwrap();
            alone.set_noise(noise.sigma, noise.seed).unwrap();
            alone.run(1000);
            assert_eq!(runner.descent().steps(), 1000, "{name}");
            assert!(
                same_bits(runner.descent().path(), alone.path()),
                "{name} (σ = {}) walked another path in the race",
                noise.sigma
            );
            assert_eq!(runner.descent().status(), alone.status());
        }
    }
}

#[test]
fn every_runner_sees_the_same_gradient_noise() {
    let mut race = Race::new(bowl(10.0), [-1.5, 1.0]).unwrap();
    race.set_noise(GradientNoise {
        sigma: 1.0,
        seed: 7,
    })
    .unwrap();
    race.add("sgd", &lr(0.01)).unwrap();
    race.add("sgd", &lr(0.01)).unwrap();
    race.step_all(200);
    let [a, b] = [&race.runners()[0], &race.runners()[1]];
    assert!(same_bits(a.descent().path(), b.descent().path()));
    // And the noise is really there: a noiseless runner walks elsewhere.
    let mut quiet = Race::new(bowl(10.0), [-1.5, 1.0]).unwrap();
    quiet.add("sgd", &lr(0.01)).unwrap();
    quiet.step_all(200);
    assert!(!same_bits(
        a.descent().path(),
        quiet.runners()[0].descent().path()
    ));
}

/// The first k with ‖p_k − m‖ ≤ 1e-3 for a listed minimum m, by looking at every point.
fn brute_first_near(path: &[[f64; 2]], minima: &[[f64; 2]]) -> Option<usize> {
    for (k, p) in path.iter().enumerate() {
        for m in minima {
            let d2 = (p[0] - m[0]) * (p[0] - m[0]) + (p[1] - m[1]) * (p[1] - m[1]);
            if d2.sqrt() <= 1e-3 {
                return Some(k);
            }
        }
    }
    None
}

#[test]
fn first_near_matches_a_brute_force_scan_of_the_path() {
    assert_eq!(NEAR_DISTANCE, 1e-3);
    let cases = [
        ("himmelblau", [0.0, 0.0]),
        ("rosenbrock", [-1.5, 2.0]),
        ("bowl", [-1.5, 1.0]),
        ("six_hump_camel", [-1.5, 1.0]),
    ];
    let mut n_found = 0;
    let mut n_not_found = 0;
    for (name, start) in cases {
        let landscape = Landscape::builtin(name, &[]).unwrap();
        let minima = landscape.minima();
        assert!(!minima.is_empty(), "{name} lists no minima");
        let mut race = Race::new(landscape, start).unwrap();
        for optimizer in ["sgd", "momentum", "adam", "rmsprop"] {
            race.add(
                optimizer,
                &lr(if name == "rosenbrock" { 1e-3 } else { 1e-2 }),
            )
            .unwrap();
        }
        // Check after every chunk: the incremental scan must agree at each moment.
        for chunk in [3, 50, 400, 2000] {
            race.step_all(chunk);
            for runner in race.runners() {
                let want = brute_first_near(runner.descent().path(), &minima);
                assert_eq!(runner.first_near(), want, "{name}: {}", runner.label());
            }
        }
        for runner in race.runners() {
            match runner.first_near() {
                Some(_) => n_found += 1,
                None => n_not_found += 1,
            }
        }
    }
    // The cases exercise both answers.
    assert!(
        n_found > 0 && n_not_found > 0,
        "{n_found} found, {n_not_found} not"
    );
}

#[test]
fn a_runner_that_starts_on_a_minimum_is_near_at_step_zero() {
    let mut race = Race::new(bowl(10.0), [0.0005, 0.0]).unwrap();
    race.add("adam", &Hyper::default()).unwrap();
    assert_eq!(race.runners()[0].first_near(), Some(0));
}

#[test]
fn a_runner_that_blows_up_stops_and_the_others_go_on() {
    let mut race = Race::new(bowl(10.0), [-1.5, 1.0]).unwrap();
    race.add("sgd", &lr(0.5)).unwrap();
    race.add("sgd", &lr(0.01)).unwrap();
    assert_eq!(race.step_all(300), 1);
    let wild = race.runners()[0].descent();
    assert!(matches!(wild.status(), Status::Diverged { .. }));
    assert!(wild.message().unwrap().starts_with("diverged at step "));
    let calm = race.runners()[1].descent();
    assert_eq!(calm.status(), Status::Running);
    assert_eq!(calm.steps(), 300);
}

/// The step at which SGD with rate `eta` on x² + κy² from (x₀, y₀) runs away, from the closed
/// form x_k = x₀(1 − 2η)^k, y_k = y₀(1 − 2κη)^k and the documented value rule.
fn closed_form_divergence(kappa: f64, eta: f64, start: [f64; 2], n_steps: usize) -> Option<usize> {
    let f = |x: f64, y: f64| x * x + kappa * y * y;
    let limit = RUNAWAY_VALUE_FACTOR * f(start[0], start[1]).abs().max(1.0);
    (1..=n_steps).find(|&k| {
        let x = start[0] * (1.0 - 2.0 * eta).powi(k as i32);
        let y = start[1] * (1.0 - 2.0 * kappa * eta).powi(k as i32);
        // NaN counts as running away, as in the descent's rule.
        let value = f(x, y).abs();
        value.is_nan() || value > limit
    })
}

#[test]
fn the_sweep_puts_the_divergence_edge_where_the_closed_form_says() {
    // Plain gradient descent on x² + κy² multiplies y by (1 − 2κη) each step: the largest
    // curvature is λ_max = 2κ, so it diverges exactly when η > 2/λ_max = 1/κ.
    let start = [-1.5, 1.0];
    let n_steps = 500;
    for kappa in [1.0, 10.0, 100.0, 1000.0] {
        let edge = 1.0 / kappa;
        let factors = [0.5, 0.9, 0.99, 1.0, 1.05, 1.1, 1.5, 2.0];
        let lrs: Vec<f64> = factors.iter().map(|f| f * edge).collect();
        let points = lr_sweep(
            &bowl(kappa),
            "sgd",
            &Hyper::default(),
            start,
            &lrs,
            n_steps,
            GradientNoise::default(),
        )
        .unwrap();
        for p in &points {
            assert_eq!(
                p.diverged_at,
                closed_form_divergence(kappa, p.lr, start, n_steps),
                "κ = {kappa}, η = {}",
                p.lr
            );
            assert_eq!(
                p.diverged_at.is_some(),
                p.lr > edge,
                "κ = {kappa}, η = {}",
                p.lr
            );
        }
        assert_eq!(divergence_edge(&points), Some(1.05 * edge), "κ = {kappa}");
    }
}

#[test]
fn on_a_sixty_rate_grid_the_edge_is_the_first_rate_above_one_over_kappa() {
    let kappa = 10.0;
    let lrs = log_rates(1e-4, 1.0, 60).unwrap();
    let points = lr_sweep(
        &bowl(kappa),
        "sgd",
        &Hyper::default(),
        [-1.5, 1.0],
        &lrs,
        500,
        GradientNoise::default(),
    )
    .unwrap();
    let first_above = lrs.iter().copied().find(|&r| r > 1.0 / kappa).unwrap();
    // Far enough above the edge (12%) to blow up within 500 steps.
    assert!(first_above > 1.05 / kappa);
    assert_eq!(divergence_edge(&points), Some(first_above));
    // Below the edge the loss falls; f(p₀) = 2.25 + 10 = 12.25.
    for p in points.iter().filter(|p| p.lr < 1.0 / kappa) {
        assert!(p.final_loss < 12.25, "η = {}: f = {}", p.lr, p.final_loss);
    }
}

#[test]
fn a_sweep_point_is_the_same_run_as_a_race_lane_with_that_rate() {
    let lrs = log_rates(1e-4, 0.3, 9).unwrap();
    let noise = GradientNoise {
        sigma: 0.5,
        seed: 3,
    };
    let hyper = Hyper {
        beta1: Some(0.8),
        ..Hyper::default()
    };
    let points = lr_sweep(&rosenbrock(), "adam", &hyper, [-1.5, 2.0], &lrs, 300, noise).unwrap();
    for p in points {
        let mut race = Race::new(rosenbrock(), [-1.5, 2.0]).unwrap();
        race.set_noise(noise).unwrap();
        race.add(
            "adam",
            &Hyper {
                lr: Some(p.lr),
                ..hyper
            },
        )
        .unwrap();
        race.step_all(300);
        let lane = race.runners()[0].descent();
        assert_eq!(
            lane.value().to_bits(),
            p.final_loss.to_bits(),
            "η = {}",
            p.lr
        );
    }
}

#[test]
fn log_rates_are_evenly_spaced_on_a_log_axis_with_exact_ends() {
    let lrs = log_rates(1e-5, 1.0, 60).unwrap();
    assert_eq!(lrs.len(), 60);
    assert_eq!(lrs[0], 1e-5);
    assert_eq!(lrs[59], 1.0);
    let step = 5.0 / 59.0;
    for pair in lrs.windows(2) {
        let ratio = (pair[1] / pair[0]).log10();
        assert!((ratio - step).abs() < 1e-12, "{pair:?}");
    }
    assert_eq!(log_rates(0.1, 0.1, 1).unwrap(), vec![0.1]);
    assert!(log_rates(0.1, 1.0, 0).unwrap().is_empty());
}

/// Runs `f` and returns its error message.
fn error_of<T: std::fmt::Debug, E: std::fmt::Display>(result: Result<T, E>) -> String {
    result.expect_err("expected an error").to_string()
}

#[test]
fn bad_hyperparameters_and_requests_are_refused_in_words() {
    let mut race = Race::new(rosenbrock(), [-1.5, 2.0]).unwrap();
    let negative = error_of(race.add("sgd", &lr(-0.1)));
    assert!(
        negative.contains("learning rate") && negative.contains("-0.1"),
        "{negative}"
    );
    let beta = Hyper {
        beta1: Some(1.0),
        ..Hyper::default()
    };
    let message = error_of(race.add("adam", &beta));
    assert!(
        message.contains("beta1") && message.contains("less than 1"),
        "{message}"
    );
    let eps = Hyper {
        eps: Some(0.0),
        ..Hyper::default()
    };
    let message = error_of(race.add("rmsprop", &eps));
    assert!(
        message.contains("eps") && message.contains("positive"),
        "{message}"
    );
    let message = error_of(race.add("adamm", &Hyper::default()));
    assert!(
        message.contains("unknown optimizer") && message.contains("adamw"),
        "{message}"
    );
    let momentum = Hyper {
        momentum: Some(0.9),
        ..Hyper::default()
    };
    let message = error_of(race.add("adam", &momentum));
    assert!(message.contains("beta1"), "{message}");
    assert!(race.runners().is_empty(), "a refused runner was added");

    for _ in 0..MAX_RUNNERS {
        race.add("sgd", &lr(1e-3)).unwrap();
    }
    let full = error_of(race.add("sgd", &lr(1e-3)));
    assert!(full.contains("at most 7"), "{full}");
    let missing = error_of(race.runner(9));
    assert!(missing.contains("no runner 9"), "{missing}");

    race.step_all(1);
    let late = error_of(race.set_noise(GradientNoise {
        sigma: 1.0,
        seed: 1,
    }));
    assert!(late.contains("before the race starts"), "{late}");
    let mut fresh = Race::new(rosenbrock(), [-1.5, 2.0]).unwrap();
    let sigma = error_of(fresh.set_noise(GradientNoise {
        sigma: -1.0,
        seed: 1,
    }));
    assert!(sigma.contains("σ"), "{sigma}");

    let start = error_of(Race::new(rosenbrock(), [f64::NAN, 0.0]));
    assert!(start.contains("start point"), "{start}");
    let grid = error_of(log_rates(0.0, 1.0, 10));
    assert!(grid.contains("learning rate"), "{grid}");
    let order = error_of(log_rates(1.0, 0.1, 10));
    assert!(order.contains("must not exceed"), "{order}");
    let sweep = error_of(lr_sweep(
        &rosenbrock(),
        "adam",
        &beta,
        [0.0, 0.0],
        &[0.1],
        10,
        GradientNoise::default(),
    ));
    assert!(sweep.contains("beta1"), "{sweep}");
}

#[test]
fn a_runner_label_names_the_optimizer_and_its_rate() {
    let mut race = Race::new(rosenbrock(), [-1.5, 2.0]).unwrap();
    race.add("adamw", &lr(0.01)).unwrap();
    assert_eq!(race.runners()[0].label(), "AdamW, η = 0.01");
    assert_eq!(race.runners()[0].color_idx(), 0);
}
