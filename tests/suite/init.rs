//! `minutebook init` as a user runs it, and the workflow it writes.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn minutebook(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args(args)
        .arg(dir)
        .output()
        .unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

#[test]
fn init_scaffolds_an_empty_folder_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    let out = minutebook(&["init"], &root);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let first = root.join(format!("content/{today}.md"));
    for f in [
        root.join("site.toml"),
        first.clone(),
        root.join(".github/workflows/pages.yml"),
    ] {
        assert!(f.is_file(), "{} missing", f.display());
        assert!(stdout.contains(&f.display().to_string()), "{stdout}");
    }
    assert!(stdout.contains("next: minutebook serve"), "{stdout}");
    let minutes = fs::read_to_string(&first).unwrap();
    assert!(
        minutes.starts_with(&format!("# Meeting minutes {today}\n")),
        "{minutes}"
    );
    for part in [
        "## Meta",
        "- Minutes:",
        "## Attendees",
        "## Team updates",
        "### Team ",
        "### SIG ",
        "## Decisions",
        "## Action items",
    ] {
        assert!(minutes.contains(part), "{part} in {minutes}");
    }

    // The archive builds: one meeting with two team sections, in the default series.
    let site = tmp.path().join("out/site");
    let built = Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&site)
        .output()
        .unwrap();
    let summary = text(&built.stdout);
    assert!(built.status.success(), "{}", text(&built.stderr));
    assert!(
        summary.contains("built 1 meetings, 1 weeks, 2 teams"),
        "{summary}"
    );
    assert!(summary.contains("0 warnings"), "{summary}");
}

#[test]
fn init_refuses_a_folder_with_site_toml_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("site.toml"), "title = \"Mine\"\n").unwrap();
    let out = minutebook(&["init"], root);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("site.toml")
            && stderr.contains("already exists")
            && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(root.join("site.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
    assert!(!root.join(".github").exists());

    let out = minutebook(&["init", "--force"], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(fs::read_to_string(root.join("site.toml"))
        .unwrap()
        .contains("title = \"Meeting minutes\""));
}

#[test]
fn init_on_an_existing_archive_names_its_series() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for (rel, body) in [
        ("content/community-call/20230105.md", "# Call\n"),
        ("content/community-call/20230112.md", "# Call\n"),
        ("content/iaas/20230106.md", "# IaaS\n"),
    ] {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, body).unwrap();
    }
    let out = minutebook(&["init"], root);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains("found 3 minutes in 2 series: community-call, iaas"),
        "{stdout}"
    );
    let toml = fs::read_to_string(root.join("site.toml")).unwrap();
    assert!(
        toml.contains("[series.community-call]\ntitle = \"community call\""),
        "a generic title (`Call`) is no series title: the folder's own spelling is; {toml}"
    );
    assert!(toml.contains("[series.iaas]\ntitle = \"iaas\""), "{toml}");
    // No shared title: the site is named after the folder that holds `content/`.
    let folder = root.file_name().unwrap().to_str().unwrap();
    assert!(toml.contains(&format!("title = \"{folder}\"\n")), "{toml}");
    assert!(
        stdout.contains(&format!("title: {folder} (the folder's name)")),
        "{stdout}"
    );
    assert!(
        stdout.contains("series titles: community-call = community call; iaas = iaas"),
        "{stdout}"
    );
    // No new minutes file in an archive that has some.
    let md: Vec<_> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .collect();
    assert_eq!(md.len(), 3);
}

