//! List items that are headings: minutes that report team by team in one list
//!
//! ```markdown
//! - **Team Ops**
//!   - did X
//! - Team IaaS:
//!   - did Y
//! ```
//!
//! or `* ### Team Ops` mean the same as a heading per team. A top-level list item is
//! such a heading when its first line is one (`* ### Team Ops`), or is a single line
//! that is only bold text or ends with a colon and has more of the item below it; and
//! when that line names a group: a configured team (name, alias or pattern), or a name
//! (at most five words, no `,` `;` `?` `!`) directly under a `team_parents` heading or,
//! with no teams configured, of a group's form (`Team X`, `SIG X`, `X SIG`, `X WG`,
//! `X Working Group`, `owner/repo`).
//! Such an item becomes a heading one level below the heading the list is under (level
//! 2 under none), followed by the rest of the item; the list's other items stay lists.
//! Everything after (anchors, team sections, the inference, rendering) sees a heading,
//! except the title: a file's first heading is its title only when it was written so.

use comrak::nodes::{AstNode, NodeHeading, NodeValue};
use comrak::Arena;

use crate::markdown::group_names::{clean_heading, has_group_form};
use crate::markdown::team_sections::{TeamMatch, TeamMatcher};
use crate::markdown::text::plain_text;

/// Turns the top-level list items that are headings into headings, in place, and
/// returns the top-level blocks then, and the headings made.
pub(crate) fn promote<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    matcher: &TeamMatcher,
) -> (Vec<&'a AstNode<'a>>, Vec<&'a AstNode<'a>>) {
    let mut made = Vec::new();
    // The heading each list is under: headings made here do not count, so that a
    // second list under the same heading gets the same level.
    let mut above: Option<(u8, String)> = None;
    let top: Vec<&AstNode> = root.children().collect();
    for node in top {
        let list = match &node.data().value {
            NodeValue::Heading(h) => {
                above = Some((h.level, plain_text(node)));
                continue;
            }
            NodeValue::List(l) => *l,
            _ => continue,
        };
        let under_parent = above.as_ref().is_some_and(|(_, t)| matcher.is_parent(t));
        let names_group = |line: &str| match matcher.match_heading(line, under_parent) {
            Some((TeamMatch::Known(_), _)) => true,
            found => {
                let name = clean_heading(line).name;
                is_a_name(&name)
                    && (found.is_some() || (matcher.teams.is_empty() && has_group_form(&name)))
            }
        };
        let items: Vec<&AstNode> = node.children().collect();
        let heads: Vec<bool> = (items.iter())
            .map(|i| heading_line(i).is_some_and(|l| names_group(&l)))
            .collect();
        if !heads.contains(&true) {
            continue;
        }
        let level = above.as_ref().map_or(2, |(l, _)| (l + 1).min(6));
        // Nodes are placed after `last`, in order; the list itself goes at the end.
        let mut last = node;
        let mut rest: Option<&AstNode> = None;
        for (k, (item, head)) in items.into_iter().zip(heads).enumerate() {
            item.detach();
            if !head {
                let into = *rest.get_or_insert_with(|| {
                    let mut part = list;
                    part.start = list.start + k;
                    let l = arena.alloc(NodeValue::List(part).into());
                    l.data_mut().sourcepos = item.data().sourcepos;
                    last.insert_after(l);
                    last = l;
                    l
                });
                into.append(item);
                continue;
            }
            rest = None;
            let heading = arena.alloc(
                NodeValue::Heading(NodeHeading {
                    level,
                    setext: false,
                    closed: false,
                })
                .into(),
            );
            heading.data_mut().sourcepos = item.data().sourcepos;
            made.push(&*heading);
            let first = item.first_child().expect("a heading line");
            while let Some(inline) = first.first_child() {
                heading.append(inline);
            }
            first.detach();
            drop_trailing_colon(heading);
            last.insert_after(heading);
            last = heading;
            while let Some(child) = item.first_child() {
                last.insert_after(child);
                last = child;
            }
        }
        node.detach();
    }
    (root.children().collect(), made)
}

/// Whether an item's first line reads as a name rather than a sentence: a team is
/// `Team Ops`, while `team proposed two options, see below:` only starts with the word.
fn is_a_name(name: &str) -> bool {
    name.split_whitespace().count() <= 5 && !name.contains([',', ';', '?', '!'])
}

/// The first line of a list item, when it reads as a heading (see the module's rule).
fn heading_line<'a>(item: &'a AstNode<'a>) -> Option<String> {
    // A task (`- [ ] Team Ops:`) is something to do, and its box would be lost.
    if !matches!(item.data().value, NodeValue::Item(_)) {
        return None;
    }
    let first = item.first_child()?;
    let value = &first.data().value;
    if matches!(value, NodeValue::Heading(_)) {
        return Some(plain_text(first));
    }
    if !matches!(value, NodeValue::Paragraph) || first.next_sibling().is_none() {
        return None;
    }
    let inlines: Vec<&AstNode> = first.children().collect();
    if (inlines.iter())
        .any(|n| matches!(n.data().value, NodeValue::SoftBreak | NodeValue::LineBreak))
    {
        return None;
    }
    let text = plain_text(first);
    // Only bold text, perhaps with a colon after it.
    let blank_or_colon = |n: &&AstNode| match &n.data().value {
        NodeValue::Text(t) => t.trim().trim_end_matches(':').trim().is_empty(),
        _ => false,
    };
    let bold = (inlines.iter())
        .filter(|n| !blank_or_colon(n))
        .map(|n| matches!(n.data().value, NodeValue::Strong))
        .eq([true]);
    (bold || text.trim_end().ends_with(':')).then_some(text)
}

/// `Team IaaS:` is shown as `Team IaaS`: the colon only said that the items follow.
fn drop_trailing_colon<'a>(heading: &'a AstNode<'a>) {
    // `**Team Ops**:` ends in a text of its own, `**Team Ops:**` inside the bold.
    for _ in 0..2 {
        let Some(text) = (heading.descendants())
            .filter(|n| matches!(n.data().value, NodeValue::Text(_)))
            .last()
        else {
            return;
        };
        let emptied = match &mut text.data_mut().value {
            NodeValue::Text(t) => {
                let kept = t.trim_end().trim_end_matches(':').trim_end().len();
                t.to_mut().truncate(kept);
                kept == 0
            }
            _ => false,
        };
        if !emptied {
            return;
        }
        text.detach();
    }
}
