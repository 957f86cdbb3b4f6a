//! Reverse-mode gradients against independent oracles: derivative formulas written out by hand
//! for every function and operator, central differences on random expressions evaluated by this
//! file's own evaluator, PyTorch's conventions at kinks, the trace's chain-rule record, the
//! tape's bit-for-bit agreement with the graph, and typed surfaces as landscapes.

use std::cell::Cell;

use downhill::autodiff::{value_and_gradient, Tape, Trace};
use downhill::descent::{Descent, Status};
use downhill::expr::{parse, Expr, Node};
use downhill::landscape::Landscape;
use downhill::optim::{Sgd, SgdParams};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Parses `text`, which must be valid.
fn expr(text: &str) -> Expr {
    parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

/// a and b agree to `rel` relative to the larger of 1, |a| and |b|.
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

/// Bitwise equality, with every NaN equal to every other NaN.
fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// A runner with a fixed seed, so every run sees the same cases.
fn runner(cases: u32, seed: u8) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    )
}

// ---- hand-derived derivatives ------------------------------------------------------------------

/// f, ∂f/∂x and ∂f/∂y written out by hand.
type Formula = fn(f64, f64) -> [f64; 3];

/// A text, its formula, and the points to check it at.
type Case = (&'static str, Formula, &'static [(f64, f64)]);

/// σ(t) = 1/(1 + e^−t), written the textbook way.
fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}

/// Points with x, y of both signs, none at a kink of the functions checked there.
const POINTS: [(f64, f64); 6] = [
    (-2.3, 0.7),
    (-0.4, -1.9),
    (0.6, 1.3),
    (1.7, -0.8),
    (2.9, 2.2),
    (0.05, -0.03),
];

/// Points with x > 0, for ln, sqrt and real powers of x.
const POSITIVE_X: [(f64, f64); 5] = [
    (0.3, -1.2),
    (1.0, 0.5),
    (2.5, 2.0),
    (7.0, -0.25),
    (0.01, 3.0),
];

#[test]
fn every_function_and_operator_matches_its_derivative_by_hand() {
    let cases: [Case; 28] = [
        ("x", |x, _| [x, 1.0, 0.0], &POINTS),
        ("y", |_, y| [y, 0.0, 1.0], &POINTS),
        ("-x", |x, _| [-x, -1.0, 0.0], &POINTS),
        ("x + y", |x, y| [x + y, 1.0, 1.0], &POINTS),
        ("x - y", |x, y| [x - y, 1.0, -1.0], &POINTS),
        ("x*y", |x, y| [x * y, y, x], &POINTS),
        ("x/y", |x, y| [x / y, 1.0 / y, -x / (y * y)], &POINTS),
        // d/dx x^y = y·x^(y−1), d/dy x^y = x^y·ln x.
        (
            "x^y",
            |x, y| [x.powf(y), y * x.powf(y - 1.0), x.powf(y) * x.ln()],
            &POSITIVE_X,
        ),
        (
            "pow(x, y)",
            |x, y| [x.powf(y), y * x.powf(y - 1.0), x.powf(y) * x.ln()],
            &POSITIVE_X,
        ),
        ("x^3", |x, _| [x * x * x, 3.0 * x * x, 0.0], &POINTS),
        (
            "2^y",
            |_, y| [2f64.powf(y), 0.0, 2f64.powf(y) * 2f64.ln()],
            &POINTS,
        ),
        ("sin(x)", |x, _| [x.sin(), x.cos(), 0.0], &POINTS),
        ("cos(y)", |_, y| [y.cos(), 0.0, -y.sin()], &POINTS),
        // d/dx tan x = 1/cos² x.
        (
            "tan(x)",
            |x, _| [x.tan(), 1.0 / (x.cos() * x.cos()), 0.0],
            &POINTS,
        ),
        ("exp(x)", |x, _| [x.exp(), x.exp(), 0.0], &POINTS),
        ("ln(x)", |x, _| [x.ln(), 1.0 / x, 0.0], &POSITIVE_X),
        ("log(x)", |x, _| [x.ln(), 1.0 / x, 0.0], &POSITIVE_X),
        // d/dx √x = 1/(2√x).
        (
            "sqrt(x)",
            |x, _| [x.sqrt(), 0.5 / x.sqrt(), 0.0],
            &POSITIVE_X,
        ),
        (
            "abs(x)",
            |x, _| [x.abs(), if x > 0.0 { 1.0 } else { -1.0 }, 0.0],
            &POINTS,
        ),
        // d/dx tanh x = 1/cosh² x.
        (
            "tanh(x)",
            |x, _| [x.tanh(), 1.0 / (x.cosh() * x.cosh()), 0.0],
            &POINTS,
        ),
        // σ′ = σ(1 − σ).
        (
            "sigmoid(x)",
            |x, _| [sigmoid(x), sigmoid(x) * (1.0 - sigmoid(x)), 0.0],
            &POINTS,
        ),
        (
            "relu(x)",
            |x, _| [x.max(0.0), if x > 0.0 { 1.0 } else { 0.0 }, 0.0],
            &POINTS,
        ),
        // softplus′ = σ.
        (
            "softplus(x)",
            |x, _| [(1.0 + x.exp()).ln(), sigmoid(x), 0.0],
            &POINTS,
        ),
        (
            "min(x, y)",
            |x, y| [x.min(y), (x < y) as u8 as f64, (y < x) as u8 as f64],
            &POINTS,
        ),
        (
            "max(x, y)",
            |x, y| [x.max(y), (x > y) as u8 as f64, (y > x) as u8 as f64],
            &POINTS,
        ),
        // The chain rule, by hand: d/dx sin(xy) = y·cos(xy).
        (
            "sin(x*y) + x^2",
            |x, y| {
                [
                    (x * y).sin() + x * x,
                    y * (x * y).cos() + 2.0 * x,
                    x * (x * y).cos(),
                ]
            },
            &POINTS,
        ),
        (
            "exp(-(x^2 + y^2))",
            |x, y| {
                let g = (-(x * x + y * y)).exp();
                [g, -2.0 * x * g, -2.0 * y * g]
            },
            &POINTS,
        ),
        // Shared subexpression: d/dx (x·x + x) = 2x + 1.
        ("x*x + x", |x, _| [x * x + x, 2.0 * x + 1.0, 0.0], &POINTS),
    ];
    for (text, formula, points) in cases {
        let e = expr(text);
        let tape = Tape::compile(&e);
        for &(x, y) in points {
            let [f, fx, fy] = formula(x, y);
            for (how, (value, [gx, gy])) in [
                ("graph", value_and_gradient(&e, x, y)),
                ("tape", tape.eval_grad(x, y)),
            ] {
                assert!(
                    close(value, f, 1e-13) && close(gx, fx, 1e-12) && close(gy, fy, 1e-12),
                    "{text} at ({x}, {y}) by the {how}: got {value}, [{gx}, {gy}], \
                     expected {f}, [{fx}, {fy}]"
                );
            }
        }
    }
}

