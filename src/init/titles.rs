//! Titles `init` gives a site and its series, from the archive itself: what the
//! meetings' titles share once dates, month and day names are taken out, else the
//! folder's own name, never one meeting's title or a generic word like "Meeting".

use std::collections::BTreeMap;
use std::path::Path;

/// Words that say nothing of whose minutes these are: a title made only of them
/// ("Meeting", "Weekly call") is no title.
const GENERIC: &[&str] = &[
    "meeting", "meetings", "minutes", "notes", "agenda", "call", "calls", "weekly", "monthly",
    "daily", "biweekly", "annual", "sync", "session", "the", "of", "a", "and", "for",
];

/// Folder names that hold an archive rather than name it: the title comes from the
/// folder above (`org-minutes/content` is titled `org-minutes`).
const HOLDERS: &[&str] = &[
    "content",
    "minutes",
    "meetings",
    "notes",
    "docs",
    "src",
    "meeting-notes",
];

/// A title's words without dates, numbers, month and weekday names.
fn words(title: &str) -> Vec<&str> {
    title
        .split_whitespace()
        .filter(|w| {
            let bare = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            !bare.is_empty()
                && !bare.chars().any(|c| c.is_ascii_digit())
                && !crate::source::dates::is_calendar_word(&bare)
        })
        .collect()
}

/// Words joined, without punctuation or connectors left dangling at either end
/// ("Board monthly meeting," -> "Board monthly meeting").
fn joined(words: &[&str]) -> Option<String> {
    let mut w = words.to_vec();
    while w.last().is_some_and(|l| {
        ["of", "for", "the", "and", "on", "-", "–", "—"].contains(&l.to_lowercase().as_str())
    }) {
        w.pop();
    }
    let t = w.join(" ");
    let t = t
        .trim_matches(|c: char| !c.is_alphanumeric() && c != ')')
        .to_string();
    let generic = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|x| !x.is_empty())
        .all(|x| GENERIC.contains(&x.to_lowercase().as_str()));
    (!generic).then_some(t)
}

/// What at least half of `titles` (and `min` of them) share: a whole title once dates
/// and month names are out, else the longest run of first words they begin with. `None`
/// when they share nothing that names them.
pub(crate) fn shared_title(titles: &[&str], min: usize) -> Option<String> {
    let cleaned: Vec<Vec<&str>> = titles.iter().map(|t| words(t)).collect();
    let enough = |n: usize| n >= min && 2 * n >= titles.len();
    let mut whole: BTreeMap<String, usize> = BTreeMap::new();
    for w in &cleaned {
        if let Some(t) = joined(w) {
            *whole.entry(t).or_default() += 1;
        }
    }
    if let Some((t, _)) = (whole.into_iter())
        .filter(|(_, n)| enough(*n))
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
    {
        return Some(t);
    }
    // The longest run of first words enough titles begin with, compared without case.
    let longest = cleaned.iter().map(Vec::len).max().unwrap_or(0);
    (1..=longest).rev().find_map(|k| {
        let mut prefixes: BTreeMap<String, (usize, &[&str])> = BTreeMap::new();
        for w in cleaned.iter().filter(|w| w.len() >= k) {
            let key = w[..k].join(" ").to_lowercase();
            prefixes.entry(key).or_insert((0, &w[..k])).0 += 1;
        }
        (prefixes.into_values())
            .filter(|(n, _)| enough(*n))
            .max_by_key(|(n, _)| *n)
            .and_then(|(_, w)| joined(w))
    })
}

/// The site's title: what the meetings' titles share, else the name of the folder the
/// minutes are in (or of the folder above one called `content`, `minutes`, …), as
/// spelt. Returns the title and where it came from, for `init` to print.
pub(crate) fn site_title(titles: &[&str], content: &Path) -> (Option<String>, &'static str) {
    if let Some(t) = shared_title(titles, 3) {
        return (Some(t), "what the meetings' titles share");
    }
    let dir = std::fs::canonicalize(content).unwrap_or_else(|_| content.to_path_buf());
    let mut names = dir.ancestors().filter_map(|p| p.file_name()?.to_str());
    let name = names.find(|n| !HOLDERS.contains(&n.to_lowercase().as_str()));
    match name {
        Some(n) => (Some(n.to_string()), "the folder's name"),
        None => (None, "no shared title and no folder name"),
    }
}

/// A series' title: what its meetings' titles share, else its folder's name as spelt,
/// with `-` and `_` as spaces (`io.js`, `tsc meeting`).
pub(crate) fn series_title(folder: &str, titles: &[&str]) -> String {
    shared_title(titles, 2).unwrap_or_else(|| folder.replace(['-', '_'], " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_what_the_meetings_share() {
        let board: Vec<String> = ["January", "February", "March", "Sept"]
            .iter()
            .map(|m| format!("Board monthly meeting, {m}"))
            .collect();
        let board: Vec<&str> = board.iter().map(String::as_str).collect();
        assert_eq!(
            shared_title(&board, 3).as_deref(),
            Some("Board monthly meeting")
        );
        let weekly = [
            "SCS Tech Weekly 2023-06-29",
            "SCS Tech Weekly (2023-07-06)",
            "SCS Tech Weekly 2023-07-13",
            "Other",
        ];
        assert_eq!(shared_title(&weekly, 3).as_deref(), Some("SCS Tech Weekly"));
        // Many series: what they begin with, not the title of the largest one.
        let many = [
            "Acme Team Ops 2024-01-02",
            "Acme Team Ops 2024-01-09",
            "Acme Startup Team Minutes",
            "Acme Community Call",
            "Acme Community Call",
            "Acme Board",
        ];
        assert_eq!(shared_title(&many, 3).as_deref(), Some("Acme"));
        // Nothing shared, or only generic words: no title.
        assert_eq!(shared_title(&["Meeting", "Meeting", "Meeting"], 3), None);
        assert_eq!(
            shared_title(&["Weekly call 1", "Weekly call 2", "Weekly call 3"], 3),
            None
        );
        assert_eq!(shared_title(&["One", "Two", "Three", "Four"], 3), None);
    }

    #[test]
    fn series_keep_their_folder_spelling() {
        assert_eq!(series_title("io.js", &[]), "io.js");
        assert_eq!(
            series_title("tsc-meeting", &["Meeting", "Meeting"]),
            "tsc meeting"
        );
        assert_eq!(
            series_title(
                "tsc-meeting",
                &[
                    "Node.js TSC Meeting 2016-01-06",
                    "Node.js TSC Meeting 2016-01-13"
                ]
            ),
            "Node.js TSC Meeting"
        );
    }

    #[test]
    fn a_folder_names_the_site_without_a_shared_title() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("acme-board").join("content");
        std::fs::create_dir_all(&content).unwrap();
        let (title, why) = site_title(&["Meeting", "Standup"], &content);
        assert_eq!(title.as_deref(), Some("acme-board"));
        assert_eq!(why, "the folder's name");
    }
}
