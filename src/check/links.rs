//! Checks the rendered site: every internal `href`/`src` must land on a page or file the
//! build produces, under the base path, and every `#fragment` on an element id there.
//!
//! Works on HTML in memory (parsed with html5ever through `scraper`), so `check` can
//! run it without writing anything. URLs are resolved the way a browser does, against
//! the page's own URL on the site's origin, so relative, root-relative and absolute
//! same-origin links are all covered.

use std::collections::{HashMap, HashSet};

use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use scraper::Html;
use url::Url;

use crate::urls::Urls;

/// A link that goes nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// Root-relative URL of the page holding the link.
    pub page: String,
    /// The attribute value as written.
    pub href: String,
    /// What is wrong.
    pub problem: String,
}

/// Elements whose `href` or `src` a browser follows or loads.
const HREF: &[&str] = &["a", "area", "link"];
const SRC: &[&str] = &["img", "script", "source", "iframe", "video", "audio"];

struct Scanned {
    ids: HashSet<String>,
    links: Vec<String>,
}

/// One walk over the document collects both the anchors and the links.
fn scan(html: &str) -> Scanned {
    let doc = Html::parse_document(html);
    let mut ids = HashSet::new();
    let mut links = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        if let Some(id) = el.attr("id") {
            ids.insert(id.to_string());
        }
        if name == "a" {
            if let Some(n) = el.attr("name") {
                ids.insert(n.to_string());
            }
        }
        let attr = if HREF.contains(&name) {
            "href"
        } else if SRC.contains(&name) {
            "src"
        } else {
            continue;
        };
        if let Some(v) = el.attr(attr) {
            links.push(v.to_string());
        }
    }
    Scanned { ids, links }
}

fn decoded(path: &str) -> String {
    percent_decode_str(path).decode_utf8_lossy().into_owned()
}

/// Checks `pages` (root-relative URL -> HTML) against themselves and `files` (the
/// root-relative URLs of every other file in the output).
pub fn check_links(
    urls: &Urls,
    pages: &[(String, String)],
    files: &HashSet<String>,
) -> Vec<BrokenLink> {
    let origin = Url::parse(
        &urls
            .absolute_base()
            .unwrap_or_else(|| "http://site.invalid/".into()),
    )
    .expect("the base URL parses");
    let scanned: Vec<Scanned> = pages.par_iter().map(|(_, html)| scan(html)).collect();
    let by_url: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, (u, _))| (decoded(u), i))
        .collect();
    let files: HashSet<String> = files.iter().map(|f| decoded(f)).collect();
    let base_path = urls.base_path();

    let mut broken = Vec::new();
    for ((page_url, _), s) in pages.iter().zip(&scanned) {
        let Ok(here) = origin.join(page_url) else {
            continue;
        };
        for href in &s.links {
            let mut bad = |problem: String| {
                broken.push(BrokenLink {
                    page: page_url.clone(),
                    href: href.clone(),
                    problem,
                })
            };
            let target = match here.join(href.trim()) {
                Ok(t) => t,
                Err(e) => {
                    bad(format!("not a valid URL: {e}"));
                    continue;
                }
            };
            if !matches!(target.scheme(), "http" | "https") || target.origin() != origin.origin() {
                continue;
            }
            let path = decoded(target.path());
            if !path.starts_with(base_path) {
                bad(format!("points outside the base path {base_path}"));
                continue;
            }
            let page = by_url
                .get(&path)
                .or_else(|| path.strip_suffix("index.html").and_then(|p| by_url.get(p)));
            match (page, target.fragment()) {
                (Some(&i), Some(f)) => {
                    let f = decoded(f);
                    if !f.is_empty() && f != "top" && !scanned[i].ids.contains(&f) {
                        bad(format!("no element with id `{f}` on {}", pages[i].0));
                    }
                }
                (Some(_), None) => {}
                (None, _) if files.contains(&path) => {}
                (None, _) if by_url.contains_key(&format!("{path}/")) => bad(format!(
                    "{path} is a folder; link to {path}/ (with the slash)"
                )),
                (None, _) => bad(format!("nothing is built at {path}")),
            }
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(pages: &[(&str, &str)], files: &[&str]) -> Vec<(String, String)> {
        let urls = Urls::new("https://example.org/sub/");
        let pages: Vec<(String, String)> = pages
            .iter()
            .map(|(u, h)| (u.to_string(), h.to_string()))
            .collect();
        let files = files.iter().map(|f| f.to_string()).collect();
        check_links(&urls, &pages, &files)
            .into_iter()
            .map(|b| (b.href, b.problem))
            .collect()
    }

    #[test]
    fn finds_missing_pages_files_and_anchors() {
        let home = r##"<link rel="stylesheet" href="/sub/style.css"><a href="a/">a</a>
            <a href="/sub/a/#x">x</a><a href="/sub/a/#nope">n</a><a href="/other/">o</a>
            <a href="https://example.org/sub/gone/">g</a><a href="https://elsewhere.org/">e</a>
            <img src="pic%20one.png"><a href="a">folder</a><a href="mailto:x@y.z">m</a><a href="#top">t</a>"##;
        let found = run(
            &[("/sub/", home), ("/sub/a/", r#"<h2 id="x">X</h2>"#)],
            &["/sub/style.css", "/sub/pic one.png"],
        );
        assert_eq!(
            found,
            vec![
                (
                    "/sub/a/#nope".to_string(),
                    "no element with id `nope` on /sub/a/".to_string()
                ),
                (
                    "/other/".to_string(),
                    "points outside the base path /sub/".to_string()
                ),
                (
                    "https://example.org/sub/gone/".to_string(),
                    "nothing is built at /sub/gone/".to_string()
                ),
                (
                    "a".to_string(),
                    "/sub/a is a folder; link to /sub/a/ (with the slash)".to_string()
                ),
            ]
        );
    }
}
