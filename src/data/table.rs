//! A parsed CSV file: named columns, each either numbers or text.
//!
//! A column is numeric when every non-blank cell parses as a number; blank and "missing" cells
//! become NaN. As soon as one cell is text, the column's numbers are dropped and only one
//! example of its text is kept, so a 500,000-row file costs 8 bytes per numeric cell and next
//! to nothing per text cell.

use super::error::{DataError, MAX_SKIPPED_RAGGED_ROWS};

/// Cell values (compared case-insensitively, after trimming) that mean "no value here": blank,
/// R's and pandas' markers, the UCI repository's "?", and the dashes and dots of spreadsheets
/// and SAS. A row missing a value in a chosen column is skipped, and the skip is noted.
pub const MISSING_MARKERS: &[&str] = &[
    "", "na", "n/a", "n.a.", "#n/a", "nan", "null", "none", "nil", "missing", "?", "-", "--", ".",
];

/// What a column holds.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnValues {
    /// One f64 per row; NaN where the cell was blank or a missing marker.
    Numeric(Vec<f64>),
    /// At least one cell is not a number; one such cell is kept to show the learner.
    Text {
        /// The first cell that is not a number, trimmed.
        example: String,
        /// Its 1-based line in the file.
        line: usize,
    },
}

/// One named column of a [`Table`].
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    name: String,
    values: ColumnValues,
}

impl Column {
    /// The column's name from the header (renamed if it was empty or a duplicate).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The numbers, one per row, if the column is numeric.
    pub fn numeric(&self) -> Option<&[f64]> {
        match &self.values {
            ColumnValues::Numeric(values) => Some(values),
            ColumnValues::Text { .. } => None,
        }
    }

    /// Whether every non-blank cell is a number.
    pub fn is_numeric(&self) -> bool {
        matches!(self.values, ColumnValues::Numeric(_))
    }

    /// What the column holds.
    pub fn values(&self) -> &ColumnValues {
        &self.values
    }
}

/// A CSV file as columns: the result of [`crate::data::csv::parse_csv`] or a
/// [`crate::data::csv::CsvReader`].
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    columns: Vec<Column>,
    n_rows: usize,
    delimiter: char,
    n_skipped_rows: usize,
    notes: Vec<String>,
    /// Column index by name (names are unique), so choosing among 50,000 columns by name is
    /// not quadratic.
    by_name: std::collections::BTreeMap<String, usize>,
}

impl Table {
    /// How many rows were kept (rows with the wrong number of fields are not counted).
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// All columns, in file order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column with this exact name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.by_name
            .get(name)
            .map(|&col_idx| &self.columns[col_idx])
    }

    /// Every column name, in file order.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// The names of the numeric columns, in file order.
    pub fn numeric_column_names(&self) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|c| c.is_numeric())
            .map(|c| c.name.as_str())
            .collect()
    }

    /// The names of the text columns, in file order.
    pub fn text_column_names(&self) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|c| !c.is_numeric())
            .map(|c| c.name.as_str())
            .collect()
    }

    /// The delimiter found in the header: ',', ';' or '\t'.
    pub fn delimiter(&self) -> char {
        self.delimiter
    }

    /// How many rows were skipped because their number of fields differs from the header's.
    pub fn n_skipped_rows(&self) -> usize {
        self.n_skipped_rows
    }

    /// Things the learner should know: renamed columns, skipped rows.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }
}

/// Reads a cell as a number: `None` if it is text, `Some(NaN)` if it is missing.
///
/// Accepted: optional sign, digits with an optional '.', an optional exponent ("1e3", "-2.5",
/// " 3 ", ".5"); with `decimal_comma`, a single ',' and no '.' is read as the decimal point
/// ("1,5" = 1.5). Words such as "inf" and values too large for f64 count as text.
pub fn parse_cell(cell: &str, decimal_comma: bool) -> Option<f64> {
    let cell = cell.trim();
    if MISSING_MARKERS.iter().any(|m| cell.eq_ignore_ascii_case(m)) {
        return Some(f64::NAN);
    }
    // Only digits, a sign, a point or an exponent: this keeps out "inf", "NaN", "infinity".
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    if !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let value = if decimal_comma && cell.contains(',') && !cell.contains('.') {
        crate::decimal::parse(&cell.replacen(',', ".", 1))?
    } else {
        crate::decimal::parse(cell)?
    };
    value.is_finite().then_some(value)
}

