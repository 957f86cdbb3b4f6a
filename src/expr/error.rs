//! The one error a learner's typing can cause: where it went wrong and what to type instead.

/// Why a typed expression could not be read, and where.
///
/// `column` counts characters (not bytes) from 0, so the page can put a caret under the spot;
/// `message` is a complete sentence that already names the column ("expected ')' to close '('
/// at column 3"), and is what `Display` prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The 0-based character position the message points at.
    pub column: usize,
    /// What went wrong, in words a learner can act on.
    pub message: String,
}

impl ParseError {
    /// An error at `column` with `message`.
    pub(crate) fn new(column: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            column,
            message: message.into(),
        }
    }
}

impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}