// ---- kinks and edges -----------------------------------------------------------------------------

/// Value and gradient of `text` at (x, y) by the graph, checked against the tape bit for bit.
fn at(text: &str, x: f64, y: f64) -> (f64, [f64; 2]) {
    let e = expr(text);
    let (value, gradient) = value_and_gradient(&e, x, y);
    let (tape_value, tape_gradient) = Tape::compile(&e).eval_grad(x, y);
    assert!(
        same(value, tape_value)
            && same(gradient[0], tape_gradient[0])
            && same(gradient[1], tape_gradient[1]),
        "{text}: graph and tape differ"
    );
    (value, gradient)
}

#[test]
fn kinks_follow_pytorch() {
    // relu′(0) = 0, |x|′(0) = 0.
    assert_eq!(at("relu(x)", 0.0, 0.0), (0.0, [0.0, 0.0]));
    assert_eq!(at("abs(x)", 0.0, 0.0), (0.0, [0.0, 0.0]));
    // √ at 0: derivative +∞.
    assert_eq!(at("sqrt(x)", 0.0, 0.0), (0.0, [f64::INFINITY, 0.0]));
    // Ties split ½–½ (torch.maximum / torch.minimum).
    assert_eq!(at("max(x, y)", 1.5, 1.5), (1.5, [0.5, 0.5]));
    assert_eq!(at("min(x, y)", -2.0, -2.0), (-2.0, [0.5, 0.5]));
    // Against a constant, the constant's half goes nowhere.
    assert_eq!(at("max(x, 1)", 1.0, 0.0), (1.0, [0.5, 0.0]));
    // max(x, x) is one node used twice: ½ + ½ = 1, the derivative of x.
    assert_eq!(at("max(x, x)", 0.3, 0.0), (0.3, [1.0, 0.0]));
    // √(x²) at 0: 0·∞ = NaN, as in PyTorch.
    let (value, [gx, _]) = at("sqrt(x^2)", 0.0, 0.0);
    assert_eq!(value, 0.0);
    assert!(gx.is_nan());
}

