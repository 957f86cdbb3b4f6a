//! The seven optimizers through the public API the JS layer uses: the benchmark's bit-exact
//! final points, convergence on a bowl in f32 and f64, determinism, reset, and validation.

use downhill::optim::{build, defaults, hyper_of, Hyper, Inner, Optimizer, NAMES};
use downhill::real::Real;
use proptest::prelude::*;

/// Only the learning rate set; everything else at the optimizer's default.
fn lr(value: f64) -> Hyper {
    Hyper {
        lr: Some(value),
        ..Hyper::default()
    }
}

/// ∇f for Rosenbrock f = (1 − x)² + 100 (y − x²)², written as WORKLOADS.md W3 gives it.
fn rosenbrock_grad(p: &[f64]) -> [f64; 2] {
    let (x, y) = (p[0], p[1]);
    let a = 1.0 - x;
    let b = y - x * x;
    let gx = (-2.0 * a) - (400.0 * x) * b;
    let gy = 200.0 * b;
    [gx, gy]
}

#[test]
fn w3_final_points_are_bit_exact() {
    // WORKLOADS.md W3: 100,000 steps from (−1.5, 2) with these learning rates and the other
    // hyperparameters at PyTorch's defaults (μ = 0.9 for the momentum methods).
    let cases: [(&str, f64, [f64; 2]); 6] = [
        ("sgd", 2e-4, [0.9998216840103001, 0.99964268619173]),
        ("momentum", 2e-5, [0.9998228399637032, 0.9996450023142547]),
        ("nesterov", 2e-5, [0.9998226993640706, 0.999644720602085]),
        ("adagrad", 0.05, [0.9999999987148774, 0.9999999974258355]),
        ("rmsprop", 1e-3, [0.9993500150126499, 1.000200302487479]),
        ("adam", 1e-2, [0.9999951127406305, 0.9999902329151744]),
    ];
    for (name, rate, want) in cases {
        let mut opt = build::<f64>(name, &lr(rate)).expect("W3 settings are valid");
        let mut p = [-1.5, 2.0];
        for _ in 0..100_000 {
            let g = rosenbrock_grad(&p);
            opt.step(&mut p, &g);
        }
        assert_eq!(
            p.map(f64::to_bits),
            want.map(f64::to_bits),
            "{name}: got {p:?}, W3 expects {want:?}"
        );
    }
}

/// (name, learning rate, n_steps): from (−1.5, 1) on f = x² + 10 y², each optimizer is within
/// 1e-3 of the minimum (0, 0) after n_steps and stays there until 2·n_steps. RMSProp and Adam
/// keep a step of about γ per coordinate, so they need a small γ to settle inside 1e-3.
const BOWL_RUNS: [(&str, f64, usize); 7] = [
    ("sgd", 0.05, 100),
    ("momentum", 0.01, 200),
    ("nesterov", 0.03, 100),
    ("adagrad", 0.5, 50),
    ("rmsprop", 1e-3, 4000),
    ("adam", 1e-2, 500),
    ("adamw", 1e-2, 500),
];

/// Runs the bowl descent in precision F and checks it settles as `BOWL_RUNS` states.
fn check_bowl<F: Real>() {
    for (name, rate, n_steps) in BOWL_RUNS {
        let mut opt = build::<F>(name, &lr(rate)).expect("valid settings");
        let mut p = [F::from_f64(-1.5), F::from_f64(1.0)];
        for step_idx in 1..=2 * n_steps {
            // ∇(x² + 10 y²) = (2x, 20y)
            let g = [F::from_f64(2.0) * p[0], F::from_f64(20.0) * p[1]];
            opt.step(&mut p, &g);
            let dist = (p[0] * p[0] + p[1] * p[1]).sqrt().to_f64();
            if step_idx >= n_steps {
                assert!(
                    dist < 1e-3,
                    "{name} ({}-bit): {dist:e} from the minimum at step {step_idx}",
                    8 * size_of::<F>()
                );
            }
        }
    }
}

#[test]
fn every_optimizer_settles_in_the_bowl_in_f64() {
    check_bowl::<f64>();
}

#[test]
fn every_optimizer_settles_in_the_bowl_in_f32() {
    check_bowl::<f32>();
}

