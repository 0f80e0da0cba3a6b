//! `minutebook check`: exact finding lines for each kind of problem, exit codes, and
//! that it writes nothing.

use std::path::Path;
use std::process::Output;

use crate::common::crawl::bin;
use crate::common::scs_corpus;

fn check(args: &[&str]) -> Output {
    bin()
        .arg("check")
        .args(args)
        .output()
        .expect("minutebook runs")
}

fn stdout_lines(o: &Output) -> Vec<String> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_clean_site_has_no_findings_and_exits_0() {
    let o = check(&[
        "--root",
        "tests/fixtures/check-clean",
        "--base-url",
        "https://example.org/sub/",
        "--strict",
    ]);
    assert_eq!(stdout_lines(&o), Vec::<String>::new());
    assert_eq!(o.status.code(), Some(0));
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(
        summary.contains("checked 2 meetings, 15 pages: 0 errors, 0 warnings, 0 notes"),
        "{summary}"
    );
}

const WARNINGS: &str = "tests/fixtures/check-warnings";

#[test]
fn each_kind_of_problem_is_one_exact_line() {
    let o = check(&["--root", WARNINGS, "--base-url", "https://example.org/sub/"]);
    let m = format!("{WARNINGS}/content/minutes");
    let expected = [
        format!("{m}/2024-03-07.md:1: warning: title says 2024-03-08 but the file name says 2024-03-07; the file name wins"),
        format!("{m}/2024-03-07.md:5: warning: link target `cabling.md` is not a dated minutes file; rendered as text"),
        format!("{m}/2024-03-07.md:6: warning: link to `#no-such-heading`: no such heading in minutes/2024-03-14; linked to the page instead"),
        format!("{m}/2024-03-14.md:3: warning: heading `Team Netwroking` looks like a team but matches no configured team or alias; did you mean `Team Networking`? If so, fix the heading or add it to that team's aliases in site.toml"),
        format!("{m}/2024-03-14.md:7: note: heading `Team lunch plans` reads like a team heading but matches no configured team (closest: `Team Networking`); add it to [[teams]] in site.toml if it is one"),
        format!("{m}/2024-03-14.md:14: note: action item without an owner: `find a venue for the summer party`; name one with an @handle or a leading name (\"Ana to …\")"),
        format!("{m}/2024-03-21.md:1: warning: empty minutes: nothing but front matter or blank lines"),
        format!("{m}/2024-03-28.md:2: warning: front matter date 2024-03-29 differs from the file name's 2024-03-28; the file name wins"),
        format!("{m}/2024-03-28.md:12: warning: heading `Ferries` starts a timeline for `Ferries`, which is not a configured team; add it to [[teams]] in site.toml, or as an alias if it is `Team Networking`"),
        format!("{m}/20240321.md:1: warning: same meeting page `minutes/2024-03-21` as {m}/2024-03-21.md; file skipped, rename one of them"),
        format!("{m}/README.md:1: note: no date in the file or folder name (YYYYMMDD or YYYY-MM-DD); skipped"),
        format!("{WARNINGS}/site.toml:6: warning: team `Team Networking`: alias `Networking` matches no heading of the minutes; fix or remove it"),
    ];
    assert_eq!(stdout_lines(&o), expected);
    assert_eq!(o.status.code(), Some(0), "warnings alone do not fail");

    let strict = check(&[
        "--root",
        WARNINGS,
        "--base-url",
        "https://example.org/sub/",
        "--strict",
    ]);
    assert_eq!(stdout_lines(&strict), expected);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on warnings");
}

#[test]
fn without_an_origin_check_says_feeds_and_sitemap_are_not_written() {
    let o = check(&["--root", "tests/fixtures/check-clean"]);
    assert_eq!(
        stdout_lines(&o),
        ["tests/fixtures/check-clean/site.toml:1: note: base_url `/` has no origin, so no sitemap.xml or Atom feeds are written (they need absolute URLs); set base_url = \"https://HOST/PATH/\" or pass --base-url"]
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn broken_links_in_the_rendered_site_are_errors() {
    let o = check(&[
        "--root",
        "tests/fixtures/check-broken",
        "--base-url",
        "https://example.org/sub/",
    ]);
    assert_eq!(
        stdout_lines(&o),
        [
            "tests/fixtures/check-broken/public/404.html:33: error: page /sub/404.html: link `/sub/archive/` is broken: nothing is built at /sub/archive/",
            "tests/fixtures/check-broken/public/404.html:33: error: page /sub/404.html: link `/sub/teams/#rowing` is broken: no element with id `rowing` on /sub/teams/",
        ]
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_broken_site_toml_is_one_error_line() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("content")).unwrap();
    std::fs::write(d.path().join("site.toml"), "title = 'x'\nfeed_entry = 5\n").unwrap();
    let o = check(&["--root", d.path().to_str().unwrap()]);
    let lines = stdout_lines(&o);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let prefix = format!(
        "{}:2: error: unknown field `feed_entry`",
        d.path().join("site.toml").display()
    );
    assert!(
        lines[0].starts_with(&prefix) && lines[0].contains("feed_entries"),
        "{}",
        lines[0]
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn check_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    // A folder of its own, so that the look for staging folders beside it sees only
    // what this check could have made (not other tests' builds in the temp folder).
    let root = &d.path().join("site");
    std::fs::create_dir(root).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/publish");
    let mut before = Vec::new();
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&src).unwrap().to_path_buf();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(root.join(&rel)).unwrap();
        } else {
            std::fs::copy(e.path(), root.join(&rel)).unwrap();
        }
        before.push(rel);
    }
    let o = check(&["--root", root.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let mut after: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap().path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    before.sort();
    after.sort();
    assert_eq!(after, before);
    let parent: Vec<_> = std::fs::read_dir(root.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".minutebook-"))
        .collect();
    assert!(parent.is_empty(), "no staging folders either");
}

#[test]
fn scs_corpus_findings_name_file_and_line() {
    let Some(content) = scs_corpus() else { return };
    let o = check(&[
        "--root",
        "examples/scs",
        "--content",
        content.to_str().unwrap(),
        "--base-url",
        "https://example.org/minutes/",
    ]);
    let lines = stdout_lines(&o);
    assert_eq!(o.status.code(), Some(0), "no errors expected: {lines:#?}");
    let shape = regex::Regex::new(r"^(.+\.(md|toml)):(\d+): (error|warning|note): \S").unwrap();
    for l in &lines {
        assert!(shape.is_match(l), "not `file:line: severity: message`: {l}");
        let file = &shape.captures(l).unwrap()[1];
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(file).is_file(),
            "{file} does not exist"
        );
    }
    let dates: Vec<_> = lines
        .iter()
        .filter(|l| l.contains(": warning: title says "))
        .collect();
    let undated: Vec<_> = lines
        .iter()
        .filter(|l| l.contains(": note: no date in the file or folder name"))
        .collect();
    assert!(
        dates.len() >= 5,
        "title/file name date disagreements: {dates:#?}"
    );
    assert!(undated.len() >= 3, "undated files: {undated:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("looks like a team but matches no configured team")),
        "{lines:#?}"
    );
    eprintln!(
        "SCS check: {} findings ({} date disagreements, {} undated)",
        lines.len(),
        dates.len(),
        undated.len()
    );
}
