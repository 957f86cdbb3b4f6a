//! Issue 21 in the browser: settings objects whose getters throw or call back into the core,
//! calls whose arguments imply too much work, and the words of a few refusals. Run with
//! `cargo xtask test --only wasm` (wasm-bindgen-test in headless Chromium); a module of
//! `tests/wasm_api.rs`.

use downhill::wasm::{
    lr_sweep, JsCsvUpload, JsCurve, JsDataset, JsDescent, JsHeatmap, JsLandscape, JsNetwork, JsRace,
};
use wasm_bindgen::{JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// The message a JS caller reads from a thrown `JsError`.
fn message(err: JsError) -> String {
    js_sys::Error::from(JsValue::from(err)).message().into()
}

/// Runs `body` as a JS function of `args` (named `names`) and returns what it returns, as text:
/// the calls inside go through wasm-bindgen's JS glue, which borrows handles as a page does.
fn js(names: &str, body: &str, args: &[JsValue]) -> String {
    let f = js_sys::Function::new_with_args(names, body);
    let list: js_sys::Array = args.iter().collect();
    f.apply(&JsValue::NULL, &list)
        .expect("the script itself does not throw")
        .as_string()
        .expect("the script returns text")
}

/// A typed surface of more than 500 nodes (sines and cosines), well inside the length limit.
fn big_surface_text() -> String {
    (1..45)
        .map(|k| format!("sin(x*{k}.5+y)*cos(y*{k}.25-x)/({k}+x*x)"))
        .collect::<Vec<_>>()
        .join("+")
}

const THROWING: &str = "({ get lr() { throw 1 } })";

#[wasm_bindgen_test]
fn a_throwing_getter_is_an_error_and_the_race_stays_usable() {
    let f = JsLandscape::builtin("bowl", JsValue::UNDEFINED).expect("bowl");
    let race = JsValue::from(JsRace::new(&f, 1.0, 1.0).expect("race"));
    let out = js(
        "race",
        &format!(
            "const out = [];
             try {{ race.add('adam', {THROWING}); out.push('accepted'); }}
             catch (e) {{ out.push(e.message); }}
             const p = Proxy.revocable({{}}, {{}}); p.revoke();
             try {{ race.add('sgd', p.proxy); out.push('accepted'); }}
             catch (e) {{ out.push(e.message); }}
             out.push(String(race.add('sgd', {{ lr: 0.1 }})));
             out.push(String(race.run(3)));
             out.push(String(race.steps(0)));
             race.free();
             out.push('freed');
             return out.join('|');"
        ),
        &[race],
    );
    let parts: Vec<&str> = out.split('|').collect();
    assert!(parts[0].contains("reading 'lr' threw: 1"), "{out}");
    assert!(parts[1].contains("threw"), "{out}");
    assert_eq!(&parts[2..], ["0", "1", "3", "freed"], "{out}");
}

#[wasm_bindgen_test]
fn a_getter_that_calls_back_into_the_same_handle_leaves_it_usable() {
    let f = JsLandscape::builtin("bowl", JsValue::UNDEFINED).expect("bowl");
    let race = JsValue::from(JsRace::new(&f, 1.0, 1.0).expect("race"));
    let out = js(
        "race",
        "const out = [];
         race.add('sgd', { lr: 0.1 });
         try { race.add('adam', { get lr() { race.run(1); return 0.1; } }); out.push('accepted'); }
         catch (e) { out.push('refused: ' + e.message); }
         out.push(String(race.run(2)));
         race.free();
         out.push('freed');
         return out.join('|');",
        &[race],
    );
    // The settings are read before the race is borrowed, so the getter's call goes through.
    assert_eq!(out, "accepted|2|freed");
}

#[wasm_bindgen_test]
fn descent_sweep_and_network_leave_their_inputs_usable_after_a_throwing_getter() {
    let f = JsLandscape::builtin("bowl", JsValue::UNDEFINED).expect("bowl");
    let probe = JsDescent::new(&f, "sgd", JsValue::UNDEFINED, 0.0, 0.0).expect("descent");
    let descent_class = js_sys::Reflect::get(&JsValue::from(probe), &"constructor".into())
        .expect("the Descent class");
    let landscape = JsValue::from(f);
    let out = js(
        "Descent, f",
        &format!(
            "const out = [];
             try {{ new Descent(f, 'adam', {THROWING}, 0, 0); out.push('accepted'); }}
             catch (e) {{ out.push(e.message); }}
             out.push(String(f.value(1, 0)));
             f.free();
             out.push('freed');
             return out.join('|');"
        ),
        &[descent_class, landscape],
    );
    assert!(out.contains("reading 'lr' threw: 1"), "{out}");
    assert!(out.ends_with("|1|freed"), "{out}");

    // The sweep and the network's settings, called directly: the throw comes back as an error.
    let f = JsLandscape::builtin("bowl", JsValue::UNDEFINED).expect("bowl");
    let throwing = js_sys::eval(THROWING).expect("object");
    let err = lr_sweep(&f, "sgd", throwing, 1.0, 1.0, &[0.1], 10.0, None, None)
        .expect_err("a throwing getter");
    assert!(message(err).contains("threw"));
    let csv: String = (1..=40).map(|i| format!("{i},{}\n", 2 * i)).collect();
    let data = JsDataset::from_csv(&format!("area,price\n{csv}"), "price", None).expect("data");
    let throwing = js_sys::eval("({ get hidden() { throw new Error('no') } })").expect("object");
    let err = JsNetwork::new(&data, throwing)
        .err()
        .expect("a throwing getter");
    assert!(message(err).contains("reading 'hidden' threw: no"));
    assert!(JsNetwork::new(&data, JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn calls_that_imply_too_much_work_are_refused_naming_the_limit() {
    let text = big_surface_text();
    let f = JsLandscape::parse(&text).expect("a big surface");
    assert!(f.node_count() > 500);
    let mut pic = JsHeatmap::new();
    let err = pic
        .render(&f, -1.0, 1.0, -1.0, 1.0, 4096.0, 4096.0, 10.0)
        .expect_err("a 4096² picture of a big surface");
    let words = message(err);
    assert!(words.contains("pixels fit in one call"), "{words}");
    assert!(pic
        .render(&f, -1.0, 1.0, -1.0, 1.0, 200.0, 150.0, 10.0)
        .is_ok());

    let mut d = JsDescent::new(&f, "sgd", JsValue::UNDEFINED, 0.1, 0.1).expect("descent");
    let words = message(d.run(1e6).expect_err("a million steps"));
    assert!(words.contains("steps fit in one call"), "{words}");
    assert_eq!(d.steps(), 0, "a refused run takes no step");
    assert!(d.run(1000.0).is_ok());

    let words = message(
        f.gradient_field(-1.0, 1.0, -1.0, 1.0, 1000.0, 1000.0)
            .expect_err("a million arrows"),
    );
    assert!(words.contains("arrows fit in one call"), "{words}");
    assert!(f.gradient_field(-1.0, 1.0, -1.0, 1.0, 30.0, 20.0).is_ok());

    let lrs = [0.01, 0.1];
    let words = message(
        lr_sweep(
            &f,
            "sgd",
            JsValue::UNDEFINED,
            0.1,
            0.1,
            &lrs,
            1e6,
            None,
            None,
        )
        .expect_err("two million sweep steps"),
    );
    assert!(words.contains("summed over 2 descents"), "{words}");

    let race = JsRace::new(&f, 0.1, 0.1).expect("race");
    race.add("sgd", JsValue::UNDEFINED).expect("sgd");
    race.add("adam", JsValue::UNDEFINED).expect("adam");
    assert!(race.run(100_000.0).is_err());
    assert!(race.run(100.0).is_ok());

    let curve = JsCurve::parse(&text.replace('y', "0.5")).expect("a big curve");
    let words = message(
        curve
            .error_curve(0.3, -12.0, 0.0, 100_000.0)
            .expect_err("n = 1e5"),
    );
    assert!(words.contains("steps h fit in one call"), "{words}");
    assert!(curve.error_curve(0.3, -12.0, 0.0, 161.0).is_ok());
    assert!(curve.sample(-1.0, 1.0, 2000.0).is_ok());

    // The built-ins at the page's sizes are far inside.
    let b = JsLandscape::builtin("rosenbrock", JsValue::UNDEFINED).expect("rosenbrock");
    assert!(pic
        .render(&b, -2.0, 2.0, -1.0, 3.0, 2400.0, 1800.0, 14.0)
        .is_ok());
    let mut d = JsDescent::new(&b, "sgd", JsValue::UNDEFINED, 0.0, 0.0).expect("descent");
    assert!(d.run(100_000.0).is_ok());
}

#[wasm_bindgen_test]
fn refusals_say_what_was_given_in_javascript_words() {
    let f = JsLandscape::builtin("bowl", JsValue::UNDEFINED).expect("bowl");
    let err = JsDescent::new(&f, "sgd", JsValue::UNDEFINED, f64::INFINITY, 0.0)
        .err()
        .expect("x0 = Infinity");
    assert_eq!(message(err), "x0 must be a finite number (got Infinity)");
    let mut pic = JsHeatmap::new();
    let err = pic
        .render(&f, -1.0, 1.0, -1.0, 1.0, -1.0, 10.0, 5.0)
        .expect_err("width -1");
    assert_eq!(
        message(err),
        "the picture's width must be a whole number from 1 to 4096 (got -1)"
    );
    let mut d = JsDescent::new(&f, "sgd", JsValue::UNDEFINED, 1.0, 0.0).expect("descent");
    assert!(message(d.run(-1.0).expect_err("-1 steps")).contains("(got -1)"));

    let mut upload = JsCsvUpload::new();
    upload.push(b"a,b\n1,2\n3,4\n").expect("push");
    assert!(upload.finish().is_ok());
    let err = upload.push(b"5,6\n").expect_err("a push after finish");
    assert_eq!(message(err), "this upload is finished; start a new one");
    assert!(upload.finish().is_err());
}

#[wasm_bindgen_test]
fn a_model_file_claiming_billions_of_epochs_is_refused() {
    let csv: String = (1..=40).map(|i| format!("{i},{}\n", 2 * i)).collect();
    let data = JsDataset::from_csv(&format!("area,price\n{csv}"), "price", None).expect("data");
    let net = JsNetwork::new(&data, JsValue::UNDEFINED).expect("network");
    let file = net.to_json().expect("json");
    assert!(JsNetwork::from_json(&file, &data).is_ok());
    let parsed = js_sys::JSON::parse(&file).expect("parse");
    js_sys::Reflect::set(&parsed, &"epoch".into(), &4_294_967_295.0.into()).expect("set");
    let bad: String = js_sys::JSON::stringify(&parsed).expect("stringify").into();
    let words = message(
        JsNetwork::from_json(&bad, &data)
            .err()
            .expect("billions of epochs"),
    );
    assert!(words.contains("at most 100000 epochs"), "{words}");
}
