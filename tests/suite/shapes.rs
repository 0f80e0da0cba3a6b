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
