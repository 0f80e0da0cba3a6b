//! Stage 3, the model: the whole archive as plain data, built from parsed files.
//!
//! Owns [`archive::Archive`] (meetings, ISO weeks, series, team timelines), the groups
//! [`inference`] finds when `site.toml` names no team, recurring
//! [`topics`], [`people`], [`issues`] and [`actions`] followed across meetings, computed
//! together as [`derived::Derived`]. Hands the archive to
//! [`crate::render`] and [`crate::outputs`]; nothing here knows of HTML templates.

pub mod actions;
pub mod archive;
pub mod derived;
pub mod inference;
pub mod issues;
pub mod people;
pub mod topics;
