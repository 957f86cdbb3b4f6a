//! A dataset for regression: a numeric target y and numeric features x, complete rows only.

use super::csv::parse_csv;
use super::error::{DataError, MIN_ROWS};
use super::split::Split;
use super::table::{ColumnValues, Table};

/// Says what "empty" means in the skipped-rows summary.
pub const MISSING_NOTE: &str = "a cell counts as empty when it is blank or a missing-value \
                                marker (NA, N/A, NaN, null, ?, - and the like)";

/// Features x (row-major, `n_rows × n_features`) and target y, taken from a [`Table`].
///
/// Rows with a missing value in any chosen column are left out and counted per column.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    x: Vec<f64>,
    y: Vec<f64>,
    n_rows: usize,
    feature_names: Vec<String>,
    target_name: String,
    ignored_text_columns: Vec<String>,
    /// (column, rows where it was missing), in the order features then target.
    missing_counts: Vec<(String, usize)>,
    n_skipped_rows: usize,
    notes: Vec<String>,
}

impl Dataset {
    /// Parses `text` as CSV and takes a dataset from it (see [`Dataset::from_table`]).
    pub fn from_csv(
        text: &str,
        target: &str,
        features: Option<&[&str]>,
    ) -> Result<Dataset, DataError> {
        Self::from_table(&parse_csv(text)?, target, features)
    }

    /// Takes the `target` column as y and the `features` (by default every other numeric
    /// column, in file order) as x. Text columns are left out and listed in
    /// [`Dataset::ignored_text_columns`]. A row missing any chosen value is skipped.
    ///
    /// Fails if the target or a feature is unknown or holds text, if no feature is left, or if
    /// fewer than [`MIN_ROWS`] complete rows remain.
    pub fn from_table(
        table: &Table,
        target: &str,
        features: Option<&[&str]>,
    ) -> Result<Dataset, DataError> {
        let target_values = numeric_column(table, target)?;
        let feature_names: Vec<String> = match features {
            None => table
                .numeric_column_names()
                .into_iter()
                .filter(|&name| name != target)
                .map(str::to_string)
                .collect(),
            Some(list) => {
                let mut names: Vec<String> = Vec::with_capacity(list.len());
                let mut seen = std::collections::HashSet::new();
                for &name in list {
                    if name == target {
                        return Err(DataError::TargetAsFeature {
                            name: name.to_string(),
                        });
                    }
                    if !seen.insert(name) {
                        return Err(DataError::DuplicateFeature {
                            name: name.to_string(),
                        });
                    }
                    numeric_column(table, name)?;
                    names.push(name.to_string());
                }
                names
            }
        };
        if feature_names.is_empty() {
            return Err(DataError::NoFeatures {
                target: target.to_string(),
            });
        }
        let mut columns: Vec<&[f64]> = Vec::with_capacity(feature_names.len() + 1);
        for name in &feature_names {
            columns.push(numeric_column(table, name)?);
        }
        columns.push(target_values);

        // Keep a row only if every chosen column has a value there; count the gaps per column.
        let n_features = feature_names.len();
        let mut missing = vec![0usize; columns.len()];
        let mut x = Vec::with_capacity(table.n_rows() * n_features);
        let mut y = Vec::with_capacity(table.n_rows());
        let mut n_skipped_rows = 0;
        for row_idx in 0..table.n_rows() {
            let mut complete = true;
            for (col_idx, column) in columns.iter().enumerate() {
                if column[row_idx].is_nan() {
                    missing[col_idx] += 1;
                    complete = false;
                }
            }
            if !complete {
                n_skipped_rows += 1;
                continue;
            }
            x.extend(columns[..n_features].iter().map(|c| c[row_idx]));
            y.push(target_values[row_idx]);
        }
        let missing_counts = feature_names
            .iter()
            .chain(std::iter::once(&target.to_string()))
            .zip(missing)
            .filter(|&(_, n)| n > 0)
            .map(|(name, n)| (name.clone(), n))
            .collect();
        let dataset = Dataset {
            n_rows: y.len(),
            x,
            y,
            feature_names,
            target_name: target.to_string(),
            ignored_text_columns: table
                .text_column_names()
                .into_iter()
                .map(str::to_string)
                .collect(),
            missing_counts,
            n_skipped_rows,
            notes: table.notes().to_vec(),
        };
        if dataset.n_rows == 0 {
            return Err(DataError::AllRowsSkipped {
                summary: dataset.skipped_summary().unwrap_or_default(),
            });
        }
        if dataset.n_rows < MIN_ROWS {
            return Err(DataError::TooFewRows {
                n_rows: dataset.n_rows,
            });
        }
        Ok(dataset)
    }

