//! Typed expressions: the f(x) or f(x, y) a learner types, read into a small graph.
//!
//! Grammar, loosest binding first (`^` is right-associative and binds tighter than a sign, so
//! -x^2 = -(x^2) and 2^-1 = 1/2):
//! ```text
//! sum     := product (('+' | '-') product)*
//! product := signed (('*' | '/') signed)*
//! signed  := ('-' | '+') signed | power
//! power   := operand ('^' signed)?
//! operand := number | x | y | pi | e | function '(' sum (',' sum)? ')' | '(' sum ')'
//! ```
//! Functions: sin cos tan exp ln log (log = ln, the natural log) sqrt abs tanh sigmoid relu
//! softplus with one argument, min max pow with two. Implicit multiplication (2x, 3(x+1)) and
//! `**` are rejected with a message saying what to type instead.
//!
//! Bounds, so that no input can exhaust memory or the stack: at most [`MAX_CHARS`] characters
//! besides whitespace (and [`MAX_TEXT_CHARS`] in all), and at most [`MAX_DEPTH`] levels of parentheses, signs and exponents nested in one another.
//!
//! An [`Expr`] is a graph: its nodes in topological order (children before parents), with equal
//! subexpressions stored once, so x in x*x is one node with two uses. [`crate::autodiff`]
//! evaluates and differentiates it.

mod error;
mod lexer;
mod parser;

pub use error::ParseError;
pub use parser::parse;

use core::fmt;

/// The longest text accepted, in characters other than whitespace.
///
/// The canonical text of an expression near this bound may be a little longer (0.5 for .5,
/// parentheses around a negative right operand) and then too long to read back.
pub const MAX_CHARS: usize = 2000;

/// The longest text accepted, in characters, whitespace included.
pub const MAX_TEXT_CHARS: usize = 10 * MAX_CHARS;

/// The deepest nesting accepted: parentheses, signs and exponents inside one another.
pub const MAX_DEPTH: usize = 200;

/// A named constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Constant {
    /// π = 3.14159..., the ratio of a circle's circumference to its diameter.
    Pi,
    /// e = 2.71828..., the base of the natural logarithm.
    E,
}

impl Constant {
    /// The constant's value as the nearest f64.
    pub fn value(self) -> f64 {
        match self {
            Constant::Pi => core::f64::consts::PI,
            Constant::E => core::f64::consts::E,
        }
    }

    /// The name typed for it ("pi", "e").
    pub fn name(self) -> &'static str {
        match self {
            Constant::Pi => "pi",
            Constant::E => "e",
        }
    }
}

/// An operation with one argument a.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unary {
    /// −a.
    Neg,
    /// sin a.
    Sin,
    /// cos a.
    Cos,
    /// tan a.
    Tan,
    /// e^a.
    Exp,
    /// ln a, the natural logarithm (typed as ln or log).
    Ln,
    /// √a.
    Sqrt,
    /// |a|.
    Abs,
    /// tanh a.
    Tanh,
    /// σ(a) = 1/(1 + e^−a).
    Sigmoid,
    /// relu(a) = max(a, 0).
    Relu,
    /// softplus(a) = ln(1 + e^a).
    Softplus,
}

impl Unary {
    /// Every unary function a learner can type by name (all but `Neg`), in the order the error
    /// messages list them.
    pub const FUNCTIONS: [Unary; 11] = [
        Unary::Sin,
        Unary::Cos,
        Unary::Tan,
        Unary::Exp,
        Unary::Ln,
        Unary::Sqrt,
        Unary::Abs,
        Unary::Tanh,
        Unary::Sigmoid,
        Unary::Relu,
        Unary::Softplus,
    ];

    /// The canonical name ("sin"; "neg" for the minus sign).
    pub fn name(self) -> &'static str {
        match self {
            Unary::Neg => "neg",
            Unary::Sin => "sin",
            Unary::Cos => "cos",
            Unary::Tan => "tan",
            Unary::Exp => "exp",
            Unary::Ln => "ln",
            Unary::Sqrt => "sqrt",
            Unary::Abs => "abs",
            Unary::Tanh => "tanh",
            Unary::Sigmoid => "sigmoid",
            Unary::Relu => "relu",
            Unary::Softplus => "softplus",
        }
    }
}

