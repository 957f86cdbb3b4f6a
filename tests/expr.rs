//! The expression parser: what it accepts and how it reads it (precedence worked out by hand),
//! the canonical text and its round trip, and what it says about every kind of mistake, down
//! to random bytes, which must never make it panic.

use std::cell::Cell;

use downhill::autodiff::value_and_gradient;
use downhill::expr::{parse, Expr, ParseError, MAX_CHARS, MAX_DEPTH, MAX_TEXT_CHARS};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// f(x, y) of `text`, which must parse.
fn value(text: &str, x: f64, y: f64) -> f64 {
    let expr = parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"));
    value_and_gradient(&expr, x, y).0
}

/// The error for `text`, which must not parse.
fn error(text: &str) -> ParseError {
    match parse(text) {
        Ok(expr) => panic!("{text:?} should not parse, but gave {expr}"),
        Err(err) => err,
    }
}

/// Asserts the error's column and that its message contains every one of `parts`.
fn assert_error(text: &str, column: usize, parts: &[&str]) {
    let err = error(text);
    assert_eq!(err.column, column, "column for {text:?}: {err}");
    assert_eq!(err.to_string(), err.message);
    for part in parts {
        assert!(
            err.message.contains(part),
            "message for {text:?} lacks {part:?}: {}",
            err.message
        );
    }
}

/// `text` parsed, printed canonically.
fn canonical(text: &str) -> String {
    parse(text)
        .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
        .to_string()
}

/// Runs a property with a fixed seed, so every run sees the same cases.
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

// ---- what is accepted, and how it reads ------------------------------------------------------

#[test]
fn numbers_in_every_accepted_spelling() {
    for (text, expected) in [
        ("2", 2.0),
        ("0.5", 0.5),
        ("1e-3", 0.001),
        (".5", 0.5),
        ("5.", 5.0),
        ("1E3", 1000.0),
        ("2.5e+2", 250.0),
        ("007", 7.0),
        ("1e-999", 0.0),
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
    ] {
        assert_eq!(value(text, 0.0, 0.0), expected, "{text}");
    }
}

#[test]
fn precedence_and_associativity_follow_the_usual_conventions() {
    // (text, x, y, value worked out by hand)
    for (text, x, y, expected) in [
        ("-x^2", 3.0, 0.0, -9.0),      // -(x^2): ^ binds tighter than the sign
        ("(-x)^2", 3.0, 0.0, 9.0),     // parentheses first
        ("2^-1", 0.0, 0.0, 0.5),       // a sign may follow ^
        ("2^3^2", 0.0, 0.0, 512.0),    // right-associative: 2^(3^2) = 2^9
        ("(2^3)^2", 0.0, 0.0, 64.0),   //
        ("2^-x^2", 1.0, 0.0, 0.5),     // 2^(-(x^2))
        ("8/4/2", 0.0, 0.0, 1.0),      // left-associative: (8/4)/2
        ("10-4-3", 0.0, 0.0, 3.0),     // (10-4)-3
        ("1+2*3", 0.0, 0.0, 7.0),      // * before +
        ("2*3^2", 0.0, 0.0, 18.0),     // ^ before *
        ("-2*3", 0.0, 0.0, -6.0),      //
        ("x - -y", 1.0, 2.0, 3.0),     // a sign after an operator
        ("+x", 4.0, 0.0, 4.0),         // a unary plus is allowed
        ("--x", 4.0, 0.0, 4.0),        // so is a double sign
        ("x*-y", 2.0, 3.0, -6.0),      //
        ("  x\t*\ny ", 2.0, 3.0, 6.0), // whitespace is ignored
        ("log(e)", 0.0, 0.0, 1.0),     // log is the natural log
        ("ln(e^2)", 0.0, 0.0, 2.0),    //
        ("pow(2, 10)", 0.0, 0.0, 1024.0),
        ("max(x, y) - min(x, y)", -1.0, 4.0, 5.0),
        ("sqrt(16) + abs(-3)", 0.0, 0.0, 7.0),
        ("relu(-2) + relu(3)", 0.0, 0.0, 3.0),
        ("sin(pi/2) + cos(0)", 0.0, 0.0, 2.0),
        ("tan(0) + tanh(0) + sigmoid(0)", 0.0, 0.0, 0.5),
        ("exp(0) + softplus(0) - ln(2)", 0.0, 0.0, 1.0),
    ] {
        let got = value(text, x, y);
        assert!(
            (got - expected).abs() <= 1e-15 * expected.abs().max(1.0),
            "{text} at ({x}, {y}) = {got}, expected {expected}"
        );
    }
}

