//! Action items followed across meetings, on the fixture `actions-lifecycle` (five
//! weekly meetings of a garden club): one item per action however often it is carried
//! or reworded, its state, the pages that show it, `minutebook new` carrying the open
//! ones and `minutebook actions --json`.

use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::common::{copy_tree, repo, run};

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/actions-lifecycle")
}

/// Builds a site folder into a temporary output; returns it and the output folder.
fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = crate::common::build_into(root, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

fn page(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path).join("index.html")).unwrap()
}

/// The `<li class="action …">` entries of some HTML, as (state, inner HTML).
fn entries(html: &str) -> Vec<(String, String)> {
    let li = Regex::new(r#"(?s)<li class="action (\w+)">(.*?)</li>"#).unwrap();
    li.captures_iter(html)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

fn entry<'a>(list: &'a [(String, String)], text: &str) -> &'a (String, String) {
    list.iter()
        .find(|(_, h)| h.contains(text))
        .unwrap_or_else(|| panic!("no entry with {text:?} in {list:#?}"))
}

fn meeting(date: &str) -> String {
    format!("href=\"/minutes/weekly/{date}/")
}

#[test]
fn actions_page_shows_items_open_by_owner_and_group_then_done_then_dropped() {
    let (_tmp, out) = build(&fixture());
    let html = page(&out, "actions");
    assert!(html.contains("2 open, 2 done, 1 dropped"), "{html}");
    let (open, rest) = html.split_once(r#"id="done""#).unwrap();
    let (done, dropped) = rest.split_once(r#"id="dropped""#).unwrap();
    let (by_owner, by_team) = open.split_once(r#"id="by-team""#).unwrap();

    // Carried four times, reworded under "Open action items": one entry, linking every
    // meeting that mentions it.
    let open_owner = entries(by_owner);
    assert_eq!(open_owner.len(), 2, "{open_owner:#?}");
    let (state, news) = entry(&open_owner, "the newsletter, January issue");
    assert_eq!(state, "open");
    for d in ["2024-01-04", "2024-01-11", "2024-01-25", "2024-02-01"] {
        assert!(news.contains(&meeting(d)), "{d} not linked: {news}");
    }
    assert!(
        news.contains("raised <span class=\"date\">2024-01-04</span>"),
        "{news}"
    );
    assert!(
        by_owner.contains(r#"<a href="/people/ben/">@ben</a>"#),
        "{by_owner}"
    );
    // By group: the shed under Team Water, the newsletter under no group.
    let water = by_team.split_once("Team Water").unwrap().1;
    assert!(entry(&entries(water), "paint the shed")
        .1
        .contains(&meeting("2024-01-25")));
    let none = by_team
        .split_once("Not in a group&#39;s section")
        .unwrap()
        .1;
    assert!(entry(&entries(none), "newsletter")
        .1
        .contains(&meeting("2024-02-01")));

    // Ticked in its third meeting: done, decided there; the text near-duplicates
    // ("to order the new hose", "order the new hose") are one item.
    let done = entries(done);
    assert_eq!(done.len(), 2, "{done:#?}");
    let (state, hose) = entry(&done, "order the new hose");
    assert_eq!(state, "done");
    assert!(hose.contains(&format!("{}\">2024-01-18</a>", meeting("2024-01-18"))));
    let mentions = hose.split_once("class=\"mentions\"").unwrap().1;
    assert_eq!(mentions.matches("/minutes/weekly/").count(), 3, "{hose}");
    // "(done)" next to the action closes it.
    assert!(entry(&done, "fix the pump")
        .1
        .contains("<strong class=\"state\">done</strong>"));

    // Not carried for four meetings: dropped, decided by the fourth.
    let dropped = entries(dropped);
    assert_eq!(dropped.len(), 1);
    let (state, seeds) = entry(&dropped, "sort the seed boxes");
    assert_eq!(state, "dropped");
    assert!(
        seeds.contains(&format!("{}\">2024-02-01</a>", meeting("2024-02-01"))),
        "{seeds}"
    );
}

#[test]
fn person_and_team_pages_show_open_actions_first() {
    let (_tmp, out) = build(&fixture());
    let ben = page(&out, "people/ben");
    let order: Vec<String> = entries(&ben).into_iter().map(|(s, _)| s).collect();
    assert_eq!(order, ["open", "open", "done"], "{ben}");
    let actions_at = ben.find(r#"id="actions""#).unwrap();
    let meetings_at = ben.find("<table").unwrap();
    assert!(actions_at < meetings_at, "actions come before the meetings");
    let ana = page(&out, "people/ana");
    let order: Vec<String> = entries(&ana).into_iter().map(|(s, _)| s).collect();
    assert_eq!(order, ["done", "dropped"], "{ana}");

    let water = page(&out, "teams/team-water");
    let open = entries(&water);
    assert_eq!(open.len(), 1, "only what is open: {open:#?}");
    assert!(open[0].1.contains("paint the shed"));
    let seeds = page(&out, "teams/team-seeds");
    assert!(
        entries(&seeds).is_empty(),
        "the dropped item is not open: {seeds}"
    );
}

#[test]
fn new_carries_the_open_actions_and_ticking_one_closes_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), tmp.path());
    let root = tmp.path().to_str().unwrap();
    let o = run(&["new", "--root", root, "--series", "weekly", "2024-02-08"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let draft_path = tmp.path().join("content/weekly/2024-02-08.md");
    let draft = fs::read_to_string(&draft_path).unwrap();
    let expected = "## Open action items\n\n\
        - [ ] @ben the newsletter, January issue (raised [2024-01-04](2024-01-04.md))\n\
        - [ ] @ben to paint the shed (raised [2024-01-25](2024-01-25.md))\n";
    assert!(draft.contains(expected), "{draft}");
    // Nothing else of the old text: no done or dropped item, no old bullet.
    for old in ["hose", "seed boxes", "pump", "Short meeting"] {
        assert!(!draft.contains(old), "{old} in {draft}");
    }

    // Ticked in the new minutes: the item is done, decided there, with five mentions.
    fs::write(
        &draft_path,
        draft.replace("- [ ] @ben to paint", "- [x] @ben to paint"),
    )
    .unwrap();
    let o = run(&["actions", "--root", root, "--state", "all", "--json"]);
    assert!(o.status.success());
    let items: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let shed = (items.as_array().unwrap().iter())
        .find(|i| i["text"].as_str().unwrap().contains("paint the shed"))
        .unwrap();
    assert_eq!(shed["state"], "done");
    assert_eq!(shed["decided_on"], "2024-02-08");
    assert_eq!(shed["mentions"].as_array().unwrap().len(), 3);
}

#[test]
fn actions_command_lists_and_filters_as_json() {
    let root = fixture();
    let json = |args: &[&str]| -> Vec<serde_json::Value> {
        let mut all = vec!["actions", "--root", root.to_str().unwrap(), "--json"];
        all.extend(args);
        let o = run(&all);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<serde_json::Value>(&o.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let open = json(&[]);
    let texts: Vec<&str> = open.iter().map(|i| i["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "@ben the newsletter, January issue",
            "@ben to paint the shed"
        ]
    );
    assert_eq!(open[0]["raised_on"], "2024-01-04");
    assert_eq!(open[0]["last_seen"], "2024-02-01");
    assert_eq!(
        open[0]["mentions"],
        serde_json::json!([
            "weekly/2024-01-04.md",
            "weekly/2024-01-11.md",
            "weekly/2024-01-25.md",
            "weekly/2024-02-01.md"
        ])
    );
    assert_eq!(open[1]["group"], "Team Water");
    let all = json(&["--state", "all"]);
    let states: Vec<&str> = all.iter().map(|i| i["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["open", "open", "done", "done", "dropped"]);
    let ana = json(&["--state", "all", "--owner", "ana"]);
    assert_eq!(ana.len(), 2);
    assert!(ana.iter().all(|i| i["owner"] == "@ana"));
    let seeds = json(&["--state", "dropped", "--group", "team-seeds"]);
    assert_eq!(seeds.len(), 1);
    assert_eq!(seeds[0]["decided_on"], "2024-02-01");
    // The text form: one line per item, exit code 0.
    let o = run(&[
        "actions",
        "--root",
        root.to_str().unwrap(),
        "--owner",
        "@ben",
    ]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.starts_with("open    2024-01-04 @ben [weekly] @ben the newsletter"),
        "{text}"
    );
}

/// A club that raises one action a week for 130 weeks (each its own owner, so that no
/// two are one item), each dropped four meetings later: `/actions/` shows the latest
/// 30 dropped and links all of them, on pages of 100, the latest decided first; every
/// link resolves.
#[test]
fn many_dropped_items_are_on_pages_of_their_own() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    let content = root.join("content");
    fs::create_dir_all(&content).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 6).unwrap();
    for w in 0..130 {
        let date = start + chrono::Duration::weeks(w);
        fs::write(
            content.join(format!("{date}.md")),
            format!("# Club {date}\n\n## Tasks\n\n- AI @kim{w}: water the bed number {w}\n"),
        )
        .unwrap();
    }
    let (_tmp, out) = build(&root);
    let main = page(&out, "actions");
    assert_eq!(
        entries(&main)
            .iter()
            .filter(|(s, _)| s == "dropped")
            .count(),
        30
    );
    assert!(
        main.contains("<a href=\"/actions/dropped/\">All 126 dropped items</a>"),
        "{main}"
    );
    let first = page(&out, "actions/dropped");
    let second = page(&out, "actions/dropped/page/2");
    assert_eq!(entries(&first).len(), 100);
    assert_eq!(entries(&second).len(), 26);
    // The latest decided first: the first page starts with the last item dropped.
    assert!(
        entries(&first)[0].1.contains("bed number 125"),
        "{:?}",
        entries(&first)[0]
    );
    assert!(
        entries(&second)[25].1.contains("bed number 0"),
        "{:?}",
        entries(&second)[25]
    );
    assert!(second.contains("aria-current=\"page\">2<"));
    assert!(!out.join("actions/done").exists(), "nothing is done");
    let crawl = crate::common::crawl::crawl(&out, "http://localhost/");
    assert!(crawl.problems.is_empty(), "{:?}", crawl.problems);
}
