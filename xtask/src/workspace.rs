//! Where things are: the repository root, the target folder, and the versions Cargo.lock pins.

use std::path::{Path, PathBuf};

/// The crate that becomes the wasm package (`www/pkg/downhill.js`).
pub const CRATE_NAME: &str = "downhill";

/// The repository and its build folders.
pub struct Workspace {
    /// The repository root (holds Cargo.toml, index.html and www/).
    pub root: PathBuf,
    /// Cargo's target folder (`CARGO_TARGET_DIR` or `<root>/target`).
    pub target_dir: PathBuf,
}

impl Workspace {
    /// Finds the repository from this crate's manifest folder (`<root>/xtask`).
    pub fn locate() -> Result<Workspace, String> {
        // `cargo run` sets CARGO_MANIFEST_DIR at run time; the compile-time value is the fallback.
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest_dir
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| format!("{} has no parent folder", manifest_dir.display()))?;
        if !root.join("Cargo.toml").is_file() {
            return Err(format!(
                "{} does not look like the Downhill repository (no Cargo.toml); run `cargo xtask` \
                 from inside the repository.",
                root.display()
            ));
        }
        let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => root.join(dir),
            _ => root.join("target"),
        };
        Ok(Workspace { root, target_dir })
    }

    /// Local tools installed by the xtask (never on the PATH): `<target>/tools/`.
    pub fn tools_dir(&self) -> PathBuf {
        self.target_dir.join("tools")
    }

    /// The shipped site that `cargo xtask serve` and the tests serve: `<target>/site/`.
    pub fn site_dir(&self) -> PathBuf {
        self.target_dir.join("site")
    }

    /// The generated wasm-bindgen package the page imports: `<root>/www/pkg/`.
    pub fn pkg_dir(&self) -> PathBuf {
        self.root.join("www").join("pkg")
    }

    /// The version of `package` that Cargo.lock pins, read from the file.
    pub fn locked_version(&self, package: &str) -> Result<String, String> {
        let lock_path = self.root.join("Cargo.lock");
        let lock = std::fs::read_to_string(&lock_path)
            .map_err(|error| format!("cannot read {}: {error}", lock_path.display()))?;
        locked_version(&lock, package)
            .map_err(|problem| format!("{}: {problem}", lock_path.display()))
    }
}

/// The single version of `package` in a Cargo.lock text (`[[package]]` tables of `name = "..."`
/// followed by `version = "..."`); an error when it is absent or locked at several versions.
pub fn locked_version(lock: &str, package: &str) -> Result<String, String> {
    let mut versions: Vec<String> = Vec::new();
    let mut in_package = false;
    for line in lock.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = false;
        } else if let Some(name) = quoted_value(line, "name") {
            in_package = name == package;
        } else if let (true, Some(version)) = (in_package, quoted_value(line, "version")) {
            if !versions.iter().any(|known| known == version) {
                versions.push(version.to_string());
            }
        }
    }
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => Err(format!("no package {package:?} is locked")),
        _ => Err(format!(
            "{package:?} is locked at several versions ({}); the wasm tools must match exactly one",
            versions.join(", ")
        )),
    }
}

/// The string in a line `key = "value"`.
fn quoted_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    rest.strip_prefix('"')?.strip_suffix('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.999"
"#;

    #[test]
    fn finds_the_exact_package_not_its_prefix_siblings() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen"),
            Ok("0.2.130".to_string())
        );
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen-macro"),
            Ok("0.2.999".to_string())
        );
    }

    #[test]
    fn absent_or_ambiguous_packages_are_errors() {
        assert!(locked_version(LOCK, "js-sys").is_err());
        let twice = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.1\"\n");
        assert!(locked_version(&twice, "wasm-bindgen").is_err());
    }

    #[test]
    fn the_repository_lock_pins_the_cli_version() {
        // The crate pins `wasm-bindgen = "=X"`; the CLI installed must be that X.
        let ws = Workspace::locate().expect("the xtask runs inside the repository");
        let manifest = std::fs::read_to_string(ws.root.join("Cargo.toml")).expect("Cargo.toml");
        let version = ws
            .locked_version("wasm-bindgen")
            .expect("a locked wasm-bindgen");
        assert!(
            manifest.contains(&format!("wasm-bindgen = \"={version}\"")),
            "Cargo.toml should pin wasm-bindgen = \"={version}\""
        );
    }
}