/// An operation with two arguments a and b.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Binary {
    /// a + b.
    Add,
    /// a − b.
    Sub,
    /// a · b.
    Mul,
    /// a / b.
    Div,
    /// a^b (typed as a^b or pow(a, b)).
    Pow,
    /// min(a, b).
    Min,
    /// max(a, b).
    Max,
}

impl Binary {
    /// The label shown in the chain-rule view ("+", "*", "^", "min").
    pub fn label(self) -> &'static str {
        match self {
            Binary::Add => "+",
            Binary::Sub => "-",
            Binary::Mul => "*",
            Binary::Div => "/",
            Binary::Pow => "^",
            Binary::Min => "min",
            Binary::Max => "max",
        }
    }
}

/// One node of an expression graph; children are indices of earlier nodes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Node {
    /// A number as typed (2, 0.5, 1e-3): finite and never negative (−2 is `Neg` of 2).
    Number(f64),
    /// π or e.
    Constant(Constant),
    /// The variable x.
    X,
    /// The variable y.
    Y,
    /// op(a), a being the index of the argument's node.
    Unary(Unary, usize),
    /// op(a, b), with the indices of the two arguments' nodes.
    Binary(Binary, usize, usize),
}

impl Node {
    /// The indices of this node's children (none, a, or a and b), in argument order.
    pub fn children(&self) -> Vec<usize> {
        match *self {
            Node::Number(_) | Node::Constant(_) | Node::X | Node::Y => Vec::new(),
            Node::Unary(_, a_idx) => vec![a_idx],
            Node::Binary(_, a_idx, b_idx) => vec![a_idx, b_idx],
        }
    }

    /// A short label for the chain-rule view: "2", "pi", "x", "sin", "neg", "*", "max".
    pub fn label(&self) -> String {
        match *self {
            Node::Number(value) => format_number(value),
            Node::Constant(c) => c.name().to_string(),
            Node::X => "x".to_string(),
            Node::Y => "y".to_string(),
            Node::Unary(op, _) => op.name().to_string(),
            Node::Binary(op, _, _) => op.label().to_string(),
        }
    }
}

/// A parsed expression f(x, y): a graph of nodes in topological order, the root last.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// Every node once, children before parents.
    nodes: Vec<Node>,
    /// The node whose value is f.
    root_idx: usize,
}

impl Expr {
    /// Wraps a parser's output; `nodes` must be topologically ordered and hold `root_idx`.
    pub(crate) fn from_nodes(nodes: Vec<Node>, root_idx: usize) -> Expr {
        Expr { nodes, root_idx }
    }

    /// The nodes in topological order: every child's index is smaller than its parent's.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The index of the node whose value is f(x, y).
    pub fn root_idx(&self) -> usize {
        self.root_idx
    }

    /// The number of nodes (shared subexpressions counted once).
    pub fn n_nodes(&self) -> usize {
        self.nodes.len()
    }

    /// True when f depends on x syntactically (x appears in the text).
    pub fn uses_x(&self) -> bool {
        self.nodes.contains(&Node::X)
    }

    /// True when f depends on y syntactically (y appears in the text), i.e. f is f(x, y)
    /// rather than f(x).
    pub fn uses_y(&self) -> bool {
        self.nodes.contains(&Node::Y)
    }

    /// The canonical text of the subexpression rooted at `node_idx` ("sin(x)"), for labelling
    /// intermediate values u, v in the chain-rule view; empty for an index out of range.
    pub fn node_text(&self, node_idx: usize) -> String {
        let mut text = String::new();
        if node_idx < self.nodes.len() {
            // Writing to a String cannot fail.
            let _ = self.write_node(&mut text, node_idx);
        }
        text
    }

