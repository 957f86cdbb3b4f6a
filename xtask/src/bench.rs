//! `cargo xtask bench`: the performance figures, printed (benchmarks assert correctness, never
//! a time).
//!
//! 1. Builds the playground (`www/pkg/`), the benchmark wasm (`--features bench`, into
//!    `target/bench-pkg/`, so the playground never carries the benchmark exports) and the
//!    native runner (`examples/bench_native.rs`, release).
//! 2. `node bench/run.mjs`: W1–W3 of bench/WORKLOADS.md on the wasm (bench/adapter.mjs),
//!    natively and in plain JavaScript, and W1 and W2 in NumPy (`bench/numpy_peer.py`, in a virtual
//!    environment with the pinned NumPy), interleaved rounds, medians and ratios; exits non-zero
//!    on any wrong result.
//! 3. `node bench/size.mjs`: the playground's download (the shipped site, `target/site/`), gzipped.
//! 4. `node bench/typed.mjs`: typed functions on the playground's wasm: parsing and
//!    differentiating 200 nodes, a 512 × 512 heatmap of a 50-node surface; answers checked.
//!    `node bench/houses.mjs`: the default house-price network on Ames and California, wasm
//!    against native (`examples/houses_speed.rs`), with what it learned against the baselines.
//! 5. `node bench/browser.mjs` against this xtask's server: in headless Chromium, re-rendering a
//!    512 × 512 landscape with contours, 10,000 descent steps, and main-thread work per frame
//!    while lessons play at full speed.

use std::path::Path;
use std::process::Command;

use crate::tools::{self, WasmBindgen, WASM_TARGET};
use crate::workspace::{Workspace, CRATE_NAME};
use crate::{build, command, serve, site};

/// What `cargo xtask bench` was asked to do.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    /// Interleaved rounds of W1–W3 (`--rounds N`, default 5).
    pub rounds: u32,
    /// `--no-browser`: skip the in-page figures (no Chromium needed).
    pub browser: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rounds: 5,
            browser: true,
        }
    }
}

impl Options {
    /// Parses `[--rounds N] [--no-browser]` (also `--rounds=N`).
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options::default();
        let mut arg_idx = 0;
        while arg_idx < args.len() {
            let (name, inline) = crate::split_option(&args[arg_idx]);
            match name {
                "--no-browser" if inline.is_none() => options.browser = false,
                "--rounds" => {
                    let value = crate::option_value(args, &mut arg_idx, inline, "--rounds")?;
                    options.rounds = value
                        .parse()
                        .ok()
                        .filter(|&n| (1..=100).contains(&n))
                        .ok_or_else(|| {
                            format!("--rounds wants a whole number from 1 to 100, not {value:?}.")
                        })?;
                }
                _ => {
                    return Err(format!(
                        "`cargo xtask bench` takes --rounds N and --no-browser, not {:?}.",
                        args[arg_idx]
                    ))
                }
            }
            arg_idx += 1;
        }
        Ok(options)
    }
}

