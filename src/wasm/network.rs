//! `Network`: the house-price network and its data, the `predict` of the product's design.

use wasm_bindgen::prelude::*;

use super::dataset::JsDataset;
use super::to_js;
use crate::data::Metrics;
use crate::houses::{self, Network, Settings, Status};

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct MetricsJs {
    rmse: f64,
    mae: f64,
    r2: f64,
}

impl From<Metrics> for MetricsJs {
    fn from(m: Metrics) -> Self {
        Self {
            rmse: m.rmse,
            mae: m.mae,
            r2: m.r2,
        }
    }
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    epoch: usize,
    n_train: usize,
    n_test: usize,
    network: MetricsJs,
    mean: MetricsJs,
    least_squares: MetricsJs,
}

/// A multilayer perceptron learning a data set's target from its features, with the data's
/// split, standardisation and baselines; every number it reports is in the target's units.
#[wasm_bindgen(js_name = Network)]
pub struct JsNetwork {
    inner: Network,
}

#[wasm_bindgen(js_class = Network)]
impl JsNetwork {
    /// A fresh network for `dataset`: `settings` like `{ hidden: [32, 32], activation: "relu",
    /// optimizer: "adam", lr: 1e-3, batchSize: 32, l2: 0, seed: 1, testFraction: 0.2 }`
    /// (missing fields take these defaults). Throws with words on a bad setting.
    #[wasm_bindgen(constructor)]
    pub fn new(dataset: &JsDataset, settings: JsValue) -> Result<JsNetwork, JsError> {
        let settings = super::settings_from_js(
            &settings,
            "network settings must be an object like { hidden: [32, 32], lr: 0.001 }",
            Settings::from_value,
        )?;
        let data = &dataset.inner;
        crate::budget::least_squares(data.n_rows(), data.n_features()).map_err(super::too_much)?;
        Network::new(data.clone(), settings)
            .map(|inner| JsNetwork { inner })
            .map_err(js_error)
    }

    /// The settings a learner starts from (see `new`).
    pub fn defaults() -> Result<JsValue, JsError> {
        to_js(&Settings::default())
    }

    /// How many epochs the page trains for by default.
    #[wasm_bindgen(js_name = defaultEpochs)]
    pub fn default_epochs() -> u32 {
        houses::DEFAULT_EPOCHS as u32
    }

