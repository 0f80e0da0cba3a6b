//! Slugs for URLs and anchors.
//!
//! The rule: transliterate to ASCII with `deunicode` (`Übersicht` -> `ubersicht`),
//! lowercase, turn every run of characters other than `a-z0-9` into one `-`, and trim
//! `-` from both ends. A name with nothing left (only emoji, only punctuation) gets the
//! fallback the caller supplies.

use std::collections::{HashMap, HashSet};

/// Slug of `text`; may be empty.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Slug of `text`, or `fallback` when the slug would be empty.
pub fn slugify_or(text: &str, fallback: &str) -> String {
    let s = slugify(text);
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

/// Hands out slugs unique among those it handed out: the first of a kind keeps its
/// slug, later ones get the next free `-N` (counting from the number given to
/// [`Unique::new`]), never one already taken, even one that was written literally.
#[derive(Debug, Default)]
pub struct Unique {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
    first: usize,
}

impl Unique {
    /// Numbering repeats from `first` (`2` gives `x`, `x-2`, `x-3`).
    pub fn new(first: usize) -> Self {
        Unique {
            first,
            ..Unique::default()
        }
    }

    /// `base`, or `base-N` with the lowest free `N` not handed out for `base` before.
    pub fn claim(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(self.first);
        loop {
            let slug = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(slug.clone()) {
                return slug;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule() {
        assert_eq!(slugify("Team IaaS"), "team-iaas");
        assert_eq!(
            slugify("SIG Standardization/Certification"),
            "sig-standardization-certification"
        );
        assert_eq!(slugify("  Übersicht & Größe!  "), "ubersicht-grosse");
        assert_eq!(slugify("Team-IaaS"), "team-iaas");
        assert_eq!(slugify("🎉"), "tada");
        assert_eq!(slugify("— ! ?"), "");
        assert_eq!(slugify_or("?!", "section"), "section");
    }

    #[test]
    fn unique_slugs_never_reuse_one_already_taken() {
        let mut u = Unique::new(2);
        let got: Vec<String> = ["x", "x-2", "x", "x", "y"]
            .iter()
            .map(|s| u.claim(s.to_string()))
            .collect();
        assert_eq!(got, ["x", "x-2", "x-3", "x-4", "y"]);
        // Heading anchors count from 1; a literal `a-1` written before the repeat.
        let mut u = Unique::new(1);
        let got: Vec<String> = ["a", "a-1", "a", "a-1"]
            .iter()
            .map(|s| u.claim(s.to_string()))
            .collect();
        assert_eq!(got, ["a", "a-1", "a-2", "a-1-1"]);
    }
}
