//! An incremental CSV parser: bytes go in as chunks cut anywhere, a [`Table`] comes out.
//!
//! The page feeds a learner's file (or the shipped Ames file) through [`CsvReader`] a chunk at
//! a time, showing [`CsvReader::bytes_seen`] as progress; [`parse_csv`] does the same in one go.
//! The result does not depend on where the chunks were cut: mid-line, mid-quote, inside a
//! multi-byte UTF-8 character or between '\r' and '\n'. (Every byte that matters to the
//! grammar is ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte character, so
//! fields can be cut out of raw bytes and decoded whole.)
//!
//! What is accepted:
//! - A header row (the first non-blank line) naming the columns. Empty names become
//!   "column_K" and repeated names get "_2", "_3", ...; each renaming is listed in
//!   [`Table::notes`].
//! - The delimiter is found from the header: of comma, semicolon and tab, the one that splits
//!   the header into the most fields (at least two) and the first data line into as many;
//!   if none agrees with the first data line, the one that splits the header most (ties go to
//!   comma, then semicolon, then tab).
//! - RFC 4180 quoting: a field that starts with '"' may hold delimiters, line breaks and
//!   doubled quotes (""). Leniently, a quote inside an unquoted field is an ordinary
//!   character, and text right after a closing quote is appended to the field.
//! - A UTF-8 byte order mark; "\r\n", "\n" and lone "\r" line ends; blank lines anywhere
//!   (skipped).
//! - Only the first kilobyte must be UTF-8 without NUL bytes (else the file is refused as not
//!   text); further down, a cell that is not UTF-8 is simply text, shown with U+FFFD.
//! - In a semicolon file, a decimal comma ("1,5" = 1.5), as spreadsheets in many locales
//!   write it.
//! - Rows with a different number of fields than the header are skipped and counted (noted in
//!   [`Table::notes`]), up to [`super::error::MAX_SKIPPED_RAGGED_ROWS`]; more than that, or no fewer such
//!   rows than good ones, and the file is refused with the first such line in the message.
//!
//! Line numbers in messages count physical lines from 1 (the header's first line), as an
//! editor shows them.

use super::error::{DataError, MAX_CSV_AT_ONCE_BYTES};
use super::table::{Table, TableBuilder};

/// How many leading bytes are checked for NUL bytes and invalid UTF-8 before anything else.
pub const SNIFF_BYTES: usize = 1024;

/// The delimiters tried, in order of preference on a tie.
pub const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses a whole CSV text into a [`Table`] (the same path as [`CsvReader`]).
///
/// Refuses more than [`MAX_CSV_AT_ONCE_BYTES`]: one call must not hold a page.
pub fn parse_csv(text: &str) -> Result<Table, DataError> {
    if text.len() > MAX_CSV_AT_ONCE_BYTES {
        return Err(DataError::TooLargeAtOnce {
            n_bytes: text.len(),
        });
    }
    let mut reader = CsvReader::new();
    reader.push(text.as_bytes())?;
    reader.finish()
}

/// A CSV parser fed chunk by chunk. Once `push` has returned an error, every later call
/// returns the same error.
pub struct CsvReader {
    n_bytes_seen: u64,
    /// Bytes held back until the delimiter is known (`None` once parsing has begun).
    pending: Option<Vec<u8>>,
    sniffed: bool,
    scan: RecordScan,
    parser: Option<RecordParser>,
    error: Option<DataError>,
}

impl Default for CsvReader {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvReader {
    /// A reader that has seen nothing yet.
    pub fn new() -> Self {
        Self {
            n_bytes_seen: 0,
            pending: Some(Vec::new()),
            sniffed: false,
            scan: RecordScan::default(),
            parser: None,
            error: None,
        }
    }

    /// How many bytes have been pushed so far (for a progress bar: divide by the file size).
    pub fn bytes_seen(&self) -> u64 {
        self.n_bytes_seen
    }

    /// Takes the next chunk of the file; chunks may be cut anywhere.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), DataError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        self.n_bytes_seen += chunk.len() as u64;
        let result = match (&mut self.parser, &mut self.pending) {
            (Some(parser), _) => parser.feed(chunk),
            (None, Some(pending)) => {
                pending.extend_from_slice(chunk);
                self.try_start(false)
            }
            (None, None) => Ok(()),
        };
        result.inspect_err(|error| self.error = Some(error.clone()))
    }

