//! Every page kind in headless Chromium, on a phone and in light and dark mode: nothing
//! scrolls sideways at 390 px, each page has exactly one `h1`, and axe-core finds no
//! accessibility violation of any impact. The fixture archive is written here: long
//! URLs, long inline code, a wide table and a HedgeDoc slide deck are what used to
//! widen pages and multiply `h1`s; a `mermaid` fence used to become `lang="mermaid"`.
//!
//! axe-core comes from npm: `MINUTEBOOK_AXE_JS` names `axe.min.js` (`.ci/run` installs
//! it). Without it the test skips, or fails when `MINUTEBOOK_BROWSER_TESTS=1`.

use crate::common::browser;
use crate::common::crawl;
use crate::common::skip::{skip, Need};
use crate::common::static_server::StaticServer;

use std::path::Path;

use serde_json::Value;

const SITE_TOML: &str = r#"title = "Fixture minutes"
base_url = "/"
timeline_split = 1
source_url = "https://example.org/minutes/blob/main/"

[[teams]]
name = "Team Ops"
slug = "ops"

[[teams]]
name = "Team IaaS"
slug = "iaas"

[series.minutes]
title = "Weekly"
all_teams = true

[series.ops]
title = "Ops meetings"
team = "Team Ops"
"#;

const LONG_URL: &str = "https://github.com/SovereignCloudStack/standards/blob/main/Standards/scs-0214-v1-k8s-node-distribution.md#a-very-long-fragment-that-goes-on-and-on";
const LONG_CODE: &str =
    "openstack.compute.v2.servers.ServerCreateRequestWithAVeryLongIdentifier_and_no_spaces_at_all";

/// A weekly meeting in the classic layout: a title heading, a Meta part, team sections
/// with sub-headings, and the things that used to widen pages.
fn weekly(date: &str, extra: &str) -> String {
    format!(
        "# Weekly {date}\n\n## Meta\n\n- Minutes: Ana Lima\n\nPresent: Ana Lima, Bo Chen, Cy Diaz\n\n\
         ## Team updates\n\n### Team Ops\n\n#### Monitoring\n\n- Zuul status page rework\n- Decision: we keep the dashboards\n\
         - AI: @bochen to open an issue\n- [x] ticked\n- [ ] not yet\n\
         - a\n  - b\n    - c\n      - d\n        - e\n          - f\n            - g\n              - h\n                - i deep in a list\n- See {LONG_URL}\n- Run `{LONG_CODE}` first\n\n\
         ### Team IaaS\n\n- Zuul status page rework\n- o/r#12 discussed\n\n\
         | Release | Component | Owner | Status | Notes | Tracking issue | Target date | Reviewed by |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- |\n\
         | R6 | openstack-compute-scheduler | operations-team-lead | in-progress-waiting-for-review | needs-more-testing-everywhere | {LONG_URL} | 2024-12-31 | reviewer-with-a-long-handle |\n\n\
         ```mermaid\ngraph LR; a-->b\n```\n\n\
         ## Project updates\n\nNothing new.\n\n## AOB\n\n{extra}\n"
    )
}

/// A HedgeDoc slide deck: `# Team Ops` on every slide, separated by `---`.
const DECK: &str = "---\ntitle: Community Call\ntype: slide\n---\n\n\
# Welcome\n\nAny newcomers?\n\n---\n\n# Team Ops\n\n## Topics\n\n- Zuul status page rework\n\n---\n\n\
# Team Ops\n\n## More\n\n- o/r#12 again\n\n---\n\n# Team IaaS\n\n- third slide\n\n---\n\n\
# Team IaaS\n\n- fourth slide\n\n---\n\n# Events\n\n- none\n";

