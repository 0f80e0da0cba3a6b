//! The 404 page in a real browser, served the way GitHub Pages serves a project site:
//! every file under `/sub/`, and `404.html` (with status 404) for any path that has none.
//! At every depth it must keep its stylesheet and its navigation must lead home.

use crate::common::browser;
use crate::common::crawl;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use fantoccini::Locator;

/// A static server for `out` under `/sub/`, like GitHub Pages; stops when dropped.
struct Pages {
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
    port: u16,
}

impl Drop for Pages {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn serve(server: tiny_http::Server, out: PathBuf) -> Pages {
    let server = Arc::new(server);
    let port = server.server_addr().to_ip().unwrap().port();
    let s = Arc::clone(&server);
    let thread = std::thread::spawn(move || {
        for req in s.incoming_requests() {
            let path = req.url().split(['?', '#']).next().unwrap_or("").to_string();
            let path = percent_encoding::percent_decode_str(&path)
                .decode_utf8_lossy()
                .into_owned();
            let file = path
                .strip_prefix("/sub/")
                .filter(|rel| !rel.split('/').any(|seg| seg == ".."))
                .map(|rel| {
                    if rel.is_empty() || rel.ends_with('/') {
                        out.join(rel).join("index.html")
                    } else {
                        out.join(rel)
                    }
                })
                .filter(|f| f.is_file());
            let (status, file) = match file {
                Some(f) => (200, f),
                None => (404, out.join("404.html")),
            };
            let body = std::fs::read(&file).unwrap();
            let header =
                tiny_http::Header::from_bytes("Content-Type", content_type(&file)).unwrap();
            let _ = req.respond(
                tiny_http::Response::from_data(body)
                    .with_status_code(status)
                    .with_header(header),
            );
        }
    });
    Pages {
        server,
        thread: Some(thread),
        port,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn not_found_page_is_styled_and_navigable_at_any_depth() {
    let Some(b) = browser::start().await else {
        return;
    };
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/publish");
    crawl::build(
        &fixture,
        None,
        &format!("http://127.0.0.1:{port}/sub/"),
        &out,
    );
    let pages = serve(server, out);
    let origin = format!("http://127.0.0.1:{}", pages.port);
    let c = &b.client;

    for missing in [
        "/sub/nope",
        "/sub/teams/nope/",
        "/sub/minutes/harbor/2025-01-20/a/b/c/d/e.html",
        "/sub/a/b/c/d/e/f/g/h/",
    ] {
        c.goto(&format!("{origin}{missing}")).await.unwrap();
        let h1 = c
            .find(Locator::Css("main h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(h1, "Page not found", "at {missing}");
        // The stylesheet loaded (same origin, so its rules are readable) and applies.
        let styled = c
            .execute(
                "const s = [...document.styleSheets].find(s => s.href && s.href.endsWith('/sub/style.css'));
                 return [s ? s.cssRules.length : -1, s ? s.href : null];",
                vec![],
            )
            .await
            .unwrap();
        let rules = styled[0].as_i64().unwrap();
        assert!(rules > 10, "at {missing}: style.css not loaded ({styled})");
        assert_eq!(styled[1], format!("{origin}/sub/style.css"), "at {missing}");
        // Navigation leads home, to the teams, people, decisions, actions and issues,
        // wherever the 404 page was served.
        let nav = c
            .execute(
                "return [...document.querySelectorAll('header nav a')].map(a => a.href);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            nav,
            serde_json::json!([
                format!("{origin}/sub/"),
                format!("{origin}/sub/teams/"),
                format!("{origin}/sub/people/"),
                format!("{origin}/sub/decisions/"),
                format!("{origin}/sub/actions/"),
                format!("{origin}/sub/issues/")
            ]),
            "at {missing}"
        );
    }

    // Following the Teams link from a deep 404 lands on the styled teams page.
    c.goto(&format!("{origin}/sub/x/y/z/")).await.unwrap();
    c.find(Locator::LinkText("Teams"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        c.current_url().await.unwrap().as_str(),
        format!("{origin}/sub/teams/")
    );
    assert_eq!(
        c.find(Locator::Css("main h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "Teams"
    );
    c.clone().close().await.unwrap();
}
