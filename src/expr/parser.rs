//! Tokens to an expression graph by recursive descent, one function per grammar rule.
//!
//! Every error names a column and says what to type instead. Nesting is counted, so the
//! recursion never goes deeper than [`MAX_DEPTH`] levels however the text is built.

use super::error::ParseError;
use super::lexer::{lex, Kind, Token};
use super::{Binary, Constant, Expr, Node, Unary, MAX_CHARS, MAX_DEPTH, MAX_TEXT_CHARS};

/// What the error messages list as the functions to try.
const FUNCTION_LIST: &str = "sin, cos, tan, exp, ln, sqrt, abs, tanh, sigmoid, relu, softplus, \
                             min, max, pow";

/// The longest operand quoted in full in a "write 2*x instead of 2x" message.
const MAX_QUOTE_CHARS: usize = 24;

/// Reads `text` as f(x) or f(x, y).
///
/// Never panics: any string gives either an [`Expr`] or a [`ParseError`] whose message names
/// the column and says what to type instead ("write 2*x instead of 2x at column 1").
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let expr = parse_as_typed(text)?;
    read_back(text, expr)
}

/// Accepts `expr` only if its canonical text (the `formula` the page shows and a learner may
/// copy) reads back to the same graph. The canonical text can be longer or deeper than what
/// was typed (0.5 for .5, 2^(x + 1) for pow(2, x+1): the parentheses nest once more), so near
/// the limits it could fail to parse back; such an expression is refused here, in words.
fn read_back(text: &str, expr: Expr) -> Result<Expr, ParseError> {
    let canonical = expr.to_string();
    let end = text.chars().count();
    match parse_as_typed(&canonical) {
        Ok(again) if again == expr => Ok(expr),
        Ok(_) => Err(ParseError::new(
            0,
            format!(
                "this expression could not be written back in a form that reads the same \
                 ('{canonical}'); please add parentheses"
            ),
        )),
        Err(e) => Err(ParseError::new(
            end,
            format!(
                "this expression is too large once written out in full ({}); shorten it",
                e.message
                    .split_once(": ")
                    .map_or(e.message.as_str(), |(_, why)| why)
                    .trim_end_matches(", please")
            ),
        )),
    }
}

/// Reads `text` as typed, with the length and depth limits applied to the text itself.
fn parse_as_typed(text: &str) -> Result<Expr, ParseError> {
    check_length(text)?;
    let tokens = lex(text)?;
    if tokens.len() == 1 {
        return Err(ParseError::new(0, "the expression is empty"));
    }
    let mut parser = Parser {
        text,
        tokens,
        pos: 0,
        depth: 0,
        nodes: Vec::new(),
        slots: Vec::new(),
    };
    let root_idx = parser.sum()?;
    let next = parser.peek();
    match next.kind {
        Kind::End => Ok(Expr::from_nodes(parser.nodes, root_idx)),
        Kind::RParen => Err(ParseError::new(
            next.col,
            format!(
                "unexpected ')' at column {}: there is no '(' for it to close",
                next.col
            ),
        )),
        _ => Err(parser.stray(next)),
    }
}

/// Refuses text with more than [`MAX_CHARS`] characters besides whitespace, or more than
/// [`MAX_TEXT_CHARS`] in all, before any work proportional to its length.
fn check_length(text: &str) -> Result<(), ParseError> {
    let mut n_visible = 0;
    for (col, c) in text.chars().enumerate() {
        if !c.is_whitespace() {
            n_visible += 1;
        }
        let limit = if n_visible > MAX_CHARS {
            format!("{MAX_CHARS} characters besides spaces")
        } else if col >= MAX_TEXT_CHARS {
            format!("{MAX_TEXT_CHARS} characters in all")
        } else {
            continue;
        };
        return Err(ParseError::new(
            col,
            format!("the expression is too long at column {col}: at most {limit}, please"),
        ));
    }
    Ok(())
}

/// A function a learner can call by name.
#[derive(Clone, Copy)]
enum Function {
    /// One argument: sin(x).
    Unary(Unary),
    /// Two arguments: max(x, y).
    Binary(Binary),
}

