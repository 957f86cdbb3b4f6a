//! The shape of a network: how many inputs, how wide each hidden layer, which activation.

use super::{Activation, NnError};

/// Layer sizes and activation of a multilayer perceptron with one linear output.
#[derive(Clone, Debug, PartialEq)]
pub struct Architecture {
    /// Number of input features (1 to [`Architecture::MAX_INPUTS`]).
    pub n_inputs: usize,
    /// Width of each hidden layer, input side first (0 to [`Architecture::MAX_HIDDEN_LAYERS`]
    /// layers of 1 to [`Architecture::MAX_WIDTH`] units); empty means linear regression.
    pub hidden: Vec<usize>,
    /// The activation of every hidden layer.
    pub activation: Activation,
}

impl Architecture {
    /// The most input features a network takes.
    pub const MAX_INPUTS: usize = 256;
    /// The most hidden layers.
    pub const MAX_HIDDEN_LAYERS: usize = 3;
    /// The most units in one hidden layer.
    pub const MAX_WIDTH: usize = 128;

    /// Checks the limits above; the error names the first value out of range and the range.
    pub fn validate(&self) -> Result<(), NnError> {
        if self.n_inputs == 0 {
            return Err(NnError(
                "the network needs at least 1 input feature (got 0); choose a column to learn from"
                    .to_string(),
            ));
        }
        if self.n_inputs > Self::MAX_INPUTS {
            return Err(NnError(format!(
                "at most {} input features are supported (got {}); choose fewer columns",
                Self::MAX_INPUTS,
                self.n_inputs
            )));
        }
        if self.hidden.len() > Self::MAX_HIDDEN_LAYERS {
            return Err(NnError(format!(
                "at most {} hidden layers are supported (got {}); remove a layer",
                Self::MAX_HIDDEN_LAYERS,
                self.hidden.len()
            )));
        }
        for (layer_idx, &width) in self.hidden.iter().enumerate() {
            if !(1..=Self::MAX_WIDTH).contains(&width) {
                return Err(NnError(format!(
                    "hidden layer {} has {width} units; choose between 1 and {}",
                    layer_idx + 1,
                    Self::MAX_WIDTH
                )));
            }
        }
        Ok(())
    }

    /// Units per layer from the inputs to the output: `[n_inputs, hidden…, 1]`.
    pub fn layer_sizes(&self) -> Vec<usize> {
        let mut sizes = Vec::with_capacity(self.hidden.len() + 2);
        sizes.push(self.n_inputs);
        sizes.extend_from_slice(&self.hidden);
        sizes.push(1);
        sizes
    }

    /// Number of weight layers (hidden layers + the output layer).
    pub fn n_layers(&self) -> usize {
        self.hidden.len() + 1
    }

    /// Number of parameters: Σ over layers of fan_in · fan_out weights + fan_out biases.
    pub fn n_params(&self) -> usize {
        self.layer_sizes()
            .windows(2)
            .map(|w| w[0] * w[1] + w[1])
            .sum()
    }
}