#[test]
fn equal_subexpressions_are_stored_once_and_variables_are_known() {
    // x*x: the node x and the product.
    assert_eq!(parse("x*x").unwrap().n_nodes(), 2);
    // sin(x) + sin(x): x, sin(x), and the sum.
    assert_eq!(parse("sin(x) + sin(x)").unwrap().n_nodes(), 3);
    // x^2 + 3*y^2: x, 2, ^, 3, y, ^ (y^2 shares the 2), *, +.
    assert_eq!(parse("x^2 + 3*y^2").unwrap().n_nodes(), 8);
    // Past the table's first growths: 80 terms sin(i*x) cost 1 + 3·80 + 79 nodes (x, and each
    // term's number, product and sine, and the 79 sums); written twice, the second copy's terms
    // are all found again and only its 80 sums are new.
    let terms: Vec<String> = (1..=80).map(|i| format!("sin({i}*x)")).collect();
    let once = terms.join("+");
    assert_eq!(parse(&once).unwrap().n_nodes(), 1 + 3 * 80 + 79);
    assert_eq!(
        parse(&format!("{once}+{once}")).unwrap().n_nodes(),
        1 + 3 * 80 + 79 + 80
    );
    for (text, uses_x, uses_y) in [
        ("x^2", true, false),
        ("y", false, true),
        ("x*y", true, true),
        ("2 + pi", false, false),
        ("exp(e)", false, false),
    ] {
        let expr = parse(text).unwrap();
        assert_eq!((expr.uses_x(), expr.uses_y()), (uses_x, uses_y), "{text}");
    }
}

#[test]
fn nodes_are_in_topological_order_with_the_root_last() {
    let expr = parse("max(x, y)^2 - sin(x*y) / (1 + exp(-x))").unwrap();
    for (idx, node) in expr.nodes().iter().enumerate() {
        for child in node.children() {
            assert!(child < idx, "node {idx} has child {child}");
        }
    }
    assert_eq!(expr.root_idx(), expr.n_nodes() - 1);
    assert_eq!(expr.nodes()[expr.root_idx()].label(), "-");
}

// ---- the canonical text ------------------------------------------------------------------------

#[test]
fn display_prints_one_canonical_spelling() {
    for (text, expected) in [
        ("x^2+3*y^2", "x^2 + 3*y^2"),
        ("log(x)", "ln(x)"),
        ("pow(x, 2)", "x^2"),
        ("-x^2", "-x^2"),
        ("(-x)^2", "(-x)^2"),
        ("2^-1", "2^(-1)"),
        ("2^3^2", "2^3^2"),
        ("(2^3)^2", "(2^3)^2"),
        ("x-(y-1)", "x - (y - 1)"),
        ("(x-y)-1", "x - y - 1"),
        ("x+(y+1)", "x + (y + 1)"),
        ("x/(y*2)", "x/(y*2)"),
        ("(x/y)*2", "x/y*2"),
        ("-(x*y)", "-(x*y)"),
        ("(-x)*y", "-x*y"),
        ("- -x", "-(-x)"),
        ("x*-y", "x*(-y)"),
        ("x - -y", "x - (-y)"),
        ("((x))", "x"),
        ("+x", "x"),
        ("max(x,y)", "max(x, y)"),
        ("min( 1 , x )", "min(1, x)"),
        ("pi*e", "pi*e"),
        ("1e-7", "1e-7"),
        ("0.001", "0.001"),
        ("1e20", "1e20"),
        ("2.50", "2.5"),
        ("-2", "-2"),
        ("sigmoid(x)+softplus(y)", "sigmoid(x) + softplus(y)"),
    ] {
        assert_eq!(canonical(text), expected, "canonical text of {text:?}");
    }
}

