//! Topic keys: the words an item's first line is compared by, and when two lines are
//! the same topic (equal key words, or a strong overlap).

/// Words that carry no topic: articles, prepositions, conjunctions. A `match` rather
/// than a list: it is asked of every word of every item.
pub(super) fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "of"
            | "for"
            | "to"
            | "in"
            | "on"
            | "at"
            | "with"
            | "w"
            | "and"
            | "or"
            | "by"
            | "from"
            | "is"
            | "are"
            | "be"
            | "via"
            | "re"
            | "about"
            | "our"
            | "we"
            | "s"
    )
}

/// Headings that structure every meeting rather than name a topic (as keys).
pub(super) fn is_structure(key: &str) -> bool {
    matches!(
        key,
        "agenda"
            | "housekeeping"
            | "recurringitem"
            | "meta"
            | "minute"
            | "note"
            | "misc"
            | "miscellaneous"
            | "other"
            | "aob"
            | "anyotherbusiness"
            | "actionitem"
            | "ais"
            | "nextmeeting"
            | "nextstep"
            | "topic"
            | "discussion"
            | "update"
    )
}

/// Key words of an item's first line, in order, without duplicates. A line written as
/// `Label: details` is keyed by its label when the label has two words or more and
/// names no person, so "Ops board: <link>" joins "Ops board". A URL is one word.
pub fn key_words(line: &str) -> Vec<String> {
    match label_words(line) {
        Some((_, words)) => words,
        None => words_of(line),
    }
}

/// The label of a `Label: details` line, when it is what the line is keyed by.
pub(super) fn label_of(line: &str) -> Option<&str> {
    label_words(line).map(|(label, _)| label)
}

/// [`label_of`] with the label's key words.
pub(super) fn label_words(line: &str) -> Option<(&str, Vec<String>)> {
    let (label, _) = line.split_once(": ")?;
    if label.contains('@') || crate::markdown::links::has_scheme_separator(label) {
        return None;
    }
    let words = words_of(label);
    (words.len() >= 2).then_some((label, words))
}

pub(super) fn words_of(text: &str) -> Vec<String> {
    // Lower-cased once for the whole line when it is ASCII (nearly always), so that its
    // tokens are borrowed below.
    let lowered;
    let text = if text.is_ascii() && text.bytes().any(|b| b.is_ascii_uppercase()) {
        lowered = text.to_ascii_lowercase();
        lowered.as_str()
    } else {
        text
    };
    let mut out: Vec<String> = Vec::new();
    let mut push = |w: &str| {
        if !out.iter().any(|x| x == w) {
            out.push(w.to_string());
        }
    };
    for token in text.split_whitespace() {
        // People are not what a topic is about: "Status Page (@a, @b)" is "Status Page".
        if token.trim_start_matches('(').starts_with('@') {
            continue;
        }
        // Emoji shortcodes (`:notebook: Agenda`) decorate, they do not name.
        if token.len() > 2 && token.starts_with(':') && token.ends_with(':') {
            continue;
        }
        if crate::markdown::links::has_scheme_separator(token) {
            push(
                token
                    .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/')
                    .to_lowercase()
                    .as_str(),
            );
            continue;
        }
        // deunicode leaves ASCII as it is; only other text needs it.
        let ascii: std::borrow::Cow<str> = if !token.is_ascii() {
            deunicode::deunicode(token).to_lowercase().into()
        } else if token.bytes().any(|b| b.is_ascii_uppercase()) {
            token.to_ascii_lowercase().into()
        } else {
            token.into()
        };
        for w in ascii
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if is_filler(w) {
                continue;
            }
            // A plural `s`, but not the end of "status", "analysis" or "class".
            let w = match w.strip_suffix('s') {
                Some(stem) if w.len() > 4 && !stem.ends_with(['s', 'u', 'i']) => stem,
                _ => w,
            };
            push(w);
        }
    }
    out
}

/// Whether a line is nothing but one or more URLs (in angle brackets or followed by
/// punctuation, as written). A link names no topic; the words around it do.
pub(super) fn is_bare_url(line: &str) -> bool {
    let mut tokens = line.split_whitespace().peekable();
    tokens.peek().is_some()
        && tokens.all(|t| {
            let t = t.trim_matches(|c: char| "<>()[],.;:!?\"'".contains(c));
            crate::markdown::links::has_scheme_separator(t)
        })
}

/// Whether two first lines name the same topic. Keys compare without spaces, so
/// "Statuspage" and "Status page" agree.
pub fn same_topic(a: &str, b: &str) -> bool {
    let (a, b) = (key_words(a), key_words(b));
    !a.is_empty() && (a.concat() == b.concat() || overlaps(&a, &b))
}

pub(super) fn overlaps(a: &[String], b: &[String]) -> bool {
    let shared = a.iter().filter(|w| b.contains(w)).count();
    strong_overlap(shared, a.len() + b.len() - shared)
}

/// At least three shared words and at least 70% of all their words.
pub(super) fn strong_overlap(shared: usize, union: usize) -> bool {
    shared >= 3 && shared * 10 >= union * 7
}

/// [`overlaps`] for keys as sorted word numbers without duplicates.
pub(super) fn overlaps_sorted(a: &[u32], b: &[u32]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Sharing at most the shorter key, among at least the longer one's words.
    if !strong_overlap(short.len(), long.len()) {
        return false;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    strong_overlap(shared, a.len() + b.len() - shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_punctuation_filler_and_plurals() {
        assert_eq!(
            key_words("Zuul - conformance checks"),
            ["zuul", "conformance", "check"]
        );
        assert_eq!(
            key_words("Health Monitor for LB with OVN provider"),
            ["health", "monitor", "lb", "ovn", "provider"]
        );
        assert_eq!(key_words("Status page"), key_words("status-page:"));
        assert!(key_words("the of and").is_empty());
        assert!(!same_topic("the", "the"));
        // Plural `s` goes, the end of "status" stays; "Statuspage" is "Status page".
        assert_eq!(key_words("Status updates"), ["status", "update"]);
        assert!(same_topic("Statuspage", "Status Page"));
        // `Label: details` is keyed by a label of two words or more without a person.
        assert_eq!(
            key_words("Ops board: https://github.com/orgs/x/projects/6"),
            ["ops", "board"]
        );
        assert_eq!(
            key_words("AI @fkr: check the docs"),
            ["ai", "check", "docs"]
        );
        assert!(same_topic(
            "Status Page (@snkaupe, @joshuai96)",
            "Status page"
        ));
        assert_eq!(key_words(":notebook: Agenda"), ["agenda"]);
        assert_eq!(key_words("Issue: secrets"), ["issue", "secret"]);
        // A URL is one word, so links to different issues stay apart.
        assert!(!same_topic(
            "https://github.com/o/issues/issues/157",
            "https://github.com/o/issues/issues/158"
        ));
        assert!(same_topic(
            "https://github.com/o/issues/issues/157",
            "https://github.com/o/issues/issues/157,"
        ));
    }
}
