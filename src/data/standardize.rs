//! Standardisation: z = (x − mean) / std per column, fitted on training rows only.
//!
//! Gradient descent on standardised features sees a round bowl instead of a long valley (all
//! columns on the same scale), so one learning rate suits every weight. The mean and std come
//! from the training rows alone: the test rows must not leak into anything the model uses.

/// Per-column mean and population standard deviation, and the maps z = (x − μ)/σ and back.
///
/// For the target, fit on y as a one-column matrix: `Standardizer::fit(y, 1, rows)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Standardizer {
    mean: Vec<f64>,
    std: Vec<f64>,
}

impl Standardizer {
    /// Fits μ_j = (1/n) Σ x_ij and σ_j = √((1/n) Σ (x_ij − μ_j)²) over `rows` of the row-major
    /// matrix `x` with `n_features` columns (two passes, so large means do not eat the
    /// variance).
    ///
    /// A column that is constant on these rows (σ = 0, or σ below 1e-12 of |μ| where only
    /// rounding makes it non-zero) gets σ = 1, so it maps to 0 instead of dividing by zero.
    /// With no rows every column gets μ = 0, σ = 1 (the identity).
    ///
    /// # Panics
    /// If a row index is past the end of `x` (row indices come from a [`super::Split`], never
    /// from a learner).
    pub fn fit(x: &[f64], n_features: usize, rows: &[usize]) -> Standardizer {
        let mut mean = vec![0.0; n_features];
        let mut std = vec![1.0; n_features];
        if rows.is_empty() || n_features == 0 {
            return Standardizer { mean, std };
        }
        let n = rows.len() as f64;
        for &row_idx in rows {
            let row = &x[row_idx * n_features..(row_idx + 1) * n_features];
            for (m, v) in mean.iter_mut().zip(row) {
                *m += v;
            }
        }
        mean.iter_mut().for_each(|m| *m /= n);
        let mut sum_sq = vec![0.0; n_features];
        for &row_idx in rows {
            let row = &x[row_idx * n_features..(row_idx + 1) * n_features];
            for ((s, v), m) in sum_sq.iter_mut().zip(row).zip(&mean) {
                *s += (v - m) * (v - m);
            }
        }
        for ((s, m), sd) in sum_sq.iter().zip(&mean).zip(std.iter_mut()) {
            let sigma = (s / n).sqrt();
            *sd = if sigma > 1e-12 * m.abs() && sigma > 0.0 {
                sigma
            } else {
                1.0
            };
        }
        Standardizer { mean, std }
    }

    /// μ and σ per column as given, e.g. read back from a model file (the caller checks them:
    /// as many of each, all finite, every σ > 0).
    pub fn from_parts(mean: Vec<f64>, std: Vec<f64>) -> Standardizer {
        Standardizer { mean, std }
    }

    /// Fits a one-column standardizer on the target values of `rows`.
    pub fn fit_target(y: &[f64], rows: &[usize]) -> Standardizer {
        Self::fit(y, 1, rows)
    }

    /// How many columns this standardizer maps.
    pub fn n_features(&self) -> usize {
        self.mean.len()
    }

    /// μ per column.
    pub fn mean(&self) -> &[f64] {
        &self.mean
    }

    /// σ per column (1 for a constant column).
    pub fn std(&self) -> &[f64] {
        &self.std
    }

    /// z = (x − μ_j) / σ_j for one value of column `col_idx`.
    pub fn transform_value(&self, col_idx: usize, x: f64) -> f64 {
        (x - self.mean[col_idx]) / self.std[col_idx]
    }

    /// x = μ_j + σ_j z for one standardised value of column `col_idx`.
    pub fn inverse_value(&self, col_idx: usize, z: f64) -> f64 {
        self.mean[col_idx] + self.std[col_idx] * z
    }

    /// Standardises a row-major matrix (every row, each of `n_features()` columns).
    pub fn transform(&self, x: &[f64]) -> Vec<f64> {
        let d = self.n_features().max(1);
        x.chunks(d)
            .flat_map(|row| {
                row.iter()
                    .enumerate()
                    .map(|(j, &v)| self.transform_value(j, v))
            })
            .collect()
    }

    /// Undoes [`Standardizer::transform`]: x = μ + σ z, column by column.
    pub fn inverse(&self, z: &[f64]) -> Vec<f64> {
        let d = self.n_features().max(1);
        z.chunks(d)
            .flat_map(|row| {
                row.iter()
                    .enumerate()
                    .map(|(j, &v)| self.inverse_value(j, v))
            })
            .collect()
    }
}