    /// Ends the file and returns the table.
    pub fn finish(mut self) -> Result<Table, DataError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if self.parser.is_none() {
            self.try_start(true)?;
        }
        match self.parser {
            Some(parser) => parser.finish(),
            None => Err(DataError::Empty),
        }
    }

    /// Starts parsing once the first kilobyte has been checked and the header and first data
    /// line are in (or the file has ended).
    fn try_start(&mut self, at_end: bool) -> Result<(), DataError> {
        let Some(pending) = &mut self.pending else {
            return Ok(());
        };
        if !self.sniffed {
            if pending.len() < SNIFF_BYTES && !at_end {
                return Ok(());
            }
            check_text(&pending[..pending.len().min(SNIFF_BYTES)], at_end)?;
            if pending.starts_with(BOM) {
                pending.drain(..BOM.len());
            }
            self.sniffed = true;
        }
        self.scan.advance(pending, at_end);
        if self.scan.records.len() < 2 && !at_end {
            return Ok(());
        }
        let Some(&(header_start, header_end)) = self.scan.records.first() else {
            return Err(DataError::Empty);
        };
        let header = &pending[header_start..header_end];
        let first_row = self.scan.records.get(1).map(|&(s, e)| &pending[s..e]);
        let delimiter = detect_delimiter(header, first_row);
        let mut parser = RecordParser::new(delimiter);
        let bytes = std::mem::take(pending);
        self.pending = None;
        parser.feed(&bytes)?;
        self.parser = Some(parser);
        Ok(())
    }
}

/// Refuses bytes that are not text: a NUL byte, or UTF-8 that is invalid (an incomplete
/// character at the end is fine unless the file ends there).
fn check_text(head: &[u8], at_end: bool) -> Result<(), DataError> {
    if head.contains(&0) {
        return Err(DataError::NotText);
    }
    match std::str::from_utf8(head) {
        Ok(_) => Ok(()),
        Err(e) if e.error_len().is_none() && !at_end => Ok(()),
        Err(_) => Err(DataError::NotText),
    }
}

/// The delimiter for this header and first data line (see the module documentation).
pub fn detect_delimiter(header: &[u8], first_row: Option<&[u8]>) -> u8 {
    let mut best: Option<(usize, u8)> = None;
    let mut best_any = (0, DELIMITERS[0]);
    for &d in &DELIMITERS {
        let n_header = count_fields(header, d);
        if n_header > best_any.0 {
            best_any = (n_header, d);
        }
        let agrees = first_row.is_none_or(|row| count_fields(row, d) == n_header);
        if n_header >= 2 && agrees && best.is_none_or(|(n, _)| n_header > n) {
            best = Some((n_header, d));
        }
    }
    best.unwrap_or(best_any).1
}

/// How many fields `delimiter` splits one record into, ignoring delimiters inside quotes.
fn count_fields(record: &[u8], delimiter: u8) -> usize {
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut n = 1;
    for &b in record {
        // As in the parser, a quote opens a quoted field only at the field's start.
        if b == b'"' && (in_quotes || at_field_start) {
            in_quotes = !in_quotes;
        } else if b == delimiter && !in_quotes {
            n += 1;
        }
        at_field_start = b == delimiter && !in_quotes;
    }
    n
}

/// Finds the first two non-blank records in the held-back bytes (quotes may hide line
/// breaks, whatever the delimiter), resuming where the last call stopped. A quote opens a
/// quoted field only at the start of a record or after a candidate delimiter, as the parser
/// will read it.
#[derive(Default)]
struct RecordScan {
    pos: usize,
    in_quotes: bool,
    start: usize,
    non_blank: bool,
    records: Vec<(usize, usize)>,
}

impl RecordScan {
    fn advance(&mut self, bytes: &[u8], at_end: bool) {
        while self.pos < bytes.len() && self.records.len() < 2 {
            let b = bytes[self.pos];
            let at_field_start =
                self.pos == self.start || DELIMITERS.contains(&bytes[self.pos - 1]);
            if b == b'"' && (self.in_quotes || at_field_start) {
                self.in_quotes = !self.in_quotes;
            }
            if (b == b'\n' || b == b'\r') && !self.in_quotes {
                self.close(self.pos);
                self.start = self.pos + 1;
            } else if !b.is_ascii_whitespace() {
                self.non_blank = true;
            }
            self.pos += 1;
        }
        if at_end && self.records.len() < 2 {
            self.close(bytes.len());
        }
    }

    fn close(&mut self, end: usize) {
        if self.non_blank {
            self.records.push((self.start, end));
        }
        self.non_blank = false;
    }
}

/// Where the byte-level state machine stands within a record.
#[derive(Clone, Copy, PartialEq)]
enum State {
    /// At the start of a field.
    FieldStart,
    /// Inside a field that did not start with a quote.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: a closing quote, or the first of "".
    QuoteInQuoted,
}

