//! Files that hold many meetings: a year file (`minutes/2024.md`), a range file
//! (`2025-01-06-to-2025-08-25.md`), a whole archive (`MEETING_NOTES.md`), where each
//! meeting starts at a heading that is only its date.
//!
//! The rule: a file is such a file when at least two headings of one level are each
//! only a date (ISO or written, bold or not), with at most a weekday and a mark
//! (`Canceled`, `Cancelled`, `No meeting`) beside it. Each of those headings starts a
//! meeting that runs to the next; the text before the first is the file's preamble.
//! The split is by lines, so every chunk keeps its real line numbers: [`chunk_text`]
//! pads a chunk with the empty lines before it, and markdown parses it unaware.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::source::dates::{self, title_dates};

/// One meeting of a file that holds many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The date its heading names.
    pub date: NaiveDate,
    /// Its heading's line, 1-based.
    pub line: usize,
    /// Byte range of its text in the file, heading included.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Its heading marks it canceled (`Canceled`, `Cancelled`, `No meeting`).
    pub canceled: bool,
}

/// A file split into its meetings, and what was found wrong on the way.
#[derive(Debug, Clone, Default)]
pub struct Split {
    /// The meetings, in the file's order.
    pub chunks: Vec<Chunk>,
    /// Lines whose heading looks like a date but is none, or whose date runs against
    /// the file's order: (line, message).
    pub problems: Vec<(usize, String)>,
    /// What the file calls its meetings: its preamble's first heading without dates,
    /// years and calendar words (`# Harbour council minutes, 2024` -> `Harbour council
    /// minutes`), which each meeting's title starts with, as a file of its own would.
    pub name: Option<String>,
}

/// See [`Split::name`].
fn preamble_name(preamble: &str) -> Option<String> {
    let heading = preamble.lines().find_map(|l| {
        let t = l.trim_start();
        let level = t.bytes().take_while(|&b| b == b'#').count();
        (1..=6).contains(&level).then(|| t[level..].trim())
    })?;
    let heading = heading.replace(['*', '_'], "");
    let words: Vec<&str> = (heading.split_whitespace())
        .filter(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            let numeric = !bare.is_empty()
                && bare
                    .chars()
                    .all(|c| c.is_ascii_digit() || "-/.".contains(c));
            !bare.is_empty() && !numeric && !dates::is_calendar_word(&bare.to_lowercase())
        })
        .collect();
    let name = words.join(" ");
    let name = name.trim_end_matches([',', ';', ':', '-', '–', '—']).trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// A heading written like an ISO date, valid or not (`2024-02-30`).
static ISO_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}$").expect("valid regex"));

/// Words a date heading may hold beside its date and weekday.
const EXTRA_WORDS: &[&str] = &["canceled", "cancelled", "no", "meeting", "of", "the"];

/// What a date heading names: the date and whether it is canceled, or, for a heading
/// shaped like an ISO date that is none, its text.
type Named = Result<(NaiveDate, bool), String>;

/// What a heading line says: its level and, when it is only a date, what it names.
fn date_heading(line: &str) -> Option<(usize, Named)> {
    let trimmed = line.trim_start();
    let level = trimmed.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 || !trimmed[level..].starts_with([' ', '\t']) {
        return None;
    }
    let text = trimmed[level..].trim().trim_end_matches('#').trim();
    let text = text.replace(['*', '_', '~'], "");
    let text = text.trim();
    let any = NaiveDate::MIN;
    let found = title_dates(text, any);
    let Some(first) = found.first() else {
        let bare = text.trim_end_matches([':', '.']).trim();
        return ISO_SHAPE
            .is_match(bare)
            .then(|| (level, Err(bare.to_string())));
    };
    if found.len() > 1 {
        return None;
    }
    let rest = text.replacen(&first.written, " ", 1).to_ascii_lowercase();
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if !(words.iter()).all(|w| EXTRA_WORDS.contains(w) || dates::WEEKDAY_WORDS.contains(w)) {
        return None;
    }
    let canceled =
        words.iter().any(|w| matches!(*w, "canceled" | "cancelled")) || rest.contains("no meeting");
    Some((level, Ok((first.date, canceled))))
}

/// Splits a file into meetings when it is one that holds many (see the module
/// documentation); `None` for a file of one meeting.
pub fn split(text: &str) -> Option<Split> {
    // (line, byte offset, level, what it names)
    let mut headings: Vec<(usize, usize, usize, Named)> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            continue;
        }
        if !t.starts_with('#') || !t.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Some((level, what)) = date_heading(line) {
            headings.push((i + 1, start, level, what));
        }
    }
    // The level with the most date headings (the higher on a tie) is the one that
    // starts meetings; it needs two.
    let mut counts = [0usize; 7];
    for (_, _, level, what) in &headings {
        if what.is_ok() {
            counts[*level] += 1;
        }
    }
    let level = (1..=6).max_by_key(|&l| (counts[l], std::cmp::Reverse(l)))?;
    if counts[level] < 2 {
        return None;
    }
    let mut split = Split::default();
    for (line, start, l, what) in headings {
        if l != level {
            continue;
        }
        match what {
            Ok((date, canceled)) => split.chunks.push(Chunk {
                date,
                line,
                start,
                end: text.len(),
                canceled,
            }),
            Err(written) => split.problems.push((
                line,
                format!("heading `{written}` is no date; its text stays with the meeting above it"),
            )),
        }
    }
    for k in 1..split.chunks.len() {
        split.chunks[k - 1].end = split.chunks[k].start;
    }
    split.name = (split.chunks.first()).and_then(|c| preamble_name(&text[..c.start]));
    order_problems(&mut split);
    Some(split)
}

