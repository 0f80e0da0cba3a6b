//! minutebook: a static site generator for archives of weekly meeting minutes.
//!
//! The folders read as the pipeline, each stage handing plain data to the next:
//!
//! 1. [`source`]: `site.toml`, the walk over `content/`, dates, front matter, decoding
//!    -> a [`source::walk::ContentIndex`] of dated [`source::walk::SourceFile`]s.
//! 2. [`markdown`]: one file's parse (title, scribes, team sections, links, sanitising)
//!    -> a [`markdown::parse::ParsedMeeting`] per file.
//! 3. [`model`]: the archive (meetings, weeks, teams, series, topics, people)
//!    -> an [`model::archive::Archive`]. [`site`] runs stages 1-3 for every command.
//! 4. [`render`]: Tera templates and one context module per page kind -> HTML per
//!    [`render::Page`].
//! 5. [`outputs`]: the one list of files a site consists of, the search index, feeds,
//!    sitemap, and the atomic write into the output folder.
//!
//! [`check`] and [`serve`] reuse the same pipeline; [`cli`] is the thin command layer.

pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod init;
pub mod markdown;
pub mod model;
pub mod new_minutes;
pub mod outputs;
pub mod render;
pub mod serve;
pub mod site;
pub mod source;
#[cfg(test)]
mod testutil;
pub mod text;
pub mod urls;
