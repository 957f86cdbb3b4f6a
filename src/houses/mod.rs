//! The house-price network: a data set, its seeded train/test split, standardisation fitted on
//! the training rows, a multilayer perceptron in training, the two baselines it must beat, and
//! every number a learner sees in the target's own units (dollars, square feet).
//!
//! ```text
//! Dataset --Split(seed)--> train_idx, test_idx
//!         --Standardizer::fit(train rows)--> z_x = (x − μ_x)/σ_x,  z_y = (y − μ_y)/σ_y
//! Mlp<f32> trained on (z_x, z_y) with MSE          (the loss in standardised units)
//! price(x) = μ_y + σ_y · net((x − μ_x)/σ_x)        (predict: back in dollars)
//! dprice/dx_j = σ_y / σ_x_j · d net / d z_j         (the same backward pass, in dollars per unit)
//! ```
//!
//! Training runs in small pieces ([`Network::advance`]) so the page can give it a few
//! milliseconds per animation frame. At the end of each epoch the network measures itself on
//! the test split (forward passes only, also in pieces) before it trains on; that measurement
//! goes into the history the page draws.
//!
//! Code map: `settings` (what a learner chooses, and the defaults), `export` (the model as a
//! file: architecture, standardisation, weights), `check` (the gradient-check panel: one
//! weight's dL/dw by backpropagation beside a central difference), `stats` (per-feature
//! numbers for the "predict a house" form).

mod check;
mod export;
mod settings;
mod stats;

pub use check::GradientCheck;
pub use export::{LayerFile, ModelFile, FORMAT, FORMAT_VERSION, MAX_EPOCHS};
pub use settings::{Settings, DEFAULT_EPOCHS};
pub use stats::FeatureStats;

use std::sync::Arc;

use crate::data::{DataError, Dataset, MeanBaseline, Metrics, Split, Standardizer};
use crate::value::{Fields, Value};

use crate::linreg::LeastSquares;
use crate::nn::{Mlp, NnError, Trainer};

/// A setting, data set or model file that cannot be used, with a message saying what to change.
#[derive(Clone, Debug, PartialEq)]
pub struct HouseError(pub String);

impl core::fmt::Display for HouseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HouseError {}

impl From<NnError> for HouseError {
    fn from(err: NnError) -> Self {
        HouseError(err.0)
    }
}

impl From<DataError> for HouseError {
    fn from(err: DataError) -> Self {
        HouseError(err.to_string())
    }
}

/// One finished epoch as the page plots it and the history CSV lists it, in the target's units.
///
/// In a JSON file, a number that is not finite is written as `null` and read back as NaN.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpochRecord {
    /// Epochs completed (1 for the first).
    pub epoch: usize,
    /// √(mean training MSE over the epoch's mini-batches, each measured just before its
    /// update) · σ_y: the training RMSE in the target's units.
    pub train_rmse: f64,
    /// The test split's RMSE at the end of the epoch.
    pub test_rmse: f64,
    /// The test split's mean absolute error at the end of the epoch.
    pub test_mae: f64,
    /// The test split's R² at the end of the epoch.
    pub test_r2: f64,
}

impl EpochRecord {
    /// Reads one record of a network file's history (a `null` or absent loss reads as NaN).
    pub fn from_value(record: &Value) -> Result<Self, String> {
        let f = Fields::of(
            record,
            &["epoch", "trainRmse", "testRmse", "testMae", "testR2"],
        )?;
        // JSON writes a loss that became NaN or infinite as null: absent or null reads as NaN.
        let loss = |name| Ok::<_, String>(f.number(name)?.unwrap_or(f64::NAN));
        Ok(EpochRecord {
            epoch: export::epochs(f.need("epoch")?, "epoch")?,
            train_rmse: loss("trainRmse")?,
            test_rmse: loss("testRmse")?,
            test_mae: loss("testMae")?,
            test_r2: loss("testR2")?,
        })
    }
}

