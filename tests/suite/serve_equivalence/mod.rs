//! `serve` equals a cold `build`, file by file, after every kind of edit: one table of
//! edit kinds (`edits.rs`) applied to several files of the demo site (with teams and
//! without) and of a sample of the SCS minutes; then, in `corpora.rs`, edits that need
//! a whole archive to mean anything (a failed update, headings other files link to,
//! topic threads across year pages).
//!
//! Each site is checked with the default templates and with templates that print
//! their whole context (`__tera_context`), so that every value any page is given is
//! compared, including fields a context gains later.

mod corpora;
mod edits;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use minutebook::outputs::write::render_into;
use minutebook::render::{DEFAULT_STATIC, DEFAULT_TEMPLATES};
use minutebook::serve::state::{self, Answer, Change, Incremental};
use minutebook::site::{Site, SitePaths};

use crate::common;
use crate::common::site::files_under;
use edits::{Expect, Shows, EDITS};

/// Every file a cold build writes is served with the same bytes, and nothing more.
pub(super) fn assert_same_as_cold(served: &Incremental, step: &str) {
    let paths = served.site().paths.clone();
    let cold = Site::load(paths.clone(), None).unwrap();
    let out = tempfile::tempdir().unwrap();
    render_into(&cold, out.path()).unwrap();
    let built = files_under(out.path());
    for rel in &built {
        let want = fs::read(out.path().join(rel)).unwrap();
        let got = match state::answer(served.files(), served.pages(), rel) {
            Some(Answer::Page(p)) => p.as_bytes().to_vec(),
            Some(Answer::Builtin(b)) => b.to_vec(),
            Some(Answer::File(f)) => fs::read(f).unwrap(),
            None => panic!("{step}: {rel} is built but not served"),
        };
        if want != got {
            let (want, got) = (
                String::from_utf8_lossy(&want),
                String::from_utf8_lossy(&got),
            );
            let at = want
                .bytes()
                .zip(got.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(want.len().min(got.len()));
            let from = at.saturating_sub(120);
            panic!(
                "{step}: {rel} differs from a cold build at byte {at}\n  build: {}\n  serve: {}",
                want.get(from..(at + 120).min(want.len())).unwrap_or(""),
                got.get(from..(at + 120).min(got.len())).unwrap_or("")
            );
        }
    }
    let built: HashSet<&str> = built.iter().map(String::as_str).collect();
    for key in served.files().keys() {
        assert!(
            built.contains(key.as_str()),
            "{step}: {key} is served but a cold build has no such file"
        );
    }
    for key in served.pages().keys() {
        assert!(
            built.contains(key.as_str()),
            "{step}: {key} is served but a cold build has no such file"
        );
    }
    assert!(DEFAULT_STATIC.iter().all(|(n, _)| built.contains(n)));
}

/// Templates that print everything they are given.
fn dump_templates(root: &Path) {
    let dir = root.join("templates");
    fs::create_dir_all(&dir).unwrap();
    for (name, _) in DEFAULT_TEMPLATES {
        fs::write(dir.join(name), "{{ __tera_context | safe }}\n").unwrap();
    }
}

/// Whether the site's templates print their whole context.
fn dumps(root: &Path) -> bool {
    fs::read_to_string(root.join("templates/index.html"))
        .is_ok_and(|t| t.contains("__tera_context"))
}

/// What the edit must have made `serve` do, beyond equalling a cold build.
fn assert_expected(
    served: &Incremental,
    edit: &edits::Edit,
    change: &Change,
    o: &state::Rebuilt,
    step: &str,
    dump: bool,
    timeline_pages_moved: bool,
) {
    match edit.expect {
        Expect::Any => {}
        Expect::Incremental if timeline_pages_moved => assert!(o.full, "{step}: {o:?}"),
        Expect::Incremental => assert!(
            !o.full && o.rendered < served.pages().len(),
            "{step}: an edit must not render everything: {o:?}"
        ),
        Expect::NothingRendered => {
            if matches!(change, Change::Edited(_)) {
                assert!(!o.full && o.rendered == 0, "{step}: {o:?}");
            }
        }
    }
    // The home page shows the site's newest meeting, not a folder's.
    let newest = served.site().archive.meetings.last().map(|m| &m.source.rel);
    let is_newest = |f: &PathBuf| newest.is_some_and(|rel| f.ends_with(rel) && f.is_file());
    let (text, home) = match edit.shows {
        Shows::Nothing => return,
        Shows::Somewhere(t) => (t, false),
        Shows::OnHome(t) => {
            let edited_newest = matches!(change, Change::Edited(f) if f.iter().any(is_newest));
            (t, dump && edited_newest)
        }
    };
    assert!(
        served.pages().values().any(|p| p.contains(text)),
        "{step}: no served page shows `{text}`"
    );
    if home {
        assert!(
            served.pages()["index.html"].contains(text),
            "{step}: the home page does not show `{text}`"
        );
    }
}

/// The year pages and parts of years of every timeline: an edit that adds notes can
/// make a busy year's parts start at other months (or a timeline get year pages),
/// and then everything is rendered again.
fn timeline_pages(served: &Incremental) -> std::collections::BTreeSet<String> {
    (served.pages().keys())
        .filter(|k| {
            let mut parts = k.split('/');
            parts.next() == Some("teams")
                && parts
                    .nth(1)
                    .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        })
        .cloned()
        .collect()
}

/// Applies every edit kind to each of `files` in turn (the edits of one file pile up,
/// as a scribe's do), then edits `site.toml`; after each step `serve`'s pages must
/// equal a cold build.
fn run_table(root: &Path, files: &[PathBuf]) {
    let paths = SitePaths::new(Some(root.to_path_buf()), None, None);
    let content = paths.content.clone();
    let dump = dumps(root);
    let (mut served, _) = Incremental::build(paths, None).unwrap();
    assert_same_as_cold(&served, "initial");
    for file in files {
        for edit in EDITS {
            let step = format!(
                "{} in {}",
                edit.name,
                file.strip_prefix(&content).unwrap().display()
            );
            let pages_before = timeline_pages(&served);
            let change = (edit.apply)(&content, file);
            let outcome = served
                .update(&change)
                .unwrap_or_else(|e| panic!("{step}: {e:?}"));
            let moved = timeline_pages(&served) != pages_before;
            assert_expected(&served, edit, &change, &outcome, &step, dump, moved);
            assert_same_as_cold(&served, &step);
        }
    }
    edit_site_toml(root, &mut served);
}

/// The last row of the table: `site.toml` changes (meeting pages link their source
/// file when `source_url` is set).
fn edit_site_toml(root: &Path, served: &mut Incremental) {
    let config = root.join("site.toml");
    let text = fs::read_to_string(&config).unwrap_or_default();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("title")).collect();
    fs::write(
        &config,
        format!(
            "title = \"Edited title\"\nsource_url = \"https://example.org/src/\"\n{}\n",
            kept.join("\n")
        ),
    )
    .unwrap();
    served.update(&Change::Full).unwrap();
    assert_same_as_cold(served, "edit site.toml");
}

