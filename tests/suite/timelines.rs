//! Navigable timelines (issue 16): month indexes whose links land on an entry, the
//! activity map linking to months, the compact view of long timelines, topics without
//! housekeeping or bare links, and the map's colours at 3:1 or more in both modes.
//!
//! A fixture archive is written into a temporary folder and built with the binary;
//! the tests read the HTML and CSS it writes.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use regex::Regex;
use scraper::{Html, Selector};

use crate::common::crawl;

/// Team Ops: 3 own meetings in December 2023 and 24 weekly ones from January 2024 (a
/// split timeline, 2024 compact); Team Net: 3 sections of the weekly call (short).
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    let content = root.join("content");
    fs::create_dir_all(content.join("ops")).unwrap();
    fs::create_dir_all(content.join("weekly")).unwrap();
    fs::write(
        root.join("site.toml"),
        "title = 'Timelines'\ntimeline_split = 25\n\
         [[teams]]\nname = 'Team Ops'\nslug = 'ops'\n\
         [[teams]]\nname = 'Team Net'\nslug = 'net'\n\
         [series.ops]\nteam = 'Team Ops'\n[series.weekly]\nall_teams = true\n",
    )
    .unwrap();
    let start = NaiveDate::from_ymd_opt(2023, 12, 14).unwrap();
    for w in 0..27 {
        let date = start + Duration::weeks(w);
        // The agenda template is in every meeting; the image manager in most, with gaps.
        let mut text = format!(
            "# Ops {date}\n\n- Anything to add to the agenda?\n- https://example.org/ops/board\n"
        );
        if w % 4 != 3 {
            text.push_str("- Image manager rollout\n");
        }
        text.push_str(&format!("\nNotes of week {w}.\n"));
        fs::write(content.join(format!("ops/{date}.md")), text).unwrap();
    }
    for date in ["2024-01-11", "2024-02-15", "2024-03-14"] {
        fs::write(
            content.join(format!("weekly/{date}.md")),
            format!("# Weekly {date}\n\n## Team Net\n\n- cabling plan\n"),
        )
        .unwrap();
    }
    let out = tmp.path().join("site");
    crawl::build(&root, None, "/", &out);
    (tmp, out)
}

