//! Inputs found by (or written for) the fuzz targets in `fuzz/`, replayed on every
//! test run through the same entry points: no panic, no active content in the
//! output, and each `site.toml` accepted or rejected as `site_toml.expected` says.

use std::collections::BTreeMap;
use std::path::Path;

use minutebook::markdown::team_sections::TeamMatcher;
use minutebook::site::parse_bytes;
use minutebook::source::config::Config;

fn inputs(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(dir);
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no inputs in {}", dir.display());
    v
}

#[test]
fn parse_file_inputs() {
    let config = Config::parse(
        "team_parents = ['Team updates']\n[[teams]]\nname = 'Team A'\naliases = ['A SIG']\npatterns = ['Team A/.*']\n",
        Path::new("site.toml"),
    )
    .unwrap();
    for (name, bytes) in inputs("parse_file") {
        let (parsed, _) = parse_bytes(bytes, Path::new("x/20240101.md"), &config);
        for b in &parsed.blocks {
            if let Some(tag) = minutebook::markdown::sanitize::active_content_in_tags(&b.html) {
                panic!("{name}: {tag} in {}", b.html);
            }
        }
    }
}

/// What `Config::parse` must do with one `site_toml` input.
#[derive(Debug)]
enum Expected {
    Accept,
    /// Rejected with a message containing this text.
    Reject(String),
}

/// `fuzz/regressions/site_toml.expected`: the expected outcome of each input.
fn site_toml_expected() -> BTreeMap<String, Expected> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/site_toml.expected");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut expected = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, ' ');
        let (name, outcome, message) = (parts.next().unwrap(), parts.next(), parts.next());
        let e = match (outcome, message) {
            (Some("accept"), None) => Expected::Accept,
            (Some("reject"), Some(m)) => Expected::Reject(m.trim().to_string()),
            _ => panic!(
                "{}: `{line}` is not `FILE accept` or `FILE reject TEXT`",
                path.display()
            ),
        };
        assert!(
            expected.insert(name.to_string(), e).is_none(),
            "{name} listed twice"
        );
    }
    expected
}

#[test]
fn site_toml_inputs() {
    let mut expected = site_toml_expected();
    for (name, bytes) in inputs("site_toml") {
        let text = String::from_utf8_lossy(&bytes);
        let want = expected.remove(&name).unwrap_or_else(|| {
            panic!("{name}: no expected outcome in fuzz/regressions/site_toml.expected")
        });
        match (Config::parse(&text, Path::new("site.toml")), want) {
            (Ok(config), Expected::Accept) => {
                let m = TeamMatcher::new(&config);
                let _ = m.match_heading("Team A", false);
                let _ = m.match_heading(&text, true);
            }
            (Err(e), Expected::Reject(message)) => {
                let e = e.to_string();
                assert!(e.starts_with("site.toml:"), "{name}: {e}");
                assert!(e.contains(&message), "{name}: expected `{message}` in: {e}");
            }
            (Ok(_), want) => panic!("{name}: accepted, expected {want:?}"),
            (Err(e), want) => panic!("{name}: rejected ({e}), expected {want:?}"),
        }
    }
    assert!(
        expected.is_empty(),
        "listed in site_toml.expected but not in site_toml/: {:?}",
        expected.keys().collect::<Vec<_>>()
    );
}
