//! The files a published site needs besides its pages: `.nojekyll` (GitHub Pages would
//! otherwise run Jekyll and drop files starting with `_`), `robots.txt`, `sitemap.xml`
//! and the Atom feeds. `build` writes them; `check` link-checks against them.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostics::Diagnostic;
use crate::outputs::feeds::feeds;
use crate::outputs::sitemap::{robots, sitemap};
use crate::render::{Page, Renderer};
use crate::site::Site;

/// One generated file: path relative to the output folder, and its bytes.
pub type SiteFile = (PathBuf, Vec<u8>);

/// Every non-page file to write, in a fixed order.
pub fn site_files(site: &Site, renderer: &Renderer) -> Vec<SiteFile> {
    let urls = &site.urls;
    let mut files: Vec<SiteFile> = vec![
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
