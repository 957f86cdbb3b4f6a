//! `cargo xtask test`: every test layer, in stages, with a table of results and durations.
//!
//! 1. setup: the wasm32 target, wasm-bindgen-cli, Chromium + chromedriver, `npm ci` in tests/e2e,
//!    NumPy (for the benchmark's NumPy peer, whose answer tests/node checks).
//! 2. native: `cargo test --workspace` (all the mathematics, and this xtask).
//! 3. lint: `cargo fmt --all --check`; Clippy with `-D warnings` natively
//!    (`--workspace --all-targets`) and for wasm32 (the library and its tests, which hold the
//!    wasm-only code); ESLint (pinned in `xtask/npm/`, configured by `eslint.config.js`) on the
//!    page (`www/`), the JavaScript tests, the benchmark runners and the site bundler. Every
//!    check runs even when an earlier one fails, so one run lists everything to fix.
//! 4. build: the release wasm package in `www/pkg/`, and the shipped site in `target/site/`.
//! 5. wasm: `tests/wasm_api.rs` under wasm-bindgen-test in headless Chromium.
//! 6. node: `node --test tests/node/` (the README's JavaScript examples run against www/pkg).
//! 7. e2e: `node --test tests/e2e/` against the shipped site, served by this xtask's static
//!    server (Playwright + Chromium).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::tools::{self, WasmBindgen, WASM_TARGET};
use crate::workspace::Workspace;
use crate::{build, command, npm_tools, numpy, serve, site};

/// One stage of the suite, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Install or check the tools the other stages need.
    Setup,
    /// `cargo test --workspace`.
    Native,
    /// rustfmt, Clippy (native and wasm32) and ESLint.
    Lint,
    /// The wasm package in `www/pkg/` and the shipped site in `target/site/`.
    Build,
    /// wasm-bindgen-test in headless Chromium.
    Wasm,
    /// The README's examples in Node.
    Node,
    /// Page tests in Chromium through Playwright.
    E2e,
}

const ALL_STAGES: [Stage; 7] = [
    Stage::Setup,
    Stage::Native,
    Stage::Lint,
    Stage::Build,
    Stage::Wasm,
    Stage::Node,
    Stage::E2e,
];

impl Stage {
    /// The stage's name on the command line and in the table.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Setup => "setup",
            Stage::Native => "native",
            Stage::Lint => "lint",
            Stage::Build => "build",
            Stage::Wasm => "wasm",
            Stage::Node => "node",
            Stage::E2e => "e2e",
        }
    }

    fn parse(name: &str) -> Result<Stage, String> {
        ALL_STAGES
            .into_iter()
            .filter(|stage| *stage != Stage::Setup)
            .find(|stage| stage.name() == name)
            .ok_or_else(|| {
                format!("--only wants one of native, lint, build, wasm, node, e2e; not {name:?}.")
            })
    }
}

/// What `cargo xtask test` was asked to do.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `--only STAGE` (repeatable); empty means every stage.
    pub only: Vec<Stage>,
    /// `--skip-setup`: use the tools already installed.
    pub skip_setup: bool,
}

impl Options {
    /// Parses `[--only STAGE]... [--skip-setup]` (also `--only=STAGE`).
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options::default();
        let mut arg_idx = 0;
        while arg_idx < args.len() {
            let arg = args[arg_idx].as_str();
            if arg == "--skip-setup" {
                options.skip_setup = true;
            } else if let Some(name) = arg.strip_prefix("--only=") {
                options.only.push(Stage::parse(name)?);
            } else if arg == "--only" {
                arg_idx += 1;
                let name = args
                    .get(arg_idx)
                    .ok_or("--only needs a stage: native, lint, build, wasm, node or e2e.")?;
                options.only.push(Stage::parse(name)?);
            } else {
                return Err(format!(
                    "`cargo xtask test` takes --only STAGE and --skip-setup, not {arg:?}."
                ));
            }
            arg_idx += 1;
        }
        Ok(options)
    }

    /// The stages to run, in order. node and e2e need the wasm package, so they bring build.
    pub fn stages(&self) -> Vec<Stage> {
        let wanted = |stage: Stage| match stage {
            Stage::Setup => !self.skip_setup,
            _ if self.only.is_empty() => true,
            Stage::Build => [Stage::Build, Stage::Node, Stage::E2e]
                .iter()
                .any(|needs| self.only.contains(needs)),
            other => self.only.contains(&other),
        };
        ALL_STAGES
            .into_iter()
            .filter(|stage| wanted(*stage))
            .collect()
    }
}

