//! Characters to tokens: numbers, names, operators and parentheses, each with its column.

use super::error::ParseError;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    /// A number literal (never negative; a minus sign is its own token).
    Number(f64),
    /// A name: a variable, a constant or a function (its text is in the source).
    Name,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
    Comma,
    /// After the last token.
    End,
}

/// One token and where it sits in the source.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    /// What it is.
    pub kind: Kind,
    /// Its first character's position, counted in characters from 0.
    pub col: usize,
    /// Its byte range in the source, for quoting it back in messages.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

impl Token {
    /// True when this token can begin an operand (so it cannot follow one directly).
    pub fn starts_operand(&self) -> bool {
        matches!(self.kind, Kind::Number(_) | Kind::Name | Kind::LParen)
    }
}

/// Splits `text` into tokens, ending with one `End` token. Whitespace is skipped; any character
/// outside the grammar is an error that says what to type instead.
pub(crate) fn lex(text: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |idx: usize| chars.get(idx).map_or(text.len(), |&(b, _)| b);
    let char_at = |idx: usize| chars.get(idx).map(|&(_, c)| c);
    let mut tokens = Vec::new();
    let mut idx = 0;
    while let Some(c) = char_at(idx) {
        let col = idx;
        let single = match c {
            '+' => Some(Kind::Plus),
            '-' => Some(Kind::Minus),
            '/' => Some(Kind::Slash),
            '^' => Some(Kind::Caret),
            '(' => Some(Kind::LParen),
            ')' => Some(Kind::RParen),
            ',' => Some(Kind::Comma),
            '*' if char_at(idx + 1) == Some('*') => {
                return Err(ParseError::new(
                    col,
                    format!("'**' at column {col}: write ^ for powers, like x^2"),
                ));
            }
            '*' => Some(Kind::Star),
            _ => None,
        };
        if let Some(kind) = single {
            tokens.push(Token {
                kind,
                col,
                start: byte_at(idx),
                end: byte_at(idx + 1),
            });
            idx += 1;
        } else if c.is_whitespace() {
            idx += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let end_idx = number_end(&chars, idx)?;
            let (start, end) = (byte_at(idx), byte_at(end_idx));
            // The lexeme is digits, at most one '.', and an optional exponent: always valid
            // for `decimal::parse`, which rounds to nearest and gives ∞ beyond f64's range.
            let value = crate::decimal::parse(&text[start..end]).unwrap_or(f64::INFINITY);
            if value.is_infinite() {
                return Err(ParseError::new(
                    col,
                    format!(
                        "number too large at column {col}: numbers must stay below about 1.8e308"
                    ),
                ));
            }
            tokens.push(Token {
                kind: Kind::Number(value),
                col,
                start,
                end,
            });
            idx = end_idx;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut end_idx = idx + 1;
            while char_at(end_idx).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                end_idx += 1;
            }
            tokens.push(Token {
                kind: Kind::Name,
                col,
                start: byte_at(idx),
                end: byte_at(end_idx),
            });
            idx = end_idx;
        } else {
            return Err(ParseError::new(col, stray_character(c, col)));
        }
    }
    tokens.push(Token {
        kind: Kind::End,
        col: chars.len(),
        start: text.len(),
        end: text.len(),
    });
    Ok(tokens)
}

/// The index just past the number starting at `idx`: digits, an optional '.' and digits (at
/// least one digit in all), then an optional exponent e or E, a sign, and digits. An `e` not
/// followed by digits is left alone (it may be the constant e, as in 2e, which the parser
/// then reports as a missing '*').
fn number_end(chars: &[(usize, char)], idx: usize) -> Result<usize, ParseError> {
    let is_digit = |k: usize| chars.get(k).is_some_and(|&(_, c)| c.is_ascii_digit());
    let is = |k: usize, want: char| chars.get(k).is_some_and(|&(_, c)| c == want);
    let mut end = idx;
    while is_digit(end) {
        end += 1;
    }
    let n_int_digits = end - idx;
    if is(end, '.') {
        end += 1;
        let frac_start = end;
        while is_digit(end) {
            end += 1;
        }
        if n_int_digits == 0 && end == frac_start {
            return Err(ParseError::new(
                idx,
                format!("'.' at column {idx}: a decimal point needs digits, like 0.5"),
            ));
        }
    }
    if is(end, 'e') || is(end, 'E') {
        let sign = usize::from(is(end + 1, '+') || is(end + 1, '-'));
        if is_digit(end + 1 + sign) {
            end += 1 + sign;
            while is_digit(end) {
                end += 1;
            }
        }
    }
    if is(end, '.') {
        return Err(ParseError::new(
            end,
            format!("'.' at column {end}: a number has at most one decimal point"),
        ));
    }
    Ok(end)
}

/// The message for a character outside the grammar, with what to type instead where we can guess.
fn stray_character(c: char, col: usize) -> String {
    const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    if let Some(digit) = SUPERSCRIPTS.iter().position(|&s| s == c) {
        return format!("'{c}' at column {col}: write ^{digit} for a power, like x^{digit}");
    }
    match c {
        '×' | '·' | '∗' | '⋅' => {
            format!("'{c}' at column {col}: write * for multiplication, like 2*x")
        }
        '÷' | '∕' => format!("'{c}' at column {col}: write / for division, like x/2"),
        '−' | '–' | '—' => format!("'{c}' at column {col}: type the minus key - instead"),
        'π' => format!("'π' at column {col}: write pi"),
        '√' => format!("'√' at column {col}: write sqrt(x) for a square root"),
        '[' | ']' | '{' | '}' => {
            format!("'{c}' at column {col}: use round parentheses ( and ) for grouping")
        }
        _ if c.is_control() => format!(
            "an invisible control character (U+{:04X}) at column {col}: delete it",
            c as u32
        ),
        _ => format!(
            "unexpected character '{c}' (U+{:04X}) at column {col}: use numbers, x, y, + - * / ^, \
             parentheses and functions like sin(x)",
            c as u32
        ),
    }
}
