//! Adam (Kingma and Ba 2015) and AdamW (Loshchilov and Hutter 2019).
//!
//! Adam keeps two running averages per coordinate: m, of the gradient (a momentum), and v, of
//! its square (as RMSProp). Dividing m by √v makes every coordinate step by about γ whatever
//! the steepness, which is why Adam takes even steps along a ravine. Both averages start at 0
//! and are biased towards it early on; dividing by 1 − βᵗ removes that bias.

use super::{to_f64s, Hyper, Inner, Optimizer};
use crate::real::Real;

/// Hyperparameters of Adam and AdamW. `Default` is PyTorch's Adam (γ = 1e-3, β = (0.9, 0.999),
/// ε = 1e-8, λ = 0, L2 weight decay); [`AdamParams::adamw`] is PyTorch's AdamW (λ = 1e-2,
/// decoupled). PyTorch's `amsgrad` is not offered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamParams {
    /// Learning rate γ.
    pub lr: f64,
    /// β₁ in [0, 1): the fraction of the gradient average m kept from one step to the next.
    pub beta1: f64,
    /// β₂ in [0, 1): the fraction of the squared-gradient average v kept from step to step.
    pub beta2: f64,
    /// ε > 0, added to √v̂ so that the division stays finite where gradients vanish.
    pub eps: f64,
    /// Weight decay λ ≥ 0: pulls every parameter towards 0.
    pub weight_decay: f64,
    /// How λ acts. `false` (Adam): as an L2 penalty, g ← g + λθ, which then passes through the
    /// adaptive scaling. `true` (AdamW): decoupled, θ ← θ − γλθ before the Adam step.
    pub decoupled_weight_decay: bool,
}

impl Default for AdamParams {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            decoupled_weight_decay: false,
        }
    }
}

impl AdamParams {
    /// PyTorch's AdamW defaults: Adam's, with decoupled weight decay λ = 1e-2.
    pub fn adamw() -> Self {
        Self {
            weight_decay: 1e-2,
            decoupled_weight_decay: true,
            ..Self::default()
        }
    }

    /// These values as a [`Hyper`], every field Adam uses filled in.
    pub(super) fn to_hyper(self) -> Hyper {
        Hyper {
            lr: Some(self.lr),
            beta1: Some(self.beta1),
            beta2: Some(self.beta2),
            eps: Some(self.eps),
            weight_decay: Some(self.weight_decay),
            ..Hyper::default()
        }
    }

    /// These values with the fields `hyper` sets replaced.
    pub(super) fn with_hyper(self, hyper: &Hyper) -> Self {
        Self {
            lr: hyper.lr.unwrap_or(self.lr),
            beta1: hyper.beta1.unwrap_or(self.beta1),
            beta2: hyper.beta2.unwrap_or(self.beta2),
            eps: hyper.eps.unwrap_or(self.eps),
            weight_decay: hyper.weight_decay.unwrap_or(self.weight_decay),
            decoupled_weight_decay: self.decoupled_weight_decay,
        }
    }
}

/// Adam (name "adam") or AdamW (name "adamw", `decoupled_weight_decay: true`), per coordinate:
/// m_t = β₁ m_{t−1} + (1−β₁) g_t, v_t = β₂ v_{t−1} + (1−β₂) g_t²,
/// m̂ = m_t / (1−β₁ᵗ), v̂ = v_t / (1−β₂ᵗ), θ ← θ − γ m̂ / (√v̂ + ε).
/// The last line is evaluated in PyTorch's order, θ − (γ/(1−β₁ᵗ)) · (m / (√v / √(1−β₂ᵗ) + ε)).
#[derive(Clone, Debug)]
pub struct Adam<F: Real = f64> {
    params: AdamParams,
    /// First moment m: the running average of gradients, one per parameter.
    mean: Vec<F>,
    /// Second moment v: the running average of squared gradients, one per parameter.
    mean_sq: Vec<F>,
    /// β₁ᵗ after t steps, kept as a running product (1 before the first step).
    beta1_pow: f64,
    /// β₂ᵗ after t steps, kept as a running product (1 before the first step).
    beta2_pow: f64,
}

