//! Edits that need a whole archive to mean anything, each compared with a cold build
//! like the rows of the table: an update that fails and recovers, the newest meeting,
//! a title and headings other files link to in the SCS minutes, and topic threads and
//! anchors across the year pages of a generated archive.

use std::fs;
use std::path::Path;

use minutebook::serve::state::{Change, Incremental};
use minutebook::site::SitePaths;

use super::assert_same_as_cold;
use super::edits::rewrite as edit;
use crate::common;

#[test]
fn a_failed_update_keeps_the_pages_and_recovers() {
    let site = super::demo_site(false);
    let paths = SitePaths::new(Some(site.root.clone()), None, None);
    let (mut state, _) = Incremental::build(paths, None).unwrap();
    let before = state.pages()["index.html"].clone();
    let config = site.root.join("site.toml");
    let good = fs::read_to_string(&config).unwrap();
    fs::write(&config, "title = [\n").unwrap();
    let errors = state.update(&Change::Full).unwrap_err();
    assert!(
        errors[0].to_string().contains("site.toml:1"),
        "{}",
        errors[0]
    );
    assert_eq!(state.pages()["index.html"], before);
    // An edit while broken still rebuilds from scratch once the config is fixed.
    let f = site.content().join("weekly/20261001.md");
    edit(&f, |t| format!("{t}\n- edited while broken\n"));
    assert!(state.update(&Change::Edited(vec![f.clone()])).is_err());
    fs::write(&config, good).unwrap();
    let o = state.update(&Change::Edited(vec![f])).unwrap();
    assert!(o.full);
    assert!(state.pages()["minutes/weekly/2026-10-01/index.html"].contains("edited while broken"));
    assert_same_as_cold(&state, "recovered");
}

/// A team no one configured appears: the team list on every page changes, so the
/// update renders everything (a row of the table adds the same team to file after
/// file, so only its first time is new).
#[test]
fn a_new_team_renders_everything_and_matches_a_cold_build() {
    let site = super::demo_site(false);
    let paths = SitePaths::new(Some(site.root.clone()), None, None);
    let (mut state, _) = Incremental::build(paths, None).unwrap();
    let file = site.content().join("weekly/20251211.md");
    edit(&file, |t| format!("{t}\n### Team Brand New\n\n- hello\n"));
    let o = state.update(&Change::Edited(vec![file])).unwrap();
    assert!(o.full, "{o:?}");
    assert_same_as_cold(&state, "new team");
}

/// An archive without groups has no `/teams/` page and no "Teams" in the navigation;
/// the first group to appear brings both, on every page, and they go with the last.
#[test]
fn the_first_group_and_the_last_match_a_cold_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_tree(
        &common::repo().join("tests/fixtures/voices-plenary/content"),
        &root.join("content"),
    );
    let paths = SitePaths::new(Some(root.clone()), None, None);
    let (mut state, _) = Incremental::build(paths, None).unwrap();
    let no_teams = |state: &Incremental| {
        !state.pages().contains_key("teams/index.html")
            && !state.pages()["index.html"].contains("/teams/")
    };
    assert!(no_teams(&state));
    let files: Vec<_> = ["2023-03-21.md", "2023-04-18.md"]
        .iter()
        .map(|f| root.join("content").join(f))
        .collect();
    let before: Vec<String> = files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect();
    for f in &files {
        edit(f, |t| format!("{t}\n## Team Ops\n\n- the runbook moved\n"));
    }
    state.update(&Change::Edited(files.clone())).unwrap();
    assert!(state.pages()["teams/index.html"].contains("Team Ops"));
    assert!(state.pages()["index.html"].contains("href=\"/teams/\""));
    assert_same_as_cold(&state, "first group");
    for (f, text) in files.iter().zip(&before) {
        fs::write(f, text).unwrap();
    }
    state.update(&Change::Edited(files)).unwrap();
    assert!(no_teams(&state));
    assert_same_as_cold(&state, "no group left");
}

