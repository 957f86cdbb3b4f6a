//! The JavaScript API as a browser sees it: `wasm-bindgen-test` runs these in headless Chromium.
//!
//! Run them with `cargo xtask test --only wasm`. Natively this file compiles to an empty test
//! binary, because everything below exists only on `wasm32`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "ames/mod.rs"]
mod ames;
use ames::AMES_FEATURES;

wasm_bindgen_test_configure!(run_in_browser);

// Issue 21: throwing settings objects, work limits, the words of refusals.
#[path = "wasm_api/hardening.rs"]
mod hardening;

/// The page shows which build it runs: `version()` must be this crate's `major.minor.patch`.
#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    let version = downhill::wasm::version();
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    let n_parts = version
        .split('.')
        .filter(|part| part.parse::<u32>().is_ok())
        .count();
    assert_eq!(n_parts, 3, "version {version:?} is not major.minor.patch");
}

use downhill::wasm::{JsDataset, JsDescent, JsHeatmap, JsLandscape, JsNetwork};
use wasm_bindgen::{JsError, JsValue};

/// The message a JS caller reads from a thrown `JsError`.
fn message(err: JsError) -> String {
    let value = JsValue::from(err);
    js_sys::Error::from(value).message().into()
}

fn object(pairs: &[(&str, f64)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&obj, &JsValue::from_str(k), &JsValue::from_f64(*v)).expect("set");
    }
    obj.into()
}

/// Values and gradients cross the boundary intact: the bowl x² + κy² by hand.
#[wasm_bindgen_test]
fn values_and_gradients_cross_intact() {
    let f = JsLandscape::builtin("bowl", object(&[("condition", 10.0)])).expect("bowl");
    assert_eq!(f.value(1.5, -0.5), 1.5 * 1.5 + 10.0 * 0.25);
    assert_eq!(f.gradient(1.5, -0.5), vec![3.0, -10.0]);
    assert_eq!(f.window().len(), 4);
    assert_eq!(f.minima(), vec![0.0, 0.0]);
    assert!(f.formula().contains("κ = 10"), "{}", f.formula());
    let catalog = JsLandscape::catalog().expect("catalog");
    assert!(js_sys::Array::is_array(&catalog));
    assert!(js_sys::Array::from(&catalog).length() >= 8);
}

/// A descent steps exactly as plain gradient descent: x_{k+1} = x_k − η·2x_k on the bowl's x.
#[wasm_bindgen_test]
fn descent_steps_and_reports_new_path_points() {
    let f = JsLandscape::builtin("bowl", JsValue::UNDEFINED).expect("bowl");
    let mut d = JsDescent::new(&f, "sgd", object(&[("lr", 0.1)]), 1.0, 0.0).expect("descent");
    assert_eq!(d.step(), "running");
    assert_eq!(d.x(), 1.0 - 0.1 * 2.0);
    assert_eq!(d.run(2.0).expect("run"), "running");
    assert_eq!(d.steps(), 3);
    // The same arithmetic as the update rule, x ← x − η·(2x), in f64.
    let mut x = 1.0_f64;
    let mut xs = Vec::new();
    for _ in 0..3 {
        x -= 0.1 * (2.0 * x);
        xs.push(x);
    }
    assert_eq!(d.path_since(2), vec![xs[1], 0.0, xs[2], 0.0]);
    assert_eq!(d.path_since(99), Vec::<f64>::new());
    let mut wild = JsDescent::new(&f, "sgd", object(&[("lr", 1.5)]), 1.0, 1.0).expect("descent");
    assert_eq!(wild.run(10_000.0).expect("run"), "diverged");
    let words = wild.message().expect("a message");
    assert!(words.contains("learning rate is too large"), "{words}");
}

