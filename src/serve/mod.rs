//! `minutebook serve`: the site over HTTP from memory, with live reload.
//!
//! Pages live in memory as one [`Snapshot`], swapped whole after each rebuild, so a
//! request never sees half a rebuild and a reload never races one: browsers are told to
//! reload (over server-sent events at `<base>__minutebook/events`) only after the swap.
//! The reload script and, while a rebuild is failing, the error overlay are added by
//! the server to HTML responses; `build` output never contains them. Nothing is written
//! to disk.

pub mod state;
pub mod watch;

use std::collections::HashSet;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use crate::diagnostics::{Diagnostic, Severity};
use crate::outputs::site_files::{static_site_files, SiteFiles};
use crate::serve::state::{Answer, Change, Incremental, Pages};
use crate::serve::watch::{action, Action, SiteWatcher};
use crate::site::SitePaths;

/// Path of the live-reload event stream, under the base path.
pub const EVENTS_PATH: &str = "__minutebook/events";

/// How long Ctrl-C waits for open connections before exiting anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site and content folders.
    pub paths: SitePaths,
    /// `--base-url`, overriding `site.toml`.
    pub base_url: Option<String>,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Rebuild on changes.
    pub watch: bool,
    /// Open the site in the default browser.
    pub open: bool,
    /// Print notes too.
    pub verbose: bool,
}

/// One consistent version of the site as served.
pub struct Snapshot {
    /// Increases with every rebuild (and static change); browsers compare it on connect.
    pub version: u64,
    /// Rendered pages of the last good build.
    pub pages: Arc<Pages>,
    /// Every file of the last good build and where it comes from.
    pub files: Arc<SiteFiles>,
    /// Errors of the last rebuild, if it failed: shown over every page.
    pub errors: Vec<Diagnostic>,
    /// Files made from the whole site (search index, sitemap, feeds) that are still
    /// being brought up to date after the rebuild: requests for them wait.
    pub pending: Arc<HashSet<String>>,
}

