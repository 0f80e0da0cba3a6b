//! `minutebook serve` as a user runs it: the real binary on a free port.

use std::fs;
use std::time::Duration;

use crate::common::server::{edit, get_url, Server};
use crate::common::SiteTest;

const WEEK: &str = "weeks/2026-W39/";
const MEETING: &str = "minutes/weekly/2026-09-24/";

#[test]
fn serves_pages_with_the_reload_script_only_when_served() {
    let site = SiteTest::demo();
    let server = site.serve(&[]);
    let (status, home) = server.get("");
    assert_eq!(status, 200);
    assert!(
        home.contains("data-minutebook-live"),
        "no live-reload script in {home}"
    );
    assert!(home.contains("/__minutebook/events"));
    let (status, week) = server.get(WEEK);
    assert_eq!(status, 200);
    assert!(week.contains("IPv6 design accepted"), "{week}");
    let (status, css) = server.get("style.css");
    assert_eq!(status, 200);
    assert!(css.contains('{'));
    let (status, svg) = server.get("assets/status-page.svg");
    assert_eq!(status, 200, "content assets are served");
    assert!(svg.contains("<svg"));
    // A folder without the slash is redirected, an unknown page gets the 404 page.
    let (status, _) = server.get("weeks/2026-W39");
    assert_eq!(status, 308);
    let (status, body) = server.get("no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("data-minutebook-live"));
    // serve never writes public/, and build output never has the script.
    assert!(!site.root.join("public").exists(), "serve wrote public/");
    let site = site.build();
    let built = site.page(WEEK);
    assert!(!built.contains("minutebook-live") && !built.contains("__minutebook"));
    // The served page is the built page plus the script.
    let stripped = week.replace(
        &week[week.find("<script data-minutebook-live").unwrap()
            ..week.rfind("</script>\n").unwrap() + 10],
        "",
    );
    assert_eq!(stripped, built);
}

#[test]
fn edits_additions_and_deletions_reload_with_new_html() {
    let dir = SiteTest::demo();
    let site = dir.path().join("site");
    let server = Server::start(&site, &["--watch"]);
    let mut events = server.events("__minutebook/events");
    let file = site.join("content/weekly/20260924.md");

    edit(&file, |t| {
        t.replace("IPv6 design accepted", "IPv6 design ACCEPTED BY ALL")
    });
    assert_eq!(events.next().0, "reload");
    let (_, week) = server.get(WEEK);
    assert!(week.contains("IPv6 design ACCEPTED BY ALL"), "{week}");
    let (_, meeting) = server.get(MEETING);
    assert!(meeting.contains("IPv6 design ACCEPTED BY ALL"));

    let added = site.join("content/weekly/20261112.md");
    fs::write(
        &added,
        "# Weekly Call 2026-11-12\n\n## Team updates\n\n### Team Storage\n\n- brand new week\n",
    )
    .unwrap();
    assert_eq!(events.next().0, "reload");
    let (status, page) = server.get("minutes/weekly/2026-11-12/");
    assert_eq!(status, 200);
    assert!(page.contains("brand new week"));
    let (_, team) = server.get("teams/storage/");
    assert!(
        team.contains("brand new week"),
        "the team timeline shows the new meeting"
    );

    // Content warnings (here: an empty file) are printed but do not block the rebuild.
    fs::write(&added, "").unwrap();
    events.reload_until(|| {
        !server
            .get("minutes/weekly/2026-11-12/")
            .1
            .contains("brand new week")
    });
    assert!(
        !server.get("").1.contains("minutebook-error"),
        "a warning is not an error"
    );
    let stderr = server.stderr();
    assert!(
        stderr.iter().any(|l| l.starts_with("warning: ")
            && l.contains("20261112.md")
            && l.contains("empty")),
        "{stderr:?}"
    );

    fs::remove_file(&added).unwrap();
    assert_eq!(events.next().0, "reload");
    assert_eq!(server.get("minutes/weekly/2026-11-12/").0, 404);

    // A new folder with a file, then the folder renamed and deleted.
    let folder = site.join("content/retreat");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join("20261120.md"),
        "# Retreat 2026-11-20\n\nWe met.\n",
    )
    .unwrap();
    events.reload_until(|| server.get("minutes/retreat/2026-11-20/").0 == 200);
    fs::rename(&folder, site.join("content/offsite")).unwrap();
    events.reload_until(|| server.get("minutes/offsite/2026-11-20/").0 == 200);
    assert_eq!(server.get("minutes/retreat/2026-11-20/").0, 404);
    fs::write(
        site.join("content/offsite/20261120.md"),
        "# Retreat 2026-11-20\n\nWe met again.\n",
    )
    .unwrap();
    events.reload_until(|| {
        server
            .get("minutes/offsite/2026-11-20/")
            .1
            .contains("We met again.")
    });
    fs::remove_dir_all(site.join("content/offsite")).unwrap();
    events.reload_until(|| server.get("minutes/offsite/2026-11-20/").0 == 404);
}

