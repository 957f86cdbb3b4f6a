//! `CsvUpload`, `Table` and `Dataset`: a CSV file streamed in chunks, its columns, and the
//! target and features a learner chose. The shipped Ames file takes the same path.

use std::sync::Arc;

use wasm_bindgen::prelude::*;

use super::to_js;
use crate::data::{self, ColumnValues};

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// A CSV file arriving in chunks (from `file.stream()` or a `fetch` body), parsed as it comes,
/// so a 50 MB file never blocks the page: `push` each chunk, then `finish` for the `Table`.
#[wasm_bindgen(js_name = CsvUpload)]
pub struct JsCsvUpload {
    /// `None` once finished: a later call says so instead of failing on a freed handle.
    inner: Option<data::CsvReader>,
}

impl Default for JsCsvUpload {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen(js_class = CsvUpload)]
impl JsCsvUpload {
    /// A reader that has seen nothing yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsCsvUpload {
        JsCsvUpload {
            inner: Some(data::CsvReader::new()),
        }
    }

    /// Takes the next chunk of bytes (cut anywhere). Throws as soon as the file is clearly bad
    /// (not text, too many ragged rows), with a message saying why.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.reader()?.push(chunk).map_err(js_error)
    }

    /// Bytes pushed so far (divide by the file size for a progress bar).
    #[wasm_bindgen(getter, js_name = bytesSeen)]
    pub fn bytes_seen(&self) -> f64 {
        self.inner.as_ref().map_or(0.0, |r| r.bytes_seen() as f64)
    }

    /// Ends the file and returns its `Table`; throws for an empty file, a header without rows,
    /// one column, no numeric column, an unclosed quote, or rows that do not match the header.
    /// The upload is used up either way: a later `push` or `finish` throws "this upload is
    /// finished; start a new one".
    pub fn finish(&mut self) -> Result<JsTable, JsError> {
        self.inner
            .take()
            .ok_or_else(finished)?
            .finish()
            .map(|inner| JsTable {
                inner: Arc::new(inner),
            })
            .map_err(js_error)
    }
}

impl JsCsvUpload {
    fn reader(&mut self) -> Result<&mut data::CsvReader, JsError> {
        self.inner.as_mut().ok_or_else(finished)
    }
}

fn finished() -> JsError {
    JsError::new("this upload is finished; start a new one")
}

#[derive(serde::Serialize)]
struct ColumnInfo<'a> {
    name: &'a str,
    numeric: bool,
    /// For a text column: a cell that is not a number, and its line.
    example: Option<&'a str>,
    line: Option<usize>,
}

/// A parsed CSV file: named columns, each numbers or text.
#[wasm_bindgen(js_name = Table)]
pub struct JsTable {
    pub(crate) inner: Arc<data::Table>,
}

#[wasm_bindgen(js_class = Table)]
impl JsTable {
    /// Parses a whole CSV text at once (the same parser as `CsvUpload`).
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(text: &str) -> Result<JsTable, JsError> {
        data::parse_csv(text)
            .map(|inner| JsTable {
                inner: Arc::new(inner),
            })
            .map_err(js_error)
    }

    /// Rows kept (rows with the wrong number of fields are not counted).
    #[wasm_bindgen(getter, js_name = nRows)]
    pub fn n_rows(&self) -> u32 {
        self.inner.n_rows() as u32
    }

    /// The delimiter found: ",", ";" or a tab.
    #[wasm_bindgen(getter)]
    pub fn delimiter(&self) -> String {
        self.inner.delimiter().to_string()
    }

    /// Every column in file order: `[{ name, numeric, example?, line? }]` (a text column shows
    /// one cell that is not a number).
    pub fn columns(&self) -> Result<JsValue, JsError> {
        let list: Vec<ColumnInfo> = self
            .inner
            .columns()
            .iter()
            .map(|c| match c.values() {
                ColumnValues::Numeric(_) => ColumnInfo {
                    name: c.name(),
                    numeric: true,
                    example: None,
                    line: None,
                },
                ColumnValues::Text { example, line } => ColumnInfo {
                    name: c.name(),
                    numeric: false,
                    example: Some(example),
                    line: Some(*line),
                },
            })
            .collect();
        to_js(&list)
    }

