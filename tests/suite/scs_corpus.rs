//! The real SCS minutes (`../shared/corpus/scs-minutes`) built with
//! `examples/scs/site.toml`. Expectations are computed here from the markdown files
//! with rules of the test's own, not with minutebook's parser.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::Datelike;
use regex::Regex;

use crate::common::{broken_links, repo, run, scripts_from_content, scs_corpus};

struct Built {
    corpus: PathBuf,
    out: PathBuf,
    stdout: String,
    stderr: String,
}

/// One build shared by the tests of this file.
fn built() -> Option<&'static Built> {
    static BUILT: OnceLock<Option<Built>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let corpus = scs_corpus()?;
            let out = std::env::temp_dir().join(format!("minutebook-scs-{}", std::process::id()));
            let _ = fs::remove_dir_all(&out);
            let root = repo().join("examples/scs");
            let o = run(&[
                "build",
                "--root",
                root.to_str().unwrap(),
                "--content",
                corpus.to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ]);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            Some(Built {
                corpus,
                out,
                stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            })
        })
        .as_ref()
}

/// Dated files: (path, series, stem), computed with the documented naming rule.
fn dated_files(corpus: &Path) -> Vec<(PathBuf, String, String)> {
    let date = Regex::new(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[-_ ](.+))?$").unwrap();
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(corpus)
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let Some(c) = date.captures(&stem) else {
            continue;
        };
        let rel = p.strip_prefix(corpus).unwrap();
        let series = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .to_string();
        let mut out = format!("{}-{}-{}", &c[1], &c[2], &c[3]);
        if let Some(rest) = c.get(4) {
            out.push('-');
            out.push_str(&rest.as_str().to_lowercase().replace([' ', '_'], "-"));
        }
        files.push((p.to_path_buf(), series, out));
    }
    files
}

#[test]
fn every_dated_file_has_its_page_showing_its_text() {
    let Some(b) = built() else { return };
    let files = dated_files(&b.corpus);
    assert_eq!(
        files.len(),
        875,
        "the corpus has 875 files whose name carries a date"
    );
    let item = Regex::new(r"^\s*[-*] ([A-Za-z][A-Za-z0-9 ,.]{12,60})$").unwrap();
    let mut checked_text = 0;
    for (path, series, stem) in &files {
        let page = b.out.join(format!("minutes/{series}/{stem}/index.html"));
        let html =
            fs::read_to_string(&page).unwrap_or_else(|_| panic!("no page for {}", path.display()));
        // A plain list item of the file appears verbatim on its page.
        let text = fs::read_to_string(path).unwrap();
        if let Some(c) = text.lines().find_map(|l| item.captures(l.trim_end())) {
            assert!(
                html.contains(&c[1]),
                "{}: `{}` not on {}",
                path.display(),
                &c[1],
                page.display()
            );
            checked_text += 1;
        }
    }
    assert!(
        checked_text > 500,
        "only {checked_text} files had a plain list item to check"
    );
}

#[test]
fn every_week_page_links_its_meetings() {
    let Some(b) = built() else { return };
    let mut weeks: HashMap<String, Vec<String>> = HashMap::new();
    for (_, series, stem) in dated_files(&b.corpus) {
        let d = chrono::NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d").unwrap();
        let w = d.iso_week();
        let key = format!("{}-W{:02}", w.year(), w.week());
        weeks
            .entry(key)
            .or_default()
            .push(format!("/minutes/{series}/{stem}/"));
    }
    for (key, urls) in &weeks {
        let html = fs::read_to_string(b.out.join(format!("weeks/{key}/index.html")))
            .unwrap_or_else(|_| panic!("no page for week {key}"));
        for u in urls {
            assert!(
                html.contains(&format!("href=\"{u}\"")),
                "week {key} does not link {u}"
            );
        }
    }
}

/// The test's own reading of which team a heading names. `None`: not a team section.
fn expected_team(heading: &str) -> Option<&'static str> {
    let h = heading.trim().to_lowercase();
    let starts = |p: &str| h.starts_with(p);
    if starts("team ops") && h.contains("iam") || starts("team operations and iam") {
        return Some("ops-iam");
    }
    let table: &[(&str, &str)] = &[
        ("team container", "container"),
        ("team iaas", "iaas"),
        ("team ops", "ops"),
        ("team operations", "ops"),
        ("team iam", "iam"),
        ("sig standard", "standardization"),
        ("sig std", "standardization"),
        ("standardisation sig", "standardization"),
        ("standardisation & certification sig", "standardization"),
        ("sig documentation", "documentation"),
        ("sig docs", "documentation"),
        ("documentation sig", "documentation"),
        ("sig community", "community"),
        ("community sig", "community"),
        ("sig monitoring", "monitoring"),
        ("monitoring sig", "monitoring"),
        ("sig central api", "central-api"),
        ("central api mvp sig", "central-api"),
        ("sig release", "release"),
        ("release sig", "release"),
        ("sig market", "market"),
        ("new sig market", "market"),
        ("sig iam", "sig-iam"),
        ("iam sig", "sig-iam"),
    ];
    table.iter().find(|(p, _)| starts(p)).map(|(_, t)| *t)
}