#[derive(Clone)]
struct App {
    paths: SitePaths,
    base_path: String,
    snapshot: Arc<RwLock<Arc<Snapshot>>>,
    events: broadcast::Sender<(&'static str, u64)>,
    /// The newest snapshot version whose derived files are up to date.
    settled: tokio::sync::watch::Sender<u64>,
    shutdown: tokio::sync::watch::Receiver<bool>,
}

/// Builds, serves and (with `--watch`) rebuilds until Ctrl-C. Errors are one line for
/// the user.
pub fn run(opts: ServeOptions) -> Result<(), String> {
    let started = Instant::now();
    let (state, snapshot, base_path) =
        match Incremental::build(opts.paths.clone(), opts.base_url.as_deref()) {
            Ok((state, outcome)) => {
                crate::diagnostics::report(&outcome.diagnostics, opts.verbose);
                let a = &state.site().archive;
                eprintln!(
                    "built {} meetings, {} pages in {:.0?}",
                    a.meetings.len(),
                    state.pages().len(),
                    started.elapsed()
                );
                let snapshot = Snapshot {
                    version: 1,
                    pages: Arc::new(state.pages().clone()),
                    files: state.files().clone(),
                    errors: Vec::new(),
                    pending: Arc::default(),
                };
                let base_path = state.site().urls.base_path().to_string();
                (Some(state), snapshot, base_path)
            }
            // While watching, a site that does not build yet is served as its errors, so
            // that fixing them in the editor brings it up.
            Err(errors) if opts.watch => {
                for d in &errors {
                    eprintln!("error: {d}");
                }
                eprintln!("the site does not build yet; serving the errors until it does");
                let config_base = crate::source::config::Config::read(&opts.paths.config_file())
                    .map(|c| c.base_url);
                let base = opts
                    .base_url
                    .clone()
                    .or(config_base.ok())
                    .unwrap_or_default();
                let snapshot = Snapshot {
                    version: 1,
                    pages: Arc::default(),
                    files: Arc::new(static_site_files(&opts.paths.static_dir())),
                    errors,
                    pending: Arc::default(),
                };
                (
                    None,
                    snapshot,
                    crate::urls::Urls::new(&base).base_path().to_string(),
                )
            }
            Err(errors) => {
                return Err(errors
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\nerror: "));
            }
        };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = runtime.block_on(tokio::net::TcpListener::bind(addr)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!("cannot listen on {addr}: the port is in use; choose another with --port N (--port 0 picks a free one)")
        } else {
            format!("cannot listen on {addr}: {e}; check --bind and --port")
        }
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let host = match local.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}{base_path}", local.port());

    let (shutdown_tx, shutdown_rx) = tokio::sync::watch::channel(false);
    let (events, _) = broadcast::channel(16);
    let app = App {
        paths: opts.paths.clone(),
        base_path,
        snapshot: Arc::new(RwLock::new(Arc::new(snapshot))),
        events,
        settled: tokio::sync::watch::channel(1).0,
        shutdown: shutdown_rx.clone(),
    };

    // The watcher lives on this thread's stack until the server stops.
    let _watcher = if opts.watch {
        let (watcher, rx) = SiteWatcher::start(&opts.paths)
            .map_err(|e| format!("cannot watch {}: {e}", opts.paths.root.display()))?;
        let app = app.clone();
        let verbose = opts.verbose;
        let watcher = Arc::new(std::sync::Mutex::new(watcher));
        let w = watcher.clone();
        let base_url = opts.base_url.clone();
        std::thread::spawn(move || rebuild_loop(app, state, base_url, rx, w, verbose));
        Some(watcher)
    } else {
        drop(state);
        None
    };

    println!(
        "serving {url}{}",
        if opts.watch {
            " (watching for changes)"
        } else {
            ""
        }
    );
    println!("press Ctrl-C to stop");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if opts.open {
        if let Err(e) = opener::open(&url) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }

    // Pages, the search index and scripts go gzipped to a browser that asks for it, as
    // GitHub Pages sends them; the reload events stream is left alone (the layer's
    // default predicate skips `text/event-stream`, images and tiny answers).
    let router = Router::new()
        .fallback(handle)
        .with_state(app)
        .layer(tower_http::compression::CompressionLayer::new());
    runtime.block_on(async move {
        let mut waiting = shutdown_rx.clone();
        let server = axum::serve(listener, router).with_graceful_shutdown(async move {
            stop_signal().await;
            eprintln!("stopping");
            let _ = shutdown_tx.send(true);
        });
        tokio::select! {
            r = server => r.map_err(|e| format!("server failed: {e}")),
            // Connections that do not close in time are cut.
            _ = async move {
                let _ = waiting.wait_for(|s| *s).await;
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } => Ok(()),
        }
    })?;
    runtime.shutdown_timeout(Duration::from_millis(200));
    Ok(())
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let term = async {
            match term.as_mut() {
                Some(t) => {
                    t.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Waits for batches of changes, rebuilds, swaps the snapshot, tells browsers.
fn rebuild_loop(
    app: App,
    mut state: Option<Incremental>,
    base_url: Option<String>,
    rx: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    watcher: Arc<std::sync::Mutex<SiteWatcher>>,
    verbose: bool,
) {
    let mut failing = state.is_none();
    while let Ok(batch) = rx.recv() {
        let changed: Vec<PathBuf> = match crate::serve::watch::changed_paths(batch) {
            Ok(paths) if paths.is_empty() => continue,
            Ok(paths) => paths,
            Err(e) => {
                eprintln!("warning: watching failed: {e}; rebuilding everything");
                vec![app.paths.config_file()]
            }
        };
        if let Ok(mut w) = watcher.lock() {
            if let Err(e) = w.refresh(&changed) {
                eprintln!("warning: cannot watch a folder: {e}");
            }
        }
        let started = Instant::now();
        let change = match action(&app.paths, &changed) {
            Action::Nothing => continue,
            Action::Static(css) => {
                // A static file may have come or gone: list the site's files again.
                let files = match state.as_mut().map(|s| s.refresh_static().map(|()| s)) {
                    Some(Ok(s)) => s.files().clone(),
                    Some(Err(d)) => {
                        eprintln!("{d}");
                        Arc::clone(&app.current().files)
                    }
                    None => Arc::new(static_site_files(&app.paths.static_dir())),
                };
                let version = app.bump(|s| {
                    s.version += 1;
                    s.files = files;
                });
                let _ = app
                    .events
                    .send((if css { "css" } else { "reload" }, version));
                continue;
            }
            Action::Rebuild(change) => change,
        };
        // After a failure the disk may differ from the state in more than this batch.
        let change = if failing { Change::Full } else { change };
        let result = match state.as_mut() {
            Some(s) => s.update_pages(&change),
            None => {
                Incremental::build(app.paths.clone(), base_url.as_deref()).map(|(s, outcome)| {
                    state = Some(s);
                    outcome
                })
            }
        };
        match result {
            Ok(outcome) if !outcome.full && outcome.rendered == 0 => {}
            Ok(outcome) => {
                let state = state.as_mut().expect("loaded");
                crate::diagnostics::report(&outcome.diagnostics, verbose);
                let pages = Arc::new(state.pages().clone());
                let files = state.files().clone();
                let pending = Arc::new(state.derived_keys().clone());
                let version = app.bump(move |s| {
                    s.version += 1;
                    s.pages = pages;
                    s.files = files;
                    s.errors.clear();
                    s.pending = pending;
                });
                // Browsers reload as soon as the pages are up to date; the files made
                // from the whole site follow, and requests for them wait until then.
                let _ = app.events.send(("reload", version));
                let elapsed = started.elapsed();
                state.refresh_derived();
                let pages = Arc::new(state.pages().clone());
                app.bump(move |s| {
                    s.pages = pages;
                    s.pending = Arc::default();
                });
                app.settled.send_replace(version);
                if failing {
                    eprintln!("fixed: the site builds again");
                }
                failing = false;
                eprintln!(
                    "rebuilt in {elapsed:.0?} (+{:.0?} for the search index and feeds): {} parsed, {} pages rendered{}",
                    started.elapsed() - elapsed,
                    outcome.parsed,
                    outcome.rendered,
                    if outcome.full { " (full)" } else { "" }
                );
            }
            Err(errors) => {
                for d in &errors {
                    eprintln!("error: {d}");
                }
                eprintln!("rebuild failed; still serving the last good site");
                let version = app.bump(move |s| {
                    s.version += 1;
                    s.errors = errors;
                });
                let _ = app.events.send(("reload", version));
                failing = true;
            }
        }
    }
}

impl App {
    /// Replaces the snapshot with an edited copy (pages are shared, not copied).
    fn bump(&self, edit: impl FnOnce(&mut Snapshot)) -> u64 {
        let mut guard = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        let old = &**guard;
        let mut next = Snapshot {
            version: old.version,
            pages: old.pages.clone(),
            files: old.files.clone(),
            errors: old.errors.clone(),
            pending: old.pending.clone(),
        };
        edit(&mut next);
        let v = next.version;
        *guard = Arc::new(next);
        v
    }

    fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

async fn handle(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "",
        )
            .into_response();
    }
    let raw = uri.path();
    let base = app.base_path.as_str();
    if raw == format!("{base}{EVENTS_PATH}") {
        return events(app).await.into_response();
    }
    if base != "/" && (raw == "/" || raw == base.trim_end_matches('/')) {
        return redirect(base);
    }
    let mut snapshot = app.current();
    let Some(rest) = raw.strip_prefix(base) else {
        return not_found(&app, &snapshot);
    };
    let Some(rel) = safe_relative(rest) else {
        return not_found(&app, &snapshot);
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    // Files made from the whole site are brought up to date just after the reload is
    // sent: requests for them wait. One may be new (a team's first feed), so any feed or
    // index not served yet waits too.
    let derived_like = file.ends_with(".xml") || file.ends_with(".json");
    let waits = snapshot.pending.contains(&file)
        || (!snapshot.pending.is_empty() && derived_like && !snapshot.pages.contains_key(&file));
    if waits {
        let mut settled = app.settled.subscribe();
        let version = snapshot.version;
        let _ = tokio::time::timeout(Duration::from_secs(30), settled.wait_for(|v| *v >= version))
            .await;
        snapshot = app.current();
    }
    let lookup = |rel: &str| state::answer(&snapshot.files, &snapshot.pages, rel);
    match lookup(&file) {
        Some(found) => serve_found(&app, &snapshot, &file, found, StatusCode::OK).await,
        None if !rel.is_empty()
            && !rel.ends_with('/')
            && lookup(&format!("{rel}/index.html")).is_some() =>
        {
            redirect(&format!("{raw}/"))
        }
        None => not_found(&app, &snapshot),
    }
}

/// The decoded path below the base path, or `None` when it could leave the site:
/// `..` or `.` segments (also percent-encoded), encoded slashes or backslashes, NUL,
/// empty segments (`//etc/passwd`).
pub fn safe_relative(rest: &str) -> Option<String> {
    if rest.is_empty() {
        return Some(String::new());
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let mut out = Vec::with_capacity(segments.len());
    for (k, seg) in segments.iter().enumerate() {
        let last = k + 1 == segments.len();
        if seg.is_empty() {
            if last {
                out.push(String::new());
                continue;
            }
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(seg)
            .decode_utf8()
            .ok()?;
        if decoded == "." || decoded == ".." || decoded.contains(['/', '\\', '\0']) {
            return None;
        }
        out.push(decoded.into_owned());
    }
    Some(out.join("/"))
}

fn redirect(to: &str) -> Response {
    let Ok(location) = HeaderValue::from_str(to) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, location)],
    )
        .into_response()
}

fn not_found(app: &App, snapshot: &Snapshot) -> Response {
    match snapshot.pages.get("404.html") {
        Some(page) => html_response(app, snapshot, page, StatusCode::NOT_FOUND),
        // Nothing built yet: an empty page that carries the overlay and the reload script.
        None => html_response(
            app,
            snapshot,
            "<!doctype html>\n<title>minutebook</title>\n<body></body>\n",
            StatusCode::NOT_FOUND,
        ),
    }
}

async fn serve_found(
    app: &App,
    snapshot: &Snapshot,
    rel: &str,
    found: Answer,
    status: StatusCode,
) -> Response {
    let is_html = rel.ends_with(".html") || rel.ends_with(".htm");
    let bytes: Vec<u8> = match found {
        Answer::Page(page) if is_html => return html_response(app, snapshot, &page, status),
        Answer::Page(text) => text.as_bytes().to_vec(),
        Answer::Builtin(b) => b.to_vec(),
        Answer::File(path) => match tokio::fs::read(&path).await {
            Ok(b) => b,
            Err(_) => return not_found(app, snapshot),
        },
    };
    if is_html {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            return html_response(app, snapshot, text, status);
        }
    }
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, mime.as_ref())
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(bytes))
        .expect("valid response")
}

fn html_response(app: &App, snapshot: &Snapshot, html: &str, status: StatusCode) -> Response {
    let body = inject(html, &live_markup(&app.base_path, snapshot));
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .expect("valid response")
}

/// Inserts `markup` before the last `</body>` (any case), or appends it.
pub fn inject(html: &str, markup: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let at = lower.rfind("</body").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + markup.len());
    out.push_str(&html[..at]);
    out.push_str(markup);
    out.push_str(&html[at..]);
    out
}