impl<F: Real> Adam<F> {
    /// A new optimizer with these hyperparameters and no history.
    pub fn new(params: AdamParams) -> Self {
        Self {
            params,
            mean: Vec::new(),
            mean_sq: Vec::new(),
            beta1_pow: 1.0,
            beta2_pow: 1.0,
        }
    }

    /// Starts the history afresh for `n_params` parameters: m = v = 0 and t = 0.
    fn start(&mut self, n_params: usize) {
        self.mean = vec![F::ZERO; n_params];
        self.mean_sq = vec![F::ZERO; n_params];
        self.beta1_pow = 1.0;
        self.beta2_pow = 1.0;
    }
}

impl<F: Real> Optimizer<F> for Adam<F> {
    fn name(&self) -> &'static str {
        if self.params.decoupled_weight_decay {
            "adamw"
        } else {
            "adam"
        }
    }

    fn step(&mut self, params: &mut [F], grad: &[F]) {
        debug_assert_eq!(params.len(), grad.len());
        if self.mean.len() != params.len() {
            // First step (or a new parameter vector): m = v = 0, t = 0.
            self.start(params.len());
        }
        let hp = self.params;
        // β₁ᵗ = β₁ᵗ⁻¹·β₁ and β₂ᵗ = β₂ᵗ⁻¹·β₂ (t counts this step).
        self.beta1_pow *= hp.beta1;
        self.beta2_pow *= hp.beta2;
        // γ / (1 − β₁ᵗ): m's bias correction folded into the step size.
        let step_size = F::from_f64(hp.lr / (1.0 - self.beta1_pow));
        // √(1 − β₂ᵗ): √v divided by it is √v̂.
        let bias2_sqrt = F::from_f64((1.0 - self.beta2_pow).sqrt());
        let beta1 = F::from_f64(hp.beta1);
        let beta2 = F::from_f64(hp.beta2);
        // 1 − β₁ and 1 − β₂, rounded once in f64 as PyTorch passes them.
        let one_minus_beta1 = F::from_f64(1.0 - hp.beta1);
        let one_minus_beta2 = F::from_f64(1.0 - hp.beta2);
        let eps = F::from_f64(hp.eps);
        let decay_on = hp.weight_decay != 0.0;
        let decoupled = decay_on && hp.decoupled_weight_decay;
        let coupled = decay_on && !hp.decoupled_weight_decay;
        let lambda = F::from_f64(hp.weight_decay);
        // 1 − γλ, rounded once in f64 as PyTorch computes it.
        let decay = F::from_f64(1.0 - hp.lr * hp.weight_decay);

        let moments = self.mean.iter_mut().zip(&mut self.mean_sq);
        for ((p, &g), (m, v)) in params.iter_mut().zip(grad).zip(moments) {
            // AdamW: θ ← θ − γλθ, evaluated as PyTorch does, θ·(1 − γλ).
            if decoupled {
                *p *= decay;
            }
            // Adam's L2 penalty: g ← g + λθ (skipped when λ = 0, so g passes through exactly).
            let g = if coupled { g + lambda * *p } else { g };
            // m_t = β₁ m_{t−1} + (1−β₁) g_t
            *m = beta1 * *m + one_minus_beta1 * g;
            // v_t = β₂ v_{t−1} + (1−β₂) g_t²
            *v = beta2 * *v + one_minus_beta2 * (g * g);
            // θ_t = θ_{t−1} − (γ/(1−β₁ᵗ)) · (m_t / (√v_t/√(1−β₂ᵗ) + ε)) = θ_{t−1} − γ m̂ / (√v̂ + ε)
            *p -= step_size * (*m / (v.sqrt() / bias2_sqrt + eps));
        }
    }

    fn learning_rate(&self) -> f64 {
        self.params.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.params.lr = lr;
    }

    fn reset(&mut self) {
        self.mean.clear();
        self.mean_sq.clear();
        self.beta1_pow = 1.0;
        self.beta2_pow = 1.0;
    }

    /// m as `velocity`; the step scale is (γ/(1−β₁ᵗ)) / (√v/√(1−β₂ᵗ) + ε) per coordinate, the
    /// factor that multiplies m (not g) in the update.
    fn inner(&self) -> Inner {
        if self.mean.is_empty() {
            return Inner::default();
        }
        let AdamParams { lr, eps, .. } = self.params;
        let step_size = lr / (1.0 - self.beta1_pow);
        let bias2_sqrt = (1.0 - self.beta2_pow).sqrt();
        Inner {
            velocity: Some(to_f64s(&self.mean)),
            step_scale: Some(
                self.mean_sq
                    .iter()
                    .map(|v| step_size / (v.to_f64().sqrt() / bias2_sqrt + eps))
                    .collect(),
            ),
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

    /// Non-default values, so that each term changes the numbers (ε large on purpose).
    const LR: f64 = 0.1;
    const BETA1: f64 = 0.8;
    const BETA2: f64 = 0.9;
    const EPS: f64 = 0.1;

    /// Three steps of one coordinate θ with ∂f/∂θ = `curvature`·θ, in the textbook form of
    /// PyTorch's documentation (Kingma and Ba, Algorithm 1): bias-corrected m̂ and v̂ with
    /// powers βᵗ, then θ ← θ − γ m̂/(√v̂ + ε). Weight decay λ is L2 (g ← g + λθ) or, if
    /// `decoupled`, θ ← θ − γλθ before the step.
    fn textbook(theta0: f64, curvature: f64, lambda: f64, decoupled: bool) -> [f64; 3] {
        let (mut theta, mut m, mut v) = (theta0, 0.0, 0.0);
        let mut out = [0.0; 3];
        for (t, slot) in (1..=3).zip(&mut out) {
            let mut g = curvature * theta;
            if decoupled {
                theta -= LR * lambda * theta;
            } else {
                g += lambda * theta;
            }
            m = BETA1 * m + (1.0 - BETA1) * g;
            v = BETA2 * v + (1.0 - BETA2) * g * g;
            let m_hat = m / (1.0 - BETA1.powi(t));
            let v_hat = v / (1.0 - BETA2.powi(t));
            theta -= LR * m_hat / (v_hat.sqrt() + EPS);
            *slot = theta;
        }
        out
    }

    /// The textbook paths of both coordinates of the quadratic, as three (x, y) points.
    fn textbook_path(lambda: f64, decoupled: bool) -> [[f64; 2]; 3] {
        let xs = textbook(START[0], A, lambda, decoupled);
        let ys = textbook(START[1], B, lambda, decoupled);
        [[xs[0], ys[0]], [xs[1], ys[1]], [xs[2], ys[2]]]
    }

    fn params(weight_decay: f64, decoupled_weight_decay: bool) -> AdamParams {
        AdamParams {
            lr: LR,
            beta1: BETA1,
            beta2: BETA2,
            eps: EPS,
            weight_decay,
            decoupled_weight_decay,
        }
    }

    #[test]
    fn adam_first_three_steps_match_textbook() {
        let mut opt = Adam::new(params(0.0, false));
        assert_path(&first_three(&mut opt), &textbook_path(0.0, false));
    }

    #[test]
    fn adam_with_l2_first_three_steps_match_textbook() {
        let mut opt = Adam::new(params(0.05, false));
        assert_path(&first_three(&mut opt), &textbook_path(0.05, false));
    }

    #[test]
    fn adamw_first_three_steps_match_textbook() {
        let mut opt = Adam::new(params(0.2, true));
        assert_eq!(Optimizer::<f64>::name(&opt), "adamw");
        assert_path(&first_three(&mut opt), &textbook_path(0.2, true));
    }

    #[test]
    fn step_scale_times_velocity_is_the_step_taken() {
        let mut opt = Adam::new(params(0.0, false));
        let mut p = START;
        let mut before = p;
        for _ in 0..3 {
            before = p;
            let g = [A * p[0], B * p[1]];
            opt.step(&mut p, &g);
        }
        let inner = opt.inner();
        let (m, scale) = (
            inner.velocity.unwrap_or_default(),
            inner.step_scale.unwrap_or_default(),
        );
        let predicted: Vec<f64> = (0..2).map(|idx| scale[idx] * m[idx]).collect();
        assert_rel(&predicted, &[before[0] - p[0], before[1] - p[1]]);
    }
}
