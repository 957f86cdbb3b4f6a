//! Plain stochastic gradient descent: step against the gradient, scaled by the learning rate.

use super::{Hyper, Inner, Optimizer};
use crate::real::Real;

/// Hyperparameters of plain SGD. PyTorch's SGD has no default learning rate; 1e-3 is ours.
/// PyTorch's `weight_decay` and `dampening` are not offered (they stay at 0); momentum lives in
/// [`super::Momentum`].
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

impl SgdParams {
    /// These values as a [`Hyper`], every field SGD uses filled in.
    pub(super) fn to_hyper(self) -> Hyper {
        Hyper {
            lr: Some(self.lr),
            ..Hyper::default()
        }
    }

    /// These values with the fields `hyper` sets replaced.
    pub(super) fn with_hyper(self, hyper: &Hyper) -> Self {
        Self {
            lr: hyper.lr.unwrap_or(self.lr),
        }
    }
}

/// Plain gradient descent: θ ← θ − γ g.
#[derive(Clone, Debug)]
pub struct Sgd {
    params: SgdParams,
    /// How many parameters the last step updated (0 before the first step), for `inner`.
    n_params: usize,
}

impl Sgd {
    /// A new optimizer with these hyperparameters.
    pub fn new(params: SgdParams) -> Self {
        Self {
            params,
            n_params: 0,
        }
    }
}

impl<F: Real> Optimizer<F> for Sgd {
    fn name(&self) -> &'static str {
        "sgd"
    }

    fn step(&mut self, params: &mut [F], grad: &[F]) {
        debug_assert_eq!(params.len(), grad.len());
        self.n_params = params.len();
        let lr = F::from_f64(self.params.lr);
        for (p, &g) in params.iter_mut().zip(grad) {
            // θ_t = θ_{t−1} − γ g_t
            *p -= lr * g;
        }
    }

    fn learning_rate(&self) -> f64 {
        self.params.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.params.lr = lr;
    }

    fn reset(&mut self) {
        self.n_params = 0;
    }

    /// No velocity; the step scale is γ in every coordinate (once a step has been taken).
    fn inner(&self) -> Inner {
        Inner {
            velocity: None,
            step_scale: (self.n_params > 0).then(|| vec![self.params.lr; self.n_params]),
        }
    }

    fn hyper(&self) -> Hyper {
        self.params.to_hyper()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_path, first_three};

    #[test]
    fn first_three_steps_match_hand_computation() {
        // γ = 0.1 on f = ½(x² + 4y²) from (2, −1): g = (x, 4y), θ ← θ − 0.1 g.
        // 1: g = (2, −4)       → (2 − 0.2, −1 + 0.4)          = (1.8, −0.6)
        // 2: g = (1.8, −2.4)   → (1.8 − 0.18, −0.6 + 0.24)    = (1.62, −0.36)
        // 3: g = (1.62, −1.44) → (1.62 − 0.162, −0.36 + 0.144) = (1.458, −0.216)
        let mut opt = Sgd::new(SgdParams { lr: 0.1 });
        assert_eq!(Optimizer::<f64>::inner(&opt), Inner::default());
        let path = first_three(&mut opt);
        assert_path(&path, &[[1.8, -0.6], [1.62, -0.36], [1.458, -0.216]]);
        // SGD scales the raw gradient by γ in every coordinate.
        let inner = Optimizer::<f64>::inner(&opt);
        assert_eq!(inner.step_scale, Some(vec![0.1, 0.1]));
        assert_eq!(inner.velocity, None);
    }
}
