//! Mini-batch training: visit the training rows in a shuffled order, B rows at a time, and
//! after each batch let the optimizer step θ against dL/dθ.

use super::mlp::check_l2;
use super::{Mlp, NnError};
use crate::optim::{self, Hyper, Optimizer};
use crate::real::Real;
use crate::rng::SplitMix64;

/// How a [`Trainer`] trains: the optimizer and its hyperparameters, batch size, L2 strength
/// and the seed of the shuffling stream.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// Optimizer name, one of [`crate::optim::NAMES`].
    pub optimizer: String,
    /// Its hyperparameters; unset fields take the optimizer's defaults.
    pub hyper: Hyper,
    /// Rows per mini-batch B (1 to [`TrainConfig::MAX_BATCH_SIZE`]); the last batch of an
    /// epoch holds what is left.
    pub batch_size: usize,
    /// λ of the L2 penalty (λ/2) Σ w² on the weights (not the biases); 0 for none.
    pub l2: f64,
    /// Seed of the shuffling stream `SplitMix64::derive(seed, "shuffle")`.
    pub seed: u64,
}

impl TrainConfig {
    /// The largest mini-batch (bounds the workspace memory).
    pub const MAX_BATCH_SIZE: usize = 4096;
}

impl Default for TrainConfig {
    /// Adam with learning rate 1e-3, batches of 32, no L2, seed 1.
    fn default() -> Self {
        Self {
            optimizer: "adam".to_string(),
            hyper: Hyper {
                lr: Some(1e-3),
                ..Hyper::default()
            },
            batch_size: 32,
            l2: 0.0,
            seed: 1,
        }
    }
}

/// What a run of mini-batches did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Mini-batches run.
    pub n_batches: usize,
    /// Mean squared error over the rows of those batches, each measured just before its
    /// batch's update (no L2 penalty); NaN when no batch ran, and NaN or infinite after a
    /// divergence.
    pub mean_loss: f64,
    /// Epochs that ended during the run.
    pub n_epochs_finished: usize,
}

/// A network in training: owns the [`Mlp`], the optimizer, the shuffling stream and where it
/// is in the current epoch, so it can run one batch, a time-sliced chunk of batches, or a
/// whole epoch.
pub struct Trainer<F: Real> {
    mlp: Mlp<F>,
    optimizer: Box<dyn Optimizer<F>>,
    batch_size: usize,
    l2: f64,
    shuffle: SplitMix64,
    /// The current epoch's visiting order (row indices); `cursor` is the next position.
    order: Vec<usize>,
    cursor: usize,
    n_epochs: usize,
    /// Σ (batch MSE · batch rows) and Σ batch rows so far in the current epoch.
    epoch_loss_sum: f64,
    epoch_rows: usize,
    last_epoch_loss: Option<f64>,
}

impl<F: Real> core::fmt::Debug for Trainer<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Trainer")
            .field("optimizer", &self.optimizer.name())
            .field("hyper", &self.optimizer.hyper())
            .field("batch_size", &self.batch_size)
            .field("l2", &self.l2)
            .field("epoch", &self.n_epochs)
            .field("rows_into_epoch", &self.cursor)
            .field("mlp", &self.mlp)
            .finish_non_exhaustive()
    }
}

impl<F: Real> Trainer<F> {
    /// A trainer for `mlp` set up as `config` says; errors name the setting to change.
    pub fn new(mlp: Mlp<F>, config: &TrainConfig) -> Result<Self, NnError> {
        let optimizer = optim::build::<F>(&config.optimizer, &config.hyper)?;
        Ok(Self {
            mlp,
            optimizer,
            batch_size: check_batch_size(config.batch_size)?,
            l2: check_l2(config.l2)?,
            shuffle: SplitMix64::derive(config.seed, "shuffle"),
            order: Vec::new(),
            cursor: 0,
            n_epochs: 0,
            epoch_loss_sum: 0.0,
            epoch_rows: 0,
            last_epoch_loss: None,
        })
    }

    /// The network being trained.
    pub fn mlp(&self) -> &Mlp<F> {
        &self.mlp
    }

    /// The network, mutably (for `predict`, `input_gradient`, or editing weights).
    pub fn mlp_mut(&mut self) -> &mut Mlp<F> {
        &mut self.mlp
    }

    /// The optimizer (for its name, hyperparameters and inner state).
    pub fn optimizer(&self) -> &dyn Optimizer<F> {
        self.optimizer.as_ref()
    }

    /// Epochs completed so far.
    pub fn epoch(&self) -> usize {
        self.n_epochs
    }

    /// Rows of the current epoch already visited (0 at an epoch boundary).
    pub fn rows_into_epoch(&self) -> usize {
        self.cursor
    }

    /// The mean training loss of the last completed epoch (as [`Trainer::train_epoch`] returns).
    pub fn last_epoch_loss(&self) -> Option<f64> {
        self.last_epoch_loss
    }

    /// Rows per mini-batch.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Changes the learning rate γ, keeping the optimizer's accumulated state.
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<(), NnError> {
        self.optimizer
            .set_learning_rate(optim::check_learning_rate(lr)?);
        Ok(())
    }

    /// Changes the batch size from the next batch on.
    pub fn set_batch_size(&mut self, batch_size: usize) -> Result<(), NnError> {
        self.batch_size = check_batch_size(batch_size)?;
        Ok(())
    }

