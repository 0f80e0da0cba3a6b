//! Issue threads on the three real archives in `../shared/corpus`: for every GitHub
//! issue or pull request whose URL appears in two or more dated files (found here with
//! a rule of the test's own), one part of a page under `issues/` links the issue and
//! the meetings that mention it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use regex::Regex;

use crate::common::{build_corpus, repo, shared_path, SiteTest};

/// (owner, repo, number) -> dates of the files whose text has its URL.
fn linked_issues(corpus: &Path) -> BTreeMap<(String, String, u64), BTreeSet<String>> {
    let date = Regex::new(r"^(\d{4})-?(\d{2})-?(\d{2})").unwrap();
    let url = Regex::new(r"https://github\.com/([\w.-]+)/([\w.-]+)/(?:issues|pull)/(\d+)").unwrap();
    let mut out: BTreeMap<(String, String, u64), BTreeSet<String>> = BTreeMap::new();
    for e in walkdir::WalkDir::new(corpus) {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        // The date of the file, or of the nearest dated folder above it.
        let Some(d) = (e.path().ancestors())
            .filter_map(|p| p.file_name())
            .find_map(|n| {
                date.captures(&n.to_string_lossy())
                    .map(|c| format!("{}-{}-{}", &c[1], &c[2], &c[3]))
            })
        else {
            continue;
        };
        if e.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = fs::read_to_string(e.path()).unwrap_or_default();
        for c in url.captures_iter(&text) {
            let key = (c[1].to_string(), c[2].to_string(), c[3].parse().unwrap());
            out.entry(key).or_default().insert(d.clone());
        }
    }
    out
}

fn check(corpus: &Path, root: Option<&Path>, min_issues: usize) {
    let (_tmp, out) = build_corpus(corpus, root);
    // Each issue's part of its repository's page.
    let pages: Vec<String> = walkdir::WalkDir::new(out.join("issues"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() == "index.html" && e.depth() > 1)
        .flat_map(|e| {
            let html = fs::read_to_string(e.path()).unwrap();
            html.split("<section class=\"issue\"")
                .skip(1)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let recurring: Vec<_> = linked_issues(corpus)
        .into_iter()
        .filter(|(_, dates)| dates.len() >= 2)
        .collect();
    assert!(
        recurring.len() >= min_issues,
        "only {} issues found",
        recurring.len()
    );
    let mut missing = Vec::new();
    for ((owner, name, number), dates) in &recurring {
        let link = Regex::new(&format!(
            r#"(?i)href="https://github\.com/{}/{}/(issues|pull)/{number}""#,
            regex::escape(owner),
            regex::escape(name)
        ))
        .unwrap();
        let Some(page) = pages.iter().find(|p| link.is_match(p)) else {
            missing.push(format!("{owner}/{name}#{number}: no page"));
            continue;
        };
        let shown = (dates.iter())
            .filter(|d| page.contains(&format!("datetime=\"{d}\"")))
            .count();
        if shown * 10 < dates.len() * 9 {
            missing.push(format!(
                "{owner}/{name}#{number}: {shown} of {} meetings",
                dates.len()
            ));
        }
    }
    let share = 1.0 - missing.len() as f64 / recurring.len() as f64;
    eprintln!(
        "{}: {:.1}% of {} issues in two or more meetings have a page linking 90% of them",
        corpus.display(),
        share * 100.0,
        recurring.len()
    );
    assert!(
        share >= 0.9,
        "{:.1}%; missing: {:?}",
        share * 100.0,
        &missing[..missing.len().min(20)]
    );
}

#[test]
fn scs_issue_threads() {
    let Some(corpus) = shared_path("corpus/scs-minutes") else {
        return;
    };
    check(&corpus, Some(&repo().join("examples/scs")), 100);
}

#[test]
fn openjs_issue_threads() {
    let Some(corpus) = shared_path("corpus/openjs-cpc") else {
        return;
    };
    check(&corpus, None, 100);
}

#[test]
fn rust_council_issue_threads() {
    let Some(corpus) = shared_path("corpus/rust-leadership-council") else {
        return;
    };
    check(&corpus, None, 10);
}

/// A recurring topic whose lines name an issue links that issue's thread; a topic
/// that only shares a meeting with an issue does not.
#[test]
fn a_topic_about_an_issue_links_its_thread() {
    let mut site = SiteTest::new();
    for (day, extra) in [("2024-03-07", ""), ("2024-03-14", ""), ("2024-03-21", "x")] {
        site = site.minutes(
            &format!("{day}.md"),
            format!(
                "# Weekly {day}\n\n## Team updates\n\n### Team Ops\n\n\
                 - Backup rotation acme/ops#42 {extra}\n\
                 - Monitoring dashboards\n\
                 - Unrelated: see acme/web#7\n"
            ),
        );
    }
    let site = site.build();
    let html = site.page("teams/team-ops/topics/");
    let topic = Regex::new(r#"(?s)<li class="topic"[^>]*>(.*?)</ol>"#).unwrap();
    let topics: Vec<String> = topic
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    let about = |name: &str| {
        topics
            .iter()
            .find(|t| t.contains(name))
            .unwrap_or_else(|| panic!("no topic {name:?} in {html}"))
    };
    let backup = about("Backup rotation");
    assert!(
        backup.contains(r#"<a href="/issues/acme/ops/#issue-42">acme/ops#42</a>"#),
        "{backup}"
    );
    let part = site.page("issues/acme/ops/");
    assert!(part.contains(r#"id="issue-42""#));
    let dashboards = about("Monitoring dashboards");
    assert!(!dashboards.contains("/issues/"), "{dashboards}");
}

/// An issue's title is the text of a link to it, never its own URL: a link whose text
/// is the URL (written out, or an autolink) gives no title, and the thread's heading
/// is the title another meeting gave, or the issue's label when none did.
#[test]
fn an_issue_titled_by_its_own_url_takes_its_title_from_elsewhere() {
    let url = "https://github.com/acme/widgets/issues/9";
    let other = "https://github.com/acme/widgets/issues/10";
    let site = SiteTest::new()
        .minutes(
            "2024-03-07.md",
            format!("# Weekly 2024-03-07\n\n- [{url}]({url}) broke the build\n- <{other}> too\n"),
        )
        .minutes(
            "2024-03-14.md",
            format!("# Weekly 2024-03-14\n\n- [{url}]({url}) again\n- see [{other}]({other})\n"),
        )
        .minutes(
            "2024-03-21.md",
            format!("# Weekly 2024-03-21\n\n- [Widgets crash on start]({url}) fixed\n"),
        )
        .build();
    let page = site.page("issues/acme/widgets/");
    let heading = |id: &str| {
        let h2 = Regex::new(&format!(r#"<h2 id="{id}">(.*?)</h2>"#)).unwrap();
        h2.captures(&page)
            .unwrap_or_else(|| panic!("no thread {id} in {page}"))[1]
            .to_string()
    };
    assert_eq!(
        heading("issue-9"),
        r#"Widgets crash on start <span class="subtitle">acme/widgets#9</span>"#
    );
    assert_eq!(heading("issue-10"), "acme/widgets#10");
    let title = Regex::new(r"(?s)<title>(.*?)</title>").unwrap();
    assert!(
        !title.captures(&page).unwrap()[1].contains("https://"),
        "{page}"
    );
}