/// Where training stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Training can go on.
    Ready,
    /// The loss became NaN or infinite; the message says when.
    Diverged(String),
}

/// What one call of [`Network::advance`] did.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Advance {
    /// Mini-batches trained in this call.
    pub n_batches: usize,
    /// Test rows measured in this call.
    pub n_measured: usize,
    /// Whether an epoch's test measurement finished in this call (the history grew).
    pub epoch_finished: bool,
    /// Epochs completed so far.
    pub epoch: usize,
}

/// The test measurement in progress at the end of an epoch.
#[derive(Clone, Debug)]
struct Measuring {
    /// Test rows measured so far.
    cursor: usize,
    /// The epoch's training RMSE in the target's units.
    train_rmse: f64,
    /// Whether the measurement ends an epoch (and goes into the history); the first
    /// measurement of a new or loaded network does not.
    record: bool,
}

/// Baselines on the same split: what a model has to beat.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Baselines {
    /// Always predict the training mean ȳ.
    pub mean: Metrics,
    /// Least squares on the same standardised features.
    pub least_squares: Metrics,
}

/// The house-price network with its data: see the module documentation.
pub struct Network {
    data: Arc<Dataset>,
    settings: Settings,
    split: Split,
    x_scale: Standardizer,
    y_scale: Standardizer,
    /// Every row's standardised features (row-major) and target, in f32 for training.
    zx: Vec<f32>,
    zy: Vec<f32>,
    /// The test rows' standardised features, contiguous, for forward passes in chunks.
    zx_test: Vec<f32>,
    /// The test rows' targets in the data's units.
    y_test: Vec<f64>,
    trainer: Trainer<f32>,
    /// Epochs trained before this network was built (a model loaded from a file).
    epoch_offset: usize,
    baselines: Baselines,
    history: Vec<EpochRecord>,
    /// The test predictions (target units) of the last measurement, in `split.test_idx` order.
    test_pred: Vec<f64>,
    measured_pred: Vec<f64>,
    measuring: Option<Measuring>,
    metrics: Metrics,
    status: Status,
    stats: Vec<FeatureStats>,
}

impl core::fmt::Debug for Network {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Network")
            .field("settings", &self.settings)
            .field("epoch", &self.epoch())
            .field("metrics", &self.metrics)
            .finish_non_exhaustive()
    }
}

/// Test rows pushed through the network per forward pass while measuring.
const MEASURE_CHUNK: usize = 256;

/// A new or loaded network measures its test split at once when it has at most this many
/// rows; a larger one is measured piece by piece by the first calls of [`Network::advance`],
/// so that building it never blocks a page for long.
pub const MEASURE_AT_ONCE_ROWS: usize = 16_384;

impl Network {
    /// A fresh network for `data`: splits the rows with `settings.seed`, fits the
    /// standardisation and both baselines on the training rows, draws the initial weights and
    /// measures the untrained network on the test split. Errors name the setting to change.
    pub fn new(data: Arc<Dataset>, settings: Settings) -> Result<Network, HouseError> {
        let arch = settings.architecture(data.n_features())?;
        let mlp = Mlp::<f32>::new(arch, settings.seed)?;
        let split = data.split(settings.test_fraction, settings.seed)?;
        let d = data.n_features();
        let x_scale = Standardizer::fit(data.x(), d, &split.train_idx);
        let y_scale = Standardizer::fit_target(data.y(), &split.train_idx);
        Self::assemble(data, settings, split, x_scale, y_scale, mlp, 0)
    }

