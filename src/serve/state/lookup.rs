//! Answering a request path from the site in memory, as `build` would have written it.

use std::path::PathBuf;
use std::sync::Arc;

use super::Pages;
use crate::outputs::site_files::{Origin, SiteFiles};

/// What a request path is answered with.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A rendered page or a generated file.
    Page(Arc<str>),
    /// A built-in static file.
    Builtin(&'static [u8]),
    /// A file on disk (site static file or content asset).
    File(PathBuf),
}

/// Looks up `rel` (`a/b/index.html`, no `..`, no leading `/`) in a built site's list of
/// files, as `build` would have written it.
pub fn answer(files: &SiteFiles, pages: &Pages, rel: &str) -> Option<Answer> {
    match files.get(rel)? {
        Origin::Page(_) | Origin::Generated => pages.get(rel).cloned().map(Answer::Page),
        Origin::Builtin(bytes) => Some(Answer::Builtin(bytes)),
        // Checked again: the file may have been replaced by a link since it was listed.
        Origin::Copied(path) => std::fs::symlink_metadata(path)
            .is_ok_and(|m| m.is_file())
            .then(|| Answer::File(path.clone())),
    }
}
