//! The xtask's npm tools, pinned in `xtask/npm/package-lock.json`: Binaryen's `wasm-opt` (the
//! npm build; Debian's binaryen 108 breaks wasm-bindgen's output), esbuild (bundles the page's
//! modules and minifies the site's JavaScript and CSS), terser (squeezes the bundle further),
//! and ESLint with `@eslint/js` and `globals` (the lint stage of `cargo xtask test`, configured
//! by `eslint.config.js` at the repository root). `npm ci` installs them into
//! `target/tools/npm-<digest>/`, a folder named after the lock file's SHA-256, so changing a pin
//! installs afresh and never mixes versions.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::command;
use crate::manifest::sha256;
use crate::workspace::Workspace;

/// The pinned package files, copied into the install folder for `npm ci`.
const PACKAGE_FILES: [&str; 2] = ["package.json", "package-lock.json"];

/// The installed tools.
pub struct NpmTools {
    dir: PathBuf,
}

impl NpmTools {
    /// The `wasm-opt` script of the installed binaryen package (run with `node`).
    pub fn wasm_opt(&self) -> PathBuf {
        self.dir.join("node_modules/binaryen/bin/wasm-opt")
    }

    /// The folder whose `node_modules/` holds esbuild and terser (for `xtask/npm/ship.mjs`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// ESLint's command-line script (run with `node`).
    pub fn eslint(&self) -> PathBuf {
        self.dir.join("node_modules/eslint/bin/eslint.js")
    }

    /// The `node_modules/` folder, for `NODE_PATH`: `eslint.config.js` requires `@eslint/js` and
    /// `globals` from there.
    pub fn node_modules(&self) -> PathBuf {
        self.dir.join("node_modules")
    }
}

/// `xtask/npm/`, where the pins live.
fn pinned_dir(ws: &Workspace) -> PathBuf {
    ws.root.join("xtask").join("npm")
}

/// `target/tools/npm-<first 12 hex digits of the lock file's SHA-256>/`.
fn install_dir(ws: &Workspace) -> Result<PathBuf, String> {
    let lock = pinned_dir(ws).join("package-lock.json");
    let bytes =
        std::fs::read(&lock).map_err(|error| format!("cannot read {}: {error}", lock.display()))?;
    let mut digest = sha256::hex(&sha256::digest(&bytes));
    digest.truncate(12);
    Ok(ws.tools_dir().join(format!("npm-{digest}")))
}

/// Whether `npm ci` finished in `dir` (it writes `node_modules/.package-lock.json` last) and
/// every tool is there.
fn is_installed(dir: &Path) -> bool {
    dir.join("node_modules/.package-lock.json").is_file()
        && dir.join("node_modules/binaryen/bin/wasm-opt").is_file()
        && dir.join("node_modules/esbuild/package.json").is_file()
        && dir.join("node_modules/terser/package.json").is_file()
        && dir.join("node_modules/eslint/bin/eslint.js").is_file()
        && dir.join("node_modules/@eslint/js/package.json").is_file()
        && dir.join("node_modules/globals/package.json").is_file()
}

/// Installs the pinned tools into `target/tools/` unless they are there already (needs Node and
/// npm, which the node and e2e tests need too).
pub fn ensure_installed(ws: &Workspace) -> Result<NpmTools, String> {
    let dir = install_dir(ws)?;
    if is_installed(&dir) {
        return Ok(NpmTools { dir });
    }
    if !command::exists("npm") {
        return Err(
            "the build runs wasm-opt and esbuild, and the lint stage ESLint, from npm packages; \
             install Node 20 and npm (`sudo apt-get install -y nodejs npm`)."
                .into(),
        );
    }
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    for file_name in PACKAGE_FILES {
        std::fs::copy(pinned_dir(ws).join(file_name), dir.join(file_name))
            .map_err(|error| format!("cannot copy {file_name} into {}: {error}", dir.display()))?;
    }
    eprintln!(
        "Installing the xtask's npm tools (binaryen, esbuild, terser, eslint) into {}...",
        dir.display()
    );
    command::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir),
    )?;
    if is_installed(&dir) {
        Ok(NpmTools { dir })
    } else {
        Err(format!(
            "npm ci in {} finished but binaryen's wasm-opt, esbuild, terser or eslint is missing.",
            dir.display()
        ))
    }
}