    /// Builds everything that follows from the data, split, standardisation and weights.
    fn assemble(
        data: Arc<Dataset>,
        settings: Settings,
        split: Split,
        x_scale: Standardizer,
        y_scale: Standardizer,
        mlp: Mlp<f32>,
        epoch_offset: usize,
    ) -> Result<Network, HouseError> {
        let trainer = Trainer::new(mlp, &settings.train_config())?;
        let d = data.n_features();
        let zx: Vec<f32> = data
            .x()
            .chunks(d)
            .flat_map(|row| {
                row.iter()
                    .enumerate()
                    .map(|(j, &v)| x_scale.transform_value(j, v) as f32)
            })
            .collect();
        let zy: Vec<f32> = data
            .y()
            .iter()
            .map(|&v| y_scale.transform_value(0, v) as f32)
            .collect();
        let mut zx_test = Vec::with_capacity(split.test_idx.len() * d);
        for &row_idx in &split.test_idx {
            zx_test.extend_from_slice(&zx[row_idx * d..(row_idx + 1) * d]);
        }
        let y_test: Vec<f64> = split.test_idx.iter().map(|&i| data.y()[i]).collect();

        let mean = MeanBaseline::fit(data.y(), &split.train_idx).predict();
        let mean_metrics = Metrics::of(&y_test, &vec![mean; y_test.len()]);
        let ls = LeastSquares::fit(data.x(), data.y(), d, &split.train_idx)?;
        let ls_pred = ls.predict_rows(data.x(), &split.test_idx)?;
        let baselines = Baselines {
            mean: mean_metrics,
            least_squares: Metrics::of(&y_test, &ls_pred),
        };
        let stats = stats::feature_stats(&data, &split.train_idx, &x_scale);

        let mut network = Network {
            data,
            settings,
            split,
            x_scale,
            y_scale,
            zx,
            zy,
            zx_test,
            y_test,
            trainer,
            epoch_offset,
            baselines,
            history: Vec::new(),
            test_pred: Vec::new(),
            measured_pred: Vec::new(),
            measuring: None,
            metrics: Metrics {
                rmse: f64::NAN,
                mae: f64::NAN,
                r2: f64::NAN,
            },
            status: Status::Ready,
            stats,
        };
        network.measuring = Some(Measuring {
            cursor: 0,
            train_rmse: f64::NAN,
            record: false,
        });
        if network.y_test.len() <= MEASURE_AT_ONCE_ROWS {
            network.measure_some(usize::MAX)?;
        }
        Ok(network)
    }

    /// The settings this network was built with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The data set it learns from.
    pub fn data(&self) -> &Arc<Dataset> {
        &self.data
    }

    /// The seeded train/test split.
    pub fn split(&self) -> &Split {
        &self.split
    }

    /// μ and σ of each feature on the training rows.
    pub fn feature_scale(&self) -> &Standardizer {
        &self.x_scale
    }

    /// μ and σ of the target on the training rows.
    pub fn target_scale(&self) -> &Standardizer {
        &self.y_scale
    }

    /// The network and its optimizer.
    pub fn trainer(&self) -> &Trainer<f32> {
        &self.trainer
    }

    /// Epochs completed (including those of a loaded model).
    pub fn epoch(&self) -> usize {
        self.epoch_offset + self.trainer.epoch()
    }

    /// Training rows already visited in the current epoch.
    pub fn rows_into_epoch(&self) -> usize {
        self.trainer.rows_into_epoch()
    }

    /// Mini-batches per epoch: ⌈n_train / B⌉.
    pub fn batches_per_epoch(&self) -> usize {
        self.split
            .train_idx
            .len()
            .div_ceil(self.trainer.batch_size())
    }

    /// Whether a test measurement is in progress (training waits for it).
    pub fn is_measuring(&self) -> bool {
        self.measuring.is_some()
    }

    /// Ready, or diverged with a message.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// RMSE, MAE and R² of the network on the test split, in the target's units, as of the
    /// last completed measurement (the untrained network before the first epoch ends).
    pub fn metrics(&self) -> Metrics {
        self.metrics
    }

    /// The predict-the-mean and least-squares baselines on the same test split.
    pub fn baselines(&self) -> Baselines {
        self.baselines
    }

    /// One record per completed epoch.
    pub fn history(&self) -> &[EpochRecord] {
        &self.history
    }

