//! Descents against closed forms: on a quadratic, gradient descent multiplies each eigen-
//! coordinate by (1 − lr·λ), so convergence, divergence and the step it happens at are known.

use std::cell::RefCell;
use std::rc::Rc;

use downhill::descent::{Descent, Status, RUNAWAY_VALUE_FACTOR, RUNAWAY_WINDOWS, STEP_LIMIT};
use downhill::landscape::Landscape;
use downhill::optim::{Optimizer, Sgd, SgdParams};
use downhill::rng::SplitMix64;

fn sgd(lr: f64) -> Box<dyn Optimizer<f64>> {
    Box::new(Sgd::new(SgdParams { lr }))
}

fn bowl(kappa: f64) -> Landscape {
    Landscape::builtin("bowl", &[("condition", kappa)]).unwrap()
}

/// The first k at which the documented runaway rule fires for the closed-form path p_k.
fn expected_runaway_step(l: &Landscape, point_at: impl Fn(i32) -> [f64; 2]) -> usize {
    let window = l.window();
    let centre = window.centre();
    let [x0, y0] = point_at(0);
    let value_limit = RUNAWAY_VALUE_FACTOR * l.value(x0, y0).abs().max(1.0);
    (1..10_000)
        .find(|&k| {
            let [x, y] = point_at(k);
            let far = (x - centre[0]).hypot(y - centre[1]) > RUNAWAY_WINDOWS * window.size();
            far || l.value(x, y).abs() > value_limit
        })
        .expect("the closed form runs away") as usize
}

#[test]
fn sgd_on_the_bowl_follows_the_closed_form_and_converges_to_the_origin() {
    let (kappa, lr, start) = (10.0, 0.04, [1.5, -1.0]);
    let mut d = Descent::new(bowl(kappa), sgd(lr), start).unwrap();
    assert_eq!(d.status(), Status::Running);
    assert_eq!(d.message(), None);
    d.run(60);
    // f = x² + κy² has Hessian diag(2, 2κ): x_k = x_0(1 − 2lr)^k, y_k = y_0(1 − 2κ·lr)^k.
    for (k, p) in d.path().iter().enumerate() {
        let x = start[0] * (1.0 - 2.0 * lr).powi(k as i32);
        let y = start[1] * (1.0 - 2.0 * kappa * lr).powi(k as i32);
        assert!(
            (p[0] - x).abs() <= 1e-13 * x.abs(),
            "x_{k} = {} vs {x}",
            p[0]
        );
        assert!(
            (p[1] - y).abs() <= 1e-13 * y.abs(),
            "y_{k} = {} vs {y}",
            p[1]
        );
    }
    let status = d.run(100_000);
    let Status::Converged { step } = status else {
        panic!("expected convergence, got {status:?}")
    };
    assert_eq!(step, d.steps());
    assert!(
        d.point()[0].abs() < 1e-11 && d.point()[1].abs() < 1e-11,
        "{:?}",
        d.point()
    );
    assert_eq!(
        d.message().unwrap(),
        format!("converged at step {step}: the gradient is zero to machine precision")
    );
    assert_eq!(d.path().len(), d.steps() + 1);
    assert_eq!(d.values().len(), d.path().len());
    for (p, &v) in d.path().iter().zip(d.values()) {
        assert_eq!(v, d.landscape().value(p[0], p[1]));
    }
    assert_eq!(
        d.gradient(),
        d.landscape().gradient(d.point()[0], d.point()[1])
    );
    assert_eq!(d.value(), *d.values().last().unwrap());
    // Stopped: further steps change nothing.
    assert_eq!(d.run(10), status);
    assert_eq!(d.step(), status);
    assert_eq!(d.steps(), step);
}

