//! RMSProp (Tieleman and Hinton 2012): like AdaGrad, but the squared gradients are averaged
//! with exponentially fading weights, so the step size can grow again after a steep patch.

use super::{fit_state, Hyper, Inner, Optimizer};
use crate::real::Real;

/// Hyperparameters of RMSProp; `Default` is PyTorch's (γ = 1e-2, α = 0.99, ε = 1e-8).
/// PyTorch's `centered`, `momentum` and `weight_decay` options are not offered (they stay off).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RmsPropParams {
    /// Learning rate γ.
    pub lr: f64,
    /// Smoothing constant α in [0, 1): the fraction of the average kept from one step to the
    /// next (about 1/(1−α) recent steps count).
    pub alpha: f64,
    /// ε > 0, added to √v so that the division stays finite where gradients vanish.
    pub eps: f64,
}

impl Default for RmsPropParams {
    fn default() -> Self {
        Self {
            lr: 1e-2,
            alpha: 0.99,
            eps: 1e-8,
        }
    }
}

impl RmsPropParams {
    /// These values as a [`Hyper`], every field RMSProp uses filled in.
    pub(super) fn to_hyper(self) -> Hyper {
        Hyper {
            lr: Some(self.lr),
            alpha: Some(self.alpha),
            eps: Some(self.eps),
            ..Hyper::default()
        }
    }

    /// These values with the fields `hyper` sets replaced.
    pub(super) fn with_hyper(self, hyper: &Hyper) -> Self {
        Self {
            lr: hyper.lr.unwrap_or(self.lr),
            alpha: hyper.alpha.unwrap_or(self.alpha),
            eps: hyper.eps.unwrap_or(self.eps),
        }
    }
}

/// RMSProp: v_t = α v_{t−1} + (1−α) g_t², θ ← θ − γ g_t / (√v_t + ε), per coordinate.
#[derive(Clone, Debug)]
pub struct RmsProp<F: Real = f64> {
    params: RmsPropParams,
    /// The running average of squared gradients v (PyTorch's `square_avg`), one per parameter.
    mean_sq: Vec<F>,
}

impl<F: Real> RmsProp<F> {
    /// A new optimizer with these hyperparameters and no history.
    pub fn new(params: RmsPropParams) -> Self {
        Self {
            params,
            mean_sq: Vec::new(),
        }
    }
}

impl<F: Real> Optimizer<F> for RmsProp<F> {
    fn name(&self) -> &'static str {
        "rmsprop"
    }

    #[inline]
    fn step(&mut self, params: &mut [F], grad: &[F]) {
        debug_assert_eq!(params.len(), grad.len());
        fit_state(&mut self.mean_sq, params.len());
        let lr = F::from_f64(self.params.lr);
        let alpha = F::from_f64(self.params.alpha);
        // 1 − α, rounded once in f64 as PyTorch passes it.
        let one_minus_alpha = F::from_f64(1.0 - self.params.alpha);
        let eps = F::from_f64(self.params.eps);
        for ((p, &g), v) in params.iter_mut().zip(grad).zip(&mut self.mean_sq) {
            // v_t = α v_{t−1} + (1−α) g_t²
            *v = alpha * *v + one_minus_alpha * (g * g);
            // θ_t = θ_{t−1} − γ (g_t / (√v_t + ε))
            *p -= lr * (g / (v.sqrt() + eps));
        }
    }

    fn learning_rate(&self) -> f64 {
        self.params.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.params.lr = lr;
    }

    fn reset(&mut self) {
        self.mean_sq.clear();
    }

    /// No velocity; the step scale is γ / (√v + ε) per coordinate.
    fn inner(&self) -> Inner {
        let RmsPropParams { lr, eps, .. } = self.params;
        Inner {
            velocity: None,
            step_scale: (!self.mean_sq.is_empty()).then(|| {
                self.mean_sq
                    .iter()
                    .map(|v| lr / (v.to_f64().sqrt() + eps))
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
        // γ = 0.05, α = 0.7, ε = 0.1 on f = ½(x² + 4y²): every term changes the numbers.
        const LR: f64 = 0.05;
        const ALPHA: f64 = 0.7;
        const EPS: f64 = 0.1;
        let [x0, y0] = START;
        // Step 1: v = 0.7·0 + 0.3 g², θ ← θ − γ g/(√v + ε).
        let (gx1, gy1) = (A * x0, B * y0);
        let (vx1, vy1) = ((1.0 - ALPHA) * gx1 * gx1, (1.0 - ALPHA) * gy1 * gy1);
        let (x1, y1) = (
            x0 - LR * gx1 / (vx1.sqrt() + EPS),
            y0 - LR * gy1 / (vy1.sqrt() + EPS),
        );
        // Step 2.
        let (gx2, gy2) = (A * x1, B * y1);
        let vx2 = ALPHA * vx1 + (1.0 - ALPHA) * gx2 * gx2;
        let vy2 = ALPHA * vy1 + (1.0 - ALPHA) * gy2 * gy2;
        let (x2, y2) = (
            x1 - LR * gx2 / (vx2.sqrt() + EPS),
            y1 - LR * gy2 / (vy2.sqrt() + EPS),
        );
        // Step 3.
        let (gx3, gy3) = (A * x2, B * y2);
        let vx3 = ALPHA * vx2 + (1.0 - ALPHA) * gx3 * gx3;
        let vy3 = ALPHA * vy2 + (1.0 - ALPHA) * gy3 * gy3;
        let (x3, y3) = (
            x2 - LR * gx3 / (vx3.sqrt() + EPS),
            y2 - LR * gy3 / (vy3.sqrt() + EPS),
        );

        let mut opt = RmsProp::new(RmsPropParams {
            lr: LR,
            alpha: ALPHA,
            eps: EPS,
        });
        let path = first_three(&mut opt);
        assert_path(&path, &[[x1, y1], [x2, y2], [x3, y3]]);
        let want_scale = [LR / (vx3.sqrt() + EPS), LR / (vy3.sqrt() + EPS)];
        assert_rel(&opt.inner().step_scale.unwrap_or_default(), &want_scale);
    }
}
