//! The integration tests, one binary (as mdBook and ripgrep do): each module below used
//! to be a test target of its own, and each linked the crate again. Run one module with
//! `cargo test --test suite MODULE::` (for example `cargo test --test suite snapshot::`).
mod actions;
mod common;

mod adoption;
mod bad_input;
mod browser_404;
mod browser_pages;
mod browser_reload;
mod browser_search;
mod build;
mod check;
mod crash_safety;
mod dialects;
mod fuzz_regressions;
mod group_shapes;
mod inference;
mod init;
mod issues;
mod new_minutes;
mod outcomes;
mod page_weight;
mod people;
mod publish;
mod rebuild;
mod scs_corpus;
mod search_js;
mod search_pages;
mod serve;
mod serve_equivalence;
mod shapes;
mod snapshot;
mod timelines;
mod voices;