    /// This network's settings.
    pub fn settings(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.settings())
    }

    /// Trains to the end of the current epoch and measures the test split; returns
    /// `{ epoch, trainRmse, testRmse, testMae, testR2 }`. Throws once training has diverged.
    #[wasm_bindgen(js_name = trainEpoch)]
    pub fn train_epoch(&mut self) -> Result<JsValue, JsError> {
        let net = &self.inner;
        let n_train = net.split().train_idx.len();
        let n_test = net.split().test_idx.len();
        // At most a measurement under way, the rest of this epoch (or a whole one) and its
        // measurement.
        let rows_left = n_train - net.rows_into_epoch().min(n_train);
        let n_train_rows = if rows_left == 0 { n_train } else { rows_left };
        crate::budget::network_pass(net.mlp().n_params(), n_train_rows, 2 * n_test, "one epoch")
            .map_err(super::too_much)?;
        let record = self.inner.train_epoch().map_err(js_error)?;
        to_js(&record)
    }

    /// About `maxRows` rows of work (training, or the end-of-epoch test measurement), for one
    /// time slice; returns `{ nBatches, nMeasured, epochFinished, epoch }`. Takes fewer rows
    /// when `maxRows` would be more than about a second of work (see `budget::network_rows`).
    pub fn advance(&mut self, max_rows: f64) -> Result<JsValue, JsError> {
        let max_rows = super::count("the number of rows", max_rows, 0, u32::MAX)?;
        let max_rows = max_rows.min(crate::budget::network_rows(self.inner.mlp().n_params()));
        let report = self.inner.advance(max_rows).map_err(js_error)?;
        to_js(&report)
    }

    /// Exactly one mini-batch (and the test measurement if it ends an epoch).
    #[wasm_bindgen(js_name = stepBatch)]
    pub fn step_batch(&mut self) -> Result<JsValue, JsError> {
        let net = &self.inner;
        let batch = net.trainer().batch_size();
        crate::budget::network_pass(
            net.mlp().n_params(),
            batch,
            2 * net.split().test_idx.len(),
            "this mini-batch with the test measurement",
        )
        .map_err(super::too_much)?;
        let report = self.inner.step_batch().map_err(js_error)?;
        to_js(&report)
    }

    /// Epochs completed.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> u32 {
        self.inner.epoch() as u32
    }

    /// Training rows visited in the current epoch.
    #[wasm_bindgen(getter, js_name = rowsIntoEpoch)]
    pub fn rows_into_epoch(&self) -> u32 {
        self.inner.rows_into_epoch() as u32
    }

    /// Mini-batches per epoch.
    #[wasm_bindgen(getter, js_name = batchesPerEpoch)]
    pub fn batches_per_epoch(&self) -> u32 {
        self.inner.batches_per_epoch() as u32
    }

    /// Rows in the training split.
    #[wasm_bindgen(getter, js_name = nTrain)]
    pub fn n_train(&self) -> u32 {
        self.inner.split().train_idx.len() as u32
    }

    /// Rows in the test split.
    #[wasm_bindgen(getter, js_name = nTest)]
    pub fn n_test(&self) -> u32 {
        self.inner.split().test_idx.len() as u32
    }

    /// Whether the end-of-epoch test measurement is under way.
    #[wasm_bindgen(getter)]
    pub fn measuring(&self) -> bool {
        self.inner.is_measuring()
    }

    /// "ready" or "diverged".
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> String {
        match self.inner.status() {
            Status::Ready => "ready",
            Status::Diverged(_) => "diverged",
        }
        .to_string()
    }

    /// Why training stopped, in words; undefined while it can go on.
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> Option<String> {
        match self.inner.status() {
            Status::Ready => None,
            Status::Diverged(message) => Some(message.clone()),
        }
    }

    /// Test-split metrics in the target's units beside the baselines on the same split:
    /// `{ epoch, nTrain, nTest, network: { rmse, mae, r2 }, mean: {...}, leastSquares: {...} }`.
    pub fn metrics(&self) -> Result<JsValue, JsError> {
        let b = self.inner.baselines();
        to_js(&Report {
            epoch: self.inner.epoch(),
            n_train: self.inner.split().train_idx.len(),
            n_test: self.inner.split().test_idx.len(),
            network: self.inner.metrics().into(),
            mean: b.mean.into(),
            least_squares: b.least_squares.into(),
        })
    }

    /// The history from epoch record `k` on, flattened: `[epoch, trainRmse, testRmse, testMae,
    /// testR2, ...]` (5 numbers per epoch), so the page copies only what is new.
    #[wasm_bindgen(js_name = historySince)]
    pub fn history_since(&self, k: u32) -> Vec<f64> {
        let history = self.inner.history();
        history[(k as usize).min(history.len())..]
            .iter()
            .flat_map(|r| {
                [
                    r.epoch as f64,
                    r.train_rmse,
                    r.test_rmse,
                    r.test_mae,
                    r.test_r2,
                ]
            })
            .collect()
    }

    /// The history as CSV text: `epoch,train_rmse,test_rmse,test_mae,test_r2`.
    #[wasm_bindgen(js_name = historyCsv)]
    pub fn history_csv(&self) -> String {
        self.inner.history_csv()
    }

    /// The test split as `[actual, predicted, actual, predicted, ...]` from the last
    /// measurement, for the predicted-against-actual scatter.
    pub fn scatter(&self) -> Vec<f64> {
        self.inner
            .test_targets()
            .iter()
            .zip(self.inner.test_predictions())
            .flat_map(|(&a, &p)| [a, p])
            .collect()
    }

    /// The price (the target, in its units) for one row of raw feature values:
    /// μ_y + σ_y · net((x − μ_x)/σ_x). The third function of the product's design.
    pub fn predict(&mut self, row: &[f64]) -> Result<f64, JsError> {
        self.inner.predict(row).map_err(js_error)
    }

    /// d prediction / d feature at one row of raw values, in target units per raw unit:
    /// σ_y / σ_x · (the backward pass's derivative in standardised units).
    #[wasm_bindgen(js_name = inputGradient)]
    pub fn input_gradient(&mut self, row: &[f64]) -> Result<Vec<f64>, JsError> {
        self.inner.input_gradient(row).map_err(js_error)
    }

    /// Per feature on the training rows: `[{ name, mean, std, median, min, max, integer }]`.
    #[wasm_bindgen(js_name = featureStats)]
    pub fn feature_stats(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.feature_stats())
    }

    /// Units per layer from the inputs to the output, `[n_inputs, hidden…, 1]`.
    #[wasm_bindgen(js_name = layerSizes)]
    pub fn layer_sizes(&self) -> Vec<u32> {
        self.inner
            .mlp()
            .layer_sizes()
            .into_iter()
            .map(|n| n as u32)
            .collect()
    }

    /// Weight layer `l`'s W (fan_in × fan_out, row-major [in][out]); empty past the last.
    #[wasm_bindgen(js_name = layerWeights)]
    pub fn layer_weights(&self, layer_idx: u32) -> Vec<f32> {
        self.inner
            .mlp()
            .layer(layer_idx as usize)
            .map_or_else(Vec::new, |l| l.weights.to_vec())
    }

    /// dL/dW of weight layer `l` from the last mini-batch (zeros before the first).
    #[wasm_bindgen(js_name = layerGradients)]
    pub fn layer_gradients(&self, layer_idx: u32) -> Vec<f32> {
        self.inner
            .mlp()
            .layer_grad(layer_idx as usize)
            .map_or_else(Vec::new, |l| l.weights.to_vec())
    }

    /// One weight's dL/dw by backpropagation beside the central difference with step `h`:
    /// `{ weight, loss, backprop, numeric, relativeError, h, nRows }` (layers and units
    /// counted from 0).
    #[wasm_bindgen(js_name = gradientCheck)]
    pub fn gradient_check(
        &self,
        layer_idx: u32,
        from_unit: u32,
        to_unit: u32,
        h: f64,
    ) -> Result<JsValue, JsError> {
        let check = self
            .inner
            .gradient_check(layer_idx as usize, from_unit as usize, to_unit as usize, h)
            .map_err(js_error)?;
        to_js(&check)
    }

    /// The model as JSON text: architecture, standardisation, weights, settings and history.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsError> {
        let value = to_js(&self.inner.to_file())?;
        js_sys::JSON::stringify_with_replacer_and_space(
            &value,
            &JsValue::NULL,
            &JsValue::from_f64(1.0),
        )
        .map(String::from)
        .map_err(|_| JsError::new("internal: the model could not be written as JSON"))
    }

    /// A network for `dataset` from JSON written by `toJson`: the data set must have the same
    /// target and features; predictions are exactly the exported network's. Throws with words.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str, dataset: &JsDataset) -> Result<JsNetwork, JsError> {
        let value = js_sys::JSON::parse(text)
            .map_err(|_| JsError::new("this file is not JSON, so it is not a network file"))?;
        let file = super::from_js(&value)
            .and_then(|v| houses::ModelFile::from_value(&v))
            .map_err(|e| JsError::new(&format!("this is not a Downhill network file ({e})")))?;
        let data = &dataset.inner;
        crate::budget::least_squares(data.n_rows(), data.n_features()).map_err(super::too_much)?;
        Network::from_file(data.clone(), &file)
            .map(|inner| JsNetwork { inner })
            .map_err(js_error)
    }
}

/// The hidden layers' activations: `[{ name, title, formula, meaning }]`, in the order the page
/// lists them.
#[wasm_bindgen(js_name = activationCatalog)]
pub fn activation_catalog() -> Result<JsValue, JsError> {
    to_js(&crate::nn::activation_catalog())
}
