//! The one door to JavaScript: every `#[wasm_bindgen]` export lives under `src/wasm/`, one file
//! per exported handle.
//!
//! Handles (`Landscape`, `Descent`, `Heatmap`, ...) keep long-lived state in wasm memory; calls
//! take scalars or small arrays and return small results. Every fallible call returns
//! `Result<_, JsError>` with a message a learner can act on; nothing here unwraps or panics on
//! anything a caller passes in.

#[cfg(feature = "bench")]
mod bench;
mod chart;
mod curve_descent;
mod dataset;
mod descent;
mod expr;
mod heatmap;
mod landscape;
mod linefit;
mod network;
mod race;

#[cfg(feature = "bench")]
pub use bench::{bench_optimizer, JsBenchGrid, JsBenchMlp};
pub use chart::*;
pub use curve_descent::{draw_curve_loss_chart, JsCurveDescent};
pub use dataset::{column_catalog, JsCsvUpload, JsDataset, JsTable};
pub use descent::JsDescent;
pub use expr::{plot_range, JsCurve};
pub use heatmap::JsHeatmap;
pub use landscape::JsLandscape;
pub use linefit::JsLineFit;
pub use network::{activation_catalog, JsNetwork};
pub use race::*;

use wasm_bindgen::prelude::*;

use crate::value::Value;

/// The crate version, so the page can show which build it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Runs once when the module is instantiated: a panic (a bug, never a learner's input) is
/// reported on the console before the instance traps, so the page's recovery has a cause to show.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!(
            "Downhill core panicked: {info}"
        )));
    }));
}

/// Executes a WebAssembly `unreachable` on purpose, so tests can check that the page survives a
/// trap by re-creating the module. Never called by the page itself.
#[wasm_bindgen(js_name = trapForTests)]
pub fn trap_for_tests() {
    core::arch::wasm32::unreachable()
}

pub(crate) fn finite(name: &str, v: f64) -> Result<f64, JsError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(JsError::new(&format!(
            "{name} must be a finite number (got {})",
            crate::value::number_text(v)
        )))
    }
}

/// A count or size from JavaScript, taken as a number so that −1 reads as −1 (a `u32`
/// parameter would see 4294967295): a whole number from `min` to `max`, or an error in words.
pub(crate) fn count(name: &str, v: f64, min: u32, max: u32) -> Result<usize, JsError> {
    if v.fract() == 0.0 && f64::from(min) <= v && v <= f64::from(max) {
        Ok(v as usize)
    } else {
        Err(JsError::new(&format!(
            "{name} must be a whole number from {min} to {max} (got {})",
            crate::value::number_text(v)
        )))
    }
}

/// A refusal from the core's work limits (see `crate::budget`), as a JS `Error`.
pub(crate) fn too_much(e: crate::budget::TooMuchWork) -> JsError {
    JsError::new(&e.to_string())
}

/// How deeply objects and lists may nest in a value read from JavaScript: a network file needs
/// 4 levels; a hostile one cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

/// How many numbers, texts, lists and objects one value read from JavaScript may hold in all:
/// the largest network file (256 inputs, three layers of 128, its history) holds about 120,000,
/// and every item costs a call into JavaScript, so a hostile array cannot hold the page.
const MAX_ITEMS: usize = 2_000_000;

// Every read of a caller's object goes through a call that catches: a getter or a Proxy trap
// may throw, and an exception that unwound through this module would leave the handle the
// call had borrowed marked as borrowed for ever ("recursive use of an object detected").
#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws for a revoked Proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    /// `Object.keys`: own enumerable string keys, without running getters.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<js_sys::Array, JsValue>;
}

