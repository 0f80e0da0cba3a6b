//! Publishing: the built site works under a subpath, and its sitemap, feeds, robots.txt,
//! `.nojekyll`, canonical links and 404 page are what GitHub Pages and crawlers need.

use crate::common::crawl;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::crawl::{build, crawl, read_pages, resolve, Target};
use crate::common::scs_corpus;
use scraper::{Html, Selector};
use url::Url;

const BASE: &str = "https://example.org/sub/";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/publish")
}

fn built(base: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    build(&fixture(), None, base, &dir.path().join("out"));
    dir
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Absolute URL of an output file that is a page.
fn page_url(rel: &str) -> String {
    format!("{BASE}{}", rel.strip_suffix("index.html").unwrap_or(rel))
}

#[test]
fn every_link_resolves_under_the_subpath() {
    let d = built(BASE);
    let out = d.path().join("out");
    let c = crawl(&out, BASE);
    assert!(c.problems.is_empty(), "{:#?}", c.problems);
    assert_eq!(c.pages, 28);
    assert!(c.links > 200, "only {} internal links", c.links);
    // Every page but the 404 page is reachable from the home page.
    let all: BTreeSet<String> = read_pages(&out)
        .into_keys()
        .filter(|p| p != "404.html")
        .collect();
    let unreached: Vec<_> = all.difference(&c.reachable).collect();
    assert!(
        unreached.is_empty(),
        "not linked from anywhere: {unreached:?}"
    );

    // The crawl does catch what it claims to: break one link and one anchor.
    let team = out.join("teams/tides/index.html");
    let html = read(&team).replace("</main>", "<a href=\"/sub/nowhere/\">x</a><a href=\"/sub/teams/#gone\">y</a><a href=\"/elsewhere/\">z</a></main>");
    std::fs::write(&team, html).unwrap();
    let c = crawl(&out, BASE);
    assert_eq!(
        c.problems,
        vec![
            "teams/tides/index.html: `/sub/nowhere/` -> nowhere/index.html does not exist",
            "teams/tides/index.html: `/sub/teams/#gone` -> no id `gone` in teams/index.html",
            "teams/tides/index.html: `/elsewhere/` leaves the base path /sub/",
        ]
    );
}

#[test]
fn not_found_page_keeps_styles_and_navigation_at_any_depth() {
    let d = built(BASE);
    let out = d.path().join("out");
    let pages = read_pages(&out);
    let page = &pages["404.html"];
    let doc = Html::parse_document(&page.html);
    let css: Vec<&str> = doc
        .select(&Selector::parse("link[rel=stylesheet]").unwrap())
        .filter_map(|e| e.attr("href"))
        .collect();
    assert_eq!(css, ["/sub/style.css"]);
    let base = Url::parse(BASE).unwrap();
    // GitHub Pages serves 404.html for any missing path, so its links must not depend on it.
    for missing in [
        "https://example.org/sub/x",
        "https://example.org/sub/minutes/harbor/nope/",
        "https://example.org/sub/a/b/c/d/e/f/g.html",
    ] {
        let at = Url::parse(missing).unwrap();
        let mut landed = BTreeSet::new();
        for (_, href) in &page.links {
            // A fragment alone (the skip link) is this page's own element.
            if let Some(id) = href.strip_prefix('#') {
                assert!(page.ids.contains(id), "from {missing}: no element `{href}`");
                continue;
            }
            match resolve(&base, &at, href).unwrap() {
                Target::Internal(file, _) => {
                    assert!(
                        out.join(&file).is_file(),
                        "from {missing}: `{href}` -> {file} missing"
                    );
                    landed.insert(file);
                }
                Target::External => {}
            }
        }
        for needed in ["style.css", "index.html", "teams/index.html"] {
            assert!(
                landed.contains(needed),
                "from {missing}: nothing links {needed}: {landed:?}"
            );
        }
    }
}

#[test]
fn nojekyll_and_robots_txt() {
    let d = built(BASE);
    let out = d.path().join("out");
    assert_eq!(std::fs::metadata(out.join(".nojekyll")).unwrap().len(), 0);
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sub/sitemap.xml\n"
    );
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let d = built(BASE);
    let out = d.path().join("out");
    let text = read(&out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&text).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(root.tag_name().namespace(), Some(SITEMAP));
    let mut locs = BTreeSet::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url");
        let child = |name: &str| {
            url.children()
                .find(|n| n.has_tag_name((SITEMAP, name)))
                .and_then(|n| n.text())
        };
        let loc = child("loc").expect("every url has a loc").to_string();
        let lastmod = child("lastmod").expect("every url has a lastmod");
        assert!(
            chrono::NaiveDate::parse_from_str(lastmod, "%Y-%m-%d").is_ok(),
            "{loc}: lastmod {lastmod}"
        );
        if let Some(date) = loc.strip_prefix("https://example.org/sub/minutes/harbor/") {
            assert_eq!(
                date.trim_end_matches('/'),
                lastmod,
                "a meeting changes on its date"
            );
        }
        assert!(
            loc.len() < 2048,
            "the sitemap protocol limits a loc to 2048 characters"
        );
        assert!(locs.insert(loc.clone()), "{loc} listed twice");
    }
    let pages: BTreeSet<String> = read_pages(&out)
        .into_keys()
        .filter(|p| p != "404.html")
        .map(|p| page_url(&p))
        .collect();
    assert_eq!(locs, pages);
    assert!(locs.contains("https://example.org/sub/teams/lighthouse/2024/"));
}