/// How a stage ended.
enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

/// Runs the selected stages and prints the table; true when none failed.
pub fn run(ws: &Workspace, options: &Options) -> bool {
    let stages = options.stages();
    let started = Instant::now();
    if std::env::var_os("DOWNHILL_REQUIRE_DATA").is_some_and(|value| value == "1") {
        println!("DOWNHILL_REQUIRE_DATA=1: tests must find the bundled data files.");
    }
    let mut tools = Tools::default();
    let mut results: Vec<(Stage, Outcome, Duration)> = Vec::new();
    for stage in stages.iter().copied() {
        let blocked_by = results.iter().find_map(|(done, outcome, _)| {
            let failed = !matches!(outcome, Outcome::Passed);
            (failed && depends_on(stage, *done)).then_some(*done)
        });
        if let Some(blocker) = blocked_by {
            let why = format!("{} did not pass", blocker.name());
            results.push((stage, Outcome::Skipped(why), Duration::ZERO));
            continue;
        }
        println!("\n==> {} ", stage.name());
        let stage_started = Instant::now();
        let outcome = match run_stage(stage, ws, &stages, &mut tools) {
            Ok(()) => Outcome::Passed,
            Err(message) => {
                eprintln!("\n!!! stage {} FAILED: {message}", stage.name());
                Outcome::Failed(message)
            }
        };
        results.push((stage, outcome, stage_started.elapsed()));
    }
    print!("{}", table(&results, started.elapsed()));
    let failures: Vec<&str> = results
        .iter()
        .filter(|(_, outcome, _)| !matches!(outcome, Outcome::Passed))
        .map(|(stage, _, _)| stage.name())
        .collect();
    if failures.is_empty() {
        println!("cargo xtask test: every stage passed.");
        true
    } else {
        eprintln!(
            "cargo xtask test: FAILED in stage(s) {}. See the messages marked !!! above.",
            failures.join(", ")
        );
        false
    }
}

/// Whether `stage` cannot run after `earlier` failed or was skipped.
fn depends_on(stage: Stage, earlier: Stage) -> bool {
    match earlier {
        Stage::Setup => true,
        Stage::Build => matches!(stage, Stage::Node | Stage::E2e),
        _ => false,
    }
}

/// Tool paths that setup finds and later stages use.
#[derive(Default)]
struct Tools {
    wasm_bindgen: Option<WasmBindgen>,
    chromedriver: Option<PathBuf>,
}

impl Tools {
    /// The wasm-bindgen programs: from setup, or (with --skip-setup) already installed.
    fn wasm_bindgen(&mut self, ws: &Workspace) -> Result<&WasmBindgen, String> {
        if self.wasm_bindgen.is_none() {
            self.wasm_bindgen = Some(WasmBindgen::locate(ws)?.require()?);
        }
        self.wasm_bindgen
            .as_ref()
            .ok_or_else(|| "wasm-bindgen-cli is not set up".to_string())
    }

    fn chromedriver(&mut self) -> PathBuf {
        self.chromedriver
            .get_or_insert_with(tools::chromedriver)
            .clone()
    }
}

fn run_stage(
    stage: Stage,
    ws: &Workspace,
    stages: &[Stage],
    tools: &mut Tools,
) -> Result<(), String> {
    match stage {
        Stage::Setup => setup(ws, stages, tools),
        Stage::Native => command::run(
            command::cargo()
                .args(["test", "--workspace"])
                .current_dir(&ws.root),
        ),
        Stage::Lint => lint(ws),
        Stage::Build => {
            let wasm_bindgen = tools.wasm_bindgen(ws)?;
            build::build(ws, wasm_bindgen)?;
            site::make(ws, &ws.site_dir()).map(|_| ())
        }
        Stage::Wasm => {
            let runner = tools.wasm_bindgen(ws)?.test_runner.clone();
            command::run(
                command::cargo()
                    .args(["test", "--target", WASM_TARGET, "--test", "wasm_api"])
                    .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner)
                    .env("CHROMEDRIVER", tools.chromedriver())
                    .current_dir(&ws.root),
            )
        }
        Stage::Node => {
            let mut node = Command::new("node");
            node.args(["--test", "tests/node/"]).current_dir(&ws.root);
            // Setup installed it (or, with --skip-setup, an earlier run did).
            if let Some(python) = numpy::installed(ws) {
                node.env("DOWNHILL_NUMPY_PYTHON", python);
            }
            command::run(&mut node)
        }
        Stage::E2e => e2e(ws),
    }
}