/// The first `n_steps` points of a descent on Rosenbrock from (−1.2, 1) with `opt`.
fn rosenbrock_path(opt: &mut dyn Optimizer<f64>, n_steps: usize) -> Vec<[f64; 2]> {
    let mut p = [-1.2, 1.0];
    (0..n_steps)
        .map(|_| {
            let g = rosenbrock_grad(&p);
            opt.step(&mut p, &g);
            p
        })
        .collect()
}

/// Bit patterns, so that two paths compare exactly (and NaN equals NaN).
fn bits(path: &[[f64; 2]]) -> Vec<[u64; 2]> {
    path.iter().map(|p| p.map(f64::to_bits)).collect()
}

/// A learning rate each optimizer takes on Rosenbrock without diverging.
fn rosenbrock_lr(name: &str) -> Hyper {
    lr(match name {
        "adagrad" | "rmsprop" | "adam" | "adamw" => 1e-2,
        _ => 1e-4,
    })
}

#[test]
fn same_inputs_give_a_bit_identical_path() {
    for &name in NAMES {
        let hyper = rosenbrock_lr(name);
        let first = rosenbrock_path(&mut *build(name, &hyper).expect("valid"), 500);
        let second = rosenbrock_path(&mut *build(name, &hyper).expect("valid"), 500);
        assert_eq!(bits(&first), bits(&second), "{name}");
        let end = first[first.len() - 1];
        assert!(
            end[0].is_finite() && end[1].is_finite(),
            "{name} diverged: {end:?}"
        );
    }
}

#[test]
fn reset_restores_the_initial_behaviour() {
    for &name in NAMES {
        let mut opt = build::<f64>(name, &rosenbrock_lr(name)).expect("valid");
        let first = rosenbrock_path(&mut *opt, 50);
        assert_ne!(
            opt.inner(),
            Inner::default(),
            "{name} shows no state after stepping"
        );
        opt.reset();
        assert_eq!(
            opt.inner(),
            Inner::default(),
            "{name} keeps state after reset"
        );
        let again = rosenbrock_path(&mut *opt, 50);
        assert_eq!(bits(&first), bits(&again), "{name}");
    }
}

#[test]
fn set_learning_rate_keeps_the_accumulated_state() {
    for &name in NAMES {
        let hyper = rosenbrock_lr(name);
        let straight = rosenbrock_path(&mut *build(name, &hyper).expect("valid"), 20);
        let mut opt = build::<f64>(name, &hyper).expect("valid");
        let mut p = [-1.2, 1.0];
        let mut split = Vec::new();
        for step_idx in 0..20 {
            if step_idx == 10 {
                // The same value again: the path must not notice.
                opt.set_learning_rate(opt.learning_rate());
            }
            let g = rosenbrock_grad(&p);
            opt.step(&mut p, &g);
            split.push(p);
        }
        assert_eq!(bits(&straight), bits(&split), "{name}");
        opt.set_learning_rate(0.125);
        assert_eq!(opt.learning_rate(), 0.125);
        assert_eq!(hyper_of(&*opt).lr, Some(0.125));
    }
}

#[test]
fn f32_follows_f64_closely() {
    for &name in NAMES {
        let mut wide = build::<f64>(name, &lr(1e-2)).expect("valid");
        let mut narrow = build::<f32>(name, &lr(1e-2)).expect("valid");
        let (mut p64, mut p32) = ([0.5f64, -0.25], [0.5f32, -0.25]);
        for _ in 0..20 {
            let g64 = [2.0 * p64[0], 20.0 * p64[1]];
            let g32 = [2.0 * p32[0], 20.0 * p32[1]];
            wide.step(&mut p64, &g64);
            narrow.step(&mut p32, &g32);
        }
        for idx in 0..2 {
            let diff = (f64::from(p32[idx]) - p64[idx]).abs();
            assert!(diff < 1e-5, "{name}: f32 {p32:?} vs f64 {p64:?}");
        }
        assert_eq!(narrow.name(), name);
    }
}