/// docs/deploy.md shows the workflow `init` writes, whole and byte for byte.
#[test]
fn deploy_doc_shows_the_workflow_init_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = minutebook(&["init"], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = fs::read_to_string(tmp.path().join(".github/workflows/pages.yml")).unwrap();
    let doc = fs::read_to_string(crate::common::repo().join("docs/deploy.md")).unwrap();
    let blocks: Vec<&str> = doc
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split_once("\n```").map(|(code, _)| code))
        .filter(|code| code.contains("actions/deploy-pages@"))
        .collect();
    assert_eq!(
        blocks.len(),
        1,
        "one whole GitHub workflow in docs/deploy.md"
    );
    assert_eq!(format!("{}\n", blocks[0]), written);
    assert!(written.contains(&format!(
        "uses: minutebook/minutebook@v{} ",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(!written.contains("OWNER"));
    for action in ["configure-pages", "upload-pages-artifact", "deploy-pages"] {
        assert!(written.contains(&format!("actions/{action}@")), "{action}");
    }
}

/// Without a site.toml the build's note names the real path and says what to do.
#[test]
fn no_config_note_names_the_roots_site_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(root.join("content/20240105.md"), "# Call\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args(["build", "-v", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(tmp.path().join("out/site"))
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let abs = std::path::absolute(root.join("site.toml")).unwrap();
    let note = stderr
        .lines()
        .find(|l| l.contains("base_url"))
        .unwrap_or_else(|| panic!("no base_url note: {stderr}"));
    assert!(
        note.starts_with(&format!("note: {}: no such file", abs.display())),
        "{note}"
    );
    assert!(note.contains("minutebook init"), "{note}");
    assert!(!note.contains("./site.toml"), "{note}");
}

/// A folder of markdown whose names hold no date `init` reads is someone's archive of
/// another shape: nothing is written into it, and the error says what was looked for.
#[test]
fn init_writes_nothing_into_an_archive_it_cannot_read() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let files = [
        "content/a-notes.md",
        "content/b-notes.md",
        "content/plenary/c-notes.md",
        "content/plenary/d-notes.md",
    ];
    for rel in files {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "# Notes\n\n- something\n").unwrap();
    }
    let out = minutebook(&["init"], root);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    for part in [
        "holds 4 markdown files (`a-notes.md`, `b-notes.md`, `plenary/c-notes.md`, …) but no meeting",
        "`2023-03-21.md`",
        "`21-mar-2023.md`",
        "`2023-03/mar-21.md`",
        "`2023-03-21/README.md`",
        "Nothing was written",
    ] {
        assert!(stderr.contains(part), "{part} in {stderr}");
    }
    let mut left: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().display().to_string())
        .collect();
    left.sort();
    assert_eq!(left, files, "init added or removed files");

    // Files that are no markdown at all: refused too.
    let other = tempfile::tempdir().unwrap();
    fs::create_dir_all(other.path().join("content")).unwrap();
    fs::write(other.path().join("content/notes.txt"), "x").unwrap();
    let out = minutebook(&["init"], other.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("holds 1 files but no markdown minutes"));
    assert!(!other.path().join("site.toml").exists());
}

/// An empty content folder is scaffolded like a missing one.
#[test]
fn init_scaffolds_an_empty_content_folder() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("content")).unwrap();
    let out = minutebook(&["init"], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = fs::read_dir(tmp.path().join("content")).unwrap().count();
    assert_eq!(md, 1, "the first meeting");
}

/// Skipped files that name dates are counted on the summary line, not only under -v.
#[test]
fn a_build_says_when_skipped_files_name_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    for (rel, body) in [
        ("content/2024-01-09.md", "# Call\n\n- a\n"),
        (
            "content/notes.md",
            "# Notes\n\nIntro.\n\n## **2024-10-29**\n\n- b\n",
        ),
        ("content/plenary/mar-21.md", "# Plenary\n\n- c\n"),
        ("content/template.md", "# Call YYYY-MM-DD\n"),
    ] {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, body).unwrap();
    }
    let build = |verbose: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_minutebook"));
        c.args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(tmp.path().join("site"));
        if verbose {
            c.arg("-v");
        }
        c.output().unwrap()
    };
    let out = build(false);
    let stdout = text(&out.stdout);
    let summary = stdout.lines().last().unwrap();
    assert!(
        summary.contains("3 skipped (2 naming dates: see -v)"),
        "{summary}"
    );
    let stderr = text(&build(true).stderr);
    for want in [
        "notes.md:5: no date in the file or folder name (YYYYMMDD or YYYY-MM-DD); skipped, \
         though it names 2024-10-29",
        "mar-21.md: no date in the file or folder name (YYYYMMDD or YYYY-MM-DD); skipped, \
         though it names 03-21 in its name",
    ] {
        assert!(stderr.contains(want), "{want}\n{stderr}");
    }
}
