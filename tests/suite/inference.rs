//! Archives with no `site.toml`: the groups are worked out from the headings. Each
//! fixture is an archive of one common shape, and the tests read the team pages that
//! `build` writes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common;
use crate::common::SiteTest;

/// Writes `files` (name, text) into `content/notes/` of a fresh site with no
/// `site.toml` and builds it; returns the site and its output folder.
fn build(files: &[(String, String)]) -> (SiteTest, PathBuf) {
    let site = files
        .iter()
        .fold(SiteTest::new(), |site, (name, text)| {
            site.minutes(&format!("notes/{name}"), text)
        })
        .build();
    let out = site.out.clone();
    (site, out)
}

fn teams(out: &Path) -> Vec<String> {
    common::pages_under(&out.join("teams"))
}

/// Every page of a team (its timeline may be split by year), joined.
fn team_page(out: &Path, slug: &str) -> String {
    let dir = out.join("teams").join(slug);
    assert!(dir.is_dir(), "teams/{slug}; teams are {:?}", teams(out));
    common::html_files(&dir)
        .iter()
        .map(|p| fs::read_to_string(dir.join(p)).unwrap())
        .collect()
}

fn links_meeting(page: &str, stem: &str) -> bool {
    page.contains(&format!("/minutes/notes/{stem}/"))
}

/// Working-group updates as Jekyll posts keep them: one `###` per group under a parent
/// heading, with a typo, structural headings beside the groups and a group that shows
/// up once.
fn working_groups() -> Vec<(String, String)> {
    (1..=4)
        .map(|i| {
            let packaging = if i == 3 { "Packagaing" } else { "Packaging" };
            let once = if i == 4 { "### Release Tooling\n\n- started\n\n" } else { "" };
            (
                format!("2023-01-0{i}-weekly.md"),
                format!(
                    "# Weekly call {i}\n\n## Attendees\n\n- Ann\n\n## Working Group Updates\n\n\
                     ### {packaging}\n\n- packaged release {i}\n\n### Docs WG\n\n- wrote page {i}\n\n\
                     {once}### General\n\n- nothing\n\n### AOB\n\n- none\n\n\
                     ### Chair This Meeting 👇\n\n- Ann\n"
                ),
            )
        })
        .collect()
}

