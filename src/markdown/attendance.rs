//! Who was at a meeting, as its minutes say it.
//!
//! Attendance is read from a part headed "Present", "Attendees", "Attendance",
//! "Participants" or the like, at any heading level (emoji shortcodes such as
//! `:family:` and remarks in parentheses do not count): its list items
//! (`* Name (@handle)`, `- @handle`), `Label: A, B, C` lines (`Council members: A, B`)
//! and plain comma lists in it. Outside such a part, a line `Present: A, B` (or
//! `Attendees:`, `Participants:`, `Attendance:`) counts too. The part ends at the next
//! heading, unless that is a sub-heading naming a group of attendees (`Guests`,
//! `Observers`).
//!
//! Also read: a sentence ending in such a label ("Board members in attendance were:",
//! "Present were:") followed by names on its line, its paragraph's next lines or the
//! list after it; a line that is only a label (`Attendance (please add yourself)`)
//! followed by a list; a heading that carries the list (`#### Attendees: Ana Li
//! (Acme), Bo Chen`); and tables ([`crate::markdown::attendance_tables`]). A short
//! capitalised remark in parentheses (`Ana Li (Acme)`) or after ` - ` is the
//! person's affiliation.

use comrak::nodes::{AstNode, NodeValue};

use crate::markdown::attendance_tables::table_attendees;
use crate::markdown::blocks::Block;
use crate::markdown::names::{attendee, is_abbreviation, without_remarks, Attendee};

/// Words (lower case) that head an attendance part or label an attendance line.
const LABELS: &[&str] = &[
    "present",
    "attendees",
    "attendance",
    "participants",
    "attending",
    "in attendance",
    "people present",
    "members present",
    "who is here",
    "who's here",
    "teilnehmer",
    "teilnehmende",
    "anwesend",
];

/// Sub-headings of an attendance part that name a group of attendees.
const GROUPS: &[&str] = &[
    "guests",
    "observers",
    "members",
    "council members",
    "staff",
    "visitors",
    "remote",
    "in person",
];

/// A heading's text without emoji shortcodes, remarks (in parentheses, or after
/// ` - `) and a trailing colon, lower case.
fn heading_key(text: &str) -> String {
    let cleaned = without_remarks(&without_shortcodes(text));
    let cleaned = cleaned.split(" - ").next().unwrap_or_default();
    cleaned.trim().trim_end_matches(':').trim().to_lowercase()
}

/// Whether a heading's text names an attendance part: a label, or a label's first word
/// followed by a remark ("Participants  use of github handle is preferred"). Lists
/// under such a heading name people: topics and summaries leave them out.
pub(crate) fn is_attendance_heading(text: &str) -> bool {
    let key = heading_key(text);
    let first = key.split_whitespace().next().unwrap_or_default();
    LABELS.contains(&key.as_str())
        || (["attendees", "attendance", "participants"].contains(&first)
            && key.split_whitespace().count() <= 8)
}

