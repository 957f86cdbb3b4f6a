//! What can go wrong between a file and a dataset, each said in plain words.

use std::fmt;

/// How many rows whose field count differs from the header are skipped (and counted) before
/// the file is refused as a whole.
pub const MAX_SKIPPED_RAGGED_ROWS: usize = 100;

/// How many complete rows a dataset needs at least: enough to hold out a test set and still
/// train on something.
pub const MIN_ROWS: usize = 10;

/// The most bytes [`crate::data::parse_csv`] reads in one call (about a quarter of a second in
/// the browser): a larger file is pushed in chunks through a [`crate::data::CsvReader`], in
/// time slices, as the page's upload does.
pub const MAX_CSV_AT_ONCE_BYTES: usize = 16 << 20;

/// A problem with a CSV file, a column choice or a split, with a message a learner can act on.
#[derive(Clone, Debug, PartialEq)]
pub enum DataError {
    /// Nothing but (perhaps) a byte order mark and white space.
    Empty,
    /// A header line and not a single row under it.
    HeaderOnly,
    /// NUL bytes or bytes that are not UTF-8 within the first kilobyte.
    NotText,
    /// More than [`MAX_CSV_AT_ONCE_BYTES`] given to a one-shot parse.
    TooLargeAtOnce {
        /// The text's length in bytes.
        n_bytes: usize,
    },
    /// The header splits into a single field with every delimiter tried.
    OneColumn,
    /// Every column holds some text, so there is nothing to learn from.
    NoNumericColumn {
        /// One text cell that made a column text: (column, value, line).
        example: Option<(String, String, usize)>,
    },
    /// Too many rows (or every row) have a different number of fields than the header.
    RaggedRows {
        /// The first such line.
        line: usize,
        /// How many fields that line has.
        n_fields: usize,
        /// How many fields the header has.
        n_header: usize,
        /// How many rows did not match the header.
        n_ragged: usize,
    },
    /// A quoted field opened and the file ended before its closing quote.
    UnterminatedQuote {
        /// The line where the quote opened.
        line: usize,
    },
    /// A target or feature names no numeric column of the table.
    UnknownColumn {
        /// The name asked for.
        name: String,
        /// The names that would have worked.
        numeric_columns: Vec<String>,
    },
    /// A target or feature names a column that holds text.
    TextColumn {
        /// The column asked for.
        name: String,
        /// A cell that is not a number.
        example: String,
        /// The line of that cell.
        line: usize,
    },
    /// The target is also listed among the features.
    TargetAsFeature {
        /// The column named twice.
        name: String,
    },
    /// A feature is listed twice.
    DuplicateFeature {
        /// The column listed twice.
        name: String,
    },
    /// No feature is left to learn from.
    NoFeatures {
        /// The target column.
        target: String,
    },
    /// Every row has a missing value in a chosen column.
    AllRowsSkipped {
        /// Which columns were empty, as `Dataset::skipped_summary` words it.
        summary: String,
    },
    /// Fewer than [`MIN_ROWS`] complete rows remain.
    TooFewRows {
        /// How many remain.
        n_rows: usize,
    },
    /// A test fraction outside (0, 1).
    InvalidTestFraction {
        /// The value given.
        value: f64,
    },
    /// A fit was asked for with no rows to learn from.
    NoTrainingRows,
    /// A feature matrix whose length does not match the number of targets.
    ShapeMismatch {
        /// How many values the matrix holds.
        n_values: usize,
        /// How many rows (target values) there are.
        n_rows: usize,
        /// How many features each row should have.
        n_features: usize,
    },
    /// A row index past the end of the data.
    RowOutOfRange {
        /// The index asked for.
        row_idx: usize,
        /// How many rows there are.
        n_rows: usize,
    },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "the file is empty"),
            Self::HeaderOnly => write!(f, "the file has a header but no rows"),
            Self::NotText => write!(
                f,
                "this does not look like a text CSV file (it holds bytes that are not UTF-8 \
                 text; if it is a spreadsheet, save it as \"CSV UTF-8\" first)"
            ),
            Self::TooLargeAtOnce { n_bytes } => write!(
                f,
                "this text is {:.1} MB, and one call reads at most {} MB at once; push a larger \
                 file in chunks, as an upload does",
                *n_bytes as f64 / (1 << 20) as f64,
                MAX_CSV_AT_ONCE_BYTES >> 20
            ),
            Self::OneColumn => write!(
                f,
                "found only one column: is the delimiter a comma, semicolon or tab?"
            ),
            Self::NoNumericColumn { example } => {
                write!(f, "no column holds numbers")?;
                if let Some((column, value, line)) = example {
                    write!(
                        f,
                        " (for example, column '{column}' has '{value}' on line {line})"
                    )?;
                }
                Ok(())
            }
            Self::RaggedRows {
                line,
                n_fields,
                n_header,
                n_ragged,
            } => {
                write!(
                    f,
                    "line {line} has {n_fields} fields but the header has {n_header}"
                )?;
                if *n_ragged > 1 {
                    write!(f, ", and so do {} other rows", n_ragged - 1)?;
                }
                write!(f, ": is the delimiter right, and are quotes balanced?")
            }
            Self::UnterminatedQuote { line } => write!(
                f,
                "a quote opened on line {line} is never closed (the file ends inside it)"
            ),
            Self::UnknownColumn {
                name,
                numeric_columns,
            } => write!(
                f,
                "no numeric column named '{name}'; numeric columns are: {}",
                numeric_columns.join(", ")
            ),
            Self::TextColumn {
                name,
                example,
                line,
            } => write!(
                f,
                "column '{name}' holds text, not numbers ('{example}' on line {line})"
            ),
            Self::TargetAsFeature { name } => {
                write!(f, "'{name}' is the target, so it cannot also be a feature")
            }
            Self::DuplicateFeature { name } => {
                write!(f, "the feature '{name}' is listed twice")
            }
            Self::NoFeatures { target } => write!(
                f,
                "there is no numeric column besides the target '{target}' to predict it from"
            ),
            Self::AllRowsSkipped { summary } => {
                write!(f, "no complete row is left ({summary})")
            }
            Self::TooFewRows { n_rows } => write!(
                f,
                "only {n_rows} complete rows remain; at least {MIN_ROWS} are needed to train \
                 and test"
            ),
            Self::InvalidTestFraction { value } => {
                write!(f, "the test fraction must be between 0 and 1, not {value}")
            }
            Self::NoTrainingRows => write!(f, "there are no training rows to fit on"),
            Self::ShapeMismatch {
                n_values,
                n_rows,
                n_features,
            } => write!(
                f,
                "{n_values} feature values do not make {n_rows} rows of {n_features} features"
            ),
            Self::RowOutOfRange { row_idx, n_rows } => {
                write!(f, "row {row_idx} is out of range: there are {n_rows} rows")
            }
        }
    }
}

impl std::error::Error for DataError {}