/// Installs or checks exactly what the selected stages need.
fn setup(ws: &Workspace, stages: &[Stage], tools: &mut Tools) -> Result<(), String> {
    let needs = |any_of: &[Stage]| any_of.iter().any(|stage| stages.contains(stage));
    if needs(&[Stage::Build, Stage::Wasm]) {
        tools.wasm_bindgen = Some(tools::ensure_wasm_build_tools(ws)?);
        let wasm_bindgen = tools.wasm_bindgen(ws)?;
        println!("wasm-bindgen-cli {} ready", wasm_bindgen.version);
    }
    if needs(&[Stage::Wasm, Stage::E2e]) {
        let chromedriver = tools::ensure_chromium()?;
        println!(
            "Chromium ready ({}, {})",
            tools::CHROMIUM,
            chromedriver.display()
        );
        tools.chromedriver = Some(chromedriver);
    }
    if needs(&[Stage::Node, Stage::E2e, Stage::Lint]) {
        tools::ensure_node()?;
    }
    if needs(&[Stage::Lint]) {
        tools::ensure_wasm_target()?;
        tools::ensure_rust_lint_tools()?;
        npm_tools::ensure_installed(ws)?;
        println!("rustfmt, Clippy and ESLint ready");
    }
    if needs(&[Stage::Node]) {
        let python = numpy::ensure_installed(ws)?;
        println!(
            "NumPy {} ready ({})",
            numpy::NUMPY_VERSION,
            python.display()
        );
    }
    if needs(&[Stage::E2e]) {
        tools::install_e2e_packages(ws)?;
    }
    Ok(())
}

/// What ESLint checks: the page, the JavaScript tests, the benchmark runners, the site bundler
/// and its own configuration (generated and installed files are ignored by the configuration).
const ESLINT_PATHS: [&str; 6] = [
    "www",
    "tests/e2e",
    "tests/node",
    "bench",
    "xtask/npm",
    "eslint.config.js",
];