/// The RFC 4180 state machine, one byte at a time, handing whole records to a table builder.
struct RecordParser {
    delimiter: u8,
    state: State,
    /// The previous byte ended a record with '\r': a '\n' right after belongs to it.
    skip_lf: bool,
    /// The previous byte was '\r' (for counting "\r\n" as one line).
    prev_cr: bool,
    /// The physical line of the next byte.
    line: usize,
    record_line: usize,
    quote_line: usize,
    record_open: bool,
    /// The current record's field bytes, back to back; `ends` marks where each field ends.
    buf: Vec<u8>,
    ends: Vec<usize>,
    table: TableBuilder,
}

impl RecordParser {
    fn new(delimiter: u8) -> Self {
        Self {
            delimiter,
            state: State::FieldStart,
            skip_lf: false,
            prev_cr: false,
            line: 1,
            record_line: 1,
            quote_line: 1,
            record_open: false,
            buf: Vec::new(),
            ends: Vec::new(),
            table: TableBuilder::new(delimiter),
        }
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), DataError> {
        for &b in bytes {
            self.byte(b)?;
        }
        Ok(())
    }

    fn byte(&mut self, b: u8) -> Result<(), DataError> {
        let byte_line = self.line;
        // Line breaks: "\r\n", "\n" and a lone "\r" each count once.
        if b == b'\r' || (b == b'\n' && !self.prev_cr) {
            self.line += 1;
        }
        self.prev_cr = b == b'\r';
        if std::mem::take(&mut self.skip_lf) && b == b'\n' {
            return Ok(());
        }
        if !self.record_open {
            self.record_open = true;
            self.record_line = byte_line;
        }
        let delimiter = self.delimiter;
        match (self.state, b) {
            (State::Quoted, b'"') => self.state = State::QuoteInQuoted,
            (State::Quoted, _) => self.buf.push(b),
            (State::QuoteInQuoted, b'"') => {
                // "" inside quotes is one literal quote.
                self.buf.push(b'"');
                self.state = State::Quoted;
            }
            (State::FieldStart, b'"') => {
                self.state = State::Quoted;
                self.quote_line = byte_line;
            }
            (_, d) if d == delimiter => {
                self.ends.push(self.buf.len());
                self.state = State::FieldStart;
            }
            (_, b'\r' | b'\n') => {
                self.skip_lf = b == b'\r';
                self.end_record()?;
            }
            (_, _) => {
                self.buf.push(b);
                self.state = State::Unquoted;
            }
        }
        Ok(())
    }

    fn end_record(&mut self) -> Result<(), DataError> {
        self.ends.push(self.buf.len());
        let result = self.table.record(&self.buf, &self.ends, self.record_line);
        self.buf.clear();
        self.ends.clear();
        self.state = State::FieldStart;
        self.record_open = false;
        result
    }

    fn finish(mut self) -> Result<Table, DataError> {
        if self.state == State::Quoted {
            return Err(DataError::UnterminatedQuote {
                line: self.quote_line,
            });
        }
        if self.record_open {
            self.end_record()?;
        }
        self.table.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::super::error::MAX_SKIPPED_RAGGED_ROWS;
    use super::*;

    #[test]
    fn delimiter_is_the_one_that_splits_header_and_first_row_alike() {
        assert_eq!(detect_delimiter(b"a,b,c", Some(b"1,2,3")), b',');
        assert_eq!(detect_delimiter(b"a;b;c", Some(b"1,5;2;3")), b';');
        assert_eq!(detect_delimiter(b"a\tb", Some(b"1\t2")), b'\t');
        // Two commas in a quoted name do not make commas the delimiter.
        assert_eq!(detect_delimiter(b"\"x,y,z\";b", Some(b"1;2")), b';');
        // A quote inside an unquoted field is an ordinary character.
        assert_eq!(detect_delimiter(b"a,b\"c,d", Some(b"1,2,3")), b',');
        assert_eq!(count_fields(b"x\"y,\"a,b\",z", b','), 3);
        // No agreement: the header decides.
        assert_eq!(detect_delimiter(b"a,b,c", Some(b"1;2")), b',');
        assert_eq!(detect_delimiter(b"abc", None), b',');
    }

    #[test]
    fn ragged_limit_is_reachable() {
        // Header of 2, then MAX + 1 one-field lines among plenty of good rows.
        let mut text = String::from("a,b\n");
        for i in 0..(3 * MAX_SKIPPED_RAGGED_ROWS) {
            text.push_str(&format!("{i},{i}\n"));
        }
        for _ in 0..=MAX_SKIPPED_RAGGED_ROWS {
            text.push_str("1\n");
        }
        let err = parse_csv(&text).unwrap_err();
        assert!(
            matches!(err, DataError::RaggedRows { n_fields: 1, .. }),
            "{err:?}"
        );
    }
}
