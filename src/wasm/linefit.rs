//! `LineFit`: one feature against a target, the line's loss landscape over (w, b), and the
//! conversions between standard and real units.

use std::sync::Arc;

use wasm_bindgen::prelude::*;

use super::dataset::JsTable;
use super::finite;
use super::landscape::JsLandscape;
use crate::data::Table;
use crate::linefit::{self, LineFit, RealLine};

/// A line fit: the parsed file (kept, so another feature costs no re-parse), the chosen feature
/// and target, the seeded split, and everything in standard units behind the scenes.
#[wasm_bindgen(js_name = LineFit)]
pub struct JsLineFit {
    table: Arc<Table>,
    test_fraction: f64,
    seed: u64,
    inner: LineFit,
}

fn js_error(err: impl core::fmt::Display) -> JsError {
    JsError::new(&err.to_string())
}

#[wasm_bindgen(js_class = LineFit)]
impl JsLineFit {
    /// Parses `text` as CSV and fits `feature` against `target` as `fromTable` does: the
    /// same parser and `Table` as `CsvUpload` (`Table.fromCsv`), so a pasted text and an
    /// uploaded file give the same fit.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(
        text: &str,
        target: &str,
        feature: &str,
        test_fraction: Option<f64>,
        seed: Option<u32>,
    ) -> Result<JsLineFit, JsError> {
        let table = JsTable::from_csv(text)?;
        Self::from_table(&table, target, feature, test_fraction, seed)
    }

    /// Fits `feature` against `target` from a `Table` (the one upload path: `CsvUpload` pushed
    /// in chunks, or `Table.fromCsv`) on a seeded split: `testFraction` of the rows held out
    /// (default 0.2) by `seed` (default 1). The table is shared, not copied, and stays usable
    /// (for a `Dataset`, or another fit).
    #[wasm_bindgen(js_name = fromTable)]
    pub fn from_table(
        table: &JsTable,
        target: &str,
        feature: &str,
        test_fraction: Option<f64>,
        seed: Option<u32>,
    ) -> Result<JsLineFit, JsError> {
        let test_fraction = finite(
            "testFraction",
            test_fraction.unwrap_or(linefit::TEST_FRACTION),
        )?;
        let seed = seed.map_or(linefit::SPLIT_SEED, u64::from);
        let inner = LineFit::from_table(&table.inner, target, feature, test_fraction, seed)
            .map_err(js_error)?;
        Ok(JsLineFit {
            table: Arc::clone(&table.inner),
            test_fraction,
            seed,
            inner,
        })
    }
}

#[wasm_bindgen(js_class = LineFit)]
impl JsLineFit {
    /// The same file, target and split with another feature column.
    #[wasm_bindgen(js_name = withFeature)]
    pub fn with_feature(&self, feature: &str) -> Result<JsLineFit, JsError> {
        let inner = LineFit::from_table(
            &self.table,
            self.inner.target(),
            feature,
            self.test_fraction,
            self.seed,
        )
        .map_err(js_error)?;
        Ok(JsLineFit {
            table: Arc::clone(&self.table),
            test_fraction: self.test_fraction,
            seed: self.seed,
            inner,
        })
    }

    /// The numeric columns that can be the feature (every numeric column but the target).
    pub fn features(&self) -> Vec<String> {
        self.table
            .numeric_column_names()
            .into_iter()
            .filter(|&name| name != self.inner.target())
            .map(str::to_string)
            .collect()
    }

    /// The feature column's name.
    #[wasm_bindgen(getter)]
    pub fn feature(&self) -> String {
        self.inner.feature().to_string()
    }

    /// The target column's name.
    #[wasm_bindgen(getter)]
    pub fn target(&self) -> String {
        self.inner.target().to_string()
    }

    /// Complete rows (every point of the scatter).
    #[wasm_bindgen(getter, js_name = nRows)]
    pub fn n_rows(&self) -> u32 {
        self.inner.x().len() as u32
    }

    /// Training rows (the line is fitted on these).
    #[wasm_bindgen(getter, js_name = nTrain)]
    pub fn n_train(&self) -> u32 {
        self.inner.split().train_idx.len() as u32
    }

