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
pub use dataset::{JsCsvUpload, JsDataset, JsTable};
pub use descent::JsDescent;
pub use expr::{plot_range, JsCurve};
pub use heatmap::JsHeatmap;
pub use landscape::JsLandscape;
pub use linefit::{JsLineFit, JsLineFitReader};
pub use network::JsNetwork;
pub use race::*;

use wasm_bindgen::prelude::*;

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

pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Maps (not plain objects) would surprise JS callers: serialise structs as objects.
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value
        .serialize(&ser)
        .map_err(|e| JsError::new(&format!("internal: could not convert a result ({e})")))
}
