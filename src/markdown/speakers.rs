//! Who spoke, as the notes say it: speaker turns (`ABC: text`, a line that opens with
//! a short name or abbreviation and a colon) and HackMD/HedgeDoc author tags
//! (`[name=Alice]`, `[time=…]`, `[color=…]`).
//!
//! The tags are drawn as small labels (a `span` with a class, styled in `style.css`),
//! never left as bracket text, and taken out of the searchable text. A turn is only a
//! candidate here: whether `ABC` is somebody is known once the abbreviations of the
//! attendee tables are (this file's, for the `<abbr>` on its page; the archive's, in
//! `model::people`). GitHub's own emoji (`:shipit:`) are drawn here too, as this is
//! the one pass over a block's finished HTML.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use comrak::nodes::{AstNode, NodeValue};
use regex::Regex;

use crate::markdown::attendance::find_attendance;
use crate::markdown::blocks::Block;
use crate::markdown::dialects::{github_emoji, has_github_emoji};
use crate::markdown::names::{is_abbreviation, is_written_name, Attendee};
use crate::text::html::escape;

/// One place a block gives the floor to somebody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// The top-level block.
    pub block: usize,
    /// Who, as written: an abbreviation, a name, or a tag's name.
    pub who: String,
    /// From an author tag (`[name=…]`): somebody, whether or not defined anywhere.
    pub tagged: bool,
}

/// `[name=Alice]`, `[time=Mon, Jan 1, 2024 10:00 AM]`, `[color=#f00]`.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[(name|time|color)=([^\]\n<>]{0,80})\]").expect("valid regex"));

/// `ABC:` / `Ana Li:` at the start of a line: at most three words before the colon.
static TURN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*+]\s+)?\**([A-Z][\p{L}.'\-]*(?: [\p{L}.'\-]+){0,2})\**\s?:\**\s+\S")
        .expect("valid regex")
});

/// Labels that open a line as a speaker would but are nobody.
const NOT_SPEAKERS: &[&str] = &[
    "note",
    "notes",
    "todo",
    "ai",
    "action",
    "decision",
    "question",
    "answer",
    "q",
    "a",
    "re",
    "update",
    "status",
    "link",
    "links",
    "see",
    "edit",
    "minutes",
    "agenda",
    "topic",
    "present",
    "summary",
    "conclusion",
    "resolution",
    "motion",
    "outcome",
    "consensus",
    "next",
    "done",
    "fyi",
    "ps",
    "eta",
    "pr",
    "issue",
    "tldr",
    "example",
    "info",
    "warning",
    "attendees",
];

/// The speaker a line opens with (`ABC: …`), if it looks like one.
pub(crate) fn turn_speaker(line: &str) -> Option<&str> {
    let caps = TURN.captures(line)?;
    let who = caps.get(1)?.as_str().trim_end_matches('.');
    let lower = who.to_lowercase();
    if NOT_SPEAKERS.contains(&lower.as_str()) || !(is_written_name(who) || is_abbreviation(who)) {
        return None;
    }
    Some(who)
}

/// The turns and author tags of a file's blocks, in order.
pub(crate) fn find_turns<'a>(top: &[&'a AstNode<'a>], blocks: &[Block]) -> Vec<Turn> {
    let mut out: Vec<Turn> = Vec::new();
    for (i, (node, b)) in top.iter().zip(blocks).enumerate() {
        // Most blocks give nobody the floor: no colon, no tag.
        if b.heading.is_some() || !b.text.contains(':') && !b.html.contains("hd-name") {
            continue;
        }
        let mut push = |who: &str, tagged: bool| {
            if !out
                .iter()
                .any(|t| t.block == i && t.who == who && t.tagged == tagged)
            {
                out.push(Turn {
                    block: i,
                    who: who.to_string(),
                    tagged,
                });
            }
        };
        let paragraphs = node
            .descendants()
            .filter(|n| matches!(n.data().value, NodeValue::Paragraph));
        for para in paragraphs {
            for line in lines_without_code(para) {
                if let Some(who) = line.contains(':').then(|| turn_speaker(&line)).flatten() {
                    push(who, false);
                }
                if !line.contains("[name=") {
                    continue;
                }
                for c in TAG.captures_iter(&line) {
                    let name = c[2].trim();
                    if &c[1] == "name" && !name.is_empty() {
                        push(name, true);
                    }
                }
            }
        }
    }
    out
}

