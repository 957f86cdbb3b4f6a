//! The settings a learner chooses for the house-price network, and the defaults they start from.

use crate::nn::{Activation, Architecture, NnError, TrainConfig};
use crate::optim::Hyper;
use crate::value::{self, Fields, Value};

/// The settings' names as JavaScript and the network file write them.
const FIELDS: [&str; 8] = [
    "hidden",
    "activation",
    "optimizer",
    "lr",
    "batchSize",
    "l2",
    "seed",
    "testFraction",
];

/// How the network is built and trained: architecture, optimizer, mini-batches, L2, seed and
/// the share of rows held out for testing.
///
/// The defaults a learner starts from: two hidden layers of 32 ReLU units, Adam with learning
/// rate 1e-3, mini-batches of 32 rows, no L2 penalty, seed 1, a 20 % test split, features
/// and target standardised on the training rows, [`DEFAULT_EPOCHS`] epochs.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Width of each hidden layer (0 to 3 layers of 1 to 128 units); empty is linear regression.
    pub hidden: Vec<usize>,
    /// The hidden layers' activation: "relu", "tanh", "sigmoid" or "identity".
    pub activation: String,
    /// The optimizer: one of [`crate::optim::NAMES`].
    pub optimizer: String,
    /// The learning rate γ.
    pub lr: f64,
    /// Rows per mini-batch B.
    pub batch_size: usize,
    /// λ of the L2 penalty (λ/2) Σ w² on the weights; 0 for none.
    pub l2: f64,
    /// Seeds the train/test split, the initial weights and the shuffling, each through its own
    /// stream (`SplitMix64::derive(seed, "split" | "init" | "shuffle")`).
    pub seed: u64,
    /// The share of rows held out as the test split, in (0, 1).
    pub test_fraction: f64,
}

/// How many epochs the page trains for by default: enough for the default network to settle
/// on Ames (about 2,300 training rows, 73 mini-batches per epoch).
pub const DEFAULT_EPOCHS: usize = 100;

impl Default for Settings {
    fn default() -> Self {
        Self {
            hidden: vec![32, 32],
            activation: "relu".to_string(),
            optimizer: "adam".to_string(),
            lr: 1e-3,
            batch_size: 32,
            l2: 0.0,
            seed: 1,
            test_fraction: 0.2,
        }
    }
}

impl Settings {
    /// Reads `{ hidden: [32, 32], lr: 0.001 }`: a missing field takes its default, an unknown
    /// one is refused. The values are checked when the network is built.
    pub fn from_value(value: &Value) -> Result<Self, String> {
        let f = Fields::of(value, &FIELDS)?;
        let d = Settings::default();
        Ok(Settings {
            hidden: f.list("hidden", value::size)?.unwrap_or(d.hidden),
            activation: f.text("activation")?.unwrap_or(d.activation),
            optimizer: f.text("optimizer")?.unwrap_or(d.optimizer),
            lr: f.number("lr")?.unwrap_or(d.lr),
            batch_size: f
                .get("batchSize")
                .map(|v| value::size(v, "batchSize"))
                .transpose()?
                .unwrap_or(d.batch_size),
            l2: f.number("l2")?.unwrap_or(d.l2),
            seed: f.whole("seed")?.unwrap_or(d.seed),
            test_fraction: f.number("testFraction")?.unwrap_or(d.test_fraction),
        })
    }

    /// The architecture for `n_inputs` features, checked against the limits of
    /// [`Architecture`].
    pub fn architecture(&self, n_inputs: usize) -> Result<Architecture, NnError> {
        let arch = Architecture {
            n_inputs,
            hidden: self.hidden.clone(),
            activation: Activation::from_name(&self.activation)?,
        };
        arch.validate()?;
        Ok(arch)
    }

    /// The trainer's configuration: the optimizer with only the learning rate set (the rest
    /// take its defaults), the batch size, λ and the seed.
    pub fn train_config(&self) -> TrainConfig {
        TrainConfig {
            optimizer: self.optimizer.clone(),
            hyper: Hyper {
                lr: Some(self.lr),
                ..Hyper::default()
            },
            batch_size: self.batch_size,
            l2: self.l2,
            seed: self.seed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(pairs: Vec<(&str, Value)>) -> Value {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    #[test]
    fn missing_fields_take_the_defaults_and_given_ones_are_read() {
        assert_eq!(
            Settings::from_value(&object(vec![])),
            Ok(Settings::default())
        );
        let read = Settings::from_value(&object(vec![
            (
                "hidden",
                Value::List(vec![Value::Number(8.0), Value::Number(4.0)]),
            ),
            ("activation", Value::Text("tanh".into())),
            ("batchSize", Value::Number(16.0)),
            ("seed", Value::Number(7.0)),
            ("testFraction", Value::Number(0.25)),
        ]))
        .unwrap();
        assert_eq!(
            read,
            Settings {
                hidden: vec![8, 4],
                activation: "tanh".into(),
                batch_size: 16,
                seed: 7,
                test_fraction: 0.25,
                ..Settings::default()
            }
        );
        let err = Settings::from_value(&object(vec![("batch_size", Value::Number(16.0))]));
        assert!(err.unwrap_err().starts_with("unknown field `batch_size`"));
    }

    #[test]
    fn hyperparameters_read_every_field_by_its_js_name() {
        let names = Hyper::default().fields().map(|(name, _)| name);
        let all = object(
            names
                .iter()
                .enumerate()
                .map(|(i, &n)| (n, Value::Number(i as f64 / 10.0)))
                .collect(),
        );
        let hyper = Hyper::from_value(&all).unwrap();
        for (i, (_, v)) in hyper.fields().into_iter().enumerate() {
            assert_eq!(v, Some(i as f64 / 10.0));
        }
    }
}