#[test]
fn editor_scratch_files_do_not_rebuild() {
    let dir = SiteTest::demo();
    let site = dir.path().join("site");
    let server = Server::start(&site, &["--watch"]);
    let mut events = server.events("__minutebook/events");
    let weekly = site.join("content/weekly");
    for name in [
        ".20260924.md.swp",
        "20260924.md~",
        "4913",
        ".#20260924.md",
        ".hidden.md",
    ] {
        fs::write(weekly.join(name), "scratch").unwrap();
    }
    fs::create_dir_all(site.join("public")).unwrap();
    fs::write(site.join("public/index.html"), "output").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let (_, before) = server.get("");
    let version = |html: &str| {
        html.split("var v=")
            .nth(1)
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string()
    };
    let v0 = version(&before);
    assert_eq!(
        v0,
        events.hello.to_string(),
        "scratch files triggered a rebuild"
    );
    edit(&weekly.join("20260924.md"), |t| t + "\n- a real edit\n");
    let (kind, v1) = events.next();
    assert_eq!(kind, "reload");
    // Exactly one rebuild since the page was served: the scratch files caused none.
    assert_eq!(
        v1.parse::<u64>().unwrap(),
        v0.parse::<u64>().unwrap() + 1,
        "scratch files triggered a rebuild"
    );
}

#[test]
fn a_broken_template_or_config_shows_an_overlay_and_recovers() {
    let dir = SiteTest::demo();
    let site = dir.path().join("site");
    let server = Server::start(&site, &["--watch"]);
    let mut events = server.events("__minutebook/events");
    let (_, good_week) = server.get(WEEK);
    assert!(!good_week.contains("minutebook-error"));

    let templates = site.join("templates");
    fs::create_dir(&templates).unwrap();
    fs::write(
        templates.join("week.html"),
        "{% extends \"base.html\" %}\n{% block content %}{{ week.key }{% endblock %}\n",
    )
    .unwrap();
    events.reload_until(|| server.get(WEEK).1.contains("minutebook-error"));
    let (status, week) = server.get(WEEK);
    assert_eq!(status, 200, "the last good page is still served");
    assert!(week.contains("IPv6 design accepted"), "old content kept");
    assert!(
        week.contains("id=\"minutebook-error\""),
        "no overlay in {week}"
    );
    assert!(
        week.contains("templates/week.html:2"),
        "overlay names file and line: {week}"
    );
    assert!(
        server.get("").1.contains("minutebook-error"),
        "a fresh load of any page shows it"
    );
    assert!(server
        .stderr()
        .iter()
        .any(|l| l.starts_with("error: ") && l.contains("templates/week.html:2")));

    // Content edits while broken do not hide the error.
    edit(&site.join("content/weekly/20260924.md"), |t| {
        t + "\n- while broken\n"
    });
    assert_eq!(events.next().0, "reload");
    assert!(server.get(WEEK).1.contains("minutebook-error"));

    fs::write(templates.join("week.html"), "{% extends \"base.html\" %}\n{% block content %}<h1 id=\"fixed\">{{ week.key }}</h1>{% endblock %}\n").unwrap();
    events.reload_until(|| !server.get(WEEK).1.contains("minutebook-error"));
    let (_, week) = server.get(WEEK);
    assert!(
        !week.contains("minutebook-error"),
        "overlay still there after the fix"
    );
    assert!(week.contains("<h1 id=\"fixed\">2026-W39</h1>"));
    assert!(
        server.get(MEETING).1.contains("while broken"),
        "the edit made while broken is there"
    );

    let config = site.join("site.toml");
    let good = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{good}\nunknown_key = 1\n")).unwrap();
    events.reload_until(|| server.get("").1.contains("minutebook-error"));
    let (status, home) = server.get("");
    assert_eq!(status, 200);
    assert!(
        home.contains("minutebook-error") && home.contains("site.toml"),
        "{home}"
    );
    fs::write(&config, good).unwrap();
    events.reload_until(|| !server.get("").1.contains("minutebook-error"));
    assert!(!server.get("").1.contains("minutebook-error"));
}

#[test]
fn traversal_attempts_get_404() {
    let dir = SiteTest::demo();
    let site = dir.path().join("site");
    fs::write(dir.path().join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(&site, &[]);
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/static/../../site.toml",
        "/../site/site.toml",
        "/./site.toml",
        "/%00",
    ] {
        let (status, body) = server.raw_get(target);
        assert_eq!(status, 404, "{target}: {body}");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:"),
            "{target} leaked a file"
        );
    }
    // Sources are not pages.
    assert_eq!(server.get("site.toml").0, 404);
    assert_eq!(server.get("weekly/20260924.md").0, 404);
}

#[test]
fn base_path_is_honoured() {
    let dir = SiteTest::demo();
    let site = dir.path().join("site");
    let server = Server::start(
        &site,
        &["--watch", "--base-url", "https://example.org/minutes/"],
    );
    let meeting = |s: &Server| s.get(MEETING).1;
    assert!(server.url.ends_with("/minutes/"), "{}", server.url);
    let root = server.url.trim_end_matches("minutes/");
    let agentless = get_url(root);
    assert_eq!(agentless.0, 308, "/ redirects to the base path");
    let (status, home) = server.get("");
    assert_eq!(status, 200);
    assert!(home.contains("\"/minutes/__minutebook/events\""));
    assert_eq!(get_url(&format!("{root}weeks/2026-W39/")).0, 404);
    let mut events = server.events("__minutebook/events");
    edit(&site.join("content/weekly/20260924.md"), |t| {
        t + "\n- under a base path\n"
    });
    events.reload_until(|| meeting(&server).contains("under a base path"));
}

