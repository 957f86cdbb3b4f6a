//! The static server: path resolution and MIME types, then real requests over a socket.

use super::*;
use std::fs;

fn segments(names: &[&str]) -> Result<Vec<String>, Refusal> {
    Ok(names.iter().map(|name| name.to_string()).collect())
}

fn bad_request(target: &str) -> bool {
    matches!(request_segments(target), Err(Refusal::BadRequest(_)))
}

/// A fresh folder holding a tiny site:
/// index.html, www/main.js, www/sw.js, www/pkg/downhill_bg.wasm, "www/a b.csv", www/empty/, .git/config.
fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-serve-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("www/pkg")).unwrap();
    fs::create_dir_all(dir.join("www/empty")).unwrap();
    fs::create_dir_all(dir.join(".git")).unwrap();
    fs::write(dir.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    fs::write(dir.join("www/main.js"), "export const x = 1;\n").unwrap();
    fs::write(dir.join("www/sw.js"), "self.onfetch = null;\n").unwrap();
    fs::write(
        dir.join("www/pkg/downhill_bg.wasm"),
        [0, 97, 115, 109, 1, 0, 0, 0],
    )
    .unwrap();
    fs::write(dir.join("www/a b.csv"), "x,y\n1,2\n").unwrap();
    fs::write(dir.join(".git/config"), "secret").unwrap();
    dir.canonicalize().unwrap()
}

#[test]
fn plain_paths_split_into_segments() {
    assert_eq!(request_segments("/"), segments(&[]));
    assert_eq!(request_segments("/index.html"), segments(&["index.html"]));
    assert_eq!(
        request_segments("/www/pkg/downhill.js"),
        segments(&["www", "pkg", "downhill.js"])
    );
    assert_eq!(request_segments("/www/"), segments(&["www"]));
}

#[test]
fn query_strings_and_fragments_are_ignored() {
    assert_eq!(request_segments("/?lesson=descent&seed=1"), segments(&[]));
    assert_eq!(
        request_segments("/www/main.js?v=2#top"),
        segments(&["www", "main.js"])
    );
    assert_eq!(request_segments("/a#../../b"), segments(&["a"]));
}

#[test]
fn percent_escapes_are_decoded() {
    assert_eq!(
        request_segments("/www/a%20b.csv"),
        segments(&["www", "a b.csv"])
    );
    assert_eq!(request_segments("/caf%C3%A9"), segments(&["café"]));
    // An encoded slash separates segments like a plain one.
    assert_eq!(
        request_segments("/www%2Fmain.js"),
        segments(&["www", "main.js"])
    );
    assert!(bad_request("/%zz"));
    assert!(bad_request("/abc%2"));
    assert!(bad_request("/%ff")); // not UTF-8
}

#[test]
fn traversal_in_any_spelling_is_refused() {
    for target in [
        "/..",
        "/../etc/passwd",
        "/www/../../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/%2E%2E/etc/passwd",
        "/www/%2e%2e/%2e%2e/x",
        "/.%2e/x",
        "/%2e./x",
        "/www%2F..%2F..%2Fx",
        "/index.html%00.png",
        "/a\0b",
        "/..%5c..%5cx",
        "/a\\b",
        "/a%0d%0aSet-Cookie:x",
    ] {
        assert!(bad_request(target), "{target:?} should be a 400");
    }
}

#[test]
fn absolute_and_odd_targets_stay_under_the_root_or_are_refused() {
    // Extra slashes collapse: "//etc/passwd" means <root>/etc/passwd, never /etc/passwd.
    assert_eq!(
        request_segments("//etc/passwd"),
        segments(&["etc", "passwd"])
    );
    assert_eq!(
        request_segments("/./www/./main.js"),
        segments(&["www", "main.js"])
    );
    assert!(bad_request("http://127.0.0.1/index.html"));
    assert!(bad_request("etc/passwd"));
    assert!(bad_request("*"));
    assert!(bad_request(""));
}

#[test]
fn hidden_files_are_not_found() {
    assert_eq!(request_segments("/.git/config"), Err(Refusal::NotFound));
    assert_eq!(request_segments("/www/.env"), Err(Refusal::NotFound));
}

#[test]
fn resolve_finds_files_and_folder_indexes() {
    let root = site("resolve");
    assert_eq!(
        resolve(&root, "/"),
        Ok(Resolved::File(root.join("index.html")))
    );
    assert_eq!(
        resolve(&root, "/?x=1"),
        Ok(Resolved::File(root.join("index.html")))
    );
    assert_eq!(
        resolve(&root, "/www/main.js"),
        Ok(Resolved::File(root.join("www/main.js")))
    );
    assert_eq!(
        resolve(&root, "/www/a%20b.csv"),
        Ok(Resolved::File(root.join("www/a b.csv")))
    );
    // A folder without its slash is redirected (keeping the query); one without index.html is 404.
    assert_eq!(
        resolve(&root, "/www/pkg?v=1"),
        Ok(Resolved::Redirect("/www/pkg/?v=1".into()))
    );
    assert_eq!(
        resolve(&root, "//www"),
        Ok(Resolved::Redirect("/www/".into()))
    );
    assert_eq!(resolve(&root, "/www/pkg/"), Err(Refusal::NotFound));
    assert_eq!(resolve(&root, "/www/empty/"), Err(Refusal::NotFound));
    assert_eq!(resolve(&root, "/missing.js"), Err(Refusal::NotFound));
    assert_eq!(resolve(&root, "/index.html/x"), Err(Refusal::NotFound));
    assert_eq!(resolve(&root, "/.git/config"), Err(Refusal::NotFound));
    fs::remove_dir_all(&root).unwrap();
}

