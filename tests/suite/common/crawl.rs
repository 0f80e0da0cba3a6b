//! An independent link crawl of a built site, for tests: it reads the output folder
//! like a static web server would and resolves links like a browser, sharing no code
//! with minutebook's own `linkcheck`.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::path::Path;
use std::process::{Command, Output};

use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};
use url::Url;

/// The `minutebook` binary under test.
pub(crate) fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minutebook"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Runs `minutebook build` and fails the test with its output when it fails.
pub(crate) fn build(root: &Path, content: Option<&Path>, base_url: &str, out: &Path) -> Output {
    let mut c = bin();
    c.arg("build")
        .arg("--root")
        .arg(root)
        .arg("--base-url")
        .arg(base_url)
        .arg("--output")
        .arg(out);
    if let Some(content) = content {
        c.arg("--content").arg(content);
    }
    let o = c.output().expect("minutebook runs");
    assert!(
        o.status.success(),
        "build failed:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// One parsed page of the output.
pub(crate) struct Page {
    /// Element ids (and `a[name]`).
    pub ids: HashSet<String>,
    /// (attribute name, value) of every `href` and `src`.
    pub links: Vec<(String, String)>,
    /// The document.
    pub html: String,
}

/// Every HTML page of an output folder, keyed by its path relative to the folder.
pub(crate) fn read_pages(out: &Path) -> BTreeMap<String, Page> {
    let mut pages = BTreeMap::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let html = std::fs::read_to_string(e.path()).unwrap();
            pages.insert(rel, parse(html));
        }
    }
    pages
}

fn parse(html: String) -> Page {
    let doc = Html::parse_document(&html);
    let ids = doc
        .select(&Selector::parse("[id], a[name]").unwrap())
        .filter_map(|e| e.attr("id").or(e.attr("name")))
        .map(str::to_string)
        .collect();
    let mut links = Vec::new();
    // A form's action is a link too (the search box leads to the search page).
    for el in doc.select(&Selector::parse("[href], [src], form[action]").unwrap()) {
        for attr in ["href", "src", "action"] {
            if let Some(v) = el.attr(attr) {
                links.push((attr.to_string(), v.to_string()));
            }
        }
    }
    Page { ids, links, html }
}

/// Where a link lands in the output folder, like a static server under `base`.
pub(crate) enum Target {
    /// Another origin or scheme.
    External,
    /// File relative to the output folder, and fragment.
    Internal(String, Option<String>),
}

/// Resolves `href` found on the page at `page_url` (absolute).
pub(crate) fn resolve(base: &Url, page_url: &Url, href: &str) -> Result<Target, String> {
    let t = page_url
        .join(href.trim())
        .map_err(|e| format!("`{href}` does not parse: {e}"))?;
    if !matches!(t.scheme(), "http" | "https") || t.origin() != base.origin() {
        return Ok(Target::External);
    }
    let path = percent_decode_str(t.path())
        .decode_utf8_lossy()
        .into_owned();
    let Some(rel) = path.strip_prefix(base.path()) else {
        return Err(format!("`{href}` leaves the base path {}", base.path()));
    };
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    let fragment = t
        .fragment()
        .map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned());
    Ok(Target::Internal(rel, fragment))
}

/// What a crawl found.
pub(crate) struct Crawl {
    /// Pages parsed.
    pub pages: usize,
    /// Internal links followed.
    pub links: usize,
    /// Pages reached by following links from the home page.
    pub reachable: BTreeSet<String>,
    /// Every problem, `page: message`.
    pub problems: Vec<String>,
}

/// Checks every `href`/`src` of every page in `out`, as served under `base`.
pub(crate) fn crawl(out: &Path, base: &str) -> Crawl {
    let base = Url::parse(base).unwrap();
    let pages = read_pages(out);
    let mut problems = Vec::new();
    let mut links = 0;
    let mut edges: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (rel, page) in &pages {
        let url = base
            .join(rel.strip_suffix("index.html").unwrap_or(rel))
            .unwrap();
        for (_, href) in &page.links {
            match resolve(&base, &url, href) {
                Ok(Target::External) => {}
                Ok(Target::Internal(file, fragment)) => {
                    links += 1;
                    if !out.join(&file).is_file() {
                        problems.push(format!("{rel}: `{href}` -> {file} does not exist"));
                        continue;
                    }
                    if let (Some(f), Some(target)) =
                        (fragment.filter(|f| !f.is_empty()), pages.get(&file))
                    {
                        if !target.ids.contains(&f) {
                            problems.push(format!("{rel}: `{href}` -> no id `{f}` in {file}"));
                        }
                    }
                    if pages.contains_key(&file) {
                        edges.entry(rel).or_default().push(file);
                    }
                }
                Err(e) => problems.push(format!("{rel}: {e}")),
            }
        }
    }
    let mut reachable = BTreeSet::new();
    let mut queue = VecDeque::from([String::from("index.html")]);
    while let Some(p) = queue.pop_front() {
        if reachable.insert(p.clone()) {
            queue.extend(edges.get(p.as_str()).into_iter().flatten().cloned());
        }
    }
    Crawl {
        pages: pages.len(),
        links,
        reachable,
        problems,
    }
}
