//! Who was there, on the three real archives in `../shared/corpus`, built as a new user
//! would (SCS with its own `site.toml`, the others with none). The people listed as
//! present are found here with rules of the test's own, per archive shape, not with
//! minutebook's parser.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::common::{broken_links, build_corpus, repo, shared_path};

/// One person page: the names it goes by (lower case) and its text.
struct PersonPage {
    names: Vec<String>,
    html: String,
}

fn person_pages(out: &Path) -> Vec<PersonPage> {
    let h1 = Regex::new(r"(?s)<h1>(.*?)</h1>").unwrap();
    let tag = Regex::new(r"<[^>]+>").unwrap();
    let mut pages = Vec::new();
    for entry in fs::read_dir(out.join("people")).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(html) = fs::read_to_string(dir.join("index.html")) else {
            continue;
        };
        let title = h1
            .captures(&html)
            .map(|c| c[1].to_string())
            .unwrap_or_default();
        let title = tag.replace_all(&title, " ");
        // `Name @handle`, or `@handle` alone.
        let mut names: Vec<String> = Vec::new();
        let (name, handle) = match title.find(" @") {
            Some(i) => (title[..i].trim(), Some(title[i + 1..].trim())),
            None => (title.trim(), None),
        };
        names.push(unescape(name).to_lowercase());
        names.extend(handle.map(|h| h.trim_start_matches('@').to_lowercase()));
        if let Some(h) = name.strip_prefix('@') {
            names.push(h.to_lowercase());
        }
        pages.push(PersonPage { names, html });
    }
    pages
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
}

/// (date, name or handle) of each person the test's own rules find present.
type Present = Vec<(String, String)>;

/// `## Present` then `* Name (@handle)` items (OpenJS).
fn present_lists(corpus: &Path) -> Present {
    let item = Regex::new(r"^\s*[*-]\s+([^(\[]+?)\s*(?:\(@[\w-]+\))?\s*$").unwrap();
    lists_after_heading(corpus, "## Present", |line| {
        item.captures(line).map(|c| vec![c[1].to_string()])
    })
}

/// `## Attendance` then lines of names after an optional label (Rust council).
fn attendance_lines(corpus: &Path) -> Present {
    lists_after_heading(corpus, "## Attendance", |line| {
        let line = line.trim().trim_start_matches(['-', '*']).trim();
        let names = line.split_once(':').map_or(line, |(_, rest)| rest);
        Some(
            names
                .split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty() && n.split_whitespace().count() <= 3)
                .collect(),
        )
    })
}

/// A `Participants` heading then `- @handle` items (SCS).
fn participant_handles(corpus: &Path) -> Present {
    let item = Regex::new(r"^\s*[*-]\s+@([\w-]+)\s*$").unwrap();
    lists_after_heading(corpus, "Participants", |line| {
        item.captures(line).map(|c| vec![c[1].to_string()])
    })
}

/// For every dated file: the names `names` finds in the lines right after a heading
/// that contains `heading`, up to the first line it finds nothing in.
fn lists_after_heading(
    corpus: &Path,
    heading: &str,
    names: impl Fn(&str) -> Option<Vec<String>>,
) -> Present {
    let date = Regex::new(r"^(\d{4})-?(\d{2})-?(\d{2})").unwrap();
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(corpus) {
        let e = e.unwrap();
        let file = e.file_name().to_string_lossy().to_string();
        let Some(d) = date.captures(&file) else {
            continue;
        };
        if !file.ends_with(".md") {
            continue;
        }
        let day = format!("{}-{}-{}", &d[1], &d[2], &d[3]);
        let text = fs::read_to_string(e.path()).unwrap_or_default();
        let mut lines = text
            .lines()
            .skip_while(|l| !(l.starts_with('#') && l.contains(heading)));
        if lines.next().is_none() {
            continue;
        }
        let mut started = false;
        for line in lines {
            if line.trim().is_empty() {
                if started {
                    break;
                }
                continue;
            }
            if line.starts_with('#') {
                break;
            }
            match names(line) {
                Some(found) if !found.is_empty() => {
                    started = true;
                    out.extend(found.into_iter().map(|n| (day.clone(), n)));
                }
                _ => break,
            }
        }
    }
    out
}

