//! W3 "optimizer-steps": many steps of one optimizer on Rosenbrock's valley, with PyTorch's
//! default hyperparameters and a given learning rate.

use super::BenchError;
use crate::landscape::Landscape;
use crate::optim::{
    Adagrad, AdagradParams, Adam, AdamParams, Momentum, MomentumParams, Optimizer, RmsProp,
    RmsPropParams, Sgd, SgdParams,
};

/// W3's optimizers with their learning rates, in the spec's order.
pub const W3_OPTIMIZERS: [(&str, f64); 6] = [
    ("sgd", 2e-4),
    ("momentum", 2e-5),
    ("nesterov", 2e-5),
    ("adagrad", 0.05),
    ("rmsprop", 1e-3),
    ("adam", 1e-2),
];

/// W3's start point on Rosenbrock's valley.
pub const W3_START: [f64; 2] = [-1.5, 2.0];

/// Runs `n_steps` steps of the optimizer `name` (sgd, momentum, nesterov, adagrad, rmsprop or
/// adam; PyTorch's defaults, learning rate `lr`) on Rosenbrock's f(x, y) = (1 − x)² +
/// 100 (y − x²)² from `start`, each step θ ← update(θ, ∇f(θ)) with the landscape's analytic
/// gradient; returns the final point.
///
/// Each optimizer is the playground's own, called without dynamic dispatch so that a step costs
/// what its arithmetic costs.
pub fn run_optimizer(
    name: &str,
    lr: f64,
    n_steps: usize,
    start: [f64; 2],
) -> Result<[f64; 2], BenchError> {
    crate::optim::check_learning_rate(lr).map_err(|err| BenchError(err.0))?;
    let landscape = Landscape::builtin("rosenbrock", &[])?;
    let f = &landscape;
    Ok(match name {
        "sgd" => descend(Sgd::new(SgdParams { lr }), f, n_steps, start),
        "momentum" => descend(
            Momentum::<f64>::new(MomentumParams {
                lr,
                ..MomentumParams::default()
            }),
            f,
            n_steps,
            start,
        ),
        "nesterov" => descend(
            Momentum::<f64>::new(MomentumParams {
                lr,
                ..MomentumParams::nesterov()
            }),
            f,
            n_steps,
            start,
        ),
        "adagrad" => descend(
            Adagrad::<f64>::new(AdagradParams {
                lr,
                ..AdagradParams::default()
            }),
            f,
            n_steps,
            start,
        ),
        "rmsprop" => descend(
            RmsProp::<f64>::new(RmsPropParams {
                lr,
                ..RmsPropParams::default()
            }),
            f,
            n_steps,
            start,
        ),
        "adam" => descend(
            Adam::<f64>::new(AdamParams {
                lr,
                ..AdamParams::default()
            }),
            f,
            n_steps,
            start,
        ),
        other => {
            return Err(BenchError(format!(
                "W3 has no optimizer {other:?}; choose one of sgd, momentum, nesterov, adagrad, \
                 rmsprop, adam"
            )))
        }
    })
}

/// `n_steps` of θ ← optimizer.step(θ, ∇f(θ)) from `start`.
fn descend<O: Optimizer<f64>>(
    mut optimizer: O,
    landscape: &Landscape,
    n_steps: usize,
    start: [f64; 2],
) -> [f64; 2] {
    let mut point = start;
    for _ in 0..n_steps {
        let gradient = landscape.gradient(point[0], point[1]);
        optimizer.step(&mut point, &gradient);
    }
    point
}