    /// The numeric column names, in file order.
    #[wasm_bindgen(js_name = numericColumns)]
    pub fn numeric_columns(&self) -> Vec<String> {
        self.inner
            .numeric_column_names()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The text column names (never used as features).
    #[wasm_bindgen(js_name = textColumns)]
    pub fn text_columns(&self) -> Vec<String> {
        self.inner
            .text_column_names()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Things the learner should know: renamed columns, skipped ragged rows.
    pub fn notes(&self) -> Vec<String> {
        self.inner.notes().to_vec()
    }
}

/// A regression data set: a numeric target and numeric features, complete rows only.
#[wasm_bindgen(js_name = Dataset)]
pub struct JsDataset {
    pub(crate) inner: Arc<data::Dataset>,
}

#[wasm_bindgen(js_class = Dataset)]
impl JsDataset {
    /// Parses CSV text and takes `target` as y and `features` (by default every other numeric
    /// column) as x. Throws an Error saying what is wrong: a bad file, an unknown or text
    /// column, no complete row.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(
        text: &str,
        target: &str,
        features: Option<Vec<String>>,
    ) -> Result<JsDataset, JsError> {
        let table = data::parse_csv(text).map_err(js_error)?;
        Self::take(&table, target, features)
    }

    /// The same from a `Table` (a streamed upload); the table stays usable for other choices.
    #[wasm_bindgen(js_name = fromTable)]
    pub fn from_table(
        table: &JsTable,
        target: &str,
        features: Option<Vec<String>>,
    ) -> Result<JsDataset, JsError> {
        Self::take(&table.inner, target, features)
    }

    fn take(
        table: &data::Table,
        target: &str,
        features: Option<Vec<String>>,
    ) -> Result<JsDataset, JsError> {
        let names: Option<Vec<&str>> = features
            .as_ref()
            .map(|list| list.iter().map(String::as_str).collect());
        data::Dataset::from_table(table, target, names.as_deref())
            .map(|inner| JsDataset {
                inner: Arc::new(inner),
            })
            .map_err(js_error)
    }

    /// Complete rows.
    #[wasm_bindgen(getter, js_name = nRows)]
    pub fn n_rows(&self) -> u32 {
        self.inner.n_rows() as u32
    }

    /// Features per row.
    #[wasm_bindgen(getter, js_name = nFeatures)]
    pub fn n_features(&self) -> u32 {
        self.inner.n_features() as u32
    }

    /// The target column.
    #[wasm_bindgen(getter)]
    pub fn target(&self) -> String {
        self.inner.target_name().to_string()
    }

    /// The feature columns, in order.
    #[wasm_bindgen(js_name = featureNames)]
    pub fn feature_names(&self) -> Vec<String> {
        self.inner.feature_names().to_vec()
    }

    /// The text columns left out.
    #[wasm_bindgen(js_name = ignoredTextColumns)]
    pub fn ignored_text_columns(&self) -> Vec<String> {
        self.inner.ignored_text_columns().to_vec()
    }

    /// Rows left out for a missing value in a chosen column.
    #[wasm_bindgen(getter, js_name = nSkippedRows)]
    pub fn n_skipped_rows(&self) -> u32 {
        self.inner.n_skipped_rows() as u32
    }

    /// "skipped 207 rows: total_bedrooms is empty", or undefined when no row was skipped.
    #[wasm_bindgen(getter)]
    pub fn skipped(&self) -> Option<String> {
        self.inner.skipped_summary()
    }

    /// Everything worth telling the learner about the file and the choice, in words.
    pub fn notes(&self) -> Vec<String> {
        self.inner.notes()
    }

    /// One row's raw feature values (undefined past the end).
    pub fn row(&self, row_idx: u32) -> Option<Vec<f64>> {
        self.inner.row(row_idx as usize).map(<[f64]>::to_vec)
    }

    /// One row's target value (undefined past the end).
    #[wasm_bindgen(js_name = targetAt)]
    pub fn target_at(&self, row_idx: u32) -> Option<f64> {
        self.inner.y().get(row_idx as usize).copied()
    }
}

/// Friendly names and units of the shipped data sets' columns: `[{ name, label, unit, plain }]`
/// (`plain`: numbers written without thousands separators, such as years). A column not listed
/// keeps its own name.
#[wasm_bindgen(js_name = columnCatalog)]
pub fn column_catalog() -> Result<JsValue, JsError> {
    to_js(&data::COLUMNS)
}