/// A busy year is shown in parts of whole months: an edit that moves where a part
/// starts moves the months of other pages, and every link to them.
#[test]
fn an_edit_that_moves_a_part_of_a_busy_year_matches_a_cold_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::busy_year(&root, 0);
    let content = root.join("content");
    let paths = SitePaths::new(Some(root.clone()), None, None);
    let (mut state, _) = Incremental::build(paths, None).unwrap();
    let parts = |state: &Incremental| -> Vec<String> {
        let mut p: Vec<String> = (state.pages().keys())
            .filter(|k| k.starts_with("teams/ops/2024/"))
            .cloned()
            .collect();
        p.sort();
        p
    };
    let before = parts(&state);
    assert!(before.len() >= 2, "{before:?}");
    let february = content.join("2024-02-10.md");
    edit(&february, |t| {
        let more: String = (0..300)
            .map(|k| format!("- more {k}: a longer month\n"))
            .collect();
        format!("{t}{more}")
    });
    let o = state.update(&Change::Edited(vec![february])).unwrap();
    assert!(o.full, "{o:?}");
    assert_ne!(parts(&state), before);
    assert_same_as_cold(&state, "part moved");
}

/// A team's own series: its meetings are on the team's timeline whole.
#[test]
fn an_edit_to_a_teams_own_series_matches_a_cold_build() {
    for dump in [false, true] {
        let site = super::demo_site(dump);
        let paths = SitePaths::new(Some(site.root.clone()), None, None);
        let (mut state, _) = Incremental::build(paths, None).unwrap();
        let net = site.content().join("networking/20260922.md");
        edit(&net, |t| format!("{t}\n- one more point\n"));
        state.update(&Change::Edited(vec![net])).unwrap();
        assert!(
            state.pages()["minutes/networking/2026-09-22/index.html"].contains("one more point")
        );
        assert_same_as_cold(&state, "team series");
    }
}

#[test]
fn edits_to_the_real_corpus_match_a_cold_build() {
    let Some(corpus) = common::scs_corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        common::repo().join("examples/scs/site.toml"),
        dir.path().join("site.toml"),
    )
    .unwrap();
    let content = dir.path().join("content");
    common::copy_tree(&corpus, &content);
    let paths = SitePaths::new(Some(dir.path().to_path_buf()), Some(content.clone()), None);
    let (mut state, _) = Incremental::build(paths, None).unwrap();
    let a = &state.site().archive;
    let newest = content.join(&a.meetings.last().unwrap().source.rel);
    let middle = content.join(&a.meetings[a.meetings.len() / 2].source.rel);
    // A file other files link into, by heading.
    let linked = a
        .meetings
        .iter()
        .flat_map(|m| m.parsed.cross_refs.iter().map(|r| r.target.clone()))
        .find_map(|t| {
            a.meetings
                .iter()
                .find(|m| (m.source.series.clone(), m.source.stem.clone()) == t)
        })
        .map(|m| content.join(&m.source.rel));

    edit(&newest, |t| format!("{t}\n- drafted during the call\n"));
    let o = state.update(&Change::Edited(vec![newest.clone()])).unwrap();
    assert!(!o.full, "{o:?}");
    assert_same_as_cold(&state, "newest meeting");

    edit(&middle, |t| t.replacen("# ", "# Renamed: ", 1));
    state.update(&Change::Edited(vec![middle])).unwrap();
    assert_same_as_cold(&state, "middle title");

    let linked = linked.expect("the corpus links to headings in other files");
    edit(&linked, |t| t.replace("\n## ", "\n## Other "));
    let o = state.update(&Change::Edited(vec![linked])).unwrap();
    assert!(
        o.parsed > 1,
        "files linking to the edited one are checked again: {o:?}"
    );
    assert_same_as_cold(&state, "headings others link to");
}

/// A synthetic archive from `../shared/tools/gen-archive`, when `../shared` is there:
/// three years of weeks, so that every team's timeline is split into year pages and
/// its topic threads run across them.
fn synthetic_archive(weeks: usize) -> Option<tempfile::TempDir> {
    let gen = common::shared_path("tools/gen-archive")?;
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(&gen)
        .arg(dir.path())
        .args(["--weeks", &weeks.to_string(), "-q"])
        .status()
        .expect("python3 runs gen-archive");
    assert!(status.success(), "gen-archive failed");
    fs::copy(
        common::repo().join("benches/minutebook/site.toml"),
        dir.path().join("site.toml"),
    )
    .unwrap();
    Some(dir)
}

