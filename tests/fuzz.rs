//! The fuzzing layer (issue 21): about 100,000 generated inputs for the expression parser, the
//! CSV reader, the settings readers and the model-file reader. Nothing may panic; what is
//! accepted must be consistent (a formula parses back, chunking never changes a table, an
//! accepted network predicts without panicking). Stable proptest, as CI runs it; the case
//! counts keep it to well under three minutes on two cores.

use std::sync::Arc;

use downhill::calculus::Curve;
use downhill::data::{CsvReader, Dataset};
use downhill::expr::parse;
use downhill::houses::{ModelFile, Network, Settings};
use downhill::landscape::Landscape;
use downhill::optim::{self, Hyper};
use downhill::value::Value;
use proptest::prelude::*;

// ---- the parser ----------------------------------------------------------------------------

/// Pieces of expressions, good and bad, including long runs of one piece.
fn expression_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        4 => prop::sample::select(vec![
            "x", "y", "pi", "e", "2", ".5", "1e3", "1e-320", "1.7976931348623157e308", "0",
            "+", "-", "*", "/", "^", "(", ")", ",", " ", "sin(", "ln(", "log(", "sqrt(",
            "tanh(", "max(", "min(", "pow(", "exp(", "abs(", "relu(", "sigmoid(", "softplus(",
            "2x", "--", "- -", "^-", "x)", "(x", "foo", "é", "\u{2212}", "1e", "..",
        ])
        .prop_map(str::to_string),
        1 => (prop::sample::select(vec!["-", "(", "2^", "sin(", "- ", "2^-", "x+", "pow(2,"]), 0usize..260)
            .prop_map(|(piece, n)| piece.repeat(n)),
        1 => (prop::sample::select(vec![")", "x", "+x", ".5+"]), 0usize..260)
            .prop_map(|(piece, n)| piece.repeat(n)),
    ];
    prop::collection::vec(token, 0..24).prop_map(|tokens| tokens.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(30_000))]
    #[test]
    fn parser_never_panics_and_accepted_formulas_parse_back(text in expression_text()) {
        match parse(&text) {
            Ok(expr) => {
                let formula = expr.to_string();
                let again = parse(&formula);
                prop_assert!(again.is_ok(), "{:?} printed {:?}: {:?}", text, formula, again.err());
                prop_assert_eq!(again.unwrap(), expr);
            }
            Err(e) => prop_assert!(!e.message.is_empty() && e.column <= text.chars().count()),
        }
        // The wrappers take the same path and never panic either.
        let _ = Curve::parse(&text);
        let _ = Landscape::parse(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]
    #[test]
    fn parser_never_panics_on_any_characters(text in "[xye0-9.+*/^(),a-z \\-\u{2212}é]{0,80}") {
        if let Ok(expr) = parse(&text) {
            prop_assert_eq!(parse(&expr.to_string()).ok(), Some(expr));
        }
    }
}

// ---- the CSV reader ------------------------------------------------------------------------

/// Bytes of CSV-like files: delimiters, quotes, line ends, markers, UTF-8 and a BOM.
fn csv_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop::sample::select(vec![
        &b"a"[..],
        b"b",
        b"a",
        b"1",
        b"2.5",
        b"-3",
        b"1e3",
        b",",
        b",",
        b",",
        b";",
        b"\t",
        b"\"",
        b"\"\"",
        b"\n",
        b"\n",
        b"\r\n",
        b"\r",
        b" ",
        b"?",
        b"NA",
        b"-",
        b"n/a",
        b"\xC3\xA4",
        b"\xEF\xBB\xBF",
        b"\xFF",
        b"\0",
        b"x_2",
        b"1,5",
    ]);
    prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

