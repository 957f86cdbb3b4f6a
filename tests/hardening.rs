//! Issue 21 natively: the work limits refuse in words, numbers in messages read as JavaScript
//! writes them, a model file's epochs are bounded, and every accepted expression's formula
//! parses back to the same graph.

use downhill::budget;
use downhill::calculus::Curve;
use downhill::expr::{parse, Expr};
use downhill::houses::{ModelFile, MAX_EPOCHS};
use downhill::landscape::Landscape;
use downhill::value::{number_text, Value};
use proptest::prelude::*;

/// A typed surface of more than 500 nodes, well inside the length limit.
fn big_surface() -> Landscape {
    let text: Vec<String> = (1..45)
        .map(|k| format!("sin(x*{k}.5+y)*cos(y*{k}.25-x)/({k}+x*x)"))
        .collect();
    Landscape::parse(&text.join("+")).expect("a big surface")
}

#[test]
fn over_limit_work_is_refused_naming_the_limit() {
    let big = big_surface();
    let n_nodes = big.expr().unwrap().n_nodes();
    assert!(n_nodes > 500, "{n_nodes}");
    let words = budget::steps(&big, 1e6, 1).unwrap_err().to_string();
    assert!(
        words.starts_with("at most 1") && words.contains("steps fit in one call"),
        "{words}"
    );
    assert!(
        words.contains(&format!("function of {n_nodes} nodes")),
        "{words}"
    );
    assert!(words.contains("(got 1000000)"), "{words}");
    let words = budget::pixels(&big, 4096.0 * 4096.0)
        .unwrap_err()
        .to_string();
    assert!(words.contains("pixels fit in one call"), "{words}");
    assert!(budget::points(&big, 1e6, "arrows").is_err());
    assert!(budget::steps(&big, 1e6, 2)
        .unwrap_err()
        .to_string()
        .contains("2 descents"));
    assert!(budget::curve_errors(n_nodes, 1e5).is_err());
    assert!(budget::network_pass(65_000, 100_000, 20_000, "one epoch").is_err());
    assert!(budget::least_squares(100_000, 256).is_err());

    // The page's sizes on a built-in landscape are far inside: 100,000 replayed steps of 7
    // runners, a 2400 × 1800 heatmap (4096² fits too), 1,000 arrows, 2,000 samples.
    let rosenbrock = Landscape::builtin("rosenbrock", &[]).unwrap();
    budget::steps(&rosenbrock, 100_000.0, 7).unwrap();
    budget::pixels(&rosenbrock, 2400.0 * 1800.0).unwrap();
    budget::pixels(&rosenbrock, 4096.0 * 4096.0).unwrap();
    budget::points(&rosenbrock, 1000.0, "arrows").unwrap();
    budget::curve_samples(20, 2000.0).unwrap();
    budget::curve_errors(20, 161.0).unwrap();
    // The page's own steps on the big surface: 20,000 per frame, a 400 × 300 picture.
    budget::steps(&big, 20_000.0, 1).unwrap();
    budget::pixels(&big, 400.0 * 300.0).unwrap();
    // Ames-sized networks: the default network over 2,930 rows, a least-squares fit.
    budget::network_pass(3_000, 2_400, 1_200, "one epoch").unwrap();
    budget::least_squares(2_930, 40).unwrap();
    assert!(budget::network_rows(65_000) >= 1);
}

#[test]
fn numbers_in_messages_read_as_javascript_writes_them() {
    assert_eq!(number_text(f64::INFINITY), "Infinity");
    assert_eq!(number_text(f64::NEG_INFINITY), "-Infinity");
    assert_eq!(number_text(f64::NAN), "NaN");
    assert_eq!(number_text(1e308), "1e+308");
    assert_eq!(number_text(-1e-8), "-1e-8");
    assert_eq!(number_text(0.001), "0.001");
    assert_eq!(number_text(4294967295.0), "4294967295");
    let err = downhill::optim::check_learning_rate(f64::INFINITY).unwrap_err();
    assert!(err.to_string().contains("(got Infinity)"), "{err}");
}