#[test]
fn powers_at_the_edges_of_their_domain() {
    // (−3)² = 9, d/dx x² = 2x = −6.
    assert_eq!(at("x^2", -3.0, 0.0), (9.0, [-6.0, 0.0]));
    // (−2)³ = −8, d/dx x³ = 3x² = 12.
    assert_eq!(at("x^3", -2.0, 0.0), (-8.0, [12.0, 0.0]));
    // A negative base to a fractional power is not real.
    assert!(at("x^y", -8.0, 1.0 / 3.0).0.is_nan());
    // 0^y for y ≥ 0: ∂/∂y taken as 0; ∂/∂x = y·0^(y−1) = 0 for y = 2.
    assert_eq!(at("x^y", 0.0, 2.0), (0.0, [0.0, 0.0]));
    // x^1 at 0: 1·0^0 = 1. x^0 at 0: value 0^0 = 1, derivative taken as 0.
    assert_eq!(at("x^1", 0.0, 0.0), (0.0, [1.0, 0.0]));
    assert_eq!(at("x^0", 0.0, 0.0), (1.0, [0.0, 0.0]));
    // x^0.5 at 0: like √, +∞.
    assert_eq!(at("x^0.5", 0.0, 0.0), (0.0, [f64::INFINITY, 0.0]));
    // (−2)^y at y = 2: the value is 4, ∂/∂y = 4·ln(−2) is NaN.
    let (value, [gx, gy]) = at("(-2)^y", 0.0, 2.0);
    assert_eq!((value, gx), (4.0, 0.0));
    assert!(gy.is_nan());
    // With a constant exponent, the exponent's NaN derivative is never computed into anything.
    assert_eq!(at("x^2 + y", -1.0, 0.0), (1.0, [-2.0, 1.0]));
}

#[test]
fn undefined_values_are_nan_and_nothing_panics() {
    assert!(at("ln(x)", -1.0, 0.0).0.is_nan());
    assert_eq!(
        at("ln(x)", 0.0, 0.0),
        (f64::NEG_INFINITY, [f64::INFINITY, 0.0])
    );
    assert!(at("sqrt(x)", -4.0, 0.0).0.is_nan());
    let (value, [gx, gy]) = at("x/y", 0.0, 0.0);
    assert!(value.is_nan() && gx.is_infinite() && gy.is_nan());
    assert_eq!(at("1/x", 0.0, 0.0).0, f64::INFINITY);
    // NaN through min and max stays NaN (f64::max would drop it).
    assert!(at("max(ln(x), y)", -1.0, 2.0).0.is_nan());
    assert!(at("min(y, sqrt(x))", -1.0, 2.0).0.is_nan());
    assert!(at("relu(ln(x))", -1.0, 0.0).0.is_nan());
    // A constant that is NaN does not stop the derivative of the rest: d/dx (ln(−1) + x) = 1.
    let (value, gradient) = at("ln(-1) + x", 3.0, 0.0);
    assert!(value.is_nan());
    assert_eq!(gradient, [1.0, 0.0]);
    // Constant expressions have zero gradient.
    assert_eq!(at("2^3 + pi*0", 1.0, 1.0), (8.0, [0.0, 0.0]));
    // Overflow to ∞ is a value, not a crash.
    assert_eq!(at("exp(exp(x))", 10.0, 0.0).0, f64::INFINITY);
}

#[test]
fn sigmoid_softplus_and_tanh_are_stable_far_out() {
    for t in [-1000.0, -800.0, -40.0, -20.0, 20.0, 40.0, 800.0, 1000.0] {
        let (s, [ds, _]) = at("sigmoid(x)", t, 0.0);
        // σ′(t) = 1/(4 cosh²(t/2)), written independently of σ(1 − σ).
        let expected = sigmoid_exact(t);
        let expected_d = 1.0 / (4.0 * (t / 2.0).cosh().powi(2));
        assert!(close(s, expected, 1e-15) && s.is_finite(), "σ({t}) = {s}");
        assert!(
            (ds - expected_d).abs() <= 1e-13 * expected_d,
            "σ′({t}) = {ds}, expected {expected_d}"
        );
        let (sp, [dsp, _]) = at("softplus(x)", t, 0.0);
        // softplus(t) = t + ln(1 + e^−t) ≈ t + e^−t for t ≫ 0 (the next term, e^−2t/2, is below
        // t's last digit), and ln(1 + e^t) ≈ e^t − e^2t/2 for t ≪ 0.
        let expected = if t > 0.0 {
            t + (-t).exp()
        } else {
            t.exp() - t.exp().powi(2) / 2.0
        };
        assert!(
            (sp - expected).abs() <= 1e-15 * expected.abs(),
            "softplus({t}) = {sp}, expected {expected}"
        );
        // softplus′ = σ, to a relative 1e-14 even where σ is tiny.
        let sigma = sigmoid_exact(t);
        assert!(
            (dsp - sigma).abs() <= 1e-14 * sigma,
            "softplus′({t}) = {dsp}, expected {sigma}"
        );
        let (_, [dth, _]) = at("tanh(x)", t, 0.0);
        // tanh′ = 1/cosh², accurate even where tanh rounds to ±1.
        let expected_d = 1.0 / t.cosh().powi(2);
        assert!(
            (dth - expected_d).abs() <= 1e-13 * expected_d,
            "tanh′({t}) = {dth}, expected {expected_d}"
        );
    }
}

/// σ(t) = 1/(1 + e^−t) for t ≥ 0 and e^t/(1 + e^t) for t < 0, so e^±t never overflows.
fn sigmoid_exact(t: f64) -> f64 {
    if t >= 0.0 {
        1.0 / (1.0 + (-t).exp())
    } else {
        t.exp() / (1.0 + t.exp())
    }
}

// ---- the chain-rule record -----------------------------------------------------------------------

