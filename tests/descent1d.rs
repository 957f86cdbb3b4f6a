//! The 1-D descent x ← x − η f′(x) on a typed curve: the same iterates, values, statuses and
//! messages, bit for bit, as the 2-D descent with SGD on `Landscape::parse` of the same text
//! started at y = 0 (what the 1-D lesson ran before `CurveDescent` existed), so old links replay
//! identically.

use downhill::calculus::Curve;
use downhill::descent::{Descent, Status};
use downhill::descent1d::CurveDescent;
use downhill::landscape::Landscape;
use downhill::optim::{build, Hyper};

/// The lesson's presets, with their start points (and a few others).
const PRESETS: [(&str, &[f64]); 4] = [
    ("x^2", &[2.0, -2.5, 0.7]),
    ("(x - 3)^2", &[0.0, 5.5]),
    ("x^4 - 3*x^2 + x", &[2.0, -1.9, 0.1]),
    ("abs(x)", &[2.3, -1.0]),
];

const RATES: [f64; 6] = [0.1, 0.9, 1.0, 1.1, 0.02, 0.3];

fn old_descent(text: &str, lr: f64, x0: f64) -> Descent {
    let sgd = build::<f64>(
        "sgd",
        &Hyper {
            lr: Some(lr),
            ..Hyper::default()
        },
    )
    .unwrap();
    Descent::new(Landscape::parse(text).unwrap(), sgd, [x0, 0.0]).unwrap()
}

fn assert_same(new: &CurveDescent, old: &Descent, what: &str) {
    assert_eq!(new.status(), old.status(), "{what}");
    assert_eq!(new.message(), old.message(), "{what}");
    assert_eq!(new.steps(), old.steps(), "{what}");
    let new_xs: Vec<u64> = new.xs().map(f64::to_bits).collect();
    let old_xs: Vec<u64> = old.path().iter().map(|p| p[0].to_bits()).collect();
    assert_eq!(new_xs, old_xs, "{what}: x path");
    assert!(old.path().iter().all(|p| p[1] == 0.0), "{what}: y left 0");
    let new_values: Vec<u64> = new.values().iter().map(|v| v.to_bits()).collect();
    let old_values: Vec<u64> = old.values().iter().map(|v| v.to_bits()).collect();
    assert_eq!(new_values, old_values, "{what}: values");
    assert_eq!(
        new.slope().to_bits(),
        old.gradient()[0].to_bits(),
        "{what}: slope"
    );
}

#[test]
fn the_curve_descent_replays_the_old_two_d_descent_bit_for_bit() {
    let mut stops = Vec::new();
    for (text, starts) in PRESETS {
        let curve = Curve::parse(text).unwrap();
        for &x0 in starts {
            for lr in RATES {
                let what = format!("{text}, x0 = {x0}, η = {lr}");
                let mut new = CurveDescent::new(&curve, lr, x0).unwrap();
                let mut old = old_descent(text, lr, x0);
                // Step by step, then in runs, as the page does.
                for _ in 0..25 {
                    assert_eq!(new.step(), old.step(), "{what}");
                }
                assert_eq!(new.run(5000), old.run(5000), "{what}");
                assert_same(&new, &old, &what);
                stops.push(new.status());
                // A new rate and a reset behave alike too.
                new.set_learning_rate(lr / 2.0);
                old.optimizer_mut().set_learning_rate(lr / 2.0);
                new.reset(x0 + 0.5).unwrap();
                old.reset([x0 + 0.5, 0.0]).unwrap();
                new.run(300);
                old.run(300);
                assert_same(&new, &old, &format!("{what}, after reset"));
                assert_eq!(new.learning_rate(), lr / 2.0);
            }
        }
    }
    // The runs cover every way a 1-D descent ends on these curves.
    assert!(stops.iter().any(|s| matches!(s, Status::Converged { .. })));
    assert!(stops.iter().any(|s| matches!(s, Status::Diverged { .. })));
    assert!(stops.iter().any(|s| s.is_running()));
}

#[test]
fn x_takes_the_textbook_step_and_divergence_is_said_in_words() {
    let curve = Curve::parse("x^2").unwrap();
    let mut d = CurveDescent::new(&curve, 0.1, 2.0).unwrap();
    d.step();
    assert_eq!(d.x(), 2.0 - 0.1 * (2.0 * 2.0));
    assert_eq!(d.value(), d.x() * d.x());
    assert_eq!(d.slope(), 2.0 * d.x());
    let mut wild = CurveDescent::new(&curve, 1.1, 2.0).unwrap();
    wild.run(10_000);
    assert!(matches!(wild.status(), Status::Diverged { .. }));
    assert!(wild.message().unwrap().starts_with("diverged at step"));
    // f without a floor: "no minimum in this direction".
    let mut falling = CurveDescent::new(&Curve::parse("-x^3").unwrap(), 0.1, 1.0).unwrap();
    falling.run(10_000);
    assert!(matches!(falling.status(), Status::Unbounded { .. }));
    // Bad rates and starts are refused in words.
    let err = CurveDescent::new(&curve, 0.0, 1.0).unwrap_err();
    assert!(err.0.contains("learning rate"), "{err}");
    let err = CurveDescent::new(&curve, 0.1, f64::NAN).unwrap_err();
    assert!(err.0.contains("start point"), "{err}");
}
