//! The trained model as a file: architecture, standardisation and weights, enough to predict
//! exactly as the exported network did, plus the settings and history it was trained with.
//!
//! The wasm door writes it as JSON (`JSON.stringify`) and reads it back (`JSON.parse`);
//! every number is an f64 that holds the f32 weight exactly, so a round trip changes nothing.

use std::sync::Arc;

use super::{EpochRecord, HouseError, Network, Settings};
use crate::data::{Dataset, Standardizer};
use crate::nn::Mlp;
use crate::value::{self, Fields, Value};

/// The `format` field every model file carries.
pub const FORMAT: &str = "downhill-house-network";

/// The version of the file layout this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// One weight layer: W (fan_in × fan_out, row-major: `weights[i * fan_out + j]` connects input
/// unit i to unit j) and b.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerFile {
    /// Units feeding this layer.
    pub fan_in: usize,
    /// Units of this layer.
    pub fan_out: usize,
    /// W, row-major [in][out].
    pub weights: Vec<f64>,
    /// b, one per unit.
    pub biases: Vec<f64>,
}

/// A trained network as a file (see the module documentation).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written.
    pub version: u32,
    /// The target column the network predicts.
    pub target: String,
    /// The feature columns it takes, in order.
    pub features: Vec<String>,
    /// μ of each feature on the training rows.
    pub feature_mean: Vec<f64>,
    /// σ of each feature on the training rows.
    pub feature_std: Vec<f64>,
    /// μ_y of the target on the training rows.
    pub target_mean: f64,
    /// σ_y of the target on the training rows.
    pub target_std: f64,
    /// How it was built and trained (hidden widths and activation included).
    pub settings: Settings,
    /// Epochs trained.
    pub epoch: usize,
    /// The weight layers, input side first.
    pub layers: Vec<LayerFile>,
    /// One record per epoch trained.
    pub history: Vec<EpochRecord>,
}

impl LayerFile {
    fn from_value(layer: &Value, _: &str) -> Result<Self, String> {
        let f = Fields::of(layer, &["fanIn", "fanOut", "weights", "biases"])?;
        Ok(LayerFile {
            fan_in: value::size(f.need("fanIn")?, "fanIn")?,
            fan_out: value::size(f.need("fanOut")?, "fanOut")?,
            weights: value::list(f.need("weights")?, "weights", value::number)?,
            biases: value::list(f.need("biases")?, "biases", value::number)?,
        })
    }
}

/// The most epochs a network file may claim (and history records it may hold): far beyond
/// what anyone trains in a page, and small enough that every count stays exact in JavaScript
/// and the history stays a few megabytes.
pub const MAX_EPOCHS: usize = 100_000;

/// A count of epochs from a file, at most [`MAX_EPOCHS`].
pub(super) fn epochs(v: &Value, name: &str) -> Result<usize, String> {
    let n = value::size(v, name)?;
    if n <= MAX_EPOCHS {
        Ok(n)
    } else {
        Err(format!(
            "field `{name}` must be at most {MAX_EPOCHS} epochs (got {n})"
        ))
    }
}

impl ModelFile {
    /// Reads a network file as `JSON.parse` gives it: every field but `history` required,
    /// unknown ones refused. Whether it fits a data set is [`Network::from_file`]'s question.
    pub fn from_value(file: &Value) -> Result<Self, String> {
        let f = Fields::of(file, &FIELDS)?;
        let number = |name| value::number(f.need(name)?, name);
        let numbers = |name| value::list(f.need(name)?, name, value::number);
        Ok(ModelFile {
            format: value::text(f.need("format")?, "format")?,
            version: u32::try_from(value::whole(f.need("version")?, "version")?)
                .map_err(|_| "field `version` is too large".to_string())?,
            target: value::text(f.need("target")?, "target")?,
            features: value::list(f.need("features")?, "features", value::text)?,
            feature_mean: numbers("featureMean")?,
            feature_std: numbers("featureStd")?,
            target_mean: number("targetMean")?,
            target_std: number("targetStd")?,
            settings: Settings::from_value(f.need("settings")?)
                .map_err(|e| format!("in `settings`: {e}"))?,
            epoch: epochs(f.need("epoch")?, "epoch")?,
            layers: value::list(f.need("layers")?, "layers", LayerFile::from_value)?,
            history: match f.get("history") {
                Some(Value::List(records)) if records.len() > MAX_EPOCHS => {
                    return Err(format!(
                        "field `history` holds at most {MAX_EPOCHS} records (got {})",
                        records.len()
                    ))
                }
                _ => f
                    .list("history", |v, _| EpochRecord::from_value(v))?
                    .unwrap_or_default(),
            },
        })
    }
}

