//! Leaf helpers every stage may use: they know nothing of minutes, sites or pages.
//!
//! [`slug`] makes URL slugs and keeps them unique; [`html`] escapes text for HTML; [`months`] names months.

pub mod html;
pub mod months;
pub mod slug;