struct Entry {
    id: String,
    title: String,
    updated: String,
    link: String,
    content: String,
}

struct Feed {
    id: String,
    updated: String,
    entries: Vec<Entry>,
}

/// The one child element `name` of `parent`.
fn one<'a, 'i>(parent: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    let found: Vec<_> = parent
        .children()
        .filter(|n| n.has_tag_name((ATOM, name)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one <{name}> expected in <{}>",
        parent.tag_name().name()
    );
    found[0]
}

/// Parses an Atom feed, checking what every valid feed must have.
fn atom(path: &Path) -> Feed {
    let text = read(path);
    let doc =
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "{}", path.display());
    one(feed, "title");
    assert!(one(one(feed, "author"), "name")
        .text()
        .is_some_and(|t| !t.is_empty()));
    let updated = one(feed, "updated").text().unwrap().to_string();
    chrono::DateTime::parse_from_rfc3339(&updated).unwrap();
    let self_link = feed
        .children()
        .find(|n| n.has_tag_name((ATOM, "link")) && n.attribute("rel") == Some("self"))
        .unwrap();
    let rel = path.to_string_lossy();
    let rel = &rel[rel.find("/out/").unwrap() + 5..];
    assert!(
        self_link.attribute("href").unwrap().ends_with(rel),
        "self link of {rel}"
    );
    let entries: Vec<Entry> = feed
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .map(|e| {
            let content = one(e, "content");
            assert_eq!(content.attribute("type"), Some("html"));
            let updated = one(e, "updated").text().unwrap().to_string();
            chrono::DateTime::parse_from_rfc3339(&updated).unwrap();
            Entry {
                id: one(e, "id").text().unwrap().to_string(),
                title: one(e, "title").text().unwrap().to_string(),
                updated,
                link: one(e, "link").attribute("href").unwrap().to_string(),
                content: content.text().unwrap_or("").to_string(),
            }
        })
        .collect();
    let ids: BTreeSet<&str> = entries.iter().map(|e: &Entry| e.id.as_str()).collect();
    assert_eq!(
        ids.len(),
        entries.len(),
        "{}: entry ids are unique",
        path.display()
    );
    Feed {
        id: one(feed, "id").text().unwrap().to_string(),
        updated,
        entries,
    }
}

/// Every entry links to a page (and anchor) the build wrote, by absolute URL.
fn assert_entry_links_resolve(out: &Path, entries: &[Entry]) {
    let base = Url::parse(BASE).unwrap();
    let pages = read_pages(out);
    for e in entries {
        assert_eq!(e.id, e.link, "ids are the entry's page URL");
        assert!(e.link.starts_with(BASE), "{}", e.link);
        match resolve(&base, &base, &e.link).unwrap() {
            Target::Internal(file, fragment) => {
                let page = pages
                    .get(&file)
                    .unwrap_or_else(|| panic!("{} -> {file} not built", e.link));
                if let Some(f) = fragment {
                    assert!(page.ids.contains(&f), "{}: no id {f} in {file}", e.link);
                }
            }
            Target::External => panic!("{} is not on the site", e.link),
        }
    }
}