/// The live-reload script and, while the last rebuild failed, the error overlay.
pub fn live_markup(base_path: &str, snapshot: &Snapshot) -> String {
    let mut out = String::new();
    if !snapshot.errors.is_empty() {
        out.push_str(&overlay(&snapshot.errors));
    }
    let events = serde_json::to_string(&format!("{base_path}{EVENTS_PATH}")).expect("string");
    out.push_str(
        &LIVE_SCRIPT
            .replace("__EVENTS__", &events)
            .replace("__VERSION__", &snapshot.version.to_string()),
    );
    out
}

/// The page's version is compared on every (re)connect, so an edit that lands between
/// loading a page and opening the stream still reloads it. A stylesheet change swaps
/// the `<link>` URLs instead of reloading.
const LIVE_SCRIPT: &str = r#"<script data-minutebook-live>(function(){var v=__VERSION__;var es=new EventSource(__EVENTS__);
es.addEventListener("hello",function(e){if(Number(e.data)!==v){location.reload();}});
es.addEventListener("reload",function(){location.reload();});
es.addEventListener("css",function(e){v=Number(e.data);document.querySelectorAll('link[rel~="stylesheet"]').forEach(function(l){var u=new URL(l.href,location.href);u.searchParams.set("minutebook",e.data);l.href=u.href;});});
})();</script>
"#;