#[test]
fn node_text_prints_each_subexpression() {
    let expr = parse("sin(x*y) + 1").unwrap();
    let texts: Vec<String> = (0..expr.n_nodes()).map(|idx| expr.node_text(idx)).collect();
    for expected in ["x", "y", "x*y", "sin(x*y)", "1", "sin(x*y) + 1"] {
        assert!(
            texts.iter().any(|t| t == expected),
            "{expected} not in {texts:?}"
        );
    }
    assert_eq!(expr.node_text(expr.n_nodes()), "");
}

/// A random expression written the way a learner might: extra parentheses and spaces, every
/// spelling of every function.
fn random_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        Just("pi".to_string()),
        Just("e".to_string()),
        (0u32..1000, 0u32..4).prop_map(|(m, k)| format!("{}", m as f64 / 10f64.powi(k as i32))),
        (1u32..10, -30i32..30).prop_map(|(m, k)| format!("{m}e{k}")),
        Just(".5".to_string()),
    ];
    leaf.prop_recursive(5, 40, 2, |inner| {
        let op = prop_oneof![
            Just("+"),
            Just("-"),
            Just("*"),
            Just("/"),
            Just("^"),
            Just(" + "),
            Just(" - ")
        ];
        let f1 = prop_oneof![
            Just("sin"),
            Just("cos"),
            Just("tan"),
            Just("exp"),
            Just("ln"),
            Just("log"),
            Just("sqrt"),
            Just("abs"),
            Just("tanh"),
            Just("sigmoid"),
            Just("relu"),
            Just("softplus"),
        ];
        let f2 = prop_oneof![Just("min"), Just("max"), Just("pow")];
        prop_oneof![
            (inner.clone(), op, inner.clone()).prop_map(|(a, op, b)| format!("({a}){op}({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}*{b}")),
            inner.clone().prop_map(|a| format!("-({a})")),
            inner.clone().prop_map(|a| format!("( {a} )")),
            (f1, inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            (f2, inner.clone(), inner).prop_map(|(f, a, b)| format!("{f}({a}, {b})")),
        ]
    })
}

#[test]
fn parse_display_parse_round_trips() {
    let n_checked = Cell::new(0);
    runner(1000, 7)
        .run(&random_text(), |text| {
            let Ok(first) = parse(&text) else {
                // Only the length bound can refuse a generated expression.
                prop_assert!(text.chars().count() > MAX_CHARS, "{text} refused");
                return Ok(());
            };
            let printed = first.to_string();
            let second: Expr = printed
                .parse()
                .map_err(|e: ParseError| TestCaseError::fail(format!("{printed}: {e}")))?;
            prop_assert_eq!(&second, &first, "{} printed as {}", text, printed);
            prop_assert_eq!(second.to_string(), printed);
            n_checked.set(n_checked.get() + 1);
            Ok(())
        })
        .unwrap();
    let n_checked = n_checked.get();
    assert!(n_checked >= 900, "only {n_checked} round trips checked");
}

// ---- mistakes, each with its column and what to do ---------------------------------------------

#[test]
fn empty_and_blank_text_is_empty() {
    for text in ["", " ", "\t\n  \r", "\u{3000}"] {
        assert_error(text, 0, &["the expression is empty"]);
    }
}