#[test]
fn topic_and_anchor_edits_in_split_timelines_match_a_cold_build() {
    let Some(dir) = synthetic_archive(150) else {
        return;
    };
    let paths = SitePaths::new(Some(dir.path().to_path_buf()), None, None);
    let (mut state, _) = Incremental::build(paths, None).unwrap();
    let a = &state.site().archive;
    assert!(
        a.teams
            .iter()
            .all(|t| t.entries.len() > state.site().config.timeline_split),
        "every timeline is split"
    );
    let content = dir.path().join("content");
    let file = |i: usize| content.join(&state.site().archive.meetings[i].source.rel);
    let n = a.meetings.len();
    let (middle, newest) = (file(n / 2), file(n - 1));
    // An item that recurs in other weeks, so that adding it joins a topic thread whose
    // neighbours sit on other year pages.
    let recurring = {
        let topics = minutebook::model::topics::all_topics(a);
        let t = topics[0]
            .iter()
            .find(|t| t.weeks >= 3)
            .expect("a recurring topic of the first team");
        t.occurrences[0].text.clone()
    };
    let first_team = a.teams[0].name.clone();
    let step =
        |state: &mut Incremental, f: &Path, what: &str, change: &dyn Fn(String) -> String| {
            edit(f, change);
            let o = state
                .update(&Change::Edited(vec![f.to_path_buf()]))
                .unwrap();
            assert!(!o.full, "{what}: {o:?}");
            assert_same_as_cold(state, what);
        };

    let heading = format!("### {first_team}\n\n");
    let with_item = format!("{heading}- {recurring}\n");
    step(&mut state, &middle, "recurring item added", &|t| {
        assert!(
            t.contains(&heading),
            "{first_team} reports in the middle week"
        );
        t.replacen(&heading, &with_item, 1)
    });
    step(&mut state, &middle, "recurring item removed", &|t| {
        t.replacen(&with_item, &heading, 1)
    });
    step(&mut state, &middle, "section anchor moves", &|t| {
        t.replacen(
            &format!("### {first_team}\n"),
            &format!("### {first_team} - highlights\n"),
            1,
        )
    });
    step(&mut state, &newest, "newest meeting, team section", &|t| {
        let h = t.find("\n### ").expect("a team section") + 1;
        let end = t[h..].find('\n').unwrap() + h + 1;
        format!(
            "{}\n- {recurring}\n- drafted during the call{}",
            &t[..end],
            &t[end..]
        )
    });
}

/// A year file holds many meetings (README, "Many meetings in one file"): an edit inside
/// one of them, a new meeting heading, and a meeting's date changed each serve what a
/// cold build writes.
#[test]
fn edits_inside_a_year_file_match_a_cold_build() {
    let site = tempfile::tempdir().unwrap();
    common::site::copy_tree(
        &common::repo().join("tests/fixtures/shapes-many"),
        site.path(),
    );
    super::dump_templates(site.path());
    let paths = SitePaths::new(Some(site.path().to_path_buf()), None, None);
    let year = paths.content.join("minutes/2024.md");
    let (mut served, _) = Incremental::build(paths, None).unwrap();
    assert_same_as_cold(&served, "initial");
    type Step = (&'static str, fn(String) -> String);
    let edits: [Step; 4] = [
        ("list item inside one meeting", |t| {
            t.replacen(
                "- Lenses polished",
                "- Zuul lamp timer\n- Lenses polished",
                1,
            )
        }),
        // The preamble's heading names every meeting of the file.
        ("the preamble's heading", |t| {
            t.replacen(
                "# Harbour council minutes, 2024",
                "# Harbour board, 2024",
                1,
            )
        }),
        ("a new meeting heading", |t| {
            t.replacen(
                "# 2024-10-15\n",
                "# 2024-10-18\n\n- Extra call.\n\n# 2024-10-15\n",
                1,
            )
        }),
        ("a meeting's date changed", |t| {
            t.replacen("# 2024-11-05", "# 2024-10-08", 1)
        }),
    ];
    for (k, (step, change)) in edits.into_iter().enumerate() {
        edit(&year, change);
        let outcome = served.update(&Change::Edited(vec![year.clone()])).unwrap();
        // Inside the file's meetings: they are parsed and rendered again, not the site.
        assert_eq!(outcome.full, k > 1, "{step}: {outcome:?}");
        assert_same_as_cold(&served, step);
    }
    assert!(served.pages()["minutes/2024-10-29/index.html"].contains("Harbour board 2024-10-29"));
}
