//! Writing the site: every page rendered (in parallel) into a staging folder beside
//! the output, static files and content assets copied, then swapped into place.
//!
//! A build that fails at any point leaves the previous output as it was: nothing is
//! written into the output folder itself, only renamed over it at the end. The staging
//! folder is the spare `.minutebook-spare-<output>`: the site before the current one,
//! kept after the swap so that the next build rewrites its files instead of creating
//! and deleting one folder and one file per page.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::derived::{people_of, Derived};
use crate::outputs::site_files::{generated_files_with, search_files, site_files, Origin};
use crate::render::{compile_templates, Renderer};
use crate::site::Site;

/// What a build wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// HTML pages.
    pub pages: usize,
    /// Other files (CSS, assets).
    pub files: usize,
    /// The search index's sizes.
    pub search: crate::outputs::search_index::IndexStats,
    /// Every file written, relative to the output folder.
    pub paths: Vec<PathBuf>,
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
/// staging folder and by `serve` on a private one. Files already in `dir` are
/// rewritten in place, and left alone where their bytes are the same.
pub fn render_into(site: &Site, dir: &Path) -> Result<Written, Diagnostic> {
    let templates = compile_templates(&site.paths.templates())?;
    let people = people_of(&site.archive, &site.config);
    // The search index before the topics: the memory it works in, once freed, is what
    // the topics then take. The other way round both came on top of each other, and a
    // 5,200-week build peaked 40 MB higher.
    let search = search_files(site, &people);
    let derived = Derived::with_people(&site.archive, people);
    let renderer = Renderer::new(&templates, site, &derived);
    let (generated, search) = generated_files_with(site, &renderer, search);
    let files = site_files(site, &renderer, generated.iter().map(|(k, _)| k.clone()))?;
    let generated: HashMap<String, Vec<u8>> = generated.into_iter().collect();
    let written: Vec<(PathBuf, bool)> = files
        .par_iter()
        .map(|(key, origin)| {
            let rel = PathBuf::from(key);
            match origin {
                Origin::Page(page) => write_file(dir, &rel, renderer.render(*page)?.as_bytes())?,
                Origin::Generated => write_file(dir, &rel, &generated[key])?,
                Origin::Builtin(bytes) => write_file(dir, &rel, bytes)?,
                Origin::Copied(path) => write_file(dir, &rel, &read(path)?)?,
            }
            Ok((rel, matches!(origin, Origin::Page(_))))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let pages = written.iter().filter(|(_, page)| *page).count();
    Ok(Written {
        pages,
        files: written.len() - pages,
        search,
        paths: written.into_iter().map(|(rel, _)| rel).collect(),
    })
}

/// Builds into the spare folder beside `output` and swaps it in; the previous output
/// becomes the next build's spare.
///
/// Reusing the build before last, instead of creating a new folder and deleting the
/// old output, keeps every page's inode: on ext4 without a journal, creating files
/// soon after deleting many scans past each recently deleted inode, which made every
/// other rebuild of a large archive several times slower than the first. The spare is
/// never served; deleting it costs one full write on the next build.
pub fn build_atomically(site: &Site, output: &Path) -> Result<Written, Diagnostic> {
    check_output_location(&site.paths.root, &site.paths.content, output)?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)
        .map_err(|e| Diagnostic::error(&parent, None, format!("cannot create: {e}")))?;
    remove_leftovers(&parent);
    let stage = Stage::open(&parent, output)?;
    let written = match render_into(site, &stage.dir) {
        Ok(w) => w,
        Err(e) => {
            stage.discard();
            return Err(e);
        }
    };
    prune(&stage.dir, &stage.existing, &written.paths);
    stage.swap_into_place(output, &Moves::SYSTEM)?;
    Ok(written)
}

/// The two folder moves a swap is made of. A build uses the system's ([`Moves::SYSTEM`]);
/// tests pass failing ones to reach the two-rename fallback and its restore branch.
struct Moves<'a> {
    /// Swaps two folders atomically, or fails when the OS cannot.
    exchange: &'a dyn Fn(&Path, &Path) -> std::io::Result<()>,
    /// Renames a folder (over an empty one on Unix).
    rename: &'a dyn Fn(&Path, &Path) -> std::io::Result<()>,
}

impl Moves<'static> {
    const SYSTEM: Moves<'static> = Moves {
        exchange: &exchange,
        rename: &rename,
    };
}

fn rename(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::rename(from, to)
}

/// Prefix of the spare folder; the output's own name follows.
const SPARE_PREFIX: &str = ".minutebook-spare-";

