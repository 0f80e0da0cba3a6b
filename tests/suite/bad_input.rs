//! Hostile and broken input: each case is built next to a good file, and the test
//! asserts the message the user sees (file and line), that the good file still
//! renders, and what the exit code says.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{broken_links, minutebook, scripts_from_content};

const GOOD: &str = "# Good call 2024-01-08\n\n## Team Good\n\n- the good file renders\n";

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    /// A site with one good minutes file and the given extra files (path, bytes).
    fn new(files: &[(&str, &[u8])]) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let c = Case { dir };
        c.write("content/good/20240108.md", GOOD.as_bytes());
        for (p, bytes) in files {
            c.write(p, bytes);
        }
        c
    }
    fn root(&self) -> &Path {
        self.dir.path()
    }
    fn content(&self) -> PathBuf {
        self.root().join("content")
    }
    fn out(&self) -> PathBuf {
        self.root().join("public")
    }
    fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    fn build(&self) -> Result<String, String> {
        let root = self.root().to_str().unwrap();
        let o = minutebook()
            .args(["build", "-v", "--root", root])
            .output()
            .unwrap();
        self.check(o)
    }
    fn check(&self, o: Output) -> Result<String, String> {
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
        if o.status.success() {
            Ok(stderr)
        } else {
            Err(stderr)
        }
    }
    /// The good file is on its page and the site has no broken links or scripts.
    fn assert_good_rendered(&self) {
        let page =
            fs::read_to_string(self.out().join("minutes/good/2024-01-08/index.html")).unwrap();
        assert!(page.contains("the good file renders"));
        assert_eq!(broken_links(&self.out(), "/"), Vec::<String>::new());
        assert_eq!(scripts_from_content(&self.out(), "/"), Vec::<String>::new());
    }
    fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    /// `warning: <content>/<rel>:<line>: ` as printed.
    fn at(&self, severity: &str, rel: &str, line: Option<usize>) -> String {
        let f = self.content().join(rel);
        match line {
            Some(l) => format!("{severity}: {}:{l}: ", f.display()),
            None => format!("{severity}: {}: ", f.display()),
        }
    }
}

fn has_line(stderr: &str, prefix: &str, needle: &str) -> bool {
    stderr
        .lines()
        .any(|l| l.starts_with(prefix) && l.contains(needle))
}

