//! A small static file server for the playground (std only): GET and HEAD on 127.0.0.1, one
//! thread per connection, `Connection: close`.
//!
//! It serves only regular files under its root. A request path is percent-decoded, stripped of
//! its query string, and split into segments; `..` anywhere is refused (400), as are NUL and
//! backslashes; hidden names (`.git`, `.env`) are not found (404); a symlink that leads outside
//! the root is not found either. A folder answers with its `index.html`.
//!
//! The service worker `www/sw.js` is sent with `Service-Worker-Allowed: /`, so the page may
//! register it for the whole site (index.html lives above `www/`).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// The longest request head (request line plus headers) read, in bytes.
const MAX_HEAD_BYTES: u64 = 16 * 1024;
/// How long a connection may stay silent before it is dropped.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// A bound listener and the folder it serves.
pub struct Server {
    listener: TcpListener,
    root: PathBuf,
}

/// A server running on its own thread; [`RunningServer::stop`] (or dropping it) ends it.
pub struct RunningServer {
    url: String,
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0 = any free port) to serve the files under `root`.
    pub fn bind(root: &Path, port: u16) -> io::Result<Server> {
        let root = root.canonicalize()?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
        Ok(Server { listener, root })
    }

    /// The address to open, e.g. `http://127.0.0.1:8000/`.
    pub fn url(&self) -> String {
        match self.listener.local_addr() {
            Ok(addr) => format!("http://{addr}/"),
            Err(_) => "http://127.0.0.1/".to_string(),
        }
    }

    /// Answers requests on this thread until the process ends.
    pub fn serve_forever(self) {
        self.accept_until(&AtomicBool::new(false));
    }

    /// Answers requests on a new thread until the returned handle is stopped or dropped.
    pub fn spawn(self) -> io::Result<RunningServer> {
        let addr = self.listener.local_addr()?;
        let url = self.url();
        let stopping = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stopping);
        let thread = std::thread::Builder::new()
            .name("static-server".into())
            .spawn(move || self.accept_until(&flag))?;
        Ok(RunningServer {
            url,
            addr,
            stopping,
            thread: Some(thread),
        })
    }

    fn accept_until(self, stopping: &AtomicBool) {
        let root = Arc::new(self.root);
        for stream in self.listener.incoming() {
            if stopping.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let root = Arc::clone(&root);
            let spawned = std::thread::Builder::new()
                .name("static-connection".into())
                .spawn(move || handle_connection(stream, &root));
            if let Err(error) = spawned {
                eprintln!("static server: cannot start a thread: {error}");
            }
        }
    }
}

impl RunningServer {
    /// The address to open, e.g. `http://127.0.0.1:41234/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // The accept loop is blocked in accept(): one connection wakes it to see the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.shut_down();
        }
    }
}

/// What a request target names, once checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A regular file under the root.
    File(PathBuf),
    /// A folder asked for without its trailing slash: send the browser to this path instead,
    /// so the page's relative links resolve inside the folder.
    Redirect(String),
}

/// Why a request target is not served.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 400: malformed, or trying to leave the root (`..`, NUL, a bad %-escape).
    BadRequest(&'static str),
    /// 404: no such file under the root (or a hidden one).
    NotFound,
}

/// The decoded path segments of a request target ("/www/a%20b.js?v=2" -> ["www", "a b.js"]).
///
/// Empty and "." segments vanish (so "//etc/passwd" stays under the root); ".." in any spelling
/// is a 400, and so are control characters and backslashes; hidden names (leading ".") are a 404.
pub fn request_segments(target: &str) -> Result<Vec<String>, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest("the request path must start with '/'"));
    }
    let decoded = percent_decode(path)?;
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Err(Refusal::BadRequest(
            "the request path holds a control character (such as NUL) or a backslash",
        ));
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                return Err(Refusal::BadRequest(
                    "the request path tries to leave the root",
                ))
            }
            hidden if hidden.starts_with('.') => return Err(Refusal::NotFound),
            name => segments.push(name.to_string()),
        }
    }
    Ok(segments)
}

/// Resolves a request target to a file under `root` (which must be canonical).
pub fn resolve(root: &Path, target: &str) -> Result<Resolved, Refusal> {
    let segments = request_segments(target)?;
    let mut path = root.to_path_buf();
    path.extend(&segments);
    let metadata = std::fs::metadata(&path).map_err(|_| Refusal::NotFound)?;
    if metadata.is_dir() {
        let (target_path, query) = match target.find(['?', '#']) {
            Some(split_idx) => target.split_at(split_idx),
            None => (target, ""),
        };
        if !target_path.ends_with('/') {
            // One leading slash only: "//host" would send the browser to another site.
            let local = target_path.trim_start_matches('/');
            return Ok(Resolved::Redirect(format!("/{local}/{query}")));
        }
        path.push("index.html");
    }
    // Symlinks may point anywhere: serve only what really lies under the root.
    let real = path.canonicalize().map_err(|_| Refusal::NotFound)?;
    if !real.starts_with(root) || !real.is_file() {
        return Err(Refusal::NotFound);
    }
    Ok(Resolved::File(real))
}