#[test]
fn the_trace_records_every_chain_rule_step() {
    let e = expr("sin(x*y)");
    let (x, y) = (2.0, 0.5);
    let mut trace = Trace::forward(&e, x, y);
    let labels: Vec<String> = trace.nodes().iter().map(|n| n.label()).collect();
    assert_eq!(labels, ["x", "y", "*", "sin"]);
    let values: Vec<f64> = trace.nodes().iter().map(|n| n.value).collect();
    assert_eq!(values, [2.0, 0.5, 1.0, 1f64.sin()]);
    // ∂(xy)/∂x = y, ∂(xy)/∂y = x; ∂ sin u/∂u = cos u.
    assert_eq!(trace.nodes()[2].local_derivatives(), [0.5, 2.0]);
    assert_eq!(trace.nodes()[3].local_derivatives(), [1f64.cos()]);
    assert_eq!(trace.nodes()[3].children(), [2]);
    // Before the backward pass: no adjoints.
    assert!(trace.nodes().iter().all(|n| n.adjoint == 0.0));
    assert!(trace.steps().is_empty());
    trace.backward();
    assert_eq!(trace.visit_order(), [3, 2, 1, 0]);
    let c = 1f64.cos();
    let steps: Vec<(usize, usize, f64, f64, f64)> = trace
        .steps()
        .iter()
        .map(|s| {
            (
                s.parent_idx,
                s.child_idx,
                s.parent_adjoint,
                s.local_derivative,
                s.contribution,
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (3, 2, 1.0, c, c),
            (2, 0, c, 0.5, c * 0.5),
            (2, 1, c, 2.0, c * 2.0)
        ]
    );
    // ∇ sin(xy) = (y cos xy, x cos xy).
    assert_eq!(trace.gradient(), [0.5 * c, 2.0 * c]);
    assert_eq!(trace.value(), 1f64.sin());
    // Running the backward pass again changes nothing.
    let once = trace.clone();
    trace.backward();
    assert_eq!(trace, once);
}

#[test]
fn a_shared_node_collects_one_contribution_per_use() {
    // f = x·x + x: x is used three times; its adjoint ends at 2x + 1.
    let e = expr("x*x + x");
    let mut trace = Trace::forward(&e, 3.0, 0.0);
    trace.backward();
    let x_idx = trace
        .nodes()
        .iter()
        .position(|n| n.node == Node::X)
        .unwrap();
    let into_x: Vec<f64> = trace
        .steps()
        .iter()
        .filter(|s| s.child_idx == x_idx)
        .map(|s| s.contribution)
        .collect();
    assert_eq!(into_x.len(), 3);
    assert_eq!(into_x.iter().sum::<f64>(), 7.0);
    let last = trace
        .steps()
        .iter()
        .rfind(|s| s.child_idx == x_idx)
        .unwrap();
    assert_eq!(last.child_adjoint, 7.0);
    assert_eq!(trace.gradient(), [7.0, 0.0]);
}

#[test]
fn constants_get_no_adjoint_and_are_not_visited() {
    let e = expr("x + 2*3");
    let mut trace = Trace::forward(&e, 1.0, 0.0);
    trace.backward();
    for (idx, node) in trace.nodes().iter().enumerate() {
        let is_constant = !matches!(node.node, Node::X) && node.label() != "+";
        assert_eq!(node.needs_grad, !is_constant, "{}", node.label());
        assert_eq!(trace.visit_order().contains(&idx), !is_constant);
    }
    assert_eq!(trace.gradient(), [1.0, 0.0]);
}

// ---- random expressions against central differences -------------------------------------------

/// A random expression tree with this file's own evaluator.
#[derive(Clone, Debug)]
enum Tree {
    Number(f64),
    X,
    Y,
    Pi,
    E,
    Neg(Box<Tree>),
    /// A unary function by the name typed (log and ln both appear).
    Call1(&'static str, Box<Tree>),
    /// + - * / ^ between two trees.
    Op(char, Box<Tree>, Box<Tree>),
    /// min, max or pow.
    Call2(&'static str, Box<Tree>, Box<Tree>),
}

impl Tree {
    /// True when x or y appears in the tree.
    fn uses_variables(&self) -> bool {
        match self {
            Tree::X | Tree::Y => true,
            Tree::Number(_) | Tree::Pi | Tree::E => false,
            Tree::Neg(a) | Tree::Call1(_, a) => a.uses_variables(),
            Tree::Op(_, a, b) | Tree::Call2(_, a, b) => a.uses_variables() || b.uses_variables(),
        }
    }

    /// The tree as text, fully parenthesised.
    fn text(&self) -> String {
        match self {
            Tree::Number(v) => format!("{v}"),
            Tree::X => "x".into(),
            Tree::Y => "y".into(),
            Tree::Pi => "pi".into(),
            Tree::E => "e".into(),
            Tree::Neg(a) => format!("-({})", a.text()),
            Tree::Call1(f, a) => format!("{f}({})", a.text()),
            Tree::Op(op, a, b) => format!("({}) {op} ({})", a.text(), b.text()),
            Tree::Call2(f, a, b) => format!("{f}({}, {})", a.text(), b.text()),
        }
    }

    /// f(x, y) by the textbook formulas, pushing onto `branch` which side of every kink,
    /// pole or domain edge each piece is on (so two points with equal branches lie on one
    /// smooth piece when the segment between them does too).
    fn eval(&self, x: f64, y: f64, branch: &mut Vec<i64>) -> f64 {
        let side = |t: f64| {
            if t > 0.0 {
                1
            } else if t < 0.0 {
                -1
            } else {
                0
            }
        };
        // At a singular point (√0, ln 0, 0^b, a/0) a derivative is infinite and the chain rule
        // can give ∞ − ∞ = NaN where the function is locally constant: such points are skipped.
        let edge = |t: f64| if t == 0.0 { SINGULAR } else { side(t) };
        match self {
            Tree::Number(v) => *v,
            Tree::X => x,
            Tree::Y => y,
            Tree::Pi => std::f64::consts::PI,
            Tree::E => std::f64::consts::E,
            Tree::Neg(a) => -a.eval(x, y, branch),
            Tree::Call1(f, a) => {
                let a = a.eval(x, y, branch);
                match *f {
                    "sin" => a.sin(),
                    "cos" => a.cos(),
                    "tan" => {
                        // Which period: the poles are at π/2 + kπ.
                        branch.push((a / std::f64::consts::PI + 0.5).floor() as i64);
                        a.tan()
                    }
                    "exp" => a.exp(),
                    "ln" | "log" => {
                        branch.push(edge(a));
                        a.ln()
                    }
                    "sqrt" => {
                        branch.push(edge(a));
                        a.sqrt()
                    }
                    "abs" => {
                        branch.push(side(a));
                        a.abs()
                    }
                    "tanh" => a.tanh(),
                    "sigmoid" => 1.0 / (1.0 + (-a).exp()),
                    "relu" => {
                        branch.push(side(a));
                        // NaN stays NaN, as torch.relu does.
                        if a > 0.0 || a.is_nan() {
                            a
                        } else {
                            0.0
                        }
                    }
                    "softplus" => (1.0 + a.exp()).ln(),
                    _ => unreachable!("{f}"),
                }
            }
            Tree::Op(op, a, b) => {
                let exponent = b;
                let (a, b) = (a.eval(x, y, branch), b.eval(x, y, branch));
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    '/' => {
                        branch.push(edge(b));
                        a / b
                    }
                    _ => {
                        branch.push(power_branch(a, exponent));
                        a.powf(b)
                    }
                }
            }
            Tree::Call2(f, a, b) => {
                let exponent = b;
                let (a, b) = (a.eval(x, y, branch), b.eval(x, y, branch));
                match *f {
                    "pow" => {
                        branch.push(power_branch(a, exponent));
                        a.powf(b)
                    }
                    _ => {
                        branch.push(side(a - b));
                        // NaN in, NaN out (torch.minimum / torch.maximum, unlike f64::min).
                        if a.is_nan() || b.is_nan() {
                            f64::NAN
                        } else if *f == "min" {
                            a.min(b)
                        } else {
                            a.max(b)
                        }
                    }
                }
            }
        }
    }
}

/// The branch mark of a singular point.
const SINGULAR: i64 = i64::MIN;

/// The branch of a^b: the sign of a, singular at a = 0 and where a < 0 with an exponent that
/// varies (there ∂/∂b = a^b·ln a is NaN by convention, even where b − b keeps f constant).
fn power_branch(a: f64, exponent: &Tree) -> i64 {
    if a == 0.0 || (a < 0.0 && exponent.uses_variables()) {
        SINGULAR
    } else if a > 0.0 {
        1
    } else {
        -1
    }
}

/// Random trees of the whole grammar, up to about 25 nodes.
fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        3 => Just(Tree::X),
        3 => Just(Tree::Y),
        1 => Just(Tree::Pi),
        1 => Just(Tree::E),
        2 => prop::sample::select(vec![0.5, 1.0, 2.0, 3.0, 0.25, 1.5, 0.1]).prop_map(Tree::Number),
    ];
    leaf.prop_recursive(5, 25, 2, |inner| {
        let f1 = prop::sample::select(vec![
            "sin", "cos", "tan", "exp", "ln", "log", "sqrt", "abs", "tanh", "sigmoid", "relu",
            "softplus",
        ]);
        prop_oneof![
            inner.clone().prop_map(|a| Tree::Neg(Box::new(a))),
            (f1, inner.clone()).prop_map(|(f, a)| Tree::Call1(f, Box::new(a))),
            (
                prop::sample::select(vec!['+', '-', '*', '/', '^']),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, a, b)| Tree::Op(op, Box::new(a), Box::new(b))),
            (
                prop::sample::select(vec!['+', '*']),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, a, b)| Tree::Op(op, Box::new(a), Box::new(b))),
            (
                prop::sample::select(vec!["min", "max", "pow"]),
                inner.clone(),
                inner
            )
                .prop_map(|(f, a, b)| Tree::Call2(f, Box::new(a), Box::new(b))),
        ]
    })
}

