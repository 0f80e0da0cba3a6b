//! `serve` after each kind of edit equals a cold `build`, file by file: a table of edit
//! kinds applied to several files of a fixture site and of a sample of the SCS minutes.
//!
//! Each site is checked twice: with the default templates, and with templates that
//! print their whole context (`__tera_context`), so that every value any page is given
//! is compared, including fields a context gains later.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use minutebook::outputs::write::render_into;
use minutebook::render::{DEFAULT_STATIC, DEFAULT_TEMPLATES};
use minutebook::serve::state::{self, Answer, Change, Incremental};
use minutebook::site::{Site, SitePaths};
use minutebook::text::slug::slugify;

use crate::common;

/// One kind of edit: its name, and what it does to one minutes file of a site (given
/// the site's content folder and the file), returning the change the watcher reports.
type Edit = (&'static str, fn(&Path, &Path) -> Change);

const EDITS: &[Edit] = &[
    ("scribe line", scribe_line),
    ("new list item", new_list_item),
    ("heading rename", heading_rename),
    ("heading of a new team", heading_new_team),
    ("slide of the same team", slide_of_the_same_team),
    ("wide table", wide_table),
    ("link to another meeting", link_to_another_meeting),
    ("front matter title", front_matter_title),
    ("attendance list", attendance_list),
    ("attendance of someone known", attendance_known),
    ("action line", action_line),
    ("decision line", decision_line),
    ("attendee table", attendee_table),
    ("speaker turn of the table", speaker_turn),
    ("author tag", author_tag),
    ("issue link", issue_link),
    ("dialect syntax", dialect_syntax),
    ("unlinked file beside it", unlinked_file),
    ("link to that file", link_to_that_file),
    ("bare link item", bare_link_item),
    ("agenda template line", agenda_template_line),
    ("add a file", add_a_file),
    ("a file in a new year", file_in_a_new_year),
    ("delete the file", delete_the_file),
];

/// Edits that must not rebuild everything: the incremental path is what is tested.
/// (A new name on a scribe or attendance line adds a person's page: a full build.)
const INCREMENTAL: &[&str] = &[
    "attendance of someone known",
    "action line",
    "decision line",
    "new list item",
    "heading rename",
    "link to another meeting",
    "front matter title",
    "dialect syntax",
    "link to that file",
    "bare link item",
    "agenda template line",
];

fn edited(file: &Path) -> Change {
    Change::Edited(vec![file.to_path_buf()])
}

fn rewrite(file: &Path, f: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(file).unwrap();
    fs::write(file, f(text)).unwrap();
}

/// After the title line (below the front matter, if there is one).
fn insert_after_title(text: &str, insert: &str) -> String {
    let body = match text.strip_prefix("---\n").and_then(|r| r.find("\n---\n")) {
        Some(end) => 4 + end + 5,
        None => 0,
    };
    match text[body..].find('\n') {
        Some(i) => {
            let at = body + i;
            format!("{}\n{insert}{}", &text[..at], &text[at..])
        }
        None => format!("{text}\n{insert}"),
    }
}

fn scribe_line(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        match t.lines().find(|l| {
            l.trim_start_matches(['-', '*', ' '])
                .starts_with("Minutes:")
        }) {
            Some(line) => t.replacen(line, "- Minutes: Ada Lovelace", 1),
            None => insert_after_title(&t, "\nMinutes: Ada Lovelace\n"),
        }
    });
    edited(file)
}

fn attendance_list(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        insert_after_title(
            &t,
            "\n## Present\n\n- Grace Hopper (@ghopper)\n- @adalovelace\n",
        )
    });
    edited(file)
}

/// Someone already on a people page (the scribe of the first edit) joins the list: no
/// page comes or goes.
fn attendance_known(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        t.replacen("- @adalovelace\n", "- Ada Lovelace\n- @adalovelace\n", 1)
    });
    edited(file)
}

/// An action item for someone already on a people page (from the attendance list).
fn action_line(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!("{t}\n\n- AI: @ghopper to write the report\n")
    });
    edited(file)
}

/// A link to an issue that other files of the table link too (its page appears with
/// the second).
fn issue_link(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!("{t}\n\n- [Widgets crash](https://github.com/acme/widgets/issues/7) again\n")
    });
    edited(file)
}

fn decision_line(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!("{t}\n\n**Decision:** we keep the old schedule\n")
    });
    edited(file)
}

/// An attendee table defining an abbreviation, with an affiliation.
fn attendee_table(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        insert_after_title(
            &t,
            "\n| Name | Abbreviation | Organization |\n|---|---|---|\n| Grace Hopper | GH | Navy |\n\n## Outlook\n\nGH: we ship next week\n",
        )
    });
    edited(file)
}