/// Decodes `%XX` escapes into UTF-8 text; a broken escape or invalid UTF-8 is a 400.
fn percent_decode(text: &str) -> Result<String, Refusal> {
    const BAD_ESCAPE: Refusal = Refusal::BadRequest("the request path has a broken %-escape");
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut byte_idx = 0;
    while byte_idx < bytes.len() {
        if bytes[byte_idx] == b'%' {
            let hex = bytes.get(byte_idx + 1..byte_idx + 3).ok_or(BAD_ESCAPE)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BAD_ESCAPE)?;
            decoded.push(u8::from_str_radix(hex, 16).map_err(|_| BAD_ESCAPE)?);
            byte_idx += 3;
        } else {
            decoded.push(bytes[byte_idx]);
            byte_idx += 1;
        }
    }
    String::from_utf8(decoded).map_err(|_| Refusal::BadRequest("the request path is not UTF-8"))
}

/// The Content-Type for a file, by extension (lower-cased); unknown ones are octet streams.
pub fn mime_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        // Required by WebAssembly.instantiateStreaming.
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Reads one request from `stream`, answers it, and closes the connection.
fn handle_connection(stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let Ok(reader_stream) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reader_stream.take(MAX_HEAD_BYTES));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() || request_line.is_empty() {
        return;
    }
    // Read (and ignore) the headers up to the blank line.
    let mut header = String::new();
    loop {
        header.clear();
        match reader.read_line(&mut header) {
            Ok(0) => break,
            Ok(_) if header.trim_end().is_empty() => break,
            Ok(_) => {}
            Err(_) => return,
        }
    }
    let mut writer = stream;
    let _ = respond(&mut writer, root, request_line.trim_end());
    let _ = writer.flush();
}

/// Writes the answer to one request line ("GET /path HTTP/1.1").
fn respond(out: &mut impl Write, root: &Path, request_line: &str) -> io::Result<()> {
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return write_text(
            out,
            "400 Bad Request",
            "Malformed request line.\n",
            &[],
            true,
        );
    };
    if !version.starts_with("HTTP/1.") {
        return write_text(
            out,
            "505 HTTP Version Not Supported",
            "HTTP/1.x only.\n",
            &[],
            true,
        );
    }
    let with_body = match method {
        "GET" => true,
        "HEAD" => false,
        _ => {
            return write_text(
                out,
                "405 Method Not Allowed",
                "Only GET and HEAD.\n",
                &[("Allow", "GET, HEAD")],
                true,
            )
        }
    };
    match resolve(root, target) {
        Ok(Resolved::File(path)) => write_file(out, &path, &file_headers(root, &path), with_body),
        Ok(Resolved::Redirect(location)) => write_text(
            out,
            "301 Moved Permanently",
            "Moved.\n",
            &[("Location", &location)],
            with_body,
        ),
        Err(Refusal::BadRequest(why)) => {
            eprintln!("static server: 400 for {target:?}: {why}");
            write_text(
                out,
                "400 Bad Request",
                &format!("Bad request: {why}.\n"),
                &[],
                with_body,
            )
        }
        Err(Refusal::NotFound) => {
            eprintln!("static server: 404 for {target:?}");
            write_text(out, "404 Not Found", "Not found.\n", &[], with_body)
        }
    }
}

/// Headers particular to one file: the service worker may control the whole site, not only
/// `www/` (the default scope of a worker is its own folder).
pub fn file_headers(root: &Path, path: &Path) -> Vec<(&'static str, &'static str)> {
    if path == root.join("www").join("sw.js") {
        vec![("Service-Worker-Allowed", "/")]
    } else {
        Vec::new()
    }
}

fn write_file(
    out: &mut impl Write,
    path: &Path,
    extra_headers: &[(&str, &str)],
    with_body: bool,
) -> io::Result<()> {
    let Ok(mut file) = std::fs::File::open(path) else {
        return write_text(out, "404 Not Found", "Not found.\n", &[], with_body);
    };
    let n_bytes = file.metadata()?.len();
    write_head(out, "200 OK", mime_type(path), n_bytes, extra_headers)?;
    if with_body {
        io::copy(&mut file, out)?;
    }
    Ok(())
}

fn write_text(
    out: &mut impl Write,
    status: &str,
    body: &str,
    extra_headers: &[(&str, &str)],
    with_body: bool,
) -> io::Result<()> {
    write_head(
        out,
        status,
        "text/plain; charset=utf-8",
        body.len() as u64,
        extra_headers,
    )?;
    if with_body {
        out.write_all(body.as_bytes())?;
    }
    Ok(())
}

fn write_head(
    out: &mut impl Write,
    status: &str,
    content_type: &str,
    n_bytes: u64,
    extra_headers: &[(&str, &str)],
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {n_bytes}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n"
    );
    for (name, value) in extra_headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())
}

#[cfg(test)]
mod tests;
