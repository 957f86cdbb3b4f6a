//! A small neural network from scratch: a multilayer perceptron, backpropagation and a
//! mini-batch trainer.
//!
//! The network maps `n_inputs` features through 0 to 3 hidden layers to one linear output
//! (0 hidden layers is linear regression). Each layer l computes, for a whole mini-batch of B
//! rows at once,
//!
//! ```text
//! z_l = a_{l−1} W_l + b_l        (B × fan_in) · (fan_in × fan_out), b_l added to every row
//! a_l = act(z_l)                 hidden layers; the output layer keeps a_L = z_L
//! ```
//!
//! and is trained on the mean squared error L = (1/B) Σ (out − y)², optionally plus an L2
//! penalty (λ/2) Σ w² over the weights (not the biases). Backpropagation is the chain rule
//! applied layer by layer, from the output back to the inputs (see [`Mlp::loss_and_grad`]).
//!
//! Code map: `activation` (each activation beside its derivative), `architecture` (layer
//! sizes and their limits), `kernels` (the batch matrix products, tiled in SIMD registers),
//! `mlp` (parameters, forward and backward passes), `train` (mini-batches, shuffling, the
//! optimizer); the vectors the kernels and activations compute on (portable, or wasm simd128)
//! are the crate's `lanes`.
//!
//! The network works on plain slices: features row-major (`x[row · n_inputs + feature]`),
//! one target per row, and lists of row indices (a training or test split), all already
//! standardised by the caller. It is generic over the float type: `f32` for speed, `f64` for
//! gradient checks.

mod activation;
mod architecture;
mod kernels;
mod mlp;
mod train;

// The lanes are shared with the landscape rows and the colour keys (`crate::lanes`).
use crate::lanes;

pub use activation::{catalog as activation_catalog, Activation, ActivationInfo};
pub use architecture::Architecture;
pub use mlp::{Layer, Mlp};
pub use train::{Progress, TrainConfig, Trainer};

/// A network, data or training setting that cannot be used, with a message saying what to
/// change.
#[derive(Clone, Debug, PartialEq)]
pub struct NnError(pub String);

impl core::fmt::Display for NnError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NnError {}

impl From<crate::optim::OptimError> for NnError {
    fn from(err: crate::optim::OptimError) -> Self {
        NnError(err.0)
    }
}