/// `:family: Participants` and `👪 Participants` -> ` Participants`.
fn without_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        match after.find(':') {
            Some(end)
                if end > 0
                    && after[..end].bytes().all(|b| {
                        b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'+'
                    }) =>
            {
                out.push_str(&rest[..start]);
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    // comrak turns the shortcodes it knows into emoji (`👪 Participants`): symbols
    // outside ASCII are dropped the same way.
    if !out.is_ascii() {
        out.retain(|c| c.is_ascii() || c.is_alphanumeric() || c.is_whitespace());
    }
    out
}

/// The people a minutes file names as present, in order, each once.
pub(crate) fn find_attendance<'a>(top: &[&'a AstNode<'a>], blocks: &[Block]) -> Vec<Attendee> {
    let mut out: Vec<Attendee> = Vec::new();
    let add = |a: Attendee, out: &mut Vec<Attendee>| match out.iter_mut().find(|b| same(b, &a)) {
        Some(b) => {
            b.abbreviation = b.abbreviation.take().or(a.abbreviation);
            b.affiliation = b.affiliation.take().or(a.affiliation);
        }
        None => out.push(a),
    };
    // The level of the attendance part we are in, if any; a label line opens a part
    // (deeper than any heading) that the block after it ends.
    let mut part: Option<u8> = None;
    let mut next_only = false;
    for (node, block) in top.iter().zip(blocks) {
        if let Some(h) = &block.heading {
            let group = part.is_some_and(|level| h.level > level)
                && GROUPS.contains(&heading_key(&h.text).as_str());
            let carried = names_after_label(&h.text);
            if is_attendance_heading(&h.text) || !carried.is_empty() {
                part = Some(h.level);
            } else if !group {
                part = None;
            }
            next_only = false;
            for a in carried {
                add(a, &mut out);
            }
            continue;
        }
        let table = table_attendees(node, part.is_some());
        if !table.is_empty() || matches!(node.data().value, NodeValue::Table(_)) {
            for a in table {
                add(a, &mut out);
            }
            if next_only {
                part = None;
            }
            continue;
        }
        if part.is_none() {
            // Most blocks name no label; their text says so without building lines.
            let t = &block.text;
            let label = [
                "resent",
                "ttend",
                "articipant",
                "RESENT",
                "TTEND",
                "ARTICIPANT",
            ];
            if !label.iter().any(|l| t.contains(l)) {
                continue;
            }
            let mut listing = false;
            for line in lines_of(node) {
                // A line with a label of its own ("Minutes-taking: @ana") ends the list.
                if listing && line.contains(':') {
                    listing = false;
                }
                if listing {
                    match names_in_part(&line) {
                        Some(names) => names.into_iter().for_each(|a| add(a, &mut out)),
                        None => listing = false,
                    }
                    continue;
                }
                if is_label_line(&line) {
                    listing = true;
                    continue;
                }
                for a in names_after_label(&line) {
                    add(a, &mut out);
                }
            }
            if listing && matches!(node.data().value, NodeValue::Paragraph) {
                part = Some(7);
                next_only = true;
            }
            continue;
        }
        // Minutes that forget the next heading go on with the agenda under it: an
        // item with items of its own, or a line that names nobody, ends the part.
        for line in entries_of(node) {
            match names_in_part(&line) {
                Some(names) => {
                    for a in names {
                        add(a, &mut out);
                    }
                }
                None => {
                    part = None;
                    break;
                }
            }
        }
        if next_only {
            part = None;
            next_only = false;
        }
    }
    out
}

/// Endings of a sentence that introduces who was there ("Board members in attendance
/// were:"), lower case.
const SENTENCE_ENDS: &[&str] = &[
    "in attendance were",
    "in attendance",
    "present were",
    "were present",
    "attendees were",
    "attending were",
    "attendees",
    "attendance",
    "participants",
    "present",
    "attending",
];

/// Whether a label (the text before a colon, or a whole line) says who was there:
/// one of [`LABELS`], or a sentence of a few words ending in one of [`SENTENCE_ENDS`],
/// not about who was absent.
fn is_attendance_label(label: &str) -> bool {
    let label = without_remarks(&without_shortcodes(label));
    let label = label
        .trim()
        .trim_matches(['*', '_'])
        .trim()
        .trim_end_matches(':')
        .trim_matches(['*', '_'])
        .trim()
        .to_lowercase();
    if LABELS.contains(&label.as_str()) {
        return true;
    }
    label.split_whitespace().count() <= 8
        && SENTENCE_ENDS.iter().any(|e| {
            label
                .strip_suffix(e)
                .is_some_and(|before| before.is_empty() || before.ends_with(' '))
        })
        && !ABSENT.iter().any(|w| label.contains(w))
}

/// A line that is only an attendance label (`Attendees:`, `Attendance (please add
/// yourself)`, `Board members in attendance were:`): names follow it.
fn is_label_line(line: &str) -> bool {
    let t = line.trim();
    // "The meeting opened at 18:00. Board members in attendance were:": the last
    // sentence is the label.
    let t = t.rsplit_once(". ").map_or(t, |(_, last)| last);
    match t.split_once(':') {
        Some((label, rest)) => {
            matches!(rest.trim(), "" | "**" | "__") && is_attendance_label(label)
        }
        // Without a colon only a label itself: "nobody else was present" is prose.
        None => LABELS.contains(&heading_key(t.trim_matches(['*', '_'])).as_str()),
    }
}

