//! `minutebook build` end to end on the fixture site in `tests/fixtures/basic`:
//! assertions on the HTML written, the links in it and the messages printed.

use std::fs;
use std::path::Path;

use crate::common::{broken_links, repo, run, scripts_from_content, SiteTest};

/// `tests/fixtures/basic` built in place with `-v` and `extra`.
fn build_fixture(extra: &[&str]) -> SiteTest {
    let mut site = SiteTest::fixture_in_place("basic");
    let args: Vec<&str> = ["-v"].iter().chain(extra).copied().collect();
    let o = site.try_build(&args);
    assert!(o.status.success(), "{}", site.stderr);
    site
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn writes_every_page_of_the_url_scheme() {
    let b = build_fixture(&[]);
    for page in [
        "index.html",
        "404.html",
        "style.css",
        "minutes/weekly/2025-01-06/index.html",
        "minutes/weekly/2025-01-13/index.html",
        "minutes/weekly/2025-01-20-extra/index.html",
        "minutes/infra/2025-01-08/index.html",
        // A file in a year folder belongs to the default series, whose meetings sit
        // directly under minutes/.
        "minutes/2025-03-01/index.html",
        "weeks/2025-W02/index.html",
        "weeks/2025-W03/index.html",
        "weeks/2025/index.html",
        "teams/index.html",
        "teams/infra/index.html",
        "teams/infra/2025/index.html",
        "teams/docs/index.html",
        "teams/team-web/index.html",
        "series/weekly/index.html",
        "series/infra/index.html",
        "files/chart.png",
    ] {
        assert!(b.out.join(page).is_file(), "missing {page}");
    }
    // The undated template is not a page.
    assert!(!b.out.join("minutes/weekly/template").exists());
    let summary = b.stdout.lines().last().unwrap();
    assert!(
        summary.starts_with("built 6 meetings, 5 weeks, 3 teams: ")
            && summary.contains("3 warnings, 0 errors, 1 skipped"),
        "{summary}"
    );
}

#[test]
fn meeting_page_has_text_sections_and_navigation() {
    let b = build_fixture(&[]);
    let html = read(&b.out, "minutes/weekly/2025-01-06/index.html");
    assert!(html.contains("Replaced the backup disks"));
    assert!(
        html.contains(
            r##"<h3 id="team-infra">Team Infra <a class="permalink" href="#team-infra""##
        ),
        "{html}"
    );
    // Links to its week, its series and the team pages of its sections.
    assert!(html.contains(r#"href="/weeks/2025-W02/""#));
    assert!(html.contains(r#"href="/series/weekly/""#));
    assert!(
        html.contains(r#"href="/teams/infra/2025/#weekly-2025-01-06-team-infra""#),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/teams/docs/#weekly-2025-01-06-sig-docs-1-2""#),
        "{html}"
    );
    // A link to another minutes file goes to its meeting page, anchor kept.
    assert!(
        html.contains(r#"href="/minutes/infra/2025-01-08/#decisions""#),
        "{html}"
    );
    // Next within the series, none before the first.
    assert!(html.contains(r#"rel="next" href="/minutes/weekly/2025-01-13/""#));
    assert!(!html.contains(r#"rel="prev""#));
    // The scribe, linked to their page.
    let scribe = regex::Regex::new(r#"minutes by <a href="([^"]+)">Ada</a>"#).unwrap();
    let href = &scribe.captures(&html).expect("the scribe is linked")[1];
    assert!(href.ends_with("/people/ada/"), "{href}");
}

#[test]
fn team_timeline_newest_first_with_sections_and_links() {
    let b = build_fixture(&[]);
    let docs = read(&b.out, "teams/docs/index.html");
    // SIG Docs (1/2) and "Documentation SIG" are different headings of one team only
    // when configured; here the second is a sub-section of nothing: only SIG Docs counts.
    let slide = docs.find("Docs slide").expect("slide deck section");
    let first = docs
        .find("Wrote the onboarding page")
        .expect("plain minutes section");
    assert!(slide < first, "newest first");
    assert!(
        docs.contains(r#"href="/minutes/weekly/2025-01-20-extra/#sig-docs""#),
        "{docs}"
    );
    // The slide deck repeats `# Team Web`: one merged entry with both slides.
    let web = read(&b.out, "teams/team-web/index.html");
    assert_eq!(web.matches(r#"<li class="entry""#).count(), 2, "{web}");
    assert!(web.contains("Slide one about the web") && web.contains("Slide two about the web"));
    // Infra has more entries than timeline_split = 3: split by year, the whole
    // meeting of its own series is an entry too.
    let infra_year = read(&b.out, "teams/infra/2025/index.html");
    assert_eq!(
        infra_year.matches(r#"<li class="entry""#).count(),
        5,
        "{infra_year}"
    );
    assert!(infra_year.contains("Keep two spare disks on site"));
    assert!(infra_year.contains(r#"href="/minutes/infra/2025-01-08/""#));
    let infra = read(&b.out, "teams/infra/index.html");
    assert_eq!(infra.matches(r#"<li class="entry""#).count(), 3);
    assert!(infra.contains(r#"href="/teams/infra/2025/""#));
}

#[test]
fn week_and_index_pages_link_meetings() {
    let b = build_fixture(&[]);
    let week = read(&b.out, "weeks/2025-W03/index.html");
    assert!(
        week.contains(r#"href="/minutes/weekly/2025-01-13/""#),
        "{week}"
    );
    assert!(week.contains("Ordered more disks"));
    assert!(week.contains(r#"rel="prev" href="/weeks/2025-W02/""#));
    let index = read(&b.out, "index.html");
    // Latest all-teams meeting, teams with counts, weeks by year, series.
    assert!(
        index.contains(r#"href="/minutes/weekly/2025-01-27/""#),
        "{index}"
    );
    assert!(
        index.contains(r#"<a href="/teams/infra/">Team Infra</a></td><td>5</td>"#),
        "{index}"
    );
    assert!(index.contains(r#"href="/weeks/2025-W09/""#));
    assert!(index.contains(r#"href="/series/infra/""#));
}

#[test]
fn no_broken_links_and_no_script_from_content() {
    let b = build_fixture(&[]);
    assert_eq!(broken_links(&b.out, "/"), Vec::<String>::new());
    assert_eq!(scripts_from_content(&b.out, "/"), Vec::<String>::new());
    let html = read(&b.out, "minutes/weekly/2025-01-13/index.html");
    assert!(
        html.contains("clickable") && !html.contains("alert("),
        "{html}"
    );
    // Dead links are rendered as their text.
    assert!(html.contains("dead link") && !html.contains("missing.md"));
    let deck = read(&b.out, "minutes/weekly/2025-01-20-extra/index.html");
    assert!(
        !deck.contains("color: red") && !deck.contains("<style"),
        "{deck}"
    );
    assert!(deck.contains("Extra call") && !deck.contains("<font"));
}

#[test]
fn works_under_a_base_path() {
    let b = build_fixture(&["--base-url", "https://example.org/sub/"]);
    assert_eq!(broken_links(&b.out, "/sub/"), Vec::<String>::new());
    let html = read(&b.out, "minutes/weekly/2025-01-06/index.html");
    assert!(html.contains(r#"href="/sub/style.css""#));
    assert!(
        html.contains(
            r#"<link rel="canonical" href="https://example.org/sub/minutes/weekly/2025-01-06/">"#
        ),
        "{html}"
    );
}

#[test]
fn content_problems_name_file_and_line() {
    let b = build_fixture(&[]);
    let file = Path::new("tests/fixtures/basic/content/weekly/20250113.md");
    let f = repo().join(file);
    let f = f.display();
    for expected in [
        format!("warning: {f}:1: title says 2025-01-14 but the file name says 2025-01-13; the file name wins"),
        format!("warning: {f}:14: link target `missing.md` is not a dated minutes file; rendered as text"),
        format!("warning: {f}:14: link to `#nowhere`: no heading with that anchor in this file; rendered as text"),
        format!(
            "note: {}: no date in the file or folder name (YYYYMMDD or YYYY-MM-DD); skipped",
            repo().join("tests/fixtures/basic/content/weekly/template.md").display()
        ),
    ] {
        assert!(b.stderr.lines().any(|l| l == expected), "missing `{expected}` in\n{}", b.stderr);
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("basic");
    let (root, out) = (&site.root, &site.out);
    let args = [
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    assert!(run(&args).status.success());
    let before = fs::read(out.join("index.html")).unwrap();
    fs::write(out.join("marker.txt"), "previous build").unwrap();

    // A template with an unclosed tag on line 3, found on line 4.
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(root.join("templates/meeting.html"), "{% extends \"base.html\" %}\n{% block content %}\n{{ meeting.title \n{% endblock content %}\n").unwrap();
    fs::write(
        root.join("content/weekly/20250203.md"),
        "# New\n\n### Team Infra\n\n- new\n",
    )
    .unwrap();
    let o = run(&args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    let tpl = root.join("templates/meeting.html");
    assert!(
        stderr.contains(&format!(
            "error: {}:4: template error: Found `{{` but expected }}}}",
            tpl.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("left as it was"), "{stderr}");
    assert_eq!(fs::read(out.join("index.html")).unwrap(), before);
    assert!(out.join("marker.txt").is_file());
    assert!(
        !out.join("minutes/2025-02-03").exists() && !out.join("minutes/weekly/2025-02-03").exists()
    );
    // Nothing left beside the output.
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".minutebook-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A runtime error in a template names the template too.
    fs::write(root.join("templates/meeting.html"), "{% extends \"base.html\" %}\n{% block content %}\n{{ meeting.nope.deeper }}\n{% endblock content %}\n").unwrap();
    let o = run(&args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains(&format!("{}:3: template error", tpl.display())),
        "{stderr}"
    );

    // Fixed: the new build replaces the old one completely.
    fs::remove_file(root.join("templates/meeting.html")).unwrap();
    assert!(run(&args).status.success());
    assert!(out.join("minutes/weekly/2025-02-03/index.html").is_file());
    assert!(!out.join("marker.txt").exists());
}

#[test]
fn site_templates_and_static_files_override_the_defaults() {
    let site = SiteTest::fixture("basic")
        .file(
            "templates/team.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ team.name }}: {{ entries | length }}</p>{% endblock content %}",
        )
        .file("static/style.css", "body { color: teal }")
        .file("static/logo.txt", "logo")
        .build();
    let out = site.out.clone();
    assert!(read(&out, "teams/docs/index.html").contains(r#"<p class="custom">SIG Docs: 2</p>"#));
    // Other templates keep the defaults.
    assert!(read(&out, "index.html").contains("Latest meeting"));
    assert_eq!(read(&out, "style.css"), "body { color: teal }");
    assert_eq!(read(&out, "logo.txt"), "logo");
}

#[test]
fn a_folder_with_only_content_builds() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::write(
        dir.path().join("content/20240102.md"),
        "# Call\n\n## Team Blue\n\n- blue things\n\n## SIG Green\n\n- green\n\n## Team updates\n",
    )
    .unwrap();
    let o = minutebook_in(dir.path(), &["build"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.path().join("public");
    assert!(read(&out, "teams/team-blue/index.html").contains("blue things"));
    assert!(read(&out, "teams/sig-green/index.html").contains("green"));
    assert!(!out.join("teams/team-updates").exists());
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
}

fn minutebook_in(dir: &Path, args: &[&str]) -> std::process::Output {
    crate::common::minutebook()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn refuses_to_write_over_its_own_sources() {
    let root = repo().join("tests/fixtures/basic");
    for out in [root.clone(), root.join("content"), root.join("..")] {
        let o = crate::common::build_into(&root, &out, &[]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success());
        assert!(stderr.contains("refusing to write output here"), "{stderr}");
    }
    assert!(root.join("content/weekly/20250106.md").is_file());
}

#[test]
fn missing_content_and_broken_config_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = minutebook_in(dir.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains("content: content folder not found; create it or pass --content DIR"),
        "{stderr}"
    );
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::write(
        dir.path().join("site.toml"),
        "title = 'x'\n[[teams]]\nname = 'A'\nalias = ['b']\n",
    )
    .unwrap();
    let o = minutebook_in(dir.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains("site.toml:4: unknown field `alias`, expected one of"),
        "{stderr}"
    );
}

#[test]
fn this_repository_builds_its_own_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = run(&[
        "build",
        "--root",
        repo().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stderr).is_empty(),
        "the demo content has no warnings"
    );
    assert!(out.join("index.html").is_file());
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
    let net = read(&out, "teams/networking/index.html");
    assert!(net.contains("IPv6 in production") && net.contains("NAT64 not needed"));
}

/// Protocol-relative URLs (`//host/path`) point at another site: links and images keep
/// them, written in markdown or in raw HTML, on every page that shows the section, and
/// no warning is printed for them.
#[test]
fn protocol_relative_links_and_images_stay_links_and_images() {
    let site = SiteTest::fixture("basic")
        .minutes(
            "weekly/20250203.md",
            "# Weekly 2025-02-03\n\n## Team Web\n\n\
             - [the plan](//example.org/plan) and ![chart](//cdn.example.org/chart.png)\n\
             - <a href=\"//example.org/raw\">raw link</a> \
               <img src=\"//cdn.example.org/raw.png\" alt=\"raw image\">\n",
        )
        .build();
    let (out, stderr) = (site.out.clone(), site.stderr.clone());
    assert!(!stderr.contains("example.org"), "{stderr}");
    let links = scraper::Selector::parse("a[href], img[src]").unwrap();
    for page in [
        "minutes/weekly/2025-02-03/index.html",
        "teams/team-web/index.html",
    ] {
        let doc = scraper::Html::parse_document(&read(&out, page));
        let found: Vec<(String, String)> = doc
            .select(&links)
            .filter_map(|e| {
                let url = e.attr("href").or(e.attr("src"))?;
                url.contains("example.org").then(|| {
                    let label = match e.value().name() {
                        "img" => e.attr("alt").unwrap_or_default().to_string(),
                        _ => e.text().collect(),
                    };
                    (format!("{} {url}", e.value().name()), label)
                })
            })
            .collect();
        let want = [
            ("a //example.org/plan", "the plan"),
            ("img //cdn.example.org/chart.png", "chart"),
            ("a //example.org/raw", "raw link"),
            ("img //cdn.example.org/raw.png", "raw image"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()));
        assert_eq!(found, want, "{page}");
    }
}

/// The default series under a base path: its meetings are at `/minutes/<stem>/` below
/// the base path, not `/minutes/minutes/minutes/<stem>/`.
#[test]
fn default_series_under_a_base_path_links_once() {
    let mut site = SiteTest::new()
        .minutes("20240105.md", "# Call 2024-01-05\n\n## Team A\n\n- first\n")
        .minutes(
            "20240112.md",
            "# Call 2024-01-12\n\nSee [last week](20240105.md#team-a).\n\n## Team A\n\n- second\n",
        );
    let o = site.try_build(&["--base-url", "https://org.github.io/minutes/"]);
    assert!(o.status.success(), "{}", site.stderr);
    let out = site.out.clone();
    assert!(out.join("minutes/2024-01-05/index.html").is_file());
    let index = read(&out, "index.html");
    assert!(
        index.contains(r#"href="/minutes/minutes/2024-01-12/""#),
        "{index}"
    );
    let page = read(&out, "minutes/2024-01-12/index.html");
    assert!(
        page.contains(r#"href="/minutes/minutes/2024-01-05/#team-a""#),
        "{page}"
    );
    for html in [&index, &page, &read(&out, "teams/team-a/index.html")] {
        assert!(!html.contains("/minutes/minutes/minutes/"), "{html}");
    }
}

/// Files in content/ are published only when minutes link them: a linked image is, a
/// script nobody links is not.
#[test]
fn only_linked_content_files_are_published() {
    let site = SiteTest::new()
        .minutes("img/chart.png", b"\x89PNG")
        .minutes("report.pdf", b"%PDF")
        .minutes("build.sh", "#!/bin/sh\n")
        .minutes("tool.py", "print(1)\n")
        .minutes(
            "20240105.md",
            "# Call\n\n![chart](img/chart.png)\n\n<a href=\"report.pdf\">report</a>\n",
        )
        .build();
    let out = site.out.clone();
    assert!(out.join("img/chart.png").is_file());
    assert!(out.join("report.pdf").is_file());
    assert!(!out.join("build.sh").exists());
    assert!(!out.join("tool.py").exists());
    let page = read(&out, "minutes/2024-01-05/index.html");
    assert!(page.contains(r#"src="/img/chart.png""#), "{page}");
    assert!(page.contains(r#"href="/report.pdf""#), "{page}");
}

/// A long archive's home page lists the newest year's weeks and links a page per year,
/// which lists that year's weeks with their meetings.
#[test]
fn older_weeks_are_on_a_page_per_year() {
    let mut site = SiteTest::new();
    for (date, title) in [
        ("2015-05-06", "Old call"),
        ("2022-03-02", "Spring call"),
        ("2023-06-07", "Summer call"),
        ("2024-01-10", "First call"),
        ("2024-01-17", "Second call"),
    ] {
        site = site.minutes(
            &format!("{date}.md"),
            format!("# {title}\n\n## Team updates\n\n### Team Ops\n\n- item\n"),
        );
    }
    let site = site.build();
    let out = site.out.clone();
    let index = read(&out, "index.html");
    for href in [
        "/weeks/2024-W02/",
        "/weeks/2024-W03/",
        "/weeks/2024/",
        "/weeks/2023/",
        "/weeks/2022/",
    ] {
        assert!(
            index.contains(&format!(r#"href="{href}""#)),
            "{href} missing: {index}"
        );
    }
    assert!(
        !index.contains(r#"href="/weeks/2023-W23/""#),
        "older weeks stay off the home page"
    );
    let year = read(&out, "weeks/2023/index.html");
    assert!(year.contains("<h1>Weeks of 2023</h1>"), "{year}");
    assert!(
        year.contains(r#"<a class="week-link" href="/weeks/2023-W23/">Week 23</a>"#),
        "{year}"
    );
    assert!(
        year.contains(r#"<a href="/minutes/2023-06-07/">Summer call</a>"#),
        "{year}"
    );
    assert!(year.contains(r#"rel="prev" href="/weeks/2022/""#), "{year}");
    assert!(year.contains(r#"rel="next" href="/weeks/2024/""#), "{year}");
    let week = read(&out, "weeks/2023-W23/index.html");
    assert!(
        week.contains(r#"<a href="/weeks/2023/">all weeks of 2023</a>"#),
        "{week}"
    );
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
}
