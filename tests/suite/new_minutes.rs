//! `minutebook new` as a user runs it.

use std::fs;
use std::path::Path;
use std::process::Command;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let weekly = dir.path().join("content/weekly");
    fs::create_dir_all(&weekly).unwrap();
    fs::write(
        dir.path().join("site.toml"),
        "[series.weekly]\ntitle = \"Weekly\"\nall_teams = true\n",
    )
    .unwrap();
    for (date, teams) in [
        ("20260910", &["Team A", "Team B"][..]),
        ("20260917", &["Team B", "SIG C"][..]),
    ] {
        let iso = format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..]);
        let mut text = format!("# Weekly Call {iso}\n\n## Meta\n\n- Minutes: Old Scribe\n- Moderation: Someone\n\n## Team updates\n");
        for t in teams {
            text.push_str(&format!("\n### {t}\n\n- old bullet from {t}\n"));
        }
        fs::write(weekly.join(format!("{date}.md")), text).unwrap();
    }
    dir
}

fn new(root: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .arg("new")
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn next_meeting_from_the_latest_outline() {
    let dir = site();
    let (ok, stdout, stderr) = new(dir.path(), &[]);
    assert!(ok, "{stderr}");
    let path = dir.path().join("content/weekly/20260924.md");
    assert_eq!(stdout.trim(), path.display().to_string(), "prints the path");
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        "# Weekly Call 2026-09-24\n\n## Meta\n\n- Minutes:\n- Moderation:\n\n## Team updates\n\n### Team B\n\n### SIG C\n"
    );
    assert!(!text.contains("old bullet") && !text.contains("Old Scribe"));

    // The new file is a valid meeting of the site.
    let out = dir.path().join("out");
    let built = Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(built.status.success());
    assert!(out.join("minutes/weekly/2026-09-24/index.html").is_file());
}

#[test]
fn refuses_to_overwrite() {
    let dir = site();
    let existing = dir.path().join("content/weekly/20260917.md");
    let before = fs::read_to_string(&existing).unwrap();
    let (ok, _, stderr) = new(dir.path(), &["2026-09-17"]);
    assert!(!ok);
    assert!(
        stderr.contains("20260917.md") && stderr.contains("already exists"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&existing).unwrap(), before);
}

#[test]
fn explicit_date_series_and_site_template() {
    let dir = site();
    fs::create_dir(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/new.md"),
        "# {{ series_title }} {{ date }} ({{ weekday }})\n{% for t in teams %}\n## {{ t }}\n{% endfor %}",
    )
    .unwrap();
    let (ok, stdout, stderr) = new(dir.path(), &["--series", "weekly", "2026-10-01"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.trim().ends_with("content/weekly/20261001.md"),
        "{stdout}"
    );
    let text = fs::read_to_string(dir.path().join("content/weekly/20261001.md")).unwrap();
    assert_eq!(
        text,
        "# Weekly 2026-10-01 (Thursday)\n\n## Team B\n\n## SIG C\n"
    );

    // A series without files gets its own folder.
    let (ok, stdout, _) = new(dir.path(), &["--series", "iaas", "2026-10-02"]);
    assert!(ok);
    assert!(
        stdout.trim().ends_with("content/iaas/2026-10-02.md"),
        "{stdout}"
    );
}

#[test]
fn new_on_an_empty_archive_writes_the_starter_for_today() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, stdout, stderr) = new(dir.path(), &[]);
    assert!(ok, "{stderr}");
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let path = dir.path().join(format!("content/{today}.md"));
    assert_eq!(stdout.trim(), path.display().to_string());
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with(&format!(
            "# Meeting minutes {today}\n\n## Meta\n\n- Minutes:\n"
        )),
        "{text}"
    );
    for part in [
        "## Attendees",
        "## Team updates",
        "### Team ",
        "### SIG ",
        "## Decisions",
        "## Action items",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }

    // A series without files gets the starter too, titled by the series.
    let (ok, stdout, stderr) = new(dir.path(), &["--series", "iaas", "2026-10-02"]);
    assert!(ok, "{stderr}");
    let text = fs::read_to_string(stdout.trim()).unwrap();
    assert!(text.starts_with("# iaas 2026-10-02\n\n## Meta\n"), "{text}");
    assert!(text.contains("## Action items"), "{text}");
}