    /// The test rows' true targets, in `split().test_idx` order.
    pub fn test_targets(&self) -> &[f64] {
        &self.y_test
    }

    /// The test rows' predictions from the last measurement, in `split().test_idx` order.
    pub fn test_predictions(&self) -> &[f64] {
        &self.test_pred
    }

    /// Per-feature numbers on the training rows (for a form in real units).
    pub fn feature_stats(&self) -> &[FeatureStats] {
        &self.stats
    }

    /// The history as CSV: `epoch,train_rmse,test_rmse,test_mae,test_r2`, one line per epoch,
    /// in the target's units.
    pub fn history_csv(&self) -> String {
        let mut out = String::from("epoch,train_rmse,test_rmse,test_mae,test_r2\n");
        for r in &self.history {
            out.push_str(&format!(
                "{},{},{},{},{}\n",
                r.epoch, r.train_rmse, r.test_rmse, r.test_mae, r.test_r2
            ));
        }
        out
    }

    /// Does about `max_rows` rows' worth of work: finishes a pending test measurement (forward
    /// passes cost about a third of a training row, so up to 3 · `max_rows` test rows), or else
    /// trains mini-batches until `max_rows` training rows have been used (at least one batch)
    /// or the epoch ends, which starts the test measurement. Does nothing once diverged.
    pub fn advance(&mut self, max_rows: usize) -> Result<Advance, HouseError> {
        let mut report = Advance {
            n_batches: 0,
            n_measured: 0,
            epoch_finished: false,
            epoch: self.epoch(),
        };
        if self.status != Status::Ready {
            return Ok(report);
        }
        if let Some(measuring) = &self.measuring {
            let record = measuring.record;
            report.n_measured = self.measure_some(3 * max_rows.max(1))?;
            report.epoch_finished = record && self.measuring.is_none();
            return Ok(report);
        }
        let mut n_rows = 0;
        loop {
            let epoch_before = self.trainer.epoch();
            let rows_before = self.trainer.rows_into_epoch();
            self.train_one_batch()?;
            report.n_batches += 1;
            if self.status != Status::Ready {
                break;
            }
            if self.trainer.epoch() > epoch_before {
                break;
            }
            n_rows += self.trainer.rows_into_epoch() - rows_before;
            if n_rows >= max_rows {
                break;
            }
        }
        report.epoch = self.epoch();
        Ok(report)
    }

    /// Trains exactly one mini-batch; if it ends an epoch, measures the test split at once.
    pub fn step_batch(&mut self) -> Result<Advance, HouseError> {
        let mut report = Advance {
            n_batches: 0,
            n_measured: 0,
            epoch_finished: false,
            epoch: self.epoch(),
        };
        if self.status != Status::Ready {
            return Ok(report);
        }
        if let Some(measuring) = &self.measuring {
            let record = measuring.record;
            report.n_measured = self.measure_some(usize::MAX)?;
            if record {
                report.epoch_finished = true;
                return Ok(report);
            }
        }
        self.train_one_batch()?;
        report.n_batches = 1;
        if self.measuring.is_some() {
            report.n_measured = self.measure_some(usize::MAX)?;
            report.epoch_finished = true;
        }
        report.epoch = self.epoch();
        Ok(report)
    }

    /// Trains to the end of the current epoch (a whole epoch at a boundary) and measures the
    /// test split; returns the epoch's record. Errors once training has diverged.
    pub fn train_epoch(&mut self) -> Result<EpochRecord, HouseError> {
        if let Status::Diverged(message) = &self.status {
            return Err(HouseError(message.clone()));
        }
        if let Some(measuring) = &self.measuring {
            // Finish a measurement under way; if it ends an epoch, that epoch is the answer.
            let record = measuring.record;
            self.measure_some(usize::MAX)?;
            if record {
                return self.last_record();
            }
        }
        loop {
            self.train_one_batch()?;
            if let Status::Diverged(message) = &self.status {
                return Err(HouseError(message.clone()));
            }
            if self.measuring.is_some() {
                break;
            }
        }
        self.measure_some(usize::MAX)?;
        self.last_record()
    }

