//! Fitting a line to data by gradient descent: one feature x, a target y, and the mean squared
//! error of the line as a loss landscape over its slope w and intercept b.
//!
//! Both columns are standardised on the training rows, z = (x − μ_x)/σ_x and t = (y − μ_y)/σ_y,
//! and the line t̂ = w·z + b has the loss and gradient
//!
//! ```text
//! L(w, b) = (1/n) Σ (w zᵢ + b − tᵢ)²
//! ∂L/∂w  = (2/n) Σ (w zᵢ + b − tᵢ) zᵢ
//! ∂L/∂b  = (2/n) Σ (w zᵢ + b − tᵢ)
//! ```
//!
//! Expanding the square, L is a quadratic bowl fixed by five training means (⟨·⟩ = (1/n) Σ):
//! L = ⟨z²⟩w² + 2⟨z⟩wb + b² − 2⟨zt⟩w − 2⟨t⟩b + ⟨t²⟩. Standardised, ⟨z⟩ = ⟨t⟩ = 0 and
//! ⟨z²⟩ = ⟨t²⟩ = 1, so L = (w − r)² + b² + 1 − r² with r = ⟨zt⟩ = corr(x, y): a round bowl whose
//! one minimum (r, 0) is the least-squares line. [`LineFit::landscape`] is that bowl, so the
//! descent and heatmap machinery walk and draw it; [`LineFit::loss`] and
//! [`LineFit::gradient`] are the sums as written above.
//!
//! In the data's own units the line is ŷ = μ_y + σ_y (w (x − μ_x)/σ_x + b) = β₁·x + β₀ with
//! β₁ = w·σ_y/σ_x (dollars per square foot) and β₀ = μ_y + σ_y·b − β₁·μ_x (dollars), and the
//! training mean squared error in dollars² is σ_y²·L(w, b).

use crate::data::{DataError, Dataset, Split, Standardizer, Table};
use crate::landscape::{Landscape, Quadratic, Window};

/// The share of rows held out for testing, as in the network lesson.
pub const TEST_FRACTION: f64 = 0.2;

/// The seed of the train/test split the page uses.
pub const SPLIT_SEED: u64 = 1;

/// A learning rate that suits plain gradient descent on the bowl: each step removes 2η = 20%
/// of the distance to the minimum, so the line visibly creeps towards the fit.
pub const SUGGESTED_RATE: f64 = 0.1;

/// Half the side of the smallest window shown, in standard units.
const MIN_HALF_WINDOW: f64 = 3.0;

/// Why a line cannot be fitted, in words a learner can act on.
#[derive(Clone, Debug, PartialEq)]
pub struct LineFitError(pub String);

impl core::fmt::Display for LineFitError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LineFitError {}

impl From<DataError> for LineFitError {
    fn from(err: DataError) -> LineFitError {
        LineFitError(err.to_string())
    }
}

/// A line ŷ = slope·x + intercept in the data's own units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RealLine {
    /// β₁ = w·σ_y/σ_x: target units per feature unit (dollars per square foot).
    pub slope: f64,
    /// β₀ = μ_y + σ_y·b − β₁·μ_x: the prediction at x = 0, in target units (dollars).
    pub intercept: f64,
}

/// The training means of the standardised data that fix the quadratic L(w, b).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Moments {
    /// ⟨z⟩ (0 up to rounding).
    z: f64,
    /// ⟨t⟩ (0 up to rounding).
    t: f64,
    /// ⟨z²⟩ (1 up to rounding).
    zz: f64,
    /// ⟨z·t⟩ = corr(x, y) up to rounding.
    zt: f64,
    /// ⟨t²⟩ (1 up to rounding).
    tt: f64,
}

/// One feature against a target, split and standardised: the data of a line fit, its loss
/// L(w, b) and gradient, the least-squares answer, and the maps to and from real units.
#[derive(Clone, Debug)]
pub struct LineFit {
    feature: String,
    target: String,
    /// Raw feature values, one per complete row.
    x: Vec<f64>,
    /// Raw target values, one per complete row.
    y: Vec<f64>,
    split: Split,
    /// μ_x, σ_x over the training rows.
    x_scale: Standardizer,
    /// μ_y, σ_y over the training rows.
    y_scale: Standardizer,
    /// Standardised training features zᵢ.
    z: Vec<f64>,
    /// Standardised training targets tᵢ.
    t: Vec<f64>,
    moments: Moments,
    notes: Vec<String>,
}

impl LineFit {
    /// Takes `feature` against `target` from `table` (through [`Dataset::from_table`], the path
    /// of every CSV file, so rows missing either value are skipped and counted), splits the
    /// rows with [`Split::new`]`(n, test_fraction, seed)` and standardises both columns on the
    /// training rows.
    ///
    /// Fails with the data layer's message (unknown or text column, too few rows, bad test
    /// fraction), or when the feature or the target takes one value on every training row (no
    /// line can be told apart from another then).
    pub fn from_table(
        table: &Table,
        target: &str,
        feature: &str,
        test_fraction: f64,
        seed: u64,
    ) -> Result<LineFit, LineFitError> {
        let data = Dataset::from_table(table, target, Some(&[feature]))?;
        let split = data.split(test_fraction, seed)?;
        Self::from_dataset(&data, split)
    }