/// Bad arguments come back as JS errors with words, never as a panic.
#[wasm_bindgen_test]
fn bad_arguments_are_js_errors() {
    let err = JsLandscape::builtin("volcano", JsValue::UNDEFINED)
        .err()
        .expect("unknown name");
    assert!(message(err).contains("rosenbrock"));
    let err = JsLandscape::builtin("bowl", object(&[("condition", 1e9)]))
        .err()
        .expect("range");
    assert!(message(err).contains("condition"));
    let err = JsLandscape::builtin("bowl", JsValue::from_str("nonsense"))
        .err()
        .expect("type");
    assert!(message(err).contains("object"));
    // A parameter that is not a number is refused by name of the rule, not coerced.
    let text_value = js_sys::Object::new();
    js_sys::Reflect::set(&text_value, &"condition".into(), &"10".into()).expect("set");
    let err = JsLandscape::builtin("bowl", text_value.into())
        .err()
        .expect("a string parameter");
    assert!(message(err).contains("object of numbers"));
    // The parameters read back as a plain object, defaults included.
    let bowl = JsLandscape::builtin("bowl", object(&[("condition", 25.0)])).expect("bowl");
    let params = bowl.params().expect("params");
    let condition = js_sys::Reflect::get(&params, &"condition".into()).expect("get");
    assert_eq!(condition.as_f64(), Some(25.0));
    let f = JsLandscape::builtin("bowl", JsValue::UNDEFINED).expect("bowl");
    let condition = js_sys::Reflect::get(&f.params().expect("params"), &"condition".into());
    assert_eq!(condition.expect("get").as_f64(), Some(10.0));
    for (lr, x0) in [
        (f64::NAN, 0.0),
        (-1.0, 0.0),
        (0.0, 0.0),
        (0.1, f64::INFINITY),
        (0.1, f64::NAN),
    ] {
        let result = JsDescent::new(&f, "sgd", object(&[("lr", lr)]), x0, 0.0);
        let err = result
            .err()
            .unwrap_or_else(|| panic!("lr {lr}, x0 {x0} was accepted"));
        assert!(!message(err).is_empty());
    }
    let err = JsDescent::new(&f, "newton", JsValue::UNDEFINED, 0.0, 0.0)
        .err()
        .expect("name");
    assert!(message(err).contains("sgd"));
    let mut d = JsDescent::new(&f, "sgd", object(&[("lr", 0.1)]), 1.0, 1.0).expect("descent");
    assert!(d.set_learning_rate(f64::NAN).is_err());
    assert!(d.reset(f64::NAN, 0.0).is_err());
    let mut pic = JsHeatmap::new();
    assert!(pic
        .render(&f, 1.0, -1.0, 0.0, 1.0, 10.0, 10.0, 5.0)
        .is_err());
    assert!(pic.render(&f, 0.0, 1.0, 0.0, 1.0, 0.0, 10.0, 5.0).is_err());
    assert!(pic
        .render(&f, 0.0, 1.0, 0.0, f64::NAN, 10.0, 10.0, 5.0)
        .is_err());
}