impl Function {
    /// The function called `name`, if any (log is ln; pow(a, b) is a^b).
    fn named(name: &str) -> Option<Function> {
        match name {
            "log" => Some(Function::Unary(Unary::Ln)),
            "min" => Some(Function::Binary(Binary::Min)),
            "max" => Some(Function::Binary(Binary::Max)),
            "pow" => Some(Function::Binary(Binary::Pow)),
            _ => Unary::FUNCTIONS
                .iter()
                .find(|op| op.name() == name)
                .map(|&op| Function::Unary(op)),
        }
    }

    /// "one, like sin(x)" or "two, like max(x, y)": how many arguments, with an example.
    fn arity_example(self, name: &str) -> String {
        match self {
            Function::Unary(_) => format!("one, like {name}(x)"),
            Function::Binary(Binary::Pow) => format!("two, like {name}(x, 2)"),
            Function::Binary(_) => format!("two, like {name}(x, y)"),
        }
    }
}

/// The state of one parse: the tokens, the position, and the graph built so far.
struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    pos: usize,
    /// How many `signed` calls are active: bounds the recursion.
    depth: usize,
    nodes: Vec<Node>,
    /// A hash table of node indices ([`EMPTY`] where free), so that an equal subexpression is
    /// stored once; at most half full.
    slots: Vec<u32>,
}

/// A free slot in [`Parser::slots`].
const EMPTY: u32 = u32::MAX;

/// What makes two nodes equal: kind, operator or value bits, operands.
fn key(node: &Node) -> (u8, u64, usize, usize) {
    match *node {
        Node::Number(value) => (0, value.to_bits(), 0, 0),
        Node::Constant(c) => (1, c as u64, 0, 0),
        Node::X => (2, 0, 0, 0),
        Node::Y => (3, 0, 0, 0),
        Node::Unary(op, a_idx) => (4, op as u64, a_idx, 0),
        Node::Binary(op, a_idx, b_idx) => (5, op as u64, a_idx, b_idx),
    }
}

