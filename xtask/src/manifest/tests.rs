use std::path::PathBuf;

use super::*;

/// A fresh, empty folder under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-manifest-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn put(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    fs::create_dir_all(full.parent().expect("a parent folder")).expect("folders");
    fs::write(full, text).expect("write");
}

/// A small site shaped like the repository's: the page, the app, the wasm package with the
/// extras wasm-bindgen writes, a data file with its data card, and things to leave out.
fn site(name: &str) -> PathBuf {
    let root = scratch(name);
    for path in [
        "index.html",
        "www/main.js",
        "www/style.css",
        "www/icon.svg",
        "www/sw.js",
        "www/views/descent.js",
        "www/views/race.css",
        "www/pkg/downhill.js",
        "www/pkg/downhill_bg.wasm",
        "www/pkg/snippets/inline0.js",
        "www/data/ames.csv",
        // Left out: documentation, package extras, hidden files, test material, the manifest.
        "www/data/README.md",
        "www/pkg/package.json",
        "www/pkg/README.md",
        "www/pkg/downhill.d.ts",
        "www/pkg/.gitignore",
        "www/pkg/build.js",
        "www/.DS_Store",
        "www/.cache/old.js",
        "www/tests/sample.csv",
        "README.md",
        "Cargo.toml",
    ] {
        put(&root, path, &format!("contents of {path}"));
    }
    root
}

#[test]
fn lists_the_page_and_every_app_file_found_in_the_folder() {
    let root = site("list");
    let expected = [
        "index.html",
        "www/data/ames.csv",
        "www/icon.svg",
        "www/main.js",
        "www/pkg/downhill.js",
        "www/pkg/downhill_bg.wasm",
        "www/pkg/snippets/inline0.js",
        "www/style.css",
        "www/sw.js",
        "www/views/descent.js",
        "www/views/race.css",
    ];
    assert_eq!(app_paths(&root).unwrap(), expected);

    // A file added later is listed without anyone editing a list.
    put(&root, "www/views/houses.js", "export {}");
    put(&root, "www/fonts/serif.woff2", "font");
    let paths = app_paths(&root).unwrap();
    assert!(paths.contains(&"www/views/houses.js".to_string()));
    assert!(paths.contains(&"www/fonts/serif.woff2".to_string()));
    assert_eq!(paths.len(), expected.len() + 2);
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn without_the_page_there_is_no_manifest() {
    let root = scratch("no-page");
    fs::create_dir_all(root.join("www")).unwrap();
    assert!(app_paths(&root).unwrap_err().contains("index.html"));
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn the_id_is_the_sha256_of_paths_and_digests() {
    // Worked by hand: one entry, "a.js" holding "abc" (digest from FIPS 180-4's example).
    let abc = [
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22,
        0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00,
        0x15, 0xad,
    ];
    let entry = Entry {
        path: "a.js".to_string(),
        digest: sha256::digest(b"abc"),
    };
    assert_eq!(entry.digest, abc);
    let mut message = b"a.js\0".to_vec();
    message.extend_from_slice(&abc);
    let full = sha256::hex(&sha256::digest(&message));
    assert_eq!(build_id(&[entry]), full[..16]);
}

#[test]
fn any_change_to_an_app_file_changes_the_id_and_nothing_else_does() {
    let root = site("id");
    let id = |root: &Path| build_id(&app_entries(root).unwrap());
    let first = id(&root);
    assert_eq!(first.len(), 16);
    assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(id(&root), first, "the same files give the same id");

    // Not part of the app: the id stays.
    put(&root, "www/data/README.md", "a longer data card");
    put(&root, "www/pkg/build.js", "self.DOWNHILL_BUILD = {};");
    put(&root, "Cargo.toml", "[package]");
    assert_eq!(id(&root), first);

    // Edited, added, renamed, removed: each is a new build.
    put(&root, "www/main.js", "contents of www/main.js, edited");
    let edited = id(&root);
    assert_ne!(edited, first);
    put(&root, "www/views/new.js", "export {}");
    let added = id(&root);
    assert_ne!(added, edited);
    fs::rename(
        root.join("www/views/new.js"),
        root.join("www/views/renamed.js"),
    )
    .unwrap();
    let renamed = id(&root);
    assert_ne!(renamed, added);
    fs::remove_file(root.join("www/views/renamed.js")).unwrap();
    assert_eq!(
        id(&root),
        edited,
        "removing the new file gives the earlier build back"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn the_manifest_is_a_script_with_integrity_digests() {
    let entries = vec![
        Entry {
            path: "index.html".to_string(),
            digest: sha256::digest(b"<!doctype html>"),
        },
        Entry {
            path: "www/a \"b\".js".to_string(),
            digest: sha256::digest(b"abc"),
        },
    ];
    let text = render("0123456789abcdef", &entries);
    assert!(
        text.contains("self.DOWNHILL_BUILD = {\n  \"id\": \"0123456789abcdef\",\n"),
        "{text}"
    );
    // SRI digests computed with `printf TEXT | openssl dgst -sha256 -binary | base64`.
    assert!(
        text.contains(
            "[\"index.html\", \"sha256-/ibFnpGsjeaUslMdw73Bt/r0cdPX5OAIcK9g9fIol8s=\"],\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "[\"www/a \\\"b\\\".js\", \"sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=\"]\n  ]\n};\n"
        ),
        "{text}"
    );
}

#[test]
fn strings_are_escaped_for_javascript() {
    assert_eq!(json_string("plain"), "\"plain\"");
    assert_eq!(json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    assert_eq!(
        json_string("line\nbreak\u{2028}"),
        "\"line\\u000abreak\\u2028\""
    );
}

#[test]
fn write_puts_the_manifest_in_pkg_and_leaves_it_alone_when_nothing_changed() {
    let root = site("write");
    let id = write(&root).unwrap();
    let path = root.join("www/pkg/build.js");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(&format!("\"id\": \"{id}\"")));
    assert!(text.contains("\"www/views/descent.js\""));
    assert!(
        !text.contains("build.js\""),
        "the manifest does not list itself"
    );
    let modified = fs::metadata(&path).unwrap().modified().unwrap();

    // The manifest written is not an app file: writing again gives the same id and text.
    assert_eq!(write(&root).unwrap(), id);
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
    fs::remove_dir_all(&root).unwrap();
}