/// The speaker of a turn changes: another person (already on a people page from the
/// table) spoke, and the abbreviation on the meeting page names them.
fn speaker_turn(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        t.replacen(
            "| Grace Hopper | GH | Navy |\n",
            "| Grace Hopper | GH | Navy |\n| Ada Lovelace | AL | Analytical |\n",
            1,
        )
        .replacen("GH: we ship next week", "AL: we ship next week", 1)
    });
    edited(file)
}

/// A HedgeDoc author tag: a label on the meeting page, a speaker on a person page.
fn author_tag(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!("{t}\n\n- the plan holds [name=Grace Hopper]\n")
    });
    edited(file)
}

/// A heading below the title to edit under: the first naming a team, else the last
/// (the first is often a list of participants).
fn first_subheading(text: &str) -> Option<&str> {
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("##"))
        .filter(|l| l.trim_start_matches('#').trim().len() > 2)
        .collect();
    (headings.iter())
        .find(|h| h.contains("Team ") || h.contains("SIG "))
        .or(headings.last())
        .copied()
}

fn new_list_item(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| match first_subheading(&t) {
        Some(h) => t.replacen(
            h,
            &format!("{h}\n\n- zuul upgrade planning for the status page\n"),
            1,
        ),
        None => format!("{t}\n\n- zuul upgrade planning for the status page\n"),
    });
    edited(file)
}

/// A list item that is only a link: no topic, but the entry's first line in the
/// compact view.
fn bare_link_item(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| match first_subheading(&t) {
        Some(h) => t.replacen(h, &format!("{h}\n\n- https://example.org/board\n"), 1),
        None => format!("{t}\n\n- https://example.org/board\n"),
    });
    edited(file)
}

/// The same agenda line added to every meeting of the file's series at once: it is
/// part of the series' template, not a topic, and topics that ran through it move.
fn agenda_template_line(_: &Path, file: &Path) -> Change {
    let dir = file.parent().unwrap();
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    for f in &files {
        rewrite(f, |t| match first_subheading(&t) {
            Some(h) => t.replacen(h, &format!("{h}\n\n- Anything else for the agenda?\n"), 1),
            None => format!("{t}\n\n- Anything else for the agenda?\n"),
        });
    }
    Change::Edited(files)
}

fn heading_rename(_: &Path, file: &Path) -> Change {
    // A trailing parenthesis leaves the team as it was but moves the anchor.
    rewrite(file, |t| match first_subheading(&t) {
        Some(h) => t.replacen(h, &format!("{h} (renamed)"), 1),
        None => t,
    });
    edited(file)
}

fn heading_new_team(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!("{t}\n\n## Team updates\n\n### Team Zeta Equivalence\n\n- first report\n")
    });
    edited(file)
}

/// A slide deck's next slide: a separator and the last team heading again, which the
/// meeting page folds into the team's section (its anchor only).
fn slide_of_the_same_team(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!("{t}\n\n---\n\n### Team Zeta Equivalence\n\n- next slide\n")
    });
    edited(file)
}

/// A table, which pages wrap in a box that scrolls by itself.
fn wide_table(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!("{t}\n\n| a | b |\n| --- | --- |\n| one | two |\n")
    });
    edited(file)
}

fn link_to_another_meeting(_: &Path, file: &Path) -> Change {
    let dir = file.parent().unwrap();
    let mut siblings: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != file && p.extension().is_some_and(|e| e == "md"))
        .collect();
    siblings.sort();
    let Some(other) = siblings.first() else {
        return edited(file);
    };
    let name = other.file_name().unwrap().to_string_lossy().to_string();
    let text = fs::read_to_string(other).unwrap();
    let anchor = first_subheading(&text)
        .map(|h| slugify(h.trim_start_matches('#').trim()))
        .unwrap_or_default();
    rewrite(file, |t| {
        format!("{t}\n\nSee [the other meeting]({name}) and [its section]({name}#{anchor}).\n")
    });
    edited(file)
}

fn front_matter_title(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        if let Some(rest) = t.strip_prefix("---\n") {
            format!("---\ntitle: Retitled meeting\n{rest}")
        } else {
            format!("---\ntitle: Retitled meeting\n---\n{t}")
        }
    });
    edited(file)
}

/// Jekyll, kramdown and HedgeDoc syntax (README, "Dialects"): Liquid with the front
/// matter's title, an attribute list and an id on a heading, emoji, a sized image, and
/// a container, which makes the file HedgeDoc's, so that all of it keeps its line
/// breaks.
fn dialect_syntax(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!(
            "{t}\n\n## Dialects {{: .x}}\n\nAbout {{{{ page.title }}}} :tada:\n{{% include x.html %}}\n\n\
             ## Own anchor {{#dialect-anchor}}\n\n:::warning\n![p](https://example.org/p.png =50%x)\n\
             line one\nline two\n:::\n"
        )
    });
    edited(file)
}

