//! Inputs found by (or written for) the fuzz targets in `fuzz/`, replayed on every
//! test run through the same entry points: no panic, no script in the output.

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
            if let Some(tag) = minutebook::markdown::parse::active_content_in_tags(&b.html) {
                panic!("{name}: {tag} in {}", b.html);
            }
        }
    }
}

#[test]
fn site_toml_inputs() {
    for (name, bytes) in inputs("site_toml") {
        let text = String::from_utf8_lossy(&bytes);
        match Config::parse(&text, Path::new("site.toml")) {
            Ok(config) => {
                let m = TeamMatcher::new(&config);
                let _ = m.match_heading("Team A", false);
            }
            Err(e) => assert!(e.to_string().starts_with("site.toml"), "{name}: {e}"),
        }
    }
}
