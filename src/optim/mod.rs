//! Optimizers: one trait, one `step()`.
//!
//! Each optimizer follows the update rule in PyTorch's `torch.optim` documentation; a doc line
//! says where one differs. Hyperparameters live in a params struct whose `Default` is PyTorch's.

use crate::real::Real;

mod sgd;

pub use sgd::{Sgd, SgdParams};

/// What an optimizer carries between steps, for display: the velocity of momentum methods and
/// the per-coordinate effective step size of adaptive ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inner {
    /// The momentum buffer (PyTorch's `b_t`), when the method has one.
    pub velocity: Option<Vec<f64>>,
    /// For each coordinate, the factor the raw gradient is multiplied by in the last update
    /// (lr for plain SGD; lr / (sqrt(v) + eps) for RMSProp; ...), when the method adapts it.
    pub step_scale: Option<Vec<f64>>,
}

/// A first-order optimizer: given the gradient dL/dθ at θ, move θ downhill.
pub trait Optimizer<F: Real = f64> {
    /// The name used in URLs and the JS API ("sgd", "adam", ...).
    fn name(&self) -> &'static str;
    /// One update of `params` in place, given `grad` = dL/dparams evaluated at `params`.
    /// The two slices have the same length, which stays fixed between `reset`s.
    fn step(&mut self, params: &mut [F], grad: &[F]);
    /// The learning rate (step size) γ.
    fn learning_rate(&self) -> f64;
    /// Changes γ without touching accumulated state.
    fn set_learning_rate(&mut self, lr: f64);
    /// Forgets all accumulated state (velocity, moments, step count).
    fn reset(&mut self);
    /// The inner state, for display.
    fn inner(&self) -> Inner {
        Inner::default()
    }
}

/// A hyperparameter a learner supplied that no optimizer can use.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimError(pub String);

impl core::fmt::Display for OptimError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OptimError {}

/// Checks a learning rate: positive and finite.
pub fn check_learning_rate(lr: f64) -> Result<f64, OptimError> {
    if lr.is_finite() && lr > 0.0 {
        Ok(lr)
    } else {
        Err(OptimError(format!(
            "the learning rate must be a positive number (got {lr})"
        )))
    }
}