/// Builds what the benchmarks need and runs them; an error names the step that failed (a
/// wrong result is an error too).
pub fn run(ws: &Workspace, options: &Options) -> Result<(), String> {
    let wasm_bindgen = tools::ensure_wasm_build_tools(ws)?;
    tools::ensure_node()?;
    build::build(ws, &wasm_bindgen)?;
    site::make(ws, &ws.site_dir())?;
    build_bench_wasm(ws, &wasm_bindgen)?;
    command::run(
        command::cargo()
            .args(["build", "--release", "--example", "bench_native"])
            .args(["--example", "houses_speed"])
            .current_dir(&ws.root),
    )?;
    let native = ws
        .target_dir
        .join("release")
        .join("examples")
        .join("bench_native");
    // Without NumPy the other figures still stand; say why its column is empty.
    let python = crate::numpy::ensure_installed(ws)
        .map_err(|error| eprintln!("(no NumPy figures: {error})"))
        .ok();
    let pkg = bench_pkg_dir(ws);
    let results = ws.target_dir.join("bench").join("results.json");
    println!("\n==> W1–W3: wasm, native, plain JavaScript and NumPy");
    let mut run = Command::new("node");
    run.arg("bench/run.mjs");
    if let Some(python) = &python {
        run.arg("--python").arg(python);
    }
    let workloads = command::run(
        run.arg("--rounds")
            .arg(options.rounds.to_string())
            .arg("--pkg")
            .arg(pkg.join(format!("{CRATE_NAME}.js")))
            .arg("--wasm")
            .arg(pkg.join(format!("{CRATE_NAME}_bg.wasm")))
            .arg("--native")
            .arg(&native)
            .arg("--json")
            .arg(&results)
            .current_dir(&ws.root),
    );
    println!("\n==> The playground's download");
    command::run(
        Command::new("node")
            .arg("bench/size.mjs")
            .current_dir(&ws.root),
    )?;
    println!("\n==> Typed functions");
    let typed = command::run(
        Command::new("node")
            .arg("bench/typed.mjs")
            .current_dir(&ws.root),
    );
    println!("\n==> The house-price network");
    let houses = command::run(
        Command::new("node")
            .arg("bench/houses.mjs")
            .arg("--native")
            .arg(native.with_file_name("houses_speed"))
            .current_dir(&ws.root),
    );
    if options.browser {
        println!("\n==> In the page (headless Chromium)");
        browser(ws)?;
    }
    typed.map_err(|error| format!("the typed-function benchmark found a wrong result: {error}"))?;
    houses.map_err(|error| format!("the house-price benchmark found a wrong result: {error}"))?;
    workloads.map_err(|error| format!("W1–W3 found a wrong result or could not run: {error}"))
}

/// Where the benchmark wasm package goes.
fn bench_pkg_dir(ws: &Workspace) -> std::path::PathBuf {
    ws.target_dir.join("bench-pkg")
}

/// The wasm with the benchmark-only exports: the same release build with `--features bench`,
/// run through wasm-bindgen into `target/bench-pkg/` (never into www/pkg).
fn build_bench_wasm(ws: &Workspace, wasm_bindgen: &WasmBindgen) -> Result<(), String> {
    command::run(
        command::cargo()
            .args([
                "build",
                "--lib",
                "--release",
                "--target",
                WASM_TARGET,
                "--features",
                "bench",
            ])
            .current_dir(&ws.root),
    )?;
    let compiled = ws
        .target_dir
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{CRATE_NAME}.wasm"));
    command::run(
        Command::new(&wasm_bindgen.cli)
            .arg(&compiled)
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(bench_pkg_dir(ws))
            .current_dir(&ws.root),
    )?;
    // Optimised like the playground's, so the figures are the shipped code's.
    crate::wasm_opt::optimize(ws, &bench_pkg_dir(ws).join(format!("{CRATE_NAME}_bg.wasm")))
}

/// Serves the repository from this process and measures in headless Chromium.
fn browser(ws: &Workspace) -> Result<(), String> {
    tools::ensure_chromium()?;
    tools::install_e2e_packages(ws)?;
    let server = serve::Server::bind(&ws.root, 0)
        .and_then(serve::Server::spawn)
        .map_err(|error| format!("cannot start the static server: {error}"))?;
    let result = command::run(
        Command::new("node")
            .arg(Path::new("bench").join("browser.mjs"))
            .env("DOWNHILL_URL", server.url())
            .current_dir(&ws.root),
    );
    server.stop();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(&args.iter().map(|arg| arg.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn rounds_and_browser_have_defaults_and_both_spellings() {
        assert_eq!(parse(&[]), Ok(Options::default()));
        let options = parse(&["--rounds", "3", "--no-browser"]).unwrap();
        assert_eq!(
            options,
            Options {
                rounds: 3,
                browser: false
            }
        );
        assert_eq!(parse(&["--rounds=7"]).unwrap().rounds, 7);
    }

    #[test]
    fn bad_options_are_errors() {
        assert!(parse(&["--rounds"]).is_err());
        assert!(parse(&["--rounds", "0"]).is_err());
        assert!(parse(&["--rounds", "many"]).is_err());
        assert!(parse(&["--no-browser=yes"]).is_err());
        assert!(parse(&["--fast"]).is_err());
    }
}
