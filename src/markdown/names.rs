//! What a person's name looks like in minutes, and one person read from text
//! ([`attendee`], [`Attendee`]): the one notion that scribes
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

/// One person named as present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// The name as written, without the handle (the handle when only it is given).
    pub name: String,
    /// A `@handle` given with or instead of the name, without the `@`.
    pub handle: Option<String>,
    /// The abbreviation an attendee table gives them (`ABC`), which speaker turns use.
    pub abbreviation: Option<String>,
    /// Their organisation, as written (`Ana Li (Acme)`, a table's organisation column).
    pub affiliation: Option<String>,
}

/// Words in parentheses that say what somebody did, not where they come from.
const ROLES: &[&str] = &[
    "chair",
    "co-chair",
    "host",
    "facilitator",
    "scribe",
    "guest",
    "observer",
    "notes",
    "minutes",
    "remote",
    "secretary",
    "treasurer",
    "president",
    "moderator",
    "late",
    "left early",
];

/// A short capitalised remark, not a role: `Ana Li (Acme)`, `Thomas Watson - Elastic`.
fn affiliation_in(text: &str) -> Option<String> {
    let remark = match (text.find('('), text.find(')')) {
        (Some(a), Some(b)) if a < b => Some(&text[a + 1..b]),
        _ => [" - ", " – ", " — "]
            .iter()
            .find_map(|sep| text.split_once(sep).map(|(_, r)| r)),
    }?;
    let remark = remark.trim();
    let capital = remark.chars().next().is_some_and(char::is_uppercase);
    let words = remark.split_whitespace().count();
    (capital
        && (1..=4).contains(&words)
        && !remark.contains(['@', ':', '/'])
        && !ROLES.contains(&remark.to_lowercase().as_str()))
    .then(|| remark.to_string())
}

/// One person from `Name (@handle)`, `@handle` or `Name`, or nothing when the text
/// does not look like a name (a sentence, a link, a placeholder).
pub(crate) fn attendee(text: &str) -> Option<Attendee> {
    let text = text.trim();
    if text.is_empty() || text.contains("://") {
        return None;
    }
    let handle = handles(text).next().map(str::to_string);
    let affiliation = affiliation_in(text);
    // `Name - Company`: the affiliation is no part of the name.
    let text = [" - ", " – ", " — "]
        .iter()
        .fold(text, |t, sep| t.split(sep).next().unwrap_or(t));
    let name = without_remarks(text);
    let name = name
        .split_whitespace()
        .filter(|w| !w.starts_with('@'))
        .collect::<Vec<_>>()
        .join(" ");
    let name = name
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    let name = if name.is_empty() {
        handle.clone()?
    } else {
        name
    };
    let words = name.split_whitespace().count();
    // Four words are a name when it starts with a capital ("and give us some
    // feedback" is a remark); shorter ones may be written in lower case ("james
    // munns", a handle).
    let capital = name.chars().next().is_some_and(char::is_uppercase);
    if words > 3 && !capital {
        return None;
    }
    let placeholder = is_placeholder(&name);
    let digits = name.chars().any(|c| c.is_ascii_digit()) && !name.contains(char::is_alphabetic);
    if words > 4
        || name.chars().count() > 40
        || placeholder
        || digits
        || name.contains([':', '@', '#', '/'])
    {
        return None;
    }
    Some(Attendee {
        name,
        handle,
        abbreviation: None,
        affiliation,
    })
}

/// `ABC`, `XY`, `McG`: two to six letters, starting with two capitals.
pub(crate) fn is_abbreviation(s: &str) -> bool {
    let n = s.chars().count();
    (2..=6).contains(&n)
        && s.chars().all(char::is_alphabetic)
        && s.chars().take(2).all(char::is_uppercase)
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