    /// A line fit on the first feature of `data` against its target, with the given split.
    ///
    /// Fails when a row index of the split is out of range, or when the feature or the target
    /// is constant on the training rows.
    pub fn from_dataset(data: &Dataset, split: Split) -> Result<LineFit, LineFitError> {
        let n_features = data.n_features();
        let feature = data
            .feature_names()
            .first()
            .ok_or_else(|| LineFitError("the data has no feature to draw a line against".into()))?
            .clone();
        let x: Vec<f64> = data.x().iter().step_by(n_features).copied().collect();
        let y = data.y().to_vec();
        let n_rows = y.len();
        if let Some(&row_idx) = split
            .train_idx
            .iter()
            .chain(&split.test_idx)
            .find(|&&i| i >= n_rows)
        {
            return Err(DataError::RowOutOfRange { row_idx, n_rows }.into());
        }
        if split.train_idx.is_empty() {
            return Err(DataError::NoTrainingRows.into());
        }
        let x_scale = Standardizer::fit(&x, 1, &split.train_idx);
        let y_scale = Standardizer::fit_target(&y, &split.train_idx);
        let z: Vec<f64> = split
            .train_idx
            .iter()
            .map(|&i| x_scale.transform_value(0, x[i]))
            .collect();
        let t: Vec<f64> = split
            .train_idx
            .iter()
            .map(|&i| y_scale.transform_value(0, y[i]))
            .collect();
        let moments = Moments::of(&z, &t);
        // Standardised, ⟨z²⟩ is 1 up to rounding; a constant column maps to 0 instead.
        let target = data.target_name().to_string();
        if moments.zz < 0.5 {
            return Err(LineFitError(format!(
                "{feature} has the same value in every training row, so every line through \
                 the points fits them equally well; choose another column"
            )));
        }
        if moments.tt < 0.5 {
            return Err(LineFitError(format!(
                "{target} has the same value in every training row; there is nothing for a line \
                 to learn"
            )));
        }
        Ok(LineFit {
            feature,
            target,
            x,
            y,
            split,
            x_scale,
            y_scale,
            z,
            t,
            moments,
            notes: data.notes(),
        })
    }

    /// The feature's column name (x).
    pub fn feature(&self) -> &str {
        &self.feature
    }

    /// The target's column name (y).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The raw feature values of every complete row.
    pub fn x(&self) -> &[f64] {
        &self.x
    }

    /// The raw target values of every complete row.
    pub fn y(&self) -> &[f64] {
        &self.y
    }

    /// Which rows train the line and which are held out.
    pub fn split(&self) -> &Split {
        &self.split
    }

    /// What the learner should know about the file (skipped rows, renamed columns).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// μ_x, the feature's training mean.
    pub fn x_mean(&self) -> f64 {
        self.x_scale.mean()[0]
    }

    /// σ_x, the feature's training standard deviation (population, 1/n).
    pub fn x_std(&self) -> f64 {
        self.x_scale.std()[0]
    }

    /// μ_y, the target's training mean.
    pub fn y_mean(&self) -> f64 {
        self.y_scale.mean()[0]
    }

    /// σ_y, the target's training standard deviation (population, 1/n).
    pub fn y_std(&self) -> f64 {
        self.y_scale.std()[0]
    }

    /// L(w, b) = (1/n) Σ (w zᵢ + b − tᵢ)² over the standardised training rows.
    pub fn loss(&self, w: f64, b: f64) -> f64 {
        let sum: f64 = self
            .z
            .iter()
            .zip(&self.t)
            .map(|(z, t)| {
                let residual = w * z + b - t;
                residual * residual
            })
            .sum();
        sum / self.z.len() as f64
    }

    /// ∇L(w, b) = ((2/n) Σ (w zᵢ + b − tᵢ) zᵢ, (2/n) Σ (w zᵢ + b − tᵢ)).
    pub fn gradient(&self, w: f64, b: f64) -> [f64; 2] {
        let mut dw = 0.0;
        let mut db = 0.0;
        for (z, t) in self.z.iter().zip(&self.t) {
            let residual = w * z + b - t;
            dw += residual * z;
            db += residual;
        }
        let scale = 2.0 / self.z.len() as f64;
        [scale * dw, scale * db]
    }

    /// The least-squares line (w*, b*) in standard units: w* = cov(z, t)/var(z),
    /// b* = ⟨t⟩ − w*⟨z⟩, i.e. (corr(x, y), 0) up to rounding.
    pub fn least_squares(&self) -> [f64; 2] {
        let m = &self.moments;
        let w = (m.zt - m.z * m.t) / (m.zz - m.z * m.z);
        [w, m.t - w * m.z]
    }

