//! Who took the minutes: names from label lines in a `Meta` or roles part
//! (`Responsible for the minutes is: @x`), and from `Minutes:`, `Scribe:`, `Note
//! taker:` lines anywhere. What a name looks like is [`crate::markdown::names`].

use std::sync::LazyLock;

use comrak::nodes::{AstNode, NodeValue};

use crate::markdown::blocks::Block;
use crate::markdown::names::{is_written_name, without_remarks};
use crate::markdown::text::paragraph_lines;

/// Words one of which a label naming the scribe holds (`Minutes`, `Scribe`).
const SCRIBE_WORDS: &[&str] = &["minute", "minutes", "scribe", "scribes"];

/// Phrases that name the scribe anywhere in a label (`Note taker`).
const SCRIBE_PHRASES: &[&str] = &["note taker", "note-taker", "notetaker"];

/// Whether a text may name a scribe: it holds the first four letters of a word of
/// [`SCRIBE_WORDS`] or [`SCRIBE_PHRASES`], in any case. The stems are ASCII, and no
/// other letter lower-cases to theirs, so comparing bytes is exact for any text.
fn mentions_minutes(text: &str) -> bool {
    static STEMS: LazyLock<Vec<&'static [u8]>> = LazyLock::new(|| {
        let mut stems: Vec<&[u8]> = (SCRIBE_WORDS.iter().chain(SCRIBE_PHRASES))
            .map(|w| &w.as_bytes()[..4])
            .collect();
        stems.sort_unstable();
        stems.dedup();
        stems
    });
    text.as_bytes()
        .windows(4)
        .any(|w| STEMS.iter().any(|s| w.eq_ignore_ascii_case(s)))
}

/// Whether a heading starts a part about the meeting itself, where any label that
/// mentions minutes names the scribe: `Meta`, `Meeting roles`, `Housekeeping`,
/// `Orga`, `Recurring items`, `Designate people for chores`.
fn is_roles_heading(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "meta",
        "metadata",
        "role",
        "roles",
        "chores",
        "housekeeping",
        "orga",
        "organisational",
        "organizational",
        "organisation",
        "organization",
        "recurring",
    ];
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| WORDS.contains(&w))
}