    /// Writes node `idx` with the fewest parentheses that parse back to the same graph.
    ///
    /// Recursion depth is the tree's depth, which the length bound keeps below MAX_CHARS / 2.
    fn write_node(&self, out: &mut impl fmt::Write, idx: usize) -> fmt::Result {
        match self.nodes[idx] {
            Node::Number(value) => out.write_str(&format_number(value)),
            Node::Constant(c) => out.write_str(c.name()),
            Node::X => out.write_str("x"),
            Node::Y => out.write_str("y"),
            Node::Unary(Unary::Neg, a_idx) => {
                out.write_str("-")?;
                self.write_operand(out, a_idx, SIGNED, true)
            }
            Node::Unary(op, a_idx) => {
                write!(out, "{}(", op.name())?;
                self.write_node(out, a_idx)?;
                out.write_str(")")
            }
            Node::Binary(op @ (Binary::Min | Binary::Max), a_idx, b_idx) => {
                write!(out, "{}(", op.label())?;
                self.write_node(out, a_idx)?;
                out.write_str(", ")?;
                self.write_node(out, b_idx)?;
                out.write_str(")")
            }
            Node::Binary(op, a_idx, b_idx) => {
                let (prec, symbol) = match op {
                    Binary::Add => (SUM, " + "),
                    Binary::Sub => (SUM, " - "),
                    Binary::Mul => (PRODUCT, "*"),
                    Binary::Div => (PRODUCT, "/"),
                    _ => (POWER, "^"),
                };
                // Left-associative + − * /: the left operand may be as loose as the operator,
                // the right must bind tighter. Right-associative ^: the base must be an
                // operand, the exponent may be a power (or, in parentheses, a sign).
                let (a_min, b_min) = if prec == POWER {
                    (OPERAND, POWER)
                } else {
                    (prec, prec + 1)
                };
                self.write_operand(out, a_idx, a_min, false)?;
                out.write_str(symbol)?;
                self.write_operand(out, b_idx, b_min, true)
            }
        }
    }

    /// Writes node `idx` as an operand needing precedence `min_prec`, in parentheses if it
    /// binds more loosely, or if it is a negation on the right of an operator (x - (-y)).
    fn write_operand(
        &self,
        out: &mut impl fmt::Write,
        idx: usize,
        min_prec: u8,
        is_right: bool,
    ) -> fmt::Result {
        let prec = precedence(self.nodes[idx]);
        if prec < min_prec || (is_right && prec == SIGNED) {
            out.write_str("(")?;
            self.write_node(out, idx)?;
            out.write_str(")")
        } else {
            self.write_node(out, idx)
        }
    }
}

/// Precedence levels of the grammar, loosest first.
const SUM: u8 = 1;
const PRODUCT: u8 = 2;
const SIGNED: u8 = 3;
const POWER: u8 = 4;
const OPERAND: u8 = 5;

/// How tightly a node's printed form binds.
fn precedence(node: Node) -> u8 {
    match node {
        Node::Binary(Binary::Add | Binary::Sub, ..) => SUM,
        Node::Binary(Binary::Mul | Binary::Div, ..) => PRODUCT,
        Node::Unary(Unary::Neg, _) => SIGNED,
        Node::Binary(Binary::Pow, ..) => POWER,
        _ => OPERAND,
    }
}

/// A number in the shortest text that reads back to the same f64: plain digits for moderate
/// sizes (0.001, 2.5), scientific notation for very large or small ones (1e20, 3e-9).
pub(crate) fn format_number(value: f64) -> String {
    let size = value.abs();
    if size != 0.0 && !(1e-6..1e16).contains(&size) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

impl fmt::Display for Expr {
    /// The canonical text: one spelling per function (ln, a^b), spaces around + and −, the
    /// fewest parentheses that read back to the same graph ("x^2 + 3*y^2").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.root_idx < self.nodes.len() {
            self.write_node(f, self.root_idx)
        } else {
            Ok(())
        }
    }
}

impl core::str::FromStr for Expr {
    type Err = ParseError;

    /// Same as [`parse`].
    fn from_str(text: &str) -> Result<Expr, ParseError> {
        parse(text)
    }
}