/// A model file's fields as JSON writes them.
const FIELDS: [&str; 12] = [
    "format",
    "version",
    "target",
    "features",
    "featureMean",
    "featureStd",
    "targetMean",
    "targetStd",
    "settings",
    "epoch",
    "layers",
    "history",
];

pub(super) fn to_file(network: &Network) -> ModelFile {
    let mlp = network.mlp();
    let layers = (0..mlp.n_layers())
        .filter_map(|l| mlp.layer(l))
        .map(|layer| LayerFile {
            fan_in: layer.fan_in,
            fan_out: layer.fan_out,
            weights: layer.weights.iter().map(|&w| f64::from(w)).collect(),
            biases: layer.biases.iter().map(|&b| f64::from(b)).collect(),
        })
        .collect();
    let data = network.data();
    ModelFile {
        format: FORMAT.to_string(),
        version: FORMAT_VERSION,
        target: data.target_name().to_string(),
        features: data.feature_names().to_vec(),
        feature_mean: network.feature_scale().mean().to_vec(),
        feature_std: network.feature_scale().std().to_vec(),
        target_mean: network.target_scale().mean()[0],
        target_std: network.target_scale().std()[0],
        settings: network.settings().clone(),
        epoch: network.epoch(),
        layers,
        history: network.history().to_vec(),
    }
}

/// Checks a model file against `data` and returns its settings, standardisers and network.
pub(super) fn from_file(
    data: &Arc<Dataset>,
    file: &ModelFile,
) -> Result<(Settings, Standardizer, Standardizer, Mlp<f32>), HouseError> {
    if file.format != FORMAT {
        return Err(HouseError(format!(
            "this is not a Downhill network file (its format is \"{}\", not \"{FORMAT}\")",
            file.format
        )));
    }
    if file.version != FORMAT_VERSION {
        return Err(HouseError(format!(
            "this network file has format version {}; this Downhill reads version {FORMAT_VERSION}",
            file.version
        )));
    }
    if file.target != data.target_name() || file.features != data.feature_names() {
        return Err(HouseError(format!(
            "this network predicts {} from {}, but the data set has target {} and features {}; \
             load the same data and choose the same columns first",
            file.target,
            file.features.join(", "),
            data.target_name(),
            data.feature_names().join(", ")
        )));
    }
    let d = file.features.len();
    let scales_ok = file.feature_mean.len() == d
        && file.feature_std.len() == d
        && file.feature_mean.iter().all(|v| v.is_finite())
        && file.feature_std.iter().all(|v| v.is_finite() && *v > 0.0)
        && file.target_mean.is_finite()
        && file.target_std.is_finite()
        && file.target_std > 0.0;
    if !scales_ok {
        return Err(HouseError(
            "the network file's standardisation is broken: it needs one finite mean and one \
             positive standard deviation per feature and for the target"
                .to_string(),
        ));
    }
    let arch = file.settings.architecture(d)?;
    let sizes = arch.layer_sizes();
    if file.layers.len() != sizes.len() - 1 {
        return Err(HouseError(format!(
            "the network file lists {} weight layers, but its settings describe {}",
            file.layers.len(),
            sizes.len() - 1
        )));
    }
    let mut params = Vec::with_capacity(arch.n_params());
    for (l, (layer, pair)) in file.layers.iter().zip(sizes.windows(2)).enumerate() {
        let shape_ok = layer.fan_in == pair[0]
            && layer.fan_out == pair[1]
            && layer.weights.len() == pair[0] * pair[1]
            && layer.biases.len() == pair[1];
        if !shape_ok {
            return Err(HouseError(format!(
                "layer {} of the network file should be {} × {} with {} weights and {} biases",
                l + 1,
                pair[0],
                pair[1],
                pair[0] * pair[1],
                pair[1]
            )));
        }
        for &v in layer.weights.iter().chain(&layer.biases) {
            if !v.is_finite() {
                return Err(HouseError(format!(
                    "layer {} of the network file holds a value that is not a finite number",
                    l + 1
                )));
            }
            params.push(v as f32);
        }
    }
    let mlp = Mlp::from_params(arch, &params)?;
    let x_scale = Standardizer::from_parts(file.feature_mean.clone(), file.feature_std.clone());
    let y_scale = Standardizer::from_parts(vec![file.target_mean], vec![file.target_std]);
    Ok((file.settings.clone(), x_scale, y_scale, mlp))
}
