//! The edit kinds of the serve-equals-build table: what each does to one minutes file
//! of a site (given the site's content folder and the file), returning the change the
//! watcher reports, and what `serve` must then do.

use std::fs;
use std::path::{Path, PathBuf};

use minutebook::serve::state::Change;
use minutebook::text::slug::slugify;

/// What an edit must make `serve` do, beyond equalling a cold build.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Expect {
    /// Nothing more (a full rebuild is right, or allowed).
    Any,
    /// An update that does not rebuild everything: the incremental path is tested.
    Incremental,
    /// An edit to a file that is not part of the site renders nothing (when the
    /// change is an edit; a file made new is a full build).
    NothingRendered,
}

/// Text an edit brings that a served page must then show, so that an edit which
/// matched nothing cannot pass as "serve equals build".
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shows {
    /// Nothing to look for (the edit may change no visible text).
    Nothing,
    /// Some served page contains it.
    Somewhere(&'static str),
    /// Some served page contains it, and the home page too when its templates print
    /// the latest meeting whole (the templates that print their whole context).
    OnHome(&'static str),
}

/// One kind of edit.
pub(super) struct Edit {
    pub name: &'static str,
    pub apply: fn(&Path, &Path) -> Change,
    pub expect: Expect,
    pub shows: Shows,
}

const fn edit(name: &'static str, apply: fn(&Path, &Path) -> Change, expect: Expect) -> Edit {
    Edit {
        name,
        apply,
        expect,
        shows: Shows::Nothing,
    }
}

const fn showing(
    name: &'static str,
    apply: fn(&Path, &Path) -> Change,
    expect: Expect,
    shows: Shows,
) -> Edit {
    Edit {
        name,
        apply,
        expect,
        shows,
    }
}

use Expect::{Any, Incremental, NothingRendered};

/// Every edit kind, applied in this order to each file of a site's sample (the edits
/// of one file pile up, as a scribe's do). A new name on a scribe or attendance line
/// adds a person's page, and a new team changes the team list: full builds.
pub(super) const EDITS: &[Edit] = &[
    showing(
        "plain text edit",
        plain_text_edit,
        Incremental,
        Shows::Somewhere("edited NOW"),
    ),
    edit("title line", title_line, Any),
    edit(
        "title of the latest meeting's predecessor",
        predecessor_title,
        Any,
    ),
    showing(
        "text of the latest meeting",
        latest_text,
        Incremental,
        Shows::OnHome("A closing remark for the home page"),
    ),
    edit("scribe line", scribe_line, Any),
    edit("new list item", new_list_item, Incremental),
    edit("section moves to another team", team_change, Any),
    edit("heading rename", heading_rename, Incremental),
    edit("heading of a new team", heading_new_team, Any),
    edit("latest meeting, a team section more", latest_entry, Any),
    edit("slide of the same team", slide_of_the_same_team, Any),
    edit("wide table", wide_table, Any),
    edit(
        "link to another meeting",
        link_to_another_meeting,
        Incremental,
    ),
    edit("headings other files link to", cross_references, Any),
    edit("front matter title", front_matter_title, Incremental),
    edit("attendance list", attendance_list, Any),
    edit("attendance of someone known", attendance_known, Incremental),
    edit("action line", action_line, Incremental),
    edit("decision line", decision_line, Incremental),
    edit("attendee table", attendee_table, Any),
    edit("speaker turn of the table", speaker_turn, Any),
    edit("author tag", author_tag, Any),
    showing(
        "open task item",
        open_task_item,
        Incremental,
        Shows::Somewhere("order the new hose"),
    ),
    edit(
        "carry an action into the latest meeting",
        carry_action,
        Incremental,
    ),
    edit(
        "tick the action in the latest meeting",
        tick_action,
        Incremental,
    ),
    edit("issue link", issue_link, Any),
    edit("dialect syntax", dialect_syntax, Incremental),
    edit("undated file beside it", undated_file, NothingRendered),
    edit("unlinked file beside it", unlinked_file, Any),
    edit("link to that file", link_to_that_file, Incremental),
    edit("bare link item", bare_link_item, Incremental),
    edit("agenda template line", agenda_template_line, Incremental),
    edit("asset added", asset_added, Any),
    edit("add a file", add_a_file, Any),
    edit("rename the added file", rename_added_file, Any),
    edit("a file in a new year", file_in_a_new_year, Any),
    edit("delete the file", delete_the_file, Any),
];

fn edited(file: &Path) -> Change {
    Change::Edited(vec![file.to_path_buf()])
}

pub(super) fn rewrite(file: &Path, f: impl FnOnce(String) -> String) {
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

/// An open task for someone already on a people page: an action item that later
/// meetings can carry.
fn open_task_item(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!("{t}\n\n- [ ] @ghopper to order the new hose\n")
    });
    edited(file)
}

/// The newest minutes file beside `file` other than itself: the meeting that carries
/// its actions.
fn latest_beside(file: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && p != file)
        .collect();
    files.sort();
    files.pop().unwrap_or_else(|| file.to_path_buf())
}

