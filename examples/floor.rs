//! The markdown floor: how long parsing and rendering every minutes file with comrak
//! takes, in-process, with nothing else (no link rewriting, sanitising, templates or
//! writing). `scripts/bench` divides the build time by this.
//!
//! ```sh
//! cargo run --release --example floor -- CONTENT_DIR [RUNS]
//! ```
//!
//! Files are read into memory first (not timed). Each run parses and renders every
//! file once, in parallel over rayon's pool like the build does, and once on one
//! thread. Prints one line per mode: `parallel median_s min_s max_s` and the same for
//! `sequential`, then `files N bytes B`.

use std::time::Instant;

use comrak::{Arena, Options};
use rayon::prelude::*;

use minutebook::markdown::parse::comrak_options;
use minutebook::source::frontmatter;

// The same allocator as the minutebook binary, so that the floor is the build's own cost.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn render(text: &str, options: &Options) -> usize {
    let body = frontmatter::split(text).body;
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body, options);
    let mut html = String::new();
    comrak::format_html(root, options, &mut html).expect("writing to a String");
    html.len()
}

fn stats(mut times: Vec<f64>) -> (f64, f64, f64) {
    times.sort_by(|a, b| a.total_cmp(b));
    let n = times.len();
    let median = if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2.0
    };
    (median, times[0], times[n - 1])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: floor CONTENT_DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args
        .next()
        .map(|r| r.parse().expect("RUNS is a number"))
        .unwrap_or(5);
    let texts: Vec<String> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| std::fs::read_to_string(e.path()).expect("readable UTF-8 minutes"))
        .collect();
    if texts.is_empty() {
        eprintln!("error: no .md files under {dir}");
        std::process::exit(1);
    }
    let options = comrak_options(true);
    let time = |parallel: bool| {
        let t = Instant::now();
        let out: usize = if parallel {
            texts.par_iter().map(|t| render(t, options)).sum()
        } else {
            texts.iter().map(|t| render(t, options)).sum()
        };
        assert!(out > 0, "rendered nothing");
        t.elapsed().as_secs_f64()
    };
    for (label, parallel) in [("parallel", true), ("sequential", false)] {
        let (median, min, max) = stats((0..runs).map(|_| time(parallel)).collect());
        println!("{label} {median:.4} {min:.4} {max:.4}");
    }
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    println!("files {} bytes {bytes}", texts.len());
}
