//! Stage 2, one file's markdown: from text to a [`parse::ParsedMeeting`].
//!
//! Owns the comrak parse ([`parse`]: title, scribes, blocks rendered to sanitised HTML),
//! other tools' markdown dialects rendered clean ([`dialects`]),
//! who was there ([`attendance`]), decisions and action items ([`outcomes`]),
//! issues and pull requests mentioned ([`references`]),
//! the rule that decides which heading starts a team's section ([`team_sections`]), the
//! list items that are such headings ([`item_headings`]) and
//! where each written link points once the site is built ([`links`]). Knows nothing of
//! templates or of other files beyond the link targets it is given.

pub mod attendance;
pub mod attendance_tables;
pub mod blocks;
pub mod dialects;
pub mod group_names;
pub mod html_fixups;
pub mod item_headings;
pub mod links;
pub mod names;
pub mod outcomes;
pub mod parse;
pub mod references;
pub mod sanitize;
pub mod scribes;
pub mod speakers;
pub mod team_sections;
pub mod text;
