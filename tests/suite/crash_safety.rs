//! A build killed with SIGKILL at random moments while it writes a large archive
//! leaves the output folder exactly as a complete build left it, and the next build
//! clears whatever the killed one left beside it (the spare it renders into stays).
#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::minutebook;
use crate::common::read_tree as snapshot;

fn write_archive(content: &Path, weeks: u64, marker: &str) {
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 6).unwrap();
    for w in 0..weeks {
        let date = start + chrono::Days::new(7 * w);
        let text = format!(
            "# Weekly {date}\n\n## Meta\n\n- Minutes: Scribe {s}\n\n## Team updates\n\n### Team Red\n\n- item {w} {marker}\n- more words about the week {w}\n\n### Team Blue\n\n- blue item {w}\n\n### SIG Green\n\n- green {w}\n",
            s = w % 7
        );
        let p = content.join(format!("weekly/{}.md", date.format("%Y%m%d")));
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
}

/// A small xorshift generator: the kill points only need to be spread out.
struct Rng(u64);
impl Rng {
    fn new(seed: u64) -> Rng {
        // xorshift stays at 0 from 0.
        Rng((seed ^ 0x9E37_79B9_7F4A_7C15).max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The seed of the kill times: `MINUTEBOOK_CRASH_SEED` when set (to replay a failure),
/// otherwise the clock. Printed either way.
fn seed() -> u64 {
    let seed = match std::env::var("MINUTEBOOK_CRASH_SEED") {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("MINUTEBOOK_CRASH_SEED={s:?} is not a u64")),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    };
    eprintln!("crash_safety seed: {seed}; rerun with MINUTEBOOK_CRASH_SEED={seed}");
    seed
}

#[test]
fn killed_builds_never_damage_the_published_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let content = root.join("content");
    let out = dir.path().join("public");
    let build = || {
        let mut c = minutebook();
        c.arg("build")
            .arg("--root")
            .arg(&root)
            .arg("--output")
            .arg(&out);
        c
    };

    write_archive(&content, 1500, "first");
    let started = Instant::now();
    assert!(build().output().unwrap().status.success());
    let full_build = started.elapsed();
    let old = snapshot(&out);
    assert!(old.len() > 1500);

    // The next version of the archive, and what a complete build of it looks like.
    write_archive(&content, 1500, "second");
    let reference = dir.path().join("reference");
    let o = minutebook()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--output")
        .arg(&reference)
        .output()
        .unwrap();
    assert!(o.status.success());
    let new = snapshot(&reference);
    assert_ne!(old, new);

    // The same seed gives the same kill times as fractions of the full build's time.
    let seed = seed();
    let mut rng = Rng::new(seed);
    let (mut before_swap, mut after_swap) = (0, 0);
    for _ in 0..12 {
        let mut child = build()
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let wait =
            Duration::from_micros(rng.next() % (full_build.as_micros() as u64 * 11 / 10).max(1));
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let now = snapshot(&out);
        if now == old {
            before_swap += 1;
        } else if now == new {
            after_swap += 1;
        } else {
            panic!(
                "killed after {wait:?} ({status}): the output is neither the old nor the new \
                 complete site (rerun with MINUTEBOOK_CRASH_SEED={seed})"
            );
        }
        if now == new {
            // Start the next round from the old site again.
            write_archive(&content, 1500, "first");
            assert!(build().output().unwrap().status.success());
            assert_eq!(snapshot(&out), old);
            write_archive(&content, 1500, "second");
        }
    }
    assert!(
        before_swap > 0,
        "no kill landed before the swap ({after_swap} after, seed {seed}): nothing was tested"
    );

    // A complete build afterwards removes whatever the killed ones left beside the
    // output, but for the spare the next build renders into.
    assert!(build().output().unwrap().status.success());
    assert_eq!(snapshot(&out), new);
    let leftovers: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".minutebook-"))
        .collect();
    assert_eq!(leftovers, [".minutebook-spare-public"]);
}
