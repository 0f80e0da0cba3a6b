//! What a meeting decided and who is to do what, as its minutes say it.
//!
//! A decision is a line (a paragraph line or a list item's first line, bold or not)
//! labelled `Decision:`, `Decided:`, `Agreed:`, `Agreement:` or `Resolved:`, or a line
//! saying a motion passed or carried. An action item is a line labelled `AI:`,
//! `Action:`, `Action item:` or `TODO:`, or a task list item (`- [ ] …`, done when
//! ticked: `- [x] …`, struck through or with a sub-item "done"). Its owner is the
//! first `@handle` in it, else a leading name followed by "to" or "will" (`Mikeal to
//! open an issue`); `AI @kim: …` names it between the label and the colon.
//!
//! A site adds labels of its own (`decision_labels`, `action_labels` in `site.toml`,
//! say `Beschluss` or `Follow-up`): they count as the built-in ones do.

use comrak::nodes::{AstNode, NodeValue};
use regex::Regex;

use crate::markdown::names::handles;
use crate::markdown::parse::Block;
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

/// Phrases that make a line a decision wherever they stand in it.
const MOTION_PASSED: &[&str] = &[
    "motion passes",
    "motion passed",
    "motion carries",
    "motion carried",
];

const DECISION_LABELS: &[&str] = &["decision", "decided", "agreed", "agreement", "resolved"];
const ACTION_LABELS: &[&str] = &[
    "ai",
    "action",
    "action item",
    "action items",
    "todo",
    "to do",
];

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
            format!(r"\b{l}(?:[\s*_]*:|\s+@)")
        } else {
            l
        }
    });
    let words: Vec<String> = labels
        .chain(MOTION_PASSED.iter().map(|p| regex::escape(p)))
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
    for (block, node) in top.iter().enumerate() {
        if matches!(node.data().value, NodeValue::Heading(_)) {
            continue;
        }
        // Most blocks hold no label, motion or task item: their text and HTML say so
        // in one pass, without lines built.
        let (text, html) = (&blocks[block].text, &blocks[block].html);
        let lines = labels.any.is_match(text);
        if !lines && !html.contains("checkbox") {
            continue;
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
    if MOTION_PASSED.iter().any(|p| lower.contains(p)) {
        return Some((OutcomeKind::Decision, line.trim().to_string()));
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
        for phrase in MOTION_PASSED {
            let line = format!("The {phrase} unanimously");
            assert!(labels.any.is_match(&line), "{line}");
            assert!(outcome_in_line(&line, &labels).is_some(), "{line}");
        }
        // Two letters are a label only before their colon.
        assert!(!labels.any.is_match("We said hi to the AI team"));
    }
}
