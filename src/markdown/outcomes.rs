//! What a meeting decided and who is to do what, as its minutes say it.
//!
//! A decision is a line (a paragraph line or a list item's first line, bold or not)
//! labelled with one of [`DECISION_LABELS`] (`Decision:`, `Resolution:`, `Consensus:`,
//! `Motion:`, …), or a sentence saying a motion or vote passed or a board voted to do,
//! approved or agreed something ([`PASSED`], [`BODIES`] with [`APPROVED`]; not when it
//! failed or was not approved). An action item is a line labelled with one of
//! [`ACTION_LABELS`] (`AI:`, `Action:`, `Actions:`, `Action items:`, `TODO:`), or a
//! task list item (`- [ ] …`, done when ticked: `- [x] …`, struck through or with a
//! sub-item "done"). Its owner is the first `@handle` in it, else a leading name
//! followed by "to" or "will" (`Mikeal to open an issue`); `AI @kim: …` names it
//! between the label and the colon.
//!
//! A part headed by one of [`DECISION_PARTS`] (`Conclusion`, `Decisions`, `Summary of
//! decisions`, …) or [`ACTION_PARTS`], or opened by a line that is only such a label
//! (`Actions:` before a list), holds outcomes: its list items, or its paragraphs until
//! the next speaker turn (`ABC: …`) or heading.
//!
//! A site adds labels of its own (`decision_labels`, `action_labels` in `site.toml`,
//! say `Beschluss` or `Follow-up`): they count as the built-in ones do.

use comrak::nodes::{AstNode, NodeValue};
use regex::Regex;

use crate::markdown::blocks::Block;
use crate::markdown::names::handles;
use crate::markdown::speakers::turn_speaker;
use crate::markdown::text::paragraph_lines;
use crate::source::config::Config;

/// A decision or an action item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Which it is.
    pub kind: OutcomeKind,
    /// Its text, without the label, whitespace collapsed.
    pub text: String,
    /// The top-level block it is in (for the section it belongs to).
    pub block: usize,
    /// Its line in the file.
    pub line: usize,
}

/// What an [`Outcome`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeKind {
    /// Something the meeting decided.
    Decision,
    /// Something someone is to do.
    Action {
        /// Who, as written (a name, or a handle with its `@`).
        owner: Option<String>,
        /// Ticked off (`- [x]`), struck through (`~~…~~`), or with a sub-item that
        /// starts "done", "closed" or "completed".
        done: bool,
    },
}

/// Phrases that make a sentence a decision wherever they stand in it.
const PASSED: &[&str] = &[
    "motion passes",
    "motion passed",
    "motion carries",
    "motion carried",
    "vote passed",
    "vote passes",
    "vote carried",
    "unanimous vote to",
    "voted to",
    "voted unanimously to",
    "unanimously voted",
    "unanimously approved",
    "unanimously agreed",
    "approved unanimously",
    "it was agreed",
    "it was decided",
];

/// Who decides, and what they do: a sentence where a body does it ("The Board
/// approved the grant", "the board has unanimously approved") or where it was done to
/// a motion ("A motion to … was approved") is a decision; a question, or something
/// still "to be approved", is not.
const BODIES: &[&str] = &[
    "board",
    "council",
    "committee",
    "motion",
    "members",
    "vote",
    "proposal",
    "resolution",
];
const APPROVED: &[&str] = &[
    "approved", "agreed", "passed", "carried", "adopted", "ratified",
];

/// Words that say a motion did not pass.
const FAILED: &[&str] = &[
    " not ",
    "n't ",
    "failed",
    "rejected",
    "defeated",
    "denied",
    "tabled",
    "withdrawn",
];

const DECISION_LABELS: &[&str] = &[
    "decision",
    "decisions",
    "decided",
    "agreed",
    "agreement",
    "resolved",
    "resolution",
    "consensus",
    "motion",
];
const ACTION_LABELS: &[&str] = &[
    "ai",
    "action",
    "actions",
    "action item",
    "action items",
    "action points",
    "todo",
    "to do",
];

