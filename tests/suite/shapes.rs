//! Archives of other shapes than one dated file per meeting (README, "Content"): dates
//! split across folders and file names, month names, a folder per meeting.

use std::fs;
use std::path::Path;

use crate::common::{broken_links, repo, run};

/// Builds a fixture site with `-v`; returns the temporary folder, the output, stdout
/// and stderr.
fn build(fixture: &str) -> (tempfile::TempDir, std::path::PathBuf, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root = repo().join("tests/fixtures").join(fixture);
    let o = run(&[
        "build",
        "-v",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert!(o.status.success(), "{stderr}");
    (dir, out, stdout, stderr)
}

fn page(out: &Path, url: &str) -> String {
    let file = out.join(url.trim_start_matches('/')).join("index.html");
    fs::read_to_string(&file).unwrap_or_else(|e| panic!("{url}: {e}"))
}

#[test]
fn dates_split_across_folders_and_names_give_each_meeting_its_page() {
    let (_dir, out, stdout, _) = build("shapes-folders");
    for (url, text) in [
        ("/minutes/2023-03-21/", "Harbour lights"),
        // `2023/04/04.md` and `2023/04-11.md`: year, month and day in three places.
        ("/minutes/2023-04-04/", "Lighthouse keepers"),
        ("/minutes/2023-04-11/", "Tide tables"),
        // A folder per meeting: its README or index is the meeting.
        ("/minutes/2023-04-18/", "Ferry timetable"),
        ("/minutes/2023-04-25/", "Buoy maintenance"),
        // Day, month name, year; month name, day, year.
        ("/minutes/2023-05-02/", "Pier repairs"),
        ("/minutes/2023-06-06/", "Beacon colours"),
        // Folder says March, file September: the file's day is more specific.
        ("/minutes/2023-09-05/", "Autumn schedule"),
        // Folder and file both whole dates: the title names the folder's.
        ("/minutes/2023-06-13/", "Moved by a day"),
    ] {
        assert!(page(&out, url).contains(text), "{url}");
    }
    assert!(!out.join("minutes/2023-06-14").exists());
    assert!(!out.join("minutes/2023-04-18-readme").exists());
    // Date folders are no series; the month's summary and contents are no meetings.
    assert!(!out.join("series/2023-03").exists());
    assert!(!out.join("series/04").exists());
    let series = page(&out, "/series/minutes/");
    assert_eq!(
        series.matches("href=\"/minutes/2023-").count(),
        9,
        "{series}"
    );
    assert!(!series.contains("Summary of March"));
    assert!(broken_links(&out, "/").is_empty());
    let summary = stdout.lines().last().unwrap();
    assert!(summary.starts_with("built 9 meetings"), "{summary}");
}

#[test]
fn month_files_without_a_day_and_disagreeing_folders_are_explained() {
    let (_dir, _out, _, stderr) = build("shapes-folders");
    let month = |f: &str| {
        format!(
            "{f}: in the month folder `2023-03` but its name gives no day: not a \
             meeting (a month's summary or contents); skipped"
        )
    };
    for f in ["2023-03/summary.md", "2023-03/toc.md"] {
        let want = month(f);
        assert!(
            stderr.lines().any(|l| l.ends_with(&want)),
            "{want}\n{stderr}"
        );
    }
    let root = repo().join("tests/fixtures/shapes-folders");
    let o = run(&["check", "--root", root.to_str().unwrap()]);
    let check = String::from_utf8_lossy(&o.stdout);
    for want in [
        "2023-03/sept-5.md:1: note: the folder says 2023-03 but the file name says 09-05; \
         the file name wins (2023-09-05)",
        "2023-06-13/2023-06-14.md:1: note: the folder says 2023-06-13 but the file name says \
         2023-06-14; the title says 2023-06-13, so 2023-06-13 it is",
    ] {
        assert!(check.lines().any(|l| l.ends_with(want)), "{want}\n{check}");
    }
}

/// Builds `shapes-many` with an absolute base URL (for the feed); returns the folder,
/// the output and stderr.
fn build_many() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root = repo().join("tests/fixtures/shapes-many");
    let o = crate::common::build_into(&root, &out, &["--base-url", "https://example.org/"]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    (dir, out, stderr)
}

#[test]
fn every_meeting_of_a_year_range_or_archive_file_gets_its_own_page() {
    let (_dir, out, _) = build_many();
    for (url, text) in [
        // A year file, newest first, beside dated files of its series.
        ("/minutes/2024-10-29/", "Lenses polished"),
        ("/minutes/2024-11-05/", "Storm shutters"),
        // Its 2024-10-15 beside the file `2024-10-15.md`: both kept.
        ("/minutes/2024-10-15/", "A second record"),
        ("/minutes/2024-10-15-2024/", "Keeper rota"),
        // Under an impossible date heading: still on the page of the meeting above.
        ("/minutes/2024-10-15-2024/", "impossible date"),
        ("/minutes/2023-10-03/", "First meeting"),
        // A range file, oldest first, in its folder's series.
        ("/minutes/range/2025-01-06/", "Pontoon measured"),
        ("/minutes/range/2025-01-20/", "Pontoon delivered"),
        // A whole-archive file with written dates and a weekday.
        ("/minutes/2025-03-03/", "Ferry fares reviewed"),
        ("/minutes/2025-03-17/", "Ferry fares agreed"),
    ] {
        assert!(page(&out, url).contains(text), "{url}: {text}");
    }
    // The preamble is no meeting; the range file has no page of its own.
    assert!(!walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| fs::read_to_string(e.path()).is_ok_and(|t| t.contains("Preamble: how"))));
    assert!(!out.join("minutes/range/2025-01-06-to-2025-01-20").exists());
    // Each meeting has its week, team sections, people, outcomes, search and feed.
    assert!(page(&out, "/weeks/2024-W44/").contains("Lenses polished"));
    // Links to a file of many meetings go to its newest meeting.
    let first = page(&out, "/minutes/2023-10-03/");
    assert!(first.contains(r#"href="/minutes/2024-11-05/""#), "{first}");
    assert!(
        first.contains(r#"href="/minutes/range/2025-01-20/""#),
        "{first}"
    );
    // A link to a heading of its own, in a meeting moved to another stem: its page.
    assert!(page(&out, "/minutes/2024-10-15-2024/")
        .contains(r#"href="/minutes/2024-10-15-2024/#team-lighthouse""#));
    let team = page(&out, "/teams/team-lighthouse/");
    for text in [
        "Lenses polished",
        "Keeper rota",
        "Storm shutters",
        "First meeting",
    ] {
        assert!(team.contains(text), "{text} on the team page");
    }
    assert!(page(&out, "/people/ada-lovelace/").contains("/minutes/2024-10-29/"));
    assert!(page(&out, "/decisions/").contains("the north lamp stays lit all night"));
    let feed = fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("https://example.org/minutes/2024-10-29/"));
    let index: String = walkdir::WalkDir::new(out.join("search-index"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(index.contains("/minutes/2024-10-29/"));
    assert!(broken_links(&out, "/").is_empty());
}

/// A meeting of a year, range or whole-archive file is titled as a file of its own
/// would be: the name its preamble gives the meetings, then its date heading, which is
/// not shown again under the title.
#[test]
fn meetings_of_a_file_of_many_are_titled_by_its_preamble() {
    let (_dir, out, _) = build_many();
    for (url, title) in [
        ("/minutes/2024-10-29/", "Harbour council minutes 2024-10-29"),
        ("/minutes/range/2025-01-13/", "Quay works 2025-01-13"),
        (
            "/minutes/2025-03-03/",
            "Meeting notes Monday, March 3, 2025",
        ),
    ] {
        let html = page(&out, url);
        assert!(
            html.contains(&format!(r#"<h1 class="meeting-title">{title}</h1>"#)),
            "{url}"
        );
        assert!(!html.contains("<h2 id=\"2024-10-29\""), "{url}");
    }
}

#[test]
fn canceled_meetings_are_marked_not_empty_entries() {
    let (_dir, out, _) = build_many();
    for url in ["/minutes/2024-10-22/", "/minutes/2025-03-10/"] {
        assert!(
            page(&out, url).contains(r#"<p class="meta canceled"><strong>Canceled</strong>"#),
            "{url}"
        );
    }
    assert!(!page(&out, "/minutes/2024-10-29/").contains("meta canceled"));
    let series = page(&out, "/series/minutes/");
    let line = (series.lines())
        .find(|l| l.contains("/minutes/2024-10-22/"))
        .unwrap();
    assert!(
        line.contains(r#"<span class="meta">canceled</span>"#),
        "{line}"
    );
    assert!(!page(&out, "/teams/team-lighthouse/").contains("2024-10-22"));
}

#[test]
fn bad_heading_dates_are_warnings_at_the_files_own_lines() {
    let (_dir, _, stderr) = build_many();
    let file = "shapes-many/content/minutes/2024.md";
    for want in [
        format!("{file}:19: a second meeting of `minutes` on 2024-10-15"),
        format!(
            "{file}:26: heading `2024-02-30` is no date; its text stays with the meeting above it"
        ),
        // A finding of the markdown stage inside a meeting: the file's line, not the chunk's.
        format!("{file}:29: Liquid tag `{{% include notes.html %}}` is not supported"),
        format!(
            "{file}:31: 2024-11-05 after 2024-10-15 runs against the file's order (newest first)"
        ),
    ] {
        assert!(stderr.contains(&want), "{want}\n{stderr}");
    }
}