#[test]
fn archive_feed_holds_the_newest_meetings() {
    let d = built(BASE);
    let out = d.path().join("out");
    let feed = atom(&out.join("feed.xml"));
    assert_eq!(feed.id, BASE);
    assert_eq!(feed.updated, "2025-01-20T00:00:00+00:00");
    let entries = feed.entries;
    // feed_entries = 3 in the fixture's site.toml: the three newest of five meetings.
    let got: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| (e.id.as_str(), e.title.as_str(), e.updated.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "https://example.org/sub/minutes/harbor/2025-01-20/",
                "Harbour weekly 2025-01-20",
                "2025-01-20T00:00:00+00:00"
            ),
            (
                "https://example.org/sub/minutes/harbor/2025-01-13/",
                "Harbour weekly 2025-01-13",
                "2025-01-13T00:00:00+00:00"
            ),
            (
                "https://example.org/sub/minutes/lighthouse/2025-01-09/",
                "Team Lighthouse meeting 2025-01-09",
                "2025-01-09T00:00:00+00:00"
            ),
        ]
    );
    assert!(
        entries[0]
            .content
            .contains("<li>Fog horn works; neighbours were warned in advance</li>"),
        "{}",
        entries[0].content
    );
    assert_entry_links_resolve(&out, &entries);
}

#[test]
fn team_feeds_hold_their_sections() {
    let d = built(BASE);
    let out = d.path().join("out");
    let moorings = atom(&out.join("teams/moorings/feed.xml")).entries;
    let ids: Vec<&str> = moorings.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/sub/minutes/harbor/2025-01-20/#team-moorings",
            "https://example.org/sub/minutes/harbor/2025-01-06/#team-moorings",
            "https://example.org/sub/minutes/harbor/2024-12-16/#team-moorings",
        ]
    );
    assert!(moorings[0]
        .content
        .contains("Winter check of all chains done"));
    assert!(
        !moorings[0].content.contains("Fog horn"),
        "only the team's own section: {}",
        moorings[0].content
    );

    let lighthouse = atom(&out.join("teams/lighthouse/feed.xml")).entries;
    let titles: Vec<&str> = lighthouse.iter().map(|e| e.title.as_str()).collect();
    // Four entries, three in the feed; a meeting of the team's own series comes whole.
    assert_eq!(
        titles,
        [
            "Team Lighthouse, 2025-01-20",
            "Team Lighthouse, 2025-01-13: fog signal",
            "Team Lighthouse meeting 2025-01-09"
        ]
    );
    assert!(lighthouse[2].content.contains("Spare bulbs: two left"));

    let tides = atom(&out.join("teams/tides/feed.xml")).entries;
    assert_eq!(tides.len(), 2);
    assert!(
        tides[0].content.contains("Gauge at the north pier"),
        "the `Tides SIG` alias counts"
    );
    for e in [&moorings, &lighthouse, &tides] {
        assert_entry_links_resolve(&out, e);
    }
}

#[test]
fn every_page_has_canonical_description_and_feed_links() {
    let d = built(BASE);
    let out = d.path().join("out");
    let sel = |s: &str| Selector::parse(s).unwrap();
    for (rel, page) in read_pages(&out) {
        let doc = Html::parse_document(&page.html);
        let canonical: Vec<&str> = doc
            .select(&sel("link[rel=canonical]"))
            .filter_map(|e| e.attr("href"))
            .collect();
        assert_eq!(canonical, [page_url(&rel).as_str()], "{rel}");
        let description: Vec<&str> = doc
            .select(&sel("meta[name=description]"))
            .filter_map(|e| e.attr("content"))
            .collect();
        assert!(
            description.len() == 1 && description[0].len() > 20,
            "{rel}: {description:?}"
        );
        let feeds: Vec<&str> = doc
            .select(&sel("link[rel=alternate][type='application/atom+xml']"))
            .filter_map(|e| e.attr("href"))
            .collect();
        let mut expected = vec!["/sub/feed.xml".to_string()];
        if let Some(slug) = rel
            .strip_prefix("teams/")
            .and_then(|r| r.split('/').next())
            .filter(|s| *s != "index.html")
        {
            expected.push(format!("/sub/teams/{slug}/feed.xml"));
        }
        assert_eq!(feeds, expected, "{rel}");
        for f in feeds {
            assert!(
                out.join(f.strip_prefix("/sub/").unwrap()).is_file(),
                "{rel}: {f}"
            );
        }
    }
}

