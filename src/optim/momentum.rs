//! SGD with momentum: heavy-ball (Polyak) and Nesterov, as PyTorch's SGD writes them.
//!
//! The buffer b is a running sum of past gradients, each older one shrunk by μ, so a ravine's
//! zig-zag cancels while a steady slope accumulates into speed.

use super::{fit_state, to_f64s, Hyper, Inner, Optimizer};
use crate::real::Real;

/// Hyperparameters of SGD with momentum. PyTorch has no default learning rate and a default
/// momentum of 0; the defaults here (γ = 1e-3, μ = 0.9) are ours. PyTorch's `dampening` and
/// `weight_decay` are not offered (they stay at 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MomentumParams {
    /// Learning rate γ.
    pub lr: f64,
    /// Momentum μ in [0, 1): the fraction of the buffer kept from one step to the next.
    pub momentum: f64,
    /// Nesterov's variant: step along g + μ b (a look at where the momentum is heading)
    /// instead of along b.
    pub nesterov: bool,
}

impl Default for MomentumParams {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            momentum: 0.9,
            nesterov: false,
        }
    }
}

impl MomentumParams {
    /// The defaults with Nesterov's variant switched on.
    pub fn nesterov() -> Self {
        Self {
            nesterov: true,
            ..Self::default()
        }
    }

    /// These values as a [`Hyper`], every field momentum uses filled in.
    pub(super) fn to_hyper(self) -> Hyper {
        Hyper {
            lr: Some(self.lr),
            momentum: Some(self.momentum),
            ..Hyper::default()
        }
    }

    /// These values with the fields `hyper` sets replaced.
    pub(super) fn with_hyper(self, hyper: &Hyper) -> Self {
        Self {
            lr: hyper.lr.unwrap_or(self.lr),
            momentum: hyper.momentum.unwrap_or(self.momentum),
            nesterov: self.nesterov,
        }
    }
}

/// SGD with momentum (`nesterov: false`, name "momentum") or Nesterov momentum (name
/// "nesterov"): b_t = μ b_{t−1} + g_t with b_1 = g_1 (no dampening), then θ ← θ − γ b_t, or
/// θ ← θ − γ (g_t + μ b_t) for Nesterov.
#[derive(Clone, Debug)]
pub struct Momentum<F: Real = f64> {
    params: MomentumParams,
    /// The momentum buffer b, one entry per parameter (empty before the first step).
    buf: Vec<F>,
}

impl<F: Real> Momentum<F> {
    /// A new optimizer with these hyperparameters and an empty buffer.
    pub fn new(params: MomentumParams) -> Self {
        Self {
            params,
            buf: Vec::new(),
        }
    }
}

impl<F: Real> Optimizer<F> for Momentum<F> {
    fn name(&self) -> &'static str {
        if self.params.nesterov {
            "nesterov"
        } else {
            "momentum"
        }
    }

    fn step(&mut self, params: &mut [F], grad: &[F]) {
        debug_assert_eq!(params.len(), grad.len());
        fit_state(&mut self.buf, params.len());
        let lr = F::from_f64(self.params.lr);
        let mu = F::from_f64(self.params.momentum);
        let nesterov = self.params.nesterov;
        for ((p, &g), b) in params.iter_mut().zip(grad).zip(&mut self.buf) {
            // b_t = μ b_{t−1} + g_t; the buffer starts at 0, so b_1 = μ·0 + g_1 = g_1 exactly.
            *b = mu * *b + g;
            if nesterov {
                // g ← g_t + μ b_t: the gradient plus where the momentum is about to carry us.
                // θ_t = θ_{t−1} − γ (g_t + μ b_t)
                *p -= lr * (g + mu * *b);
            } else {
                // θ_t = θ_{t−1} − γ b_t
                *p -= lr * *b;
            }
        }
    }

    fn learning_rate(&self) -> f64 {
        self.params.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.params.lr = lr;
    }

    fn reset(&mut self) {
        self.buf.clear();
    }

    /// The buffer b as `velocity`; no step scale.
    fn inner(&self) -> Inner {
        Inner {
            velocity: (!self.buf.is_empty()).then(|| to_f64s(&self.buf)),
            step_scale: None,
        }
    }

    fn hyper(&self) -> Hyper {
        self.params.to_hyper()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_path, assert_rel, first_three};

    #[test]
    fn heavy_ball_first_three_steps_match_hand_computation() {
        // γ = 0.1, μ = 0.5 on f = ½(x² + 4y²) from (2, −1): g = (x, 4y).
        // 1: g = (2, −4);      b = g                           = (2, −4);      θ = (1.8, −0.6)
        // 2: g = (1.8, −2.4);  b = 0.5·(2, −4) + g             = (2.8, −4.4);  θ = (1.52, −0.16)
        // 3: g = (1.52, −0.64); b = 0.5·(2.8, −4.4) + g        = (2.92, −2.84); θ = (1.228, 0.124)
        let mut opt = Momentum::new(MomentumParams {
            lr: 0.1,
            momentum: 0.5,
            nesterov: false,
        });
        let path = first_three(&mut opt);
        assert_path(&path, &[[1.8, -0.6], [1.52, -0.16], [1.228, 0.124]]);
        let inner = opt.inner();
        assert_rel(&inner.velocity.unwrap_or_default(), &[2.92, -2.84]);
        assert_eq!(inner.step_scale, None);
    }

    #[test]
    fn nesterov_first_three_steps_match_hand_computation() {
        // γ = 0.1, μ = 0.5 on f = ½(x² + 4y²) from (2, −1): g = (x, 4y); step along g + μ b.
        // 1: g = (2, −4);        b = (2, −4);       g + μb = (3, −6);         θ = (1.7, −0.4)
        // 2: g = (1.7, −1.6);    b = (2.7, −3.6);   g + μb = (3.05, −3.4);    θ = (1.395, −0.06)
        // 3: g = (1.395, −0.24); b = (2.745, −2.04); g + μb = (2.7675, −1.26); θ = (1.11825, 0.066)
        let mut opt = Momentum::new(MomentumParams {
            lr: 0.1,
            momentum: 0.5,
            nesterov: true,
        });
        let path = first_three(&mut opt);
        assert_path(&path, &[[1.7, -0.4], [1.395, -0.06], [1.11825, 0.066]]);
        assert_rel(&opt.inner().velocity.unwrap_or_default(), &[2.745, -2.04]);
    }
}