fn same(a: &Attendee, b: &Attendee) -> bool {
    match (&a.handle, &b.handle) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => a.name.to_lowercase() == b.name.to_lowercase(),
    }
}

/// The lines of a block in reading order: each paragraph's lines, each list item's
/// own lines followed by those of its sub-items.
fn entries_of<'a>(node: &'a AstNode<'a>) -> Vec<String> {
    let mut out = Vec::new();
    for child in node.children() {
        match &child.data().value {
            NodeValue::Paragraph => out.extend(lines_of(child)),
            NodeValue::List(_) | NodeValue::Item(_) => out.extend(entries_of(child)),
            _ => {}
        }
    }
    if matches!(node.data().value, NodeValue::Paragraph) {
        out.extend(lines_of(node));
    }
    out
}

/// The lines of a block's text: each paragraph's lines (soft breaks end a line), as
/// plain text.
fn lines_of<'a>(node: &'a AstNode<'a>) -> Vec<String> {
    let mut lines = Vec::new();
    for para in node
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
    {
        let mut line = String::new();
        for n in para.descendants() {
            match &n.data().value {
                NodeValue::Text(t) => line.push_str(t),
                NodeValue::Code(c) => line.push_str(&c.literal),
                NodeValue::SoftBreak | NodeValue::LineBreak => {
                    lines.push(std::mem::take(&mut line));
                }
                _ => {}
            }
        }
        lines.push(line);
    }
    lines.retain(|l| !l.trim().is_empty());
    lines
}

/// Names in a line of an attendance part: after a label (`Council members: A, B`) or
/// the whole line (`A, B and C`, `Name (@handle)`). Nothing for a line about who was
/// not there (`Regrets: A`); `None` for a line that names nobody, which ends the part.
fn names_in_part(line: &str) -> Option<Vec<Attendee>> {
    let rest = match line.split_once(':') {
        // A label is a few words; a colon later in a sentence is not one.
        Some((label, rest)) if label.split_whitespace().count() <= 4 && !label.contains('@') => {
            let short = label.trim();
            let label = label.to_lowercase();
            if ABSENT.iter().any(|w| label.contains(w)) {
                return Some(Vec::new());
            }
            // `MB: Myles Borins`: the abbreviation the notes' speaker turns use.
            if is_abbreviation(short) {
                let mut names = names_in_list(rest);
                if let [one] = names.as_mut_slice() {
                    one.abbreviation = Some(short.to_string());
                    return Some(names);
                }
            }
            rest
        }
        _ => line,
    };
    let names = names_in_list(rest);
    (!names.is_empty()).then_some(names)
}

/// Labels of people who were not there.
const ABSENT: &[&str] = &[
    "apolog",
    "absent",
    "regret",
    "excused",
    "not present",
    "unable",
];

/// Names after an attendance label (`Present: A, B`), outside an attendance part.
fn names_after_label(line: &str) -> Vec<Attendee> {
    let Some((label, rest)) = line.split_once(':') else {
        return Vec::new();
    };
    if is_attendance_label(label) {
        names_in_list(rest)
    } else {
        Vec::new()
    }
}

/// `A, B and C` / `Name (@handle)` / `@a @b`: each name that looks like one.
fn names_in_list(list: &str) -> Vec<Attendee> {
    let mut out = Vec::new();
    for part in (list.split([',', ';']))
        .flat_map(|p| p.split(" and "))
        .flat_map(sentences)
    {
        if let Some(a) = attendee(part) {
            out.push(a);
        }
    }
    out
}

