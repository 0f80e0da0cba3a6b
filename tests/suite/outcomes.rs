//! Decisions and action items of the three real archives in `../shared/corpus`, found
//! here with rules of the test's own (labelled lines only), each shown with its text
//! and a link to its meeting on `/decisions/` or `/actions/`.

use std::fs;
use std::path::Path;

use regex::Regex;

use crate::common::{build_corpus, repo, shared_path};

/// (date, text) of each labelled line the test's own rule finds.
fn labelled(corpus: &Path, labels: &str) -> Vec<(String, String)> {
    let date = Regex::new(r"^(\d{4})-?(\d{2})-?(\d{2})").unwrap();
    let line = Regex::new(&format!(
        r"(?i)^\s*(?:[-*]\s+)?\**(?:{labels})\**:\**\s*(.+)$"
    ))
    .unwrap();
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(corpus) {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        let Some(d) = date.captures(&name) else {
            continue;
        };
        if !name.ends_with(".md") {
            continue;
        }
        let day = format!("{}-{}-{}", &d[1], &d[2], &d[3]);
        let text = fs::read_to_string(e.path()).unwrap_or_default();
        let mut in_code = false;
        for l in text.lines() {
            if l.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            if let Some(c) = line.captures(l).filter(|_| !in_code) {
                out.push((day.clone(), c[1].to_string()));
            }
        }
    }
    out
}

/// The first words of a line, without markdown punctuation: what the page must show.
fn words(text: &str) -> String {
    let link = Regex::new(r"\]\([^)]*\)").unwrap();
    let text = link.replace_all(text, "");
    let plain: String = text.chars().filter(|c| !"*_`[]<>".contains(*c)).collect();
    plain
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ")
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Share of the labelled lines shown on `page` with their date, in one list item.
fn shown(items: &[(String, String)], page: &str) -> (f64, Vec<String>) {
    let li = Regex::new(r"(?s)<li class=.(?:outcome|action)[^>]*>(.*?)</li>").unwrap();
    let tag = Regex::new(r"<[^>]+>").unwrap();
    let shown: Vec<String> = li
        .captures_iter(page)
        .map(|c| unescape(&tag.replace_all(&c[1], "")))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut missing = Vec::new();
    for (day, text) in items {
        let w = words(text);
        if w.is_empty() {
            continue;
        }
        if !shown
            .iter()
            .any(|s| s.contains(&w) && s.contains(day.as_str()))
        {
            missing.push(format!("{day} {w}"));
        }
    }
    let share = 1.0 - missing.len() as f64 / items.len().max(1) as f64;
    (share, missing)
}

fn check(corpus: &Path, root: Option<&Path>, min_decisions: usize, min_actions: usize) {
    let (_tmp, out) = build_corpus(corpus, root);
    for (labels, page, min) in [
        (
            "decision|decided|agreed|agreement|resolved",
            "decisions",
            min_decisions,
        ),
        ("ai|action|action item|todo", "actions", min_actions),
    ] {
        let items = labelled(corpus, labels);
        assert!(
            items.len() >= min,
            "only {} {page} lines found",
            items.len()
        );
        // `/actions/` and the pages of done and dropped items it links.
        let html: String = walkdir::WalkDir::new(out.join(page))
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_name() == "index.html")
            .map(|e| fs::read_to_string(e.path()).unwrap())
            .collect();
        let (share, missing) = shown(&items, &html);
        eprintln!(
            "{}: {:.1}% of {} {page} shown on /{page}/",
            corpus.display(),
            share * 100.0,
            items.len()
        );
        assert!(
            share >= 0.9,
            "{:.1}% of {} {page} shown; missing: {:?}",
            share * 100.0,
            items.len(),
            &missing[..missing.len().min(20)]
        );
        // Each links its meeting.
        assert!(html.contains(r#"<a href="/minutes/"#) || items.is_empty());
    }
}

#[test]
fn scs_decisions_and_actions_are_listed() {
    let Some(corpus) = shared_path("corpus/scs-minutes") else {
        return;
    };
    check(&corpus, Some(&repo().join("examples/scs")), 30, 100);
}

#[test]
fn openjs_and_rust_council_actions_are_listed() {
    for (name, decisions, actions) in [("openjs-cpc", 0, 20), ("rust-leadership-council", 0, 5)] {
        let Some(corpus) = shared_path(&format!("corpus/{name}")) else {
            // Each corpus on its own: one missing skips only itself.
            continue;
        };
        check(&corpus, None, decisions, actions);
    }
}

/// A site's own labels (`decision_labels`, `action_labels`) count like the built-in
/// ones, and only on the site that sets them.
#[test]
fn labels_from_site_toml_are_recognised() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(
        root.join("content/2024-03-07.md"),
        "# Weekly 2024-03-07\n\n## Team updates\n\n### Team Ops\n\n\
         - **Beschluss:** we move the backups to Thursday\n\
         - Follow-up: @ana writes the runbook\n\
         - Outcome is pending: not a label\n",
    )
    .unwrap();
    let build = |toml: &str| {
        fs::write(root.join("site.toml"), toml).unwrap();
        let out = tmp.path().join(format!("out-{}", toml.len()));
        let o = crate::common::build_into(&root, &out, &[]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let read = |page: &str| fs::read_to_string(out.join(page).join("index.html")).unwrap();
        (read("decisions"), read("actions"))
    };
    let (decisions, actions) = build("");
    assert!(!decisions.contains("backups to Thursday"), "{decisions}");
    assert!(!actions.contains("writes the runbook"), "{actions}");

    let (decisions, actions) =
        build("decision_labels = [\"Beschluss\"]\naction_labels = [\"follow-up:\"]\n");
    let item = |page: &str, text: &str| {
        let li = Regex::new(r#"(?s)<li class="(?:outcome|action)[^>]*>(.*?)</li>"#).unwrap();
        let found = li
            .captures_iter(page)
            .map(|c| c[1].to_string())
            .find(|c| c.contains(text));
        found.unwrap_or_else(|| panic!("no item with {text:?} in {page}"))
    };
    let d = item(&decisions, "we move the backups to Thursday");
    assert!(d.contains(r#"href="/minutes/2024-03-07/#"#), "{d}");
    assert!(
        !d.contains("Beschluss"),
        "the label is not part of the text: {d}"
    );
    // Grouped by owner, the item does not repeat its owner; grouped by team, it names
    // them.
    let (by_owner, by_team) = actions.split_once(r#"id="by-team""#).unwrap();
    let a = item(by_team, "writes the runbook");
    assert!(
        a.contains(r#"href="/people/ana/""#),
        "owner from the handle: {a}"
    );
    assert!(
        !item(by_owner, "writes the runbook").contains("/people/ana/"),
        "{by_owner}"
    );
    assert!(
        by_owner.contains(r#"<a href="/people/ana/">"#),
        "{by_owner}"
    );
    assert!(!actions.contains("Outcome is pending"), "{actions}");
}