/// The folder a build renders into before it is swapped in.
struct Stage {
    dir: PathBuf,
    /// Files the folder held before the build (relative paths), to delete those not
    /// written.
    existing: Vec<PathBuf>,
    /// Whether this build created the folder (a failed build removes it then).
    created: bool,
    /// The spare's lock, held until the swap: two builds of one output at once must
    /// not render into the same folder. Without it `dir` is a private folder, which
    /// does not stay beside the output.
    lock: Option<fs::File>,
}

impl Stage {
    fn open(parent: &Path, output: &Path) -> Result<Stage, Diagnostic> {
        let staging_error = |e: std::io::Error| {
            Diagnostic::error(parent, None, format!("cannot create a staging folder: {e}"))
        };
        if let Some(name) = output.file_name() {
            let spare = parent.join(format!("{SPARE_PREFIX}{}", name.to_string_lossy()));
            let mut created = false;
            if !fs::symlink_metadata(&spare).is_ok_and(|m| m.is_dir()) {
                let _ = fs::remove_file(&spare);
                match fs::create_dir(&spare) {
                    Ok(()) => created = true,
                    // Made by a build that started at the same moment.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(staging_error(e)),
                }
            }
            if let Some(lock) = lock_dir(&spare) {
                let existing = scan(&spare)
                    .map_err(|e| Diagnostic::error(&spare, None, format!("cannot read: {e}")))?;
                return Ok(Stage {
                    dir: spare,
                    existing,
                    created,
                    lock: Some(lock),
                });
            }
        }
        // Another build holds the spare (or the output has no name): a private folder.
        let dir = tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}staging-"))
            .tempdir_in(parent)
            .map_err(staging_error)?
            .keep();
        Ok(Stage {
            dir,
            existing: Vec::new(),
            created: true,
            lock: None,
        })
    }

    /// After a failed build: a new folder goes, a reused spare stays a spare.
    fn discard(self) {
        if self.created {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }

    /// Moves the finished build to `output`. Where the OS can swap two folders
    /// atomically (Linux `renameat2(RENAME_EXCHANGE)`), a build killed at any moment
    /// leaves either the old or the new site in place, never neither; elsewhere the old
    /// one is renamed away first and restored if the second rename fails.
    fn swap_into_place(self, output: &Path, moves: &Moves) -> Result<(), Diagnostic> {
        let err = |p: &Path, e: std::io::Error| {
            Diagnostic::error(p, None, format!("cannot replace the output folder: {e}"))
        };
        let staged = &self.dir;
        let keep = self.lock.is_some();
        if !output.exists() {
            return (moves.rename)(staged, output).map_err(|e| err(output, e));
        }
        if (moves.exchange)(staged, output).is_ok() {
            // `staged` now holds the previous site.
            if !keep {
                let _ = fs::remove_dir_all(staged);
            }
            return Ok(());
        }
        let parent = staged.parent().expect("staging has a parent").to_path_buf();
        let backup = tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}old-"))
            .tempdir_in(&parent)
            .map_err(|e| err(output, e))?
            .keep();
        // `rename` replaces an empty folder on Unix.
        (moves.rename)(output, &backup).map_err(|e| err(output, e))?;
        if let Err(e) = (moves.rename)(staged, output) {
            let moving = format!(
                "cannot replace the output folder: moving {} to {} failed: {e}",
                staged.display(),
                output.display()
            );
            let message = match (moves.rename)(&backup, output) {
                Ok(()) => format!("{moving}; the previous site is back in place"),
                Err(restore) => format!(
                    "{moving}, and moving the previous site back from {} failed: {restore}; \
                     it is there until the next build",
                    backup.display()
                ),
            };
            return Err(Diagnostic::error(output, None, message));
        }
        if !(keep && (moves.rename)(&backup, staged).is_ok()) {
            let _ = fs::remove_dir_all(&backup);
        }
        Ok(())
    }
}

/// An exclusive lock on a folder, if no other build holds it and the path still names
/// the folder that was locked (a finished build may have swapped it in meanwhile).
#[cfg(unix)]
fn lock_dir(dir: &Path) -> Option<fs::File> {
    use rustix::fs::{flock, FlockOperation};
    use std::os::unix::fs::MetadataExt;
    let f = fs::File::open(dir).ok()?;
    flock(&f, FlockOperation::NonBlockingLockExclusive).ok()?;
    let (held, now) = (f.metadata().ok()?, fs::symlink_metadata(dir).ok()?);
    (held.ino() == now.ino() && held.dev() == now.dev()).then_some(f)
}

#[cfg(not(unix))]
fn lock_dir(dir: &Path) -> Option<fs::File> {
    fs::File::open(dir).ok()
}