#[test]
fn the_briefs_explicit_cases() {
    assert_error("1e999", 0, &["number too large at column 0"]);
    assert_error("x + 1e999", 4, &["number too large at column 4"]);
    let err = error("x^^2");
    assert_eq!(err.column, 1);
    assert_eq!(
        err.message,
        "'^^' at column 1: expected a number, x, y or '(' after '^'"
    );
    assert_error(
        "foo(x)",
        0,
        &["unknown function 'foo' at column 0: try sin, cos,", "sqrt"],
    );
    assert_error("z", 0, &["unknown name 'z' at column 0: use x and y"]);
    assert_error("x + z", 4, &["unknown name 'z' at column 4: use x and y"]);
    let err = error("2x");
    assert_eq!(err.column, 1);
    assert_eq!(err.message, "write 2*x instead of 2x at column 1");
    let err = error("3(x+1)");
    assert_eq!(err.column, 1);
    assert_eq!(err.message, "write 3*(x+1) instead of 3(x+1) at column 1");
    assert_error("x**2", 1, &["'**' at column 1", "write ^ for powers"]);
    assert_error("x²", 1, &["'²' at column 1", "^2"]);
    assert_error(
        "x\u{7} + 1",
        1,
        &["control character", "U+0007", "column 1"],
    );
    assert_error("\u{0}", 0, &["control character", "U+0000"]);
    let err = error("sin(x");
    assert_eq!(err.column, 3);
    assert_eq!(err.message, "expected ')' to close '(' at column 3");
    assert_error(
        "max(x)",
        5,
        &["missing argument", "max needs two, like max(x, y)"],
    );
}

#[test]
fn nesting_is_bounded_without_deep_recursion() {
    // n parentheses around x need n + 1 nested levels, the outermost level included.
    let nested = |n: usize| format!("{}x{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(canonical(&nested(MAX_DEPTH - 1)), "x");
    assert_error(&nested(MAX_DEPTH), MAX_DEPTH, &["too deeply nested"]);
    assert_error(&nested(999), MAX_DEPTH, &["too deeply nested"]);
    // Ten thousand parentheses are also far too long.
    assert_error(&nested(10_000), MAX_CHARS, &["too long", "2000"]);
    assert_error(&"(".repeat(10_000), MAX_CHARS, &["too long"]);
    // Signs and exponents nest too: each one is a level.
    // Nesting level k (from 1) starts at the k-th sign, the k-th exponent's base, the k-th
    // function's name: the level past the bound starts MAX_DEPTH signs, 2·MAX_DEPTH characters
    // of "2^", 4·MAX_DEPTH characters of "sin(" in.
    assert_error(
        &format!("{}x", "-".repeat(1500)),
        MAX_DEPTH,
        &["too deeply nested"],
    );
    assert_error(
        &format!("{}2", "2^".repeat(900)),
        2 * MAX_DEPTH,
        &["too deeply nested"],
    );
    assert_error(&"sin(".repeat(400), 4 * MAX_DEPTH, &["too deeply nested"]);
}

#[test]
fn the_longest_texts_parse_and_print_on_a_small_stack() {
    // The deepest trees within the length bound: a 1,000-term sum (depth 1,000) and the deepest
    // nesting allowed. On a 1 MiB stack (WebAssembly's default).
    let sum = vec!["x"; MAX_CHARS / 2].join("+");
    let nested = format!(
        "{}x{}",
        "sin(".repeat(MAX_DEPTH - 1),
        ")".repeat(MAX_DEPTH - 1)
    );
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for text in [sum, nested] {
                let expr = parse(&text).expect("within the bounds");
                let printed = expr.to_string();
                assert_eq!(parse(&printed).unwrap(), expr);
                assert_eq!(printed.replace(' ', ""), text);
            }
        })
        .unwrap();
    handle.join().expect("no stack overflow");
}

#[test]
fn a_100_kb_string_is_refused_as_too_long() {
    let long = "x+".repeat(50_000) + "x";
    assert!(long.len() > 100_000);
    // The 2,001st character is the one past the bound.
    assert_error(
        &long,
        MAX_CHARS,
        &["too long at column 2000", "at most 2000 characters"],
    );
    assert_error(&"é".repeat(60_000), MAX_CHARS, &["too long"]);
    // Whitespace does not count towards the 2,000, up to 10 times as much text in all.
    let spaced = format!("x{}", " +  x".repeat(MAX_CHARS / 2 - 1));
    assert_eq!(parse(&spaced).unwrap().n_nodes(), MAX_CHARS / 2);
    let blank = " ".repeat(100_000);
    assert_error(
        &blank,
        MAX_TEXT_CHARS,
        &["too long", "at most 20000 characters in all"],
    );
    // Exactly at the bounds is fine: 2,000 digits reach the lexer (and make too large a number).
    let digits = "1".repeat(MAX_CHARS);
    assert!(parse(&digits).is_err_and(|e| e.message.contains("number too large")));
    let at_bound = format!("{}x", " ".repeat(MAX_TEXT_CHARS - 1));
    assert_eq!(canonical(&at_bound), "x");
}