/// The latest meeting lists the task, reworded, under "Open action items": one item
/// with two mentions on /actions/, the person's and the group's pages.
fn carry_action(_: &Path, file: &Path) -> Change {
    let latest = latest_beside(file);
    rewrite(&latest, |t| {
        format!("{t}\n\n## Open action items\n\n- [ ] @ghopper order new hose\n")
    });
    edited(&latest)
}

/// Ticking the carried task in the latest meeting closes the item everywhere.
fn tick_action(_: &Path, file: &Path) -> Change {
    let latest = latest_beside(file);
    rewrite(&latest, |t| {
        t.replace(
            "- [ ] @ghopper order new hose",
            "- [x] @ghopper order new hose",
        )
    });
    edited(&latest)
}

/// A link to an issue that other files of the table link too (its page appears with
/// the second).
fn issue_link(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!("{t}\n\n- [Widgets crash](https://github.com/acme/widgets/issues/7) again\n")
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

fn decision_line(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        format!("{t}\n\n**Decision:** we keep the old schedule\n")
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

/// The dated minutes of `file`'s folder, sorted by name (which is by date).
fn dated_siblings(file: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("20"))
        .collect();
    files.sort();
    files
}

/// A list item's text changes (the demo's "staging rollout next sprint" kind): the
/// first item no other meeting of the folder repeats, so that no topic thread moves,
/// and that is no list of names or `Label: text` line (attendance, scribes, actions).
fn plain_text_edit(_: &Path, file: &Path) -> Change {
    let others: Vec<String> = dated_siblings(file)
        .iter()
        .filter(|p| *p != file)
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    rewrite(file, |t| {
        let own = t
            .lines()
            .filter(|l| l.starts_with("- ") && l.len() > 8 && !l.contains([',', ':']))
            .find(|l| !others.iter().any(|o| o.contains(&l[2..])));
        match own {
            Some(line) => t.replacen(line, &format!("{line} edited NOW"), 1),
            None => format!("{t}\n\nedited NOW\n"),
        }
    });
    edited(file)
}

/// The title heading changes: the neighbours' prev/next links, week, series and team
/// pages show it.
fn title_line(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| retitled(&t));
    edited(file)
}

fn retitled(t: &str) -> String {
    match t.lines().find(|l| l.starts_with("# ")) {
        Some(line) => t.replacen(line, &format!("{line}: renamed"), 1),
        None => t.to_string(),
    }
}

/// The title of the meeting before the newest of the folder: the home page names the
/// latest meeting's predecessor, so it must be rendered again.
fn predecessor_title(_: &Path, file: &Path) -> Change {
    let files = dated_siblings(file);
    let Some(before_latest) = files.len().checked_sub(2).map(|i| files[i].clone()) else {
        return edited(file);
    };
    rewrite(&before_latest, |t| {
        if t.lines().any(|l| l.starts_with("# ")) {
            retitled(&t)
        } else {
            format!("# Predecessor renamed\n\n{t}")
        }
    });
    edited(&before_latest)
}

