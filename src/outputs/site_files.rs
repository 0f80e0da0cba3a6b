//! The files a site consists of, in one list ([`site_files`]): pages, the files made
//! from the whole archive ([`generated_files`]), static files and the content files
//! minutes link ([`crate::model::archive::Archive::published_assets`]), and
//! which wins when two land on one path. `build`, `serve` and `check` all use it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostics::Diagnostic;
use crate::model::people::People;
use crate::outputs::feeds::feeds;
use crate::outputs::search_index::IndexStats;
use crate::outputs::sitemap::{robots, sitemap};
use crate::render::{Page, Renderer, DEFAULT_STATIC};
use crate::site::Site;

/// Where one file of a built site comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A rendered page.
    Page(Page),
    /// A file made from the whole archive: see [`generated_files`].
    Generated,
    /// A built-in static file.
    Builtin(&'static [u8]),
    /// A file of the site's `static/` folder, or a content asset, copied as it is.
    Copied(PathBuf),
}

/// Every file of a site by output path (`/`-separated, `a/b/index.html`), each once.
pub type SiteFiles = BTreeMap<String, Origin>;

/// The one list of the files a site consists of: what `build` writes, what `serve`
/// answers with and what `check` lets links point to. Where two would land on one path
/// the site's `static/` wins over built-in static files, those over generated files
/// (`generated`: the paths [`generated_files`] gives), those over pages, and pages
/// over content assets.
pub fn site_files(
    site: &Site,
    renderer: &Renderer,
    generated: impl IntoIterator<Item = String>,
) -> Result<SiteFiles, Diagnostic> {
    let mut files = SiteFiles::new();
    // Lowest precedence first: each later insert replaces an earlier one.
    // Only the content files that minutes link: a script in content/ is not published.
    for rel in &site.archive.published_assets() {
        files.insert(
            output_key(rel),
            Origin::Copied(site.paths.content.join(rel)),
        );
    }
    for page in renderer.pages() {
        files.insert(output_key(&renderer.output_path(page)), Origin::Page(page));
    }
    for rel in generated {
        files.insert(rel, Origin::Generated);
    }
    add_static(&mut files, static_files(&site.paths.static_dir())?);
    Ok(files)
}

/// Adds the built-in static files, then the site's own `static/` files over them.
fn add_static(files: &mut SiteFiles, own: Vec<(String, PathBuf)>) {
    for (name, bytes) in DEFAULT_STATIC {
        files.insert(name.to_string(), Origin::Builtin(bytes));
    }
    files.extend(
        own.into_iter()
            .map(|(rel, path)| (rel, Origin::Copied(path))),
    );
}

/// The static files alone, built-in and the site's own (which win): what `serve`
/// answers with while the site does not build. Folders it cannot read are left out.
pub fn static_site_files(static_dir: &Path) -> SiteFiles {
    let mut files = SiteFiles::new();
    add_static(&mut files, static_files(static_dir).unwrap_or_default());
    files
}

/// The regular files under the site's `static/` folder (symbolic links are not
/// followed), by output path.
fn static_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(|e| Diagnostic::error(dir, None, format!("cannot read: {e}")))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("under static dir");
            out.push((output_key(rel), entry.path().to_path_buf()));
        }
    }
    Ok(out)
}

/// `/`-separated output path.
pub fn output_key(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The files made from the whole archive, by output path: the search index (its
/// manifest and, in the folder named after it, its shards),
/// `.nojekyll` (GitHub Pages would otherwise run Jekyll and drop files starting with
/// `_`), `robots.txt`, and with an absolute base URL `sitemap.xml` and the Atom feeds.
/// Also returns the search index's sizes.
pub fn generated_files(site: &Site, renderer: &Renderer) -> (Vec<(String, Vec<u8>)>, IndexStats) {
    generated_files_with(site, renderer, search_files(site, renderer.people()))
}

/// The search index's files, by output path, and its sizes.
pub fn search_files(site: &Site, people: &People) -> (Vec<(String, Vec<u8>)>, IndexStats) {
    let rules = crate::model::actions::Rules::of(&site.config);
    let (index, stats) =
        crate::outputs::search_index::build(&site.archive, &site.urls, people, rules);
    let manifest = output_key(&site.urls.output_file(&site.urls.search_index()));
    let folder = manifest.trim_end_matches(".json").to_string();
    let mut files = vec![(manifest, index.manifest.into_bytes())];
    files.extend(
        (index.shards.into_iter())
            .map(|(rel, text)| (format!("{folder}/{rel}"), text.into_bytes())),
    );
    (files, stats)
}

/// [`generated_files`], with the search index made beforehand ([`search_files`]).
pub fn generated_files_with(
    site: &Site,
    renderer: &Renderer,
    (mut files, stats): (Vec<(String, Vec<u8>)>, IndexStats),
) -> (Vec<(String, Vec<u8>)>, IndexStats) {
    files.extend(
        non_page_files(site, renderer)
            .into_iter()
            .map(|(rel, bytes)| (output_key(&rel), bytes)),
    );
    (files, stats)
}

/// The generated files besides the search index, in a fixed order.
fn non_page_files(site: &Site, renderer: &Renderer) -> Vec<(PathBuf, Vec<u8>)> {
    let urls = &site.urls;
    let mut files = vec![
        (PathBuf::from(".nojekyll"), Vec::new()),
        (PathBuf::from("robots.txt"), robots(urls).into_bytes()),
    ];
    let pages: Vec<(String, Option<NaiveDate>)> = renderer
        .pages()
        .into_iter()
        .filter(|p| *p != Page::NotFound)
        .map(|p| (renderer.url(p), last_change(site, renderer, p)))
        .collect();
    if let Some(xml) = sitemap(urls, &pages) {
        files.push((urls.output_file(&urls.sitemap()), xml.into_bytes()));
    }
    for f in feeds(&site.config, urls, &site.archive) {
        files.push((urls.output_file(&f.url), f.xml.into_bytes()));
    }
    files
}

/// What a user should know about the published files of this site.
pub fn notes(site: &Site) -> Vec<Diagnostic> {
    if site.urls.absolute_base().is_some() {
        return Vec::new();
    }
    let file = site.paths.config_file();
    if !file.exists() {
        // Name the file where it would be, as a path that works from anywhere.
        let root = std::path::absolute(&site.paths.root).unwrap_or(site.paths.root.clone());
        return vec![Diagnostic::note(
            &root.join("site.toml"),
            None,
            format!(
                "no such file, so the defaults apply and base_url is `{}`, which has no origin: no sitemap.xml or Atom feeds are written (they need absolute URLs). Run `minutebook init {}` to write a commented site.toml and set base_url = \"https://HOST/PATH/\" in it, or pass --base-url",
                site.config.base_url,
                root.display()
            ),
        )];
    }
    vec![Diagnostic::note(
        &site.paths.config_file(),
        site_toml_line(&site.paths.config_file(), "base_url"),
        format!(
            "base_url `{}` has no origin, so no sitemap.xml or Atom feeds are written (they need absolute URLs); set base_url = \"https://HOST/PATH/\" or pass --base-url",
            site.config.base_url
        ),
    )]
}

fn site_toml_line(path: &Path, key: &str) -> Option<usize> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map(|i| i + 1)
}

/// The newest meeting a page shows, as its `lastmod`.
fn last_change(site: &Site, renderer: &Renderer, page: Page) -> Option<NaiveDate> {
    let meetings = &site.archive.meetings;
    (renderer.shown_meetings(page).into_iter())
        .map(|i| meetings[i].date())
        .max()
}