#[test]
fn a_port_in_use_is_one_line_suggesting_port() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = SiteTest::demo();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args(["serve", "--root"])
        .arg(dir.path().join("site"))
        .args(["--port", &port])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("--port") && errors[0].contains(&port),
        "{stderr}"
    );
}

#[test]
fn ctrl_c_stops_with_streams_open() {
    let dir = SiteTest::demo();
    let site = dir.path().join("site");
    let mut server = Server::start(&site, &["--watch"]);
    let mut a = server.events("__minutebook/events");
    let _b = server.events("__minutebook/events");
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    assert!(a.closed());
    let leftovers: Vec<_> = fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !leftovers
            .iter()
            .any(|n| n == "public" || n.to_string_lossy().starts_with(".minutebook")),
        "{leftovers:?}"
    );
}

#[test]
fn a_site_that_does_not_build_yet_is_served_as_its_errors_until_fixed() {
    let dir = SiteTest::demo();
    let site = dir.path().join("site");
    let config = site.join("site.toml");
    let good = fs::read_to_string(&config).unwrap();
    fs::write(&config, "title = [\n").unwrap();

    // Without --watch there is nothing to wait for: one error, naming the file.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("site.toml:1"));

    let server = Server::start(&site, &["--watch"]);
    let (status, page) = server.get("");
    assert_eq!(status, 404);
    assert!(
        page.contains("minutebook-error") && page.contains("site.toml:1"),
        "{page}"
    );
    assert!(page.contains("data-minutebook-live"));
    let mut events = server.events("__minutebook/events");
    fs::write(&config, good).unwrap();
    events.reload_until(|| server.get("").0 == 200);
    assert!(!server.get(WEEK).1.contains("minutebook-error"));
}

#[test]
fn the_search_index_and_feeds_are_never_stale_after_a_reload() {
    let dir = SiteTest::demo();
    let site = dir.path().join("site");
    // An absolute base URL, so that the Atom feed is written too.
    let server = Server::start(&site, &["--watch", "--base-url", "https://example.org/"]);
    let mut events = server.events("__minutebook/events");
    let file = site.join("content/weekly/20261105.md");
    for word in ["Zanzibarification", "Quokkaplanning", "Xylophonics"] {
        edit(&file, |t| format!("{t}\n- {word} of the rollout\n"));
        assert_eq!(events.next().0, "reload");
        // Asked for at once: made after the reload was sent, they must be waited for.
        let (status, index) = server.get("search-index.json");
        assert_eq!(status, 200);
        let docs = minutebook::outputs::search_index::read_index(&index, |rel| {
            let (status, text) = server.get(&format!("search-index/{rel}"));
            (status == 200).then_some(text)
        })
        .unwrap();
        assert!(
            docs.iter().any(|d| d.text.contains(word)),
            "{word} missing from the search index after the reload"
        );
        let (status, feed) = server.get("feed.xml");
        assert_eq!(status, 200);
        assert!(feed.contains(word), "{word} missing from the feed");
    }
}

/// Sends `GET path` over HTTP/1.0 (so the body is not chunked) with the given extra
/// header lines; returns the response head, lower-cased, and the raw body.
fn get_raw(server: &Server, path: &str, headers: &str) -> (String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    write!(
        s,
        "GET /{path} HTTP/1.0\r\nHost: {}\r\n{headers}\r\n",
        server.addr
    )
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&out[..split]).to_lowercase();
    (head, out[split + 4..].to_vec())
}

#[test]
fn pages_go_gzipped_to_browsers_that_ask_and_the_events_stream_does_not() {
    use std::io::{Read, Write};
    let dir = SiteTest::demo();
    let server = Server::start(&dir.path().join("site"), &[]);
    let (_, plain) = server.get(WEEK);
    let (head, body) = get_raw(&server, WEEK, "Accept-Encoding: gzip\r\n");
    assert!(head.contains("content-encoding: gzip"), "{head}");
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain, "the gzipped page is the page");
    assert!(
        body.len() * 2 < plain.len(),
        "{} of {}",
        body.len(),
        plain.len()
    );
    // Without the header, the page goes as it is.
    let (head, body) = get_raw(&server, WEEK, "");
    assert!(!head.contains("content-encoding"), "{head}");
    assert_eq!(String::from_utf8(body).unwrap(), plain);
    // The reload stream must reach the browser event by event: never compressed.
    let mut s = std::net::TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    write!(
        s,
        "GET /__minutebook/events HTTP/1.1\r\nHost: {}\r\nAccept-Encoding: gzip\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut byte).unwrap();
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_lowercase();
    assert!(head.contains("text/event-stream"), "{head}");
    assert!(!head.contains("content-encoding"), "{head}");
}