fn page(out: &Path, url_path: &str) -> Html {
    let rel = url_path.trim_start_matches('/');
    let file = out.join(rel).join("index.html");
    let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    Html::parse_document(&text)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The link's page has an element with the link's fragment as id.
fn assert_lands(out: &Path, href: &str) {
    let (path, fragment) = href
        .split_once('#')
        .unwrap_or_else(|| panic!("{href} has no fragment"));
    let target = page(out, path);
    assert!(
        target
            .select(&sel(&format!("[id=\"{fragment}\"]")))
            .next()
            .is_some(),
        "{href}: no element with id {fragment}"
    );
}

fn hrefs(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

#[test]
fn month_indexes_and_map_cells_land_on_entries() {
    let (_tmp, out) = fixture();
    let mut checked = 0;
    for url in ["/teams/ops/", "/teams/ops/2024/", "/teams/net/"] {
        let doc = page(&out, url);
        let months = hrefs(&doc, "nav.months li a");
        assert!(!months.is_empty(), "{url}: no month index");
        for href in &months {
            assert!(href.contains("#m-"), "{url}: {href}");
            assert_lands(&out, href);
            checked += 1;
        }
    }
    // The year page has each of its months once, oldest first; its main page's months
    // open on the year page.
    let year = page(&out, "/teams/ops/2024/");
    let months = hrefs(&year, "nav.months li a");
    assert_eq!(months.first().unwrap(), "/teams/ops/2024/#m-2024-01");
    assert_eq!(months.len(), 6, "{months:?}");
    let main = hrefs(&page(&out, "/teams/ops/"), "nav.months li a");
    assert!(
        main.iter().all(|h| h.starts_with("/teams/ops/202")),
        "{main:?}"
    );
    let dates: Vec<String> = year
        .select(&sel(".timeline time"))
        .map(|t| t.text().collect())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "not oldest first: {dates:?}"
    );
    // The month's anchor is on its first entry.
    let first_feb = year
        .select(&sel("[id=\"m-2024-02\"] time"))
        .next()
        .map(|t| t.text().collect::<String>());
    assert_eq!(first_feb.as_deref(), Some("2024-02-01"));
    assert!(checked >= 10);
    // A page of one month needs no index; its anchor is there for the map.
    let dec = page(&out, "/teams/ops/2023/");
    assert!(dec.select(&sel("nav.months")).next().is_none());
    assert_lands(&out, "/teams/ops/2023/#m-2023-12");

    // Every map cell links to a month anchor that exists, out of the tab order.
    let index = page(&out, "/");
    let cells: Vec<_> = index.select(&sel("svg.heatmap a")).collect();
    assert!(cells.len() >= 9, "{} cells link", cells.len());
    for a in &cells {
        let href = a.value().attr("href").unwrap();
        assert!(href.contains("#m-"), "{href}");
        assert_eq!(a.value().attr("tabindex"), Some("-1"), "{href}");
        assert_lands(&out, href);
    }
    assert!(hrefs(&index, "svg.heatmap a").contains(&"/teams/ops/2024/#m-2024-03".to_string()));
    assert!(hrefs(&index, "svg.heatmap a").contains(&"/teams/net/#m-2024-02".to_string()));
    let svg = index.select(&sel("svg.heatmap")).next().unwrap();
    assert_eq!(svg.value().attr("aria-hidden"), Some("true"));
    // Legend and month ticks.
    let texts: Vec<String> = svg
        .select(&sel("text"))
        .map(|t| t.text().collect())
        .collect();
    assert!(texts.iter().any(|t| t == "Apr"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "No entries"), "{texts:?}");
}

#[test]
fn long_timelines_are_compact_and_short_ones_expanded() {
    let (_tmp, out) = fixture();
    let long = page(&out, "/teams/ops/2024/");
    let entries = long.select(&sel(".timeline > li.entry")).count();
    assert_eq!(entries, 24);
    let details: Vec<_> = long
        .select(&sel(".timeline > li.entry > details"))
        .collect();
    assert_eq!(details.len(), entries, "every entry folds");
    for d in &details {
        assert!(d.value().attr("open").is_none());
        let summary: String = d.select(&sel("summary")).next().unwrap().text().collect();
        assert!(!summary.trim().is_empty());
        // The notes are inside the <details>, once.
        assert_eq!(d.select(&sel(".content")).count(), 1);
    }
    assert_eq!(long.select(&sel(".content")).count(), entries);
    for url in ["/teams/net/", "/teams/ops/2023/"] {
        let short = page(&out, url);
        assert!(short.select(&sel(".timeline > li.entry")).count() > 0);
        assert_eq!(short.select(&sel(".timeline details")).count(), 0, "{url}");
    }
}

#[test]
fn housekeeping_and_bare_links_are_not_topics() {
    let (_tmp, out) = fixture();
    let topics = page(&out, "/teams/ops/topics/");
    let titles: Vec<String> = topics
        .select(&sel(".topic h2"))
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(titles, ["Image manager rollout"], "{titles:?}");
    // Its 21 dates: the five newest shown, then a link to its own page with all.
    let topic = topics.select(&sel(".topic")).next().unwrap();
    let shown: Vec<String> = (topic.select(&sel("ol.weeks li a")))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(shown.len(), 6, "{shown:?}");
    assert_eq!(shown[5], "/teams/ops/topics/image-manager-rollout/");
    let own = page(&out, "/teams/ops/topics/image-manager-rollout/");
    assert_eq!(own.select(&sel("ol.mentions li")).count(), 21);
}

/// `--name: #rrggbb` declarations of a piece of CSS, in order.
fn vars(block: &str) -> Vec<(String, String)> {
    let decl = Regex::new(r"(--[a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\b").unwrap();
    decl.captures_iter(block)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

fn luminance(hex: &str) -> f64 {
    let c = |i: usize| {
        let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn map_levels_meet_three_to_one_in_both_modes() {
    let (_tmp, out) = fixture();
    let css = fs::read_to_string(out.join("style.css")).unwrap();
    let get = |block: &str, name: &str| {
        vars(block)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("no {name} in {block}"))
    };
    // The theme's first two blocks: light, then dark.
    let dark_at = css.find("@media (prefers-color-scheme: dark)").unwrap();
    let (light_theme, dark_theme) = (&css[..dark_at], &css[dark_at..]);
    let map = &css[css.find("/* Heat map */").expect("a heat map block")..];
    let map_dark_at = map.find("@media (prefers-color-scheme: dark)").unwrap();
    let (map_light, map_dark) = (&map[..map_dark_at], &map[map_dark_at..]);
    for (mode, theme, levels) in [
        ("light", light_theme, map_light),
        ("dark", dark_theme, map_dark),
    ] {
        let bg = get(theme, "--bg");
        let mut last = 0.0;
        for l in 0..=4 {
            let colour = get(levels, &format!("--hm{l}"));
            let ratio = contrast(&colour, &bg);
            assert!(
                ratio >= 3.0,
                "{mode}: --hm{l} {colour} is {ratio:.2}:1 on {bg}"
            );
            // More entries, more salient: further from the background.
            if l >= 1 {
                assert!(
                    ratio > last,
                    "{mode}: --hm{l} is less salient than --hm{}",
                    l - 1
                );
                last = ratio;
            }
        }
    }
}

#[test]
fn a_busy_year_is_shown_in_parts_of_whole_months() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    crate::common::busy_year(&root, 0);
    let out = tmp.path().join("out");
    crawl::build(&root, None, "/", &out);
    let crawl = crawl::crawl(&out, "http://localhost/");
    assert!(crawl.problems.is_empty(), "{:?}", crawl.problems);
    let parts: Vec<String> = ["teams/ops/2024/index.html"]
        .into_iter()
        .map(String::from)
        .chain((2..=12).map(|m| format!("teams/ops/2024/{m:02}/index.html")))
        .filter(|p| out.join(p).is_file())
        .collect();
    assert!(parts.len() >= 2, "{parts:?}");
    let mut months = Vec::new();
    for p in &parts {
        let html = fs::read_to_string(out.join(p)).unwrap();
        // Every part keeps to the budget, with room for the page around the notes.
        assert!(html.len() < 150_000, "{p}: {} bytes", html.len());
        let doc = Html::parse_document(&html);
        // Each part indexes all twelve months, each linking to the part that has it.
        let index: Vec<String> = doc
            .select(&Selector::parse("nav.months ol a").unwrap())
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        assert_eq!(index.len(), 12, "{p}: {index:?}");
        for m in doc.select(&Selector::parse("li.entry h2[id]").unwrap()) {
            months.push(m.value().attr("id").unwrap().to_string());
        }
        let h1: String = doc
            .select(&Selector::parse("h1").unwrap())
            .next()
            .unwrap()
            .text()
            .collect();
        assert!(h1.starts_with("Team Ops 2024, "), "{h1}");
    }
    // The parts together hold each month once, in order.
    let want: Vec<String> = (1..=12).map(|m| format!("m-2024-{m:02}")).collect();
    assert_eq!(months, want);
    // A part reads on into the next.
    let first = fs::read_to_string(out.join(&parts[0])).unwrap();
    let second = parts[1].trim_end_matches("index.html");
    assert!(
        first.contains(&format!("Continues in <a href=\"/{second}\">")),
        "{first}"
    );
}

#[test]
fn a_month_larger_than_a_page_is_a_part_of_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    crate::common::busy_year(&root, 6);
    let out = tmp.path().join("out");
    crawl::build(&root, None, "/", &out);
    assert!(out.join("teams/ops/2024/06/index.html").is_file());
    assert!(out.join("teams/ops/2024/07/index.html").is_file());
    let june = fs::read_to_string(out.join("teams/ops/2024/06/index.html")).unwrap();
    assert!(june.contains("<span class=\"subtitle\">2024, June</span>"));
    let crawl = crawl::crawl(&out, "http://localhost/");
    assert!(crawl.problems.is_empty(), "{:?}", crawl.problems);
}
