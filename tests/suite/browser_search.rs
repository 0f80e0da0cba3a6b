//! The search page in headless Chromium, on the SCS corpus built under a base path and
//! served over HTTP: results, highlighted snippets, filters, landing on the section,
//! the query parser, bytes fetched and time to first results per query, "Show more",
//! date sorting, the date range, and loading ahead on focus.

use crate::common::browser;
use crate::common::scs_corpus;
use crate::common::static_server::StaticServer;

use std::path::Path;
use std::time::Duration;

use fantoccini::{Client, Locator};
use minutebook::outputs::write as output;
use minutebook::site::{Site, SitePaths};
use serde_json::{json, Value};

const BASE: &str = "/minutes-archive/";

/// The results on the page, as plain data.
async fn results(c: &Client) -> Vec<Value> {
    let v = c
        .execute(
            r#"return Array.from(document.querySelectorAll('#search-results .result')).map(function (r) {
                 return {
                   href: r.querySelector('a.result-link').getAttribute('href'),
                   heading: r.querySelector('a.result-link').textContent,
                   meta: r.querySelector('.meta').textContent,
                   marks: Array.from(r.querySelectorAll('.snippet mark')).map(function (m) { return m.textContent; }),
                   snippet: r.querySelector('.snippet').textContent,
                   meeting: r.closest('.result-meeting').querySelector('h2 a').getAttribute('href')
                 };
               });"#,
            vec![],
        )
        .await
        .expect("read results");
    v.as_array().cloned().unwrap_or_default()
}

async fn search_page(c: &Client, origin: &str, q: &str) -> Vec<Value> {
    let url = format!(
        "{origin}{BASE}search/?q={}",
        percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
    );
    c.goto(&url).await.expect("open the search page");
    wait_or_explain(c, "#search-results .result", q).await;
    results(c).await
}

/// Waits for `css` to appear; if it does not, fails with the page's status line and
/// every resource it requested (name, status, milliseconds).
async fn wait_or_explain(c: &Client, css: &str, query: &str) {
    if let Err(e) = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await
    {
        let state = c
            .execute(
                "return [document.getElementById('search-status').textContent, performance.getEntriesByType('resource').map(function (e) { return e.name + ' ' + e.responseStatus + ' ' + Math.round(e.duration); })];",
                vec![],
            )
            .await;
        panic!("no results for {query}: {e}; {state:?}");
    }
}

/// What a search page loaded for a query (a fresh page, `?q=` in the URL): the search
/// files fetched (script, manifest, shards) and their size in gzip (the test server does
/// not compress; a static host would), and how long the first results took.
struct Fetched {
    files: Vec<String>,
    gzip: usize,
    first_ms: f64,
    meetings: usize,
}

async fn fetched_for(c: &Client, origin: &str, dir: &Path, url_query: &str) -> Fetched {
    c.goto(&format!("{origin}{BASE}search/?{url_query}"))
        .await
        .expect("open the search page");
    wait_or_explain(c, "#search-results[data-first-ms]", url_query).await;
    let v = c
        .execute(
            r#"return {
                 files: performance.getEntriesByType('resource').map(function (e) { return new URL(e.name).pathname; })
                   .filter(function (p) { return /search/.test(p) && !/\/$/.test(p); }),
                 first_ms: Number(document.getElementById('search-results').getAttribute('data-first-ms')),
                 meetings: document.querySelectorAll('#search-results .result-meeting').length
               };"#,
            vec![],
        )
        .await
        .unwrap();
    let mut files: Vec<String> = serde_json::from_value(v["files"].clone()).unwrap();
    files.sort();
    files.dedup();
    let gzip = files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(BASE).expect("under the base path");
            minutebook::outputs::search_index::gzip_len(&std::fs::read(dir.join(rel)).unwrap())
        })
        .sum();
    Fetched {
        files,
        gzip,
        first_ms: v["first_ms"].as_f64().unwrap(),
        meetings: v["meetings"].as_u64().unwrap() as usize,
    }
}

