//! AdaGrad (Duchi, Hazan and Singer 2011): each coordinate's step shrinks with the total of its
//! squared gradients so far, so steep directions slow down early and flat ones keep going.

use super::{fit_state, Hyper, Inner, Optimizer};
use crate::real::Real;

/// Hyperparameters of AdaGrad; `Default` is PyTorch's (γ = 1e-2, ε = 1e-10). PyTorch's
/// `lr_decay`, `initial_accumulator_value` and `weight_decay` are not offered (they stay at 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdagradParams {
    /// Learning rate γ.
    pub lr: f64,
    /// ε > 0, added to √s so that the division stays finite where no gradient has been seen.
    pub eps: f64,
}

impl Default for AdagradParams {
    fn default() -> Self {
        Self {
            lr: 1e-2,
            eps: 1e-10,
        }
    }
}

impl AdagradParams {
    /// These values as a [`Hyper`], every field AdaGrad uses filled in.
    pub(super) fn to_hyper(self) -> Hyper {
        Hyper {
            lr: Some(self.lr),
            eps: Some(self.eps),
            ..Hyper::default()
        }
    }

    /// These values with the fields `hyper` sets replaced.
    pub(super) fn with_hyper(self, hyper: &Hyper) -> Self {
        Self {
            lr: hyper.lr.unwrap_or(self.lr),
            eps: hyper.eps.unwrap_or(self.eps),
        }
    }
}

/// AdaGrad: s_t = s_{t−1} + g_t², θ ← θ − γ g_t / (√s_t + ε), per coordinate.
#[derive(Clone, Debug)]
pub struct Adagrad<F: Real = f64> {
    params: AdagradParams,
    /// The running sum of squared gradients s (PyTorch's `state_sum`), one per parameter.
    sum_sq: Vec<F>,
}

impl<F: Real> Adagrad<F> {
    /// A new optimizer with these hyperparameters and no history.
    pub fn new(params: AdagradParams) -> Self {
        Self {
            params,
            sum_sq: Vec::new(),
        }
    }
}

impl<F: Real> Optimizer<F> for Adagrad<F> {
    fn name(&self) -> &'static str {
        "adagrad"
    }

    #[inline]
    fn step(&mut self, params: &mut [F], grad: &[F]) {
        debug_assert_eq!(params.len(), grad.len());
        fit_state(&mut self.sum_sq, params.len());
        let lr = F::from_f64(self.params.lr);
        let eps = F::from_f64(self.params.eps);
        for ((p, &g), s) in params.iter_mut().zip(grad).zip(&mut self.sum_sq) {
            // s_t = s_{t−1} + g_t²
            *s += g * g;
            // θ_t = θ_{t−1} − γ (g_t / (√s_t + ε))
            *p -= lr * (g / (s.sqrt() + eps));
        }
    }

    fn learning_rate(&self) -> f64 {
        self.params.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.params.lr = lr;
    }

    fn reset(&mut self) {
        self.sum_sq.clear();
    }

    /// No velocity; the step scale is γ / (√s + ε) per coordinate.
    fn inner(&self) -> Inner {
        let AdagradParams { lr, eps } = self.params;
        Inner {
            velocity: None,
            step_scale: (!self.sum_sq.is_empty()).then(|| {
                self.sum_sq
                    .iter()
                    .map(|s| lr / (s.to_f64().sqrt() + eps))
                    .collect()
            }),
        }
    }

    fn hyper(&self) -> Hyper {
        self.params.to_hyper()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_path, assert_rel, first_three, A, B, START};

    #[test]
    fn first_three_steps_match_hand_computation() {
        // γ = 0.5 and ε = 0.1 (large, so that ε visibly matters) on f = ½(x² + 4y²).
        const LR: f64 = 0.5;
        const EPS: f64 = 0.1;
        let [x0, y0] = START;
        // Step 1: s = g², θ ← θ − γ g/(√s + ε).
        let (gx1, gy1) = (A * x0, B * y0);
        let (sx1, sy1) = (gx1 * gx1, gy1 * gy1);
        let (x1, y1) = (
            x0 - LR * gx1 / (sx1.sqrt() + EPS),
            y0 - LR * gy1 / (sy1.sqrt() + EPS),
        );
        // Step 2: the sum grows, so the same gradient would move less.
        let (gx2, gy2) = (A * x1, B * y1);
        let (sx2, sy2) = (sx1 + gx2 * gx2, sy1 + gy2 * gy2);
        let (x2, y2) = (
            x1 - LR * gx2 / (sx2.sqrt() + EPS),
            y1 - LR * gy2 / (sy2.sqrt() + EPS),
        );
        // Step 3.
        let (gx3, gy3) = (A * x2, B * y2);
        let (sx3, sy3) = (sx2 + gx3 * gx3, sy2 + gy3 * gy3);
        let (x3, y3) = (
            x2 - LR * gx3 / (sx3.sqrt() + EPS),
            y2 - LR * gy3 / (sy3.sqrt() + EPS),
        );

        let mut opt = Adagrad::new(AdagradParams { lr: LR, eps: EPS });
        let path = first_three(&mut opt);
        assert_path(&path, &[[x1, y1], [x2, y2], [x3, y3]]);
        let inner = opt.inner();
        assert_eq!(inner.velocity, None);
        let want_scale = [LR / (sx3.sqrt() + EPS), LR / (sy3.sqrt() + EPS)];
        assert_rel(&inner.step_scale.unwrap_or_default(), &want_scale);
    }
}