#[test]
fn missing_stars_say_what_to_write() {
    for (text, column, message) in [
        ("2 x", 2, "write 2*x instead of 2 x at column 2"),
        ("2pi", 1, "write 2*pi instead of 2pi at column 1"),
        ("2e", 1, "write 2*e instead of 2e at column 1"),
        ("x(y+1)", 1, "write x*(y+1) instead of x(y+1) at column 1"),
        (
            "(x+1)(x-1)",
            5,
            "write (x+1)*(x-1) instead of (x+1)(x-1) at column 5",
        ),
        (
            "sin(x)cos(y)",
            6,
            "write sin(x)*cos(y) instead of sin(x)cos(y) at column 6",
        ),
        ("x^2y", 3, "write 2*y instead of 2y at column 3"),
        ("xy", 1, "write x*y instead of xy at column 1"),
        ("yxy", 1, "write y*x*y instead of yxy at column 1"),
        ("sinx", 0, "write sin(x) instead of sinx at column 0"),
    ] {
        let err = error(text);
        assert_eq!(
            (err.column, err.message.as_str()),
            (column, message),
            "{text}"
        );
    }
    // A long operand is shortened in the message.
    let err = error("(x + y + x + y + x + y + x + y)(x)");
    assert!(err.message.contains("..."), "{}", err.message);
    assert_eq!(err.column, 31);
}

#[test]
fn other_mistakes_in_plain_words() {
    for (text, column, parts) in [
        ("(x + 1", 0, &["expected ')' to close '(' at column 0"][..]),
        ("max(x, y", 3, &["expected ')' to close '(' at column 3"]),
        ("x)", 1, &["unexpected ')' at column 1", "no '('"]),
        (
            "x, y",
            1,
            &["unexpected ',' at column 1", "min, max and pow"],
        ),
        ("(x, y)", 2, &["unexpected ',' at column 2"]),
        ("x +", 2, &["nothing after '+' at column 2"]),
        ("sin(", 3, &["nothing after '(' at column 3"]),
        ("*x", 0, &["unexpected '*' at column 0", "start with"]),
        (")", 0, &["unexpected ')' at column 0"]),
        ("x + * 2", 2, &["'+ *' at column 2", "after '+'"]),
        ("()", 0, &["empty parentheses at column 0"]),
        (
            "sin()",
            4,
            &["missing argument at column 4", "sin needs one, like sin(x)"],
        ),
        (
            "max(x,)",
            6,
            &["missing argument", "max needs two, like max(x, y)"],
        ),
        ("max()", 4, &["max needs two"]),
        ("pow(x)", 5, &["pow needs two, like pow(x, 2)"]),
        (
            "sin(x, y)",
            5,
            &["too many arguments at column 5", "sin takes one"],
        ),
        (
            "max(x, y, 1)",
            8,
            &["too many arguments at column 8", "max takes two"],
        ),
        ("sin x", 0, &["'sin' at column 0 is a function", "sin(x)"]),
        (
            "Sin(x)",
            0,
            &["unknown function 'Sin'", "did you mean 'sin'?"],
        ),
        ("X + 1", 0, &["unknown name 'X'", "did you mean 'x'?"]),
        ("1.2.3", 3, &["at most one decimal point"]),
        (". + x", 0, &["a decimal point needs digits"]),
        (
            "x × y",
            2,
            &["'×' at column 2", "write * for multiplication"],
        ),
        ("x − y", 2, &["type the minus key"]),
        ("2π", 1, &["write pi"]),
        ("[x]", 0, &["round parentheses"]),
        ("x ÷ 2", 2, &["write / for division"]),
        ("√x", 0, &["sqrt(x)"]),
        ("x @ y", 2, &["unexpected character '@'", "U+0040"]),
        ("x\u{200b}", 1, &["U+200B"]),
        // Columns count characters, not bytes: each ideographic space is 3 bytes.
        ("\u{3000}\u{3000}z", 2, &["unknown name 'z' at column 2"]),
        ("x + é", 4, &["'é'", "column 4"]),
    ] {
        assert_error(text, column, parts);
    }
}

