//! wasm-opt: shrinks the wasm that wasm-bindgen wrote (`-Oz`: size-oriented optimisation, and
//! no name section), so the page downloads less. It is Binaryen's npm build, run on Node (see
//! `npm_tools`).

use std::path::Path;
use std::process::Command;

use crate::command;
use crate::npm_tools;
use crate::workspace::Workspace;

/// Rewrites `wasm` (wasm-bindgen's output) in place with `wasm-opt -Oz`. The features it may
/// use are the ones the module's own `target_features` section lists (SIMD and the rest that
/// rustc enabled), so the output runs wherever the input did.
pub fn optimize(ws: &Workspace, wasm: &Path) -> Result<(), String> {
    let tools = npm_tools::ensure_installed(ws)?;
    let optimized = wasm.with_extension("opt.wasm");
    command::run(
        Command::new("node")
            .arg(tools.wasm_opt())
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