#[test]
fn working_groups_under_a_parent_get_timelines_and_structure_does_not() {
    let (_site, out) = build(&working_groups());
    assert_eq!(
        teams(&out),
        ["docs-wg", "packaging"],
        "one page per group, none for the parent (its one-off part stays on its meeting's \
         page), General, AOB or Chair"
    );
    let packaging = team_page(&out, "packaging");
    for i in 1..=4 {
        assert!(
            links_meeting(&packaging, &format!("2023-01-0{i}-weekly")),
            "meeting {i} (the third spells it Packagaing) is on the Packaging timeline"
        );
        assert!(packaging.contains(&format!("packaged release {i}")));
    }
    assert!(
        packaging.contains(r#"<span class="subtitle">Packagaing</span>"#),
        "an entry shows the heading it had where that is not the team's name"
    );
    assert!(!packaging.contains(r#"<span class="subtitle">Packaging</span>"#));
    // A group seen once stays where it was written, on its meeting's page.
    let meeting =
        fs::read_to_string(out.join("minutes/notes/2023-01-04-weekly/index.html")).unwrap();
    assert!(meeting.contains("Release Tooling") && meeting.contains("started"));
}

#[test]
fn nominated_issues_are_followed_by_number_whatever_their_title() {
    let files: Vec<(String, String)> = (1..=3)
        .map(|i| {
            let title = [
                "Fix the thing",
                "Fix the thing (revisited)",
                "Fixing things",
            ][i - 1];
            let once = if i == 2 {
                "### \"Budget\" council#99\n\nDiscussed once.\n\n"
            } else {
                ""
            };
            (
                format!("2024-02-0{i}.md"),
                format!(
                    "# Council meeting\n\n## Attendance\n\n- Ann\n\n## Nominated issues\n\n\
                     ### \"{title}\" council#12\n\nANN: progress {i}.\n\n{once}"
                ),
            )
        })
        .collect();
    let (_site, out) = build(&files);
    let slugs = teams(&out);
    let issue = slugs
        .iter()
        .find(|s| s.ends_with("council-12"))
        .unwrap_or_else(|| panic!("a timeline for council#12 among {slugs:?}"));
    let page = team_page(&out, issue);
    for i in 1..=3 {
        assert!(links_meeting(&page, &format!("2024-02-0{i}")));
        assert!(page.contains(&format!("progress {i}")));
    }
    let rest = team_page(&out, "nominated-issues");
    assert!(rest.contains("Discussed once"));
    assert_eq!(slugs.len(), 2, "{slugs:?}");
}

#[test]
fn repositories_on_an_agenda_are_groups() {
    let files: Vec<(String, String)> = (1..=3)
        .map(|i| {
            (
                format!("2024-03-0{i}.md"),
                format!(
                    "# Meeting {i}\n\n## Present\n\n- Ann\n\n## Agenda\n\n### Announcements\n\n- news {i}\n\n\
                     ### org/alpha\n\n- alpha item {i}\n\n### org/beta\n\n- beta item {i}\n\n\
                     ### Q&A, Other\n\n- none\n"
                ),
            )
        })
        .collect();
    let (_site, out) = build(&files);
    assert_eq!(teams(&out), ["org-alpha", "org-beta"]);
    let alpha = team_page(&out, "org-alpha");
    assert!(alpha.contains("alpha item 3") && !alpha.contains("beta item"));
}

#[test]
fn a_repository_twice_beside_repository_groups_is_a_group() {
    let files: Vec<(String, String)> = (1..=4)
        .map(|i| {
            let late = if i >= 3 {
                format!("### org/gamma\n\n- gamma item {i}\n\n")
            } else {
                String::new()
            };
            (
                format!("2024-03-0{i}.md"),
                format!(
                    "# Meeting {i}\n\n## Present\n\n- Ann\n\n## Agenda\n\n\
                     ### Update on progress\n\n- progress {i}\n\n\
                     ### org/alpha\n\n- alpha item {i}\n\n### org/beta\n\n- beta item {i}\n\n\
                     {late}### Q&A, Other\n\n- none\n"
                ),
            )
        })
        .collect();
    let (_site, out) = build(&files);
    assert_eq!(
        teams(&out),
        ["org-alpha", "org-beta", "org-gamma"],
        "a repository in two meetings is a group beside the repositories that are, \
         and a progress update is the running of a meeting"
    );
    let gamma = team_page(&out, "org-gamma");
    assert!(gamma.contains("gamma item 3") && gamma.contains("gamma item 4"));
}

#[test]
fn teams_reported_as_list_items_get_timelines() {
    let files: Vec<(String, String)> = (1..=3)
        .map(|i| {
            (
                format!("2024-04-0{i}.md"),
                format!(
                    "# Weekly {i}\n\n## Updates\n\n- **Team Ops**\n  - ops item {i}\n\
                     - Team IaaS:\n  - iaas item {i}\n- **Decisions**\n  - decided {i}\n\n\
                     * ### SIG Docs\n  docs item {i}\n"
                ),
            )
        })
        .collect();
    let (_site, out) = build(&files);
    assert_eq!(teams(&out), ["sig-docs", "team-iaas", "team-ops"]);
    let ops = team_page(&out, "team-ops");
    for i in 1..=3 {
        assert!(links_meeting(&ops, &format!("2024-04-0{i}")));
        assert!(ops.contains(&format!("ops item {i}")) && !ops.contains("iaas item"));
    }
    let iaas = team_page(&out, "team-iaas");
    assert!(iaas.contains("iaas item 2") && iaas.contains("decided 2"));
    assert!(team_page(&out, "sig-docs").contains("docs item 3"));
}

/// Six weekly meetings, each a `## Team X` per team that reports: `(team, meetings)`.
fn teams_over_time(teams: &[(&str, std::ops::RangeInclusive<u32>)]) -> Vec<(String, String)> {
    (1..=6)
        .map(|i| {
            let mut text = format!("# Weekly {i}\n\n");
            for (team, _) in teams.iter().filter(|(_, w)| w.contains(&i)) {
                let item = team.to_lowercase().replace(' ', "-");
                text.push_str(&format!("## {team}\n\n- {item} item {i}\n\n"));
            }
            (format!("2024-05-{:02}.md", 5 * i), text)
        })
        .collect()
}

#[test]
fn a_renamed_team_is_one_group_and_teams_that_only_follow_each_other_are_two() {
    let files = teams_over_time(&[
        ("Team Cloud Infra", 1..=3),
        ("Team Cloud Platform", 4..=6),
        ("Team Billing", 1..=3),
        ("Team Security", 4..=6),
        ("Team Data Ingest", 1..=4),
        ("Team Data Lake", 4..=6),
        ("Team Web", 1..=3),
        ("Team Apps", 1..=3),
        ("Team Web & Apps", 4..=6),
    ]);
    let (_site, out) = build(&files);
    assert_eq!(
        teams(&out),
        [
            "team-apps",
            "team-billing",
            "team-cloud-platform",
            "team-data-ingest",
            "team-data-lake",
            "team-security",
            "team-web",
            "team-web-apps"
        ],
        "a new name sharing a word that takes the old one's place from the next meeting \
         is a rename; no shared word, a meeting with both, or a name that joins two \
         teams is not"
    );
    let cloud = team_page(&out, "team-cloud-platform");
    assert!(
        cloud.contains("team-cloud-infra item 1") && cloud.contains("team-cloud-platform item 6")
    );
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content/notes");
    fs::create_dir_all(&content).unwrap();
    for (name, text) in &files {
        fs::write(content.join(name), text).unwrap();
    }
    let o = common::run(&["init", root.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let config = fs::read_to_string(root.path().join("site.toml")).unwrap();
    assert!(
        config.contains(
            "\"Team Cloud Infra\", # renamed: last as Team Cloud Infra on 2024-05-15, \
             as Team Cloud Platform from 2024-05-20"
        ),
        "{config}"
    );
}

#[test]
fn a_repository_renamed_alone_on_the_agenda_is_one_group() {
    let files: Vec<(String, String)> = (1..=6)
        .map(|i| {
            let (agenda, last) = if i <= 3 {
                ("org/old-name", "org/gamma")
            } else {
                ("org/new-name", "org/delta")
            };
            let mut text = format!("# Meeting {i}\n\n## Agenda\n\n### Announcements\n\n- news\n\n");
            text.push_str(&format!(
                "### {agenda}\n\n- {agenda} item {i}\n\n## Reviews\n\n"
            ));
            for repo in ["org/alpha", last] {
                text.push_str(&format!("### {repo}\n\n- {repo} item {i}\n\n"));
            }
            (format!("2024-06-{:02}.md", 4 * i), text)
        })
        .collect();
    let (_site, out) = build(&files);
    assert_eq!(
        teams(&out),
        ["org-alpha", "org-delta", "org-gamma", "org-new-name"],
        "the new name alone where the old one was alone is a rename; a repository that \
         starts last in a list when the last one ends is not"
    );
    let new = team_page(&out, "org-new-name");
    assert!(new.contains("org/old-name item 3") && new.contains("org/new-name item 4"));
}

#[test]
fn scs_without_configuration_folds_spellings_into_its_teams() {
    let Some(corpus) = common::scs_corpus() else {
        return;
    };
    let (_tmp, out) = common::build_corpus(&corpus, None);
    let slugs = teams(&out);
    assert!(
        (8..=25).contains(&slugs.len()),
        "{} team pages: {slugs:?}",
        slugs.len()
    );
    for team in [
        "team-iaas",
        "team-container",
        "team-ops",
        "sig-documentation",
        "sig-monitoring",
    ] {
        assert!(slugs.iter().any(|s| s == team), "{team} in {slugs:?}");
    }
    // Spellings of one SIG on one page.
    assert!(
        !slugs.iter().any(|s| s.contains("standardisation")),
        "{slugs:?}"
    );
    // A team's own folder joins its timeline: an IaaS meeting of its own series.
    let iaas = team_page(&out, "team-iaas");
    assert!(
        iaas.contains("/minutes/iaas/"),
        "Team IaaS meetings on its timeline"
    );
}

/// Writes `site.toml` and `files` into a fresh site and runs `build`; returns the
/// folder, the output and the command's result.
fn build_with_config(
    config: &str,
    files: &[(String, String)],
) -> (tempfile::TempDir, PathBuf, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content/notes");
    fs::create_dir_all(&content).unwrap();
    for (name, text) in files {
        fs::write(content.join(name), text).unwrap();
    }
    fs::write(dir.path().join("site.toml"), config).unwrap();
    let out = dir.path().join("out/site");
    let o = common::run(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    (dir, out, o)
}

#[test]
fn ignore_keeps_a_heading_off_the_groups_by_name_or_pattern() {
    for (ignore, left) in [("'Pack.*'", ["docs-wg"]), ("'docs wg'", ["packaging"])] {
        let (_dir, out, o) =
            build_with_config(&format!("ignore = [{ignore}]\n"), &working_groups());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(teams(&out), left, "ignore = [{ignore}]");
    }
}

#[test]
fn team_parents_take_patterns() {
    let files: Vec<(String, String)> = (1..=2)
        .map(|i| {
            (
                format!("2024-05-0{i}.md"),
                format!(
                    "# M {i}\n\n## Updates from the groups ({i})\n\n### Builders\n\n- built {i}\n"
                ),
            )
        })
        .collect();
    let (_dir, out, o) = build_with_config("team_parents = ['Updates from .*']\n", &files);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(team_page(&out, "builders").contains("built 2"));
}

#[test]
fn series_keys_are_written_as_the_folder_is_and_unknown_ones_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content/x.js");
    fs::create_dir_all(&content).unwrap();
    fs::write(content.join("2024-01-01.md"), "# Call\n\ntext\n").unwrap();
    let out = dir.path().join("out/site");
    let build = |config: &str| {
        fs::write(dir.path().join("site.toml"), config).unwrap();
        common::run(&[
            "build",
            "--root",
            dir.path().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ])
    };
    let o = build("[series.\"x.js\"]\ntitle = \"The X.js calls\"\n");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = fs::read_to_string(out.join("minutes/x-js/2024-01-01/index.html")).unwrap();
    assert!(
        page.contains("The X.js calls"),
        "the series title from the folder's key"
    );

    let o = build("[series.xjs]\ntitle = \"typo\"\n");
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("[series.xjs]: no such series") && stderr.contains("`x-js`"),
        "{stderr}"
    );
}

/// `init` writes what the inference found; building with that `site.toml` gives the
/// same team pages as building with none, on each corpus in `../shared`.
#[test]
fn init_writes_the_inferred_teams_and_build_keeps_them() {
    for name in ["scs-minutes", "rust-leadership-council", "openjs-cpc"] {
        let Some(corpus) = common::shared_path(&format!("corpus/{name}")) else {
            // Each corpus on its own: one missing skips only itself.
            continue;
        };
        let (_tmp, inferred) = common::build_corpus(&corpus, None);
        let root = tempfile::tempdir().unwrap();
        let o = common::run(&[
            "init",
            root.path().to_str().unwrap(),
            "--content",
            corpus.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(stdout.contains("worked out from the headings"), "{stdout}");
        let config = fs::read_to_string(root.path().join("site.toml")).unwrap();
        assert!(config.contains("[[teams]]"), "{name}: {config}");
        let (_tmp2, configured) = common::build_corpus(&corpus, Some(root.path()));
        assert_eq!(teams(&configured), teams(&inferred), "{name}");
        let home = fs::read_to_string(configured.join("index.html")).unwrap();
        assert!(
            !home.contains("<h1>Meeting minutes</h1>"),
            "{name}: a title from the meetings"
        );
    }
}
