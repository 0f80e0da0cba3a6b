//! `static/search.js` on a small built site, run by Node.js: the query parser, word,
//! prefix and phrase matching, filters, ranking and where results link. Skipped (with a
//! note) without `node`; `MINUTEBOOK_NODE_TESTS=1` makes a missing `node` a failure.

use std::path::Path;
use std::process::Command;

use minutebook::outputs::write as output;
use minutebook::site::{Site, SitePaths};
use serde_json::{json, Value};

const SITE_TOML: &str = "title = 't'\n[[teams]]\nname = 'Team Ops'\nslug = 'ops'\n[[teams]]\nname = 'Team IaaS'\nslug = 'iaas'\n[series.weekly]\nall_teams = true\n[series.ops]\nteam = 'Team Ops'\n";

const FILES: &[(&str, &str)] = &[
    (
        "weekly/20230105.md",
        "# Weekly 2023-01-05\n\n## Team Ops\n\n- Status page: deployed\n- Zuul upgrade\n\n## Team IaaS\n\n- flavor naming\n- identical tie words\n",
    ),
    (
        "weekly/20230112.md",
        "# Weekly 2023-01-12\n\n## Team Ops\n\n- the status page has bugs\n- zuulv3 migration\n\n## Team IaaS\n\n- page status\n- identical tie words\n",
    ),
    ("weekly/20240104.md", "# Weekly 2024-01-04\n\n## Team Ops\n\n- Zuul, zuul and Zuul again\n\n### Zuul details\n\nmore on Zuul\n"),
    ("ops/20230110.md", "# Ops meeting\n\n## Housekeeping\n\n- nothing\n\n## Zuul\n\nZuul is down\n"),
    (
        "council/20230201.md",
        "# Council 2023-02-01\n\nMinutes: Ana Lee\n\n## Present\n\n- Bo Chen (@bochen)\n\n## Notes\n\n- Decision: keep the budget\n- AI: @bochen writes the report\n",
    ),
    (
        "council/20240105.md",
        "# Council 2024-01-05\n\n## Actions\n\n- [x] @bochen writes the report\n- [ ] @bochen orders the chairs\n",
    ),
];