    /// The correlation r = cov(x, y)/(σ_x σ_y) over the training rows.
    pub fn correlation(&self) -> f64 {
        let m = &self.moments;
        (m.zt - m.z * m.t) / ((m.zz - m.z * m.z) * (m.tt - m.t * m.t)).sqrt()
    }

    /// The (w, b) of the line that predicts 0 everywhere: w = 0, b = −μ_y/σ_y. Where the first
    /// descent starts.
    pub fn zero_line(&self) -> [f64; 2] {
        self.from_real(RealLine {
            slope: 0.0,
            intercept: 0.0,
        })
    }

    /// L as a [`Landscape`] (a [`Quadratic`] bowl with the same value and gradient as
    /// [`LineFit::loss`] and [`LineFit::gradient`], up to rounding), named "line", started at
    /// [`LineFit::zero_line`], shown over a square centred on (0, 0) that holds the start and
    /// the minimum.
    ///
    /// Fails only if the bowl is degenerate, which [`LineFit::from_dataset`] already refuses.
    pub fn landscape(&self) -> Result<Landscape, LineFitError> {
        let m = &self.moments;
        let start = self.zero_line();
        let optimum = self.least_squares();
        let reach = start
            .iter()
            .chain(&optimum)
            .fold(0.0_f64, |acc, v| acc.max(v.abs()));
        let half = MIN_HALF_WINDOW.max((1.2 * reach).ceil());
        let quadratic = Quadratic {
            name: "line".to_string(),
            title: format!(
                "Mean squared error of a line: {} against {}",
                self.target, self.feature
            ),
            formula: "L(w, b) = (1/n) Σ (w·xᵢ + b − yᵢ)², x and y standardised".to_string(),
            a: m.zz,
            h: m.z,
            c: 1.0,
            d: -2.0 * m.zt,
            e: -2.0 * m.t,
            k: m.tt,
            window: Window {
                x_min: -half,
                x_max: half,
                y_min: -half,
                y_max: half,
            },
            start,
            rate: SUGGESTED_RATE,
        };
        Landscape::quadratic(quadratic).map_err(|e| LineFitError(e.message))
    }

    /// The line (w, b) in real units: β₁ = w·σ_y/σ_x, β₀ = μ_y + σ_y·b − β₁·μ_x.
    pub fn to_real(&self, w: f64, b: f64) -> RealLine {
        let slope = w * self.y_std() / self.x_std();
        RealLine {
            slope,
            intercept: self.y_mean() + self.y_std() * b - slope * self.x_mean(),
        }
    }

    /// The inverse of [`LineFit::to_real`]: w = β₁·σ_x/σ_y, b = (β₀ + β₁·μ_x − μ_y)/σ_y.
    pub fn from_real(&self, line: RealLine) -> [f64; 2] {
        [
            line.slope * self.x_std() / self.y_std(),
            (line.intercept + line.slope * self.x_mean() - self.y_mean()) / self.y_std(),
        ]
    }

    /// The prediction in the target's units at raw feature value `x`: μ_y + σ_y (w·z + b).
    pub fn predict(&self, w: f64, b: f64, x: f64) -> f64 {
        self.y_mean() + self.y_std() * (w * self.x_scale.transform_value(0, x) + b)
    }

    /// The training mean squared error in the target's units squared: σ_y²·L(w, b).
    pub fn train_mse(&self, w: f64, b: f64) -> f64 {
        self.y_std() * self.y_std() * self.loss(w, b)
    }

    /// The training root mean squared error in the target's units: σ_y·√L(w, b).
    pub fn train_rmse(&self, w: f64, b: f64) -> f64 {
        self.y_std() * self.loss(w, b).sqrt()
    }

    /// The root mean squared error on the held-out rows, in the target's units: how well the
    /// line predicts sales it never saw.
    pub fn test_rmse(&self, w: f64, b: f64) -> f64 {
        let rows = &self.split.test_idx;
        let sum: f64 = rows
            .iter()
            .map(|&i| {
                let residual = self.predict(w, b, self.x[i]) - self.y[i];
                residual * residual
            })
            .sum();
        (sum / rows.len() as f64).sqrt()
    }
}

impl Moments {
    /// The five means over paired values.
    fn of(z: &[f64], t: &[f64]) -> Moments {
        let n = z.len() as f64;
        let mut m = Moments {
            z: 0.0,
            t: 0.0,
            zz: 0.0,
            zt: 0.0,
            tt: 0.0,
        };
        for (&zi, &ti) in z.iter().zip(t) {
            m.z += zi;
            m.t += ti;
            m.zz += zi * zi;
            m.zt += zi * ti;
            m.tt += ti * ti;
        }
        Moments {
            z: m.z / n,
            t: m.t / n,
            zz: m.zz / n,
            zt: m.zt / n,
            tt: m.tt / n,
        }
    }
}