/// A column while rows are still arriving.
struct ColumnBuilder {
    name: String,
    values: ColumnValues,
    /// Cells that are numbers, still counted once the column turned to text, so a mostly
    /// numeric column spoiled by a stray word can be pointed out.
    n_numbers: usize,
}

/// Turns records (already split into fields) into a [`Table`].
pub(crate) struct TableBuilder {
    delimiter: u8,
    columns: Vec<ColumnBuilder>,
    has_header: bool,
    n_rows: usize,
    n_ragged: usize,
    first_ragged: Option<(usize, usize)>,
    notes: Vec<String>,
}

impl TableBuilder {
    /// A builder for a file split on `delimiter` (a ';' file also accepts decimal commas).
    pub(crate) fn new(delimiter: u8) -> Self {
        Self {
            delimiter,
            columns: Vec::new(),
            has_header: false,
            n_rows: 0,
            n_ragged: 0,
            first_ragged: None,
            notes: Vec::new(),
        }
    }

    /// Takes one record: `buf[ends[k-1]..ends[k]]` is field k; `line` is where it started.
    /// Blank lines (one empty field) are skipped.
    pub(crate) fn record(
        &mut self,
        buf: &[u8],
        ends: &[usize],
        line: usize,
    ) -> Result<(), DataError> {
        let fields = ends.iter().scan(0, |start, &end| {
            let field = &buf[*start..end];
            *start = end;
            Some(field)
        });
        if ends.len() == 1 && buf.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        if !self.has_header {
            return self.header(fields);
        }
        if ends.len() != self.columns.len() {
            self.n_ragged += 1;
            self.first_ragged.get_or_insert((line, ends.len()));
            if self.n_ragged > MAX_SKIPPED_RAGGED_ROWS {
                return Err(self.ragged_error());
            }
            return Ok(());
        }
        let decimal_comma = self.delimiter == b';';
        for (column, field) in self.columns.iter_mut().zip(fields) {
            // A cell that is not UTF-8 (past the sniffed first kilobyte) is text too.
            let cell = std::str::from_utf8(field)
                .ok()
                .and_then(|text| parse_cell(text, decimal_comma));
            column.n_numbers += usize::from(cell.is_some_and(|v| !v.is_nan()));
            if let ColumnValues::Numeric(values) = &mut column.values {
                match cell {
                    Some(value) => values.push(value),
                    None => {
                        column.values = ColumnValues::Text {
                            example: String::from_utf8_lossy(field).trim().to_string(),
                            line,
                        }
                    }
                }
            }
        }
        self.n_rows += 1;
        Ok(())
    }

