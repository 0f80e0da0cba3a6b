//! What a person's name looks like in minutes: the one notion that scribes
//! ([`crate::markdown::scribes`]), attendance ([`crate::markdown::attendance`]) and the
//! owners of action items ([`crate::markdown::outcomes`]) share. `model::people` only
//! folds the names found here into people.

/// Words that stand where a name would but name nobody (`Minutes: n/a`,
/// `Present: everyone`), compared without case and a trailing `.` or `?`.
const PLACEHOLDERS: &[&str] = &[
    "none", "nobody", "tbd", "n/a", "na", "tba", "todo", "unknown", "missing", "everyone", "all",
    "others",
];

/// Lower-case particles that may stand inside a name (`Jan van Dijk`).
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "zu",
];

/// Whether a word or name is a placeholder rather than somebody.
pub(crate) fn is_placeholder(name: &str) -> bool {
    PLACEHOLDERS.contains(&name.trim().to_lowercase().trim_end_matches(['.', '?']))
}

/// Text outside parentheses and brackets: `Ana (Acme)` -> `Ana `, where the remark is
/// no part of a name.
pub(crate) fn without_remarks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// One to four words, each a handle or capitalised (lower-case particles like "van"
/// allowed after the first), at most 40 characters, and not a placeholder: a name
/// written in running text, where lower-case words are prose.
pub(crate) fn is_written_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || name.chars().count() > 40 {
        return false;
    }
    if is_placeholder(name) {
        return false;
    }
    words.iter().enumerate().all(|(i, w)| {
        let first = w.chars().next().unwrap_or(' ');
        let handle = first == '@' && w.len() > 1;
        (handle || first.is_uppercase() || (i > 0 && PARTICLES.contains(w))) && !is_placeholder(w)
    })
}

/// The `@handle`s in a text, in order, without the `@`: letters, digits, `-` and `_`.
/// An `@` after a letter or digit is a mail address, not a handle.
pub(crate) fn handles(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('@').filter_map(move |(at, _)| {
        let mail = text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let rest = &text[at + 1..];
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        (!mail && len > 0).then(|| &rest[..len])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_placeholders_remarks_and_handles() {
        assert!(is_written_name("Jan van Dijk"));
        assert!(is_written_name("@o-otte"));
        assert!(!is_written_name("may be published later"));
        assert!(!is_written_name("None"));
        assert!(is_placeholder("n/a") && is_placeholder("TBD?") && is_placeholder("Everyone"));
        assert_eq!(without_remarks("Ana (Acme) [chair]").trim(), "Ana");
        assert_eq!(
            handles("mail a@b.org, then @ana and @bo_x.").collect::<Vec<_>>(),
            ["ana", "bo_x"]
        );
    }
}
