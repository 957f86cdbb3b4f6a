//! `cargo xtask`: Downhill's own commands, in plain Rust with no dependencies.
//!
//! - `cargo xtask build`: the wasm package in `www/pkg/` (installs the wasm32 target and the
//!   exact wasm-bindgen-cli into `target/tools/` when missing).
//! - `cargo xtask serve [--port N] [--dir DIR]`: build, make the shipped site (bundled, minified) in
//!   `target/site/` and serve it on 127.0.0.1 (with `--dir`, serve that folder as it is: `.` for
//!   the working tree while editing the page, `dist/` for a finished site).
//! - `cargo xtask dist [--out DIR]`: build, then write the shipped site into `dist/`.
//! - `cargo xtask test [--only STAGE]... [--skip-setup]`: every test layer; CI runs exactly this.
//! - `cargo xtask bench [--rounds N] [--no-browser]`: the performance figures (prints, never asserts a time).

mod bench;
mod build;
mod command;
mod manifest;
mod npm_tools;
mod numpy;
mod serve;
mod site;
mod suite;
mod tools;
mod wasm_opt;
mod workspace;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use workspace::Workspace;

const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  build                   build the wasm package into www/pkg/ (release, simd128)
  serve [--port N]        build, make the shipped site (bundled and minified) in
                          target/site/ and serve it on http://127.0.0.1:N/ (default
                          8000; --port 0 picks any free port)
      --dir DIR           serve DIR as it is, without building (`--dir .` serves the
                          working tree, so edits to www/ show on reload)
  dist [--out DIR]        build, then write the shipped site into DIR (default dist/)
  test [options]          run every test stage: setup, native, lint, build, wasm, node, e2e
      --only STAGE        run only this stage (repeatable): native, lint, build, wasm, node, e2e
      --skip-setup        do not install or check tools (quicker local iterations)
  bench [options]         build, then print the performance figures: W1-W3 on the wasm,
                          natively and in plain JavaScript (wrong results fail), the
                          download size, and in-page timings in headless Chromium
      --rounds N          interleaved rounds of W1-W3 (default 5)
      --no-browser        skip the in-page timings
  help                    show this message
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("\nerror: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((command, options)) = args.split_first() else {
        print!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    };
    match command.as_str() {
        "build" => {
            no_options(command, options)?;
            let ws = Workspace::locate()?;
            let wasm_bindgen = tools::ensure_wasm_build_tools(&ws)?;
            build::build(&ws, &wasm_bindgen)?;
            Ok(ExitCode::SUCCESS)
        }
        "serve" => {
            let (port, dir) = parse_serve(options)?;
            let ws = Workspace::locate()?;
            let dir = match dir {
                Some(dir) => dir,
                None => {
                    let wasm_bindgen = tools::ensure_wasm_build_tools(&ws)?;
                    build::build(&ws, &wasm_bindgen)?;
                    site::make(&ws, &ws.site_dir())?
                }
            };
            if !dir.join("index.html").is_file() {
                return Err(format!(
                    "{} holds no index.html: nothing to serve.",
                    dir.display()
                ));
            }
            let server = serve::Server::bind(&dir, port).map_err(|error| {
                format!(
                    "cannot listen on 127.0.0.1:{port}: {error}. Is another server using that \
                     port? Try `cargo xtask serve --port 0` for any free port."
                )
            })?;
            println!("Downhill is serving at {}", server.url());
            std::io::stdout()
                .flush()
                .map_err(|error| error.to_string())?;
            server.serve_forever();
            Ok(ExitCode::SUCCESS)
        }
        "dist" => {
            let out = parse_out(options)?;
            let ws = Workspace::locate()?;
            let out = out.unwrap_or_else(|| ws.root.join("dist"));
            let wasm_bindgen = tools::ensure_wasm_build_tools(&ws)?;
            build::build(&ws, &wasm_bindgen)?;
            let out = site::make(&ws, &out)?;
            println!("The static site is in {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        "test" => {
            let options = suite::Options::parse(options)?;
            let ws = Workspace::locate()?;
            let all_passed = suite::run(&ws, &options);
            Ok(if all_passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        "bench" => {
            let options = bench::Options::parse(options)?;
            let ws = Workspace::locate()?;
            bench::run(&ws, &options)?;
            Ok(ExitCode::SUCCESS)
        }
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other:?}.\n\n{USAGE}")),
    }
}

fn no_options(command: &str, options: &[String]) -> Result<(), String> {
    match options.first() {
        None => Ok(()),
        Some(option) => Err(format!(
            "`cargo xtask {command}` takes no option {option:?}.\n\n{USAGE}"
        )),
    }
}

/// `--port N` (or `--port=N`; 8000 when absent) and `--dir DIR` (`None` when absent).
fn parse_serve(options: &[String]) -> Result<(u16, Option<PathBuf>), String> {
    let mut port = 8000;
    let mut dir = None;
    let mut option_idx = 0;
    while option_idx < options.len() {
        let (name, inline) = split_option(&options[option_idx]);
        let value = match name {
            "--port" | "--dir" => option_value(options, &mut option_idx, inline, name)?,
            _ => {
                return Err(format!(
                    "`cargo xtask serve` takes only --port N and --dir DIR, not {name:?}."
                ))
            }
        };
        if name == "--dir" {
            dir = Some(PathBuf::from(value));
        } else {
            port = value.parse().map_err(|_| {
                format!("--port wants a number from 0 to 65535 (0 = any free port), not {value:?}.")
            })?;
        }
        option_idx += 1;
    }
    Ok((port, dir))
}

/// `--out DIR` (or `--out=DIR`); `None` when absent.
fn parse_out(options: &[String]) -> Result<Option<PathBuf>, String> {
    let mut out = None;
    let mut option_idx = 0;
    while option_idx < options.len() {
        let (name, inline) = split_option(&options[option_idx]);
        if name != "--out" {
            return Err(format!(
                "`cargo xtask dist` takes only --out DIR, not {name:?}."
            ));
        }
        out = Some(PathBuf::from(option_value(
            options,
            &mut option_idx,
            inline,
            "--out",
        )?));
        option_idx += 1;
    }
    Ok(out)
}

/// Splits `--name=value` into its name and value; a bare `--name` has no inline value.
pub(crate) fn split_option(option: &str) -> (&str, Option<&str>) {
    match option.split_once('=') {
        Some((name, value)) if name.starts_with("--") => (name, Some(value)),
        _ => (option, None),
    }
}

/// The value of an option: inline (`--name=value`) or the next argument (then `option_idx` moves on).
pub(crate) fn option_value(
    options: &[String],
    option_idx: &mut usize,
    inline: Option<&str>,
    name: &str,
) -> Result<String, String> {
    if let Some(value) = inline {
        return Ok(value.to_string());
    }
    *option_idx += 1;
    options
        .get(*option_idx)
        .cloned()
        .ok_or_else(|| format!("{name} needs a value."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| arg.to_string()).collect()
    }

    #[test]
    fn port_defaults_to_8000_and_accepts_both_spellings() {
        let port = |args: &[&str]| parse_serve(&strings(args)).map(|(port, _)| port);
        assert_eq!(port(&[]), Ok(8000));
        assert_eq!(port(&["--port", "0"]), Ok(0));
        assert_eq!(port(&["--port=8123"]), Ok(8123));
        assert!(port(&["--port"]).is_err());
        assert!(port(&["--port", "70000"]).is_err());
        assert!(port(&["--host", "0.0.0.0"]).is_err());
    }

    #[test]
    fn serve_dir_is_optional() {
        assert_eq!(parse_serve(&[]), Ok((8000, None)));
        assert_eq!(
            parse_serve(&strings(&["--dir", "dist", "--port=0"])),
            Ok((0, Some(PathBuf::from("dist"))))
        );
        assert!(parse_serve(&strings(&["--dir"])).is_err());
    }

    #[test]
    fn out_is_optional() {
        assert_eq!(parse_out(&[]), Ok(None));
        assert_eq!(
            parse_out(&strings(&["--out", "site"])),
            Ok(Some(PathBuf::from("site")))
        );
        assert_eq!(
            parse_out(&strings(&["--out=a=b"])),
            Ok(Some(PathBuf::from("a=b")))
        );
    }
}