    /// The header: names trimmed; an empty name becomes "column_K" (K counted from 1), a
    /// repeated name gets "_2", "_3", ... so that every name is unique. Each renaming is noted.
    fn header<'a>(&mut self, fields: impl Iterator<Item = &'a [u8]>) -> Result<(), DataError> {
        let raw: Vec<String> = fields
            .map(|field| String::from_utf8_lossy(field).into_owned())
            .collect();
        let (names, notes) = super::header::unique_names(raw.iter().map(String::as_str));
        self.notes.extend(notes);
        if names.len() < 2 {
            return Err(DataError::OneColumn);
        }
        self.columns = names
            .into_iter()
            .map(|name| ColumnBuilder {
                name,
                values: ColumnValues::Numeric(Vec::new()),
                n_numbers: 0,
            })
            .collect();
        self.has_header = true;
        Ok(())
    }

    /// A note for each column that is text only because of a few words among numbers
    /// (most of its filled cells are numbers): the column, its first word and that word's line.
    fn note_stray_words(&mut self) {
        for c in &self.columns {
            if let ColumnValues::Text { example, line } = &c.values {
                let n_filled = self.n_rows; // upper bound: missing cells are not counted apart
                if c.n_numbers * 2 > n_filled {
                    self.notes.push(format!(
                        "column '{}' is read as text because of '{example}' on line {line}, \
                         though {} of its {} cells are numbers; correct or clear that cell \
                         (and any other words in the column) to use it",
                        c.name, c.n_numbers, self.n_rows
                    ));
                }
            }
        }
    }

    fn ragged_error(&self) -> DataError {
        let (line, n_fields) = self.first_ragged.unwrap_or((0, 0));
        DataError::RaggedRows {
            line,
            n_fields,
            n_header: self.columns.len(),
            n_ragged: self.n_ragged,
        }
    }

    /// The finished table, or why there is none.
    ///
    /// Rows with the wrong number of fields were skipped (and noted) as long as there were at
    /// most [`MAX_SKIPPED_RAGGED_ROWS`] of them and they do not outnumber the good rows.
    pub(crate) fn finish(mut self) -> Result<Table, DataError> {
        if !self.has_header {
            return Err(DataError::Empty);
        }
        if self.n_ragged > 0 && self.n_ragged >= self.n_rows {
            return Err(self.ragged_error());
        }
        if self.n_rows == 0 {
            return Err(DataError::HeaderOnly);
        }
        let has_number = self.columns.iter().any(|c| match &c.values {
            ColumnValues::Numeric(values) => values.iter().any(|v| !v.is_nan()),
            ColumnValues::Text { .. } => false,
        });
        if !has_number {
            // The column closest to numbers is the likeliest one to fix: show its first word.
            let example = self
                .columns
                .iter()
                .filter_map(|c| match &c.values {
                    ColumnValues::Text { example, line } => {
                        Some((c.n_numbers, (c.name.clone(), example.clone(), *line)))
                    }
                    ColumnValues::Numeric(_) => None,
                })
                .rev()
                .max_by_key(|&(n_numbers, _)| n_numbers)
                .map(|(_, example)| example);
            return Err(DataError::NoNumericColumn { example });
        }
        self.note_stray_words();
        if let Some((line, n_fields)) = self.first_ragged {
            let rows = if self.n_ragged == 1 { "row" } else { "rows" };
            self.notes.push(format!(
                "skipped {} {rows} whose number of fields differs from the header (line {line} \
                 has {n_fields} fields but the header has {})",
                self.n_ragged,
                self.columns.len()
            ));
        }
        let by_name = self
            .columns
            .iter()
            .enumerate()
            .map(|(col_idx, c)| (c.name.clone(), col_idx))
            .collect();
        Ok(Table {
            columns: self
                .columns
                .into_iter()
                .map(|c| Column {
                    name: c.name,
                    values: c.values,
                })
                .collect(),
            by_name,
            n_rows: self.n_rows,
            delimiter: char::from(self.delimiter),
            n_skipped_rows: self.n_ragged,
            notes: self.notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_parse_as_numbers_missing_or_text() {
        assert_eq!(parse_cell("1e3", false), Some(1000.0));
        assert_eq!(parse_cell("-2.5", false), Some(-2.5));
        assert_eq!(parse_cell(" 3 ", false), Some(3.0));
        assert_eq!(parse_cell(".5", false), Some(0.5));
        assert_eq!(parse_cell("+7", false), Some(7.0));
        assert_eq!(parse_cell("1,5", true), Some(1.5));
        assert_eq!(parse_cell("-0,25", true), Some(-0.25));
        for missing in ["", "  ", "NA", "n/a", "NaN", "null", "None"] {
            assert!(
                parse_cell(missing, false).is_some_and(f64::is_nan),
                "{missing}"
            );
        }
        for text in [
            "inf",
            "-infinity",
            "abc",
            "1,5",
            "1e999",
            "1.2.3",
            "0x10",
            "3 kg",
        ] {
            assert_eq!(parse_cell(text, false), None, "{text}");
        }
        assert_eq!(parse_cell("1,2,3", true), None);
        assert_eq!(parse_cell("1.234,5", true), None);
    }
}