/// Where a key's probe starts: its parts mixed by multiply and rotate (FxHash's constant).
fn slot(key: &(u8, u64, usize, usize)) -> usize {
    let mut h = u64::from(key.0);
    for part in [key.1, key.2 as u64, key.3 as u64] {
        h = (h.rotate_left(5) ^ part).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    (h >> 32) as usize
}

impl<'t> Parser<'t> {
    /// sum := product (('+' | '-') product)*
    fn sum(&mut self) -> Result<usize, ParseError> {
        let mut a_idx = self.product()?;
        loop {
            let op = match self.peek().kind {
                Kind::Plus => Binary::Add,
                Kind::Minus => Binary::Sub,
                _ => return Ok(a_idx),
            };
            self.advance();
            let b_idx = self.product()?;
            a_idx = self.push(Node::Binary(op, a_idx, b_idx));
        }
    }

    /// product := signed (('*' | '/') signed)*
    fn product(&mut self) -> Result<usize, ParseError> {
        let mut a_idx = self.signed()?;
        loop {
            let op = match self.peek().kind {
                Kind::Star => Binary::Mul,
                Kind::Slash => Binary::Div,
                _ => return Ok(a_idx),
            };
            self.advance();
            let b_idx = self.signed()?;
            a_idx = self.push(Node::Binary(op, a_idx, b_idx));
        }
    }

    /// signed := ('-' | '+') signed | power. Every nesting (parentheses, signs, exponents)
    /// passes through here, so this is where the depth is bounded.
    fn signed(&mut self) -> Result<usize, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let col = self.peek().col;
            return Err(ParseError::new(
                col,
                format!(
                    "too deeply nested at column {col}: at most {MAX_DEPTH} parentheses, signs \
                     and powers inside one another"
                ),
            ));
        }
        let result = match self.peek().kind {
            Kind::Minus => {
                self.advance();
                let a_idx = self.signed()?;
                Ok(self.push(Node::Unary(Unary::Neg, a_idx)))
            }
            Kind::Plus => {
                self.advance();
                self.signed()
            }
            _ => self.power(),
        };
        self.depth -= 1;
        result
    }

    /// power := operand ('^' signed)?, right-associative through `signed`. An operand directly
    /// after it (2x, 3(x + 1)) is a missing '*'.
    fn power(&mut self) -> Result<usize, ParseError> {
        let mut a_idx = self.operand()?;
        if self.peek().kind == Kind::Caret {
            self.advance();
            let b_idx = self.signed()?;
            a_idx = self.push(Node::Binary(Binary::Pow, a_idx, b_idx));
        }
        let next = self.peek();
        if next.starts_operand() {
            return Err(self.missing_star(next));
        }
        Ok(a_idx)
    }

    /// operand := number | name | function '(' ... ')' | '(' sum ')'
    fn operand(&mut self) -> Result<usize, ParseError> {
        let token = self.peek();
        match token.kind {
            Kind::Number(value) => {
                self.advance();
                Ok(self.push(Node::Number(value)))
            }
            Kind::LParen => {
                self.advance();
                if self.peek().kind == Kind::RParen {
                    return Err(ParseError::new(
                        token.col,
                        format!(
                            "empty parentheses at column {}: put an expression inside, like (x + 1)",
                            token.col
                        ),
                    ));
                }
                let inner_idx = self.sum()?;
                self.close(token)?;
                Ok(inner_idx)
            }
            Kind::Name => {
                self.advance();
                self.name(token)
            }
            _ => Err(self.expected_operand(token)),
        }
    }

    /// A name: a variable, a constant, or a function followed by its arguments.
    fn name(&mut self, token: Token) -> Result<usize, ParseError> {
        let name = self.source(token);
        let col = token.col;
        let node = match name {
            "x" => Node::X,
            "y" => Node::Y,
            "pi" => Node::Constant(Constant::Pi),
            "e" => Node::Constant(Constant::E),
            _ => {
                return match Function::named(name) {
                    Some(function) if self.peek().kind == Kind::LParen => {
                        self.call(function, token)
                    }
                    Some(_) => Err(ParseError::new(
                        col,
                        format!(
                            "'{name}' at column {col} is a function: put its argument in \
                             parentheses, like {name}(x)"
                        ),
                    )),
                    None if self.peek().kind == Kind::LParen => {
                        Err(ParseError::new(col, unknown_function(name, col)))
                    }
                    None => {
                        let (col, message) = unknown_name(name, col);
                        Err(ParseError::new(col, message))
                    }
                };
            }
        };
        Ok(self.push(node))
    }

    /// The arguments of `function` (named by `name_token`), the '(' being next.
    fn call(&mut self, function: Function, name_token: Token) -> Result<usize, ParseError> {
        let name = self.source(name_token);
        let open = self.advance();
        let missing = |at: Token| {
            ParseError::new(
                at.col,
                format!(
                    "missing argument at column {}: {name} needs {}",
                    at.col,
                    function.arity_example(name)
                ),
            )
        };
        let too_many = |at: Token| {
            ParseError::new(
                at.col,
                format!(
                    "too many arguments at column {}: {name} takes {}",
                    at.col,
                    function.arity_example(name)
                ),
            )
        };
        if self.peek().kind == Kind::RParen {
            return Err(missing(self.peek()));
        }
        let a_idx = self.sum()?;
        let node = match function {
            Function::Unary(op) => {
                if self.peek().kind == Kind::Comma {
                    return Err(too_many(self.peek()));
                }
                Node::Unary(op, a_idx)
            }
            Function::Binary(op) => {
                let next = self.peek();
                match next.kind {
                    Kind::Comma => {
                        self.advance();
                    }
                    Kind::RParen => return Err(missing(next)),
                    _ => return Err(self.unclosed(open)),
                }
                if self.peek().kind == Kind::RParen {
                    return Err(missing(self.peek()));
                }
                let b_idx = self.sum()?;
                if self.peek().kind == Kind::Comma {
                    return Err(too_many(self.peek()));
                }
                Node::Binary(op, a_idx, b_idx)
            }
        };
        self.close(open)?;
        Ok(self.push(node))
    }

    /// Consumes the ')' that closes `open`, or says it is missing.
    fn close(&mut self, open: Token) -> Result<(), ParseError> {
        let next = self.peek();
        match next.kind {
            Kind::RParen => {
                self.advance();
                Ok(())
            }
            Kind::End => Err(self.unclosed(open)),
            _ => Err(self.stray(next)),
        }
    }

    /// The token at the current position (the final `End` once past the last).
    fn peek(&self) -> Token {
        let last = self.tokens.len() - 1;
        self.tokens[self.pos.min(last)]
    }

    /// Moves past the current token and returns it.
    fn advance(&mut self) -> Token {
        let token = self.peek();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        token
    }

    /// The node's index, adding it unless an equal node is already in the graph.
    ///
    /// Open addressing with linear probing over `slots` (a table this small, at most a few
    /// thousand nodes, needs nothing more, and its order never depends on a random hash seed).
    fn push(&mut self, node: Node) -> usize {
        if 2 * (self.nodes.len() + 1) > self.slots.len() {
            self.grow();
        }
        let wanted = key(&node);
        let mask = self.slots.len() - 1;
        let mut at = slot(&wanted) & mask;
        loop {
            match self.slots[at] {
                EMPTY => {
                    let idx = self.nodes.len();
                    self.slots[at] = idx as u32;
                    self.nodes.push(node);
                    return idx;
                }
                idx if key(&self.nodes[idx as usize]) == wanted => return idx as usize,
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Doubles the table (at least 64 slots) and puts every node back.
    fn grow(&mut self) {
        let n_slots = (2 * self.slots.len()).max(64);
        self.slots = vec![EMPTY; n_slots];
        for (idx, node) in self.nodes.iter().enumerate() {
            let mut at = slot(&key(node)) & (n_slots - 1);
            while self.slots[at] != EMPTY {
                at = (at + 1) & (n_slots - 1);
            }
            self.slots[at] = idx as u32;
        }
    }

    /// The token's text in the source.
    fn source(&self, token: Token) -> &'t str {
        self.text.get(token.start..token.end).unwrap_or("")
    }

    /// "expected ')' to close '(' at column 3".
    fn unclosed(&self, open: Token) -> ParseError {
        ParseError::new(
            open.col,
            format!("expected ')' to close '(' at column {}", open.col),
        )
    }

    /// A ',' or other token where the expression should have ended.
    fn stray(&self, token: Token) -> ParseError {
        let col = token.col;
        if token.kind == Kind::Comma {
            ParseError::new(
                col,
                format!(
                    "unexpected ',' at column {col}: commas only separate the arguments of \
                     min, max and pow"
                ),
            )
        } else {
            ParseError::new(
                col,
                format!("unexpected '{}' at column {col}", self.source(token)),
            )
        }
    }

    /// `found` stands where a number, x, y, a function or '(' should be.
    fn expected_operand(&self, found: Token) -> ParseError {
        let Some(prev) = self.pos.checked_sub(1).map(|idx| self.tokens[idx]) else {
            return ParseError::new(
                found.col,
                format!(
                    "unexpected '{}' at column {}: start with a number, x, y, a function or '('",
                    self.source(found),
                    found.col
                ),
            );
        };
        let prev_text = self.source(prev);
        if found.kind == Kind::End {
            return ParseError::new(
                prev.col,
                format!(
                    "nothing after '{prev_text}' at column {}: expected a number, x, y or '('",
                    prev.col
                ),
            );
        }
        let both = self.text.get(prev.start..found.end).unwrap_or("");
        ParseError::new(
            prev.col,
            format!(
                "'{both}' at column {}: expected a number, x, y or '(' after '{prev_text}'",
                prev.col
            ),
        )
    }

    /// `next` starts an operand right after one ended: "write 2*x instead of 2x at column 1".
    fn missing_star(&self, next: Token) -> ParseError {
        let prev_idx = self.pos.saturating_sub(1);
        let prev = self.tokens[prev_idx];
        let left_start = if prev.kind == Kind::RParen {
            // Back to the matching '(' and the function name before it, if any.
            let open_idx = self.matching_open(prev_idx);
            match open_idx.checked_sub(1).map(|idx| self.tokens[idx]) {
                Some(name) if name.kind == Kind::Name => name.start,
                _ => self.tokens[open_idx].start,
            }
        } else {
            prev.start
        };
        let mut right_end = next.end;
        let open_idx = if next.kind == Kind::Name {
            self.pos + 1
        } else {
            self.pos
        };
        if self
            .tokens
            .get(open_idx)
            .is_some_and(|t| t.kind == Kind::LParen)
        {
            right_end = self.tokens[self.matching_close(open_idx)].end;
        }
        let left = quote(self.text.get(left_start..prev.end).unwrap_or(""));
        let gap = self.text.get(prev.end..next.start).unwrap_or("");
        let right = quote(self.text.get(next.start..right_end).unwrap_or(""));
        ParseError::new(
            next.col,
            format!(
                "write {left}*{right} instead of {left}{gap}{right} at column {}",
                next.col
            ),
        )
    }

    /// The index of the '(' matching the ')' at `close_idx` (or of the first token).
    fn matching_open(&self, close_idx: usize) -> usize {
        let mut depth = 0usize;
        for idx in (0..=close_idx).rev() {
            match self.tokens[idx].kind {
                Kind::RParen => depth += 1,
                Kind::LParen => {
                    depth -= 1;
                    if depth == 0 {
                        return idx;
                    }
                }
                _ => {}
            }
        }
        0
    }

    /// The index of the ')' matching the '(' at `open_idx` (or of the last token before `End`).
    fn matching_close(&self, open_idx: usize) -> usize {
        let mut depth = 0usize;
        for idx in open_idx..self.tokens.len() {
            match self.tokens[idx].kind {
                Kind::LParen => depth += 1,
                Kind::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        return idx;
                    }
                }
                _ => {}
            }
        }
        self.tokens.len().saturating_sub(2)
    }
}