fn read_in_chunks(bytes: &[u8], cuts: &[usize]) -> String {
    let mut reader = CsvReader::new();
    let mut start = 0;
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    for cut in cuts.into_iter().chain([bytes.len()]) {
        if reader.push(&bytes[start..cut]).is_err() {
            break;
        }
        start = cut;
    }
    format!("{:?}", reader.finish())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(30_000))]
    #[test]
    fn csv_reader_never_panics_and_chunking_never_changes_the_table(
        bytes in csv_bytes(),
        cuts in prop::collection::vec(any::<usize>(), 0..4),
    ) {
        let whole = read_in_chunks(&bytes, &[]);
        prop_assert_eq!(read_in_chunks(&bytes, &cuts), whole);
        let mut reader = CsvReader::new();
        if reader.push(&bytes).is_ok() {
            if let Ok(table) = reader.finish() {
                let names = table.column_names();
                let mut unique = names.clone();
                unique.sort_unstable();
                unique.dedup();
                prop_assert_eq!(unique.len(), names.len(), "names are unique");
                if let Some(&target) = table.numeric_column_names().first() {
                    let _ = Dataset::from_table(&table, target, None);
                }
            }
        }
    }
}

// ---- the settings readers ------------------------------------------------------------------

/// JSON-shaped values whose field names are mostly ones the readers know.
fn value() -> impl Strategy<Value = Value> {
    let number = prop_oneof![
        4 => prop::sample::select(vec![
            0.0, 1.0, -1.0, 0.5, 0.9, 0.999, 1e-8, 2.0, 32.0, 128.0, 129.0, 4096.0, 1e300,
            4294967295.0, 9007199254740993.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0,
        ]),
        1 => any::<f64>(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number.prop_map(Value::Number),
        prop::sample::select(vec!["adam", "sgd", "relu", "tanh", "", "Adam", "newton"])
            .prop_map(|s| Value::Text(s.to_string())),
    ];
    let names = prop::sample::select(vec![
        "lr",
        "momentum",
        "alpha",
        "beta1",
        "beta2",
        "eps",
        "weightDecay",
        "hidden",
        "activation",
        "optimizer",
        "batchSize",
        "l2",
        "seed",
        "testFraction",
        "lrr",
        "",
    ]);
    leaf.prop_recursive(3, 24, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
            prop::collection::vec((names.clone().prop_map(str::to_string), inner), 0..6)
                .prop_map(Value::Object),
        ]
    })
}

fn small_data() -> Arc<Dataset> {
    let csv: String = (0..24)
        .map(|i| format!("{i},{},{}\n", (i * 7) % 5, 3 * i + 1))
        .collect();
    Arc::new(Dataset::from_csv(&format!("a,b,price\n{csv}"), "price", None).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(15_000))]
    #[test]
    fn settings_readers_never_panic(v in value()) {
        if let Ok(hyper) = Hyper::from_value(&v) {
            for name in optim::NAMES {
                let _ = optim::build::<f64>(name, &hyper);
            }
        }
        if let Ok(settings) = Settings::from_value(&v) {
            if settings.hidden.iter().all(|&w| w <= 16) {
                if let Ok(mut net) = Network::new(small_data(), settings) {
                    let _ = net.step_batch();
                    let _ = net.predict(&[1.0, 2.0]);
                }
            }
        }
    }
}

// ---- model files ---------------------------------------------------------------------------