fn overlay(errors: &[Diagnostic]) -> String {
    let mut items = String::new();
    for d in errors.iter().filter(|d| d.severity == Severity::Error) {
        let place = match d.line {
            Some(l) => format!("{}:{l}", d.file.display()),
            None => d.file.display().to_string(),
        };
        items.push_str(&format!(
            "<li><code data-file>{}</code><div>{}</div></li>",
            crate::text::html::escape(&place),
            crate::text::html::escape(&d.message)
        ));
    }
    format!(
        concat!(
            "<div id=\"minutebook-error\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;z-index:2147483647;",
            "max-height:60vh;overflow:auto;margin:0;padding:1em 1.5em;background:#2b0a0a;color:#ffe6e6;",
            "font:14px/1.5 ui-monospace,monospace;border-top:4px solid #e5484d\">",
            "<strong>minutebook: the rebuild failed; showing the last good version of this page.</strong>",
            "<ul style=\"margin:.5em 0 0;padding-left:1.2em\">{}</ul></div>\n"
        ),
        items
    )
}

async fn events(app: App) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let version = app.current().version;
    let rx = app.events.subscribe();
    let hello = Event::default().event("hello").data(version.to_string());
    let updates = stream::unfold(
        (rx, app.shutdown.clone()),
        |(mut rx, mut shutdown)| async move {
            let msg = tokio::select! {
                _ = shutdown.wait_for(|s| *s) => None,
                msg = rx.recv() => Some(msg),
            };
            let event = match msg? {
                Ok((kind, v)) => Event::default().event(kind).data(v.to_string()),
                // Missed events: a reload covers them all.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    Event::default().event("reload").data("0")
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            Some((Ok(event), (rx, shutdown)))
        },
    );
    Sse::new(stream::once(async move { Ok(hello) }).chain(updates)).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "../Cargo.toml",
            "%2e%2e/x",
            "a/%2E%2E/b",
            "a%2fb",
            "a%5cb",
            "/etc/passwd",
            "a//b",
            ".",
            "%00",
            "a/./b",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
        assert_eq!(
            safe_relative("weeks/2024-W01/").as_deref(),
            Some("weeks/2024-W01/")
        );
        assert_eq!(
            safe_relative("a/My%20pic.png").as_deref(),
            Some("a/My pic.png")
        );
        assert_eq!(safe_relative("").as_deref(), Some(""));
    }

    #[test]
    fn markup_goes_before_the_last_body_end() {
        assert_eq!(
            inject("<p>x</p></BODY></html>", "S"),
            "<p>x</p>S</BODY></html>"
        );
        assert_eq!(inject("<p>x</p>", "S"), "<p>x</p>S");
    }

    #[test]
    fn overlay_names_file_and_line_escaped() {
        let s = Snapshot {
            version: 3,
            pages: Arc::new(Pages::new()),
            files: Arc::default(),
            errors: vec![Diagnostic::error(
                std::path::Path::new("templates/week.html"),
                Some(4),
                "unexpected <tag>".into(),
            )],
            pending: Arc::default(),
        };
        let m = live_markup("/sub/", &s);
        assert!(m.contains("id=\"minutebook-error\""), "{m}");
        assert!(m.contains("templates/week.html:4"), "{m}");
        assert!(m.contains("unexpected &lt;tag&gt;"), "{m}");
        assert!(m.contains("\"/sub/__minutebook/events\""), "{m}");
        assert!(m.contains("var v=3;"), "{m}");
    }
}