#[test]
fn encodings_and_line_endings() {
    let c = Case::new(&[
        (
            "content/x/20240101.md",
            b"# Bad bytes\n\nok line\n\xff\xfe broken\n",
        ),
        (
            "content/x/20240102.md",
            "\u{feff}# With BOM\n\n## Team Bom\n\n- bom text\n".as_bytes(),
        ),
        (
            "content/x/20240103.md",
            b"# CRLF\r\n\r\n## Team Crlf\r\n\r\n- crlf text\r\n",
        ),
        (
            "content/x/20240104.md",
            b"# Lone CR\r\r## Team Cr\r\r- cr text\r",
        ),
        ("content/x/20240105.md", b"# Nul\n\nbefore\0after\n"),
    ]);
    let err = c.build().expect("warnings only");
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20240101.md", Some(4)),
            "not valid UTF-8"
        ),
        "{err}"
    );
    assert!(
        has_line(&err, &c.at("warning", "x/20240105.md", Some(3)), "NUL"),
        "{err}"
    );
    assert!(c
        .page("minutes/x/2024-01-01/index.html")
        .contains("ok line"));
    assert!(c
        .page("minutes/x/2024-01-02/index.html")
        .contains(r#"<h1 class="meeting-title">With BOM"#));
    for (team, text) in [
        ("team-bom", "bom text"),
        ("team-crlf", "crlf text"),
        ("team-cr", "cr text"),
    ] {
        assert!(
            c.page(&format!("teams/{team}/index.html")).contains(text),
            "{team}"
        );
    }
    assert!(c
        .page("minutes/x/2024-01-05/index.html")
        .contains("before\u{FFFD}after"));
    c.assert_good_rendered();
}

#[test]
fn empty_files_and_front_matter_problems() {
    let mut laughs = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 0..9u8 {
        let (p, n) = ((b'a' + i) as char, (b'a' + i + 1) as char);
        laughs.push_str(&format!(
            "{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        ));
    }
    laughs.push_str("---\n# Laughs\n");
    let big_yaml = format!(
        "---\n{}---\n# Big\n",
        "key: value value value value\n".repeat(400_000)
    );
    let c = Case::new(&[
        ("content/x/20240101.md", b""),
        (
            "content/x/20240102.md",
            b"---\ntitle: only front matter\n---\n",
        ),
        (
            "content/x/20240103.md",
            b"---\ntitle: never closed\n# Heading\n",
        ),
        (
            "content/x/20240104.md",
            b"---\n- a\n- b\n---\n# List front matter\n",
        ),
        (
            "content/x/20240105.md",
            b"---\ndate: 42\ntitle: [1]\n---\n# Wrong types\n",
        ),
        ("content/x/20240106.md", laughs.as_bytes()),
        ("content/x/20240107.md", big_yaml.as_bytes()),
        (
            "content/x/20240109.md",
            b"---\ntitle: ok\nbad: [unclosed\n---\n# Malformed\n",
        ),
    ]);
    let err = c.build().expect("warnings only");
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20240101.md", None),
            "empty minutes"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20240102.md", None),
            "empty minutes"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20240103.md", Some(1)),
            "never closed"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20240104.md", Some(2)),
            "not a mapping"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20240105.md", Some(2)),
            "`date` is a number"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20240105.md", Some(3)),
            "`title` is a list"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20240107.md", Some(2)),
            "over the 64 KiB limit"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20240109.md", Some(4)),
            "not valid YAML"
        ),
        "{err}"
    );
    // Each still has its page.
    for d in 1..=9 {
        if d != 8 {
            assert!(
                c.out()
                    .join(format!("minutes/x/2024-01-0{d}/index.html"))
                    .is_file(),
                "day {d}"
            );
        }
    }
    assert!(c
        .page("minutes/x/2024-01-03/index.html")
        .contains("Heading"));
    assert!(c.page("minutes/x/2024-01-06/index.html").contains("Laughs"));
    c.assert_good_rendered();
}

#[test]
fn pathological_markdown() {
    let nested_lists: String = (0..10_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let nested_quotes = format!("{} deep\n", ">".repeat(10_000));
    let many_headings: String = (0..5_000)
        .map(|i| format!("## Team T{}\n\n- item {i}\n\n", i / 100))
        .collect();
    let long_line = format!("# Long\n\n{}\n", "word ".repeat(1_000_000));
    let big_file =
        "- a line of minutes with a [link](https://example.org) and *emphasis*\n".repeat(750_000);
    let c = Case::new(&[
        ("content/x/20240101.md", nested_lists.as_bytes()),
        ("content/x/20240102.md", nested_quotes.as_bytes()),
        ("content/x/20240103.md", many_headings.as_bytes()),
        ("content/x/20240104.md", long_line.as_bytes()),
        ("content/x/20240105.md", big_file.as_bytes()),
        (
            "content/x/20240106.md",
            "# <b></b>\n\n# 🎉\n\n# <img src=x>\n\ntext\n".as_bytes(),
        ),
        (
            "content/x/20240107.md",
            b"# Refs\n\n[a][b] [c][d]\n\n[b]: #refs\n[d]: [b]\n[b]: [d]\n",
        ),
    ]);
    assert!(big_file.len() > 50_000_000 && long_line.len() > 5_000_000);
    c.build().expect("no errors");
    for d in 1..=7 {
        assert!(
            c.out()
                .join(format!("minutes/x/2024-01-0{d}/index.html"))
                .is_file(),
            "day {d}"
        );
    }
    let t = c.page("teams/team-t7/index.html");
    assert_eq!(
        t.matches(r#"<li class="entry""#).count(),
        1,
        "consecutive same-team sections merge"
    );
    let ids = c.page("minutes/x/2024-01-06/index.html");
    assert!(
        ids.contains(r#"<h2 id="section">"#) && ids.contains(r#"<h2 id="tada">"#),
        "{ids}"
    );
    c.assert_good_rendered();
}

#[test]
fn names_and_dates() {
    let c = Case::new(&[
        ("content/x/20230231.md", b"# Impossible\n"),
        ("content/x/18991231.md", b"# Too early\n"),
        ("content/x/30000101.md", b"# Too late\n"),
        ("content/x/2023-09-14.md", b"# First\n"),
        ("content/x/20230914.md", b"# Same stem\n"),
        ("content/Team Ärger Notes/20230101.md", b"# Umlaut folder\n"),
        (
            "site.toml",
            b"[[teams]]\nname = 'Team IaaS'\n[[teams]]\nname = 'Team-IaaS'\n",
        ),
        (
            "content/y/20230102.md",
            b"# Teams\n\n## Team IaaS\n\na\n\n## Team-IaaS\n\nb\n",
        ),
    ]);
    let err = c.build().expect("warnings only");
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20230231.md", None),
            "`20230231` is not a valid date"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/18991231.md", None),
            "not a valid date (years 1900-2999)"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/30000101.md", None),
            "not a valid date"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "x/20230914.md", None),
            "same meeting page `x/2023-09-14` as"
        ),
        "{err}"
    );
    assert!(c.page("minutes/x/2023-09-14/index.html").contains("First"));
    assert!(c
        .page("minutes/team-arger-notes/2023-01-01/index.html")
        .contains("Umlaut folder"));
    assert!(c.page("teams/team-iaas/index.html").contains("<p>a</p>"));
    assert!(c.page("teams/team-iaas-2/index.html").contains("<p>b</p>"));
    c.assert_good_rendered();
}

#[test]
fn hostile_html_never_reaches_a_page() {
    let c = Case::new(&[(
        "content/x/20240101.md",
        br#"# <font color="red" onmouseover="alert(1)">Red</font> title

<script>alert('script')</script>

<p onclick="alert(2)">para</p> <a href="javascript:alert(3)">js link</a>

A [md js](javascript:alert(4)) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==) <img src="data:image/svg+xml,<svg onload=alert(6)>">

<iframe src="https://evil.example"></iframe>

<style>body { display: none }</style>

<meta http-equiv="refresh" content="0;url=https://evil.example">

<svg><script>alert(7)</script><circle onload="alert(8)"/></svg>

<object data="x.swf"></object><embed src="x.swf"><form action="https://evil.example"><input name=q></form>

<a href="JaVaScRiPt:alert(9)">mixed case</a> <a href="  javascript:alert(10)">spaces</a>
"#,
    )]);
    c.build().expect("no errors");
    let whole = c.page("minutes/x/2024-01-01/index.html").to_lowercase();
    // What the minutes contributed: the content part (the layout has a search form).
    let start = whole.find("<div class=\"content\">").expect("content");
    let end = whole
        .find("<nav class=\"prev-next\"")
        .expect("after content");
    let page = &whole[start..end];
    // Text may mention `alert(` (it is text); no element, attribute or URL may run it.
    for bad in [
        "<script",
        "<iframe",
        "<style",
        "display: none",
        "http-equiv",
        "<object",
        "<embed",
        "<svg",
        "<form",
        "href=\"javascript:",
        "src=\"data:",
        "href=\"data:",
        "onclick",
        "onmouseover",
        "onload",
    ] {
        assert!(
            !page.contains(bad),
            "`{bad}` reached the page: {}",
            &page[page.find(bad).unwrap().saturating_sub(200)..]
        );
    }
    // Harmless text survives.
    // The title heading is the page's own `h1`, outside the content part.
    assert!(
        whole.contains("<h1 class=\"meeting-title\">red title"),
        "title lost"
    );
    for good in ["para", "js link", "md js", "mixed case"] {
        assert!(page.contains(good), "`{good}` lost");
    }
    c.assert_good_rendered();
}