/// Headings (and lines that are only a label) whose part holds decisions.
const DECISION_PARTS: &[&str] = &[
    "conclusion",
    "conclusions",
    "resolution",
    "resolutions",
    "decision",
    "decisions",
    "outcome",
    "outcomes",
    "summary of decisions",
    "decisions made",
];
/// Headings (and label lines) whose part holds action items.
const ACTION_PARTS: &[&str] = &["action items", "actions", "action points", "next steps"];

/// The labels that mark a decision or an action item: the built-in ones and a site's
/// own, lower-case.
#[derive(Debug, Clone)]
pub struct Labels {
    decision: Vec<String>,
    action: Vec<String>,
    /// Any of the words a labelled line or a motion needs, in any case: most blocks
    /// have none, and one search says so.
    any: Regex,
}

impl Labels {
    /// The built-in labels and the site's `decision_labels` and `action_labels`.
    pub fn new(config: &Config) -> Labels {
        let own = |builtin: &[&str], extra: &[String]| -> Vec<String> {
            let mut all: Vec<String> = builtin.iter().map(|l| l.to_string()).collect();
            for l in extra {
                let l = l.trim().trim_end_matches(':').trim().to_lowercase();
                if !l.is_empty() && !all.contains(&l) {
                    all.push(l);
                }
            }
            all
        };
        let decision = own(DECISION_LABELS, &config.decision_labels);
        let action = own(ACTION_LABELS, &config.action_labels);
        let any = Regex::new(&prefilter(&decision, &action)).expect("escaped labels");
        Labels {
            decision,
            action,
            any,
        }
    }
}

/// The one search that says a block may hold a labelled line or a motion, built from
/// the label lists themselves so that a label added to a list is never filtered out.
/// A label of one or two letters (`AI`) must be followed by its colon (bold or not) or
/// by the owners' handles (`AI @kim: …`): as a bare word it is in too many lines.
fn prefilter(decision: &[String], action: &[String]) -> String {
    let labels = (decision.iter().chain(action)).map(|l| {
        let l = regex::escape(l);
        if l.chars().count() <= 2 {
            format!(r"(?-u:\b){l}(?:[\s*_]*:|\s+@)")
        } else {
            l
        }
    });
    let words: Vec<String> = labels
        .chain(PASSED.iter().map(|p| regex::escape(p)))
        .chain(APPROVED.iter().map(|p| regex::escape(p)))
        .chain(
            DECISION_PARTS
                .iter()
                .chain(ACTION_PARTS)
                .map(|p| regex::escape(p)),
        )
        .collect();
    format!("(?i){}", words.join("|"))
}

impl Default for Labels {
    fn default() -> Labels {
        Labels::new(&Config::default())
    }
}