/// Dates of the meetings shown, in order.
async fn shown_dates(c: &Client) -> Vec<String> {
    let v = c
        .execute(
            r#"return Array.from(document.querySelectorAll('#search-results .result-meeting > .meta'))
                 .map(function (m) { return m.textContent.slice(0, 10); });"#,
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

/// Typical queries stay within `budget` bytes (gzip) fetched and show results fast.
async fn check_query_weight(c: &Client, origin: &str, dir: &Path, budget: usize, what: &str) {
    for q in [
        "q=zuul",
        "q=%22status+page%22",
        "q=team%3Aops",
        "q=kubernetes+cluster",
        "q=ovn",
        "q=zuul&sort=newest",
    ] {
        let f = fetched_for(c, origin, dir, q).await;
        eprintln!(
            "{what}: {q}: {} bytes gzip in {} files, first results after {:.0} ms, {} meetings shown",
            f.gzip,
            f.files.len(),
            f.first_ms,
            f.meetings
        );
        assert!(
            f.gzip <= budget,
            "{q} fetched {} bytes: {:?}",
            f.gzip,
            f.files
        );
        assert!(
            f.meetings > 0 && f.meetings <= 10,
            "{q}: {} meetings",
            f.meetings
        );
    }
}

/// Milliseconds from the last key typed into the search page's box to the first results.
async fn typed_ms(c: &Client, origin: &str, q: &str) -> f64 {
    c.goto(&format!("{origin}{BASE}search/")).await.unwrap();
    let input = c.find(Locator::Id("q")).await.unwrap();
    input.click().await.unwrap();
    // The manifest loads on focus; typing starts once it is in, as a person's would.
    tokio::time::sleep(Duration::from_millis(500)).await;
    input.send_keys(q).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#search-results[data-typed-ms]"))
        .await
        .unwrap();
    let typed = c
        .execute(
            "return Number(document.getElementById('search-results').getAttribute('data-typed-ms'));",
            vec![],
        )
        .await
        .unwrap();
    typed.as_f64().unwrap()
}

/// With `MINUTEBOOK_BIG_SITE` naming a site built with `--base-url /minutes-archive/`
/// (the 5,200-week archive of `gen-archive`), its queries stay within 300 KB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_weight_on_a_big_archive() {
    let Ok(dir) = std::env::var("MINUTEBOOK_BIG_SITE") else {
        eprintln!("note: skipping: set MINUTEBOOK_BIG_SITE to a site built with --base-url {BASE}");
        return;
    };
    let Some(b) = browser::start().await else {
        return;
    };
    let server = StaticServer::start(Path::new(&dir), BASE);
    check_query_weight(
        &b.client,
        &server.origin,
        Path::new(&dir),
        300_000,
        "big archive",
    )
    .await;
    for q in ["zuul", "status page"] {
        let typed = typed_ms(&b.client, &server.origin, q).await;
        eprintln!("big archive: first results for {q} {typed} ms after the last key");
        assert!(typed < 300.0, "{q}: {typed} ms");
    }
}

/// Text of the section an anchor starts: the heading and everything up to the next
/// heading of the same or a higher level.
const SECTION_TEXT: &str = r#"
  var id = decodeURIComponent(location.hash.slice(1));
  var h = document.getElementById(id);
  if (!h) return null;
  var level = Number(h.tagName.slice(1)) || 6;
  var text = h.textContent;
  for (var n = h.nextElementSibling; n; n = n.nextElementSibling) {
    var l = /^H[1-6]$/.test(n.tagName) ? Number(n.tagName.slice(1)) : 7;
    if (l <= level) break;
    text += ' ' + n.textContent;
  }
  return { id: id, text: text, target: document.querySelector(':target') === h };
"#;

// One browser session over one built site: the steps share the page state.
#[allow(clippy::too_many_lines)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_on_the_scs_corpus_in_chromium() {
    let Some(corpus) = scs_corpus() else { return };
    let Some(b) = browser::start().await else {
        return;
    };
    let c = &b.client;

    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scs");
    let paths = SitePaths::new(Some(root), Some(corpus), Some(out.path().join("site")));
    let site = Site::load(paths, Some(BASE)).expect("the SCS corpus loads");
    let written = output::build_atomically(&site, &site.paths.output).expect("the SCS site builds");
    let ix = written.search;
    eprintln!(
        "search index: {} docs, {} bytes raw in {} files, manifest {} bytes gzip, {:.1}% of {} bytes markdown",
        ix.docs,
        ix.raw_bytes,
        ix.files,
        minutebook::outputs::search_index::gzip_len(
            &std::fs::read(site.paths.output.join("search-index.json")).unwrap()
        ),
        ix.percent_of_markdown(),
        ix.markdown_bytes
    );
    let server = StaticServer::start(&site.paths.output, BASE);
    let origin = server.origin.clone();

    // `zuul`: every result shows the word highlighted; the best is a section about Zuul.
    let zuul = search_page(c, &origin, "zuul").await;
    assert!(zuul.len() >= 10, "only {} results for zuul", zuul.len());
    for r in zuul.iter().take(10) {
        let marks = r["marks"].as_array().unwrap();
        assert!(
            marks
                .iter()
                .any(|m| m.as_str().unwrap().to_lowercase().starts_with("zuul")),
            "no highlighted zuul in {r}"
        );
        assert!(r["href"].as_str().unwrap().starts_with(BASE), "{r}");
    }
    let first = &zuul[0];
    assert!(
        first["href"].as_str().unwrap().contains('#'),
        "the first zuul hit is not a section: {first}"
    );
    let status = c
        .find(Locator::Id("search-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(status.contains("section"), "{status}");

    // Clicking the first result lands on that section of the meeting page.
    let href = first["href"].as_str().unwrap().to_string();
    c.find(Locator::Css("#search-results .result a.result-link"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_url(&url::Url::parse(&format!("{origin}{href}")).unwrap())
        .await
        .expect("the click navigates to the section");
    let section = c.execute(SECTION_TEXT, vec![]).await.unwrap();
    assert!(section.is_object(), "no element for the fragment of {href}");
    assert_eq!(section["target"], json!(true), "{section}");
    assert!(
        section["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("zuul"),
        "{section}"
    );

    // `"status page" team:ops`: only Team Ops, the phrase highlighted word by word.
    let status_page = search_page(c, &origin, "\"status page\" team:ops").await;
    assert!(
        status_page.len() >= 10,
        "only {} results",
        status_page.len()
    );
    for r in &status_page {
        assert!(
            r["meta"].as_str().unwrap().contains("Team Ops"),
            "not Team Ops: {r}"
        );
        // `Status page`, `Status-Page` and `status/page` are all the phrase.
        let marked: String = r["marks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                m.as_str()
                    .unwrap()
                    .to_lowercase()
                    .replace(|c: char| !c.is_alphanumeric(), " ")
            })
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            marked
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| w == ["status", "page"]),
            "phrase not highlighted in {r}"
        );
    }
    let first = &status_page[0];
    let href = first["href"].as_str().unwrap();
    assert!(href.contains('#'), "{first}");
    c.goto(&format!("{origin}{href}")).await.unwrap();
    let section = c.execute(SECTION_TEXT, vec![]).await.unwrap();
    assert!(
        section["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("status page"),
        "{section}"
    );

    // A filter without words lists that team's sections; a year filter narrows them.
    let y2023 = search_page(c, &origin, "zuul year:2023 series:community-call").await;
    for r in &y2023 {
        assert!(r["meta"].as_str().unwrap().contains(" 2023-"), "{r}");
        assert!(
            r["meeting"].as_str().unwrap().contains("/community-call/"),
            "{r}"
        );
    }
    let none = {
        c.goto(&format!("{origin}{BASE}search/?q=qqqxxyzzy"))
            .await
            .unwrap();
        c.wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::XPath(
                "//div[@id='search-status'][contains(., 'Nothing found')]",
            ))
            .await
            .expect("says nothing was found");
        results(c).await
    };
    assert!(none.is_empty());

    // The search box in the header of every page leads to the search page.
    c.goto(&format!("{origin}{BASE}teams/")).await.unwrap();
    let form = c.form(Locator::Css("form.site-search")).await.unwrap();
    form.set_by_name("q", "harbor")
        .await
        .unwrap()
        .submit()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#search-results .result"))
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), format!("{BASE}search/"));
    assert_eq!(url.query(), Some("q=harbor"));

    // The query parser, as the page uses it.
    let parsed = c
        .execute(
            r#"var p = window.minutebookSearch.parseQuery;
               return [p('Zuul "Status page" team:ops year:2023 series:community-call cert-manager'),
                       p('zuu'), p('zuul '), p('zuul team:iaas'), p('foo:bar "unclosed phrase'),
                       p('Größe ""'), p('team:"Team IaaS"')];"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        parsed[0],
        json!({"terms": ["zuul"], "phrases": [["status", "page"], ["cert", "manager"]],
               "filters": {"team": ["ops"], "series": ["community-call"], "year": ["2023"],
                           "person": [], "is": []}, "prefix": false})
    );
    assert_eq!(parsed[1]["prefix"], json!(true));
    assert_eq!(parsed[2]["prefix"], json!(false));
    assert_eq!(parsed[3]["prefix"], json!(false));
    assert_eq!(parsed[3]["filters"]["team"], json!(["iaas"]));
    assert_eq!(
        parsed[4]["phrases"],
        json!([["foo", "bar"], ["unclosed", "phrase"]])
    );
    assert_eq!(parsed[5]["terms"], json!(["große"]));
    assert_eq!(parsed[5]["phrases"], json!([]));
    assert_eq!(parsed[6]["filters"]["team"], json!(["team iaas"]));

    // Load and query times (reported, not asserted: timing is noisy), on a fresh page
    // that has not loaded the index yet: the first run of a query fetches its shards.
    c.goto(&format!("{origin}{BASE}search/")).await.unwrap();
    let timing = c
        .execute_async(
            r#"var done = arguments[arguments.length - 1];
               var s = window.minutebookSearch;
               var url = document.querySelector('script[data-search-index]').getAttribute('data-search-index');
               var t0 = performance.now();
               s.open(url).then(function (ix) {
                 var out = {load_ms: performance.now() - t0, queries: {}};
                 var qs = ['zuul', '"status page" team:ops', 'ku', 'health monitor ovn', 'year:2023', 'cluster stacks', 'openstack'];
                 function time(q) {
                   var a = performance.now();
                   return s.search(ix, q).then(function (res) { return s.details(ix, res, 0, 20); })
                     .then(function () { return performance.now() - a; });
                 }
                 return qs.reduce(function (p, q) {
                   return p.then(function () { return time(q); }).then(function (first) {
                     return time(q).then(function (again) { out.queries[q] = {first_ms: first, again_ms: again}; });
                   });
                 }, Promise.resolve()).then(function () { done(out); });
               });"#,
            vec![],
        )
        .await
        .unwrap();
    eprintln!("query timing in Chromium: {timing}");

    // What one query fetches, and how fast its first results show.
    check_query_weight(c, &origin, &site.paths.output, 150_000, "SCS").await;

    // More than 50 meetings on demand: 10 first, "Show more" adds 20 at a time.
    let all = fetched_for(c, &origin, &site.paths.output, "q=zuul").await;
    assert_eq!(all.meetings, 10);
    for n in [30, 50, 70] {
        c.find(Locator::Id("search-more"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(&format!(
                "#search-results > li:nth-child({n})"
            )))
            .await
            .unwrap_or_else(|e| panic!("not {n} meetings after Show more: {e}"));
    }
    let status = c
        .find(Locator::Id("search-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(status.contains("(70 shown)"), "{status}");

    // Sorted by date, newest or oldest first; the order is in the URL and the select.
    fetched_for(c, &origin, &site.paths.output, "q=zuul&sort=newest").await;
    let newest = shown_dates(c).await;
    let mut sorted = newest.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(newest, sorted);
    let select = c.find(Locator::Id("search-sort")).await.unwrap();
    assert_eq!(
        select.prop("value").await.unwrap().as_deref(),
        Some("newest")
    );
    fetched_for(c, &origin, &site.paths.output, "q=zuul&sort=oldest").await;
    let oldest = shown_dates(c).await;
    assert!(oldest.windows(2).all(|w| w[0] <= w[1]), "{oldest:?}");
    assert!(oldest[0] < newest[0]);

    // A date range, from the URL or the date fields.
    fetched_for(
        c,
        &origin,
        &site.paths.output,
        "q=zuul&from=2023-03-01&to=2023-06",
    )
    .await;
    let within = shown_dates(c).await;
    assert!(!within.is_empty());
    assert!(
        within
            .iter()
            .all(|d| d.as_str() >= "2023-03-01" && d.as_str() <= "2023-06-30"),
        "{within:?}"
    );
    // As a date picker sets it (typed dates depend on the browser's locale).
    c.execute(
        "var f = document.getElementById('search-from'); f.value = '2024-01-01'; f.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await
    .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_url(
            &url::Url::parse(&format!(
                "{origin}{BASE}search/?q=zuul&from=2024-01-01&to=2023-06-30"
            ))
            .unwrap(),
        )
        .await
        .expect("the range goes into the URL");

    // Typing: the manifest loads on focus, results follow the keys.
    let typed = typed_ms(c, &origin, "zuul").await;
    eprintln!("SCS: first results {typed} ms after the last key");
    assert!(typed < 300.0, "{typed} ms");

    // Any other page: focus on the header box fetches the script and the manifest ahead.
    c.goto(&format!("{origin}{BASE}teams/")).await.unwrap();
    c.find(Locator::Css("form.site-search input"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut ahead = Value::Null;
    for _ in 0..50 {
        ahead = c
            .execute(
                "return performance.getEntriesByType('resource').map(function (e) { return new URL(e.name).pathname; });",
                vec![],
            )
            .await
            .unwrap();
        if ahead.to_string().contains("search-index.json") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ahead.to_string().contains("search-index.json"), "{ahead}");
    assert!(ahead.to_string().contains("search.js"), "{ahead}");
    drop(server);
}
