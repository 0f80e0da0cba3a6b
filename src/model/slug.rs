//! Slugs for URLs and anchors.
//!
//! The rule: transliterate to ASCII with `deunicode` (`Übersicht` -> `ubersicht`),
//! lowercase, turn every run of characters other than `a-z0-9` into one `-`, and trim
//! `-` from both ends. A name with nothing left (only emoji, only punctuation) gets the
//! fallback the caller supplies.

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
}