/// Results per query: for each meeting group, the results as `{date, team, href, ...}`.
fn run(queries: &[&str]) -> Option<Vec<Value>> {
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok {
        return crate::common::skip::skip(
            crate::common::skip::Need::Node,
            "`node` is not installed (apt-get install -y nodejs)",
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("site.toml"), SITE_TOML).unwrap();
    for (rel, text) in FILES {
        let p = root.join("content").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let out = tmp.path().join("public");
    let site = Site::load(
        SitePaths::new(Some(root), None, Some(out.clone())),
        Some("/sub/"),
    )
    .unwrap();
    output::build_atomically(&site, &out).unwrap();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = Command::new("node")
        .arg(manifest.join("tests/search_js/run.js"))
        .arg(manifest.join("static/search.js"))
        .arg(out.join("search-index.json"))
        .args(queries)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let v: Value = serde_json::from_slice(&result.stdout).unwrap();
    Some(v["results"].as_array().unwrap().clone())
}

fn hrefs(v: &Value) -> Vec<String> {
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g.as_array().unwrap())
        .map(|r| r["href"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn query_parser() {
    let Some(r) = run(&[
        "Zuul \"Status page\" team:ops year:2023 series:community-call cert-manager",
        "zuu",
        "zuul ",
        "zuul team:iaas",
        "foo:bar \"unclosed phrase",
        "Größe \"\"",
        "team:\"Team IaaS\"",
        "TEAM:Ops",
    ]) else {
        return;
    };
    assert_eq!(
        r[0]["parsed"],
        json!({"terms": ["zuul"], "phrases": [["status", "page"], ["cert", "manager"]],
               "filters": {"team": ["ops"], "series": ["community-call"], "year": ["2023"],
                           "person": [], "is": []}, "prefix": false})
    );
    assert_eq!(r[1]["parsed"]["prefix"], json!(true));
    assert_eq!(r[2]["parsed"]["prefix"], json!(false));
    assert_eq!(r[3]["parsed"]["prefix"], json!(false));
    assert_eq!(r[3]["parsed"]["filters"]["team"], json!(["iaas"]));
    assert_eq!(
        r[4]["parsed"]["phrases"],
        json!([["foo", "bar"], ["unclosed", "phrase"]])
    );
    assert_eq!(r[5]["parsed"]["terms"], json!(["große"]));
    assert_eq!(r[5]["parsed"]["phrases"], json!([]));
    assert_eq!(r[6]["parsed"]["filters"]["team"], json!(["team iaas"]));
    assert_eq!(r[7]["parsed"]["filters"]["team"], json!(["ops"]));
}

#[test]
fn words_prefixes_phrases_and_filters() {
    let Some(r) = run(&[
        "zuul",
        "zuul ",
        "\"status page\"",
        "status page",
        "zuul team:iaas",
        "zuul year:2024",
        "zuul series:ops",
        "team:iaas",
        "nothing-like-this",
        "",
        "team:\"Team IaaS\"",
        "team:nosuchteam",
        "year:20x3",
    ]) else {
        return;
    };
    // The last word is a prefix: `zuul` also finds `zuulv3`, `zuul ` does not.
    let prefix = hrefs(&r[0]);
    let exact = hrefs(&r[1]);
    assert!(
        prefix.contains(&"/sub/minutes/weekly/2023-01-12/#team-ops".to_string()),
        "{prefix:?}"
    );
    assert!(
        !exact.contains(&"/sub/minutes/weekly/2023-01-12/#team-ops".to_string()),
        "{exact:?}"
    );
    assert_eq!(prefix.len(), exact.len() + 1);
    // A phrase needs its words together, in order; bare words do not.
    let phrase = hrefs(&r[2]);
    assert_eq!(phrase.len(), 2, "{phrase:?}");
    assert!(
        phrase.iter().all(|h| h.ends_with("#team-ops")),
        "{phrase:?}"
    );
    assert!(hrefs(&r[3]).contains(&"/sub/minutes/weekly/2023-01-12/#team-iaas".to_string()));
    let marked = &r[2]["groups"][0][0]["marked"];
    assert!(
        marked == &json!(["status", "page"]) || marked == &json!(["Status", "page:"]),
        "{marked}"
    );
    // Filters.
    assert!(hrefs(&r[4]).is_empty());
    assert!(hrefs(&r[5]).iter().all(|h| h.contains("/2024-01-04/")) && !hrefs(&r[5]).is_empty());
    assert_eq!(hrefs(&r[6]), ["/sub/minutes/ops/2023-01-10/#zuul"]);
    let iaas = hrefs(&r[7]);
    assert_eq!(iaas.len(), 2);
    assert!(iaas.iter().all(|h| h.ends_with("#team-iaas")));
    assert!(hrefs(&r[8]).is_empty());
    assert!(hrefs(&r[9]).is_empty());
    // A team by its quoted name; unknown teams and years select nothing.
    assert_eq!(hrefs(&r[10]), iaas);
    assert!(hrefs(&r[11]).is_empty());
    assert!(hrefs(&r[12]).is_empty());
}

#[test]
fn ranking_grouping_and_links() {
    let Some(r) = run(&["zuul", "identical tie words", "details"]) else {
        return;
    };
    // Three mentions and a `Zuul details` sub-heading put 2024-01-04 first; the link
    // goes to the heading before the first match (the section here).
    let first = &r[0]["groups"][0][0];
    assert_eq!(first["date"], "2024-01-04");
    assert_eq!(first["href"], "/sub/minutes/weekly/2024-01-04/#team-ops");
    assert_eq!(
        first["marked"],
        json!(["Zuul,", "zuul", "Zuul", "Zuul", "Zuul"])
    );
    // One group per meeting.
    let groups = r[0]["groups"].as_array().unwrap();
    let dates: Vec<&str> = groups
        .iter()
        .map(|g| g[0]["date"].as_str().unwrap())
        .collect();
    let mut unique = dates.clone();
    unique.dedup();
    assert_eq!(dates.len(), unique.len(), "{dates:?}");
    // The team's own meeting links to its `## Zuul` heading.
    assert!(hrefs(&r[0]).contains(&"/sub/minutes/ops/2023-01-10/#zuul".to_string()));
    // Equal scores: the newer meeting first.
    let tie: Vec<&str> = r[1]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g[0]["date"].as_str().unwrap())
        .collect();
    assert_eq!(tie, ["2023-01-12", "2023-01-05"]);
    // A match under a sub-heading links to that sub-heading.
    let details = &r[2]["groups"][0][0];
    assert_eq!(
        details["href"],
        "/sub/minutes/weekly/2024-01-04/#zuul-details"
    );
    assert_eq!(details["label"], "Team Ops › Zuul details");
}

#[test]
fn person_and_kind_filters() {
    let Some(r) = run(&[
        "person:ana",
        "person:bochen budget",
        "person:\"Bo Chen\"",
        "is:decision",
        "is:action report",
        "budget is:action",
        "person:nosuchperson",
        "is:nonsense",
        "is:open",
        "is:done report",
        "is:open report",
    ]) else {
        return;
    };
    let dates = |v: &Value| -> Vec<String> {
        (v["groups"].as_array().unwrap().iter())
            .map(|g| g[0]["date"].as_str().unwrap().to_string())
            .collect()
    };
    // Only the meeting Ana took the minutes of, and Bo attended.
    assert_eq!(dates(&r[0]), ["2023-02-01"]);
    assert_eq!(dates(&r[1]), ["2023-02-01"]);
    assert_eq!(dates(&r[2]), ["2023-02-01"]);
    assert_eq!(r[0]["parsed"]["filters"]["person"], json!(["ana"]));
    // The documents holding a decision (a filter alone links the meeting), an action
    // item (a word links the heading above it).
    assert_eq!(hrefs(&r[3]), ["/sub/minutes/council/2023-02-01/"]);
    assert_eq!(
        hrefs(&r[4]),
        [
            "/sub/minutes/council/2024-01-05/#actions",
            "/sub/minutes/council/2023-02-01/#notes"
        ]
    );
    // The budget line is a decision in the same section, which also has an action.
    assert_eq!(hrefs(&r[5]).len(), 1);
    assert!(hrefs(&r[6]).is_empty());
    assert!(hrefs(&r[7]).is_empty());
    // The report, ticked at the next council, is done in both meetings; the chairs are open.
    assert_eq!(hrefs(&r[8]), ["/sub/minutes/council/2024-01-05/"]);
    assert_eq!(
        hrefs(&r[9]),
        [
            "/sub/minutes/council/2024-01-05/#actions",
            "/sub/minutes/council/2023-02-01/#notes"
        ]
    );
    assert_eq!(hrefs(&r[10]), ["/sub/minutes/council/2024-01-05/#actions"]);
}

#[test]
fn sort_by_date_and_date_range() {
    let Some(r) = run(&[
        "zuul\t{\"sort\":\"newest\"}",
        "zuul\t{\"sort\":\"oldest\"}",
        "zuul\t{\"from\":\"2023-01-06\",\"to\":\"2023-12\"}",
        "\t{\"from\":\"2024-01\"}",
        "zuul\t{\"to\":\"2023-01-05\"}",
        "zuul\t{\"sort\":\"nonsense\"}",
    ]) else {
        return;
    };
    let dates = |v: &Value| -> Vec<String> {
        (v["groups"].as_array().unwrap().iter())
            .map(|g| g[0]["date"].as_str().unwrap().to_string())
            .collect()
    };
    let newest = dates(&r[0]);
    assert_eq!(
        newest,
        ["2024-01-04", "2023-01-12", "2023-01-10", "2023-01-05"]
    );
    let mut oldest = dates(&r[1]);
    oldest.reverse();
    assert_eq!(oldest, newest);
    // Both ends take in their day or month.
    let mut within = dates(&r[2]);
    within.sort();
    assert_eq!(within, ["2023-01-10", "2023-01-12"]);
    // A range alone lists what it selects.
    assert_eq!(dates(&r[3]), ["2024-01-05", "2024-01-04"]);
    assert_eq!(dates(&r[4]), ["2023-01-05"]);
    // An unknown order is relevance: the meeting with most Zuul first.
    assert_eq!(dates(&r[5])[0], "2024-01-04");
}
