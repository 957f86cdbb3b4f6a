//! Data: from a CSV file to standardised training and test rows.
//!
//! The shipped Ames file and a learner's own file take the same path:
//!
//! ```text
//! bytes --csv::CsvReader--> Table --Dataset::from_table--> Dataset --split--> Split
//!        (chunks, any cut)   (numeric or text columns)     (x row-major, y)   (train_idx, test_idx)
//! Standardizer::fit(x, n_features, &split.train_idx)  -> z = (x - mean) / std, train rows only
//! metrics::{rmse, mae, r2}, metrics::MeanBaseline      -> how good a prediction is
//! ```
//!
//! Architecture Invariant: nothing here knows about the browser; the page fetches
//! `www/data/ames.csv` (never compiled into the wasm) and pushes its bytes into a `CsvReader`.

pub mod columns;
pub mod csv;
pub mod dataset;
pub mod error;
pub mod header;
pub mod metrics;
pub mod split;
pub mod standardize;
pub mod table;

pub use columns::{column_info, ColumnInfo, COLUMNS};
pub use csv::{parse_csv, CsvReader};
pub use dataset::Dataset;
pub use error::DataError;
pub use metrics::{mae, r2, rmse, MeanBaseline, Metrics};
pub use split::Split;
pub use standardize::Standardizer;
pub use table::{Column, ColumnValues, Table};
