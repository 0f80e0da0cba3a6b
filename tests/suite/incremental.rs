//! Incremental rebuilds give exactly what a cold `build` of the same folder gives.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use minutebook::outputs::write as output;
use minutebook::render::DEFAULT_STATIC;
use minutebook::serve::state::{self as incremental, Answer, Change, Incremental};
use minutebook::site::{Site, SitePaths};

/// A copy of the demo site, with a small timeline split and meetings in two years so
/// that team timelines have year pages.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &dir.path().join("content"));
    copy_tree(&repo.join("static"), &dir.path().join("static"));
    let config = fs::read_to_string(repo.join("site.toml"))
        .unwrap()
        .replace("timeline_split = 40", "timeline_split = 4");
    fs::write(dir.path().join("site.toml"), config).unwrap();
    // Templates that show more than the defaults, so that every dependency is visible.
    fs::create_dir(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/index.html"),
        "{% if latest %}{{ latest.html | safe }}{% if latest.prev %}{{ latest.prev.title }}{% endif %}{% endif %}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("templates/meeting.html"),
        "{{ meeting.html | safe }}{% if meeting.prev %}{{ meeting.prev.title }}{% endif %}{% if meeting.next %}{{ meeting.next.title }}{% endif %}\n",
    )
    .unwrap();
    for (date, team) in [
        ("20251204", "Team Storage"),
        ("20251211", "Team Networking"),
        ("20251218", "Team Storage"),
    ] {
        fs::write(
            dir.path().join(format!("content/weekly/{date}.md")),
            format!(
                "# Weekly Call {}\n\n## Team updates\n\n### {team}\n\n- planning for next year\n",
                iso(date)
            ),
        )
        .unwrap();
    }
    dir
}

fn iso(d: &str) -> String {
    format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// Every file a cold build writes is served with the same bytes, and nothing more.
fn assert_same_as_cold(state: &Incremental, step: &str) {
    let paths = state.site().paths.clone();
    let cold = Site::load(paths.clone(), None).unwrap();
    let out = tempfile::tempdir().unwrap();
    output::render_into(&cold, out.path()).unwrap();
    let built = files_under(out.path());
    for rel in &built {
        let want = fs::read(out.path().join(rel)).unwrap();
        let got = match incremental::answer(state.files(), state.pages(), rel) {
            Some(Answer::Page(p)) => p.as_bytes().to_vec(),
            Some(Answer::Builtin(b)) => b.to_vec(),
            Some(Answer::File(f)) => fs::read(f).unwrap(),
            None => panic!("{step}: {rel} is built but not served"),
        };
        assert!(want == got, "{step}: {rel} differs from a cold build");
    }
    let built: HashSet<&str> = built.iter().map(String::as_str).collect();
    for key in state.pages().keys() {
        assert!(
            built.contains(key.as_str()),
            "{step}: {key} is served but a cold build has no such file"
        );
    }
    assert!(DEFAULT_STATIC.iter().all(|(n, _)| built.contains(n)));
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, f(text)).unwrap();
}

