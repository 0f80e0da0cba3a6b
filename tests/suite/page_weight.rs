//! Page weight (issue 24): a generated archive of 260 weeks in which one issue
//! repository has more recurring issues than a page holds and one topic comes up
//! every week. Its pages stay small, the long lists are split, and every mention that
//! was on one long page before is still reachable by links.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use scraper::{Html, Selector};

use crate::common::{broken_links, html_files, minutebook};

const WEEKS: usize = 260;

/// Builds the archive; returns the temporary folder and the output.
fn build() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(
        root.join("site.toml"),
        "title = \"Weights\"\n\n[[teams]]\nname = \"Team Ops\"\nslug = \"ops\"\n",
    )
    .unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 2).unwrap();
    for w in 0..WEEKS {
        let date = start + chrono::Days::new(7 * w as u64);
        // Issue w/2 comes up in two meetings running: 130 recurring issues.
        let issue = w / 2 + 1;
        // The topic comes up every third week (a line in every meeting is housekeeping).
        let topic = if w % 3 == 0 {
            format!("- Image rollout\n  - step {w} done\n")
        } else {
            String::new()
        };
        let text = format!(
            "# Weekly {date}\n\n## Team Ops\n\n{topic}\
             - Ticket review: <https://github.com/acme/infra/issues/{issue}>\n\
             - Unique note number {w} about the cluster\n"
        );
        fs::write(root.join(format!("content/{date}.md")), text).unwrap();
    }
    let out = dir.path().join("out");
    let run = minutebook()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

fn page(out: &Path, rel: &str) -> Html {
    let text = fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

fn hrefs(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("href").map(String::from))
        .collect()
}

#[test]
fn long_lists_are_split_and_every_mention_stays_linked() {
    let (_tmp, out) = build();
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());

    // The repository's 130 recurring issues: 50 a page, on three pages that link
    // each other; each issue's part is on exactly one of them.
    let first = page(&out, "issues/acme/infra/index.html");
    let pages = hrefs(&first, "nav.pages a");
    assert_eq!(
        pages,
        ["/issues/acme/infra/page/2/", "/issues/acme/infra/page/3/"]
    );
    let mut parts = BTreeSet::new();
    for rel in [
        "issues/acme/infra/index.html",
        "issues/acme/infra/page/2/index.html",
        "issues/acme/infra/page/3/index.html",
    ] {
        let doc = page(&out, rel);
        let sel = Selector::parse("section.issue h2").unwrap();
        for h in doc.select(&sel) {
            assert!(parts.insert(h.value().attr("id").unwrap().to_string()));
        }
    }
    assert_eq!(parts.len(), WEEKS / 2);
    // The issues page links each issue to the page that holds it (every fragment is
    // checked by `broken_links` above).
    let index = page(&out, "issues/index.html");
    assert!(hrefs(&index, "a")
        .iter()
        .any(|h| h == "/issues/acme/infra/#issue-130"));

    // The topic that comes up every third week: the topics page shows its five newest
    // dates and links its own page, which links every meeting.
    let topics = page(&out, "teams/ops/topics/index.html");
    let shown = hrefs(&topics, "li.topic#image-rollout ol.weeks a");
    assert_eq!(shown.len(), 6, "{shown:?}");
    assert_eq!(shown[0], "/minutes/2024-12-12/#team-ops");
    assert_eq!(shown[5], "/teams/ops/topics/image-rollout/");
    let own = page(&out, "teams/ops/topics/image-rollout/index.html");
    let all: BTreeSet<String> = hrefs(&own, "ol.mentions a").into_iter().collect();
    assert_eq!(all.len(), WEEKS / 3 + 1);
    // The team's year pages link the topic's own page from each entry.
    let year = fs::read_to_string(out.join("teams/ops/2024/index.html")).unwrap();
    assert!(
        year.contains(r#"href="/teams/ops/topics/image-rollout/""#),
        "{year}"
    );

    // A week of one meeting lists the sections and links the meeting, without
    // repeating its text.
    let week = fs::read_to_string(out.join("weeks/2020-W01/index.html")).unwrap();
    assert!(
        week.contains(r#"href="/minutes/2020-01-02/#team-ops""#),
        "{week}"
    );
    assert!(week.contains("Image rollout"), "{week}");
    assert!(!week.contains("step 0 done"), "{week}");
    let meeting = fs::read_to_string(out.join("minutes/2020-01-02/index.html")).unwrap();
    assert!(meeting.contains("step 0 done"));

    // No page is heavy: the largest well under the 200 KB of a real archive.
    for rel in html_files(&out) {
        let size = fs::metadata(out.join(&rel)).unwrap().len();
        assert!(size < 100_000, "{}: {size} bytes", rel.display());
    }
}