/// Who took the minutes: names from label lines in a `Meta` or roles part
/// (`Responsible for the minutes is: @x`), and from `Minutes:`, `Scribe:`, `Note
/// taker:` lines anywhere; see [`scribes_in_line`].
pub(crate) fn find_scribes<'a>(top: &[&'a AstNode<'a>], blocks: &[Block]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    // The level of the roles part we are in, if any.
    let mut roles: Option<u8> = None;
    for (node, block) in top.iter().zip(blocks) {
        if let Some(h) = &block.heading {
            if roles.is_some_and(|level| h.level <= level) {
                roles = None;
            }
            if roles.is_none() && is_roles_heading(&h.text) {
                roles = Some(h.level);
            }
            continue;
        }
        // A scribe line has a colon and names the role; the block's own text holds
        // every word of its paragraphs, so most blocks need no look at them.
        if !block.text.contains(':') || !mentions_minutes(&block.text) {
            continue;
        }
        for para in node
            .descendants()
            .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        {
            let lines = paragraph_lines(para);
            for (k, line) in lines.iter().enumerate() {
                // A label may end its line, the names following on the next one.
                let line = match lines.get(k + 1) {
                    Some(next) if line.trim_end().ends_with(':') => format!("{line} {next}"),
                    _ => line.clone(),
                };
                for name in scribes_in_line(&line, roles.is_some()) {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
    }
    names
}

/// Names in a line that says who took the minutes: a label naming the role before a
/// colon, then one or several names (`A, B and C`, `@a / @b`). In a `Meta` or roles
/// part (`in_roles`) any label mentioning minutes, a scribe or a note taker counts
/// (`Transfer to minutes repo and community call reporting`); elsewhere only a label
/// made of words about taking minutes ([`ROLE_WORDS`]: `Minutes`, `Scribe`, `Note
/// taker`, `Responsible for the minutes is`, `minute taking`), so that prose ("we spent
/// ten minutes on two talks: Astropy & Sherpa") names nobody. What does not look like
/// a name is left out: "None yet", "n/a", links to the minutes, sentences ("may be
/// published later").
pub(crate) fn scribes_in_line(line: &str, in_roles: bool) -> Vec<String> {
    let Some((label, rest)) = line.split_once(':') else {
        return Vec::new();
    };
    // A label naming the role holds a stem of one of its words: most lines end here,
    // before anything is lower-cased.
    if !mentions_minutes(label) {
        return Vec::new();
    }
    // A colon inside an open parenthesis ("minutes (AI: POs)") ends no label.
    if label.matches('(').count() != label.matches(')').count() {
        return Vec::new();
    }
    let label = without_remarks(label).to_lowercase();
    let lower_rest = rest.to_lowercase();
    let words: Vec<&str> = label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let names_role = SCRIBE_WORDS.iter().any(|s| words.contains(s))
        || SCRIBE_PHRASES.iter().any(|p| label.contains(p));
    let role_label = words.iter().all(|w| ROLE_WORDS.contains(w));
    if !names_role
        || !(in_roles || role_label)
        || words.len() > 8
        || ["://", "github", ".md"]
            .iter()
            .any(|x| lower_rest.contains(x))
    {
        return Vec::new();
    }
    // "(writing and transfer to github)" and the like are remarks, not names.
    let rest = without_remarks(rest);
    let mut names = Vec::new();
    for part in rest
        .split([',', ';', '&', '/'])
        .flat_map(|p| p.split(" and "))
    {
        let name = part.trim().trim_end_matches(['.', '!']).trim();
        if is_written_name(name) && !names.iter().any(|n: &String| n == name) {
            names.push(name.to_string());
        }
    }
    names
}

/// The words a scribe's label may be made of outside a `Meta` or roles part.
const ROLE_WORDS: &[&str] = &[
    "minute",
    "minutes",
    "scribe",
    "scribes",
    "note",
    "notes",
    "taker",
    "takers",
    "notetaker",
    "taking",
    "taken",
    "by",
    "responsible",
    "for",
    "the",
    "is",
    "are",
    "transfer",
    "of",
    "and",
    "to",
    "github",
    "repo",
    "writing",
    "summary",
    "reporting",
    "community",
    "call",
    "today",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_minute_lines() {
        assert_eq!(
            scribes_in_line("Minutes: Ana, Bo and Cy", false),
            ["Ana", "Bo", "Cy"]
        );
        assert_eq!(
            scribes_in_line("Responsible for the minutes is: @o-otte", false),
            ["@o-otte"]
        );
        assert_eq!(
            scribes_in_line(
                "Responsible for the minutes (writing and transfer to github): @fkr",
                false
            ),
            ["@fkr"]
        );
        assert_eq!(
            scribes_in_line("minute taking: @a / @b.", false),
            ["@a", "@b"]
        );
        assert_eq!(
            scribes_in_line("Minutes: Jan van Dijk", false),
            ["Jan van Dijk"]
        );
        assert_eq!(
            scribes_in_line(
                "Transfer to minutes repo and community call reporting: @reqa",
                true
            ),
            ["@reqa"]
        );
        for none in [
            "Minutes: None yet",
            "Minutes: none yet?",
            "Minutes: (none yet)",
            "Minutes: not available yet: https://github.com/x/minutes/pull/96",
            "Minutes: https://github.com/SovereignCloudStack/minutes/blob/main/iaas/20221116.md",
            "Minutes: may be published later, waiting for clearance.",
            "Minutes: n/a",
            "Minutes:",
            "Report in the community call will be done by: @o-otte",
            "Minutes not available yet",
            "Minutes: github.com/SovereignCloudStack/minutes",
            "Hedgedoc to be filled from PB and team meet minutes (AI: POs)",
            "We have a 20 minute slot for team Ops topics: 15.40 - 16.00 CEST Team Ops pitch",
            "Ten minutes for two talks: Astropy & Sherpa",
        ] {
            assert!(
                scribes_in_line(none, false).is_empty(),
                "{none}: {:?}",
                scribes_in_line(none, false)
            );
        }
    }
}