#[test]
fn site_toml_problems_are_errors_with_line_and_hint() {
    for (toml, expected) in [
        (
            "titel = 'x'\n",
            "site.toml:1: unknown field `titel`, expected one of",
        ),
        ("titel = 'x'\n", "did you mean `title`?"),
        (
            "timeline_split = 'ten'\n",
            "site.toml:1: invalid type: string \"ten\", expected usize",
        ),
        (
            "[[teams]]\nname = 'A'\npatterns = ['(unclosed']\n",
            "site.toml:3: team `A`: pattern `(unclosed` is not a valid regular expression",
        ),
        (
            "[[teams]]\nname = 'A'\naliases = 'B'\n",
            "site.toml:3: invalid type: string \"B\", expected a sequence",
        ),
    ] {
        let c = Case::new(&[("site.toml", toml.as_bytes())]);
        let err = c.build().expect_err("config errors fail the build");
        assert!(err.contains(expected), "`{expected}` not in {err}");
        assert!(
            err.contains(&c.root().join("site.toml").display().to_string()),
            "{err}"
        );
        assert!(!c.out().exists(), "nothing written");
    }
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_unless_configured() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("20240101.md"), "# Secret outside\n").unwrap();
    let c = Case::new(&[]);
    symlink(
        outside.path().join("20240101.md"),
        c.content().join("good/20240102.md"),
    )
    .unwrap();
    symlink(outside.path(), c.content().join("elsewhere")).unwrap();
    fs::create_dir_all(c.content().join("loop")).unwrap();
    symlink(c.content().join("loop"), c.content().join("loop/again")).unwrap();
    let err = c.build().expect("warnings only");
    assert!(
        has_line(
            &err,
            &c.at("warning", "good/20240102.md", None),
            "symbolic link not followed"
        ),
        "{err}"
    );
    assert!(
        has_line(
            &err,
            &c.at("warning", "elsewhere", None),
            "symbolic link not followed"
        ),
        "{err}"
    );
    assert!(!c.out().join("minutes/elsewhere").exists());
    assert!(!c.out().join("minutes/good/2024-01-02").exists());
    c.assert_good_rendered();

    c.write("site.toml", b"follow_links = true\n");
    let err = c.build().expect("warnings only");
    assert!(
        has_line(&err, "warning: ", "symbolic link loop back to"),
        "{err}"
    );
    assert!(c
        .page("minutes/elsewhere/2024-01-01/index.html")
        .contains("Secret outside"));
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_errors_but_the_rest_builds() {
    use std::os::unix::fs::PermissionsExt;
    let c = Case::new(&[
        ("content/x/20240101.md", b"# Locked\n"),
        ("content/locked/20240102.md", b"# In locked folder\n"),
    ]);
    fs::set_permissions(
        c.content().join("x/20240101.md"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    fs::set_permissions(
        c.content().join("locked"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    // Root reads anything: run the build as an unprivileged user then.
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let o = if is_root {
        for p in walkdir::WalkDir::new(c.root())
            .into_iter()
            .filter_map(Result::ok)
        {
            if p.path() != c.content().join("x/20240101.md")
                && p.path() != c.content().join("locked")
            {
                let mode = if p.file_type().is_dir() { 0o777 } else { 0o666 };
                fs::set_permissions(p.path(), fs::Permissions::from_mode(mode)).unwrap();
            }
        }
        Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                env!("CARGO_BIN_EXE_minutebook"),
                "build",
                "--root",
            ])
            .arg(c.root())
            .current_dir(c.root())
            .output()
            .expect("setpriv (util-linux) runs the build unprivileged")
    } else {
        minutebook()
            .arg("build")
            .arg("--root")
            .arg(c.root())
            .output()
            .unwrap()
    };
    let err = c
        .check(o)
        .expect_err("unreadable input makes the exit code 1");
    assert!(
        has_line(
            &err,
            &c.at("error", "x/20240101.md", None),
            "cannot read: Permission denied"
        ),
        "{err}"
    );
    assert!(
        has_line(&err, &c.at("error", "locked", None), "cannot read"),
        "{err}"
    );
    fs::set_permissions(
        c.content().join("locked"),
        fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    c.assert_good_rendered();
}

use std::process::Command;

#[test]
fn a_content_folder_of_100_000_files() {
    let c = Case::new(&[]);
    // 2,000 minutes files in 10 series, and 98,000 attachments and undated notes.
    let base = chrono::NaiveDate::from_ymd_opt(2000, 1, 3).unwrap();
    for s in 0..10 {
        for d in 0..200 {
            let date = base + chrono::Days::new(7 * d);
            c.write(
                &format!("content/s{s}/{}.md", date.format("%Y%m%d")),
                format!("# Call\n\n## Team {s}\n\n- item {d}\n").as_bytes(),
            );
        }
    }
    for i in 0..98_000 {
        let name = if i % 2 == 0 {
            format!("content/files/{}/f{i}.txt", i % 100)
        } else {
            format!("content/notes/{}/n{i}.md", i % 100)
        };
        c.write(&name, b"x");
    }
    let files = walkdir::WalkDir::new(c.content())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    assert_eq!(files, 100_001);
    let o = minutebook()
        .current_dir(c.root())
        .arg("build")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stdout = stdout.lines().last().unwrap_or_default();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.starts_with("built 2001 meetings, 201 weeks, 10 teams:"),
        "{stdout}"
    );
    assert!(stdout.contains("49000 skipped"), "{stdout}");
    // No minutes link the attachments: none is published.
    assert!(!c.out().join("files/98/f98.txt").exists());
}
