//! The JavaScript API as a browser sees it: `wasm-bindgen-test` runs these in headless Chromium.
//!
//! Run them with `cargo xtask test --only wasm`. Natively this file compiles to an empty test
//! binary, because everything below exists only on `wasm32`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

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