// ---- nothing panics ------------------------------------------------------------------------------

/// Checks what any parse must satisfy: an error points inside the text (or just past it) and
/// says something; a success prints and reads back to itself, and evaluates without panicking.
fn check_any(text: &str) -> Result<(), TestCaseError> {
    match parse(text) {
        Err(err) => {
            let n_chars = text.chars().count();
            prop_assert!(
                err.column <= n_chars,
                "column {} past {n_chars} chars in {text:?}",
                err.column
            );
            prop_assert!(err.message.len() > 10, "{:?}", err.message);
        }
        Ok(expr) => {
            let printed = expr.to_string();
            prop_assert_eq!(parse(&printed).ok(), Some(expr.clone()), "{:?}", text);
            let _ = value_and_gradient(&expr, 0.5, -1.5);
        }
    }
    Ok(())
}

/// A piece of text: mostly grammar, some foreign characters, now and then any character.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(vec![
            "x", "y", "(", ")", "+", "-", "*", "/", "^", ",", " ", "1", "2.5", ".5", "1e3",
            "1e", "e", "pi", "sin", "max", "pow", "log", "sqrt(", "min(", "relu", "E", "0",
        ])
        .prop_map(str::to_string),
        1 => prop::sample::select(vec![
            "**", "²", "\u{7}", "é", "1e999", "..", "\t", "×", "_", "x1", "9999999999", "\u{0}",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

/// Random strings that reach deep paths: grammar pieces strung together, and valid
/// expressions with one piece inserted, or one character replaced or deleted.
fn grammar_soup() -> impl Strategy<Value = String> {
    let soup = prop::collection::vec(piece(), 0..24).prop_map(|pieces| pieces.concat());
    let mutated = (random_text(), any::<prop::sample::Index>(), piece(), 0..3).prop_map(
        |(text, at, piece, how)| {
            let mut chars: Vec<char> = text.chars().collect();
            let idx = at.index(chars.len() + 1);
            let piece: Vec<char> = piece.chars().collect();
            match how {
                0 => drop(chars.splice(idx..idx, piece)),
                1 if idx < chars.len() => drop(chars.splice(idx..=idx, piece)),
                _ if idx < chars.len() => drop(chars.remove(idx)),
                _ => {}
            }
            chars.into_iter().collect::<String>()
        },
    );
    prop_oneof![soup, mutated]
}

#[test]
fn a_hundred_thousand_random_strings_never_panic_the_parser() {
    let (n_cases, n_parsed) = (Cell::new(0), Cell::new(0));
    runner(100_000, 11)
        .run(&grammar_soup(), |text| {
            n_cases.set(n_cases.get() + 1);
            n_parsed.set(n_parsed.get() + usize::from(parse(&text).is_ok()));
            check_any(&text)
        })
        .unwrap();
    // Every case ran, and the soup is grammatical often enough to reach the deep paths.
    assert_eq!(n_cases.get(), 100_000);
    assert!(n_parsed.get() > 5_000, "only {} parsed", n_parsed.get());
}

#[test]
fn a_hundred_thousand_random_byte_sequences_never_panic_the_parser() {
    let bytes = prop::collection::vec(
        prop_oneof![
            3 => any::<u8>(),
            2 => prop::sample::select(b"xy()+-*/^,.0123456789e ".to_vec()),
        ],
        0..32,
    );
    let n_cases = Cell::new(0);
    runner(100_000, 13)
        .run(&bytes, |bytes| {
            n_cases.set(n_cases.get() + 1);
            check_any(&String::from_utf8_lossy(&bytes))
        })
        .unwrap();
    assert_eq!(n_cases.get(), 100_000);
}
