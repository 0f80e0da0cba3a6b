//! Byte-for-byte snapshot of a whole built site, so that speed work never changes a page.
//!
//! Builds `tests/fixtures/snapshot/site/` and compares every output file with the
//! committed tree `tests/fixtures/snapshot/expected/`. When a template or the rendering
//! changes on purpose, regenerate the tree and review the diff in git:
//!
//! ```sh
//! UPDATE_SNAPSHOTS=1 cargo test --test suite snapshot::
//! git diff --stat tests/fixtures/snapshot/expected/
//! ```
//!
//! The built-in static files (`DEFAULT_STATIC`) are left out: they are copied from
//! `static/` byte for byte, and a verbatim copy here would only have to follow them.

use std::fs;
use std::path::{Path, PathBuf};

use minutebook::diagnostics::Severity;
use minutebook::outputs::write as output;
use minutebook::render::DEFAULT_STATIC;
use minutebook::site::{Site, SitePaths};

use crate::common::read_tree as tree;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snapshot")
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let (e, a) = (
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(actual),
    );
    let (mut el, mut al) = (e.lines(), a.lines());
    for n in 1.. {
        match (el.next(), al.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => return "only line endings differ".into(),
            (x, y) => return format!("line {n}:\n  expected: {x:?}\n  actual:   {y:?}"),
        }
    }
    unreachable!()
}

fn build_fixture() -> (tempfile::TempDir, PathBuf, Site) {
    let root = fixture().join("site");
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("public");
    let site = Site::load(SitePaths::new(Some(root), None, Some(out.clone())), None)
        .expect("fixture loads");
    output::build_atomically(&site, &out).expect("fixture builds");
    (out_parent, out, site)
}

#[test]
fn built_site_matches_committed_snapshot() {
    let (_keep, out, site) = build_fixture();
    assert_eq!(site.count(Severity::Error), 0, "{:?}", site.diagnostics);
    // Built-in static files (style.css, search.js, ...) are the repository's own
    // files copied as they are: the snapshot keeps no second copy of them, it only
    // asks that each is written.
    let mut actual = tree(&out);
    for (name, _) in DEFAULT_STATIC {
        assert!(actual.remove(*name).is_some(), "{name} is not written");
    }
    let expected_dir = fixture().join("expected");

    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v != "0") {
        if expected_dir.exists() {
            fs::remove_dir_all(&expected_dir).unwrap();
        }
        for (rel, bytes) in &actual {
            let p = expected_dir.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
        eprintln!(
            "snapshot: wrote {} files to {}",
            actual.len(),
            expected_dir.display()
        );
        return;
    }

    let expected = tree(&expected_dir);
    assert!(
        !expected.is_empty(),
        "no snapshot in {}; create it with UPDATE_SNAPSHOTS=1 cargo test --test suite snapshot::",
        expected_dir.display()
    );
    let missing: Vec<&String> = expected
        .keys()
        .filter(|k| !actual.contains_key(*k))
        .collect();
    let extra: Vec<&String> = actual
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    let changed: Vec<String> = expected
        .iter()
        .filter_map(|(k, e)| {
            let a = actual.get(k)?;
            (a != e).then(|| format!("{k}: {}", first_difference(e, a)))
        })
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && changed.is_empty(),
        "build output differs from tests/fixtures/snapshot/expected/\n\
         (if the change is intended: UPDATE_SNAPSHOTS=1 cargo test --test suite snapshot::, then review git diff)\n\
         missing: {missing:?}\nextra: {extra:?}\nchanged:\n{}",
        changed.join("\n")
    );
}

/// The fixture must exercise what the snapshot is meant to protect; otherwise a
/// shrinking fixture would make the comparison above say little.
#[test]
fn fixture_covers_every_page_kind_and_rendering_path() {
    let (_keep, out, _site) = build_fixture();
    let files = tree(&out);
    let html = |p: &str| {
        String::from_utf8(
            files
                .get(p)
                .unwrap_or_else(|| panic!("{p} not built"))
                .clone(),
        )
        .unwrap()
    };
    for p in [
        "index.html",
        "404.html",
        "style.css",
        "teams/index.html",
        "teams/compost/index.html",
        "teams/compost/2025/index.html",
        "teams/water/index.html",
        "teams/seeds/index.html",
        "series/weekly/index.html",
        "series/garden/index.html",
        "weeks/2025-W01/index.html",
        "minutes/weekly/2025-01-02/index.html",
        "minutes/garden/2025-01-13-pumps/index.html",
        "files/cover.svg",
    ] {
        assert!(
            files.contains_key(p),
            "{p} missing; built: {:?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    let m = html("minutes/weekly/2025-01-02/index.html");
    assert!(
        m.contains("<table>") && m.contains("Remember the <b>key</b>"),
        "{m}"
    );
    // The layout's one script aside, the minutes' own is not on the page.
    let own = m.replace(
        r#"<script src="/plots/search-focus.js" defer></script>"#,
        "",
    );
    assert!(
        !own.contains("<script") && !m.contains("nowhere.pdf"),
        "{m}"
    );
    assert!(
        m.contains("href=\"/plots/minutes/weekly/2024-12-26/\""),
        "{m}"
    );
    assert!(html("series/weekly/index.html").contains("(custom template)"));
    let t = html("teams/compost/index.html");
    assert!(t.contains("Shredder rota"), "{t}");
}