/// A plain text edit of the newest meeting of the folder, which the home page shows.
fn latest_text(_: &Path, file: &Path) -> Change {
    let latest = dated_siblings(file)
        .pop()
        .unwrap_or_else(|| file.to_path_buf());
    rewrite(&latest, |t| {
        format!("{t}\nA closing remark for the home page.\n")
    });
    edited(&latest)
}

/// The newest meeting of a split timeline gains a team section: its summary is on
/// every year page of the team.
fn latest_entry(_: &Path, file: &Path) -> Change {
    let latest = dated_siblings(file)
        .pop()
        .unwrap_or_else(|| file.to_path_buf());
    let team = fs::read_to_string(file)
        .unwrap()
        .lines()
        .find(|l| l.starts_with('#') && (l.contains("Team ") || l.contains("SIG ")))
        .map(|l| l.trim_start_matches('#').trim().to_string())
        .unwrap_or_else(|| "Team Zeta Equivalence".into());
    rewrite(&latest, |t| format!("{t}\n## {team}\n\n- late addition\n"));
    edited(&latest)
}

/// A section moves from one team to another (its heading names the next team of the
/// file), and the last team heading disappears (its items join the section above).
fn team_change(_: &Path, file: &Path) -> Change {
    rewrite(file, |t| {
        let teams: Vec<&str> = t
            .lines()
            .filter(|l| l.starts_with("##") && (l.contains("Team ") || l.contains("SIG ")))
            .collect();
        match teams.as_slice() {
            [first, second, .., last] => {
                let hashes = first.split(' ').next().unwrap();
                let moved = format!("{hashes} {}", second.trim_start_matches('#').trim());
                t.replacen(last, "", 1).replacen(first, &moved, 1)
            }
            _ => t,
        }
    });
    edited(file)
}

/// Headings another file links to change, and that file gains a link into them: two
/// files in one change.
fn cross_references(_: &Path, file: &Path) -> Change {
    let other = dated_siblings(file).into_iter().find(|p| p != file);
    let anchor = first_subheading(&fs::read_to_string(file).unwrap())
        .map(|h| slugify(h.trim_start_matches('#').trim()))
        .unwrap_or_default();
    rewrite(file, |t| t.replace("\n## ", "\n## Changed "));
    let Some(other) = other else {
        return edited(file);
    };
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    rewrite(&other, |t| {
        format!("{t}\nSee [that section]({name}#{anchor}).\n")
    });
    Change::Edited(vec![file.to_path_buf(), other])
}

/// An undated file (the scribe's template) is not part of the site: editing one
/// renders nothing. A folder without one gets one, which is a full build.
fn undated_file(_: &Path, file: &Path) -> Change {
    let template = file.with_file_name("template.md");
    if template.is_file() {
        rewrite(&template, |t| format!("{t}\n- template line\n"));
        return edited(&template);
    }
    fs::write(&template, "# Weekly Call YYYY-MM-DD\n\n- template line\n").unwrap();
    Change::Full
}

/// A file added to the content's assets.
fn asset_added(content: &Path, file: &Path) -> Change {
    let stem = file.file_stem().unwrap().to_string_lossy().to_string();
    fs::create_dir_all(content.join("assets")).unwrap();
    fs::write(content.join(format!("assets/{stem}-new.txt")), "asset").unwrap();
    Change::Full
}

/// The file "add a file" made is renamed: its page moves.
fn rename_added_file(_: &Path, file: &Path) -> Change {
    let stem = file.file_stem().unwrap().to_string_lossy().to_string();
    let (from, to) = (
        file.with_file_name(format!("{stem}-extra.md")),
        file.with_file_name(format!("{stem}-moved.md")),
    );
    fs::rename(&from, &to).unwrap();
    Change::Edited(vec![from, to])
}