#[test]
fn without_an_origin_there_are_no_feeds_or_sitemap_and_nothing_links_them() {
    let d = built("/sub/");
    let out = d.path().join("out");
    assert!(!out.join("sitemap.xml").exists());
    assert!(!out.join("feed.xml").exists());
    assert!(!out.join("teams/moorings/feed.xml").exists());
    assert_eq!(read(&out.join("robots.txt")), "User-agent: *\nAllow: /\n");
    assert!(out.join(".nojekyll").is_file());
    let c = crawl(&out, "https://anywhere.example/sub/");
    assert!(c.problems.is_empty(), "{:#?}", c.problems);
    assert!(!read(&out.join("index.html")).contains("application/atom+xml"));
}

#[test]
fn scs_corpus_under_minutes_crawls_clean_with_valid_sitemap_and_feeds() {
    let Some(corpus) = scs_corpus() else { return };
    let base = "https://example.org/minutes/";
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scs");
    build(&root, Some(&corpus), base, &out);
    let c = crawl(&out, base);
    assert!(
        c.problems.is_empty(),
        "{} problems, first: {:#?}",
        c.problems.len(),
        &c.problems[..c.problems.len().min(20)]
    );
    assert!(c.pages > 1000, "{} pages", c.pages);
    eprintln!("SCS crawl: {} pages, {} internal links", c.pages, c.links);

    let text = read(&out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&text).unwrap();
    let locs: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "loc")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(locs.len(), c.pages - 1, "every page but 404.html");
    assert!(locs.iter().all(|l| l.starts_with(base)));

    let entries = atom(&out.join("feed.xml")).entries;
    assert_eq!(entries.len(), 50, "the default feed_entries");
    let mut feeds = 1;
    for team in std::fs::read_dir(out.join("teams")).unwrap() {
        let f = team.unwrap().path().join("feed.xml");
        if f.exists() {
            assert!(atom(&f).entries.len() <= 50);
            feeds += 1;
        }
    }
    assert!(feeds > 10, "{feeds} feeds");
}

#[test]
fn pages_workflow_builds_checks_and_deploys() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml");
    let y: serde_yaml::Value = serde_yaml::from_str(&read(&path)).expect("the workflow is YAML");
    let push = &y["on"]["push"]["branches"];
    assert!(
        push.as_sequence().unwrap().iter().any(|b| b == "main"),
        "{push:?}"
    );
    let perms = y["permissions"].as_mapping().unwrap();
    let perms: BTreeSet<(String, String)> = perms
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().unwrap().to_string(),
                v.as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String)> = [
        ("contents", "read"),
        ("pages", "write"),
        ("id-token", "write"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(perms, want);
    assert!(y["concurrency"]["group"]
        .as_str()
        .is_some_and(|g| !g.is_empty()));

    let mut uses = Vec::new();
    let mut runs = Vec::new();
    for (_, job) in y["jobs"].as_mapping().unwrap() {
        for step in job["steps"].as_sequence().unwrap() {
            if let Some(u) = step["uses"].as_str() {
                uses.push(u.to_string());
            }
            if let Some(r) = step["run"].as_str() {
                runs.push(r.to_string());
            }
        }
    }
    for action in [
        "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
        "actions/deploy-pages@v5",
        "actions/cache@v6",
    ] {
        assert!(
            uses.iter().any(|u| u == action),
            "{action} not used: {uses:?}"
        );
    }
    let text = read(&path);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in the workflow"))
    };
    assert!(
        at("minutebook check") < at("actions/upload-pages-artifact"),
        "check runs before the upload"
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("check") && r.contains("--base-url")),
        "{runs:?}"
    );
    assert!(
        text.contains("steps.pages.outputs.base_url"),
        "the base URL comes from configure-pages"
    );
}

/// What the Pages workflow does for this repository: `configure-pages` reports the base
/// URL without a trailing slash.
#[test]
fn this_repository_builds_and_checks_clean_for_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = crawl::bin()
        .args(["check", "--base-url", "https://org.github.io/minutebook"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("_site");
    build(root, None, "https://org.github.io/minutebook", &out);
    let c = crawl(&out, "https://org.github.io/minutebook/");
    assert!(c.problems.is_empty(), "{:#?}", c.problems);
    assert!(read(&out.join("index.html"))
        .contains(r#"<link rel="canonical" href="https://org.github.io/minutebook/">"#));
    assert!(
        out.join("feed.xml").is_file()
            && out.join("sitemap.xml").is_file()
            && out.join(".nojekyll").is_file()
    );
}