/// The decisions and action items of a file's top-level blocks, in order.
pub(crate) fn find_outcomes<'a>(
    top: &[&'a AstNode<'a>],
    blocks: &[Block],
    offset: usize,
    labels: &Labels,
) -> Vec<Outcome> {
    let mut out = Vec::new();
    // The kind of outcome the part we are in holds (`### Conclusion`), if any.
    let mut part: Option<Part> = None;
    for (block, node) in top.iter().enumerate() {
        if let Some(h) = &blocks[block].heading {
            part = part_named(&h.text);
            continue;
        }
        // Most blocks hold no label, motion or task item: their text and HTML say so
        // in one pass, without lines built.
        let (text, html) = (&blocks[block].text, &blocks[block].html);
        let lines = labels.any.is_match(text);
        if let Some(kind) = part {
            if in_part(node, block, kind, offset, labels, &mut out) {
                continue;
            }
            part = None;
        }
        if !lines && !html.contains("checkbox") {
            continue;
        }
        // `Actions:` alone before its list.
        if matches!(node.data().value, NodeValue::Paragraph) {
            if let Some(kind) = part_named(text) {
                part = Some(kind);
                continue;
            }
        }
        for n in node.descendants() {
            let line = n.data().sourcepos.start.line + offset;
            match &n.data().value {
                NodeValue::TaskItem(task) => {
                    let text = own_text(n);
                    if !text.is_empty() {
                        let closed = task.symbol.is_some() || closed_by_markup(n, &text);
                        out.push(Outcome {
                            kind: OutcomeKind::Action {
                                owner: owner_of(&text),
                                done: closed,
                            },
                            text,
                            block,
                            line,
                        });
                    }
                }
                NodeValue::Paragraph if lines && !in_task_item(n) => {
                    for (k, text) in trimmed_lines(n).into_iter().enumerate() {
                        if let Some((mut kind, text)) = outcome_in_line(&text, labels) {
                            if let OutcomeKind::Action { done, .. } = &mut kind {
                                *done = n.parent().is_some_and(|p| closed_by_markup(p, &text));
                            }
                            out.push(Outcome {
                                kind,
                                text,
                                block,
                                line: line + k,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// What a part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Decisions,
    Actions,
}

/// The part a heading or a label line opens: `3. Conclusions:` -> decisions.
fn part_named(text: &str) -> Option<Part> {
    let key = text
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || ".)*_ ".contains(c))
        .trim_end_matches(|c: char| ":*_ ".contains(c))
        .to_lowercase();
    if DECISION_PARTS.contains(&key.as_str()) {
        Some(Part::Decisions)
    } else if ACTION_PARTS.contains(&key.as_str()) {
        Some(Part::Actions)
    } else {
        None
    }
}

/// The outcomes of a block inside a part: a list's items, or a paragraph. `false`
/// when the block ends the part (a speaker turn, anything but a list or paragraph).
fn in_part<'a>(
    node: &'a AstNode<'a>,
    block: usize,
    kind: Part,
    offset: usize,
    labels: &Labels,
    out: &mut Vec<Outcome>,
) -> bool {
    let mut push = |text: String, n: &'a AstNode<'a>, done: Option<bool>| {
        let line = n.data().sourcepos.start.line + offset;
        let (kind, text) = match outcome_in_line(&text, labels) {
            Some(found) => found,
            None if done.is_some() || kind == Part::Actions => (
                OutcomeKind::Action {
                    owner: owner_of(&text),
                    done: done.unwrap_or(false),
                },
                text,
            ),
            None => (OutcomeKind::Decision, text),
        };
        out.push(Outcome {
            kind,
            text,
            block,
            line,
        });
    };
    match &node.data().value {
        NodeValue::List(_) => {
            let mut extra = Vec::new();
            for item in node.children() {
                let text = own_text(item);
                let done = match &item.data().value {
                    NodeValue::TaskItem(t) => Some(t.symbol.is_some()),
                    _ => None,
                };
                if !text.is_empty() {
                    push(text, item, done);
                }
                // Sub-items are details of the item, but a labelled line or a task
                // among them is an outcome of its own (`ToDo: update the ADR`).
                let own = item.first_child().map(|c| c as *const _);
                for sub in item.descendants().skip(1) {
                    let line = sub.data().sourcepos.start.line + offset;
                    match &sub.data().value {
                        NodeValue::TaskItem(task) => {
                            let text = own_text(sub);
                            extra.push(Outcome {
                                kind: OutcomeKind::Action {
                                    owner: owner_of(&text),
                                    done: task.symbol.is_some(),
                                },
                                text,
                                block,
                                line,
                            });
                        }
                        NodeValue::Paragraph
                            if Some(sub as *const _) != own && !in_task_item(sub) =>
                        {
                            for (k, text) in trimmed_lines(sub).into_iter().enumerate() {
                                if let Some((kind, text)) = outcome_in_line(&text, labels) {
                                    extra.push(Outcome {
                                        kind,
                                        text,
                                        block,
                                        line: line + k,
                                    });
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            out.extend(extra);
            true
        }
        NodeValue::Paragraph => {
            let lines = trimmed_lines(node);
            let label = lines.len() == 1 && part_named(&lines[0]).is_some();
            if label || lines.first().is_none_or(|l| turn_speaker(l).is_some()) {
                return false;
            }
            push(lines.join(" "), node, None);
            true
        }
        _ => false,
    }
}

fn in_task_item<'a>(n: &'a AstNode<'a>) -> bool {
    n.parent()
        .is_some_and(|p| matches!(p.data().value, NodeValue::TaskItem(_)))
}

/// The text of an item's own paragraph (not of its sub-items), collapsed.
fn own_text<'a>(item: &'a AstNode<'a>) -> String {
    item.children()
        .find(|c| matches!(c.data().value, NodeValue::Paragraph))
        .map(|p| trimmed_lines(p).join(" "))
        .unwrap_or_default()
}

/// A paragraph's lines as plain text, trimmed, without empty ones.
fn trimmed_lines<'a>(para: &'a AstNode<'a>) -> Vec<String> {
    // Text nodes hold no line breaks: trimming is all the collapsing a line needs.
    (paragraph_lines(para).into_iter())
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// A decision or an action in one line of text, with the text after its label.
fn outcome_in_line(line: &str, labels: &Labels) -> Option<(OutcomeKind, String)> {
    if let Some((label, rest)) = line.split_once(':') {
        let label = label.trim().trim_matches(['*', '_']).trim().to_lowercase();
        let rest = rest.trim().trim_matches(['*', '_']).trim();
        if !rest.is_empty() {
            if labels.decision.contains(&label) {
                return Some((OutcomeKind::Decision, rest.to_string()));
            }
            if labels.action.contains(&label) {
                let kind = OutcomeKind::Action {
                    owner: owner_of(rest),
                    done: false,
                };
                return Some((kind, rest.to_string()));
            }
            if let Some(owner) = owner_in_label(&label, labels) {
                let kind = OutcomeKind::Action {
                    owner: Some(owner),
                    done: false,
                };
                return Some((kind, rest.to_string()));
            }
        }
    }
    let lower = line.to_lowercase();
    // "Should we split? -> Decision: we split": a decision label later in the line.
    // Offsets into `lower` are offsets into `line` only where lower-casing kept every
    // character's length.
    let decisions = if lower.len() == line.len() {
        labels.decision.as_slice()
    } else {
        &[]
    };
    for label in decisions {
        let needle = format!("{label}:");
        let at = lower.match_indices(&needle).find(|(i, _)| {
            lower[..*i]
                .chars()
                .next_back()
                .is_some_and(|c| c == ' ' || c == '>' || c == '*' || c == '(')
        });
        if let Some((i, _)) = at {
            let rest = line[i + needle.len()..]
                .trim()
                .trim_start_matches(['*', '_'])
                .trim();
            if !rest.is_empty() {
                return Some((OutcomeKind::Decision, rest.to_string()));
            }
        }
    }
    passed_sentence(line).map(|s| (OutcomeKind::Decision, s))
}

/// The line, if a sentence of it says a motion passed or a board decided, if any.
fn passed_sentence(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    if !PASSED.iter().chain(APPROVED).any(|p| lower.contains(p)) {
        return None;
    }
    let mut start = 0;
    let ends = (lower.match_indices(". ").map(|(i, _)| i + 1)).chain([lower.len()]);
    for end in ends {
        let sentence = &lower[start..end];
        let passed = !sentence.contains('?')
            && (PASSED.iter().any(|p| sentence.contains(p)) || body_did_it(sentence));
        let failed = FAILED.iter().any(|f| format!(" {sentence} ").contains(f));
        if passed && !failed {
            // The whole line: its other sentences say what was voted on, and how.
            return Some(line.trim().to_string());
        }
        start = end;
    }
    None
}

/// The owner named between an action label and its colon (`AI @kim: …`,
/// `AI @kim and @lu: …`): the first handle, when the label is an action label and the
/// rest only handles.
fn owner_in_label(label: &str, labels: &Labels) -> Option<String> {
    let (head, names) = label.split_once(" @")?;
    let names = format!("@{names}");
    let only_handles = names
        .split(|c: char| c.is_whitespace() || c == ',' || c == '&' || c == '/')
        .all(|w| w.is_empty() || w == "and" || w.starts_with('@'));
    (labels.action.iter().any(|l| l == head.trim()) && only_handles)
        .then(|| owner_of(&names))
        .flatten()
}

/// Whether markup around an action's item says it is closed: the text struck through
/// (`~~…~~`), or a sub-item of the item starting with "done", "closed" or "completed"
/// (`- AI: … ` with `  - done, see #12` below it).
fn closed_by_markup<'a>(item: &'a AstNode<'a>, text: &str) -> bool {
    if !matches!(
        item.data().value,
        NodeValue::Item(_) | NodeValue::TaskItem(_)
    ) {
        return false;
    }
    let para = item
        .children()
        .find(|c| matches!(c.data().value, NodeValue::Paragraph));
    let struck: String = para
        .into_iter()
        .flat_map(|p| p.descendants())
        .filter(|d| matches!(d.data().value, NodeValue::Strikethrough))
        .flat_map(|d| d.descendants())
        .filter_map(|d| match &d.data().value {
            NodeValue::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    let struck = struck.trim();
    if !struck.is_empty()
        && struck.len() * 2 >= text.len()
        && text.trim_end_matches(['*', '_', ' ']).ends_with(struck)
    {
        return true;
    }
    let words = ["done", "closed", "completed", "erledigt"];
    item.children()
        .filter(|c| matches!(c.data().value, NodeValue::List(_)))
        .flat_map(|l| l.children())
        .any(|sub| {
            let t = own_text(sub).trim_start_matches(['*', '_']).to_lowercase();
            words.iter().any(|w| {
                t.strip_prefix(w)
                    .is_some_and(|r| r.chars().next().is_none_or(|c| !c.is_alphanumeric()))
            })
        })
}

/// "The board (has) (unanimously) approved …", "a motion to … was approved",
/// "approved by the board".
fn body_did_it(sentence: &str) -> bool {
    let words: Vec<&str> = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let body = |w: &str| {
        BODIES
            .iter()
            .any(|b| w == *b || w.strip_suffix('s') == Some(b))
    };
    words.iter().enumerate().any(|(i, w)| {
        if !APPROVED.contains(w) {
            return false;
        }
        let before: Vec<&str> = words[..i].iter().rev().take(3).copied().collect();
        // "to be approved by the council": not yet.
        if before.first() == Some(&"be") {
            return false;
        }
        let by_body = (before.iter())
            .take_while(|w| {
                ["has", "have", "unanimously", "formally", "the"].contains(w) || body(w)
            })
            .any(|w| body(w));
        let passive = before
            .first()
            .is_some_and(|w| ["was", "were", "been", "unanimously"].contains(w))
            && words[..i].iter().any(|w| body(w));
        let by = words.get(i + 1) == Some(&"by") && words[i + 1..].iter().take(3).any(|w| body(w));
        by_body || passive || by
    })
}

/// The owner of an action: its first `@handle`, else a leading name (one or two
/// capitalised words) followed by "to" or "will".
fn owner_of(text: &str) -> Option<String> {
    // `@all` and the like address everyone: no one in particular.
    let everyone = ["all", "everyone", "here", "channel", "team"];
    if let Some(h) = handles(text).find(|h| !everyone.contains(&h.to_lowercase().as_str())) {
        return Some(format!("@{h}"));
    }
    let words: Vec<&str> = text.split_whitespace().take(4).collect();
    let verb = words
        .iter()
        .position(|w| *w == "to" || *w == "will")
        .filter(|&i| (1..=2).contains(&i))?;
    let name = &words[..verb];
    let capitalised = name
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    // "We to …", "Team to …": not a person; nor an action's own verb ("Add KaaS to
    // the list", "Ask CSPs to test").
    let not_people = [
        "We", "Team", "Everyone", "All", "Someone", "Somebody", "Nobody", "Add", "Ask", "Check",
        "Create", "Discuss", "Document", "Find", "Fix", "Follow", "Get", "Invite", "Look", "Make",
        "Move", "Open", "Prepare", "Reach", "Review", "Schedule", "Send", "Set", "Talk", "Update",
        "Write", "Need", "Needs", "Please", "Try",
    ];
    (capitalised && !not_people.contains(&name[0])).then(|| name.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sites_own_labels_count_as_the_built_in_ones() {
        let config = Config::parse(
            "decision_labels = [\"Beschluss\", \" outcome: \"]\naction_labels = [\"Aufgabe\"]",
            std::path::Path::new("site.toml"),
        )
        .unwrap();
        let labels = Labels::new(&config);
        let d = |l: &str| outcome_in_line(l, &labels).map(|(k, t)| (k == OutcomeKind::Decision, t));
        assert_eq!(
            d("**Beschluss:** wir teilen"),
            Some((true, "wir teilen".into()))
        );
        assert_eq!(d("Outcome: ship it"), Some((true, "ship it".into())));
        assert_eq!(
            d("Split? -> Outcome: we split"),
            Some((true, "we split".into()))
        );
        assert_eq!(d("Aufgabe: @kim prüft"), Some((false, "@kim prüft".into())));
        assert_eq!(
            d("Decision: still built in"),
            Some((true, "still built in".into()))
        );
        assert!(labels.any.is_match("nur ein Beschluss"));
        let plain = Labels::default();
        assert_eq!(outcome_in_line("Beschluss: wir teilen", &plain), None);
        // Lower-casing that changes a character's length does not shift the search.
        assert_eq!(outcome_in_line("İİİ decision: x", &plain), None);
    }

    #[test]
    fn labels_and_motions() {
        let labels = Labels::default();
        let d = |l: &str| outcome_in_line(l, &labels).map(|(k, t)| (k == OutcomeKind::Decision, t));
        assert_eq!(
            d("Decision: we split the xpkgs"),
            Some((true, "we split the xpkgs".into()))
        );
        assert_eq!(d("**Agreement: ship it**"), Some((true, "ship it".into())));
        assert_eq!(
            d("15 of 20 members present. The motion passes."),
            Some((true, "15 of 20 members present. The motion passes.".into()))
        );
        assert_eq!(
            d("AI: @maxwolfs opens a PR"),
            Some((false, "@maxwolfs opens a PR".into()))
        );
        assert_eq!(d("Decision:"), None);
        assert_eq!(
            d("Bundle them or split? -> Decision: we split"),
            Some((true, "we split".into()))
        );
        assert_eq!(d("Decisions were hard to reach"), None);
        assert_eq!(d("Agenda: decisions"), None);
    }

    #[test]
    fn owners() {
        assert_eq!(
            owner_of("@maxwolfs opens a PR").as_deref(),
            Some("@maxwolfs")
        );
        assert_eq!(
            owner_of("Prepare a workshop and invite @maxwolfs").as_deref(),
            Some("@maxwolfs")
        );
        assert_eq!(
            owner_of("Mikeal to open an issue").as_deref(),
            Some("Mikeal")
        );
        assert_eq!(
            owner_of("Eric Huss will draft the RFC").as_deref(),
            Some("Eric Huss")
        );
        assert_eq!(owner_of("We to look at it").as_deref(), None);
        assert_eq!(owner_of("Add KaaS to the list").as_deref(), None);
        assert_eq!(
            owner_of("@all @fkr: please add a +").as_deref(),
            Some("@fkr")
        );
        assert_eq!(owner_of("mail ana@example.org").as_deref(), None);
        assert_eq!(owner_of("design test in sig docs").as_deref(), None);
    }

    /// Every label of the lists is seen by the filter before the lines are read, in
    /// any case and bold, so that a label added to a list cannot be skipped silently.
    #[test]
    fn the_filter_lets_every_label_through() {
        let labels = Labels::default();
        for label in DECISION_LABELS.iter().chain(ACTION_LABELS) {
            for line in [
                format!("{label}: we do it"),
                format!("{}: we do it", label.to_uppercase()),
                format!("**{label}**: we do it"),
            ] {
                assert!(labels.any.is_match(&line), "filtered out: {line}");
                let plain = line.replace("**", "");
                assert!(outcome_in_line(&plain, &labels).is_some(), "{plain}");
            }
        }
        for phrase in PASSED {
            let line = format!("The {phrase} unanimously");
            assert!(labels.any.is_match(&line), "{line}");
            assert!(outcome_in_line(&line, &labels).is_some(), "{line}");
        }
        // Two letters are a label only before their colon.
        assert!(!labels.any.is_match("We said hi to the AI team"));
    }
}

#[cfg(test)]
mod more_forms {
    use super::*;

    fn found(md: &str) -> Vec<String> {
        use crate::markdown::links::LinkTargets;
        use crate::markdown::parse::{parse_meeting, ParseContext, ParseSettings};
        use crate::urls::Urls;
        let settings = ParseSettings::new(&Config::default());
        let (targets, urls) = (LinkTargets::default(), Urls::new("/"));
        let cx = ParseContext {
            settings: &settings,
            targets: &targets,
            urls: &urls,
        };
        let p = parse_meeting(md, std::path::Path::new("2024-01-01.md"), "/m/", &cx);
        (p.outcomes.iter())
            .map(|o| match &o.kind {
                OutcomeKind::Decision => format!("D {}", o.text),
                OutcomeKind::Action { .. } => format!("A {}", o.text),
            })
            .collect()
    }

    #[test]
    fn votes_that_passed_and_votes_that_did_not() {
        let labels = Labels::default();
        let d = |l: &str| outcome_in_line(l, &labels).is_some();
        for yes in [
            "The Board voted to fund the sprint.",
            "A motion to renew the lease was approved.",
            "Unanimous vote to admit Acme.",
            "Resolution: the budget stands",
            "Consensus: weekly calls",
            "Motion: adopt the charter",
            "Actions: Ana to write it up",
            "The committee approved the grant.",
            "Board has unanimously approved the proposal.",
            "Approved by the board in last Friday's meeting.",
        ] {
            assert!(d(yes), "{yes}");
            assert!(labels.any.is_match(yes), "filtered out: {yes}");
        }
        for no in [
            "we voted on X last week and it failed",
            "A motion to renew the lease was not approved.",
            "The motion to adjourn failed.",
            "Ana approved the pull request.",
            "Exceptions to this are to be approved by the council.",
            "How are things going to be adopted by the board?",
            "Believe we agreed last time we could close this and focus on the board member",
        ] {
            assert!(!d(no), "{no}");
        }
    }

    #[test]
    fn parts_hold_decisions_and_actions() {
        let md = "# M\n\n## Budget\n\nABC: we need more.\n\n### Conclusion\n\n- Keep the budget\n  - details\n  - ToDo: tell the bank\n- Action: Bo to mail the bank\n\nThe grant goes to docs.\n\nXY: next point\n\nNot a decision.\n\n## Next steps\n\n- [x] Cy ships it\n- Dee to call\n\nActions:\n\n- Ana to file it\n";
        assert_eq!(
            found(md),
            [
                "D Keep the budget",
                "A Bo to mail the bank",
                "A tell the bank",
                "D The grant goes to docs.",
                "A Cy ships it",
                "A Dee to call",
                "A Ana to file it",
            ]
        );
    }
}
