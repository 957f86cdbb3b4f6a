//! Optimizers: one trait, one `step()`.
//!
//! Seven update rules, each following PyTorch's `torch.optim` documentation (a doc line says
//! where one differs), each in its own file with its equations commented line by line:
//!
//! | name       | file          | update (per coordinate, g = dL/dθ)                          |
//! |------------|---------------|-------------------------------------------------------------|
//! | `sgd`      | `sgd.rs`      | θ ← θ − γ g                                                 |
//! | `momentum` | `momentum.rs` | b ← μ b + g; θ ← θ − γ b                                    |
//! | `nesterov` | `momentum.rs` | b ← μ b + g; θ ← θ − γ (g + μ b)                            |
//! | `adagrad`  | `adagrad.rs`  | s ← s + g²; θ ← θ − γ g / (√s + ε)                          |
//! | `rmsprop`  | `rmsprop.rs`  | v ← α v + (1−α) g²; θ ← θ − γ g / (√v + ε)                  |
//! | `adam`     | `adam.rs`     | m ← β₁ m + (1−β₁) g; v ← β₂ v + (1−β₂) g²; θ ← θ − γ m̂ / (√v̂ + ε) |
//! | `adamw`    | `adam.rs`     | θ ← θ − γ λ θ, then the Adam step                           |
//!
//! Hyperparameters live in a params struct whose `Default` is PyTorch's. The JS layer goes
//! through [`build`], which takes a [`Hyper`] of optional fields and checks every value.
//! [`catalog`] describes each optimizer for the page (title, summary, and each
//! hyperparameter's symbol, meaning and range from [`HYPER_SPECS`], next to the validation).
//!
//! Where the order of floating-point operations decides the last bit, the code uses the order
//! fixed by the benchmark spec (`bench/WORKLOADS.md`, W3), which is PyTorch's own.

use crate::real::Real;

mod adagrad;
mod adam;
mod catalog;
mod hyper;
mod momentum;
mod registry;
mod rmsprop;
mod sgd;

pub use adagrad::{Adagrad, AdagradParams};
pub use adam::{Adam, AdamParams};
pub use catalog::{catalog, summary, title, HyperInfo, OptimizerInfo};
pub use hyper::{hyper_spec, Hyper, HyperScale, HyperSpec, HYPER_SPECS};
pub use momentum::{Momentum, MomentumParams};
pub use registry::{build, defaults, hyper_of, NAMES};
pub use rmsprop::{RmsProp, RmsPropParams};
pub use sgd::{Sgd, SgdParams};

/// What an optimizer carries between steps, for display. Both fields are `None` before the
/// first step (and after `reset`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inner {
    /// The momentum buffer b (PyTorch's `b_t`) of `momentum` and `nesterov`; for `adam` and
    /// `adamw`, the first moment m (the running mean of gradients, before bias correction).
    pub velocity: Option<Vec<f64>>,
    /// For each coordinate, the factor the last update multiplied its direction by, using the
    /// current learning rate γ:
    /// γ for `sgd` (direction g);
    /// γ / (√s + ε) for `adagrad` and γ / (√v + ε) for `rmsprop` (direction g);
    /// (γ / (1 − β₁ᵗ)) / (√v / √(1 − β₂ᵗ) + ε) = γ / ((1 − β₁ᵗ)(√v̂ + ε)) for `adam` and `adamw`
    /// (direction m, the `velocity` above; AdamW's decay θ ← θ − γλθ comes on top).
    /// `None` for `momentum` and `nesterov`, whose step is γ times the velocity.
    pub step_scale: Option<Vec<f64>>,
}

/// A first-order optimizer: given the gradient dL/dθ at θ, move θ downhill.
pub trait Optimizer<F: Real = f64> {
    /// The name used in URLs and the JS API ("sgd", "adam", ...).
    fn name(&self) -> &'static str;
    /// One update of `params` in place, given `grad` = dL/dparams evaluated at `params`.
    /// The two slices have the same length, which stays fixed between `reset`s (if it changes,
    /// the accumulated state starts afresh).
    fn step(&mut self, params: &mut [F], grad: &[F]);
    /// The learning rate (step size) γ.
    fn learning_rate(&self) -> f64;
    /// Changes γ without touching accumulated state. Check a learner's value with
    /// [`check_learning_rate`] first.
    fn set_learning_rate(&mut self, lr: f64);
    /// Forgets all accumulated state (velocity, moments, step count).
    fn reset(&mut self);
    /// The inner state, for display.
    fn inner(&self) -> Inner {
        Inner::default()
    }
    /// The current hyperparameters, with every field this optimizer uses filled in (for the
    /// URL); `build(self.name(), &self.hyper())` makes a fresh copy of this optimizer.
    fn hyper(&self) -> Hyper {
        Hyper {
            lr: Some(self.learning_rate()),
            ..Hyper::default()
        }
    }
}

/// A hyperparameter or optimizer name a learner supplied that cannot be used, with a message
/// saying what to change.
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
            "lr (the learning rate) must be a positive, finite number (got {})",
            crate::value::number_text(lr)
        )))
    }
}

/// Makes `state` hold `n_params` zeros if it does not already hold `n_params` values; returns
/// true when it had to (the optimizer then starts afresh).
fn fit_state<F: Real>(state: &mut Vec<F>, n_params: usize) -> bool {
    if state.len() == n_params {
        return false;
    }
    state.clear();
    state.resize(n_params, F::ZERO);
    true
}

/// Converts a state vector to `f64` for display.
fn to_f64s<F: Real>(state: &[F]) -> Vec<f64> {
    state.iter().map(|v| v.to_f64()).collect()
}

#[cfg(test)]
mod testing;
