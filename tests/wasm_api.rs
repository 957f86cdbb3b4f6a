//! The JavaScript API as a browser sees it: `wasm-bindgen-test` runs these in headless Chromium.
//!
//! Run them with `cargo xtask test --only wasm`. Natively this file compiles to an empty test
//! binary, because everything below exists only on `wasm32`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

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