    /// How many complete rows the dataset holds.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// How many features each row has.
    pub fn n_features(&self) -> usize {
        self.feature_names.len()
    }

    /// The features, row-major: row i is `x[i * n_features .. (i + 1) * n_features]`.
    pub fn x(&self) -> &[f64] {
        &self.x
    }

    /// The target, one value per row.
    pub fn y(&self) -> &[f64] {
        &self.y
    }

    /// The features of row `row_idx` (`None` past the end).
    pub fn row(&self, row_idx: usize) -> Option<&[f64]> {
        let d = self.n_features();
        self.x.get(row_idx * d..(row_idx + 1) * d)
    }

    /// The feature names, in the order of x's columns.
    pub fn feature_names(&self) -> &[String] {
        &self.feature_names
    }

    /// The target column's name.
    pub fn target_name(&self) -> &str {
        &self.target_name
    }

    /// The table's text columns, which are never used as features.
    pub fn ignored_text_columns(&self) -> &[String] {
        &self.ignored_text_columns
    }

    /// How many rows of the table were left out for a missing value.
    pub fn n_skipped_rows(&self) -> usize {
        self.n_skipped_rows
    }

    /// For each chosen column with gaps, how many rows it was empty in (a row empty in two
    /// columns counts for both).
    pub fn missing_counts(&self) -> &[(String, usize)] {
        &self.missing_counts
    }

    /// "skipped 207 rows: total_bedrooms is empty", or with several columns
    /// "skipped 210 rows: total_bedrooms is empty in 207, population in 5"; `None` if no row
    /// was skipped.
    pub fn skipped_summary(&self) -> Option<String> {
        if self.n_skipped_rows == 0 {
            return None;
        }
        let rows = if self.n_skipped_rows == 1 {
            "row"
        } else {
            "rows"
        };
        let detail = match self.missing_counts.as_slice() {
            [(name, _)] => format!("{name} is empty"),
            counts => {
                let parts: Vec<String> = counts
                    .iter()
                    .enumerate()
                    .map(|(k, (name, n))| {
                        if k == 0 {
                            format!("{name} is empty in {n}")
                        } else {
                            format!("{name} in {n}")
                        }
                    })
                    .collect();
                parts.join(", ")
            }
        };
        Some(format!("skipped {} {rows}: {detail}", self.n_skipped_rows))
    }

    /// Things the learner should know from reading the file (renamed columns, rows with the
    /// wrong number of fields), followed by the skipped-rows summary if any.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = self.notes.clone();
        if let Some(summary) = self.skipped_summary() {
            notes.push(summary);
            notes.push(MISSING_NOTE.to_string());
        }
        notes
    }

    /// A seeded train/test split of the rows (see [`Split::new`]).
    pub fn split(&self, test_fraction: f64, seed: u64) -> Result<Split, DataError> {
        Split::new(self.n_rows, test_fraction, seed)
    }
}

/// The numbers of column `name`, or an error saying what the numeric columns are.
fn numeric_column<'t>(table: &'t Table, name: &str) -> Result<&'t [f64], DataError> {
    match table.column(name).map(|c| c.values()) {
        Some(ColumnValues::Numeric(values)) => Ok(values),
        Some(ColumnValues::Text { example, line }) => Err(DataError::TextColumn {
            name: name.to_string(),
            example: example.clone(),
            line: *line,
        }),
        None => Err(DataError::UnknownColumn {
            name: name.to_string(),
            numeric_columns: table
                .numeric_column_names()
                .into_iter()
                .map(str::to_string)
                .collect(),
        }),
    }
}
