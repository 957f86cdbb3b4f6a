//! Plain stochastic gradient descent.

use super::{Inner, Optimizer};
use crate::real::Real;

/// Hyperparameters of plain SGD. PyTorch has no default learning rate; 1e-3 is ours.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SgdParams {
    /// Learning rate γ.
    pub lr: f64,
}

impl Default for SgdParams {
    fn default() -> Self {
        Self { lr: 1e-3 }
    }
}

/// Plain gradient descent: θ ← θ − γ g.
#[derive(Clone, Debug)]
pub struct Sgd {
    params: SgdParams,
}

impl Sgd {
    /// A new optimizer with these hyperparameters.
    pub fn new(params: SgdParams) -> Self {
        Self { params }
    }
}

impl<F: Real> Optimizer<F> for Sgd {
    fn name(&self) -> &'static str {
        "sgd"
    }

    fn step(&mut self, params: &mut [F], grad: &[F]) {
        let lr = F::from_f64(self.params.lr);
        for (p, &g) in params.iter_mut().zip(grad) {
            // θ_t = θ_{t-1} − γ g_t
            *p -= lr * g;
        }
    }

    fn learning_rate(&self) -> f64 {
        self.params.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.params.lr = lr;
    }

    fn reset(&mut self) {}

    fn inner(&self) -> Inner {
        Inner {
            velocity: None,
            step_scale: None,
        }
    }
}