/// A paragraph's lines without its code spans: a tag in code is an example.
fn lines_without_code<'a>(para: &'a AstNode<'a>) -> Vec<String> {
    let mut lines = vec![String::new()];
    for n in para.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => lines.last_mut().expect("one line").push_str(t),
            NodeValue::SoftBreak | NodeValue::LineBreak => lines.push(String::new()),
            _ => {}
        }
    }
    lines
}

/// Whether a text has an author tag at all (most have none).
fn may_have_tags(s: &str) -> bool {
    s.contains("[name=") || s.contains("[time=") || s.contains("[color=")
}

/// Searchable text without the tags' brackets: `[name=Alice]` is `Alice`, time and
/// colour tags go.
pub(crate) fn untagged_text(text: &str) -> Cow<'_, str> {
    if !may_have_tags(text) {
        return Cow::Borrowed(text);
    }
    let out = TAG.replace_all(text, |c: &regex::Captures| match &c[1] {
        "name" => c[2].trim().to_string(),
        _ => String::new(),
    });
    Cow::Owned(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A colour a tag may give: `#abc`, `#a1b2c3`, or a CSS colour word.
fn safe_color(s: &str) -> Option<&str> {
    let s = s.trim();
    let hex = s.strip_prefix('#').is_some_and(|h| {
        matches!(h.len(), 3 | 4 | 6 | 8) && h.chars().all(|c| c.is_ascii_hexdigit())
    });
    let word = !s.is_empty() && s.len() <= 20 && s.chars().all(|c| c.is_ascii_alphabetic());
    (hex || word).then_some(s)
}

/// Who was there and who spoke: the attendance of the blocks, then their HTML
/// decorated with what it defines ([`decorate_blocks`]), then the turns.
pub(crate) fn attendance_and_turns<'a>(
    top: &[&'a AstNode<'a>],
    blocks: &mut [Block],
) -> (Vec<Attendee>, Vec<Turn>) {
    let attendees = find_attendance(top, blocks);
    decorate_blocks(blocks, &attendees);
    let turns = find_turns(top, blocks);
    (attendees, turns)
}

/// Every block's HTML decorated ([`decorate`]) with the abbreviations `attendees`
/// define, and its searchable text without the tags' brackets ([`untagged_text`]).
pub(crate) fn decorate_blocks(blocks: &mut [Block], attendees: &[Attendee]) {
    let abbrs: HashMap<String, String> = (attendees.iter())
        .filter_map(|a| Some((a.abbreviation.clone()?, a.name.clone())))
        .collect();
    for b in blocks {
        if let Cow::Owned(html) = decorate(&b.html, &abbrs) {
            b.html = html;
        }
        if let Cow::Owned(text) = untagged_text(&b.text) {
            b.text = text;
        }
    }
}

