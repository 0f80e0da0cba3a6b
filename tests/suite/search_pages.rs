//! The pages this feature adds, as written by a build of the demo site under a base
//! path (and of the SCS corpus when `../shared` is there): the search page with and
//! without JavaScript, the header search box, the index file, topics, scribes and the
//! activity map.

use std::path::{Path, PathBuf};

use minutebook::outputs::write as output;
use minutebook::site::{Site, SitePaths};
use scraper::{Html, Selector};

fn build(root: &Path, content: Option<PathBuf>, base: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let site = Site::load(
        SitePaths::new(Some(root.to_path_buf()), content, Some(dir.clone())),
        Some(base),
    )
    .unwrap();
    output::build_atomically(&site, &site.paths.output).unwrap();
    (out, dir)
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    build(Path::new(env!("CARGO_MANIFEST_DIR")), None, "/sub/")
}

fn page(dir: &Path, rel: &str) -> Html {
    let path = dir.join(rel);
    Html::parse_document(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

#[test]
fn search_page_works_from_a_link_and_says_what_to_do_without_javascript() {
    let (_tmp, dir) = demo();
    let doc = page(&dir, "search/index.html");
    assert_eq!(attrs(&doc, "form#search-form", "action"), ["/sub/search/"]);
    assert_eq!(attrs(&doc, "input#q", "name"), ["q"]);
    assert_eq!(
        attrs(&doc, "script[data-search-index]", "src"),
        ["/sub/search.js"]
    );
    assert_eq!(
        attrs(&doc, "script[data-search-index]", "data-search-index"),
        ["/sub/search-index.json"]
    );
    // No request leaves the site.
    let html = doc.html();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "external reference in the search page"
    );
    // `<noscript>` content is text to an HTML parser that runs scripts; read it raw.
    let noscript = html
        .split("<noscript>")
        .nth(1)
        .and_then(|s| s.split("</noscript>").next())
        .expect("a noscript block");
    assert!(noscript.contains("Search needs JavaScript"), "{noscript}");
    for href in [
        "/sub/teams/networking/",
        "/sub/teams/docs/",
        "/sub/weeks/2026/",
    ] {
        assert!(
            noscript.contains(&format!("href=\"{href}\"")),
            "{href} missing from {noscript}"
        );
    }
    let js = std::fs::read_to_string(dir.join("search.js")).unwrap();
    assert!(
        js.contains("data-search-index") && !js.contains("http"),
        "search.js must not load anything else"
    );
}

#[test]
fn every_other_page_has_the_search_box() {
    let (_tmp, dir) = demo();
    for rel in [
        "index.html",
        "teams/index.html",
        "teams/networking/index.html",
        "minutes/weekly/2026-09-10/index.html",
        "people/index.html",
        "404.html",
    ] {
        let doc = page(&dir, rel);
        assert_eq!(
            attrs(&doc, "form.site-search", "action"),
            ["/sub/search/"],
            "{rel}"
        );
        assert_eq!(
            attrs(&doc, "form.site-search input[type=search]", "name"),
            ["q"],
            "{rel}"
        );
        assert_eq!(
            attrs(&doc, ".site-header nav a", "href")
                .iter()
                .filter(|h| *h == "/sub/people/")
                .count(),
            1,
            "{rel}"
        );
    }
    // The search page has its own field instead.
    assert!(attrs(
        &page(&dir, "search/index.html"),
        "form.site-search",
        "action"
    )
    .is_empty());
}

#[test]
fn index_file_covers_meetings_and_sections_with_base_path_urls() {
    let (_tmp, dir) = demo();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("search-index.json")).unwrap())
            .unwrap();
    assert_eq!(v["meetings"].as_array().unwrap().len(), 13);
    let docs = minutebook::outputs::search_index::read_index(
        &std::fs::read_to_string(dir.join("search-index.json")).unwrap(),
        |rel| std::fs::read_to_string(dir.join("search-index").join(rel)).ok(),
    )
    .unwrap();
    assert!(docs
        .iter()
        .all(|d| d.meeting_url.starts_with("/sub/minutes/")));
    let anchors: Vec<&str> = (docs.iter())
        .map(|d| d.anchor.as_str())
        .filter(|a| !a.is_empty())
        .collect();
    assert!(anchors.contains(&"team-networking"), "{anchors:?}");
    // Every section anchor exists on its meeting page.
    for d in docs.iter().filter(|d| !d.anchor.is_empty()) {
        let rel = format!("{}index.html", d.meeting_url.strip_prefix("/sub/").unwrap());
        let html = std::fs::read_to_string(dir.join(&rel)).unwrap();
        assert!(
            html.contains(&format!("id=\"{}\"", d.anchor)),
            "{} has no #{}",
            rel,
            d.anchor
        );
    }
}

