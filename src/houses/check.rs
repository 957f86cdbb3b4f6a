//! The gradient-check panel: one weight's dL/dw from backpropagation beside the central
//! difference (L(w + h) − L(w − h)) / 2h, and their relative error.
//!
//! Both are computed in f64 on a copy of the network (so the difference quotient is not
//! swamped by f32 rounding), on a fixed batch: the first [`CHECK_ROWS`] training rows, with
//! the loss the trainer minimises, L = (1/B) Σ (out − y)² + (λ/2) Σ w² in standardised units.

use super::{HouseError, Network};
use crate::nn::Mlp;

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
            "h must be a positive, finite number (got {h})"
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
    let batch: Vec<usize> = (0..rows.len()).collect();
    let l2 = network.settings().l2;

    let params: Vec<f64> = mlp32.params().iter().map(|&p| f64::from(p)).collect();
    let mut mlp = Mlp::<f64>::from_params(mlp32.architecture().clone(), &params)?;
    let loss = mlp.loss_and_grad(&x, &y, &batch, l2)?;
    let backprop = mlp.grad()[param_idx];
    let weight = params[param_idx];
    mlp.params_mut()[param_idx] = weight + h;
    let loss_plus = mlp.loss_and_grad(&x, &y, &batch, l2)?;
    mlp.params_mut()[param_idx] = weight - h;
    let loss_minus = mlp.loss_and_grad(&x, &y, &batch, l2)?;
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