#[cfg(unix)]
#[test]
fn symlinks_leading_outside_the_root_are_not_found() {
    let root = site("symlink");
    let outside = site("symlink-outside");
    std::os::unix::fs::symlink(outside.join("index.html"), root.join("www/escape.html")).unwrap();
    std::os::unix::fs::symlink(root.join("www/main.js"), root.join("www/alias.js")).unwrap();
    assert_eq!(resolve(&root, "/www/escape.html"), Err(Refusal::NotFound));
    assert_eq!(
        resolve(&root, "/www/alias.js"),
        Ok(Resolved::File(root.join("www/main.js")))
    );
    fs::remove_dir_all(&root).unwrap();
    fs::remove_dir_all(&outside).unwrap();
}

#[test]
fn mime_types_follow_the_extension() {
    let cases = [
        ("index.html", "text/html; charset=utf-8"),
        ("www/main.js", "text/javascript; charset=utf-8"),
        ("www/worker.mjs", "text/javascript; charset=utf-8"),
        ("www/pkg/downhill_bg.wasm", "application/wasm"),
        ("www/data/ames.csv", "text/csv; charset=utf-8"),
        ("www/data/meta.json", "application/json"),
        ("www/icon.svg", "image/svg+xml"),
        ("www/shot.png", "image/png"),
        ("www/style.css", "text/css; charset=utf-8"),
        ("www/app.webmanifest", "application/manifest+json"),
        ("WWW/SHOUT.WASM", "application/wasm"),
        ("README", "application/octet-stream"),
        ("archive.tar.gz", "application/octet-stream"),
    ];
    for (path, expected) in cases {
        assert_eq!(mime_type(Path::new(path)), expected, "{path}");
    }
}

/// Sends `request` raw and returns the whole answer (the server closes the connection).
fn exchange(url_addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(url_addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// The value of header `name` in a raw answer.
fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    let head = answer.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

fn body(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

fn addr_of(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

#[test]
fn answers_real_requests_over_a_socket() {
    let root = site("socket");
    let server = Server::bind(&root, 0).unwrap().spawn().unwrap();
    assert!(server.url().starts_with("http://127.0.0.1:"));
    let addr = addr_of(server.url());

    let answer = exchange(&addr, "GET /www/main.js?v=3 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert_eq!(
        header(&answer, "content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(header(&answer, "content-length"), Some("20"));
    assert_eq!(header(&answer, "cache-control"), Some("no-cache"));
    assert_eq!(body(&answer), "export const x = 1;\n");

    assert_eq!(header(&answer, "service-worker-allowed"), None);
    let answer = exchange(&addr, "GET /www/sw.js HTTP/1.1\r\n\r\n");
    assert_eq!(header(&answer, "service-worker-allowed"), Some("/"));
    assert_eq!(body(&answer), "self.onfetch = null;\n");

    let answer = exchange(&addr, "GET /www/pkg/downhill_bg.wasm HTTP/1.1\r\n\r\n");
    assert_eq!(header(&answer, "content-type"), Some("application/wasm"));
    assert_eq!(header(&answer, "content-length"), Some("8"));

    let answer = exchange(&addr, "HEAD / HTTP/1.1\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert_eq!(
        header(&answer, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(header(&answer, "content-length"), Some("31"));
    assert_eq!(body(&answer), "");

    let answer = exchange(&addr, "GET /www HTTP/1.1\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 301 "), "{answer}");
    assert_eq!(header(&answer, "location"), Some("/www/"));

    let refused = [
        ("GET /missing.js HTTP/1.1", "404"),
        ("GET /.git/config HTTP/1.1", "404"),
        ("GET /../../etc/passwd HTTP/1.1", "400"),
        ("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1", "400"),
        ("GET /index.html%00 HTTP/1.1", "400"),
        ("POST / HTTP/1.1", "405"),
        ("GET / HTTP/2.0", "505"),
        ("nonsense", "400"),
    ];
    for (request_line, status) in refused {
        let answer = exchange(&addr, &format!("{request_line}\r\n\r\n"));
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {status} ")),
            "{request_line:?} gave {answer:?}"
        );
        assert!(!answer.contains("secret"));
    }
    server.stop();
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_silent_connection_does_not_block_others() {
    let root = site("threads");
    let server = Server::bind(&root, 0).unwrap().spawn().unwrap();
    let addr = addr_of(server.url());
    // This client connects and says nothing; a one-thread server would wait on it forever.
    let _silent = TcpStream::connect(&addr).unwrap();
    let answer = exchange(&addr, "GET /www/a%20b.csv HTTP/1.1\r\n\r\n");
    assert_eq!(
        header(&answer, "content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(body(&answer), "x,y\n1,2\n");
    server.stop();
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn stopping_frees_the_port() {
    let root = site("stop");
    let server = Server::bind(&root, 0).unwrap().spawn().unwrap();
    let addr = addr_of(server.url());
    server.stop();
    assert!(
        TcpStream::connect(&addr).is_err(),
        "still listening on {addr}"
    );
    fs::remove_dir_all(&root).unwrap();
}
