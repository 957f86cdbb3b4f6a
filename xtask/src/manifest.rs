//! The build identifier and the offline manifest, `www/pkg/build.js`, read by the service worker
//! (`www/sw.js`) with `importScripts`:
//!
//! ```js
//! self.DOWNHILL_BUILD = {
//!   "id": "3f2a9c0d1e4b5a67",
//!   "files": [["index.html", "sha256-..."], ["www/main.js", "sha256-..."], ...]
//! };
//! ```
//!
//! The files are found by walking the folder, never listed by hand: `index.html` and every file
//! under `www/`, except hidden names, Markdown (data cards, notes), folders named `test`,
//! `tests` or `fixtures`, and in `www/pkg/` anything but the `.js` and `.wasm` the page loads
//! (and the manifest itself). The identifier is the SHA-256 of every path and content, so any
//! change to any app file names a new build, and the worker a new cache.

pub mod sha256;

use std::fs;
use std::path::Path;

/// The manifest's file name inside `www/pkg/`.
pub const MANIFEST_FILE: &str = "build.js";

/// Hex digits of the build identifier (64 bits of the SHA-256: collisions are not a concern).
const N_ID_HEX: usize = 16;

/// Folders under `www/` that are not the app: test material, and `img` (the README's
/// screenshots, which the page never loads).
const NOT_APP_FOLDERS: [&str; 4] = ["test", "tests", "fixtures", "img"];

/// One file of the app: its path from the site root (`www/main.js`) and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path from the site root, '/'-separated.
    pub path: String,
    /// The SHA-256 digest of the file's bytes.
    pub digest: [u8; 32],
}

/// Hashes the app files of the site at `root` (the repository, or a built copy of the site),
/// writes its `www/pkg/build.js` (only when the text changes) and returns the build identifier.
pub fn write(root: &Path) -> Result<String, String> {
    let entries = app_entries(root)?;
    let id = build_id(&entries);
    let text = render(&id, &entries);
    let path = root.join("www").join("pkg").join(MANIFEST_FILE);
    if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        fs::write(&path, &text)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    eprintln!(
        "  www/pkg/{MANIFEST_FILE}: build {id}, {} files for offline use",
        entries.len()
    );
    Ok(id)
}

/// The app's files under `root` with their digests, sorted by path.
pub fn app_entries(root: &Path) -> Result<Vec<Entry>, String> {
    app_paths(root)?
        .into_iter()
        .map(|path| {
            let full = root.join(&path);
            let bytes = fs::read(&full)
                .map_err(|error| format!("cannot read {}: {error}", full.display()))?;
            Ok(Entry {
                path,
                digest: sha256::digest(&bytes),
            })
        })
        .collect()
}

/// The paths (from `root`, '/'-separated, sorted) of the files a visitor's browser loads:
/// `index.html` and the app files under `www/` (see the module notes for what is left out).
pub fn app_paths(root: &Path) -> Result<Vec<String>, String> {
    let index = root.join("index.html");
    if !index.is_file() {
        return Err(format!("{} is missing: there is no page.", index.display()));
    }
    let mut paths = vec!["index.html".to_string()];
    collect(&root.join("www"), "www", &mut paths)?;
    paths.sort();
    Ok(paths)
}

/// Adds the app files in folder `dir` (named `prefix` from the root) to `paths`, recursively.
fn collect(dir: &Path, prefix: &str, paths: &mut Vec<String>) -> Result<(), String> {
    let entries =
        fs::read_dir(dir).map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}/{name}");
        let file_type = entry
            .file_type()
            .map_err(|error| format!("cannot read {path}: {error}"))?;
        // Follow symlinks the way the static server and a host would.
        let is_dir = file_type.is_dir() || (file_type.is_symlink() && entry.path().is_dir());
        if is_dir {
            if !name.starts_with('.') && !NOT_APP_FOLDERS.contains(&name.as_str()) {
                collect(&entry.path(), &path, paths)?;
            }
        } else if is_app_file(&path) {
            paths.push(path);
        }
    }
    Ok(())
}

/// Whether the file at `path` (from the root, e.g. `www/pkg/downhill.js`) belongs to the app.
pub fn is_app_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.starts_with('.') || name.to_ascii_lowercase().ends_with(".md") {
        return false;
    }
    match path.strip_prefix("www/pkg/") {
        // wasm-bindgen also writes package.json, README.md, .d.ts files: the page loads none.
        Some(in_pkg) => {
            in_pkg != MANIFEST_FILE && (name.ends_with(".js") || name.ends_with(".wasm"))
        }
        None => true,
    }
}

/// The build identifier: the first hex digits of the SHA-256 of every (path, NUL, digest),
/// in path order, so renaming, adding, removing or editing any app file changes it.
pub fn build_id(entries: &[Entry]) -> String {
    let mut hasher = sha256::Sha256::new();
    for entry in entries {
        hasher.update(entry.path.as_bytes());
        hasher.update(&[0]);
        hasher.update(&entry.digest);
    }
    let mut id = sha256::hex(&hasher.finish());
    id.truncate(N_ID_HEX);
    id
}

/// The text of `www/pkg/build.js`: a classic script setting `self.DOWNHILL_BUILD`.
pub fn render(id: &str, entries: &[Entry]) -> String {
    let mut text = String::from(
        "// Written by `cargo xtask build` (xtask/src/manifest.rs); do not edit.\n\
         // The build identifier and the files the service worker (www/sw.js) keeps for offline\n\
         // use, each with its subresource-integrity digest.\n\
         self.DOWNHILL_BUILD = {\n",
    );
    text.push_str(&format!("  \"id\": {},\n  \"files\": [\n", json_string(id)));
    for (entry_idx, entry) in entries.iter().enumerate() {
        let comma = if entry_idx + 1 < entries.len() {
            ","
        } else {
            ""
        };
        let integrity = format!("sha256-{}", sha256::base64(&entry.digest));
        text.push_str(&format!(
            "    [{}, {}]{comma}\n",
            json_string(&entry.path),
            json_string(&integrity)
        ));
    }
    text.push_str("  ]\n};\n");
    text
}

/// `text` as a JSON (and JavaScript) string literal.
fn json_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            // U+2028/2029 end a line in older JavaScript parsers.
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                quoted.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests;