/// Points in [−3, 3]².
fn points() -> impl Strategy<Value = Vec<(f64, f64)>> {
    prop::collection::vec((-3.0..3.0f64, -3.0..3.0f64), 8)
}

/// ∂f/∂t by the five-point central difference (−f(t+2h) + 8f(t+h) − 8f(t−h) + f(t−2h))/12h,
/// or `None` if any sample is on another branch than `branch` or not finite.
fn central_difference(
    f: &dyn Fn(f64, &mut Vec<i64>) -> f64,
    h: f64,
    branch: &[i64],
) -> Option<f64> {
    let sample = |dt: f64| {
        let mut b = Vec::new();
        let v = f(dt, &mut b);
        (b == branch && v.is_finite()).then_some(v)
    };
    let (p2, p1, m1, m2) = (sample(2.0 * h)?, sample(h)?, sample(-h)?, sample(-2.0 * h)?);
    Some((-p2 + 8.0 * p1 - 8.0 * m1 + m2) / (12.0 * h))
}

#[test]
fn reverse_mode_matches_central_differences_on_random_expressions() {
    let (n_exprs, n_points) = (Cell::new(0), Cell::new(0));
    runner(600, 3)
        .run(&(tree(), points()), |(tree, points)| {
            let text = tree.text();
            let e = parse(&text).map_err(|err| TestCaseError::fail(format!("{text}: {err}")))?;
            let mut checked = false;
            for (x, y) in points {
                let mut branch = Vec::new();
                let reference = tree.eval(x, y, &mut branch);
                let (value, [gx, gy]) = value_and_gradient(&e, x, y);
                if !(reference.is_finite() && reference.abs() < 1e6) || branch.contains(&SINGULAR) {
                    continue;
                }
                prop_assert!(
                    close(value, reference, 1e-10),
                    "{} at ({}, {}): {} vs {}",
                    text,
                    x,
                    y,
                    value,
                    reference
                );
                let fx = |dt: f64, b: &mut Vec<i64>| tree.eval(x + dt, y, b);
                let fy = |dt: f64, b: &mut Vec<i64>| tree.eval(x, y + dt, b);
                let mut ok = true;
                for (g, f) in [(gx, &fx as &dyn Fn(f64, &mut Vec<i64>) -> f64), (gy, &fy)] {
                    // Two step sizes: where they disagree the difference itself is unreliable
                    // (a pole or a steep wall nearby), and the point is skipped.
                    let (Some(d1), Some(d2)) = (
                        central_difference(f, 1e-3, &branch),
                        central_difference(f, 5e-4, &branch),
                    ) else {
                        ok = false;
                        break;
                    };
                    let tolerance = 1e-5 * d2.abs().max(g.abs()) + 1e-8 * (1.0 + reference.abs());
                    if (d1 - d2).abs() > 0.1 * tolerance || g.abs() > 1e6 {
                        ok = false;
                        break;
                    }
                    prop_assert!(
                        (g - d2).abs() <= tolerance,
                        "{} at ({}, {}): reverse mode {} vs central difference {}",
                        text,
                        x,
                        y,
                        g,
                        d2
                    );
                }
                if ok {
                    checked = true;
                    n_points.set(n_points.get() + 1);
                }
            }
            n_exprs.set(n_exprs.get() + usize::from(checked));
            Ok(())
        })
        .unwrap();
    let (n_exprs, n_points) = (n_exprs.get(), n_points.get());
    eprintln!("checked {n_exprs} expressions at {n_points} points");
    assert!(n_exprs >= 300, "only {n_exprs} expressions checked");
    assert!(n_points >= 1500, "only {n_points} points checked");
}