/// A model file as `JSON.parse` would give it.
fn file_value(file: &ModelFile) -> Value {
    let num = Value::Number;
    let nums = |v: &[f64]| Value::List(v.iter().copied().map(Value::Number).collect());
    let texts = |v: &[String]| Value::List(v.iter().cloned().map(Value::Text).collect());
    let s = &file.settings;
    let settings = Value::Object(vec![
        (
            "hidden".into(),
            Value::List(s.hidden.iter().map(|&w| num(w as f64)).collect()),
        ),
        ("activation".into(), Value::Text(s.activation.clone())),
        ("optimizer".into(), Value::Text(s.optimizer.clone())),
        ("lr".into(), num(s.lr)),
        ("batchSize".into(), num(s.batch_size as f64)),
        ("l2".into(), num(s.l2)),
        ("seed".into(), num(s.seed as f64)),
        ("testFraction".into(), num(s.test_fraction)),
    ]);
    let layers = file
        .layers
        .iter()
        .map(|l| {
            Value::Object(vec![
                ("fanIn".into(), num(l.fan_in as f64)),
                ("fanOut".into(), num(l.fan_out as f64)),
                ("weights".into(), nums(&l.weights)),
                ("biases".into(), nums(&l.biases)),
            ])
        })
        .collect();
    let history = file
        .history
        .iter()
        .map(|r| {
            Value::Object(vec![
                ("epoch".into(), num(r.epoch as f64)),
                ("trainRmse".into(), num(r.train_rmse)),
                ("testRmse".into(), num(r.test_rmse)),
                ("testMae".into(), num(r.test_mae)),
                ("testR2".into(), num(r.test_r2)),
            ])
        })
        .collect();
    Value::Object(vec![
        ("format".into(), Value::Text(file.format.clone())),
        ("version".into(), num(f64::from(file.version))),
        ("target".into(), Value::Text(file.target.clone())),
        ("features".into(), texts(&file.features)),
        ("featureMean".into(), nums(&file.feature_mean)),
        ("featureStd".into(), nums(&file.feature_std)),
        ("targetMean".into(), num(file.target_mean)),
        ("targetStd".into(), num(file.target_std)),
        ("settings".into(), settings),
        ("epoch".into(), num(file.epoch as f64)),
        ("layers".into(), Value::List(layers)),
        ("history".into(), Value::List(history)),
    ])
}

/// Replaces the value at `path` (indices into objects' fields and lists, taken modulo their
/// length) with `new`, or, when `new` is `None`, removes it.
fn mutate(v: &mut Value, path: &[usize], new: Option<Value>) {
    match (v, path) {
        (Value::Object(fields), [idx, rest @ ..]) if !fields.is_empty() => {
            let idx = idx % fields.len();
            if rest.is_empty() {
                match new {
                    Some(new) => fields[idx].1 = new,
                    None => {
                        fields.remove(idx);
                    }
                }
            } else {
                mutate(&mut fields[idx].1, rest, new);
            }
        }
        (Value::List(items), [idx, rest @ ..]) if !items.is_empty() => {
            let idx = idx % items.len();
            if rest.is_empty() {
                match new {
                    Some(new) => items[idx] = new,
                    None => {
                        items.truncate(idx);
                    }
                }
            } else {
                mutate(&mut items[idx], rest, new);
            }
        }
        (slot, _) => {
            if let Some(new) = new {
                *slot = new;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(15_000))]
    #[test]
    fn model_files_never_panic_the_reader_or_the_network(
        mutations in prop::collection::vec(
            (prop::collection::vec(any::<usize>(), 1..4), prop::option::weighted(0.8, value())),
            1..4,
        ),
    ) {
        thread_local! {
            static VALID: (Arc<Dataset>, Value) = {
                let data = small_data();
                let settings = Settings { hidden: vec![4, 3], ..Settings::default() };
                let mut net = Network::new(data.clone(), settings).unwrap();
                net.train_epoch().unwrap();
                let file = file_value(&net.to_file());
                (data, file)
            };
        }
        let (data, mut file) = VALID.with(|(d, f)| (d.clone(), f.clone()));
        for (path, new) in mutations {
            mutate(&mut file, &path, new);
        }
        if let Ok(model) = ModelFile::from_value(&file) {
            if let Ok(mut net) = Network::from_file(data, &model) {
                let _ = net.predict(&[1.0, 2.0]);
                let _ = net.step_batch();
            }
        }
    }
}

#[test]
fn the_unmutated_model_file_reads_back() {
    let data = small_data();
    let mut net = Network::new(data.clone(), Settings::default()).unwrap();
    net.train_epoch().unwrap();
    let file = ModelFile::from_value(&file_value(&net.to_file())).unwrap();
    let mut back = Network::from_file(data, &file).unwrap();
    assert_eq!(
        back.predict(&[3.0, 1.0]).unwrap(),
        net.predict(&[3.0, 1.0]).unwrap()
    );
}