#[test]
fn sgd_just_above_two_over_lambda_max_diverges_at_the_predicted_step() {
    // λ_max = 2κ = 20, so lr > 2/λ_max = 0.1 makes y_k = y_0·(1 − 20·lr)^k grow.
    let (kappa, lr, start): (f64, f64, [f64; 2]) = (10.0, 0.105, [1.0, 1.0]);
    let l = bowl(kappa);
    let expected = expected_runaway_step(&l, |k| {
        [
            start[0] * (1.0 - 2.0 * lr).powi(k),
            start[1] * (1.0 - 2.0 * kappa * lr).powi(k),
        ]
    });
    let mut d = Descent::new(l, sgd(lr), start).unwrap();
    assert_eq!(d.run(1_000_000), Status::Diverged { step: expected });
    assert_eq!(
        d.message().unwrap(),
        format!("diverged at step {expected}: the learning rate is too large for this landscape")
    );
    // The runaway point is finite here, so it is recorded.
    assert_eq!(d.steps(), expected);
    assert!(d
        .path()
        .iter()
        .all(|p| p[0].is_finite() && p[1].is_finite()));

    // Just below 2/λ_max the same descent settles.
    let mut d = Descent::new(bowl(kappa), sgd(0.099), start).unwrap();
    assert!(matches!(d.run(1_000_000), Status::Converged { .. }));
}

#[test]
fn a_step_to_an_infinite_point_stops_without_recording_it() {
    // lr = 1e300 throws the point to about 1e303, where f overflows.
    let l = Landscape::builtin("rosenbrock", &[]).unwrap();
    let mut d = Descent::new(l, sgd(1e300), [-1.5, 2.0]).unwrap();
    assert_eq!(d.step(), Status::Diverged { step: 1 });
    assert_eq!(d.steps(), 0);
    assert_eq!(d.path(), &[[-1.5, 2.0]]);
    assert_eq!(d.values().len(), 1);
    assert!(d.value().is_finite());
    assert_eq!(
        d.message().unwrap(),
        "diverged at step 1: the learning rate is too large for this landscape"
    );
}

#[test]
fn the_saddle_is_unbounded_not_divergent() {
    // f = x² − y²: x_k = x_0(1 − 2lr)^k shrinks, y_k = y_0(1 + 2lr)^k grows, f falls.
    let (lr, start): (f64, [f64; 2]) = (0.1, [1.0, 0.1]);
    let l = Landscape::builtin("saddle", &[]).unwrap();
    let expected = expected_runaway_step(&l, |k| {
        [
            start[0] * (1.0 - 2.0 * lr).powi(k),
            start[1] * (1.0 + 2.0 * lr).powi(k),
        ]
    });
    let mut d = Descent::new(l, sgd(lr), start).unwrap();
    assert_eq!(d.run(1_000_000), Status::Unbounded { step: expected });
    assert_eq!(
        d.message().unwrap(),
        format!("no minimum in this direction: f keeps falling (stopped at step {expected})")
    );
    assert!(
        d.values().windows(2).all(|w| w[1] < w[0]),
        "f falls at every step"
    );
}

#[test]
fn an_oversized_step_on_an_unbounded_landscape_is_still_divergence() {
    // McCormick has no lower bound, but with lr above 2/λ_max = 2/4 the iteration blows up
    // along x − y, where f rises: that is the learning rate's fault, and the message says so.
    let l = Landscape::builtin("mccormick", &[]).unwrap();
    assert!(!l.bounded_below());
    let mut d = Descent::new(l, sgd(0.6), [0.0, 0.0]).unwrap();
    let status = d.run(1_000_000);
    assert!(matches!(status, Status::Diverged { .. }), "{status:?}");
    assert!(d.value() > d.values()[0]);
}

#[test]
fn sgd_on_rosenbrock_reproduces_the_benchmark_w3_bit_for_bit() {
    // WORKLOADS.md W3: plain SGD, lr 2e-4, 100,000 steps from (−1.5, 2).
    let l = Landscape::builtin("rosenbrock", &[]).unwrap();
    let mut d = Descent::new(l, sgd(2e-4), [-1.5, 2.0]).unwrap();
    assert_eq!(d.run(100_000), Status::Running);
    assert_eq!(d.point(), [0.9998216840103001, 0.99964268619173]);
}

