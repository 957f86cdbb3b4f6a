//! The wasm package: `cargo build --release --target wasm32-unknown-unknown`, then wasm-bindgen
//! writes `www/pkg/downhill.js` and `www/pkg/downhill_bg.wasm` for the browser to import, and
//! wasm-opt shrinks the wasm.
//! Progress goes to standard error, so `cargo xtask serve` prints one line on standard output.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::command;
use crate::tools::{WasmBindgen, WASM_TARGET};
use crate::workspace::{Workspace, CRATE_NAME};

/// Builds the release wasm (simd128, from `.cargo/config.toml`) and generates `www/pkg/`.
pub fn build(ws: &Workspace, wasm_bindgen: &WasmBindgen) -> Result<(), String> {
    command::run(
        command::cargo()
            .args(["build", "--lib", "--release", "--target", WASM_TARGET])
            .current_dir(&ws.root),
    )?;
    let compiled = ws
        .target_dir
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{CRATE_NAME}.wasm"));
    let pkg_dir = ws.pkg_dir();
    command::run(
        Command::new(&wasm_bindgen.cli)
            .arg(&compiled)
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&pkg_dir)
            .current_dir(&ws.root),
    )?;
    crate::wasm_opt::optimize(ws, &pkg_dir.join(format!("{CRATE_NAME}_bg.wasm")))?;
    for file_name in [format!("{CRATE_NAME}_bg.wasm"), format!("{CRATE_NAME}.js")] {
        let path = pkg_dir.join(&file_name);
        let n_bytes = std::fs::metadata(&path)
            .map_err(|error| format!("wasm-bindgen did not write {}: {error}", path.display()))?
            .len();
        let gzipped = match gzip_len(&path) {
            Some(n_gzip_bytes) => format!(", {} gzipped", kib(n_gzip_bytes)),
            None => String::new(),
        };
        eprintln!("  www/pkg/{file_name}: {}{gzipped}", kib(n_bytes));
    }
    crate::manifest::write(&ws.root)?;
    Ok(())
}

/// The size of `path` after `gzip -9` (what a static host sends), if gzip is available.
fn gzip_len(path: &Path) -> Option<u64> {
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then_some(output.stdout.len() as u64)
}

/// Bytes as KiB with one decimal, e.g. "41.3 KiB".
fn kib(n_bytes: u64) -> String {
    format!("{:.1} KiB", n_bytes as f64 / 1024.0)
}