#[test]
fn edits_additions_and_deletions_match_a_cold_build() {
    let dir = demo_copy();
    let paths = SitePaths::new(Some(dir.path().to_path_buf()), None, None);
    let (mut state, _) = Incremental::build(paths.clone(), None).unwrap();
    assert_same_as_cold(&state, "initial");
    let content = dir.path().join("content");
    let weekly = |d: &str| content.join(format!("weekly/{d}.md"));
    let edited = |p: PathBuf| Change::Edited(vec![p]);

    // Plain text edit in the middle of the archive.
    edit(&weekly("20260924"), |t| {
        t.replace("staging rollout next sprint", "staging rollout NOW")
    });
    let o = state.update(&edited(weekly("20260924"))).unwrap();
    assert!(
        !o.full && o.rendered < state.pages().len(),
        "an edit must not render everything: {o:?}"
    );
    assert!(state.pages()["minutes/weekly/2026-09-24/index.html"].contains("staging rollout NOW"));
    assert_same_as_cold(&state, "text edit");

    // Title change: neighbours' prev/next links, week, series, team pages.
    edit(&weekly("20260924"), |t| {
        t.replacen(
            "# Weekly Call 2026-09-24",
            "# Weekly Call 2026-09-24: renamed",
            1,
        )
    });
    state.update(&edited(weekly("20260924"))).unwrap();
    assert!(state.pages()["series/weekly/index.html"].contains("renamed"));
    assert!(state.pages()["minutes/weekly/2026-09-17/index.html"].contains("renamed"));
    assert_same_as_cold(&state, "title edit");

    // A section moves from one team to another, and one disappears.
    edit(&weekly("20260917"), |t| {
        t.replace("### Team Storage", "### Team Identity")
            .replace("### SIG Docs\n", "")
    });
    let o = state.update(&edited(weekly("20260917"))).unwrap();
    assert!(!o.full, "{o:?}");
    assert_same_as_cold(&state, "team change");

    // A plain text edit of the newest meeting, which the home page shows in full.
    edit(&weekly("20261105"), |t| {
        format!("{t}\nA closing remark for the home page.\n")
    });
    state.update(&edited(weekly("20261105"))).unwrap();
    assert!(state.pages()["index.html"].contains("A closing remark for the home page."));
    assert_same_as_cold(&state, "latest text");

    // The newest meeting of a split timeline: its summary is on every year page.
    edit(&weekly("20261105"), |t| {
        format!("{t}\n## Team Storage\n\n- late addition\n")
    });
    state.update(&edited(weekly("20261105"))).unwrap();
    assert_same_as_cold(&state, "latest entry");

    // A new unconfigured team appears: the team list changes.
    edit(&weekly("20251211"), |t| {
        format!("{t}\n### Team Brand New\n\n- hello\n")
    });
    let o = state.update(&edited(weekly("20251211"))).unwrap();
    assert!(o.full, "{o:?}");
    assert_same_as_cold(&state, "new team");

    // Headings other files link to change (cross references), in several files at once.
    edit(&weekly("20260910"), |t| t.replace("## ", "## Changed "));
    edit(&weekly("20261001"), |t| {
        format!("{t}\nSee [networking](20260910.md#team-networking).\n")
    });
    state
        .update(&Change::Edited(vec![
            weekly("20260910"),
            weekly("20261001"),
        ]))
        .unwrap();
    assert_same_as_cold(&state, "cross references");

    // Team's own series (whole meetings on the team timeline).
    let net = content.join("networking/20260922.md");
    edit(&net, |t| format!("{t}\n- one more point\n"));
    state.update(&edited(net)).unwrap();
    assert_same_as_cold(&state, "team series");

    // An undated file (the scribe's template) is not part of the site.
    edit(&weekly("template"), |t| format!("{t}\n- template line\n"));
    let o = state.update(&edited(weekly("template"))).unwrap();
    assert!(!o.full && o.rendered == 0, "{o:?}");
    assert_same_as_cold(&state, "undated file");

    // Adding, renaming and deleting files.
    fs::write(
        weekly("20261112"),
        "# Weekly Call 2026-11-12\n\n## Team updates\n\n### Team Storage\n\n- new week\n",
    )
    .unwrap();
    let o = state.update(&edited(weekly("20261112"))).unwrap();
    assert!(o.full);
    assert!(state
        .pages()
        .contains_key("minutes/weekly/2026-11-12/index.html"));
    assert_same_as_cold(&state, "added");
    fs::rename(weekly("20261112"), weekly("20261119")).unwrap();
    state
        .update(&Change::Edited(vec![
            weekly("20261112"),
            weekly("20261119"),
        ]))
        .unwrap();
    assert!(!state
        .pages()
        .contains_key("minutes/weekly/2026-11-12/index.html"));
    assert_same_as_cold(&state, "renamed");
    fs::remove_file(weekly("20260903")).unwrap();
    state.update(&edited(weekly("20260903"))).unwrap();
    assert!(!state
        .pages()
        .contains_key("minutes/weekly/2026-09-03/index.html"));
    assert_same_as_cold(&state, "deleted");
    fs::write(content.join("assets/new.txt"), "asset").unwrap();
    state.update(&Change::Full).unwrap();
    assert_same_as_cold(&state, "asset added");
}

#[test]
fn a_failed_update_keeps_the_pages_and_recovers() {
    let dir = demo_copy();
    let paths = SitePaths::new(Some(dir.path().to_path_buf()), None, None);
    let (mut state, _) = Incremental::build(paths, None).unwrap();
    let before = state.pages()["index.html"].clone();
    let config = dir.path().join("site.toml");
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
    let f = dir.path().join("content/weekly/20261001.md");
    edit(&f, |t| format!("{t}\n- edited while broken\n"));
    assert!(state.update(&Change::Edited(vec![f.clone()])).is_err());
    fs::write(&config, good).unwrap();
    let o = state.update(&Change::Edited(vec![f])).unwrap();
    assert!(o.full);
    assert!(state.pages()["minutes/weekly/2026-10-01/index.html"].contains("edited while broken"));
    assert_same_as_cold(&state, "recovered");
}

#[test]
fn edits_to_the_real_corpus_match_a_cold_build() {
    let Some(corpus) = crate::common::scs_corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(
        repo.join("examples/scs/site.toml"),
        dir.path().join("site.toml"),
    )
    .unwrap();
    let content = dir.path().join("content");
    copy_tree(&corpus, &content);
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
    let gen = crate::common::shared_path("tools/gen-archive")?;
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(&gen)
        .arg(dir.path())
        .args(["--weeks", &weeks.to_string(), "-q"])
        .status()
        .expect("python3 runs gen-archive");
    assert!(status.success(), "gen-archive failed");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/minutebook/site.toml"),
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