#[test]
fn the_same_inputs_give_a_bit_identical_path() {
    let run = || {
        let l = Landscape::builtin("rosenbrock", &[]).unwrap();
        let mut d = Descent::new(l, sgd(1.5e-3), [-1.2, 1.0]).unwrap();
        assert_eq!(d.run(2_000), Status::Running);
        d.path()
            .iter()
            .map(|p| p.map(f64::to_bits))
            .collect::<Vec<_>>()
    };
    let first = run();
    assert_eq!(first.len(), 2_001);
    assert_eq!(first, run());
}

/// Plain SGD that also records the gradients it was given and counts its resets.
struct Recorder {
    lr: f64,
    seen: Rc<RefCell<Vec<[f64; 2]>>>,
    n_resets: Rc<RefCell<usize>>,
}

impl Optimizer<f64> for Recorder {
    fn name(&self) -> &'static str {
        "recorder"
    }
    fn step(&mut self, params: &mut [f64], grad: &[f64]) {
        self.seen.borrow_mut().push([grad[0], grad[1]]);
        for (p, g) in params.iter_mut().zip(grad) {
            *p -= self.lr * g;
        }
    }
    fn learning_rate(&self) -> f64 {
        self.lr
    }
    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = lr;
    }
    fn reset(&mut self) {
        *self.n_resets.borrow_mut() += 1;
    }
}

#[test]
fn noise_adds_seeded_gaussians_to_the_gradient_the_optimizer_sees() {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let n_resets = Rc::new(RefCell::new(0));
    let recorder = Recorder {
        lr: 0.01,
        seen: Rc::clone(&seen),
        n_resets: Rc::clone(&n_resets),
    };
    let l = Landscape::builtin("rosenbrock", &[]).unwrap();
    let mut d = Descent::new(l, Box::new(recorder), [-1.0, 1.5]).unwrap();
    assert_eq!(
        *n_resets.borrow(),
        1,
        "a new descent starts from a clean optimizer"
    );
    let (sigma, seed) = (0.5, 42);
    d.set_noise(sigma, seed).unwrap();
    let mut truth = Vec::new();
    for _ in 0..200 {
        truth.push(d.gradient());
        d.step();
    }
    // seen = ∇f + σ·ε, ε drawn x then y from the "noise" stream of the seed.
    let mut rng = SplitMix64::derive(seed, "noise");
    for (g_seen, g_true) in seen.borrow().iter().zip(&truth) {
        for axis in 0..2 {
            let expected = g_true[axis] + sigma * rng.normal();
            assert_eq!(g_seen[axis], expected);
        }
    }
    // reset replays the same noise: the same path again.
    let path = d.path().to_vec();
    d.reset([-1.0, 1.5]).unwrap();
    assert_eq!(*n_resets.borrow(), 2);
    assert_eq!((d.steps(), d.status()), (0, Status::Running));
    d.run(200);
    assert_eq!(d.path(), &path[..]);
}

#[test]
fn noise_is_reproducible_by_seed_and_off_at_zero() {
    let path = |noise: Option<(f64, u64)>| {
        let l = Landscape::builtin("booth", &[]).unwrap();
        let mut d = Descent::new(l, sgd(0.02), [-6.0, 7.0]).unwrap();
        if let Some((sigma, seed)) = noise {
            d.set_noise(sigma, seed).unwrap();
        }
        d.run(300);
        d.path().to_vec()
    };
    assert_eq!(path(Some((1.0, 7))), path(Some((1.0, 7))));
    assert_ne!(path(Some((1.0, 7))), path(Some((1.0, 8))));
    assert_ne!(path(Some((1.0, 7))), path(None));
    assert_eq!(path(Some((0.0, 7))), path(None));
}