/// The files in a reused spare, relative to it. Symbolic links are removed at once:
/// writing through one would write outside the spare. The top-level folders are walked
/// in parallel: reading 11,000 folders is a tenth of a 5,200-week rebuild, and nothing
/// else can run until it is done.
fn scan(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let top: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    let lists = top
        .par_iter()
        .map(|p| {
            let mut files = Vec::new();
            for entry in walkdir::WalkDir::new(p).follow_root_links(false) {
                let entry = entry?;
                if entry.path_is_symlink() {
                    fs::remove_file(entry.path())?;
                } else if !entry.file_type().is_dir() {
                    let rel = entry.path().strip_prefix(dir).expect("under dir");
                    files.push(rel.to_path_buf());
                }
            }
            Ok(files)
        })
        .collect::<std::io::Result<Vec<Vec<PathBuf>>>>()?;
    Ok(lists.concat())
}

/// Deletes what a reused spare held that this build did not write, files first, then
/// the folders left empty.
fn prune(dir: &Path, before: &[PathBuf], written: &[PathBuf]) {
    if before.is_empty() {
        return;
    }
    let written: HashSet<&Path> = written.iter().map(PathBuf::as_path).collect();
    let mut folders: HashSet<&Path> = HashSet::new();
    for rel in before.iter().filter(|r| !written.contains(r.as_path())) {
        let _ = fs::remove_file(dir.join(rel));
        folders.extend(rel.ancestors().skip(1));
    }
    let mut folders: Vec<&Path> = folders
        .into_iter()
        .filter(|f| !f.as_os_str().is_empty())
        .collect();
    // Deepest first; a folder that still holds something stays.
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for f in folders {
        let _ = fs::remove_dir(dir.join(f));
    }
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

/// Staging or backup folders left by a build that was killed (spares are kept).
fn remove_leftovers(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && !name.starts_with(SPARE_PREFIX) && e.path().is_dir() {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    fs::read(path).map_err(|e| Diagnostic::error(path, None, format!("cannot copy: {e}")))
}

/// Writes `bytes` to `dir/rel`. An existing file is rewritten in place: a file with
/// the same bytes is left untouched, and no file is truncated to zero first (ext4
/// flushes such a file to disk when it is closed). Whatever is in the way, a folder
/// where the file goes or a file where a folder goes, is removed.
fn write_file(dir: &Path, rel: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = dir.join(rel);
    let cannot = |e: std::io::Error| Diagnostic::error(&path, None, format!("cannot write: {e}"));
    let (mut f, old) = match open(&path) {
        Ok(f) => {
            let old = f.metadata().map_err(cannot)?.len();
            (f, old)
        }
        Err(e) => {
            let parent = path.parent().expect("a file has a folder");
            // In a new folder only the page's own folder is missing; in a reused one
            // whatever stands in the way goes.
            if e.kind() != std::io::ErrorKind::NotFound || fs::create_dir_all(parent).is_err() {
                make_room(dir, rel);
                fs::create_dir_all(parent).map_err(|e| {
                    Diagnostic::error(parent, None, format!("cannot create folder: {e}"))
                })?;
            }
            (open(&path).map_err(cannot)?, 0)
        }
    };
    if old == bytes.len() as u64 && old > 0 {
        let mut current = Vec::with_capacity(bytes.len());
        f.read_to_end(&mut current).map_err(cannot)?;
        if current == bytes {
            return Ok(());
        }
        f.seek(SeekFrom::Start(0)).map_err(cannot)?;
    }
    f.write_all(bytes).map_err(cannot)?;
    if old > bytes.len() as u64 {
        f.set_len(bytes.len() as u64).map_err(cannot)?;
    }
    Ok(())
}

fn open(path: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// Removes a folder at `dir/rel`, and any file standing where one of its folders goes.
fn make_room(dir: &Path, rel: &Path) {
    let path = dir.join(rel);
    if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
        let _ = fs::remove_dir_all(&path);
    }
    for ancestor in rel
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
    {
        let p = dir.join(ancestor);
        if fs::symlink_metadata(&p).is_ok_and(|m| !m.is_dir()) {
            let _ = fs::remove_file(&p);
        }
    }
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

    /// Files with their bytes, sorted by path.
    type Files = Vec<(PathBuf, Vec<u8>)>;

    /// Every file under `dir` with its bytes.
    fn tree(dir: &Path) -> Files {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
                (rel, fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    /// A published site in `public` and the next one staged in its spare:
    /// (output, spare, old files, new files, the stage).
    fn published_and_staged(parent: &Path) -> (PathBuf, PathBuf, Files, Files, Stage) {
        let output = parent.join("public");
        let spare = parent.join(format!("{SPARE_PREFIX}public"));
        fs::create_dir_all(output.join("weeks")).unwrap();
        fs::write(output.join("index.html"), "old home").unwrap();
        fs::write(output.join("weeks/index.html"), "old weeks").unwrap();
        fs::create_dir_all(spare.join("teams")).unwrap();
        fs::write(spare.join("index.html"), "new home").unwrap();
        fs::write(spare.join("teams/index.html"), "new teams").unwrap();
        let (old, new) = (tree(&output), tree(&spare));
        let lock = lock_dir(&spare);
        assert!(lock.is_some());
        let stage = Stage {
            dir: spare.clone(),
            existing: Vec::new(),
            created: false,
            lock,
        };
        (output, spare, old, new, stage)
    }

    fn unsupported(_: &Path, _: &Path) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }

    /// Backup folders of the two-rename fallback left in `parent`.
    fn backups(parent: &Path) -> Vec<PathBuf> {
        fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{TEMP_PREFIX}old-"))
            })
            .collect()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_build_swaps_with_one_exchange_on_linux() {
        let d = tempfile::tempdir().unwrap();
        let (output, spare, old, new, stage) = published_and_staged(d.path());
        let exchanges = std::cell::Cell::new(0);
        let counted = |a: &Path, b: &Path| {
            exchanges.set(exchanges.get() + 1);
            (Moves::SYSTEM.exchange)(a, b)
        };
        let moves = Moves {
            exchange: &counted,
            rename: &|_: &Path, _: &Path| panic!("the fallback ran on Linux"),
        };
        stage.swap_into_place(&output, &moves).unwrap();
        assert_eq!(exchanges.get(), 1);
        assert_eq!(tree(&output), new);
        assert_eq!(tree(&spare), old, "the previous site becomes the spare");
    }

    #[test]
    fn without_exchange_two_renames_swap_and_keep_the_spare() {
        let d = tempfile::tempdir().unwrap();
        let (output, spare, old, new, stage) = published_and_staged(d.path());
        let moves = Moves {
            exchange: &unsupported,
            rename: &rename,
        };
        stage.swap_into_place(&output, &moves).unwrap();
        assert_eq!(tree(&output), new);
        assert_eq!(tree(&spare), old);
        assert_eq!(backups(d.path()), Vec::<PathBuf>::new());
    }

    /// Swaps `stage` into `output` with renames that fail ("disk on fire") where
    /// `fails` says, and no exchange: the error the swap gives.
    fn swap_failing(
        stage: Stage,
        output: &Path,
        fails: impl Fn(&Path, &Path) -> bool,
    ) -> Diagnostic {
        let failing = |from: &Path, to: &Path| {
            if fails(from, to) {
                Err(std::io::Error::other("disk on fire"))
            } else {
                fs::rename(from, to)
            }
        };
        let moves = Moves {
            exchange: &unsupported,
            rename: &failing,
        };
        stage.swap_into_place(output, &moves).unwrap_err()
    }

    #[test]
    fn a_failed_second_rename_restores_the_previous_site() {
        let d = tempfile::tempdir().unwrap();
        let (output, spare, old, new, stage) = published_and_staged(d.path());
        let e = swap_failing(stage, &output, |from, _| from == spare);
        assert_eq!(tree(&output), old, "the previous site is back, intact");
        assert_eq!(tree(&spare), new, "the new build stays in the spare");
        assert_eq!(backups(d.path()), Vec::<PathBuf>::new());
        assert_eq!(e.file, output);
        assert_eq!(
            e.message,
            format!(
                "cannot replace the output folder: moving {} to {} failed: disk on fire; \
                 the previous site is back in place",
                spare.display(),
                output.display()
            )
        );
    }

    #[test]
    fn a_failed_restore_says_where_the_previous_site_is() {
        let d = tempfile::tempdir().unwrap();
        let (output, spare, old, _, stage) = published_and_staged(d.path());
        let e = swap_failing(stage, &output, |from, to| from == spare || to == output);
        let backup = match backups(d.path()).as_slice() {
            [b] => b.clone(),
            other => panic!("one backup expected: {other:?}"),
        };
        assert_eq!(
            tree(&backup),
            old,
            "the previous site is intact in the backup"
        );
        assert!(!output.exists());
        assert!(
            e.message.contains(&format!(
                "moving the previous site back from {} failed",
                backup.display()
            )) && e.message.contains(&spare.display().to_string()),
            "{e}"
        );
    }
}