/// Newest first or oldest first, whichever most neighbours say: a date against it is
/// a warning (it still starts its meeting).
fn order_problems(split: &mut Split) {
    let c = &split.chunks;
    let up = c.windows(2).filter(|w| w[0].date < w[1].date).count();
    let down = c.windows(2).filter(|w| w[0].date > w[1].date).count();
    let newest_first = down > up;
    for w in c.windows(2) {
        let against = if newest_first {
            w[1].date > w[0].date
        } else {
            w[1].date < w[0].date
        };
        if against {
            split.problems.push((
                w[1].line,
                format!(
                    "{} after {} runs against the file's order ({} first); check the date",
                    w[1].date.format("%Y-%m-%d"),
                    w[0].date.format("%Y-%m-%d"),
                    if newest_first { "newest" } else { "oldest" }
                ),
            ));
        }
    }
    split.problems.sort();
}

/// A chunk's text as markdown sees it: the lines before it left empty, so that line
/// numbers in findings are the file's own.
pub fn chunk_text(text: &str, chunk: &Chunk) -> String {
    let mut out = "\n".repeat(chunk.line - 1);
    out.push_str(&text[chunk.start..chunk.end]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_preamble_names_the_meetings() {
        let name = |t: &str| split(t).and_then(|s| s.name);
        let days = "\n# 2024-10-29\n\n- a\n\n# 2024-10-22\n\n- b\n";
        assert_eq!(
            name(&format!(
                "# **Harbour council minutes, 2024**\n\nKept newest first.\n{days}"
            )),
            Some("Harbour council minutes".into())
        );
        assert_eq!(
            name(&format!("# Quay works, January 2025\n{days}")),
            Some("Quay works".into())
        );
        assert_eq!(name(&format!("Just a line.\n{days}")), None);
        assert_eq!(name(&format!("# 2024\n{days}")), None);
    }

    #[test]
    fn date_headings_in_every_form() {
        let ok = |l: &str| match date_heading(l) {
            Some((level, Ok((date, canceled)))) => Some((level, date, canceled)),
            _ => None,
        };
        assert_eq!(ok("# **2024-10-29**"), Some((1, d("2024-10-29"), false)));
        assert_eq!(
            ok("## 2024-10-29 (Canceled)"),
            Some((2, d("2024-10-29"), true))
        );
        assert_eq!(
            ok("### Tuesday, March 5, 2024 - No meeting"),
            Some((3, d("2024-03-05"), true))
        );
        assert_eq!(ok("## 5 March 2024:"), Some((2, d("2024-03-05"), false)));
        assert_eq!(
            ok("## Cancelled: 2024-03-05"),
            Some((2, d("2024-03-05"), true))
        );
        assert_eq!(ok("## Release 2024-10-29"), None);
        assert_eq!(ok("## Agenda"), None);
        assert_eq!(ok("#2024-10-29"), None);
        assert!(matches!(
            date_heading("## 2024-02-30"),
            Some((2, Err(w))) if w == "2024-02-30"
        ));
    }

    #[test]
    fn a_year_file_splits_at_its_date_headings() {
        let text = "# Minutes 2024\n\nIntro.\n\n# **2024-10-29**\n\n## Team A\n\n- a\n\n```\n# 2024-01-01\n```\n\n# 2024-10-22 Canceled\n\n# 2024-02-30\n\n- kept\n\n# 2024-10-30\n\n- late\n\n# 2024-10-15\n\n- old\n";
        let s = split(text).unwrap();
        let got: Vec<(String, usize, bool)> = (s.chunks.iter())
            .map(|c| (c.date.to_string(), c.line, c.canceled))
            .collect();
        assert_eq!(
            got,
            [
                ("2024-10-29".into(), 5, false),
                ("2024-10-22".into(), 15, true),
                ("2024-10-30".into(), 21, false),
                ("2024-10-15".into(), 25, false),
            ]
        );
        // No text is lost: the impossible date stays in the meeting above it.
        assert!(text[s.chunks[1].start..s.chunks[1].end].contains("- kept"));
        assert_eq!(s.problems.len(), 2, "{:?}", s.problems);
        assert_eq!(s.problems[0].0, 17);
        assert!(s.problems[0].1.contains("`2024-02-30` is no date"));
        assert_eq!(s.problems[1].0, 21);
        assert!(s.problems[1]
            .1
            .contains("runs against the file's order (newest first)"));
        let chunk = chunk_text(text, &s.chunks[1]);
        assert_eq!(chunk.lines().nth(14), Some("# 2024-10-22 Canceled"));
        // One date heading is a file of one meeting.
        assert!(split("# Call\n\n## 2024-10-29\n\n- a\n").is_none());
    }
}