// ---- the tape ------------------------------------------------------------------------------------

#[test]
fn the_tape_agrees_with_the_graph_bit_for_bit() {
    runner(400, 5)
        .run(&(tree(), points()), |(tree, points)| {
            let e = parse(&tree.text()).map_err(|err| TestCaseError::fail(err.to_string()))?;
            let tape = Tape::compile(&e);
            prop_assert_eq!(tape.n_registers(), e.n_nodes());
            // The random points, and points where things break: 0, ∞, NaN.
            let specials = [
                (0.0, 0.0),
                (0.0, 1.0),
                (f64::INFINITY, -1.0),
                (f64::NAN, 2.0),
            ];
            for (x, y) in points.into_iter().chain(specials) {
                let (value, [gx, gy]) = value_and_gradient(&e, x, y);
                let (t_value, [t_gx, t_gy]) = tape.eval_grad(x, y);
                prop_assert!(
                    same(value, t_value) && same(gx, t_gx) && same(gy, t_gy),
                    "{} at ({}, {}): graph {} [{}, {}], tape {} [{}, {}]",
                    e,
                    x,
                    y,
                    value,
                    gx,
                    gy,
                    t_value,
                    t_gx,
                    t_gy
                );
                prop_assert!(same(tape.eval(x, y), value));
            }
            Ok(())
        })
        .unwrap();
}

