//! The site as it ships: `index.html` and `www/` (with the generated `www/pkg/` and the data
//! files in `www/data/`) copied into one folder, the page's modules bundled into one minified
//! `www/main.js`, the views' stylesheets (`www/views/*.css`) joined to `www/style.css` into one
//! minified sheet, the other JavaScript minified file by file (`xtask/npm/ship.mjs`, esbuild),
//! and its own offline manifest (`www/pkg/build.js`, whose digests are those of the
//! shipped files). `cargo xtask serve`, the end-to-end tests and the
//! size benchmark use it from `target/site/`; `cargo xtask dist` writes it to `dist/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace::Workspace;
use crate::{command, manifest, npm_tools};

/// Makes the shipped site in `out` from the built repository (run `build::build` first) and
/// returns `out` as an absolute path.
pub fn make(ws: &Workspace, out: &Path) -> Result<PathBuf, String> {
    let tools = npm_tools::ensure_installed(ws)?;
    let out = copy_site(&ws.root, out)?;
    command::run(
        Command::new("node")
            .arg(ws.root.join("xtask").join("npm").join("ship.mjs"))
            .arg(tools.dir())
            .arg(out.join("www"))
            .current_dir(&ws.root),
    )?;
    manifest::write(&out)?;
    Ok(out)
}

/// Copies `index.html` and `www/` from `root` into `out` (replacing an older copy of those two,
/// leaving anything else in `out` alone) and returns `out` as an absolute path.
pub fn copy_site(root: &Path, out: &Path) -> Result<PathBuf, String> {
    let index = root.join("index.html");
    let www = root.join("www");
    if !index.is_file() {
        return Err(format!(
            "{} is missing: there is no page to ship.",
            index.display()
        ));
    }
    if !www.join("pkg").is_dir() {
        return Err(format!(
            "{} is missing: run `cargo xtask build` first.",
            www.join("pkg").display()
        ));
    }
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        root.join(out)
    };
    if out.starts_with(&www) {
        return Err(format!(
            "--out {} lies inside www/, which would copy the site into itself.",
            out.display()
        ));
    }
    fs::create_dir_all(&out).map_err(|error| describe("create", &out, error))?;
    let out_www = out.join("www");
    if out_www.exists() {
        fs::remove_dir_all(&out_www).map_err(|error| describe("remove", &out_www, error))?;
    }
    fs::copy(&index, out.join("index.html")).map_err(|error| describe("copy", &index, error))?;
    copy_tree(&www, &out_www)?;
    Ok(out)
}

/// Copies the folder `from` into `to` recursively, skipping hidden files (".gitignore", ".DS_Store").
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|error| describe("create", to, error))?;
    let entries = fs::read_dir(from).map_err(|error| describe("read", from, error))?;
    for entry in entries {
        let entry = entry.map_err(|error| describe("read", from, error))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let source = entry.path();
        let destination = to.join(entry.file_name());
        if source.is_dir() {
            copy_tree(&source, &destination)?;
        } else {
            fs::copy(&source, &destination).map_err(|error| describe("copy", &source, error))?;
        }
    }
    Ok(())
}

fn describe(verb: &str, path: &Path, error: std::io::Error) -> String {
    format!("cannot {verb} {}: {error}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty folder under the system's temporary directory.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-dist-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn copies_page_www_pkg_and_data_but_not_hidden_files() {
        let root = scratch("copy");
        fs::create_dir_all(root.join("www/pkg")).unwrap();
        fs::create_dir_all(root.join("www/data")).unwrap();
        fs::write(root.join("index.html"), "<!doctype html>").unwrap();
        fs::write(root.join("www/main.js"), "export {}").unwrap();
        fs::write(root.join("www/pkg/downhill_bg.wasm"), [0, 97, 115, 109]).unwrap();
        fs::write(root.join("www/pkg/.gitignore"), "*").unwrap();
        fs::write(root.join("www/data/ames.csv"), "a,b\n").unwrap();
        fs::write(root.join("Cargo.toml"), "").unwrap();

        let out = copy_site(&root, Path::new("dist")).unwrap();
        assert_eq!(out, root.join("dist"));
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "<!doctype html>"
        );
        assert_eq!(
            fs::read(out.join("www/pkg/downhill_bg.wasm")).unwrap(),
            [0, 97, 115, 109]
        );
        assert_eq!(
            fs::read_to_string(out.join("www/data/ames.csv")).unwrap(),
            "a,b\n"
        );
        assert!(out.join("www/main.js").is_file());
        assert!(!out.join("www/pkg/.gitignore").exists());
        assert!(!out.join("Cargo.toml").exists());

        // A second run replaces the old www/ copy: a file deleted at the source disappears.
        fs::remove_file(root.join("www/main.js")).unwrap();
        copy_site(&root, &out).unwrap();
        assert!(!out.join("www/main.js").exists());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn refuses_without_the_built_package_or_into_www() {
        let root = scratch("refuse");
        fs::create_dir_all(root.join("www")).unwrap();
        fs::write(root.join("index.html"), "").unwrap();
        assert!(copy_site(&root, Path::new("dist"))
            .unwrap_err()
            .contains("cargo xtask build"));
        fs::create_dir_all(root.join("www/pkg")).unwrap();
        assert!(copy_site(&root, Path::new("www/site")).is_err());
        fs::remove_dir_all(&root).unwrap();
    }
}
