//! minutebook: a static site generator for archives of weekly meeting minutes.
//!
//! The modules read as the pipeline:
//! [`config`] (`site.toml`) -> [`load`] (walk `content/`, dates, [`frontmatter`]) ->
//! [`parse`] (comrak AST: title, scribes, [`teams`] sections, [`links`]) ->
//! [`model`] (meetings, weeks, teams, series as plain data) -> [`render`] (Tera) ->
//! [`output`] (atomic write). [`site`] runs the first half for every command.

pub mod check;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod feeds;
pub mod frontmatter;
pub mod heatmap;
pub mod incremental;
pub mod linkcheck;
pub mod links;
pub mod load;
pub mod model;
pub mod new_minutes;
pub mod output;
pub mod parse;
pub mod people;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod slug;
pub mod teams;
#[cfg(test)]
mod testutil;
pub mod topics;
pub mod urls;
pub mod watch;