fn write_fixture(root: &Path) {
    let content = root.join("content");
    std::fs::create_dir_all(content.join("ops")).unwrap();
    std::fs::write(root.join("site.toml"), SITE_TOML).unwrap();
    std::fs::write(content.join("20240304.md"), weekly("2024-03-04", "- Lunch")).unwrap();
    std::fs::write(
        content.join("20240311.md"),
        weekly("2024-03-11", "- Dinner"),
    )
    .unwrap();
    std::fs::write(content.join("20240318.md"), DECK).unwrap();
    // Three more weeks, so that a topic has more dates than the topics page lists and a
    // page of its own.
    for date in ["2024-03-25", "2024-04-01", "2024-04-08"] {
        let file = format!("{}.md", date.replace('-', ""));
        std::fs::write(content.join(file), weekly(date, "- Tea")).unwrap();
    }
    std::fs::write(
        content.join("ops/20240320.md"),
        "# Team Ops meeting\n\nPresent: Ana Lima\n\n## Zuul\n\n- Zuul status page rework\n",
    )
    .unwrap();
}

/// axe-core's script, from `MINUTEBOOK_AXE_JS`.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("MINUTEBOOK_AXE_JS");
    let text = path.as_ref().and_then(|p| std::fs::read_to_string(p).ok());
    if text.is_none() {
        let why = match &path {
            Some(p) => format!(
                "MINUTEBOOK_AXE_JS={} cannot be read",
                Path::new(p).display()
            ),
            None => "MINUTEBOOK_AXE_JS is not set".to_string(),
        };
        let how = "install axe-core with `npm install --prefix DIR axe-core` and set \
                   MINUTEBOOK_AXE_JS=DIR/node_modules/axe-core/axe.min.js";
        return skip(Need::Browser, &format!("{why}; {how}"));
    }
    text
}

/// The first folder under `dir` (sorted), as a URL path below `prefix`.
fn first_page(out: &Path, dir: &str) -> String {
    let mut subs: Vec<String> = std::fs::read_dir(out.join(dir))
        .unwrap_or_else(|e| panic!("{dir} in the output: {e}"))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    subs.sort();
    format!(
        "/{dir}/{}/",
        subs.first()
            .unwrap_or_else(|| panic!("no page under {dir}"))
    )
}

/// One page of each kind.
fn page_kinds(out: &Path) -> Vec<(&'static str, String)> {
    let pages = vec![
        ("index", "/".to_string()),
        ("meeting", "/minutes/2024-03-04/".to_string()),
        ("deck", "/minutes/2024-03-18/".to_string()),
        ("team meeting", "/minutes/ops/2024-03-20/".to_string()),
        ("week", "/weeks/2024-W10/".to_string()),
        ("year of weeks", "/weeks/2024/".to_string()),
        ("teams", "/teams/".to_string()),
        ("team", "/teams/ops/".to_string()),
        ("team year", "/teams/ops/2024/".to_string()),
        ("topics", "/teams/ops/topics/".to_string()),
        (
            "topic",
            "/teams/ops/topics/zuul-status-page-rework/".to_string(),
        ),
        ("series", "/series/minutes/".to_string()),
        ("people", "/people/".to_string()),
        ("person", first_page(out, "people")),
        ("decisions", "/decisions/".to_string()),
        ("actions", "/actions/".to_string()),
        ("issues", "/issues/".to_string()),
        ("issue repository", "/issues/o/r/".to_string()),
        ("search", "/search/".to_string()),
        // With results, a sort and a range: the controls and the snippets in place.
        (
            "search results",
            "/search/?q=zuul+status&sort=newest&from=2024-03-01".to_string(),
        ),
        ("404", "/no/such/page/".to_string()),
    ];
    for (kind, path) in &pages {
        let file =
            (out.join(path.trim_start_matches('/').split('?').next().unwrap())).join("index.html");
        assert!(
            *kind == "404" || file.is_file(),
            "the fixture has no {kind} page at {path}"
        );
    }
    pages
}

const MEASURE: &str = "return [document.documentElement.scrollWidth, \
    document.documentElement.clientWidth, document.querySelectorAll('h1').length, \
    document.querySelectorAll('main hr').length, \
    matchMedia('(prefers-color-scheme: dark)').matches];";

/// Loads axe into the page (a script element: axe defines itself on `window`) and runs
/// it; returns one line per violation.
async fn axe_violations(c: &fantoccini::Client, axe: &str) -> Vec<String> {
    c.execute(
        "const s = document.createElement('script'); s.textContent = arguments[0]; \
         document.head.appendChild(s); return typeof axe;",
        vec![Value::String(axe.to_string())],
    )
    .await
    .unwrap();
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => \
               v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))) \
             .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Waits until the page is whole: loaded, every stylesheet applied, fonts ready, and