    /// Runs `n_batches` mini-batches over the rows `train_rows` of `x`, `y`, continuing the
    /// current epoch. Each new epoch starts by shuffling `train_rows` (Fisher–Yates from the
    /// shuffling stream), which is read only then: a change takes effect at the next epoch.
    pub fn train_batches(
        &mut self,
        x: &[F],
        y: &[F],
        train_rows: &[usize],
        n_batches: usize,
    ) -> Result<Progress, NnError> {
        let mut progress = Progress {
            n_batches: 0,
            mean_loss: f64::NAN,
            n_epochs_finished: 0,
        };
        let (mut loss_sum, mut n_rows) = (0.0, 0);
        for _ in 0..n_batches {
            if self.cursor == 0 {
                self.start_epoch(train_rows, y.len())?;
            }
            let (loss, batch_rows) = self.run_batch(x, y)?;
            loss_sum += loss * batch_rows as f64;
            n_rows += batch_rows;
            progress.n_batches += 1;
            if self.cursor == 0 {
                progress.n_epochs_finished += 1;
            }
        }
        if n_rows > 0 {
            progress.mean_loss = loss_sum / n_rows as f64;
        }
        Ok(progress)
    }

    /// Runs the current epoch to its end (a whole epoch at a boundary) and returns its mean
    /// training loss: the MSE of each batch just before its update (no L2 penalty), averaged
    /// over all the epoch's rows, including batches run earlier by `train_batches`.
    pub fn train_epoch(&mut self, x: &[F], y: &[F], train_rows: &[usize]) -> Result<f64, NnError> {
        if self.cursor == 0 {
            self.start_epoch(train_rows, y.len())?;
        }
        self.finish_epoch(x, y)
    }

    /// One epoch visiting rows exactly in the order `perm`, without shuffling (the W1
    /// benchmark's mode): sets the learning rate to `lr` and the batch size to `batch_size`
    /// (both stay), abandons any epoch in progress, and returns the epoch's mean training loss.
    pub fn train_epoch_with_permutation(
        &mut self,
        x: &[F],
        y: &[F],
        perm: &[u32],
        lr: f64,
        batch_size: usize,
    ) -> Result<f64, NnError> {
        self.set_learning_rate(lr)?;
        self.set_batch_size(batch_size)?;
        self.order.clear();
        self.order
            .extend(perm.iter().map(|&row_idx| row_idx as usize));
        self.begin(y.len())?;
        self.finish_epoch(x, y)
    }

    /// The mean squared error over `rows` (f64 sums), e.g. on the test split.
    pub fn mse(&mut self, x: &[F], y: &[F], rows: &[usize]) -> Result<f64, NnError> {
        self.mlp.mse(x, y, rows)
    }

    /// A new epoch over `train_rows` in a freshly shuffled order.
    fn start_epoch(&mut self, train_rows: &[usize], n_rows: usize) -> Result<(), NnError> {
        self.order.clear();
        self.order.extend_from_slice(train_rows);
        self.shuffle.shuffle(&mut self.order);
        self.begin(n_rows)
    }

    /// Checks `order` and resets the epoch's position and sums.
    fn begin(&mut self, n_rows: usize) -> Result<(), NnError> {
        if self.order.is_empty() {
            return Err(NnError(
                "there are no training rows; add data or make the training split larger"
                    .to_string(),
            ));
        }
        if let Some(&bad) = self.order.iter().find(|&&row_idx| row_idx >= n_rows) {
            self.order.clear();
            return Err(NnError(format!(
                "training row {bad} does not exist: the data has {n_rows} rows"
            )));
        }
        self.cursor = 0;
        self.epoch_loss_sum = 0.0;
        self.epoch_rows = 0;
        Ok(())
    }

    /// Runs batches until the current epoch ends; returns its mean loss.
    fn finish_epoch(&mut self, x: &[F], y: &[F]) -> Result<f64, NnError> {
        loop {
            self.run_batch(x, y)?;
            if self.cursor == 0 {
                return Ok(self.last_epoch_loss.unwrap_or(f64::NAN));
            }
        }
    }

    /// One mini-batch from `order` at `cursor`: loss and gradient, then an optimizer step.
    /// Returns the batch MSE and its row count; closes the epoch when `order` is used up.
    fn run_batch(&mut self, x: &[F], y: &[F]) -> Result<(f64, usize), NnError> {
        let end = (self.cursor + self.batch_size).min(self.order.len());
        let rows = &self.order[self.cursor..end];
        let (mse, _penalty) = self.mlp.loss_parts_and_grad(x, y, rows, self.l2)?;
        let (params, grad) = self.mlp.params_and_grad();
        self.optimizer.step(params, grad);
        let n_rows = end - self.cursor;
        self.epoch_loss_sum += mse * n_rows as f64;
        self.epoch_rows += n_rows;
        self.cursor = end;
        if self.cursor == self.order.len() {
            self.cursor = 0;
            self.n_epochs += 1;
            self.last_epoch_loss = Some(self.epoch_loss_sum / self.epoch_rows as f64);
        }
        Ok((mse, n_rows))
    }
}

/// Checks a batch size: 1 to [`TrainConfig::MAX_BATCH_SIZE`].
fn check_batch_size(batch_size: usize) -> Result<usize, NnError> {
    if (1..=TrainConfig::MAX_BATCH_SIZE).contains(&batch_size) {
        Ok(batch_size)
    } else {
        Err(NnError(format!(
            "the batch size must be between 1 and {} rows (got {batch_size})",
            TrainConfig::MAX_BATCH_SIZE
        )))
    }
}
