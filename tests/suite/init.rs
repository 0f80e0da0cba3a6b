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
        toml.contains("[series.community-call]\ntitle = \"Community call\""),
        "{toml}"
    );
    assert!(toml.contains("[series.iaas]\ntitle = \"Iaas\""), "{toml}");
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
