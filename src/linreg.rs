//! The least-squares baseline: the best straight-line (affine) fit, in closed form.
//!
//! Ordinary least squares with an intercept minimises Σᵢ (yᵢ − b − Σⱼ wⱼ zᵢⱼ)² over the
//! training rows, on standardised features z = (x − μ)/σ. Centring removes the intercept from
//! the problem: with every column of Z and y centred, b = ȳ − Σⱼ wⱼ z̄ⱼ and w solves
//! min ‖Z w − (y − ȳ)‖.
//!
//! The solver is Householder QR (Golub & Van Loan, Matrix Computations, §5.3): Z = Q R, then
//! R w = Qᵀ (y − ȳ) by back substitution. It never forms ZᵀZ, whose condition number is the
//! square of Z's, so nearly dependent columns lose half as many digits as with the normal
//! equations. A column that is (numerically) a combination of the columns before it (its part
//! left after the earlier reflections is below 1e-7 of its own length, R's `lm` tolerance) is
//! left out and gets weight 0; R's `lm` reports such a coefficient as NA. A column that is
//! constant on the training rows is left out the same way.
//!
//! Gradient descent on the same mean squared error should approach this fit: it is the floor
//! a linear model can reach, and the line a network has to beat.

use crate::data::{DataError, Standardizer};

/// A column is left out when its remaining norm is at most this fraction of its own norm.
pub const ALIAS_TOLERANCE: f64 = 1e-7;

/// A fitted least-squares model ŷ = b + Σⱼ wⱼ (xⱼ − μⱼ)/σⱼ.
#[derive(Clone, Debug, PartialEq)]
pub struct LeastSquares {
    standardizer: Standardizer,
    weights: Vec<f64>,
    intercept: f64,
    aliased: Vec<usize>,
}

impl LeastSquares {
    /// Fits on `rows` of the row-major matrix `x` (`n_features` columns, one row per value of
    /// `y`): standardises x with the training rows' μ and σ, then solves least squares by
    /// Householder QR.
    ///
    /// Fails if `x` does not hold `y.len()` rows, if a row index is out of range, or if
    /// `rows` is empty.
    pub fn fit(
        x: &[f64],
        y: &[f64],
        n_features: usize,
        rows: &[usize],
    ) -> Result<LeastSquares, DataError> {
        let d = n_features;
        if x.len() != y.len() * d {
            return Err(DataError::ShapeMismatch {
                n_values: x.len(),
                n_rows: y.len(),
                n_features: d,
            });
        }
        if let Some(&row_idx) = rows.iter().find(|&&i| i >= y.len()) {
            return Err(DataError::RowOutOfRange {
                row_idx,
                n_rows: y.len(),
            });
        }
        if rows.is_empty() {
            return Err(DataError::NoTrainingRows);
        }
        let n = rows.len();
        let standardizer = Standardizer::fit(x, d, rows);

        // A = Z with each column centred on its own (rounding-level) mean, column-major.
        let mut a = vec![0.0; n * d];
        let mut z_mean = vec![0.0; d];
        for j in 0..d {
            let col = &mut a[j * n..(j + 1) * n];
            for (a_ij, &row_idx) in col.iter_mut().zip(rows) {
                *a_ij = standardizer.transform_value(j, x[row_idx * d + j]);
            }
            z_mean[j] = col.iter().sum::<f64>() / n as f64;
            col.iter_mut().for_each(|v| *v -= z_mean[j]);
        }
        let y_mean = rows.iter().map(|&i| y[i]).sum::<f64>() / n as f64;
        let mut b: Vec<f64> = rows.iter().map(|&i| y[i] - y_mean).collect();

        let (kept, r_diag, aliased) = householder_qr(&mut a, &mut b, n, d);

        // Back substitution R w = Qᵀb over the kept columns, last to first:
        // w_p = (c_p − Σ_{q>p} R_pq w_q) / R_pp, where R_pq sits in row p of column kept[q].
        let mut weights = vec![0.0; d];
        for p in (0..kept.len()).rev() {
            let mut s = b[p];
            for &j in &kept[p + 1..] {
                s -= a[j * n + p] * weights[j];
            }
            weights[kept[p]] = s / r_diag[p];
        }
        // b = ȳ − Σ wⱼ z̄ⱼ (z̄ⱼ is zero up to rounding).
        let intercept = y_mean - weights.iter().zip(&z_mean).map(|(w, m)| w * m).sum::<f64>();
        Ok(LeastSquares {
            standardizer,
            weights,
            intercept,
            aliased,
        })
    }

    /// How many features the model takes.
    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// The prediction ŷ = b + Σⱼ wⱼ (xⱼ − μⱼ)/σⱼ for one row of raw feature values
    /// (`n_features()` of them).
    pub fn predict_row(&self, row: &[f64]) -> f64 {
        let linear: f64 = row
            .iter()
            .enumerate()
            .zip(&self.weights)
            .map(|((j, &v), w)| w * self.standardizer.transform_value(j, v))
            .sum();
        self.intercept + linear
    }

