//! How good a prediction is: RMSE, MAE, R², and the predict-the-mean baseline to beat.

/// Root mean squared error √((1/n) Σ (yᵢ − ŷᵢ)²), in the target's units (NaN if empty).
pub fn rmse(y_true: &[f64], y_pred: &[f64]) -> f64 {
    let n = y_true.len().min(y_pred.len());
    let ss: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(y, p)| (y - p) * (y - p))
        .sum();
    (ss / n as f64).sqrt()
}

/// Mean absolute error (1/n) Σ |yᵢ − ŷᵢ|, in the target's units (NaN if empty).
pub fn mae(y_true: &[f64], y_pred: &[f64]) -> f64 {
    let n = y_true.len().min(y_pred.len());
    let sa: f64 = y_true.iter().zip(y_pred).map(|(y, p)| (y - p).abs()).sum();
    sa / n as f64
}

/// Coefficient of determination R² = 1 − SS_res / SS_tot, with SS_res = Σ (yᵢ − ŷᵢ)² and
/// SS_tot = Σ (yᵢ − ȳ)² around the mean of `y_true` itself (the test mean, as scikit-learn's
/// `r2_score` does). 1 is perfect, 0 is no better than that mean, below 0 is worse.
/// If `y_true` is constant, R² is 1 for a perfect prediction and 0 otherwise (scikit-learn's
/// choice).
pub fn r2(y_true: &[f64], y_pred: &[f64]) -> f64 {
    let n = y_true.len().min(y_pred.len());
    if n == 0 {
        return f64::NAN;
    }
    let mean = y_true[..n].iter().sum::<f64>() / n as f64;
    let ss_tot: f64 = y_true[..n].iter().map(|y| (y - mean) * (y - mean)).sum();
    let ss_res: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(y, p)| (y - p) * (y - p))
        .sum();
    if ss_tot == 0.0 {
        return if ss_res == 0.0 { 1.0 } else { 0.0 };
    }
    1.0 - ss_res / ss_tot
}

/// RMSE, MAE and R² of one prediction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// 1 − SS_res / SS_tot around the mean of the true values.
    pub r2: f64,
}

impl Metrics {
    /// All three metrics of `y_pred` against `y_true`.
    pub fn of(y_true: &[f64], y_pred: &[f64]) -> Metrics {
        Metrics {
            rmse: rmse(y_true, y_pred),
            mae: mae(y_true, y_pred),
            r2: r2(y_true, y_pred),
        }
    }
}

/// The simplest model: always predict the training mean of y. Any model must beat it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeanBaseline {
    /// ȳ over the training rows.
    pub mean: f64,
}

impl MeanBaseline {
    /// ȳ = (1/n) Σ y over `rows` (NaN with no rows).
    ///
    /// # Panics
    /// If a row index is past the end of `y` (indices come from a split, not a learner).
    pub fn fit(y: &[f64], rows: &[usize]) -> MeanBaseline {
        let sum: f64 = rows.iter().map(|&i| y[i]).sum();
        MeanBaseline {
            mean: sum / rows.len() as f64,
        }
    }

    /// The prediction for any row: ȳ.
    pub fn predict(&self) -> f64 {
        self.mean
    }
}