    /// The latest epoch record.
    fn last_record(&self) -> Result<EpochRecord, HouseError> {
        self.history
            .last()
            .copied()
            .ok_or_else(|| HouseError("internal: no epoch was recorded".to_string()))
    }

    /// One mini-batch; at an epoch's end, starts the test measurement; a NaN or infinite loss
    /// sets the diverged status.
    fn train_one_batch(&mut self) -> Result<(), HouseError> {
        let progress = self
            .trainer
            .train_batches(&self.zx, &self.zy, &self.split.train_idx, 1)?;
        if !progress.mean_loss.is_finite() {
            self.status = Status::Diverged(format!(
                "training diverged in epoch {}: the loss is no longer a finite number; \
                 try a smaller learning rate",
                self.epoch() + 1
            ));
            return Ok(());
        }
        if progress.n_epochs_finished > 0 {
            let mse = self.trainer.last_epoch_loss().unwrap_or(f64::NAN);
            let train_rmse = mse.sqrt() * self.y_scale.std()[0];
            self.measuring = Some(Measuring {
                cursor: 0,
                train_rmse,
                record: true,
            });
            self.measured_pred.clear();
        }
        Ok(())
    }

    /// Measures up to `max_rows` more test rows; when all are done, updates the metrics and
    /// appends the epoch's record. Returns how many rows were measured.
    fn measure_some(&mut self, max_rows: usize) -> Result<usize, HouseError> {
        let Some(measuring) = &mut self.measuring else {
            return Ok(0);
        };
        let d = self.data.n_features();
        let n_test = self.y_test.len();
        let end = measuring.cursor.saturating_add(max_rows).min(n_test);
        let (mu, sigma) = (self.y_scale.mean()[0], self.y_scale.std()[0]);
        let mut out = vec![0f32; MEASURE_CHUNK];
        let mlp = self.trainer.mlp_mut();
        let mut start = measuring.cursor;
        while start < end {
            let stop = (start + MEASURE_CHUNK).min(end);
            let n = stop - start;
            mlp.predict(&self.zx_test[start * d..stop * d], n, &mut out[..n])?;
            self.measured_pred
                .extend(out[..n].iter().map(|&z| mu + sigma * f64::from(z)));
            start = stop;
        }
        let n_measured = end - measuring.cursor;
        measuring.cursor = end;
        if end == n_test {
            let (train_rmse, record) = (measuring.train_rmse, measuring.record);
            self.measuring = None;
            std::mem::swap(&mut self.test_pred, &mut self.measured_pred);
            self.measured_pred.clear();
            self.metrics = Metrics::of(&self.y_test, &self.test_pred);
            if record {
                self.history.push(EpochRecord {
                    epoch: self.epoch(),
                    train_rmse,
                    test_rmse: self.metrics.rmse,
                    test_mae: self.metrics.mae,
                    test_r2: self.metrics.r2,
                });
            }
            if !self.metrics.rmse.is_finite() {
                self.status = Status::Diverged(format!(
                    "training diverged by epoch {}: the predictions are no longer finite \
                     numbers; try a smaller learning rate",
                    self.epoch()
                ));
            }
        }
        Ok(n_measured)
    }