    /// Predictions for every row of the row-major matrix `x`.
    pub fn predict(&self, x: &[f64]) -> Vec<f64> {
        let d = self.n_features().max(1);
        x.chunks(d).map(|row| self.predict_row(row)).collect()
    }

    /// Predictions for `rows` of the row-major matrix `x` (an error for an index past its end).
    pub fn predict_rows(&self, x: &[f64], rows: &[usize]) -> Result<Vec<f64>, DataError> {
        let d = self.n_features();
        let n_rows = x.len().checked_div(d).unwrap_or(0);
        rows.iter()
            .map(|&row_idx| {
                x.get(row_idx * d..(row_idx + 1) * d)
                    .filter(|_| row_idx < n_rows)
                    .map(|row| self.predict_row(row))
                    .ok_or(DataError::RowOutOfRange { row_idx, n_rows })
            })
            .collect()
    }

    /// The weights wⱼ on standardised features: the change in ŷ for one standard deviation
    /// more of feature j, comparable across features.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The intercept b on standardised features: ŷ for a row at the training means (= ȳ).
    pub fn intercept(&self) -> f64 {
        self.intercept
    }

    /// The coefficients in the data's own units, βⱼ = wⱼ / σⱼ (ŷ = β₀ + Σⱼ βⱼ xⱼ).
    pub fn raw_coefficients(&self) -> Vec<f64> {
        self.weights
            .iter()
            .zip(self.standardizer.std())
            .map(|(w, s)| w / s)
            .collect()
    }

    /// The intercept in the data's own units, β₀ = b − Σⱼ βⱼ μⱼ.
    pub fn raw_intercept(&self) -> f64 {
        let shift: f64 = self
            .raw_coefficients()
            .iter()
            .zip(self.standardizer.mean())
            .map(|(beta, mu)| beta * mu)
            .sum();
        self.intercept - shift
    }

    /// Indices of the features left out (weight 0) as constant or dependent on earlier ones.
    pub fn aliased_features(&self) -> &[usize] {
        &self.aliased
    }

    /// The μ and σ of the training rows the model standardises with.
    pub fn standardizer(&self) -> &Standardizer {
        &self.standardizer
    }
}

/// Householder QR of the column-major n×d matrix `a`, applying Qᵀ to `b` as it goes.
///
/// Column j, if kept as the p-th, is reflected onto p·e: v = a[p..] − α e₁ with
/// α = −sign(a_p)·‖a[p..]‖ (the sign that avoids cancellation), and H = I − 2 v vᵀ / vᵀv is
/// applied to the later columns and to b. Afterwards row p of a later column j' holds R_pj'.
/// Returns the kept columns in order, their diagonal entries R_pp = α, and the left-out
/// columns.
fn householder_qr(
    a: &mut [f64],
    b: &mut [f64],
    n: usize,
    d: usize,
) -> (Vec<usize>, Vec<f64>, Vec<usize>) {
    let norms: Vec<f64> = (0..d).map(|j| norm(&a[j * n..(j + 1) * n])).collect();
    let mut kept = Vec::new();
    let mut r_diag = Vec::new();
    let mut aliased = Vec::new();
    for j in 0..d {
        let p = kept.len();
        let rest = if p < n {
            norm(&a[j * n + p..(j + 1) * n])
        } else {
            0.0
        };
        if rest <= ALIAS_TOLERANCE * norms[j] || rest == 0.0 {
            aliased.push(j);
            continue;
        }
        let (head, tail) = a.split_at_mut((j + 1) * n);
        let v = &mut head[j * n + p..];
        let alpha = if v[0] > 0.0 { -rest } else { rest };
        v[0] -= alpha;
        let v_sq: f64 = v.iter().map(|t| t * t).sum();
        // H c = c − v (2 vᵀc / vᵀv), for each later column c and for b.
        for c in tail.chunks_mut(n) {
            reflect(v, &mut c[p..], v_sq);
        }
        reflect(v, &mut b[p..], v_sq);
        kept.push(j);
        r_diag.push(alpha);
    }
    (kept, r_diag, aliased)
}

/// c ← c − v (2 vᵀc / vᵀv).
fn reflect(v: &[f64], c: &mut [f64], v_sq: f64) {
    let dot: f64 = v.iter().zip(c.iter()).map(|(a, b)| a * b).sum();
    let k = 2.0 * dot / v_sq;
    for (ci, vi) in c.iter_mut().zip(v) {
        *ci -= k * vi;
    }
}

/// The Euclidean norm, scaled by the largest entry so that squares cannot overflow.
fn norm(v: &[f64]) -> f64 {
    let scale = v.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    if scale == 0.0 {
        return 0.0;
    }
    scale
        * v.iter()
            .map(|x| (x / scale) * (x / scale))
            .sum::<f64>()
            .sqrt()
}
