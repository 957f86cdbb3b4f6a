//! W1 "mlp-train": an 8 → 32 → 32 → 1 tanh network trained by plain SGD on 20,000 synthetic
//! rows, one epoch per call, in the order of a given permutation.

use super::BenchError;
use crate::nn::{Activation, Architecture, Mlp, TrainConfig, Trainer};
use crate::optim::Hyper;
use crate::real::Real;
use crate::rng::SplitMix64;

/// Features per row D.
pub const W1_N_INPUTS: usize = 8;
/// Units of the two hidden layers.
pub const W1_HIDDEN: [usize; 2] = [32, 32];
/// Epochs of one W1 run.
pub const W1_EPOCHS: usize = 5;

/// W1's inputs: features, targets, initial parameters and one permutation per epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct MlpInputs {
    /// Rows N.
    pub n_rows: usize,
    /// x[i·8 + j] = f32(x_j of row i), row-major.
    pub x: Vec<f32>,
    /// y[i] = f32(s_i), the target of row i.
    pub y: Vec<f32>,
    /// The 1,377 initial parameters: W1 (8×32), b1, W2 (32×32), b2, W3 (32×1), b3.
    pub params: Vec<f32>,
    /// Epoch e visits rows in the order `perms[e]`.
    pub perms: Vec<Vec<u32>>,
}

/// W1's inputs for `n_rows` rows and `n_epochs` permutations, from the spec's streams: data
/// from seed 1, Glorot-uniform weights from seed 2, permutations from seed 3.
///
/// Each row draws x_j = (((U + U) + U) + U − 2)·√3 for j = 0..7 (Irwin–Hall(4), standardised),
/// then e = U − ½, and its target is
/// s = 0.6 x0 − 0.4 x1 x2 + 0.8 x3/(1 + |x3|) + 0.3 (x4² − 1) + 0.5 max(x5, 0) − 0.2 x6 x7 + 0.2 e,
/// summed left to right in binary64 and stored as f32.
pub fn mlp_inputs(n_rows: usize, n_epochs: usize) -> MlpInputs {
    let mut data = SplitMix64::new(1);
    let mut x = Vec::with_capacity(n_rows * W1_N_INPUTS);
    let mut y = Vec::with_capacity(n_rows);
    for _ in 0..n_rows {
        let mut f = [0.0f64; W1_N_INPUTS];
        for v in &mut f {
            let u = ((data.uniform() + data.uniform()) + data.uniform()) + data.uniform();
            *v = (u - 2.0) * 3f64.sqrt();
        }
        let e = data.uniform() - 0.5;
        let mut s = 0.6 * f[0];
        s -= 0.4 * (f[1] * f[2]);
        s += 0.8 * (f[3] / (1.0 + f[3].abs()));
        s += 0.3 * (f[4] * f[4] - 1.0);
        s += 0.5 * f[5].max(0.0);
        s -= 0.2 * (f[6] * f[7]);
        s += 0.2 * e;
        x.extend(f.iter().map(|&v| v as f32));
        y.push(s as f32);
    }

    // Glorot-uniform: w = f32((2U − 1)·√(6/(fan_in + fan_out))), biases 0.
    let mut init = SplitMix64::new(2);
    let mut params = Vec::new();
    let sizes = [W1_N_INPUTS, W1_HIDDEN[0], W1_HIDDEN[1], 1];
    for pair in sizes.windows(2) {
        let (fan_in, fan_out) = (pair[0], pair[1]);
        let limit = (6.0 / (fan_in + fan_out) as f64).sqrt();
        params.extend((0..fan_in * fan_out).map(|_| ((2.0 * init.uniform() - 1.0) * limit) as f32));
        params.extend(core::iter::repeat_n(0.0f32, fan_out));
    }

    // Fisher–Yates from the last index down, j = ⌊U·(i + 1)⌋; the stream runs across epochs.
    let mut shuffle = SplitMix64::new(3);
    let perms = (0..n_epochs)
        .map(|_| {
            let mut p: Vec<u32> = (0..n_rows as u32).collect();
            for i in (1..n_rows).rev() {
                let j = (shuffle.uniform() * (i + 1) as f64).floor() as usize;
                p.swap(i, j);
            }
            p
        })
        .collect();
    MlpInputs {
        n_rows,
        x,
        y,
        params,
        perms,
    }
}

/// A W1 network in training: the playground's [`Trainer`] over an [`Mlp`] built from injected
/// layer sizes and parameters, tanh hidden layers, plain SGD, and the data widened to `F`.
pub struct MlpSession<F: Real> {
    trainer: Trainer<F>,
    x: Vec<F>,
    y: Vec<F>,
    all_rows: Vec<usize>,
}

impl<F: Real> MlpSession<F> {
    /// A network `n_inputs` → `hidden`… → 1 (tanh) starting from `params` (layout as
    /// [`Mlp::params`]), on `x` (row-major, `n_inputs` per row) and `y`, each f32 value widened
    /// exactly to `F`. Errors name what does not fit.
    pub fn new(
        n_inputs: usize,
        hidden: &[usize],
        x: &[f32],
        y: &[f32],
        params: &[f32],
    ) -> Result<Self, BenchError> {
        if y.is_empty() || n_inputs.checked_mul(y.len()) != Some(x.len()) {
            return Err(BenchError(format!(
                "{} targets need {n_inputs} feature values each ({} values were given)",
                y.len(),
                x.len()
            )));
        }
        let arch = Architecture {
            n_inputs,
            hidden: hidden.to_vec(),
            activation: Activation::Tanh,
        };
        let widen =
            |v: &[f32]| -> Vec<F> { v.iter().map(|&a| F::from_f64(f64::from(a))).collect() };
        let mlp = Mlp::from_params(arch, &widen(params))?;
        let config = TrainConfig {
            optimizer: "sgd".to_string(),
            hyper: Hyper {
                lr: Some(0.01),
                ..Hyper::default()
            },
            batch_size: 64,
            ..TrainConfig::default()
        };
        Ok(Self {
            trainer: Trainer::new(mlp, &config)?,
            x: widen(x),
            y: widen(y),
            all_rows: (0..y.len()).collect(),
        })
    }

    /// One epoch visiting the rows in the order `perm`, in mini-batches of `batch_size`, each
    /// followed by θ ← θ − lr·dL/dθ; returns the epoch's mean training loss.
    pub fn epoch(&mut self, perm: &[u32], lr: f64, batch_size: usize) -> Result<f64, BenchError> {
        Ok(self
            .trainer
            .train_epoch_with_permutation(&self.x, &self.y, perm, lr, batch_size)?)
    }

    /// The mean squared error (1/N) Σ (out − y)² over every row, summed in f64.
    pub fn mse(&mut self) -> Result<f64, BenchError> {
        Ok(self.trainer.mse(&self.x, &self.y, &self.all_rows)?)
    }
}
