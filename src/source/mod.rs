//! Stage 1, the source: what is on disk before any markdown is read.
//!
//! Owns `site.toml` ([`config`]), the walk over `content/` that decides which files are
//! minutes, of which series and date, and which are assets ([`walk`]), dates in file
//! names and titles ([`dates`]), front matter ([`frontmatter`]) and files holding many
//! meetings ([`multi`]). Hands on a
//! [`walk::ContentIndex`] and each file's decoded text.

pub mod config;
pub mod dates;
pub mod frontmatter;
pub mod multi;
pub mod walk;