#[test]
fn every_team_section_of_the_weekly_call_is_on_its_team_page() {
    let Some(b) = built() else { return };
    let heading = Regex::new(r"^(#{1,3})\s+(.*?)\s*#*\s*$").unwrap();
    let tags = Regex::new(r"<[^>]*>").unwrap();
    // team slug -> every meeting URL its pages link to.
    let mut linked: HashMap<String, HashSet<String>> = HashMap::new();
    let href = Regex::new(r##"href="(/minutes/[^"#]+/)[^"]*""##).unwrap();
    for e in walkdir::WalkDir::new(b.out.join("teams"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(b.out.join("teams")).unwrap();
            let Some(slug) = rel
                .components()
                .next()
                .filter(|_| rel.components().count() > 1)
            else {
                continue;
            };
            let html = fs::read_to_string(e.path()).unwrap();
            let set = linked
                .entry(slug.as_os_str().to_string_lossy().to_string())
                .or_default();
            set.extend(href.captures_iter(&html).map(|c| c[1].to_string()));
        }
    }
    let mut checked = 0;
    for (path, series, stem) in dated_files(&b.corpus) {
        if series != "community-call" && series != "community-meeting" {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let mut in_fence = false;
        let mut in_style = false;
        let mut in_comment = false;
        for line in text.lines() {
            let t = line.trim_start();
            if t.starts_with("<!--") && !t.contains("-->") {
                in_comment = true;
            }
            if in_comment {
                in_comment = !t.contains("-->");
                continue;
            }
            if t.starts_with("```") {
                in_fence = !in_fence;
            }
            if t.starts_with("<style") {
                in_style = true;
            }
            if t.starts_with("</style") {
                in_style = false;
            }
            if in_fence || in_style {
                continue;
            }
            let Some(c) = heading.captures(line) else {
                continue;
            };
            let plain = tags.replace_all(&c[2], "").replace(['*', '_'], "");
            let Some(team) = expected_team(&plain) else {
                continue;
            };
            let url = format!("/minutes/{series}/{stem}/");
            assert!(
                linked.get(team).is_some_and(|s| s.contains(&url)),
                "{}: heading `{}` is not on the {team} team page (no link to {url})",
                path.display(),
                plain.trim()
            );
            checked += 1;
        }
    }
    assert!(checked > 700, "only {checked} team headings found");
}

#[test]
fn team_pages_are_the_configured_teams_only() {
    let Some(b) = built() else { return };
    let teams: Vec<String> = fs::read_dir(b.out.join("teams"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!((8..=25).contains(&teams.len()), "{teams:?}");
    for junk in [
        "events",
        "team-meeting-reschedule",
        "team-updates",
        "updates-from-the-teams",
    ] {
        assert!(!teams.iter().any(|t| t == junk), "{junk} is a team page");
    }
    let summary = b.stdout.lines().last().unwrap();
    assert!(summary.starts_with("built 889 meetings, "), "{summary}");
}

#[test]
fn no_broken_links_and_no_script() {
    let Some(b) = built() else { return };
    assert_eq!(broken_links(&b.out, "/"), Vec::<String>::new());
    assert_eq!(scripts_from_content(&b.out, "/"), Vec::<String>::new());
    // The slide decks' CSS is dropped, not shown as text.
    let deck =
        fs::read_to_string(b.out.join("minutes/community-call/2023-10-12/index.html")).unwrap();
    assert!(!deck.contains("font-family: lato"), "style text leaked");
}

#[test]
fn date_disagreements_are_reported_with_file_and_line() {
    let Some(b) = built() else { return };
    let lines: Vec<&str> = b
        .stderr
        .lines()
        .filter(|l| l.contains("but the file name says"))
        .collect();
    assert!(lines.len() >= 10, "{}", b.stderr);
    let re = Regex::new(
        r"^warning: .+/[0-9-]+\.md:\d+: title says \d{4}-\d\d-\d\d but the file name says",
    )
    .unwrap();
    for l in lines {
        assert!(re.is_match(l), "{l}");
    }
}
