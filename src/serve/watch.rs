//! Watching a site for `serve --watch`: which folders, which changes count, and what
//! each change means for the rebuild.
//!
//! notify reports raw file system events; the debouncer folds the bursts an editor
//! makes on save (temp file, rename, write) into one batch per quiet period. Editor
//! scratch files, hidden files and the output folder never trigger anything.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::serve::state::Change;
use crate::site::SitePaths;

/// How long the files must be quiet before a rebuild starts. Editors finish a save in
/// a few milliseconds; this keeps one save one rebuild without a noticeable delay.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// What a changed path is to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathKind {
    /// Not the site's business (editor scratch file, hidden file, output folder).
    Ignored,
    /// `site.toml`.
    Config,
    /// Under `templates/`.
    Template,
    /// Under `static/`; `true` for a stylesheet.
    Static(bool),
    /// A markdown file under `content/`.
    Minutes(PathBuf),
    /// Anything else under `content/` (assets, folders).
    ContentOther,
}

/// Files editors write beside the one being edited: vim's `.swp`/`.swx` and its `4913`
/// write test, backups ending in `~`, Emacs' `.#lock` and `#autosave#`, JetBrains'
/// safe-write files.
pub fn is_scratch_file(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|s| name.ends_with(s))
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

/// Classifies one changed path.
pub fn classify(paths: &SitePaths, path: &Path) -> PathKind {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let path = abs(path);
    if path.starts_with(abs(&paths.output)) {
        return PathKind::Ignored;
    }
    if path == abs(&paths.config_file()) {
        return PathKind::Config;
    }
    let under = |base: &Path| -> Option<bool> {
        let rel = path.strip_prefix(abs(base)).ok()?;
        // Hidden anywhere below the watched folder, or a scratch file: not content.
        Some(
            rel.components()
                .all(|c| !is_scratch_file(&c.as_os_str().to_string_lossy())),
        )
    };
    // Content first: `--content` may point inside templates/ or static/ only by mistake,
    // but the site root may well contain content/.
    if let Some(ok) = under(&paths.content) {
        if !ok {
            return PathKind::Ignored;
        }
        let md = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        return if md {
            PathKind::Minutes(path)
        } else {
            PathKind::ContentOther
        };
    }
    if let Some(ok) = under(&paths.templates()) {
        return if ok {
            PathKind::Template
        } else {
            PathKind::Ignored
        };
    }
    if let Some(ok) = under(&paths.static_dir()) {
        let css = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("css"));
        return if ok {
            PathKind::Static(css)
        } else {
            PathKind::Ignored
        };
    }
    PathKind::Ignored
}

/// Paths of a debounced batch that were changed (reads and opens are not changes:
/// the rebuild's own reads must not trigger another rebuild).
pub fn changed_paths(batch: DebounceEventResult) -> Result<Vec<PathBuf>, String> {
    match batch {
        Ok(events) => Ok(events
            .into_iter()
            .filter(|e| match e.event.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                EventKind::Access(_) => false,
                _ => true,
            })
            .flat_map(|e| e.event.paths)
            .collect()),
        Err(errors) => Err(errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; ")),
    }
}

/// What a batch of changes asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Nothing.
    Nothing,
    /// Static files only: no rebuild; `true` when only stylesheets changed.
    Static(bool),
    /// Rebuild.
    Rebuild(Change),
}

/// Folds a batch of changed paths into one action.
pub fn action(paths: &SitePaths, changed: &[PathBuf]) -> Action {
    let mut minutes = Vec::new();
    let mut full = false;
    let mut statics: Option<bool> = None;
    for p in changed {
        match classify(paths, p) {
            PathKind::Ignored => {}
            PathKind::Config | PathKind::Template | PathKind::ContentOther => full = true,
            PathKind::Minutes(p) => minutes.push(p),
            PathKind::Static(css) => statics = Some(statics.unwrap_or(true) && css),
        }
    }
    if full {
        Action::Rebuild(Change::Full)
    } else if !minutes.is_empty() {
        minutes.sort();
        minutes.dedup();
        Action::Rebuild(Change::Edited(minutes))
    } else if let Some(css) = statics {
        Action::Static(css)
    } else {
        Action::Nothing
    }
}

