//! Stage 5, the outputs: every file a built site consists of, and writing them.
//!
//! Owns the list of non-page files ([`site_files`]: `.nojekyll`, `robots.txt`, the
//! [`sitemap`], the Atom [`feeds`]), the [`search_index`], and the atomic write of
//! pages, static files and content assets into the output folder ([`write`]).

pub mod feeds;
pub mod search_index;
pub mod site_files;
pub mod sitemap;
pub mod write;