#[test]
fn a_model_file_claiming_billions_of_epochs_is_refused() {
    let file = |epoch: f64| {
        Value::Object(vec![
            (
                "format".into(),
                Value::Text("downhill-house-network".into()),
            ),
            ("version".into(), Value::Number(1.0)),
            ("target".into(), Value::Text("y".into())),
            ("features".into(), Value::List(vec![])),
            ("featureMean".into(), Value::List(vec![])),
            ("featureStd".into(), Value::List(vec![])),
            ("targetMean".into(), Value::Number(0.0)),
            ("targetStd".into(), Value::Number(1.0)),
            ("settings".into(), Value::Object(vec![])),
            ("epoch".into(), Value::Number(epoch)),
            ("layers".into(), Value::List(vec![])),
        ])
    };
    assert!(ModelFile::from_value(&file(MAX_EPOCHS as f64)).is_ok());
    let err = ModelFile::from_value(&file(4_294_967_295.0)).unwrap_err();
    assert_eq!(
        err,
        "field `epoch` must be at most 100000 epochs (got 4294967295)"
    );
}

/// `Ok` with the formula read back to the same graph, or a refusal in words.
fn reads_back(text: &str) -> Result<(), String> {
    match parse(text) {
        Ok(expr) => {
            let formula = expr.to_string();
            let again: Expr = parse(&formula)
                .map_err(|e| format!("{text:?} printed {formula:?}, which fails: {}", e.message))?;
            if again != expr {
                return Err(format!(
                    "{text:?} printed {formula:?}, which reads differently"
                ));
            }
            Ok(())
        }
        Err(e) if !e.message.is_empty() => Ok(()),
        Err(_) => Err(format!("{text:?}: an empty message")),
    }
}

#[test]
fn deep_signs_powers_and_calls_read_back_or_are_refused() {
    for n in 0..=260 {
        for (prefix, suffix) in [
            ("-", "x"),
            ("- ", "x"),
            ("2^-", "x"),
            ("2^", "x"),
            ("-(", ""),
            ("pow(2, x+", ""),
            ("x - -", "y"),
            ("sin(", ""),
        ] {
            let closing = match prefix {
                "-(" | "sin(" => format!("x{}", ")".repeat(n)),
                "pow(2, x+" => format!("x{}", ")".repeat(n)),
                _ => suffix.to_string(),
            };
            let text = format!("{}{closing}", prefix.repeat(n));
            reads_back(&text).unwrap();
        }
    }
    // The smallest case: 101 minus signs before x.
    let text = format!("{}x", "-".repeat(101));
    reads_back(&text).unwrap();
    // Numbers written long and short read back to the same bits.
    for text in [
        ".5+.5",
        "4.9e-324*x",
        "1.7976931348623157e308-x",
        "0.1+0.2",
        "1e-7*y",
    ] {
        reads_back(text).unwrap();
    }
    let long = vec![".5"; 700].join("+");
    reads_back(&long).unwrap();
    // The curve's and the surface's formulas read back too.
    let curve = Curve::parse("pow(2, x+1) - -x").unwrap();
    let body = curve.formula().strip_prefix("f(x) = ").unwrap().to_string();
    assert_eq!(parse(&body).unwrap(), *curve.expr());
    let surface = Landscape::parse("x^-y + --x").unwrap();
    let body = surface
        .formula()
        .strip_prefix("f(x, y) = ")
        .unwrap()
        .to_string();
    assert_eq!(&parse(&body).unwrap(), surface.expr().unwrap());
}

/// Expressions built from the grammar's pieces, spelled in the ways a learner might.
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        Just("pi".to_string()),
        Just("e".to_string()),
        (0u32..1000).prop_map(|n| n.to_string()),
        (0u32..100).prop_map(|n| format!(".{n}")),
        (1u32..10, -330i32..330).prop_map(|(m, k)| format!("{m}e{k}")),
        any::<f64>()
            .prop_filter("finite", |v| v.is_finite() && *v >= 0.0)
            .prop_map(|v| format!("{v:e}")),
    ];
    leaf.prop_recursive(10, 80, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("-{a}")),
            inner.clone().prop_map(|a| format!("+{a}")),
            inner.clone().prop_map(|a| format!("- -{a}")),
            (inner.clone(), inner.clone(), 0usize..6).prop_map(|(a, b, op)| {
                let op = ["+", "-", "*", "/", "^", "--"][op];
                format!("{a}{op}{b}")
            }),
            (inner.clone(), 0usize..12).prop_map(|(a, f)| {
                let f = [
                    "sin", "cos", "tan", "exp", "ln", "log", "sqrt", "abs", "tanh", "sigmoid",
                    "relu", "softplus",
                ][f];
                format!("{f}({a})")
            }),
            (inner.clone(), inner, 0usize..3)
                .prop_map(|(a, b, f)| { format!("{}({a}, {b})", ["min", "max", "pow"][f]) }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn every_accepted_formula_parses_back_to_the_same_graph(text in expression()) {
        prop_assert_eq!(reads_back(&text), Ok(()));
    }
}