/// two frames laid out. Measuring or running axe earlier sees a page half styled (a
/// page that scrolls sideways, or colours without contrast, for a moment).
async fn settled(c: &fantoccini::Client, path: &str) {
    let ok = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const ready = () => document.readyState === 'complete' && \
               [...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet); \
             (async () => { \
               while (!ready()) await new Promise(r => setTimeout(r, 20)); \
               await document.fonts.ready; \
               requestAnimationFrame(() => requestAnimationFrame(() => done(true))); \
             })();",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("{path} did not settle: {e}"));
    assert_eq!(ok, Value::Bool(true), "{path}");
}

async fn check_every_page(
    dark: bool,
    axe: &str,
    pages: &StaticServer,
    kinds: &[(&str, String)],
) -> Vec<String> {
    let flags: &[&str] = if dark {
        &[
            "--blink-settings=preferredColorScheme=0",
            "--force-dark-mode",
        ]
    } else {
        &["--blink-settings=preferredColorScheme=1"]
    };
    let Some(b) = browser::start_with(flags).await else {
        return Vec::new();
    };
    let c = &b.client;
    let mode = if dark { "dark" } else { "light" };
    let mut problems = Vec::new();
    for width in [390, 1280] {
        c.set_window_size(width, 900).await.unwrap();
        for (kind, path) in kinds {
            c.goto(&format!("{}{path}", pages.origin)).await.unwrap();
            settled(c, path).await;
            if path.contains("?q=") {
                c.wait()
                    .at_most(std::time::Duration::from_secs(120))
                    .for_element(fantoccini::Locator::Css("#search-results[data-first-ms]"))
                    .await
                    .unwrap_or_else(|e| panic!("no search results at {path}: {e}"));
            }
            let m = c.execute(MEASURE, vec![]).await.unwrap();
            let (scroll, client) = (m[0].as_i64().unwrap(), m[1].as_i64().unwrap());
            let (h1, hr) = (m[2].as_i64().unwrap(), m[3].as_i64().unwrap());
            assert_eq!(m[4].as_bool(), Some(dark), "{mode} mode is not in effect");
            let at = format!("{kind} page {path} at {width} px, {mode}");
            if width == 390 && scroll > client {
                problems.push(format!("{at}: scrolls sideways ({scroll} > {client} px)"));
            }
            if h1 != 1 {
                problems.push(format!("{at}: {h1} h1 elements"));
            }
            if *kind == "deck" && hr > 0 {
                problems.push(format!("{at}: {hr} slide separators shown"));
            }
            for v in axe_violations(c, axe).await {
                problems.push(format!("{at}: axe: {v}"));
            }
        }
    }
    c.clone().close().await.unwrap();
    problems
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_kind_fits_a_phone_has_one_h1_and_passes_axe() {
    let Some(axe) = axe_source() else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("site");
    write_fixture(&root);
    let out = d.path().join("out");
    crawl::build(&root, None, "/", &out);
    let kinds = page_kinds(&out);
    let pages = StaticServer::start(&out, "/");

    let mut problems = check_every_page(false, &axe, &pages, &kinds).await;
    problems.extend(check_every_page(true, &axe, &pages, &kinds).await);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What the browser test relies on, in the HTML itself (no browser needed): one `h1`,
/// no doubled date, the deck's slides as sections, tables in their scroll box, the
/// table of contents and the source link.
#[test]
fn meeting_pages_have_one_title_and_decks_read_as_sections() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("site");
    write_fixture(&root);
    let out = d.path().join("out");
    crawl::build(&root, None, "/", &out);
    let read = |p: &str| std::fs::read_to_string(out.join(p).join("index.html")).unwrap();

    let weekly = read("minutes/2024-03-04");
    assert!(weekly.contains("<title>Weekly 2024-03-04 · Fixture minutes</title>"));
    assert_eq!(weekly.matches("<h1").count(), 1);
    assert!(
        !weekly.contains("<h2 id=\"weekly-2024-03-04\""),
        "title repeated"
    );
    assert!(weekly.contains("<h2 id=\"meta\">Meta <a class=\"permalink\" href=\"#meta\""));
    assert!(
        weekly.contains("<h3 id=\"team-ops\">"),
        "team sections under Team updates"
    );
    assert!(weekly.contains("<h4 id=\"monitoring\">"));
    assert!(weekly.contains(
        r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Table"><table>"#
    ));
    assert!(weekly.contains(r#"<nav class="toc" aria-label="Contents">"#));
    assert!(weekly.contains(
        r#"<a href="https://example.org/minutes/blob/main/20240304.md">View source</a>"#
    ));

    let deck = read("minutes/2024-03-18");
    assert!(deck.contains("<title>Community Call (2024-03-18) · Fixture minutes</title>"));
    assert!(deck.contains(r#"Community Call <span class="subtitle">2024-03-18</span></h1>"#));
    assert!(!deck.contains("<hr"), "slide separators shown");
    assert_eq!(deck.matches("<h2 id=\"team-ops\"").count(), 1);
    assert!(
        deck.contains("<span id=\"team-ops-1\"></span>"),
        "anchor of the repeated heading kept"
    );
    assert_eq!(
        deck.matches(">Team Ops</a> <a class=\"to-team\"").count(),
        1,
        "one chip per team"
    );
    assert!(
        deck.contains("<h3 id=\"more\">"),
        "a slide's headings under its team"
    );

    let week = read("weeks/2024-W10");
    assert_eq!(week.matches("<h1").count(), 1);
    // A week of one meeting names its sections and links their text.
    assert!(
        week.contains("<p class=\"summary\">Monitoring · Zuul status page rework"),
        "{week}"
    );
    let year = read("teams/ops/2024");
    assert_eq!(year.matches("<h1").count(), 1);
    assert!(
        year.contains("<h3>Monitoring</h3>"),
        "entry headings under the entry's h2"
    );
    assert!(
        year.contains("<h3>Zuul</h3>"),
        "a team's own meeting under its h2"
    );
}

/// The pages of the archive shapes without a `site.toml` (issue 22): a board's agenda
/// items followed across meetings, meetings of a year file with a canceled one, and
/// plenary notes with their speakers, on a phone and a desktop, light and dark.
#[tokio::test(flavor = "multi_thread")]
async fn pages_of_other_archive_shapes_fit_a_phone_and_pass_axe() {
    let Some(axe) = axe_source() else {
        return;
    };
    let shapes: [(&str, &[(&str, &str)]); 3] = [
        (
            "board",
            &[
                ("home of a board", "/"),
                ("agenda items", "/teams/"),
                ("agenda item thread", "/teams/grants-approved/"),
                ("agenda item topic", "/teams/grants-approved/topics/"),
                ("board meeting", "/minutes/2024-02-14/"),
                ("board decisions", "/decisions/"),
            ],
        ),
        (
            "shapes-many",
            &[
                ("meeting of a year file", "/minutes/2024-10-29/"),
                ("canceled meeting", "/minutes/2024-10-22/"),
                ("series with canceled meetings", "/series/minutes/"),
                ("week of a canceled meeting", "/weeks/2024-W43/"),
                ("meeting of a range file", "/minutes/range/2025-01-13/"),
            ],
        ),
        (
            "voices-plenary",
            &[
                ("home without groups", "/"),
                ("speaker turns", "/minutes/2023-03-21/"),
                ("person who spoke", "/people/maria-t-lopez/"),
                ("plenary decisions", "/decisions/"),
            ],
        ),
    ];
    let mut problems = Vec::new();
    for (fixture, pages) in shapes {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let content = crate::common::repo()
            .join("tests/fixtures")
            .join(fixture)
            .join("content");
        let out = d.path().join("out");
        crawl::build(&root, Some(&content), "/", &out);
        let kinds: Vec<(&str, String)> = (pages.iter())
            .map(|(kind, path)| {
                let file = out.join(path.trim_start_matches('/')).join("index.html");
                assert!(file.is_file(), "{fixture} has no {kind} page at {path}");
                (*kind, path.to_string())
            })
            .collect();
        let server = StaticServer::start(&out, "/");
        problems.extend(check_every_page(false, &axe, &server, &kinds).await);
        problems.extend(check_every_page(true, &axe, &server, &kinds).await);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