#[test]
fn people_page_lists_who_took_minutes_and_links_their_pages() {
    let (_tmp, dir) = demo();
    let doc = page(&dir, "people/index.html");
    let rows: Vec<String> = doc
        .select(&sel("table.people tbody tr"))
        .map(|r| r.text().collect::<Vec<_>>().join("|"))
        .collect();
    assert!(!rows.is_empty());
    // Name | attended | minutes taken | first | last
    let jonas = rows
        .iter()
        .find(|r| r.starts_with("Jonas|"))
        .unwrap_or_else(|| panic!("{rows:?}"));
    let minutes: usize = jonas.split('|').nth(2).unwrap().parse().unwrap();
    assert!(minutes > 0, "{jonas}");
    let person = page(&dir, "people/jonas/index.html");
    let links: Vec<&str> = person
        .select(&sel("table.people tbody a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links.len(), minutes, "{links:?}");
    assert!(
        links.iter().all(|l| l.starts_with("/sub/minutes/")),
        "{links:?}"
    );
    assert!(
        links.contains(&"/sub/minutes/weekly/2026-09-10/"),
        "{links:?}"
    );
}

#[test]
fn heat_map_cells_have_titles_and_link_to_team_months() {
    let (_tmp, dir) = demo();
    let doc = page(&dir, "index.html");
    let svg = doc
        .select(&sel("svg.heatmap"))
        .next()
        .expect("an inline SVG heat map");
    // No script but the one that fetches search ahead when the header box has focus.
    let scripts: Vec<&str> = (doc.select(&sel("script")))
        .map(|s| s.value().attr("src").unwrap_or("inline"))
        .collect();
    assert_eq!(scripts, ["/sub/search-focus.js"]);
    assert!(
        std::fs::metadata(dir.join("search-focus.js"))
            .unwrap()
            .len()
            < 1024
    );
    // Cells have a tooltip; the five legend swatches do not.
    let rects = svg.select(&sel("rect")).count();
    let cells = svg.select(&sel("rect > title")).count();
    assert!(cells > 0);
    assert_eq!(cells + 5, rects, "every cell has a title");
    let links: Vec<_> = svg.select(&sel("a")).collect();
    assert!(!links.is_empty());
    let title = |a: &scraper::ElementRef| -> String {
        a.select(&sel("title")).next().unwrap().text().collect()
    };
    for a in &links {
        let label = title(a);
        assert!(label.contains(": ") && label.contains(" entr"), "{label}");
        assert!(
            !label.contains(": 0 entries"),
            "an empty month links: {label}"
        );
        let href = a.value().attr("href").unwrap();
        let (path, fragment) = href.split_once("#m-").expect("a month anchor");
        assert!(path.starts_with("/sub/teams/"), "{href}");
        let rel = format!("{}index.html", path.strip_prefix("/sub/").unwrap());
        let target = std::fs::read_to_string(dir.join(&rel))
            .unwrap_or_else(|_| panic!("{href} is not a page"));
        assert!(
            target.contains(&format!("id=\"m-{fragment}\"")),
            "{href}: no anchor"
        );
    }
    let networking = links
        .iter()
        .find(|a| title(a).starts_with("Team Networking, September 2026: "))
        .expect("a cell for Team Networking in September 2026");
    assert_eq!(
        networking.value().attr("href"),
        Some("/sub/teams/networking/#m-2026-09")
    );
}

#[test]
fn topic_pages_and_also_on_links() {
    let (_tmp, dir) = demo();
    let doc = page(&dir, "teams/networking/topics/index.html");
    let topics: Vec<String> = doc
        .select(&sel("li.topic h2"))
        .map(|h| h.text().collect())
        .collect();
    assert!(topics.iter().any(|t| t == "Status page"), "{topics:?}");
    let status = doc.select(&sel("li.topic#status-page")).next().unwrap();
    let dates: Vec<String> = status
        .select(&sel("ol.weeks a"))
        .map(|a| a.text().collect())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(dates, sorted, "links newest first");
    assert!(dates.len() >= 2);
    let meta: String = status
        .select(&sel("p.meta"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        meta.contains(dates.last().unwrap()) && meta.contains(&dates[0]),
        "{meta}"
    );

    let team = page(&dir, "teams/networking/index.html");
    assert_eq!(
        attrs(&team, "a[href='/sub/teams/networking/topics/']", "href").len(),
        1
    );
    let also: Vec<_> = team
        .select(&sel(
            "ul.also-on a[href='/sub/teams/networking/topics/#status-page']",
        ))
        .collect();
    assert_eq!(also.len(), dates.len(), "each week's entry links its topic");
    for li in team.select(&sel("ul.also-on li")) {
        for a in li.select(&sel("a")).skip(1) {
            let href = a.value().attr("href").unwrap();
            // One page holds this whole timeline: its links stay on it.
            let id = href.strip_prefix('#').expect("a link within the page");
            assert!(
                team.select(&sel(&format!("li.entry[id='{id}']")))
                    .next()
                    .is_some(),
                "{href} points nowhere"
            );
        }
    }
}

#[test]
fn scs_pages_render() {
    let Some(corpus) = crate::common::scs_corpus() else {
        return;
    };
    let (_tmp, dir) = build(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scs"),
        Some(corpus),
        "/",
    );
    // Every place a search result can link to exists: section and heading anchors.
    let docs = minutebook::outputs::search_index::read_index(
        &std::fs::read_to_string(dir.join("search-index.json")).unwrap(),
        |rel| std::fs::read_to_string(dir.join("search-index").join(rel)).ok(),
    )
    .unwrap();
    let mut pages: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut checked = 0;
    for d in &docs {
        let html = pages.entry(d.meeting_url.clone()).or_insert_with(|| {
            std::fs::read_to_string(
                dir.join(d.meeting_url.trim_start_matches('/'))
                    .join("index.html"),
            )
            .unwrap()
        });
        for anchor in std::iter::once(&d.anchor)
            .filter(|a| !a.is_empty())
            .chain(d.subheadings.iter().map(|(_, a)| a))
        {
            assert!(
                html.contains(&format!(" id=\"{anchor}\"")),
                "{}#{anchor} does not exist",
                d.meeting_url
            );
            checked += 1;
        }
    }
    assert!(checked > 3000, "only {checked} anchors");
    let topics = page(&dir, "teams/ops/topics/index.html");
    let titles: Vec<String> = topics
        .select(&sel("li.topic h2"))
        .map(|h| h.text().collect())
        .collect();
    assert!(
        titles.iter().any(|t| t.eq_ignore_ascii_case("status page")),
        "{titles:?}"
    );
    assert!(titles.iter().any(|t| t == "Zuul"), "{titles:?}");
    // Team Ops's 2023 page links the status page thread from its entries.
    let year = page(&dir, "teams/ops/2023/index.html");
    assert!(
        year.select(&sel("ul.also-on a[href='/teams/ops/topics/status-page/']"))
            .count()
            >= 5
    );
    let people = page(&dir, "people/index.html");
    let names: Vec<String> = people
        .select(&sel("table.people tbody tr td:first-child"))
        .map(|t| t.text().collect())
        .collect();
    assert!(
        names.iter().any(|n| n == "Oliver Otte @o-otte")
            && names.iter().any(|n| n == "Jonas @horazont"),
        "{names:?}"
    );
    let index = page(&dir, "index.html");
    let labels: Vec<String> = (index.select(&sel("svg.heatmap a title")))
        .map(|t| t.text().collect())
        .collect();
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("Team Ops, June 2023: ")),
        "{labels:?}"
    );
    let hrefs = attrs(&index, "svg.heatmap a", "href");
    assert!(
        hrefs.iter().any(|h| h == "/teams/ops/2023/#m-2023-06"),
        "split timelines link the month on their year page"
    );
}
