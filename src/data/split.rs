//! A seeded train/test split of row indices.

use super::error::DataError;
use crate::rng::SplitMix64;

/// Which rows train the model and which are held out to test it. Both lists are in
/// increasing order, disjoint, and together hold every row once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// Rows the model learns from.
    pub train_idx: Vec<usize>,
    /// Rows held out to measure the model on.
    pub test_idx: Vec<usize>,
}

impl Split {
    /// Shuffles 0..n_rows with `SplitMix64::derive(seed, "split")` (Fisher–Yates) and holds out
    /// the first ⌈test_fraction · n_rows⌉ as the test set (the count scikit-learn's
    /// `train_test_split` uses), kept between 1 and n_rows − 1 so neither side is empty.
    ///
    /// Fails unless 0 < test_fraction < 1 and n_rows ≥ 2.
    pub fn new(n_rows: usize, test_fraction: f64, seed: u64) -> Result<Split, DataError> {
        if !(test_fraction > 0.0 && test_fraction < 1.0) {
            return Err(DataError::InvalidTestFraction {
                value: test_fraction,
            });
        }
        if n_rows < 2 {
            return Err(DataError::TooFewRows { n_rows });
        }
        let n_test = ((test_fraction * n_rows as f64).ceil() as usize).clamp(1, n_rows - 1);
        let mut order: Vec<usize> = (0..n_rows).collect();
        SplitMix64::derive(seed, "split").shuffle(&mut order);
        // Both lists in increasing row order: mark the test rows, then one pass in order (linear
        // time; sorting 400,000 indices took longer than the shuffle).
        let mut is_test = vec![false; n_rows];
        for &row_idx in &order[..n_test] {
            is_test[row_idx] = true;
        }
        let (test_idx, train_idx): (Vec<usize>, Vec<usize>) =
            (0..n_rows).partition(|&row_idx| is_test[row_idx]);
        Ok(Split {
            train_idx,
            test_idx,
        })
    }
}