/// W×H grid coordinates.
fn grid(width: usize, height: usize) -> (Vec<f64>, Vec<f64>) {
    let xs = (0..width)
        .map(|c| -3.0 + 6.0 * c as f64 / width as f64)
        .collect();
    let ys = (0..height)
        .map(|r| 2.9 - 5.3 * r as f64 / height as f64)
        .collect();
    (xs, ys)
}

#[test]
fn eval_grid_equals_eval_at_every_point() {
    // Sizes that end blocks mid-row, grids smaller than a block, one column, one row.
    let sizes = [(7, 11), (64, 2), (65, 3), (1, 70), (130, 1), (3, 3)];
    runner(100, 9)
        .run(
            &(tree(), prop::sample::select(sizes.to_vec())),
            |(tree, (w, h))| {
                let e = parse(&tree.text()).map_err(|err| TestCaseError::fail(err.to_string()))?;
                let tape = Tape::compile(&e);
                let (xs, ys) = grid(w, h);
                let mut out = vec![f32::MAX; w * h + 5];
                tape.eval_grid(&xs, &ys, &mut out);
                for (row, &y) in ys.iter().enumerate() {
                    for (col, &x) in xs.iter().enumerate() {
                        let expected = tape.eval(x, y) as f32;
                        let got = out[row * w + col];
                        prop_assert!(
                            got.to_bits() == expected.to_bits()
                                || (got.is_nan() && expected.is_nan()),
                            "{} at ({}, {}): grid {} vs eval {}",
                            e,
                            x,
                            y,
                            got,
                            expected
                        );
                    }
                }
                // Entries past W×H are left alone.
                prop_assert!(out[w * h..].iter().all(|&v| v == f32::MAX));
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn eval_grid_skips_rows_that_do_not_fit_and_accepts_empty_grids() {
    let tape = Tape::compile(&expr("x + 10*y"));
    let (xs, ys) = ([1.0, 2.0, 3.0], [0.0, 1.0, 2.0]);
    let mut out = [0.0f32; 7];
    tape.eval_grid(&xs, &ys, &mut out);
    // Two whole rows fit; the seventh entry is untouched.
    assert_eq!(out, [1.0, 2.0, 3.0, 11.0, 12.0, 13.0, 0.0]);
    tape.eval_grid(&[], &ys, &mut out);
    tape.eval_grid(&xs, &[], &mut out);
    tape.eval_grid(&xs, &ys, &mut []);
    // A constant expression fills the grid with its value.
    let mut out = [0.0f32; 4];
    Tape::compile(&expr("2^3")).eval_grid(&[0.0, 1.0], &[0.0, 1.0], &mut out);
    assert_eq!(out, [8.0; 4]);
}

#[test]
fn eval_grad_grid_equals_eval_grad_at_every_point() {
    let e = expr("sin(x)*y^2 + max(x, y)");
    let tape = Tape::compile(&e);
    let (xs, ys) = grid(9, 5);
    let mut values = vec![0.0f32; 45];
    let mut gradients = vec![0.0f32; 90];
    tape.eval_grad_grid(&xs, &ys, &mut values, &mut gradients);
    for (row, &y) in ys.iter().enumerate() {
        for (col, &x) in xs.iter().enumerate() {
            let p = row * 9 + col;
            let (v, [gx, gy]) = tape.eval_grad(x, y);
            assert_eq!(
                (values[p], gradients[2 * p], gradients[2 * p + 1]),
                (v as f32, gx as f32, gy as f32)
            );
            // And by hand: ∂/∂x = cos(x)·y² + [x > y], ∂/∂y = 2y·sin(x) + [y > x].
            let hx = x.cos() * y * y + if x > y { 1.0 } else { 0.0 };
            let hy = 2.0 * y * x.sin() + if y > x { 1.0 } else { 0.0 };
            assert!(close(gx, hx, 1e-13) && close(gy, hy, 1e-13));
        }
    }
}

// ---- typed surfaces as landscapes -----------------------------------------------------------------

#[test]
fn a_typed_surface_is_a_landscape() {
    let l = Landscape::parse(" x^2+3*y^2 ").unwrap();
    assert_eq!(l.name(), "custom");
    assert_eq!(l.title(), "Your function");
    assert_eq!(l.formula(), "f(x, y) = x^2 + 3*y^2");
    assert_eq!(l.expr_text(), Some(" x^2+3*y^2 "));
    assert_eq!(l.expr().map(|e| e.to_string()), Some("x^2 + 3*y^2".into()));
    assert!(l.params().is_empty());
    let w = l.window();
    assert_eq!([w.x_min, w.x_max, w.y_min, w.y_max], [-3.0, 3.0, -3.0, 3.0]);
    assert!(l.minima().is_empty());
    assert!(!l.bounded_below());
    assert_eq!(l.suggested_rate(), 0.01);
    assert_eq!(l.start(), [-2.0, 2.0]);
    // f(1, 2) = 1 + 12, ∇f = (2x, 6y) = (2, 12).
    assert_eq!(l.value_and_gradient(1.0, 2.0), (13.0, [2.0, 12.0]));
    assert_eq!(l.value(1.0, 2.0), 13.0);
    assert_eq!(l.gradient(1.0, 2.0), [2.0, 12.0]);
    let builtin = Landscape::builtin("bowl", &[]).unwrap();
    assert_eq!((builtin.expr_text(), builtin.expr()), (None, None));
}

#[test]
fn a_typed_surface_starts_where_it_is_defined() {
    // ln(x) is undefined at (−2, 2); (2, 2) is the next candidate.
    assert_eq!(Landscape::parse("ln(x) + y^2").unwrap().start(), [2.0, 2.0]);
    assert_eq!(
        Landscape::parse("sqrt(-x) + sqrt(-y)").unwrap().start(),
        [-2.0, -2.0]
    );
    // Nowhere finite: the first candidate (the descent will then say so).
    assert_eq!(
        Landscape::parse("ln(-x^2 - 1)").unwrap().start(),
        [-2.0, 2.0]
    );
}

#[test]
fn typed_surface_errors_carry_the_column() {
    let err = Landscape::parse("x^2 + 3y").unwrap_err();
    assert_eq!(err.column, Some(7));
    assert_eq!(err.message, "write 3*y instead of 3y at column 7");
    assert_eq!(err.to_string(), err.message);
    let err = Landscape::parse("").unwrap_err();
    assert_eq!(err.column, Some(0));
    let err = Landscape::builtin("nope", &[]).unwrap_err();
    assert_eq!(err.column, None);
    assert!(err.message.contains("no built-in landscape called 'nope'"));
}

#[test]
fn landscape_eval_grid_equals_value_for_typed_and_builtin_surfaces() {
    let (xs, ys) = grid(33, 17);
    for l in [
        Landscape::parse("(1 - x)^2 + 100*(y - x^2)^2").unwrap(),
        Landscape::builtin("rosenbrock", &[]).unwrap(),
        Landscape::builtin("himmelblau", &[]).unwrap(),
    ] {
        let mut out = vec![-1.0f32; 33 * 17 + 1];
        l.eval_grid(&xs, &ys, &mut out);
        for (row, &y) in ys.iter().enumerate() {
            for (col, &x) in xs.iter().enumerate() {
                assert_eq!(out[row * 33 + col], l.value(x, y) as f32, "{}", l.name());
            }
        }
        assert_eq!(out[33 * 17], -1.0);
        // Too short an output: whole rows only.
        let mut short = vec![-1.0f32; 40];
        l.eval_grid(&xs, &ys, &mut short);
        assert_eq!(short[32], l.value(xs[32], ys[0]) as f32);
        assert_eq!(short[33..], [-1.0; 7]);
    }
    // The typed Rosenbrock is the builtin one.
    let typed = Landscape::parse("(1 - x)^2 + 100*(y - x^2)^2").unwrap();
    let builtin = Landscape::builtin("rosenbrock", &[]).unwrap();
    for &(x, y) in &POINTS {
        let (tv, tg) = typed.value_and_gradient(x, y);
        let (bv, bg) = builtin.value_and_gradient(x, y);
        assert!(close(tv, bv, 1e-13) && close(tg[0], bg[0], 1e-12) && close(tg[1], bg[1], 1e-12));
    }
}

#[test]
fn descents_on_typed_surfaces_converge_diverge_or_fall_as_the_mathematics_says() {
    let sgd = |lr: f64| Box::new(Sgd::new(SgdParams { lr }));
    // f = x² + y²: each step multiplies the point by 1 − 2·lr = 0.8.
    let l = Landscape::parse("x^2 + y^2").unwrap();
    let mut d = Descent::new(l, sgd(0.1), [1.0, -2.0]).unwrap();
    d.run(10);
    let factor = 0.8f64.powi(10);
    assert!(close(d.point()[0], factor, 1e-14) && close(d.point()[1], -2.0 * factor, 1e-14));
    assert!(matches!(d.run(100_000), Status::Converged { .. }));
    // lr = 1.5: the factor is −2, f grows: diverged.
    let l = Landscape::parse("x^2 + y^2").unwrap();
    let mut d = Descent::new(l, sgd(1.5), [1.0, 1.0]).unwrap();
    assert!(matches!(d.run(10_000), Status::Diverged { .. }));
    // −x² − y² falls for ever: no minimum.
    let l = Landscape::parse("-x^2 - y^2").unwrap();
    let mut d = Descent::new(l, sgd(0.1), [1.0, 1.0]).unwrap();
    assert!(matches!(d.run(10_000), Status::Unbounded { .. }));
}
