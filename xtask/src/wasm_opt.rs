//! wasm-opt: shrinks the wasm that wasm-bindgen wrote (`-Oz`: size-oriented optimisation, and
//! no name section), so the page downloads less. Binaryen's npm build of the version pinned in
//! `xtask/binaryen/package-lock.json` is installed with `npm ci` into
//! `target/tools/binaryen-VERSION/` and runs on Node (Debian's binaryen 108 breaks
//! wasm-bindgen's output).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::command;
use crate::workspace::Workspace;

/// The pinned Binaryen release (the npm package's version; see `xtask/binaryen/`).
pub const BINARYEN_VERSION: &str = "132.0.0";

/// The pinned package files, copied into the install folder for `npm ci`.
const PACKAGE_FILES: [&str; 2] = ["package.json", "package-lock.json"];

/// `target/tools/binaryen-VERSION/`.
fn install_dir(ws: &Workspace) -> PathBuf {
    ws.tools_dir().join(format!("binaryen-{BINARYEN_VERSION}"))
}

/// The `wasm-opt` script of the installed package (run with `node`).
fn wasm_opt_script(ws: &Workspace) -> PathBuf {
    install_dir(ws)
        .join("node_modules")
        .join("binaryen")
        .join("bin")
        .join("wasm-opt")
}

/// Whether the pinned version is installed (its wasm-opt reports it).
fn is_installed(ws: &Workspace) -> bool {
    let script = wasm_opt_script(ws);
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    script.is_file()
        && command::output(Command::new("node").arg(&script).arg("--version"))
            .is_ok_and(|out| out.contains(&format!("version {major}")))
}

/// Installs the pinned Binaryen into `target/tools/` unless it is there already (needs Node
/// and npm, which the node and e2e tests need too).
pub fn ensure_installed(ws: &Workspace) -> Result<(), String> {
    if is_installed(ws) {
        return Ok(());
    }
    if !command::exists("npm") {
        return Err(
            "the wasm build runs wasm-opt from the npm package binaryen; install Node 20 and npm \
             (`sudo apt-get install -y nodejs npm`)."
                .into(),
        );
    }
    let dir = install_dir(ws);
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let pinned = ws.root.join("xtask").join("binaryen");
    for file_name in PACKAGE_FILES {
        std::fs::copy(pinned.join(file_name), dir.join(file_name))
            .map_err(|error| format!("cannot copy {file_name} into {}: {error}", dir.display()))?;
    }
    eprintln!(
        "Installing binaryen {BINARYEN_VERSION} (wasm-opt) into {}...",
        dir.display()
    );
    command::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir),
    )?;
    if is_installed(ws) {
        Ok(())
    } else {
        Err(format!(
            "npm installed binaryen into {} but its wasm-opt does not report version {BINARYEN_VERSION}.",
            dir.display()
        ))
    }
}

/// Rewrites `wasm` (wasm-bindgen's output) in place with `wasm-opt -Oz`. The features it may
/// use are the ones the module's own `target_features` section lists (SIMD and the rest that
/// rustc enabled), so the output runs wherever the input did.
pub fn optimize(ws: &Workspace, wasm: &Path) -> Result<(), String> {
    ensure_installed(ws)?;
    let optimized = wasm.with_extension("opt.wasm");
    command::run(
        Command::new("node")
            .arg(wasm_opt_script(ws))
            .arg("-Oz")
            .arg(wasm)
            .arg("-o")
            .arg(&optimized)
            .current_dir(&ws.root),
    )?;
    std::fs::rename(&optimized, wasm).map_err(|error| {
        format!(
            "cannot move {} over {}: {error}",
            optimized.display(),
            wasm.display()
        )
    })
}