/// A running watcher over a site's inputs.
pub struct SiteWatcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    paths: SitePaths,
    watched: HashSet<PathBuf>,
}

impl SiteWatcher {
    /// Starts watching; batches of changed paths arrive on the returned channel.
    pub fn start(
        paths: &SitePaths,
    ) -> notify::Result<(SiteWatcher, Receiver<DebounceEventResult>)> {
        let (tx, rx) = std::sync::mpsc::channel();
        let debouncer = new_debouncer(DEBOUNCE, None, tx)?;
        let mut w = SiteWatcher {
            debouncer,
            paths: paths.clone(),
            watched: HashSet::new(),
        };
        w.refresh(&[])?;
        Ok((w, rx))
    }

    /// Watches folders that appeared and drops those that went. Called after every
    /// batch, so creating, renaming or deleting `templates/` or `content/` works.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> notify::Result<()> {
        let p = &self.paths;
        let wanted = [
            (p.root.clone(), RecursiveMode::NonRecursive),
            (p.content.clone(), RecursiveMode::Recursive),
            (p.templates(), RecursiveMode::Recursive),
            (p.static_dir(), RecursiveMode::Recursive),
        ];
        for (dir, mode) in wanted {
            let exists = dir.is_dir();
            let is_watched = self.watched.contains(&dir);
            // A folder that was itself renamed or recreated needs a new watch: the old
            // one followed the old inode.
            let touched = changed.iter().any(|c| {
                c == &dir || std::path::absolute(c).ok() == std::path::absolute(&dir).ok()
            });
            if is_watched && (!exists || touched) {
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
            if exists && !self.watched.contains(&dir) {
                self.debouncer.watch(&dir, mode)?;
                self.watched.insert(dir);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> SitePaths {
        SitePaths::new(Some(PathBuf::from("/site")), None, None)
    }

    #[test]
    fn scratch_files_are_ignored() {
        let p = paths();
        for f in [
            "content/weekly/.2024-01-04.md.swp",
            "content/weekly/2024-01-04.md~",
            "content/weekly/4913",
            "content/weekly/.#2024-01-04.md",
            "content/weekly/#2024-01-04.md#",
            "content/.git/index",
            "templates/base.html.swp",
            "public/index.html",
            "public/weeks/2024-W01/index.html",
            "README.md",
        ] {
            assert_eq!(
                classify(&p, &Path::new("/site").join(f)),
                PathKind::Ignored,
                "{f}"
            );
        }
    }

    #[test]
    fn inputs_are_classified() {
        let p = paths();
        let site = Path::new("/site");
        assert_eq!(classify(&p, &site.join("site.toml")), PathKind::Config);
        assert_eq!(
            classify(&p, &site.join("templates/week.html")),
            PathKind::Template
        );
        assert_eq!(
            classify(&p, &site.join("static/style.css")),
            PathKind::Static(true)
        );
        assert_eq!(
            classify(&p, &site.join("static/logo.png")),
            PathKind::Static(false)
        );
        let md = site.join("content/weekly/2024-01-04.md");
        assert_eq!(classify(&p, &md), PathKind::Minutes(md.clone()));
        assert_eq!(
            classify(&p, &site.join("content/weekly/pic.png")),
            PathKind::ContentOther
        );
        assert_eq!(
            classify(&p, &site.join("content/newfolder")),
            PathKind::ContentOther
        );
        assert_eq!(
            action(
                &p,
                &[
                    md.clone(),
                    site.join("content/weekly/2024-01-04.md~"),
                    md.clone()
                ]
            ),
            Action::Rebuild(Change::Edited(vec![md.clone()]))
        );
        assert_eq!(
            action(&p, &[md, site.join("templates/base.html")]),
            Action::Rebuild(Change::Full)
        );
        assert_eq!(
            action(&p, &[site.join("static/a.css")]),
            Action::Static(true)
        );
        assert_eq!(
            action(&p, &[site.join("static/a.css"), site.join("static/b.js")]),
            Action::Static(false)
        );
        assert_eq!(
            action(&p, &[site.join("content/.x.md.swp")]),
            Action::Nothing
        );
    }
}
