//! Attendance, speakers and outcomes in the forms archives write them (issue 22, parts
//! 5-7): small fixture archives of each shape, built without a `site.toml`, checked on
//! the person pages, meeting pages and `/decisions/` and `/actions/` they give.

use std::fs;
use std::path::Path;

use crate::common::{crawl, repo};

/// Builds `tests/fixtures/NAME/content` with no configuration.
fn build(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    fs::create_dir_all(&root).unwrap();
    let out = dir.path().join("out");
    let content = repo().join("tests/fixtures").join(name).join("content");
    crawl::build(&root, Some(&content), "/", &out);
    (dir, out)
}

fn page(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel).join("index.html")).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn people(out: &Path) -> Vec<String> {
    crate::common::pages_under(&out.join("people"))
}

#[test]
fn plenary_attendee_table_turns_and_conclusions() {
    let (_dir, out) = build("voices-plenary");
    // No groups: no page of them, nothing in the navigation or on the home page.
    assert!(!out.join("teams").exists());
    assert!(!page(&out, "").contains("/teams/"));
    assert!(!fs::read_to_string(out.join("404.html"))
        .unwrap()
        .contains("/teams/"));
    // Initials stay inside one name; the abbreviation column joins the person.
    assert_eq!(people(&out), ["j-r-r-doe", "kofi-mensah", "maria-t-lopez"]);
    let maria = page(&out, "people/maria-t-lopez");
    assert!(
        maria.contains(r#"<p class="affiliation">Acme Labs</p>"#),
        "{maria}"
    );
    assert!(
        maria.contains("Attended 2 meetings, spoke at 1 meeting"),
        "{maria}"
    );
    assert!(
        maria.contains(r##"<a href="/minutes/2023-03-21/#budget-for-the-spring-workshop">Budget for the spring workshop</a>"##),
        "{maria}"
    );
    let kofi = page(&out, "people/kofi-mensah");
    assert!(
        kofi.contains(r#"<p class="affiliation">Initech</p>"#),
        "{kofi}"
    );
    // KM spoke in both meetings; the second defines no table, the first does.
    assert!(kofi.contains("spoke at 2 meetings"), "{kofi}");
    let meeting = page(&out, "minutes/2023-03-21");
    assert!(
        meeting.contains(r#"<p><abbr title="Maria T. Lopez">MTL</abbr>: The venue"#),
        "{meeting}"
    );
    let decisions = page(&out, "decisions");
    for d in [
        "The workshop gets two more speakers.",
        "Grants go to first-time attendees.",
        "Keep the old address as a redirect.",
    ] {
        assert!(decisions.contains(d), "{d} missing: {decisions}");
    }
    assert!(!decisions.contains("Next topic"), "{decisions}");
    let actions = page(&out, "actions");
    assert!(actions.contains("KM to write to the speakers"), "{actions}");
    // The owner written as an abbreviation is the person.
    assert!(
        actions.contains(r#"<h3 id="owner-kofi-mensah"><a href="/people/kofi-mensah/">"#),
        "{actions}"
    );
    // GitHub's own emoji are drawn, not shown as text.
    let april = page(&out, "minutes/2023-04-18");
    assert!(
        april.contains(r#"role="img" aria-label="shipit""#),
        "{april}"
    );
    assert!(
        !april.contains(":shipit:<") && !april.contains(" :shipit: "),
        "{april}"
    );
}

#[test]
fn board_minutes_attendance_sentence_and_motions() {
    let (_dir, out) = build("voices-board");
    assert_eq!(
        people(&out),
        ["ana-li", "bo-chen", "dmitri-volkov", "dr-cyra-patel"]
    );
    let decisions = page(&out, "decisions");
    for d in [
        "The Board voted to move the surplus into the reserve.",
        "A motion to fund the translation sprint was approved.",
        "Unanimous vote to admit the Riverside Club.",
        "the dues stay as they are",
    ] {
        assert!(decisions.contains(d), "{d} missing: {decisions}");
    }
    assert!(!decisions.contains("it failed"), "{decisions}");
    assert!(decisions.contains("4 decisions recorded"), "{decisions}");
}

#[test]
fn hackmd_author_tags_are_labels_and_speakers() {
    let (_dir, out) = build("voices-hackmd");
    assert_eq!(people(&out), ["alice-rivera", "ben-ode"]);
    let meeting = page(&out, "minutes/2024-05-07");
    assert!(
        meeting.contains(r#"<span class="hd-tag hd-name">Alice Rivera</span>"#),
        "{meeting}"
    );
    assert!(
        meeting.contains(r#"<span class="hd-tag hd-time">"#),
        "{meeting}"
    );
    assert!(meeting.contains("background-color:#3a7"), "{meeting}");
    assert!(!meeting.contains("[name=Alice"), "{meeting}");
    assert!(meeting.contains("<code>[name=in code]</code>"), "{meeting}");
    let alice = page(&out, "people/alice-rivera");
    assert!(
        alice.contains(r##"<a href="/minutes/2024-05-07/#release-plan">Release plan</a>"##),
        "{alice}"
    );
    let actions = page(&out, "actions");
    assert!(
        actions.contains("Ben Ode to fix the Windows runner"),
        "{actions}"
    );
}

#[test]
fn sign_in_sheets_lines_and_headings_that_list_people() {
    let (_dir, out) = build("voices-signin");
    assert_eq!(
        people(&out),
        [
            "hana-sato",
            "ivo-petrov",
            "lena-berg",
            "pia-wolf",
            "rui-costa",
            "sia-moon",
            "tomas-ruiz",
            "uma-iyer"
        ]
    );
    // Unmarked on both sheets: nobody's page.
    assert!(!out.join("people/omar-haddad").exists());
    let lena = page(&out, "people/lena-berg");
    assert!(lena.contains("Attended 2 meetings"), "{lena}");
    assert!(
        lena.contains(r#"<p class="affiliation">Acme</p>"#),
        "{lena}"
    );
    let rui = page(&out, "people/rui-costa");
    assert!(
        rui.contains(r#"<p class="affiliation">Umbrella</p>"#),
        "{rui}"
    );
}