/// rustfmt, Clippy natively and for wasm32, and ESLint; every check runs, and the error lists
/// those that failed.
fn lint(ws: &Workspace) -> Result<(), String> {
    let eslint = npm_tools::ensure_installed(ws).map(|npm| {
        let mut command = Command::new("node");
        command
            .arg(npm.eslint())
            .args(["--max-warnings", "0"])
            .args(ESLINT_PATHS)
            .env("NODE_PATH", npm.node_modules())
            .current_dir(&ws.root);
        command
    });
    let checks: [(&str, Result<Command, String>); 4] = [
        ("rustfmt", Ok(cargo_in(ws, &["fmt", "--all", "--check"]))),
        (
            "clippy (native)",
            Ok(cargo_in(
                ws,
                &[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ],
            )),
        ),
        (
            "clippy (wasm32)",
            Ok(cargo_in(
                ws,
                &[
                    "clippy",
                    "--lib",
                    "--tests",
                    "--target",
                    WASM_TARGET,
                    "--",
                    "-D",
                    "warnings",
                ],
            )),
        ),
        ("eslint", eslint),
    ];
    let failed: Vec<String> = checks
        .into_iter()
        .filter_map(|(name, command)| {
            let result = command.and_then(|mut command| command::run(&mut command));
            result.err().map(|why| format!("{name}: {why}"))
        })
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

/// `cargo ARGS` in the workspace root.
fn cargo_in(ws: &Workspace, args: &[&str]) -> Command {
    let mut command = command::cargo();
    command.args(args).current_dir(&ws.root);
    command
}

/// Serves the shipped site (made by the build stage) on a free port from this process and runs
/// the page tests against it.
fn e2e(ws: &Workspace) -> Result<(), String> {
    let site = ws.site_dir();
    if !site.join("index.html").is_file() {
        return Err(format!(
            "{} holds no site: run the build stage first (`cargo xtask test --only build`).",
            site.display()
        ));
    }
    let screenshots = ws.target_dir.join("screenshots");
    std::fs::create_dir_all(&screenshots)
        .map_err(|error| format!("cannot create {}: {error}", screenshots.display()))?;
    let server = serve::Server::bind(&site, 0)
        .and_then(serve::Server::spawn)
        .map_err(|error| format!("cannot start the static server: {error}"))?;
    println!("Serving {} at {}", site.display(), server.url());
    let result = command::run(
        Command::new("node")
            .args(["--test", "tests/e2e/"])
            .env("DOWNHILL_URL", server.url())
            .env("SCREENSHOT_DIR", &screenshots)
            .env("DOWNHILL_SITE", &site)
            .env(
                "DOWNHILL_XTASK",
                std::env::current_exe().unwrap_or_default(),
            )
            .current_dir(&ws.root),
    );
    server.stop();
    println!("Screenshots: {}", screenshots.display());
    result
}

/// The results as an aligned table, failures and skips explained.
fn table(results: &[(Stage, Outcome, Duration)], total: Duration) -> String {
    let mut text =
        String::from("\n  stage    result          time\n  -------  --------  ----------\n");
    for (stage, outcome, duration) in results {
        let (result, note) = match outcome {
            Outcome::Passed => ("passed", String::new()),
            Outcome::Failed(why) => ("FAILED", format!("  {}", first_line(why))),
            Outcome::Skipped(why) => ("skipped", format!("  ({why})")),
        };
        let time = match outcome {
            Outcome::Skipped(_) => "-".to_string(),
            _ => seconds(*duration),
        };
        let _ = writeln!(
            text,
            "  {:<7}  {:<8}  {:>10}{note}",
            stage.name(),
            result,
            time
        );
    }
    let _ = writeln!(
        text,
        "  {:<7}  {:<8}  {:>10}\n",
        "total",
        "",
        seconds(total)
    );
    text
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// A duration as "12.3 s" or "4 min 05 s".
fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let whole = duration.as_secs();
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(&args.iter().map(|arg| arg.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn by_default_every_stage_runs_in_order() {
        assert_eq!(parse(&[]).unwrap().stages(), ALL_STAGES.to_vec());
    }

    #[test]
    fn only_selects_stages_and_node_or_e2e_bring_the_build() {
        let native = parse(&["--only", "native"]).unwrap().stages();
        assert_eq!(native, vec![Stage::Setup, Stage::Native]);
        let pages = parse(&["--only=e2e", "--only", "node", "--skip-setup"]).unwrap();
        assert_eq!(pages.stages(), vec![Stage::Build, Stage::Node, Stage::E2e]);
        let wasm = parse(&["--only", "wasm"]).unwrap().stages();
        assert_eq!(wasm, vec![Stage::Setup, Stage::Wasm]);
        let lint = parse(&["--only", "lint"]).unwrap().stages();
        assert_eq!(lint, vec![Stage::Setup, Stage::Lint]);
    }

    #[test]
    fn unknown_stages_and_options_are_errors() {
        assert!(parse(&["--only", "setup"]).is_err());
        assert!(parse(&["--only", "everything"]).is_err());
        assert!(parse(&["--only"]).is_err());
        assert!(parse(&["--fast"]).is_err());
    }

    #[test]
    fn a_failed_setup_blocks_everything_and_a_failed_build_blocks_the_pages() {
        assert!(depends_on(Stage::Native, Stage::Setup));
        assert!(depends_on(Stage::Node, Stage::Build));
        assert!(depends_on(Stage::E2e, Stage::Build));
        assert!(!depends_on(Stage::Wasm, Stage::Build));
        assert!(!depends_on(Stage::Build, Stage::Native));
        assert!(!depends_on(Stage::Build, Stage::Lint));
    }

    #[test]
    fn durations_read_as_seconds_or_minutes() {
        assert_eq!(seconds(Duration::from_millis(12_345)), "12.3 s");
        assert_eq!(seconds(Duration::from_secs(245)), "4 min 05 s");
    }

    #[test]
    fn the_table_marks_failures_and_skips() {
        let results = vec![
            (Stage::Native, Outcome::Passed, Duration::from_secs(3)),
            (
                Stage::Build,
                Outcome::Failed("`cargo build` failed\nmore".into()),
                Duration::from_secs(1),
            ),
            (
                Stage::Node,
                Outcome::Skipped("build did not pass".into()),
                Duration::ZERO,
            ),
        ];
        let text = table(&results, Duration::from_secs(4));
        assert!(text.contains("native   passed         3.0 s"), "{text}");
        assert!(
            text.contains("build    FAILED         1.0 s  `cargo build` failed\n"),
            "{text}"
        );
        assert!(
            text.contains("node     skipped            -  (build did not pass)"),
            "{text}"
        );
        assert!(text.contains("total                   4.0 s"), "{text}");
    }
}