/// Settings objects are read field by field: a misspelt or mistyped field is refused in words,
/// and a hostile network file (wrong types, deep nesting) is refused without a panic.
#[wasm_bindgen_test]
fn settings_objects_refuse_unknown_and_mistyped_fields() {
    let f = JsLandscape::builtin("bowl", JsValue::UNDEFINED).expect("bowl");
    let err = JsDescent::new(&f, "sgd", object(&[("lrr", 0.1)]), 0.0, 0.0)
        .err()
        .expect("a misspelt field");
    assert!(message(err).contains("unknown field `lrr`"));
    let text_lr = js_sys::Object::new();
    js_sys::Reflect::set(&text_lr, &"lr".into(), &"0.1".into()).expect("set");
    let err = JsDescent::new(&f, "adam", text_lr.into(), 0.0, 0.0)
        .err()
        .expect("a string lr");
    assert!(message(err).contains("`lr` must be a number, not text"));
    let err = JsDescent::new(&f, "sgd", JsValue::from_f64(0.1), 0.0, 0.0)
        .err()
        .expect("a bare number");
    assert!(message(err).contains("an object like { lr: 0.01 }"));
    // null and undefined mean the defaults; a null field means that field's default.
    let null_lr = js_sys::Object::new();
    js_sys::Reflect::set(&null_lr, &"lr".into(), &JsValue::NULL).expect("set");
    assert!(JsDescent::new(&f, "sgd", null_lr.into(), 0.0, 0.0).is_ok());
    assert!(JsDescent::new(&f, "sgd", JsValue::NULL, 0.0, 0.0).is_ok());

    let csv: String = (1..=20).map(|i| format!("{i},{}\n", 2 * i)).collect();
    let csv = format!("area,price\n{csv}");
    let data = JsDataset::from_csv(&csv, "price", None).expect("dataset");
    let hidden = js_sys::Object::new();
    js_sys::Reflect::set(&hidden, &"hidden".into(), &js_sys::Array::of1(&2.5.into())).expect("set");
    let err = JsNetwork::new(&data, hidden.into())
        .err()
        .expect("a fractional width");
    assert!(message(err)
        .contains("`hidden` must be a whole number from 0, not 2.5 (item 0 of `hidden`)"));
    for (file, words) in [
        ("[]", "expected an object, not a list"),
        (
            r#"{"format":"downhill-house-network","version":"1"}"#,
            "`version` must be a whole number",
        ),
        (r#"{"format":1}"#, "`format` must be text, not a number"),
        (r#"{"formats":1}"#, "unknown field `formats`"),
        (
            r#"{"format":"downhill-house-network"}"#,
            "missing field `version`",
        ),
        ("not json", "not JSON"),
    ] {
        let err = JsNetwork::from_json(file, &data).err().expect(file);
        let text = message(err);
        assert!(text.contains(words), "{file}: {text}");
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let err = JsNetwork::from_json(&deep, &data)
        .err()
        .expect("deep nesting");
    assert!(message(err).contains("nest"));
}

/// The heatmap's pixels are a view of the right size, and contours come in whole segments.
#[wasm_bindgen_test]
fn heatmap_renders_into_wasm_memory() {
    let f = JsLandscape::builtin("rosenbrock", JsValue::UNDEFINED).expect("rosenbrock");
    let mut pic = JsHeatmap::new();
    pic.render(&f, -2.0, 2.0, -1.0, 3.0, 64.0, 48.0, 10.0)
        .expect("render");
    assert_eq!(pic.rgba().length(), 64 * 48 * 4);
    assert_eq!(pic.contours().len() % 4, 0);
    assert!(pic.contours().len() > 40);
    assert!(pic.is_log(), "Rosenbrock spans decades");
    assert_eq!(pic.legend(5).len() % 2, 0);
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).expect("get")
}

/// The catalogs arrive as plain arrays of objects: the optimizers with their hyperparameters
/// (lr first, with symbol, range and scale), the activations and the columns' friendly names.
#[wasm_bindgen_test]
fn catalogs_arrive_as_plain_objects() {
    let optimizers = js_sys::Array::from(&downhill::wasm::optimizer_catalog().expect("catalog"));
    assert_eq!(optimizers.length(), 7);
    let adam = optimizers.get(5);
    assert_eq!(get(&adam, "name").as_string().as_deref(), Some("adam"));
    assert!(get(&adam, "summary").as_string().is_some());
    assert_eq!(get(&get(&adam, "defaults"), "lr").as_f64(), Some(1e-3));
    let lr = js_sys::Array::from(&get(&adam, "hyper")).get(0);
    assert_eq!(get(&lr, "key").as_string().as_deref(), Some("lr"));
    assert_eq!(get(&lr, "symbol").as_string().as_deref(), Some("η"));
    assert_eq!(get(&lr, "scale").as_string().as_deref(), Some("log"));
    assert_eq!(get(&lr, "max").as_f64(), Some(1.0));
    let activations = js_sys::Array::from(&downhill::wasm::activation_catalog().expect("catalog"));
    assert_eq!(
        get(&activations.get(0), "name").as_string().as_deref(),
        Some("relu")
    );
    let columns = js_sys::Array::from(&downhill::wasm::column_catalog().expect("catalog"));
    let area = columns
        .iter()
        .find(|c| get(c, "name").as_string().as_deref() == Some("Gr_Liv_Area"))
        .expect("Gr_Liv_Area");
    assert_eq!(get(&area, "unit").as_string().as_deref(), Some("sq ft"));
    assert_eq!(get(&area, "plain").as_bool(), Some(false));
}

/// The line fit reads through the one upload path: a `Table` from `CsvUpload`, chunks cut
/// anywhere, gives the same fit as `LineFit.fromCsv` of the whole text, and the table stays
/// usable for a `Dataset` afterwards.
#[wasm_bindgen_test]
fn a_line_fit_from_an_uploaded_table_equals_one_from_the_text() {
    use downhill::wasm::{JsCsvUpload, JsLineFit};
    let text = "area,price,note\n1000,200000,a\n1500,260000,b\n2000,330000,c\n2500,390000,d\n\
                3000,470000,e\n1200,215000,f\n1800,300000,g\n2200,350000,h\n2700,420000,i\n3300,500000,j\n";
    let mut upload = JsCsvUpload::new();
    for chunk in text.as_bytes().chunks(7) {
        upload.push(chunk).expect("push");
    }
    let table = upload.finish().expect("table");
    let from_table = JsLineFit::from_table(&table, "price", "area", None, None).expect("fit");
    let from_text = JsLineFit::from_csv(text, "price", "area", None, None).expect("fit");
    assert_eq!(from_table.points(), from_text.points());
    assert_eq!(from_table.train_mask(), from_text.train_mask());
    assert_eq!(from_table.least_squares(), from_text.least_squares());
    assert_eq!(from_table.features(), vec!["area".to_string()]);
    let data = JsDataset::from_table(&table, "price", None).expect("the table is still usable");
    assert_eq!(data.n_rows(), 10);
    let err = JsLineFit::from_table(&table, "price", "note", None, None)
        .err()
        .expect("text");
    assert!(message(err).contains("note"));
}

/// A model file written by `Network.toJson` before this build (tests/fixtures/network-v1.json)
/// loads through `Network.fromJson` and predicts exactly what the network that wrote it did.
#[wasm_bindgen_test]
fn a_model_file_written_before_loads_and_predicts_the_same() {
    let csv = include_str!("../www/data/ames.csv");
    let features: Vec<String> = AMES_FEATURES.map(String::from).to_vec();
    let data = JsDataset::from_csv(csv, "Sale_Price", Some(features)).expect("ames");
    let json = include_str!("fixtures/network-v1.json");
    let mut net = JsNetwork::from_json(json, &data).expect("an old file loads");
    for (row_idx, price) in [
        (0, 199760.61095350925),
        (5, 218364.79979449027),
        (2929, 272380.3082552837),
    ] {
        let row = data.row(row_idx).expect("row");
        assert_eq!(net.predict(&row).expect("predict"), price, "row {row_idx}");
    }
}

/// `CurveDescent` on a typed curve takes the same steps and says the same words as the
/// `Descent` on `Landscape.parse` of the same text at y = 0 that the 1-D lesson used before.
#[wasm_bindgen_test]
fn a_curve_descent_replays_the_old_descent() {
    use downhill::wasm::{JsCurve, JsCurveDescent};
    for lr in [0.1, 1.0, 1.1] {
        let curve = JsCurve::parse("x^2").expect("curve");
        let mut new = JsCurveDescent::new(&curve, lr, 2.0).expect("descent");
        let f = JsLandscape::parse("x^2").expect("landscape");
        let mut old = JsDescent::new(&f, "sgd", object(&[("lr", lr)]), 2.0, 0.0).expect("old");
        assert_eq!(new.step(), old.step());
        assert_eq!(new.run(3000.0).expect("run"), old.run(3000.0).expect("run"));
        assert_eq!(
            (new.steps(), new.x(), new.value()),
            (old.steps(), old.x(), old.value())
        );
        assert_eq!(new.message(), old.message());
        assert_eq!(new.slope(), old.gradient()[0]);
        let xs: Vec<f64> = old.path_since(1).chunks(2).map(|p| p[0]).collect();
        assert_eq!(new.path_since(1), xs);
        assert_eq!(new.values_since(1), old.values_since(1));
    }
    let curve = JsCurve::parse("x^2").expect("curve");
    let mut d = JsCurveDescent::new(&curve, 0.1, 2.0).expect("descent");
    assert!(message(d.set_learning_rate(-1.0).expect_err("refused")).contains("lr"));
    d.set_learning_rate(0.2).expect("rate");
    assert_eq!(d.learning_rate(), 0.2);
    d.reset(1.0).expect("reset");
    assert_eq!((d.steps(), d.x()), (0, 1.0));
}