#[test]
fn defaults_are_pytorchs() {
    // From PyTorch's torch.optim documentation; SGD's lr (PyTorch has none) and the momentum
    // methods' μ = 0.9 (PyTorch: 0) are Downhill's own choices.
    let none = Hyper::default();
    let want = [
        (
            "sgd",
            Hyper {
                lr: Some(1e-3),
                ..none
            },
        ),
        (
            "momentum",
            Hyper {
                lr: Some(1e-3),
                momentum: Some(0.9),
                ..none
            },
        ),
        (
            "nesterov",
            Hyper {
                lr: Some(1e-3),
                momentum: Some(0.9),
                ..none
            },
        ),
        (
            "adagrad",
            Hyper {
                lr: Some(1e-2),
                eps: Some(1e-10),
                ..none
            },
        ),
        (
            "rmsprop",
            Hyper {
                lr: Some(1e-2),
                alpha: Some(0.99),
                eps: Some(1e-8),
                ..none
            },
        ),
        (
            "adam",
            Hyper {
                lr: Some(1e-3),
                beta1: Some(0.9),
                beta2: Some(0.999),
                eps: Some(1e-8),
                weight_decay: Some(0.0),
                ..none
            },
        ),
        (
            "adamw",
            Hyper {
                lr: Some(1e-3),
                beta1: Some(0.9),
                beta2: Some(0.999),
                eps: Some(1e-8),
                weight_decay: Some(1e-2),
                ..none
            },
        ),
    ];
    assert_eq!(want.map(|(name, _)| name), NAMES);
    for (name, hyper) in want {
        assert_eq!(defaults(name), Ok(hyper), "{name}");
        let opt = build::<f64>(name, &none).expect("defaults are valid");
        assert_eq!(opt.name(), name);
        assert_eq!(hyper_of(&*opt), hyper, "{name}");
    }
}