#[test]
fn bad_starts_and_bad_noise_are_refused() {
    let l = bowl(10.0);
    for start in [
        [f64::NAN, 0.0],
        [0.0, f64::INFINITY],
        [f64::NEG_INFINITY, 1.0],
    ] {
        let err = Descent::new(l.clone(), sgd(0.1), start).unwrap_err();
        assert!(err.to_string().contains("start point"), "{err}");
    }
    // Finite, but f overflows there.
    let rosenbrock = Landscape::builtin("rosenbrock", &[]).unwrap();
    assert!(Descent::new(rosenbrock, sgd(0.1), [1e200, 0.0]).is_err());

    let mut d = Descent::new(l, sgd(0.1), [1.0, 1.0]).unwrap();
    d.run(3);
    assert!(d.reset([f64::NAN, 0.0]).is_err());
    assert_eq!(d.steps(), 3, "a refused reset changes nothing");
    for sigma in [-1.0, f64::NAN, f64::INFINITY] {
        let err = d.set_noise(sigma, 1).unwrap_err();
        assert!(err.to_string().contains("≥ 0"), "{err}");
    }
}

#[test]
fn the_path_stops_at_the_step_limit() {
    // A tiny learning rate on Rosenbrock crawls: it neither converges nor runs away.
    let l = Landscape::builtin("rosenbrock", &[]).unwrap();
    let mut d = Descent::new(l, sgd(1e-7), [-1.5, 2.0]).unwrap();
    assert_eq!(d.run(STEP_LIMIT - 1), Status::Running);
    assert_eq!(d.step(), Status::StepLimit { step: STEP_LIMIT });
    assert_eq!(d.steps(), STEP_LIMIT);
    assert_eq!(
        d.message().unwrap(),
        "stopped at step 1000000: the path is long enough"
    );
    assert_eq!(d.run(5), Status::StepLimit { step: STEP_LIMIT });
}

#[test]
fn the_learning_rate_can_change_between_steps() {
    let mut d = Descent::new(bowl(1.0), sgd(0.1), [1.0, 0.0]).unwrap();
    d.step();
    d.optimizer_mut().set_learning_rate(0.25);
    assert_eq!(d.optimizer().learning_rate(), 0.25);
    d.step();
    // x_1 = 1·(1 − 2·0.1) = 0.8, x_2 = 0.8·(1 − 2·0.25) = 0.4.
    assert!((d.point()[0] - 0.4).abs() < 1e-15);
    assert_eq!(d.optimizer().name(), "sgd");
}

/// Each built-in's suggested start and learning rate make a good first descent: plain gradient
/// descent reaches one of the listed minima (or, on landscapes without a lower bound, falls
/// away), and the rate lies on the page's slider (1e-4 to 1).
#[test]
fn every_builtin_start_and_rate_make_a_first_descent_that_lands() {
    use downhill::landscape::builtins;
    for b in builtins() {
        let l = Landscape::builtin(b.name, &[]).expect("builtin");
        let rate = l.suggested_rate();
        assert!(
            (1e-4..=1.0).contains(&rate),
            "{}: rate {rate} is off the slider",
            b.name
        );
        let opt = downhill::optim::build::<f64>(
            "sgd",
            &downhill::optim::Hyper {
                lr: Some(rate),
                ..Default::default()
            },
        )
        .expect("sgd");
        let mut d = Descent::new(l.clone(), opt, l.start()).expect("descent");
        let status = d.run(100_000);
        let p = d.point();
        if l.bounded_below() && b.name != "mccormick" {
            let near = l
                .minima()
                .iter()
                .any(|m| (m[0] - p[0]).hypot(m[1] - p[1]) < 1e-3);
            assert!(
                near,
                "{}: ended at {p:?} ({status:?}), not at a listed minimum",
                b.name
            );
        } else {
            assert!(
                !matches!(status, Status::Diverged { .. }),
                "{}: {status:?}",
                b.name
            );
        }
    }
}