/// This repository's demo site, with a short timeline split and meetings in a second
/// year, so that team timelines have year pages.
fn demo_site(dump: bool) -> common::SiteTest {
    let site = common::SiteTest::demo();
    site.edit("site.toml", |t| {
        t.replace("timeline_split = 40", "timeline_split = 3")
    });
    for (date, team) in [
        ("20251204", "Team Storage"),
        ("20251211", "Team Networking"),
        ("20251218", "Team Storage"),
    ] {
        let iso = format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..]);
        site.write(
            &format!("content/weekly/{date}.md"),
            format!("# Weekly Call {iso}\n\n## Team updates\n\n### {team}\n\n- planning for next year\n"),
        );
    }
    if dump {
        dump_templates(&site.root);
    }
    site
}

fn sample(dir: &Path, every: usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("20"))
        .collect();
    files.sort();
    files.into_iter().step_by(every).take(3).collect()
}

#[test]
fn every_edit_kind_on_the_demo_site_matches_a_cold_build() {
    for dump in [false, true] {
        let site = demo_site(dump);
        let files = sample(&site.content().join("weekly"), 4);
        assert_eq!(files.len(), 3, "the demo site has weekly minutes to edit");
        run_table(&site.root, &files);
    }
}

/// The demo site with no teams in `site.toml`: the groups come from the headings, and
/// the third meeting with `Team Zeta Equivalence` (the edits pile up) makes it a group.
#[test]
fn every_edit_kind_on_a_site_without_teams_matches_a_cold_build() {
    let site = demo_site(false);
    let config = site.root.join("site.toml");
    let text = fs::read_to_string(&config).unwrap();
    let mut kept = Vec::new();
    let mut in_team = false;
    for line in text.lines() {
        if line.starts_with('[') {
            in_team = line == "[[teams]]";
        }
        if !in_team && !line.starts_with("team_parents") && !line.starts_with("team =") {
            kept.push(line);
        }
    }
    fs::write(&config, kept.join("\n")).unwrap();
    let files = sample(&site.content().join("weekly"), 4);
    run_table(&site.root, &files);
}

#[test]
fn every_edit_kind_on_scs_minutes_matches_a_cold_build() {
    let Some(corpus) = common::scs_corpus() else {
        return;
    };
    let site = tempfile::tempdir().unwrap();
    // The all-teams calls (where team sections are) and two teams' own series.
    for series in ["community-call", "iaas", "ops"] {
        common::copy_tree(
            &corpus.join(series),
            &site.path().join("content").join(series),
        );
    }
    // examples/scs/site.toml without the tables of series not copied (a table naming
    // no series is an error).
    let config = fs::read_to_string(common::repo().join("examples/scs/site.toml")).unwrap();
    let mut kept = Vec::new();
    let mut dropped = false;
    for line in config.lines() {
        if let Some(name) = line.strip_prefix("[series.") {
            let name = name.trim_end_matches(']');
            dropped = !["community-call", "iaas", "ops"].contains(&name);
        } else if line.starts_with('[') {
            dropped = false;
        }
        if !dropped {
            kept.push(line);
        }
    }
    fs::write(site.path().join("site.toml"), kept.join("\n")).unwrap();
    dump_templates(site.path());
    // Sections of the all-teams calls, and a team's own meeting, which its timeline
    // shows whole.
    let mut files = sample(&site.path().join("content/community-call"), 50);
    files.truncate(2);
    files.extend(
        sample(&site.path().join("content/iaas"), 60)
            .into_iter()
            .take(1),
    );
    assert_eq!(files.len(), 3);
    run_table(site.path(), &files);
}