/// The error message `build` gives for `name` with `hyper`.
fn error(name: &str, hyper: Hyper) -> String {
    match build::<f64>(name, &hyper) {
        Ok(_) => panic!("{name} accepted {hyper:?}"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn each_bad_value_is_named_with_its_range() {
    let none = Hyper::default();
    let lr_msg =
        |v: &str| format!("lr (the learning rate) must be a positive, finite number (got {v})");
    assert_eq!(error("sgd", lr(0.0)), lr_msg("0"));
    assert_eq!(error("adam", lr(-0.1)), lr_msg("-0.1"));
    assert_eq!(error("rmsprop", lr(f64::NAN)), lr_msg("NaN"));
    assert_eq!(error("momentum", lr(f64::INFINITY)), lr_msg("Infinity"));

    let unit =
        |field: &str, v: &str| format!("{field} must be at least 0 and less than 1 (got {v})");
    assert_eq!(
        error(
            "momentum",
            Hyper {
                momentum: Some(1.0),
                ..none
            }
        ),
        unit("momentum", "1")
    );
    assert_eq!(
        error(
            "nesterov",
            Hyper {
                momentum: Some(-0.1),
                ..none
            }
        ),
        unit("momentum", "-0.1")
    );
    assert_eq!(
        error(
            "rmsprop",
            Hyper {
                alpha: Some(1.5),
                ..none
            }
        ),
        unit("alpha", "1.5")
    );
    assert_eq!(
        error(
            "adam",
            Hyper {
                beta1: Some(-0.5),
                ..none
            }
        ),
        unit("beta1", "-0.5")
    );
    assert_eq!(
        error(
            "adamw",
            Hyper {
                beta2: Some(1.0),
                ..none
            }
        ),
        "beta2 must be at least 0 and less than 1 (got 1)"
    );
    assert_eq!(
        error(
            "adam",
            Hyper {
                beta2: Some(f64::NAN),
                ..none
            }
        ),
        unit("beta2", "NaN")
    );

    let eps_msg = |v: &str| format!("eps must be a positive, finite number (got {v})");
    assert_eq!(
        error(
            "adagrad",
            Hyper {
                eps: Some(0.0),
                ..none
            }
        ),
        eps_msg("0")
    );
    assert_eq!(
        error(
            "adam",
            Hyper {
                eps: Some(-1e-8),
                ..none
            }
        ),
        eps_msg("-1e-8")
    );
    assert_eq!(
        error(
            "rmsprop",
            Hyper {
                eps: Some(f64::INFINITY),
                ..none
            }
        ),
        eps_msg("Infinity")
    );

    let wd_msg = |v: &str| format!("weightDecay must be 0 or a positive, finite number (got {v})");
    assert_eq!(
        error(
            "adamw",
            Hyper {
                weight_decay: Some(-0.01),
                ..none
            }
        ),
        wd_msg("-0.01")
    );
    assert_eq!(
        error(
            "adam",
            Hyper {
                weight_decay: Some(f64::INFINITY),
                ..none
            }
        ),
        wd_msg("Infinity")
    );
}

#[test]
fn range_edges_are_accepted() {
    let ok = |name: &str, hyper: Hyper| {
        assert!(
            build::<f64>(name, &hyper).is_ok(),
            "{name} rejected {hyper:?}"
        );
    };
    let none = Hyper::default();
    ok(
        "momentum",
        Hyper {
            momentum: Some(0.0),
            ..none
        },
    );
    ok(
        "nesterov",
        Hyper {
            momentum: Some(0.999),
            ..none
        },
    );
    ok(
        "rmsprop",
        Hyper {
            alpha: Some(0.0),
            ..none
        },
    );
    ok(
        "adam",
        Hyper {
            beta1: Some(0.0),
            beta2: Some(0.0),
            weight_decay: Some(0.0),
            ..none
        },
    );
    ok(
        "adagrad",
        Hyper {
            lr: Some(f64::MIN_POSITIVE),
            eps: Some(f64::MAX),
            ..none
        },
    );
}

#[test]
fn a_field_the_optimizer_does_not_use_is_an_error() {
    let none = Hyper::default();
    assert_eq!(
        error(
            "sgd",
            Hyper {
                momentum: Some(0.9),
                ..none
            }
        ),
        "sgd has no momentum; choose momentum or nesterov"
    );
    assert_eq!(
        error(
            "adagrad",
            Hyper {
                beta1: Some(0.9),
                ..none
            }
        ),
        "adagrad has no beta1; choose adam or adamw"
    );
    assert_eq!(
        error(
            "momentum",
            Hyper {
                alpha: Some(0.9),
                ..none
            }
        ),
        "momentum has no alpha; choose rmsprop"
    );
    assert_eq!(
        error(
            "sgd",
            Hyper {
                eps: Some(1e-8),
                ..none
            }
        ),
        "sgd has no eps; choose adagrad, rmsprop, adam or adamw"
    );
    assert_eq!(
        error(
            "rmsprop",
            Hyper {
                weight_decay: Some(0.0),
                ..none
            }
        ),
        "rmsprop has no weightDecay; choose adam or adamw"
    );
    assert_eq!(
        error(
            "adam",
            Hyper {
                momentum: Some(0.9),
                ..none
            }
        ),
        "adam has no momentum; choose momentum or nesterov (Adam's own momentum is set by beta1)"
    );
}

#[test]
fn an_unknown_name_lists_the_valid_ones() {
    for name in ["Adam", "", "lbfgs"] {
        let msg = error(name, Hyper::default());
        assert!(msg.contains(&format!("{name:?}")), "{msg}");
        for valid in NAMES {
            assert!(msg.contains(valid), "{msg} omits {valid}");
        }
        assert!(defaults(name).is_err());
    }
}

/// Whether `value` is allowed for `field`, restated from the brief independently of the code.
fn allowed(field: &str, value: f64) -> bool {
    match field {
        "lr" | "eps" => value.is_finite() && value > 0.0,
        "weightDecay" => value.is_finite() && value >= 0.0,
        _ => (0.0..1.0).contains(&value),
    }
}

/// A field value: unset, a typical in-range number, or any f64 at all (NaN and infinities too).
fn field_value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        (0.0..1.0f64).prop_map(Some),
        proptest::num::f64::ANY.prop_map(Some),
    ]
}

proptest! {
    #[test]
    fn build_accepts_exactly_the_valid_settings(
        name_idx in 0..NAMES.len(),
        lr in field_value(), momentum in field_value(), alpha in field_value(),
        beta1 in field_value(), beta2 in field_value(), eps in field_value(),
        weight_decay in field_value(),
    ) {
        let name = NAMES[name_idx];
        let hyper = Hyper { lr, momentum, alpha, beta1, beta2, eps, weight_decay };
        let used = defaults(name).expect("a valid name");
        let mut valid = true;
        for ((field, given), (_, default)) in hyper.fields().into_iter().zip(used.fields()) {
            if let Some(v) = given {
                valid &= default.is_some() && allowed(field, v);
            }
        }
        match build::<f64>(name, &hyper) {
            Ok(opt) => {
                prop_assert!(valid, "{name} accepted {hyper:?}");
                // Given fields win, the rest are the defaults.
                let got = hyper_of(&*opt);
                for ((_, g), ((_, d), (_, h))) in
                    got.fields().into_iter().zip(used.fields().into_iter().zip(hyper.fields()))
                {
                    prop_assert_eq!(g.map(f64::to_bits), h.or(d).map(f64::to_bits));
                }
            }
            Err(err) => {
                prop_assert!(!valid, "{name} rejected {hyper:?}: {err}");
                prop_assert!(!err.to_string().is_empty());
            }
        }
    }
}

/// `hyper` with the field called `key` set to `value`.
fn with_field(key: &str, value: f64) -> Hyper {
    let mut hyper = Hyper::default();
    let slot = match key {
        "lr" => &mut hyper.lr,
        "momentum" => &mut hyper.momentum,
        "alpha" => &mut hyper.alpha,
        "beta1" => &mut hyper.beta1,
        "beta2" => &mut hyper.beta2,
        "eps" => &mut hyper.eps,
        "weightDecay" => &mut hyper.weight_decay,
        other => panic!("no hyperparameter {other}"),
    };
    *slot = Some(value);
    hyper
}

#[test]
fn the_catalog_lists_every_optimizer_with_its_hyperparameters_in_order() {
    let catalog = downhill::optim::catalog();
    let names: Vec<&str> = catalog.iter().map(|o| o.name).collect();
    assert_eq!(names, NAMES);
    for entry in &catalog {
        assert!(!entry.summary.is_empty(), "{} has no summary", entry.name);
        assert_ne!(entry.title, entry.name, "{} has no title", entry.name);
        assert_eq!(entry.defaults, defaults(entry.name).unwrap());
        // Exactly the fields the optimizer uses, in the order of Hyper::fields (lr first).
        let used: Vec<(&str, f64)> = entry
            .defaults
            .fields()
            .into_iter()
            .filter_map(|(key, v)| Some((key, v?)))
            .collect();
        let listed: Vec<(&str, f64)> = entry.hyper.iter().map(|h| (h.key, h.default)).collect();
        assert_eq!(listed, used, "{}", entry.name);
        assert_eq!(entry.hyper[0].key, "lr");
        for h in &entry.hyper {
            assert!(!h.symbol.is_empty() && !h.label.is_empty() && h.meaning.ends_with('.'));
        }
    }
}

#[test]
fn catalog_defaults_are_built_and_lie_in_their_ranges() {
    for entry in downhill::optim::catalog() {
        assert!(
            build::<f64>(entry.name, &entry.defaults).is_ok(),
            "{}",
            entry.name
        );
        for h in &entry.hyper {
            assert!(
                h.min <= h.default && h.default <= h.max,
                "{} {}: {} ≤ {} ≤ {}",
                entry.name,
                h.key,
                h.min,
                h.default,
                h.max
            );
            if h.scale == downhill::optim::HyperScale::Log {
                assert!(h.min > 0.0, "a log range needs a positive minimum");
            }
        }
    }
}

#[test]
fn every_range_end_is_accepted_by_build_so_ranges_cannot_drift_from_validation() {
    for entry in downhill::optim::catalog() {
        for h in &entry.hyper {
            for end in [h.min, h.max] {
                let result = build::<f64>(entry.name, &with_field(h.key, end));
                assert!(
                    result.is_ok(),
                    "{} refuses {} = {end}: {:?}",
                    entry.name,
                    h.key,
                    result.err()
                );
            }
        }
    }
    // And the specs name exactly the fields of Hyper, in order.
    let keys: Vec<&str> = downhill::optim::HYPER_SPECS.iter().map(|s| s.key).collect();
    let fields: Vec<&str> = Hyper::default().fields().iter().map(|f| f.0).collect();
    assert_eq!(keys, fields);
}
