//! Helpers shared by the integration tests: running the binary, finding `../shared`,
//! and an independent link checker over a built site.

pub(crate) mod browser;
pub(crate) mod crawl;
pub(crate) mod server;
pub(crate) mod site;
pub(crate) mod skip;
pub(crate) mod static_server;

pub(crate) use site::{copy_tree, read_tree, SiteTest};

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// The binary under test.
pub(crate) fn minutebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_minutebook"))
}

/// The repository root.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary and returns its output; panics with stderr when it cannot start.
pub(crate) fn run(args: &[&str]) -> Output {
    minutebook().args(args).output().expect("run minutebook")
}

/// `minutebook build --root ROOT --output OUT` plus `extra` arguments: its output.
pub(crate) fn build_into(root: &Path, out: &Path, extra: &[&str]) -> Output {
    minutebook()
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(extra)
        .output()
        .expect("run minutebook")
}

/// `../shared/corpus/scs-minutes`, when present. With `MINUTEBOOK_REQUIRE_SHARED=1`
/// a missing corpus fails the test instead of skipping it.
pub(crate) fn scs_corpus() -> Option<PathBuf> {
    shared_path("corpus/scs-minutes")
}

/// A path under `../shared`, when present; with `MINUTEBOOK_REQUIRE_SHARED=1` a missing
/// one fails the test instead of skipping it.
pub(crate) fn shared_path(rel: &str) -> Option<PathBuf> {
    let p = repo().join("../shared").join(rel);
    if p.exists() {
        return Some(p);
    }
    skip::skip(skip::Need::Shared, &format!("{} is missing", p.display()))
}

/// Builds `corpus` with the binary, with the site folder `root` (an empty one when
/// `None`: no `site.toml`), into a folder of its own (the build keeps a spare beside
/// it). Returns the temporary folder and the output in it.
pub(crate) fn build_corpus(corpus: &Path, root: Option<&Path>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let empty = tmp.path().join("root");
    std::fs::create_dir(&empty).unwrap();
    let root = root.unwrap_or(&empty);
    let o = run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--content",
        corpus.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

/// All HTML files of a built site, relative paths.
pub(crate) fn html_files(out: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(out).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

fn ids_of(doc: &Html) -> HashSet<String> {
    let sel = Selector::parse("[id], a[name]").unwrap();
    doc.select(&sel)
        .flat_map(|e| [e.value().attr("id"), e.value().attr("name")])
        .flatten()
        .map(String::from)
        .collect()
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Checks every internal `href`/`src` of every page in `out`, served under
/// `base_path` (`/` or `/sub/`): the target file exists and the `#fragment` is an id
/// in it. Returns one line per broken link.
pub(crate) fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let sel = Selector::parse("a[href], link[href], img[src], script[src], form[action]").unwrap();
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    let pages = html_files(out);
    let mut docs: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        let doc = Html::parse_document(&text);
        ids.insert(page.clone(), ids_of(&doc));
        let links = doc
            .select(&sel)
            .filter_map(|e| {
                e.value()
                    .attr("href")
                    .or(e.value().attr("src"))
                    .or(e.value().attr("action"))
            })
            .map(String::from)
            .collect();
        docs.push((page.clone(), links));
    }
    for (page, links) in docs {
        for link in links {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("//") {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let path = path.split('?').next().unwrap().to_string();
            let target: PathBuf = if path.is_empty() {
                page.clone()
            } else if let Some(rest) = path.strip_prefix(base_path) {
                let mut p = PathBuf::from(percent_decode(rest));
                if rest.is_empty() || rest.ends_with('/') {
                    p.push("index.html");
                }
                p
            } else {
                broken.push(format!(
                    "{}: `{link}` is not under the base path {base_path}",
                    page.display()
                ));
                continue;
            };
            if !out.join(&target).is_file() {
                broken.push(format!(
                    "{}: `{link}` -> {} missing",
                    page.display(),
                    target.display()
                ));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                let target_ids = ids.get(&target).cloned().unwrap_or_default();
                if !target_ids.contains(&percent_decode(&f)) {
                    broken.push(format!(
                        "{}: `{link}`: no id `{f}` in {}",
                        page.display(),
                        target.display()
                    ));
                }
            }
        }
    }
    broken
}

/// Script from content: any `<script>` without a `src` of ours, event handler
/// attributes, or `javascript:` URLs. Returns one line per finding.
pub(crate) fn scripts_from_content(out: &Path, base_path: &str) -> Vec<String> {
    let all = Selector::parse("*").unwrap();
    let mut found = Vec::new();
    for page in html_files(out) {
        let text = std::fs::read_to_string(out.join(&page)).unwrap();
        let doc = Html::parse_document(&text);
        for el in doc.select(&all) {
            let v = el.value();
            if matches!(v.name(), "script" | "iframe" | "object" | "embed") {
                let ours =
                    v.name() == "script" && v.attr("src").is_some_and(|s| s.starts_with(base_path));
                if !ours {
                    found.push(format!("{}: <{}> element", page.display(), v.name()));
                }
            }
            for (name, value) in v.attrs() {
                if name.starts_with("on") {
                    found.push(format!("{}: {name}= attribute", page.display()));
                }
                if value.trim_start().to_lowercase().starts_with("javascript:") {
                    found.push(format!("{}: javascript: URL", page.display()));
                }
            }
        }
    }
    found
}

/// Team Ops reports monthly in 2024 with long notes (about 13 KB each, month
/// `long_month` ten times that): more than a page holds, so the year is shown in parts
/// of whole months.
pub(crate) fn busy_year(root: &Path, long_month: u32) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = 'Busy'\n[[teams]]\nname = 'Team Ops'\nslug = 'ops'\n",
    )
    .unwrap();
    for month in 1..=12u32 {
        let items = if month == long_month { 1500 } else { 150 };
        let mut text = format!("# Weekly 2024-{month:02}-10\n\n## Team Ops\n\n");
        for k in 0..items {
            text.push_str(&format!(
                "- item {k} of month {month}: upgraded the cluster and wrote it down\n"
            ));
        }
        std::fs::write(content.join(format!("2024-{month:02}-10.md")), text).unwrap();
    }
}

/// The names of the pages one level under a folder of the output (`teams/`,
/// `people/`), sorted: its entries other than its own `index.html`.
pub(crate) fn pages_under(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    names.sort();
    names
}