/// `Ana. Bo` -> `Ana`, `Bo`; but an initial (`Maria T. Lopez`, `J. R. R. Doe`) or a
/// title (`Dr. Li`) keeps its name whole.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        let word = text[start..i].rsplit(' ').next().unwrap_or_default();
        let initial = word.chars().count() == 1;
        let title = ["Dr", "Mr", "Mrs", "Ms", "Prof", "St", "Jr", "Sr"].contains(&word);
        if !initial && !title {
            out.push(&text[start..i]);
            start = i + 2;
        }
    }
    out.push(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in_part_all(line: &str) -> Vec<Attendee> {
        names_in_part(line).unwrap_or_default()
    }

    fn names(a: &[Attendee]) -> Vec<String> {
        a.iter()
            .map(|a| match &a.handle {
                Some(h) if *h != a.name => format!("{} @{h}", a.name),
                Some(h) => format!("@{h}"),
                None => a.name.clone(),
            })
            .collect()
    }

    #[test]
    fn headings_that_start_an_attendance_part() {
        for h in [
            "Present",
            ":family: Participants (GitHub handles preferred)",
            "👪 Participants (GitHub handles preferred)",
            "☎\u{fe0f} Attendance",
            "Attendance",
            "Attendees:",
            "Participants - use of github handle is preferred",
            "Participants  use of github handle is preferred",
        ] {
            assert!(is_attendance_heading(h), "{h}");
        }
        for h in [
            "Presentations",
            "Agenda",
            "Present and future work on the API cluster",
        ] {
            assert!(!is_attendance_heading(h), "{h}");
        }
    }

    #[test]
    fn names_handles_and_labels() {
        assert_eq!(
            names(&names_in_part_all("Jane Doe (@jdoe)")),
            ["Jane Doe @jdoe"]
        );
        assert_eq!(names(&names_in_part_all("@garloff")), ["@garloff"]);
        assert_eq!(
            names(&names_in_part_all("Council members: TC, Eric Huss, oli")),
            ["TC", "Eric Huss", "oli"]
        );
        assert_eq!(
            names(&names_in_part_all("Tobie Langel (stepping in for someone)")),
            ["Tobie Langel"]
        );
        assert_eq!(
            names(&names_after_label("Present: Myles, Jory and Joe")),
            ["Myles", "Jory", "Joe"]
        );
        assert!(names_after_label("Presenter: Ana").is_empty());
        assert!(names_in_part_all("see https://example.org/list").is_empty());
        assert!(names_in_part_all("mail ana@example.org").is_empty());
        assert!(names_in_part_all("Apologies: Ana, Bo").is_empty());
        assert_eq!(
            names(&names_in_part_all("Thomas Watson - Elastic")),
            ["Thomas Watson"]
        );
        assert!(names_in_part_all("and give us some feedback").is_empty());
        assert_eq!(names(&names_in_part_all("james munns")), ["james munns"]);
        assert!(names_in_part_all("Administering Project Applications #331").is_empty());
    }

    fn attendance(md: &str) -> Vec<String> {
        let a = crate::testutil::archive(&[("w", "2024-01-01", md)], "");
        names(&a.meetings[0].parsed.attendees)
    }

    #[test]
    fn parts_end_where_the_list_of_people_does() {
        // The part ends at the next heading, whatever its level.
        assert_eq!(
            attendance(
                "# Participants\n\n* @ana\n* @bo\n\n## Agenda\n\n* Decision taking: later\n"
            ),
            ["@ana", "@bo"]
        );
        // An agenda written under "Present" without its own heading is no one.
        assert_eq!(
            attendance("## Present\n\n* Ana Lee (@ana)\n\n* Item one [#1](https://x.org/1)\n  * sub point\n* Administering Project Applications\n  * more\n"),
            ["Ana Lee @ana"]
        );
        // Groups of attendees below the part, and labelled comma lists.
        assert_eq!(
            attendance("## Attendance\n\n- Council members: TC, Eric Huss\n  - Regrets: Cy\n- Observers: Oli\n\n### Guests\n\n- Mara\n\n## Minutes\n\n- Bo\n"),
            ["TC", "Eric Huss", "Oli", "Mara"]
        );
        // A label line anywhere.
        assert_eq!(
            attendance("# Call\n\nPresent: Ana, Bo and Cy\n"),
            ["Ana", "Bo", "Cy"]
        );
    }
}
