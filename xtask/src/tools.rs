//! The tools the build and the tests need, installed when missing: the wasm32 target, the exact
//! wasm-bindgen-cli (into `target/tools/`), Chromium with chromedriver, and the e2e npm packages.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::command;
use crate::workspace::Workspace;

/// The Rust target the playground compiles to.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Debian's Chromium and its WebDriver, as `apt-get install chromium chromium-driver` places them.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// See [`CHROMIUM`].
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

const APT_INSTALL_HINT: &str =
    "sudo apt-get update && sudo apt-get install -y chromium chromium-driver";

/// The wasm-bindgen programs of the version Cargo.lock pins.
pub struct WasmBindgen {
    /// The version, equal to the `wasm-bindgen` crate's.
    pub version: String,
    /// `wasm-bindgen`: turns the compiled .wasm into `downhill.js` + `downhill_bg.wasm`.
    pub cli: PathBuf,
    /// `wasm-bindgen-test-runner`: Cargo's runner for wasm tests (drives chromedriver).
    pub test_runner: PathBuf,
}

impl WasmBindgen {
    /// Where the pinned version lives or will live: `target/tools/wasm-bindgen-X/bin/`.
    pub fn locate(ws: &Workspace) -> Result<WasmBindgen, String> {
        let version = ws.locked_version("wasm-bindgen")?;
        let bin = install_root(ws, &version).join("bin");
        Ok(WasmBindgen {
            cli: bin.join("wasm-bindgen"),
            test_runner: bin.join("wasm-bindgen-test-runner"),
            version,
        })
    }

    /// Whether both programs are present and report the pinned version.
    fn is_installed(&self) -> bool {
        self.test_runner.is_file()
            && command::output(Command::new(&self.cli).arg("--version"))
                .is_ok_and(|out| out.split_whitespace().any(|word| word == self.version))
    }

    /// An error unless the programs are installed (for `--skip-setup`).
    pub fn require(self) -> Result<WasmBindgen, String> {
        if self.is_installed() {
            Ok(self)
        } else {
            Err(format!(
                "wasm-bindgen-cli {} is not installed at {}; run `cargo xtask build` or drop --skip-setup.",
                self.version,
                self.cli.display()
            ))
        }
    }
}

fn install_root(ws: &Workspace, version: &str) -> PathBuf {
    ws.tools_dir().join(format!("wasm-bindgen-{version}"))
}

/// Everything `cargo xtask build` needs: the wasm32 target, the pinned wasm-bindgen-cli and
/// the pinned wasm-opt.
pub fn ensure_wasm_build_tools(ws: &Workspace) -> Result<WasmBindgen, String> {
    ensure_wasm_target()?;
    crate::npm_tools::ensure_installed(ws)?;
    ensure_wasm_bindgen(ws)
}

/// Adds the wasm32 target with rustup when this toolchain lacks it.
pub fn ensure_wasm_target() -> Result<(), String> {
    let sysroot = command::output(Command::new(rustc()).args(["--print", "sysroot"]))?;
    let target_lib = Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(WASM_TARGET);
    if target_lib.is_dir() {
        return Ok(());
    }
    if !command::exists("rustup") {
        return Err(format!(
            "the Rust target {WASM_TARGET} is missing and rustup is not available to add it; \
             install Rust with rustup, then run `rustup target add {WASM_TARGET}`."
        ));
    }
    command::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// Adds rustfmt and Clippy with rustup when `cargo fmt` or `cargo clippy` is missing (the lint
/// stage runs both).
pub fn ensure_rust_lint_tools() -> Result<(), String> {
    let has = |tool: &str| {
        command::cargo()
            .args([tool, "--version"])
            .output()
            .is_ok_and(|output| output.status.success())
    };
    if has("fmt") && has("clippy") {
        return Ok(());
    }
    if !command::exists("rustup") {
        return Err(
            "the lint stage needs `cargo fmt` and `cargo clippy`; install Rust with rustup, then \
             run `rustup component add rustfmt clippy`."
                .into(),
        );
    }
    command::run(Command::new("rustup").args(["component", "add", "rustfmt", "clippy"]))
}

/// Installs the wasm-bindgen-cli that matches the locked `wasm-bindgen` crate into
/// `target/tools/wasm-bindgen-X/` unless it is already there.
pub fn ensure_wasm_bindgen(ws: &Workspace) -> Result<WasmBindgen, String> {
    let tools = WasmBindgen::locate(ws)?;
    if tools.is_installed() {
        return Ok(tools);
    }
    eprintln!(
        "Installing wasm-bindgen-cli {} into {} (a few minutes, once)...",
        tools.version,
        install_root(ws, &tools.version).display()
    );
    // No --locked: for 0.2.130 a locked dependency is missing from the registry.
    command::run(
        command::cargo()
            .args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                &tools.version,
                "--root",
            ])
            .arg(install_root(ws, &tools.version)),
    )?;
    tools.require()
}

/// Makes sure Chromium and chromedriver exist, installing Debian's packages when running as root;
/// otherwise the error gives the exact command to run. Returns chromedriver's path.
pub fn ensure_chromium() -> Result<PathBuf, String> {
    let chromedriver = chromedriver();
    if Path::new(CHROMIUM).is_file() && chromedriver.is_file() {
        return Ok(chromedriver);
    }
    if !is_root() {
        return Err(format!(
            "the browser tests need Chromium and chromedriver ({CHROMIUM}, {}). Install them with:\n    {APT_INSTALL_HINT}",
            chromedriver.display()
        ));
    }
    apt_install(&["chromium", "chromium-driver"])?;
    if Path::new(CHROMIUM).is_file() && chromedriver.is_file() {
        Ok(chromedriver)
    } else {
        Err(format!(
            "apt-get finished but {CHROMIUM} or {} is still missing.",
            chromedriver.display()
        ))
    }
}

/// chromedriver: `CHROMEDRIVER` from the environment, else Debian's.
pub fn chromedriver() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(CHROMEDRIVER))
}

/// Checks that Node 20 or newer and npm are there (the node and e2e tests run on them).
pub fn ensure_node() -> Result<(), String> {
    let version = command::output(Command::new("node").arg("--version")).map_err(|_| {
        "the node and e2e tests need Node 20 or newer; install it (for example \
         `sudo apt-get install -y nodejs npm`)."
            .to_string()
    })?;
    let major = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse::<u32>().ok());
    match major {
        Some(major) if major >= 20 => Ok(()),
        _ => Err(format!(
            "the node and e2e tests need Node 20 or newer; this is {}.",
            version.trim()
        )),
    }
}

/// `npm ci` in tests/e2e: installs exactly the versions package-lock.json pins.
pub fn install_e2e_packages(ws: &Workspace) -> Result<(), String> {
    if !command::exists("npm") {
        return Err("the e2e tests need npm; install it (`sudo apt-get install -y npm`).".into());
    }
    command::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(ws.root.join("tests").join("e2e")),
    )
}

/// The rustc Cargo uses (`RUSTC`, else the rustup proxy on the PATH).
fn rustc() -> std::ffi::OsString {
    std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into())
}

/// `apt-get update`, then `apt-get install -y` the Debian `packages` (as root).
pub(crate) fn apt_install(packages: &[&str]) -> Result<(), String> {
    command::run(
        Command::new("apt-get")
            .arg("update")
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    command::run(
        Command::new("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Whether this process runs as root (then apt-get may install packages).
pub(crate) fn is_root() -> bool {
    command::output(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0")
}
