//! One site under test, as mdBook's `BookTest` is one book: a site folder in a
//! temporary directory (empty, a copy of a fixture or of the demo site, plus files
//! written inline), built with the binary; then its pages and tree are read, and
//! `check` or `serve` run on it. A test reads as its case, not as its set-up.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use super::server::Server;
use super::{minutebook, repo};

/// A site folder (`root`, with `content/` in it) and the folder `build` writes to.
pub(crate) struct SiteTest {
    _dir: tempfile::TempDir,
    /// The site folder (`site.toml`, `content/`, `templates/`, `static/`).
    pub root: PathBuf,
    /// Where `build` writes (beside the site folder, so its spare lands in the temp dir).
    pub out: PathBuf,
    /// stderr of the last build.
    pub stderr: String,
    /// stdout of the last build.
    pub stdout: String,
}

impl SiteTest {
    /// An empty site folder: no `site.toml`, an empty `content/`.
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        let out = dir.path().join("public");
        SiteTest {
            _dir: dir,
            root,
            out,
            stderr: String::new(),
            stdout: String::new(),
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub(crate) fn fixture(name: &str) -> Self {
        let t = Self::new();
        copy_tree(&repo().join("tests/fixtures").join(name), &t.root);
        t
    }

    /// `tests/fixtures/<name>` itself, not copied: for tests that only build it (and
    /// whose messages name the fixture's own paths). Nothing may be written to it.
    pub(crate) fn fixture_in_place(name: &str) -> Self {
        let mut t = Self::new();
        t.root = repo().join("tests/fixtures").join(name);
        t
    }

    /// A copy of the repository's demo site (`site.toml`, `content/`, `static/`).
    pub(crate) fn demo() -> Self {
        let t = Self::new();
        for sub in ["content", "static"] {
            copy_tree(&repo().join(sub), &t.root.join(sub));
        }
        fs::copy(repo().join("site.toml"), t.root.join("site.toml")).unwrap();
        t
    }

    /// Writes `text` to `rel` below the site folder (folders made as needed).
    pub(crate) fn file(self, rel: &str, text: impl AsRef<[u8]>) -> Self {
        self.write(rel, text);
        self
    }

    /// Writes `text` to `content/<rel>`.
    pub(crate) fn minutes(self, rel: &str, text: impl AsRef<[u8]>) -> Self {
        self.file(&format!("content/{rel}"), text)
    }

    /// Writes `site.toml`.
    pub(crate) fn config(self, toml: &str) -> Self {
        self.file("site.toml", toml)
    }

    /// Writes `text` to `rel` below the site folder, in place.
    pub(crate) fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Rewrites `rel` (below the site folder) through `f`.
    pub(crate) fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
        let path = self.root.join(rel);
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        fs::write(path, f(text)).unwrap();
    }

    /// The temporary folder holding the site folder and the output (`site/`, `public/`).
    pub(crate) fn path(&self) -> &Path {
        self._dir.path()
    }

    /// `content/` of the site.
    pub(crate) fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Runs `minutebook build` with `extra` arguments; keeps stdout and stderr.
    pub(crate) fn try_build(&mut self, extra: &[&str]) -> Output {
        let o = minutebook()
            .arg("build")
            .arg("--root")
            .arg(&self.root)
            .arg("--output")
            .arg(&self.out)
            .args(extra)
            .output()
            .expect("run minutebook");
        self.stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        self.stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        o
    }

    /// Builds the site; a failed build fails the test with its stderr.
    pub(crate) fn build(mut self) -> Self {
        let o = self.try_build(&[]);
        assert!(o.status.success(), "build failed:\n{}", self.stderr);
        self
    }

    /// A written page: `rel` is a file, or a folder whose `index.html` is meant.
    pub(crate) fn page(&self, rel: &str) -> String {
        let mut path = self.out.join(rel);
        if rel.is_empty() || rel.ends_with('/') || path.is_dir() {
            path.push("index.html");
        }
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Starts `minutebook serve` on the site.
    pub(crate) fn serve(&self, extra: &[&str]) -> Server {
        Server::start(&self.root, extra)
    }
}

/// Copies a folder recursively (fixtures are copied before tests modify them).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by path relative to it ('/'-separated).
pub(crate) fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    read_tree_and_folders(dir)
        .into_iter()
        .filter_map(|(rel, bytes)| Some((rel, bytes?)))
        .collect()
}

/// Every file and folder under `dir` (not `dir` itself): files with their bytes,
/// folders with `None`, so that an empty folder left behind is seen too.
pub(crate) fn read_tree_and_folders(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("readable tree"))
        .map(|e| {
            let bytes = (!e.file_type().is_dir()).then(|| fs::read(e.path()).unwrap());
            (rel_path(dir, e.path()), bytes)
        })
        .collect()
}

/// The '/'-separated paths of the files under `dir`, sorted.
pub(crate) fn files_under(dir: &Path) -> Vec<String> {
    read_tree_and_folders(dir)
        .into_iter()
        .filter_map(|(rel, bytes)| bytes.map(|_| rel))
        .collect()
}

/// `path` relative to `dir`, '/'-separated.
pub(crate) fn rel_path(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}