    /// Checks a row of raw feature values: one finite number per feature.
    fn check_row(&self, row: &[f64]) -> Result<(), HouseError> {
        let d = self.data.n_features();
        if row.len() != d {
            return Err(HouseError(format!(
                "this network takes {d} feature values ({}), but {} were given",
                self.data.feature_names().join(", "),
                row.len()
            )));
        }
        if let Some((j, v)) = row.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(HouseError(format!(
                "{} must be a finite number (got {})",
                self.data.feature_names()[j],
                crate::value::number_text(*v)
            )));
        }
        Ok(())
    }

    /// The prediction for one row of raw feature values, in the target's units:
    /// μ_y + σ_y · net((x − μ_x)/σ_x).
    pub fn predict(&mut self, row: &[f64]) -> Result<f64, HouseError> {
        self.check_row(row)?;
        let z: Vec<f32> = row
            .iter()
            .enumerate()
            .map(|(j, &v)| self.x_scale.transform_value(j, v) as f32)
            .collect();
        let mut out = [0f32];
        self.trainer.mlp_mut().predict(&z, 1, &mut out)?;
        Ok(self.y_scale.inverse_value(0, f64::from(out[0])))
    }

    /// d prediction / d feature at one row of raw values, in target units per raw unit of each
    /// feature: σ_y / σ_x_j · d net / d z_j, the backward pass carried down to the inputs.
    pub fn input_gradient(&mut self, row: &[f64]) -> Result<Vec<f64>, HouseError> {
        self.check_row(row)?;
        let z: Vec<f32> = row
            .iter()
            .enumerate()
            .map(|(j, &v)| self.x_scale.transform_value(j, v) as f32)
            .collect();
        let dz = self.trainer.mlp_mut().input_gradient(&z)?;
        let sigma_y = self.y_scale.std()[0];
        Ok(dz
            .iter()
            .zip(self.x_scale.std())
            .map(|(&g, &sigma_x)| sigma_y / sigma_x * f64::from(g))
            .collect())
    }

    /// The network's parameters as they are now (for drawing and export).
    pub fn mlp(&self) -> &Mlp<f32> {
        self.trainer.mlp()
    }

    /// A model file: architecture, standardisation, weights, settings and history.
    pub fn to_file(&self) -> ModelFile {
        export::to_file(self)
    }

    /// A network for `data` from a model file. The data set must have the file's target and
    /// features (in the same order); the split follows the file's settings and seed, the
    /// standardisation and weights are the file's, so predictions are exactly the exported
    /// network's. Training can go on from there with fresh optimizer state.
    pub fn from_file(data: Arc<Dataset>, file: &ModelFile) -> Result<Network, HouseError> {
        let (settings, x_scale, y_scale, mlp) = export::from_file(&data, file)?;
        let split = data.split(settings.test_fraction, settings.seed)?;
        let mut network = Self::assemble(data, settings, split, x_scale, y_scale, mlp, file.epoch)?;
        network.history = file.history.clone();
        Ok(network)
    }

    /// Checks one weight's dL/dw by backpropagation against a central difference, on a fixed
    /// batch of training rows (see [`GradientCheck`]).
    pub fn gradient_check(
        &self,
        layer_idx: usize,
        from_unit: usize,
        to_unit: usize,
        h: f64,
    ) -> Result<GradientCheck, HouseError> {
        check::gradient_check(self, layer_idx, from_unit, to_unit, h)
    }

    /// The standardised features and targets of every row (f32), for the gradient check.
    fn standardised(&self) -> (&[f32], &[f32]) {
        (&self.zx, &self.zy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(loss: Value) -> Value {
        let mut fields = vec![("epoch".to_string(), Value::Number(3.0))];
        for name in ["trainRmse", "testRmse", "testMae", "testR2"] {
            fields.push((name.to_string(), loss.clone()));
        }
        Value::Object(fields)
    }

    #[test]
    fn a_history_record_reads_null_losses_as_nan_and_refuses_text() {
        let lost = EpochRecord::from_value(&record(Value::Null)).unwrap();
        assert_eq!(lost.epoch, 3);
        assert!(lost.train_rmse.is_nan() && lost.test_r2.is_nan());
        let kept = EpochRecord::from_value(&record(Value::Number(2.0))).unwrap();
        assert_eq!((kept.train_rmse, kept.test_mae), (2.0, 2.0));
        assert!(EpochRecord::from_value(&record(Value::Text("NaN".into()))).is_err());
    }
}