/// `text` if short, else its start and end around "...", so messages stay readable.
fn quote(text: &str) -> String {
    let n_chars = text.chars().count();
    if n_chars <= MAX_QUOTE_CHARS {
        return text.to_string();
    }
    let head: String = text.chars().take(MAX_QUOTE_CHARS / 2).collect();
    let tail: String = text
        .chars()
        .skip(n_chars - MAX_QUOTE_CHARS / 2 + 3)
        .collect();
    format!("{head}...{tail}")
}

/// The message for `name(...)` when no function has that name.
fn unknown_function(name: &str, col: usize) -> String {
    let lower = name.to_ascii_lowercase();
    if lower != name && Function::named(&lower).is_some() {
        format!("unknown function '{name}' at column {col}: did you mean '{lower}'?")
    } else {
        format!("unknown function '{name}' at column {col}: try {FUNCTION_LIST}")
    }
}

/// The column and message for a name that is neither a variable, a constant nor a function.
fn unknown_name(name: &str, col: usize) -> (usize, String) {
    // xy, yx, xx: two variables written side by side.
    if name.len() > 1 && name.chars().all(|c| c == 'x' || c == 'y') {
        let starred: Vec<String> = name.chars().map(String::from).collect();
        let star_col = col + 1;
        return (
            star_col,
            format!(
                "write {} instead of {name} at column {star_col}",
                starred.join("*")
            ),
        );
    }
    // sinx: a function name glued to its argument.
    for op in Unary::FUNCTIONS {
        if let Some(arg) = name.strip_prefix(op.name()) {
            if matches!(arg, "x" | "y") || arg.bytes().all(|b| b.is_ascii_digit()) {
                return (
                    col,
                    format!(
                        "write {}({arg}) instead of {name} at column {col}",
                        op.name()
                    ),
                );
            }
        }
    }
    let lower = name.to_ascii_lowercase();
    if lower != name && matches!(lower.as_str(), "x" | "y" | "pi" | "e") {
        return (
            col,
            format!("unknown name '{name}' at column {col}: did you mean '{lower}'?"),
        );
    }
    (
        col,
        format!("unknown name '{name}' at column {col}: use x and y (and the constants pi and e)"),
    )
}
