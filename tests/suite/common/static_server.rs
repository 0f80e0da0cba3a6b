//! The one static HTTP server of the tests: a built site served under a base path the
//! way GitHub Pages serves a project site, every file below the base path and
//! `404.html` (status 404) for any path that has none. axum, on a thread and runtime
//! of its own, so that it answers whatever the test's own runtime is doing.

use std::path::{Component, Path, PathBuf};

use axum::http::{header, StatusCode, Uri};

/// A running server; stops when dropped.
pub(crate) struct StaticServer {
    /// `http://127.0.0.1:PORT`, without the base path.
    pub origin: String,
    /// The base path, `/` or `/sub/`.
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `dir` under `base` (which starts and ends with `/`) on a free port. The
    /// folder is read at each request, so it may be built after the server starts (a
    /// build whose `--base-url` needs the port).
    pub(crate) fn start(dir: &Path, base: &str) -> StaticServer {
        assert!(base.starts_with('/') && base.ends_with('/'), "base {base}");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (dir, prefix) = (dir.to_path_buf(), base.to_string());
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = axum::Router::new().fallback(move |uri: Uri| {
                    let (dir, prefix) = (dir.clone(), prefix.clone());
                    async move { answer(&dir, &prefix, uri.path()) }
                });
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
                    .expect("serve the site");
            });
        });
        StaticServer {
            origin: format!("http://127.0.0.1:{port}"),
            base: base.to_string(),
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// The URL of `path` below the base path.
    pub(crate) fn url(&self, path: &str) -> String {
        format!(
            "{}{}{}",
            self.origin,
            self.base,
            path.trim_start_matches('/')
        )
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// The file for a request path: below `base`, `..` and the like dropped, a folder's
/// `index.html`.
fn file_for(dir: &Path, base: &str, path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let rel = decoded.strip_prefix(base)?;
    if Path::new(rel)
        .components()
        .any(|c| c == Component::ParentDir)
    {
        return None;
    }
    let mut p = dir.to_path_buf();
    p.extend(
        Path::new(rel)
            .components()
            .filter(|c| matches!(c, Component::Normal(_))),
    );
    if p.is_dir() {
        p.push("index.html");
    }
    p.is_file().then_some(p)
}

fn answer(
    dir: &Path,
    base: &str,
    path: &str,
) -> (StatusCode, [(header::HeaderName, &'static str); 1], Vec<u8>) {
    if let Some(p) = file_for(dir, base, path) {
        let body = std::fs::read(&p).expect("read a built file");
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, content_type(&p))],
            body,
        );
    }
    let page = dir.join("404.html");
    match std::fs::read(&page) {
        Ok(body) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, content_type(&page))],
            body,
        ),
        Err(_) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain")],
            b"not found".to_vec(),
        ),
    }
}