/// What a caller's code threw, in a few words: its message, or the value itself.
fn describe_thrown(thrown: &JsValue) -> String {
    let text = if let Some(text) = thrown.as_string() {
        text
    } else if let Some(n) = thrown.as_f64() {
        crate::value::number_text(n)
    } else {
        thrown
            .is_object()
            .then(|| js_sys::Reflect::get(thrown, &"message".into()).ok())
            .flatten()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "an exception".to_string())
    };
    // A message is shown to the learner: keep it to one short line.
    let mut short: String = text.chars().take(120).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// A JavaScript object, array or primitive as the core's [`Value`] (`undefined` is `null`).
/// Refuses functions, symbols, BigInts, nesting deeper than [`MAX_DEPTH`] and more than
/// [`MAX_ITEMS`] items; a getter or Proxy trap that throws becomes a refusal in words.
pub(crate) fn from_js(value: &JsValue) -> Result<Value, String> {
    let mut n_items = 0;
    read_js(value, 0, &mut n_items)
}

fn read_js(value: &JsValue, depth: usize, n_items: &mut usize) -> Result<Value, String> {
    *n_items += 1;
    if *n_items > MAX_ITEMS {
        return Err(format!("it holds more than {MAX_ITEMS} values"));
    }
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::Text(s));
    }
    // typeof checks only: `instanceof` would run a Proxy's getPrototypeOf trap.
    if !value.is_object() || value.is_function() {
        return Err("expected numbers, text, lists and objects only".to_string());
    }
    if depth >= MAX_DEPTH {
        return Err(format!("objects nest more than {MAX_DEPTH} deep"));
    }
    let threw = |what: &str, e: JsValue| format!("reading {what} threw: {}", describe_thrown(&e));
    let get =
        |key: &JsValue, what: &str| js_sys::Reflect::get(value, key).map_err(|e| threw(what, e));
    // Plain loops that return at the first refusal.
    if is_array(value).map_err(|e| threw("the list", e))? {
        let length = get(&"length".into(), "the list's length")?
            .as_f64()
            .unwrap_or(0.0);
        if length > (MAX_ITEMS - *n_items) as f64 {
            return Err(format!("it holds more than {MAX_ITEMS} values"));
        }
        let mut items = Vec::with_capacity(length as usize);
        for idx in 0..length as u32 {
            let item = js_sys::Reflect::get_u32(value, idx)
                .map_err(|e| threw(&format!("item {idx}"), e))?;
            items.push(read_js(&item, depth + 1, n_items)?);
        }
        return Ok(Value::List(items));
    }
    let keys = object_keys(value).map_err(|e| threw("the object's fields", e))?;
    if keys.length() as usize > MAX_ITEMS - *n_items {
        return Err(format!("it holds more than {MAX_ITEMS} values"));
    }
    let mut fields = Vec::with_capacity(keys.length() as usize);
    for key in keys.iter() {
        let name = key.as_string().unwrap_or_default();
        let item = get(&key, &format!("'{name}'"))?;
        fields.push((name, read_js(&item, depth + 1, n_items)?));
    }
    Ok(Value::Object(fields))
}

/// Reads an optional settings object (`undefined` or `null`: `T::default()`) with `read`;
/// a refusal becomes `what` followed by the reason, in parentheses.
pub(crate) fn settings_from_js<T: Default>(
    value: &JsValue,
    what: &str,
    read: impl Fn(&Value) -> Result<T, String>,
) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    from_js(value)
        .and_then(|v| read(&v))
        .map_err(|e| JsError::new(&format!("{what} ({e})")))
}

/// Hyperparameters from a JS object like `{ lr: 0.01, beta1: 0.9 }` (undefined: all defaults).
pub(crate) fn hyper_from(hyper: &JsValue) -> Result<crate::optim::Hyper, JsError> {
    settings_from_js(
        hyper,
        "optimizer settings must be an object like { lr: 0.01 }",
        crate::optim::Hyper::from_value,
    )
}

pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Maps (not plain objects) would surprise JS callers: serialise structs as objects.
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value
        .serialize(&ser)
        .map_err(|e| JsError::new(&format!("internal: could not convert a result ({e})")))
}
