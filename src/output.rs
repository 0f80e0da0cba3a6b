//! Writing the site: every page rendered (in parallel) into a staging folder beside
//! the output, static files and content assets copied, then swapped into place.
//!
//! A build that fails at any point leaves the previous output as it was: nothing is
//! written into the output folder itself, only renamed over it at the end.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::{load_templates, Renderer, DEFAULT_STATIC};
use crate::site::Site;

/// What a build wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// HTML pages.
    pub pages: usize,
    /// Other files (CSS, assets).
    pub files: usize,
    /// The search index's sizes.
    pub search: crate::search::IndexStats,
}

/// Prefix of staging and backup folders, so leftovers of a killed build are recognisable.
const TEMP_PREFIX: &str = ".minutebook-";

/// Refuses output folders that would destroy the site's own sources.
pub fn check_output_location(
    site_root: &Path,
    content: &Path,
    output: &Path,
) -> Result<(), Diagnostic> {
    let abs = |p: &Path| {
        std::path::absolute(p)
            .map(|a| normalize(&a))
            .map_err(|e| Diagnostic::error(p, None, format!("cannot resolve path: {e}")))
    };
    let out = abs(output)?;
    for (what, p) in [
        ("the site root", site_root),
        ("the content folder", content),
    ] {
        let p = abs(p)?;
        if p.starts_with(&out) {
            return Err(Diagnostic::error(
                output,
                None,
                format!(
                    "refusing to write output here: it is or contains {what} ({}), which a build replaces. Choose another --output",
                    p.display()
                ),
            ));
        }
    }
    Ok(())
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders the whole site into `dir` (which must exist). Used by `build` on a
/// staging folder and by `serve` on a private one.
pub fn render_into(site: &Site, dir: &Path) -> Result<Written, Diagnostic> {
    let templates = load_templates(&site.paths.templates())?;
    let topics = crate::topics::all_topics(&site.archive);
    let renderer = Renderer::new(&templates, &site.config, &site.urls, &site.archive, &topics);
    let pages = renderer.pages();
    pages.par_iter().try_for_each(|&page| {
        let html = renderer.render(page)?;
        write_file(&dir.join(renderer.output_path(page)), html.as_bytes())
    })?;
    let (index, search) = crate::search::build(&site.archive, &site.urls);
    write_file(
        &dir.join(site.urls.output_file(&site.urls.search_index())),
        index.as_bytes(),
    )?;
    let mut files = 1;
    // Sitemap, feeds, robots.txt, .nojekyll; a same-named static file replaces them.
    for (rel, bytes) in crate::publish::site_files(site, &renderer) {
        write_file(&dir.join(rel), &bytes)?;
        files += 1;
    }
    // Built-in static files, then the site's own (overriding by name), then content assets.
    for (name, bytes) in DEFAULT_STATIC {
        write_file(&dir.join(name), bytes)?;
        files += 1;
    }
    let static_dir = site.paths.static_dir();
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir).follow_links(false) {
            let entry = entry
                .map_err(|e| Diagnostic::error(&static_dir, None, format!("cannot read: {e}")))?;
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&static_dir)
                    .expect("under static dir");
                copy_file(entry.path(), &dir.join(rel))?;
                files += 1;
            }
        }
    }
    for rel in &site.archive.assets {
        let target = dir.join(rel);
        // Generated pages win over a same-named asset.
        if !target.exists() {
            copy_file(&site.paths.content.join(rel), &target)?;
            files += 1;
        }
    }
    Ok(Written {
        pages: pages.len(),
        files,
        search,
    })
}

/// Builds into a staging folder next to `output` and swaps it in.
pub fn build_atomically(site: &Site, output: &Path) -> Result<Written, Diagnostic> {
    check_output_location(&site.paths.root, &site.paths.content, output)?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)
        .map_err(|e| Diagnostic::error(&parent, None, format!("cannot create: {e}")))?;
    remove_leftovers(&parent);
    let staging = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}staging-"))
        .tempdir_in(&parent)
        .map_err(|e| {
            Diagnostic::error(
                &parent,
                None,
                format!("cannot create a staging folder: {e}"),
            )
        })?;
    // Dropping `staging` on error removes it; the old output is untouched.
    let written = render_into(site, staging.path())?;
    swap_into_place(staging.keep(), output)?;
    Ok(written)
}

/// Moves the finished build to `output`. Where the OS can swap two folders atomically
/// (Linux `renameat2(RENAME_EXCHANGE)`), a build killed at any moment leaves either the
/// old or the new site in place, never neither; elsewhere the old one is renamed away
/// first and restored if the second rename fails.
fn swap_into_place(staged: PathBuf, output: &Path) -> Result<(), Diagnostic> {
    let err = |p: &Path, e: std::io::Error| {
        Diagnostic::error(p, None, format!("cannot replace the output folder: {e}"))
    };
    if !output.exists() {
        return fs::rename(&staged, output).map_err(|e| err(output, e));
    }
    if exchange(&staged, output).is_ok() {
        // `staged` now holds the previous site.
        let _ = fs::remove_dir_all(&staged);
        return Ok(());
    }
    let parent = staged.parent().expect("staging has a parent").to_path_buf();
    let backup = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}old-"))
        .tempdir_in(&parent)
        .map_err(|e| err(output, e))?
        .keep();
    // `rename` replaces an empty folder on Unix.
    fs::rename(output, &backup).map_err(|e| err(output, e))?;
    if let Err(e) = fs::rename(&staged, output) {
        let _ = fs::rename(&backup, output);
        let _ = fs::remove_dir_all(&staged);
        return Err(err(output, e));
    }
    let _ = fs::remove_dir_all(&backup);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Staging or backup folders left by a build that was killed.
fn remove_leftovers(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(TEMP_PREFIX) && e.path().is_dir() {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(parent, None, format!("cannot create folder: {e}")))?;
    }
    let mut f = fs::File::create(path)
        .map_err(|e| Diagnostic::error(path, None, format!("cannot write: {e}")))?;
    f.write_all(bytes)
        .map_err(|e| Diagnostic::error(path, None, format!("cannot write: {e}")))
}

fn copy_file(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(parent, None, format!("cannot create folder: {e}")))?;
    }
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Diagnostic::error(from, None, format!("cannot copy: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_must_not_hold_sources() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        let content = root.join("content");
        assert!(check_output_location(root, &content, root).is_err());
        assert!(check_output_location(root, &content, &content).is_err());
        assert!(check_output_location(root, &content, &root.join("content/..")).is_err());
        let e = check_output_location(root, &content, &root.join("..")).unwrap_err();
        assert!(e.message.contains("Choose another --output"), "{e}");
        assert!(check_output_location(root, &content, &root.join("public")).is_ok());
    }
}
