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
use wasm_bindgen::JsCast;

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
            "{name} must be a finite number (got {v})"
        )))
    }
}

/// How deeply objects and lists may nest in a value read from JavaScript: a network file needs
/// 4 levels; a hostile one cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

/// A JavaScript object, array or primitive as the core's [`Value`] (`undefined` is `null`).
/// Refuses functions, symbols, BigInts and nesting deeper than [`MAX_DEPTH`].
pub(crate) fn from_js(value: &JsValue) -> Result<Value, String> {
    read_js(value, 0)
}

fn read_js(value: &JsValue, depth: usize) -> Result<Value, String> {
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
    if depth >= MAX_DEPTH {
        return Err(format!("objects nest more than {MAX_DEPTH} deep"));
    }
    // Plain loops that return at the first refusal.
    if js_sys::Array::is_array(value) {
        let array = js_sys::Array::from(value);
        let mut items = Vec::with_capacity(array.length() as usize);
        for item in array.iter() {
            items.push(read_js(&item, depth + 1)?);
        }
        return Ok(Value::List(items));
    }
    match value.dyn_ref::<js_sys::Object>() {
        Some(object) if !value.is_function() && !value.is_symbol() && !value.is_bigint() => {
            let mut fields = Vec::new();
            for entry in js_sys::Object::entries(object).iter() {
                let pair = js_sys::Array::from(&entry);
                let name = pair.get(0).as_string().unwrap_or_default();
                fields.push((name, read_js(&pair.get(1), depth + 1)?));
            }
            Ok(Value::Object(fields))
        }
        _ => Err("expected numbers, text, lists and objects only".to_string()),
    }
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