/// A file beside the minutes that no minutes link (a script): not published.
fn unlinked_file(_: &Path, file: &Path) -> Change {
    let stem = file.file_stem().unwrap().to_string_lossy().to_string();
    fs::write(
        file.with_file_name(format!("{stem}-tool.sh")),
        "#!/bin/sh\necho hi\n",
    )
    .unwrap();
    Change::Full
}

/// Linking that file publishes it, without a full rebuild.
fn link_to_that_file(_: &Path, file: &Path) -> Change {
    let stem = file.file_stem().unwrap().to_string_lossy().to_string();
    rewrite(file, |t| {
        format!("{t}\n\nThe [script]({stem}-tool.sh) we use.\n")
    });
    edited(file)
}

fn add_a_file(_: &Path, file: &Path) -> Change {
    let dir = file.parent().unwrap();
    let stem = file.file_stem().unwrap().to_string_lossy().to_string();
    fs::write(
        dir.join(format!("{stem}-extra.md")),
        "# An extra meeting\n\n## Team updates\n\n### Team Zeta Equivalence\n\n- added file\n",
    )
    .unwrap();
    Change::Full
}

/// A year of its own: a new page of that year's weeks, and a new latest week on the
/// home page.
fn file_in_a_new_year(_: &Path, file: &Path) -> Change {
    fs::write(
        file.parent().unwrap().join("2099-01-07-new-year.md"),
        "# New year meeting\n\n## Team updates\n\n### Team Zeta Equivalence\n\n- a new year\n",
    )
    .unwrap();
    Change::Full
}

fn delete_the_file(_: &Path, file: &Path) -> Change {
    fs::remove_file(file).unwrap();
    Change::Full
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// Every file a cold build writes is served with the same bytes, and nothing more.
fn assert_same_as_cold(served: &Incremental, step: &str) {
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

/// Applies every edit kind to each of `files` in turn (the edits of one file pile up,
/// as a scribe's do), then edits `site.toml`; after each step `serve`'s pages must
/// equal a cold build.
fn run_table(root: &Path, files: &[PathBuf]) {
    let paths = SitePaths::new(Some(root.to_path_buf()), None, None);
    let content = paths.content.clone();
    let (mut served, _) = Incremental::build(paths, None).unwrap();
    assert_same_as_cold(&served, "initial");
    for file in files {
        for (kind, apply) in EDITS {
            let step = format!(
                "{kind} in {}",
                file.strip_prefix(&content).unwrap().display()
            );
            let change = apply(&content, file);
            let outcome = served
                .update(&change)
                .unwrap_or_else(|e| panic!("{step}: {e:?}"));
            if INCREMENTAL.contains(kind) {
                assert!(
                    !outcome.full,
                    "{step}: an edit must not rebuild everything: {outcome:?}"
                );
            }
            assert_same_as_cold(&served, &step);
        }
    }
    let config = root.join("site.toml");
    let text = fs::read_to_string(&config).unwrap_or_default();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("title")).collect();
    // Meeting pages link their source file when `source_url` is set.
    fs::write(
        &config,
        format!(
            "title = \"Edited title\"\nsource_url = \"https://example.org/src/\"\n{}\n",
            kept.join("\n")
        ),
    )
    .unwrap();
    served.update(&Change::Full).unwrap();
    assert_same_as_cold(&served, "edit site.toml");
}

/// This repository's demo site, with a short timeline split so that teams have year
/// pages.
fn demo_site(dump: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = common::repo();
    common::copy_dir(&repo.join("content"), &dir.path().join("content"));
    let config = fs::read_to_string(repo.join("site.toml"))
        .unwrap()
        .replace("timeline_split = 40", "timeline_split = 3");
    fs::write(dir.path().join("site.toml"), config).unwrap();
    if dump {
        dump_templates(dir.path());
    }
    dir
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
        let files = sample(&site.path().join("content/weekly"), 4);
        assert_eq!(files.len(), 3, "the demo site has weekly minutes to edit");
        run_table(site.path(), &files);
    }
}

/// The demo site with no teams in `site.toml`: the groups come from the headings, and
/// the third meeting with `Team Zeta Equivalence` (the edits pile up) makes it a group.
#[test]
fn every_edit_kind_on_a_site_without_teams_matches_a_cold_build() {
    let site = demo_site(false);
    let config = site.path().join("site.toml");
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
    let files = sample(&site.path().join("content/weekly"), 4);
    run_table(site.path(), &files);
}

#[test]
fn every_edit_kind_on_scs_minutes_matches_a_cold_build() {
    let Some(corpus) = common::scs_corpus() else {
        return;
    };
    let site = tempfile::tempdir().unwrap();
    // The all-teams calls (where team sections are) and two teams' own series.
    for series in ["community-call", "iaas", "ops"] {
        common::copy_dir(
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