/// Share of the present people that a person page names and shows at that date.
fn found_share(present: &Present, pages: &[PersonPage]) -> (f64, Vec<String>) {
    let mut by_name: HashMap<&str, &PersonPage> = HashMap::new();
    for p in pages {
        for n in &p.names {
            by_name.insert(n.as_str(), p);
        }
    }
    let mut missing = Vec::new();
    for (day, name) in present {
        let key = name.trim_start_matches('@').to_lowercase();
        let shown = by_name
            .get(key.as_str())
            .is_some_and(|p| p.html.contains(&format!("<td>{day}</td>")));
        if !shown {
            missing.push(format!("{day} {name}"));
        }
    }
    let share = 1.0 - missing.len() as f64 / present.len().max(1) as f64;
    (share, missing)
}

/// Every person page names someone the minutes of one of its meetings name: nobody is
/// made up.
fn assert_nobody_invented(corpus: &Path, out: &Path, pages: &[PersonPage]) {
    let link = Regex::new(r#"<td><a href="/minutes/([^"]+)/">"#).unwrap();
    // Several folders hold a file of the same name: a list, not a map.
    let texts: Vec<(String, String)> = walkdir::WalkDir::new(corpus)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            // The date of the file, or of the nearest dated folder above it.
            let dated = Regex::new(r"^\d{4}-?\d{2}-?\d{2}").unwrap();
            let stem = (e.path().ancestors())
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy().to_string())
                .find(|n| dated.is_match(n))
                .unwrap_or_default();
            let text = fs::read_to_string(e.path())
                .unwrap_or_default()
                .to_lowercase();
            (stem, text)
        })
        .collect();
    let norm = |s: &str| s.replace('-', "");
    for p in pages {
        let meetings: Vec<String> = link
            .captures_iter(&p.html)
            .map(|c| c[1].rsplit('/').next().unwrap().to_string())
            .collect();
        assert!(
            !meetings.is_empty(),
            "{}: a person page without meetings",
            p.names[0]
        );
        let named = meetings.iter().any(|stem| {
            texts
                .iter()
                .filter(|(s, _)| norm(s).starts_with(&norm(&stem[..10.min(stem.len())])))
                .any(|(_, t)| {
                    p.names
                        .iter()
                        .any(|n| t.contains(n.trim_start_matches('@')))
                })
        });
        assert!(
            named,
            "{:?} appears in none of its meetings ({})",
            p.names,
            out.display()
        );
    }
}

fn check(corpus: PathBuf, root: Option<PathBuf>, present: fn(&Path) -> Present, want: usize) {
    let (_tmp, out) = build_corpus(&corpus, root.as_deref());
    let pages = person_pages(&out);
    let present = present(&corpus);
    assert!(
        present.len() >= want,
        "the test's own rules found only {} people present",
        present.len()
    );
    let (share, missing) = found_share(&present, &pages);
    eprintln!(
        "{}: {} person pages; {:.1}% of {} people present have one showing the meeting",
        corpus.display(),
        pages.len(),
        share * 100.0,
        present.len()
    );
    assert!(
        share >= 0.9,
        "{:.1}% of {} present people have a page showing the meeting; missing: {:?}",
        share * 100.0,
        present.len(),
        &missing[..missing.len().min(30)]
    );
    assert_nobody_invented(&corpus, &out, &pages);
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
}

#[test]
fn openjs_present_lists_have_person_pages() {
    let Some(corpus) = shared_path("corpus/openjs-cpc") else {
        return;
    };
    check(corpus, None, present_lists, 1000);
}

#[test]
fn rust_council_attendance_has_person_pages() {
    let Some(corpus) = shared_path("corpus/rust-leadership-council") else {
        return;
    };
    check(corpus, None, attendance_lines, 300);
}

#[test]
fn scs_participants_have_person_pages() {
    let Some(corpus) = shared_path("corpus/scs-minutes") else {
        return;
    };
    check(
        corpus,
        Some(repo().join("examples/scs")),
        participant_handles,
        2000,
    );
}
