//! The one door to JavaScript: every `#[wasm_bindgen]` export lives here.

use wasm_bindgen::prelude::*;

/// The crate version, so the page can show which build it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