/// A block's HTML with its author tags drawn as labels and, where `abbrs` (this
/// file's abbreviations and whom they stand for) knows the speaker of a turn, the
/// abbreviation marked `<abbr title="Full Name">`. Code is left as written.
pub(crate) fn decorate<'h>(html: &'h str, abbrs: &HashMap<String, String>) -> Cow<'h, str> {
    let tags = may_have_tags(html);
    let turns = !abbrs.is_empty() && html.contains(':');
    let emoji = has_github_emoji(html);
    if !tags && !turns && !emoji {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    // Outside `<code>`/`<pre>` only.
    while !rest.is_empty() {
        let (text, code, after) = match rest.find("<code").or_else(|| rest.find("<pre")) {
            Some(start) => {
                let end = rest[start..]
                    .find("</code>")
                    .map(|e| start + e + "</code>".len())
                    .unwrap_or(rest.len());
                (&rest[..start], &rest[start..end], &rest[end..])
            }
            None => (rest, "", ""),
        };
        let mut t: Cow<str> = Cow::Borrowed(text);
        if tags {
            t = Cow::Owned(draw_tags(&t).into_owned());
        }
        if turns {
            t = Cow::Owned(mark_turns(&t, abbrs));
        }
        if emoji {
            t = Cow::Owned(github_emoji(&t).into_owned());
        }
        out.push_str(&t);
        out.push_str(code);
        rest = after;
    }
    Cow::Owned(out)
}

fn draw_tags(html: &str) -> Cow<'_, str> {
    TAG.replace_all(html, |c: &regex::Captures| {
        let value = c[2].trim();
        match &c[1] {
            // The value is already escaped text of the page.
            "name" => format!(r#"<span class="hd-tag hd-name">{value}</span>"#),
            "time" => format!(r#"<span class="hd-tag hd-time">{value}</span>"#),
            _ => match safe_color(value) {
                Some(color) => format!(
                    r#"<span class="hd-tag hd-color" style="background-color:{color}" title="{color}"></span>"#
                ),
                None => String::new(),
            },
        }
    })
}

/// `>ABC:` and a line's `\nABC:` -> the abbreviation with its full name.
fn mark_turns(html: &str, abbrs: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(html.len() + 32);
    let mut last = 0;
    for (i, c) in html.char_indices() {
        if c != '>' && c != '\n' {
            continue;
        }
        let from = i + 1;
        if from < last {
            continue;
        }
        let after = &html[from..];
        let Some(colon) = after.find(':').filter(|&k| k <= 8) else {
            continue;
        };
        let token = &after[..colon];
        if let Some(name) = abbrs.get(token) {
            out.push_str(&html[last..from]);
            out.push_str(&format!(r#"<abbr title="{}">{token}</abbr>"#, escape(name)));
            last = from + colon;
        }
    }
    out.push_str(&html[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_are_short_names_before_a_colon() {
        assert_eq!(turn_speaker("ABC: we should ship"), Some("ABC"));
        assert_eq!(turn_speaker("- XY: agreed"), Some("XY"));
        assert_eq!(turn_speaker("**Ana Li:** yes"), Some("Ana Li"));
        assert_eq!(turn_speaker("Note: nobody"), None);
        assert_eq!(turn_speaker("the plan: later"), None);
        assert_eq!(turn_speaker("ABC:no space"), None);
        assert_eq!(turn_speaker("See https://x.org"), None);
    }

    #[test]
    fn tags_are_labels_and_turns_get_their_names() {
        let abbrs = HashMap::from([("ABC".to_string(), "Ana B. Cole".to_string())]);
        let html = "<p>ABC: fine [name=Alice] [time=Mon 10:00] [color=#f00] [color=red;x]</p>\n<p><code>[name=x]</code> ABC: no</p>";
        let out = decorate(html, &abbrs);
        assert!(
            out.contains(r#"<p><abbr title="Ana B. Cole">ABC</abbr>: fine"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<span class="hd-tag hd-name">Alice</span>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<span class="hd-tag hd-time">Mon 10:00</span>"#),
            "{out}"
        );
        assert!(out.contains("background-color:#f00"), "{out}");
        assert!(!out.contains("red;x") && !out.contains("[time"), "{out}");
        assert!(out.contains("<code>[name=x]</code> ABC: no"), "{out}");
        assert_eq!(
            untagged_text("[name=Alice] said [time=10:00] hi"),
            "Alice said hi"
        );
        assert!(matches!(decorate("<p>plain</p>", &abbrs), Cow::Borrowed(_)));
    }
}
