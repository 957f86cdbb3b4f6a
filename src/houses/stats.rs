//! Per-feature numbers on the training rows, for a form in real units.

use crate::data::Dataset;
use crate::data::Standardizer;

/// One feature's numbers on the training rows, in its own units.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeatureStats {
    /// The column name.
    pub name: String,
    /// μ, the mean the feature is standardised with.
    pub mean: f64,
    /// σ, the standard deviation it is standardised with (1 for a constant column).
    pub std: f64,
    /// The median: a typical value to start a form from.
    pub median: f64,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// Whether every value is a whole number (bedrooms, year built), so "one more" means +1.
    pub integer: bool,
}

/// The numbers of every feature over `rows` of `data` (which must not be empty).
pub(super) fn feature_stats(
    data: &Dataset,
    rows: &[usize],
    scale: &Standardizer,
) -> Vec<FeatureStats> {
    let d = data.n_features();
    let x = data.x();
    let mut column = Vec::with_capacity(rows.len());
    (0..d)
        .map(|j| {
            column.clear();
            column.extend(rows.iter().map(|&i| x[i * d + j]));
            let integer = column.iter().all(|v| v.fract() == 0.0);
            let min = column.iter().copied().fold(f64::INFINITY, f64::min);
            let max = column.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            // The lower median: the value at rank ⌊(n − 1)/2⌋, found in linear time.
            let mid = (column.len().max(1) - 1) / 2;
            let median = if column.is_empty() {
                f64::NAN
            } else {
                crate::order::select(&mut column, mid)
            };
            FeatureStats {
                name: data.feature_names()[j].clone(),
                mean: scale.mean()[j],
                std: scale.std()[j],
                median,
                min,
                max,
                integer,
            }
        })
        .collect()
}
