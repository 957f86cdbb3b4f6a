//! The gradient-check panel: one weight's dL/dw from backpropagation beside the central
//! difference (L(w + h) − L(w − h)) / 2h, and their relative error.
//!
//! Both are computed in f64 on a copy of the network's weights (so the difference quotient is
//! not swamped by f32 rounding), on a fixed batch: the first [`CHECK_ROWS`] training rows, with
//! the loss the trainer minimises, L = (1/B) Σ (out − y)² + (λ/2) Σ w² in standardised units.
//! The f64 passes are plain loops, row by row ([`loss_and_grad`]): the network's vectorised
//! kernels stay in f32 only, and the tests check these loops against `Mlp::<f64>`.

use super::{HouseError, Network};
use crate::nn::{Activation, Architecture};

/// Training rows in the gradient check's fixed batch (fewer if the training split is smaller).
pub const CHECK_ROWS: usize = 64;

/// One weight's derivative, two ways.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GradientCheck {
    /// The weight's current value w.
    pub weight: f64,
    /// L at the current weights.
    pub loss: f64,
    /// dL/dw by backpropagation (the chain rule, layer by layer).
    pub backprop: f64,
    /// (L(w + h) − L(w − h)) / 2h.
    pub numeric: f64,
    /// |backprop − numeric| / max(|backprop|, |numeric|); 0 when both are 0.
    pub relative_error: f64,
    /// The step h used.
    pub h: f64,
    /// Rows in the batch.
    pub n_rows: usize,
}

pub(super) fn gradient_check(
    network: &Network,
    layer_idx: usize,
    from_unit: usize,
    to_unit: usize,
    h: f64,
) -> Result<GradientCheck, HouseError> {
    if !(h.is_finite() && h > 0.0) {
        return Err(HouseError(format!(
            "h must be a positive, finite number (got {})",
            crate::value::number_text(h)
        )));
    }
    let mlp32 = network.mlp();
    let sizes = mlp32.layer_sizes();
    let n_layers = sizes.len() - 1;
    if layer_idx >= n_layers {
        return Err(HouseError(format!(
            "there is no weight layer {} (the network has {n_layers})",
            layer_idx + 1
        )));
    }
    let (fan_in, fan_out) = (sizes[layer_idx], sizes[layer_idx + 1]);
    if from_unit >= fan_in || to_unit >= fan_out {
        return Err(HouseError(format!(
            "weight layer {} connects {fan_in} units to {fan_out}; there is no weight from unit \
             {} to unit {}",
            layer_idx + 1,
            from_unit + 1,
            to_unit + 1
        )));
    }
    let offset: usize = sizes[..=layer_idx]
        .windows(2)
        .map(|w| w[0] * w[1] + w[1])
        .sum();
    let param_idx = offset + from_unit * fan_out + to_unit;

    // The fixed batch in f64, rows 0..n of a small contiguous copy.
    let d = sizes[0];
    let (zx, zy) = network.standardised();
    let rows: Vec<usize> = network
        .split()
        .train_idx
        .iter()
        .copied()
        .take(CHECK_ROWS)
        .collect();
    let mut x = Vec::with_capacity(rows.len() * d);
    let mut y = Vec::with_capacity(rows.len());
    for &row_idx in &rows {
        x.extend(
            zx[row_idx * d..(row_idx + 1) * d]
                .iter()
                .map(|&v| f64::from(v)),
        );
        y.push(f64::from(zy[row_idx]));
    }
    let l2 = network.settings().l2;

    let arch = mlp32.architecture();
    let mut params: Vec<f64> = mlp32.params().iter().map(|&p| f64::from(p)).collect();
    let (loss, grad) = loss_and_grad(arch, &params, &x, &y, l2);
    let backprop = grad[param_idx];
    let weight = params[param_idx];
    params[param_idx] = weight + h;
    let loss_plus = loss_and_grad(arch, &params, &x, &y, l2).0;
    params[param_idx] = weight - h;
    let loss_minus = loss_and_grad(arch, &params, &x, &y, l2).0;
    let numeric = (loss_plus - loss_minus) / (2.0 * h);
    let scale = backprop.abs().max(numeric.abs());
    let relative_error = if scale == 0.0 {
        0.0
    } else {
        (backprop - numeric).abs() / scale
    };
    Ok(GradientCheck {
        weight,
        loss,
        backprop,
        numeric,
        relative_error,
        h,
        n_rows: rows.len(),
    })
}

