//! Archives of shapes the group inference must read right without a `site.toml`: a
//! foundation board whose recurring headings are agenda items (no teams), SIG updates
//! under bare names, initialisms beside the names they abbreviate. The tests read the
//! HTML `build` writes and the `site.toml` `init` writes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common;

fn board() -> PathBuf {
    common::repo().join("tests/fixtures/board/content")
}

/// The folders under `teams/` of a built site.
fn groups(out: &Path) -> Vec<String> {
    common::pages_under(&out.join("teams"))
}

fn page(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel).join("index.html")).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_boards_agenda_items_are_threads_not_teams() {
    let (_tmp, out) = common::build_corpus(&board(), None);
    assert_eq!(
        groups(&out),
        [
            "finances",
            "grants-approved",
            "members-approved",
            "ongoing-business"
        ],
        "one thread per recurring agenda item; none for a proposal seen once or an item seen twice"
    );
    let home = page(&out, "");
    assert!(
        home.contains(r#"<a href="/teams/">Agenda items</a>"#),
        "the navigation names what the archive has"
    );
    assert!(!home.contains(">Teams</a>"), "no Teams in the navigation");
    assert!(home.contains(r#"<h2 id="teams-h">Agenda items</h2>"#));
    let list = page(&out, "teams");
    assert!(list.contains("<h1>Agenda items</h1>"), "{list}");
    let finances = page(&out, "teams/finances");
    for month in 1..=6 {
        assert!(
            finances.contains(&format!("/minutes/2024-0{month}-14/")),
            "the Finances thread follows meeting {month}"
        );
    }
    assert!(finances.contains("The treasurer reported a balance of $13000."));
    // The one-off proposal stays on its meeting's page.
    let march = page(&out, "minutes/2024-03-14");
    assert!(march.contains("Lighthouse proposal was presented"));
    assert!(!finances.contains("Lighthouse"));
}

#[test]
fn teams_label_in_site_toml_renames_the_groups() {
    let root = tempfile::tempdir().unwrap();
    fs::write(
        root.path().join("site.toml"),
        "teams_label = \"Board topics\"\n",
    )
    .unwrap();
    let (_tmp, out) = common::build_corpus(&board(), Some(root.path()));
    let home = page(&out, "");
    assert!(home.contains(r#"<a href="/teams/">Board topics</a>"#));
    assert!(page(&out, "teams").contains("<h1>Board topics</h1>"));

    fs::write(
        root.path().join("site.toml"),
        "title = \"X\"\nteams_label = \"  \"\n",
    )
    .unwrap();
    let o = common::run(&[
        "build",
        "--root",
        root.path().to_str().unwrap(),
        "--content",
        board().to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("site.toml:2: teams_label: `  ` must be one line"),
        "{err}"
    );
}

/// Writes `files` into `content/` of a fresh folder; returns it.
fn archive(files: &[(String, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    for (name, text) in files {
        fs::write(content.join(name), text).unwrap();
    }
    dir
}

/// Six SIG calls: the first three name each SIG in full, the last three by its bare
/// name under `SIG updates`, one with more words (`Graphics/audio`).
fn sig_calls() -> Vec<(String, String)> {
    (1..=6)
        .map(|i| {
            let (core, graphics) = if i <= 3 {
                ("SIG Core", "SIG Graphics")
            } else {
                ("Core", "Graphics/audio")
            };
            (
                format!("2024-05-0{i}.md"),
                format!(
                    "# SIG call {i}\n\n## SIG updates\n\n### {core}\n\n- core news {i}\n\n\
                     ### {graphics}\n\n- graphics news {i}\n"
                ),
            )
        })
        .collect()
}

#[test]
fn bare_names_under_a_group_parent_join_the_group_they_complete() {
    let dir = archive(&sig_calls());
    let (_tmp, out) = common::build_corpus(&dir.path().join("content"), None);
    assert_eq!(groups(&out), ["sig-core", "sig-graphics"]);
    let core = page(&out, "teams/sig-core");
    let graphics = page(&out, "teams/sig-graphics");
    for i in 1..=6 {
        assert!(
            core.contains(&format!("core news {i}")),
            "Core, meeting {i}"
        );
        assert!(
            graphics.contains(&format!("graphics news {i}")),
            "Graphics, meeting {i}"
        );
    }
    assert!(page(&out, "").contains(r#"<a href="/teams/">SIGs</a>"#));

    let o = common::run(&["init", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let toml = fs::read_to_string(dir.path().join("site.toml")).unwrap();
    assert!(
        toml.contains(
            "\"Core\", # a bare name under a group parent: the group's name without its marker"
        ),
        "{toml}"
    );
    assert!(
        toml.contains("\"Graphics/audio\", # a bare name under a group parent: the group's name and more (audio)"),
        "{toml}"
    );
}

#[test]
fn initialisms_and_years_fold_and_parents_are_no_group() {
    let files: Vec<(String, String)> = (1..=6)
        .map(|i| {
            let (tsc, summer) = if i % 3 == 0 {
                ("TSC", "Summer Program, 2023")
            } else {
                ("Technical Steering Committee", "Summer Program")
            };
            (
                format!("2023-0{i}-01.md"),
                format!(
                    "# Community call {i}\n\n## Activity updates\n\nLoose text {i}.\n\n\
                     ### {tsc}\n\n- tsc item {i}\n\n### {summer}\n\n- summer item {i}\n"
                ),
            )
        })
        .collect();
    let dir = archive(&files);
    let (_tmp, out) = common::build_corpus(&dir.path().join("content"), None);
    assert_eq!(
        groups(&out),
        ["summer-program", "technical-steering-committee"],
        "one page each, none for the parent"
    );
    let tsc = page(&out, "teams/technical-steering-committee");
    for i in 1..=6 {
        assert!(tsc.contains(&format!("tsc item {i}")));
    }
    assert!(
        page(&out, "minutes/2023-03-01").contains("Loose text 3."),
        "the parent's own text stays on the meeting page"
    );
    assert!(!tsc.contains("Loose text"));
    let o = common::run(&["init", dir.path().to_str().unwrap()]);
    assert!(o.status.success());
    let toml = fs::read_to_string(dir.path().join("site.toml")).unwrap();
    assert!(
        toml.contains("\"TSC\", # initialism (tsc = technical steering committee)"),
        "{toml}"
    );
    assert!(
        toml.contains("\"Summer Program, 2023\", # the same name with a year added"),
        "{toml}"
    );
}
