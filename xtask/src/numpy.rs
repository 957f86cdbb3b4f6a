//! NumPy for the benchmark's NumPy peer (`bench/numpy_peer.py`): a Python virtual environment in
//! `target/tools/numpy-<version>/` with the pinned NumPy from PyPI, so W1 is measured against
//! NumPy in the same run as the wasm instead of quoting a figure from another day.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::command;
use crate::workspace::Workspace;

/// The NumPy release the peer runs (a wheel with OpenBLAS for Linux x86-64 and arm64).
pub const NUMPY_VERSION: &str = "2.4.6";

/// The environment's folder.
fn install_dir(ws: &Workspace) -> PathBuf {
    ws.tools_dir().join(format!("numpy-{NUMPY_VERSION}"))
}

/// The environment's Python.
fn python(dir: &Path) -> PathBuf {
    dir.join("bin").join("python")
}

/// Written once pip has installed NumPy, so an interrupted install is redone.
fn marker(dir: &Path) -> PathBuf {
    dir.join("numpy-installed")
}

/// The environment's Python, if NumPy was installed there.
pub fn installed(ws: &Workspace) -> Option<PathBuf> {
    let dir = install_dir(ws);
    (marker(&dir).is_file() && python(&dir).is_file()).then(|| python(&dir))
}

/// A Python that imports the pinned NumPy, installing it first when missing (needs `python3`
/// with its `venv` module, and PyPI).
pub fn ensure_installed(ws: &Workspace) -> Result<PathBuf, String> {
    if let Some(python) = installed(ws) {
        return Ok(python);
    }
    let dir = install_dir(ws);
    if !command::exists("python3") {
        return Err("the NumPy peer needs Python 3 (`sudo apt-get install -y python3`).".into());
    }
    eprintln!("Installing NumPy {NUMPY_VERSION} into {}...", dir.display());
    let _ = std::fs::remove_dir_all(&dir);
    let venv = || command::run(Command::new("python3").args(["-m", "venv"]).arg(&dir));
    if let Err(error) = venv() {
        // Debian's python3 leaves the venv module to a package of its own.
        if !crate::tools::is_root() {
            return Err(format!(
                "{error}; on Debian install the venv module: `sudo apt-get install -y python3-venv`"
            ));
        }
        let _ = std::fs::remove_dir_all(&dir);
        crate::tools::apt_install(&["python3-venv"])?;
        venv()?;
    }
    command::run(
        Command::new(python(&dir))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg(format!("numpy=={NUMPY_VERSION}")),
    )?;
    std::fs::write(marker(&dir), NUMPY_VERSION)
        .map_err(|error| format!("cannot write {}: {error}", marker(&dir).display()))?;
    Ok(python(&dir))
}