/// L(θ) and dL/dθ in f64 for the batch `x` (row-major, `arch.n_inputs` per row) and `y`, with
/// the parameter layout of [`crate::nn::Mlp`]: per layer W (fan_in × fan_out, row-major) then b.
///
/// Forward, per row: a₀ = x, a_l = act(a_{l−1} W_l + b_l), the output layer linear.
/// Backward, the chain rule: δ_out = 2 (out − y) / B, dL/dW_l += a_{l−1}ᵀ δ_l, dL/db_l += δ_l,
/// δ_{l−1} = (δ_l W_lᵀ) ⊙ act'(a_{l−1}). The penalty (λ/2) Σ w² adds λ w to each weight's
/// gradient (biases are not penalised).
pub(crate) fn loss_and_grad(
    arch: &Architecture,
    params: &[f64],
    x: &[f64],
    y: &[f64],
    l2: f64,
) -> (f64, Vec<f64>) {
    let sizes = arch.layer_sizes();
    let n_layers = sizes.len() - 1;
    let mut offsets = Vec::with_capacity(n_layers);
    let mut offset = 0;
    for pair in sizes.windows(2) {
        offsets.push(offset);
        offset += pair[0] * pair[1] + pair[1];
    }
    let activation = |layer_idx: usize| {
        if layer_idx + 1 == n_layers {
            Activation::Identity
        } else {
            arch.activation
        }
    };
    let n_rows = y.len();
    let mut grad = vec![0.0; params.len()];
    let mut sum = 0.0;
    for (row, &target) in x.chunks_exact(sizes[0]).zip(y) {
        let mut acts = vec![row.to_vec()];
        for (layer_idx, pair) in sizes.windows(2).enumerate() {
            let (fan_in, fan_out, at) = (pair[0], pair[1], offsets[layer_idx]);
            let input = &acts[layer_idx];
            let output: Vec<f64> = (0..fan_out)
                .map(|j| {
                    let z = params[at + fan_in * fan_out + j]
                        + (0..fan_in)
                            .map(|i| input[i] * params[at + i * fan_out + j])
                            .sum::<f64>();
                    activation(layer_idx).apply(z)
                })
                .collect();
            acts.push(output);
        }
        let diff = acts[n_layers][0] - target;
        sum += diff * diff;
        let mut delta = vec![2.0 * diff / n_rows as f64];
        for layer_idx in (0..n_layers).rev() {
            let (fan_in, fan_out, at) =
                (sizes[layer_idx], sizes[layer_idx + 1], offsets[layer_idx]);
            let input = &acts[layer_idx];
            for i in 0..fan_in {
                for j in 0..fan_out {
                    grad[at + i * fan_out + j] += input[i] * delta[j];
                }
            }
            for j in 0..fan_out {
                grad[at + fan_in * fan_out + j] += delta[j];
            }
            if layer_idx > 0 {
                let below = activation(layer_idx - 1);
                delta = (0..fan_in)
                    .map(|i| {
                        let back: f64 = (0..fan_out)
                            .map(|j| params[at + i * fan_out + j] * delta[j])
                            .sum();
                        back * below.derivative_from_output(input[i])
                    })
                    .collect();
            }
        }
    }
    let mut penalty = 0.0;
    for (layer_idx, &at) in offsets.iter().enumerate() {
        let weights = at..at + sizes[layer_idx] * sizes[layer_idx + 1];
        for idx in weights {
            grad[idx] += l2 * params[idx];
            penalty += params[idx] * params[idx];
        }
    }
    (sum / n_rows as f64 + 0.5 * l2 * penalty, grad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Mlp;
    use crate::rng::SplitMix64;

    /// The plain loops give the loss and gradient of the network's own f64 backpropagation.
    #[test]
    fn plain_loops_match_the_network() {
        for (hidden, activation) in [
            (vec![], Activation::Relu),
            (vec![5], Activation::Tanh),
            (vec![6, 3], Activation::Relu),
            (vec![4, 4, 2], Activation::Sigmoid),
        ] {
            let arch = Architecture {
                n_inputs: 3,
                hidden,
                activation,
            };
            let mut mlp = Mlp::<f64>::new(arch.clone(), 7).unwrap();
            let mut rng = SplitMix64::new(11);
            let x: Vec<f64> = (0..30).map(|_| rng.uniform() * 4.0 - 2.0).collect();
            let y: Vec<f64> = (0..10).map(|_| rng.uniform() * 2.0 - 1.0).collect();
            let rows: Vec<usize> = (0..10).collect();
            let expected_loss = mlp.loss_and_grad(&x, &y, &rows, 0.03).unwrap();
            let (loss, grad) = loss_and_grad(&arch, mlp.params(), &x, &y, 0.03);
            assert!((loss - expected_loss).abs() <= 1e-12 * expected_loss.abs().max(1.0));
            for (g, &expected) in grad.iter().zip(mlp.grad()) {
                assert!(
                    (g - expected).abs() <= 1e-12,
                    "{g} vs {expected} ({arch:?})"
                );
            }
        }
    }
}
