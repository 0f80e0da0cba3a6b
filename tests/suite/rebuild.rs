//! Rebuilding into an existing output: the build renders into the spare folder beside
//! the output (the build before last), whatever it holds, and the result is exactly
//! what a build into a new folder writes.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::site::read_tree_and_folders as tree;
use crate::common::{copy_tree, minutebook, repo};

fn build(root: &Path, out: &Path) {
    let o = minutebook()
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A copy of the snapshot fixture (every page kind, static files, content assets), with
/// its output folder and that folder's spare.
struct Fixture {
    dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
    spare: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_tree(&repo().join("tests/fixtures/snapshot/site"), &root);
        Fixture {
            out: dir.path().join("public"),
            spare: dir.path().join(".minutebook-spare-public"),
            root,
            dir,
        }
    }

    fn build(&self) {
        build(&self.root, &self.out);
    }

    /// What a build into a new folder writes.
    fn fresh(&self) -> BTreeMap<String, Option<Vec<u8>>> {
        let fresh = self.dir.path().join("fresh");
        build(&self.root, &fresh);
        tree(&fresh)
    }

    /// A new meeting, so that the next build differs from the earlier ones.
    fn add_meeting(&self) {
        fs::write(
            self.root.join("content/weekly/2031-01-09.md"),
            "# Weekly 2031-01-09\n\n## Working groups\n\n### Team Compost\n\n- a new item\n",
        )
        .unwrap();
    }
}

fn names_beside(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".minutebook-"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_rebuild_over_a_tampered_spare_equals_a_fresh_build() {
    let f = Fixture::new();
    let (dir, out, spare) = (f.dir.path(), &f.out, &f.spare);

    f.build();
    assert!(
        !spare.exists(),
        "a first build keeps nothing beside the output"
    );
    let first = tree(out);
    f.build();
    assert_eq!(names_beside(out), [".minutebook-spare-public"]);
    assert_eq!(tree(spare), first, "the spare holds the build before");

    // Everything a spare could hold that the next build must not publish.
    let outside = dir.join("outside.txt");
    fs::write(&outside, "not the site's").unwrap();
    fs::write(spare.join("junk.html"), "stale").unwrap();
    fs::create_dir_all(spare.join("old/deeper")).unwrap();
    fs::write(spare.join("old/deeper/index.html"), "stale").unwrap();
    fs::remove_file(spare.join("index.html")).unwrap();
    fs::create_dir_all(spare.join("index.html/inside")).unwrap();
    fs::remove_dir_all(spare.join("teams")).unwrap();
    fs::write(spare.join("teams"), "a file where a folder goes").unwrap();
    fs::remove_file(spare.join("style.css")).unwrap();
    std::os::unix::fs::symlink(&outside, spare.join("style.css")).unwrap();
    let outside_dir = dir.join("outside");
    fs::create_dir(&outside_dir).unwrap();
    fs::write(outside_dir.join("index.html"), "not the site's either").unwrap();
    fs::remove_dir_all(spare.join("people")).unwrap();
    std::os::unix::fs::symlink(&outside_dir, spare.join("people")).unwrap();
    let page = walkdir::WalkDir::new(spare.join("weeks"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|x| x == "html"))
        .unwrap();
    let mut bytes = fs::read(&page).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 1; // same length, other bytes
    fs::write(&page, &bytes).unwrap();

    f.add_meeting();
    let previous = tree(out);
    f.build();
    let fresh = f.fresh();
    let rebuilt = tree(out);
    assert_eq!(
        rebuilt.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    assert!(rebuilt == fresh, "some file differs from a fresh build");
    assert_ne!(rebuilt, previous);
    assert_eq!(fs::read_to_string(&outside).unwrap(), "not the site's");
    assert_eq!(
        fs::read_to_string(outside_dir.join("index.html")).unwrap(),
        "not the site's either"
    );
    assert_eq!(tree(spare), previous, "the output before is the next spare");
    assert_eq!(names_beside(out), [".minutebook-spare-public"]);
}

#[test]
fn a_build_while_another_holds_the_spare_renders_apart() {
    use rustix::fs::{flock, FlockOperation};
    let f = Fixture::new();
    f.build();
    f.build();
    let held = tree(&f.spare);

    // As a build in progress does: the spare is locked while it is rendered into.
    let lock = fs::File::open(&f.spare).unwrap();
    flock(&lock, FlockOperation::NonBlockingLockExclusive).unwrap();
    f.add_meeting();
    f.build();
    assert_eq!(tree(&f.spare), held, "the locked spare was not written");
    assert!(
        tree(&f.out) == f.fresh(),
        "the build is complete all the same"
    );
    assert_eq!(names_beside(&f.out), [".minutebook-spare-public"]);
}

#[test]
fn a_file_in_place_of_the_spare_is_replaced() {
    let f = Fixture::new();
    f.build();
    fs::write(&f.spare, "not a folder").unwrap();
    f.build();
    assert!(f.spare.is_dir(), "the output before became the spare");
    let fresh = f.fresh();
    assert!(tree(&f.out) == fresh);
    assert!(
        tree(&f.spare) == fresh,
        "nothing changed between the builds"
    );
}
