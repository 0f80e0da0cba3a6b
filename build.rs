//! Puts the commit the binary was built from into `minutebook --version`.
//!
//! From a git checkout: `git rev-parse --short HEAD` (no `-dirty` mark: finding it
//! would mean re-running this script on every edit). From a crate
//! package (`cargo install minutebook`, `cargo package`) there is no `.git`, but cargo
//! writes the commit it was packaged from into `.cargo_vcs_info.json`. Neither: the
//! version alone.

use std::path::Path;
use std::process::Command;

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it");
    let commit = git_commit(Path::new(&dir)).or_else(|| packaged_commit(Path::new(&dir)));
    let version = env!("CARGO_PKG_VERSION");
    let described = match &commit {
        Some(c) => format!("{version} ({c})"),
        None => version.to_string(),
    };
    println!("cargo:rustc-env=MINUTEBOOK_BUILD_VERSION={described}");
    // Without any rerun-if-changed line cargo would re-run this on every edit.
    println!("cargo:rerun-if-changed=build.rs");
}

/// Re-run when this file changes; a path that does not exist would make cargo re-run
/// the script (and rebuild the crate) on every build.
fn watch(path: &str) {
    if Path::new(path).exists() {
        println!("cargo:rerun-if-changed={path}");
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The commit of HEAD, when `dir` is the top of a git work tree (not a package unpacked
/// somewhere inside another repository, whose HEAD says nothing about it).
fn git_commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    let commit = git(dir, &["rev-parse", "--short=9", "HEAD"])?;
    // Re-run when HEAD moves: a commit, a checkout. Paths from git work in worktrees too.
    for name in ["HEAD", "packed-refs"] {
        if let Some(p) = git(
            dir,
            &["rev-parse", "--path-format=absolute", "--git-path", name],
        ) {
            watch(&p);
        }
    }
    if let Some(head) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        if let Some(p) = git(
            dir,
            &["rev-parse", "--path-format=absolute", "--git-path", &head],
        ) {
            watch(&p);
        }
    }
    Some(commit)
}

/// The commit `cargo package` recorded.
fn packaged_commit(dir: &Path) -> Option<String> {
    let path = dir.join(".cargo_vcs_info.json");
    let text = std::fs::read_to_string(&path).ok()?;
    watch(&path.to_string_lossy());
    let at = text.find("\"sha1\"")?;
    let rest = &text[at + 6..];
    let start = rest.find('"')? + 1;
    let sha: String = rest[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (sha.len() >= 9).then(|| sha[..9].to_string())
}