    /// Held-out rows.
    #[wasm_bindgen(getter, js_name = nTest)]
    pub fn n_test(&self) -> u32 {
        self.inner.split().test_idx.len() as u32
    }

    /// Every row's raw (x, y), flattened `[x0, y0, x1, y1, ...]`: copy it once for the scatter.
    pub fn points(&self) -> Vec<f64> {
        self.inner
            .x()
            .iter()
            .zip(self.inner.y())
            .flat_map(|(&x, &y)| [x, y])
            .collect()
    }

    /// 1 for a training row, 0 for a held-out one, in row order.
    #[wasm_bindgen(js_name = trainMask)]
    pub fn train_mask(&self) -> Vec<u8> {
        let mut mask = vec![0; self.inner.x().len()];
        for &i in &self.inner.split().train_idx {
            mask[i] = 1;
        }
        mask
    }

    /// `[μx, σx, μy, σy]`: the training means and (population) standard deviations.
    pub fn scales(&self) -> Vec<f64> {
        vec![
            self.inner.x_mean(),
            self.inner.x_std(),
            self.inner.y_mean(),
            self.inner.y_std(),
        ]
    }

    /// What the learner should know about the file (skipped rows, renamed columns).
    pub fn notes(&self) -> Vec<String> {
        self.inner.notes().to_vec()
    }

    /// The loss L(w, b) over (w, b) as a `Landscape` for `Descent` and `Heatmap`.
    pub fn landscape(&self) -> Result<JsLandscape, JsError> {
        self.inner
            .landscape()
            .map(|inner| JsLandscape { inner })
            .map_err(js_error)
    }

    /// L(w, b) = (1/n) Σ (w zᵢ + b − tᵢ)² over the standardised training rows.
    pub fn loss(&self, w: f64, b: f64) -> f64 {
        self.inner.loss(w, b)
    }

    /// ∇L(w, b) = `[∂L/∂w, ∂L/∂b]`.
    pub fn gradient(&self, w: f64, b: f64) -> Vec<f64> {
        self.inner.gradient(w, b).to_vec()
    }

    /// The least-squares line `[w*, b*]` in standard units (corr(x, y) and 0).
    #[wasm_bindgen(js_name = leastSquares)]
    pub fn least_squares(&self) -> Vec<f64> {
        self.inner.least_squares().to_vec()
    }

    /// The correlation of x and y over the training rows.
    #[wasm_bindgen(getter)]
    pub fn correlation(&self) -> f64 {
        self.inner.correlation()
    }

    /// `[slope, intercept]` in real units (dollars per feature unit, dollars) of the line (w, b).
    #[wasm_bindgen(js_name = toReal)]
    pub fn to_real(&self, w: f64, b: f64) -> Vec<f64> {
        let line = self.inner.to_real(w, b);
        vec![line.slope, line.intercept]
    }

    /// `[w, b]` of the line ŷ = slope·x + intercept (both finite).
    #[wasm_bindgen(js_name = fromReal)]
    pub fn from_real(&self, slope: f64, intercept: f64) -> Result<Vec<f64>, JsError> {
        let line = RealLine {
            slope: finite("slope", slope)?,
            intercept: finite("intercept", intercept)?,
        };
        Ok(self.inner.from_real(line).to_vec())
    }

    /// The line's prediction at raw feature value `x`, in the target's units.
    pub fn predict(&self, w: f64, b: f64, x: f64) -> f64 {
        self.inner.predict(w, b, x)
    }

    /// Training mean squared error in the target's units squared.
    #[wasm_bindgen(js_name = trainMse)]
    pub fn train_mse(&self, w: f64, b: f64) -> f64 {
        self.inner.train_mse(w, b)
    }

    /// Training root mean squared error in the target's units.
    #[wasm_bindgen(js_name = trainRmse)]
    pub fn train_rmse(&self, w: f64, b: f64) -> f64 {
        self.inner.train_rmse(w, b)
    }

    /// Held-out root mean squared error in the target's units.
    #[wasm_bindgen(js_name = testRmse)]
    pub fn test_rmse(&self, w: f64, b: f64) -> f64 {
        self.inner.test_rmse(w, b)
    }
}
