//! The evidence the inference reads: every heading of every meeting by spelling
//! identity (where it stands, under which heading, in which meetings), and the group
//! parents that evidence shows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{DatedParse, MIN_MEETINGS, SHARE_DIVISOR};
use crate::markdown::group_names::{
    clean_heading, fold, group_form, says_parts, structural, FoldedName, GroupKind,
};
use crate::markdown::parse::ParsedMeeting;
use crate::markdown::team_sections::TeamMatcher;

/// What is known of one spelling identity across the archive.
#[derive(Debug, Default)]
pub(super) struct Seen {
    /// Meetings that have it.
    pub(super) meetings: BTreeSet<usize>,
    /// Spellings as written (cleaned), with how often.
    pub(super) spellings: BTreeMap<String, usize>,
    /// Identities of the headings directly above it, with the meetings.
    pub(super) parents: BTreeMap<(GroupKind, Vec<String>), BTreeSet<usize>>,
    /// The folded name of the spelling used most.
    pub(super) folded: FoldedName,
    /// Where it stands, by meeting (the first time there): the heading above it, and
    /// its place among that heading's sub-headings that are not structure, of how many.
    pub(super) places: BTreeMap<usize, Place>,
}

/// A heading's place under its parent: (parent, index, of how many).
pub(super) type Place = (Id, usize, usize);

impl Seen {
    pub(super) fn name(&self) -> String {
        // The most used spelling; among equals, the first in sort order.
        self.spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
            .unwrap_or_default()
    }
}

/// A spelling's identity: its kind and sorted words.
pub(super) type Id = (GroupKind, Vec<String>);

/// What the inference reads of one file: each heading's level and text, and whether it
/// is the file's title. An edit that leaves these as they were cannot change the groups
/// (`serve` asks [`same_headings`] before working them out again).
fn headings_of(p: &ParsedMeeting) -> impl Iterator<Item = (u8, &str, bool)> {
    p.blocks.iter().filter_map(|b| {
        let h = b.heading.as_ref()?;
        Some((
            h.level,
            h.text.as_str(),
            p.title.is_some() && b.line == p.title_line,
        ))
    })
}

/// Whether two parses of a file give the inference the same headings.
pub fn same_headings(a: &ParsedMeeting, b: &ParsedMeeting) -> bool {
    headings_of(a).eq(headings_of(b))
}

/// Every heading but the title, by identity.
pub(super) fn collect(parsed: &[DatedParse], matcher: &TeamMatcher) -> HashMap<Id, Seen> {
    let mut seen: HashMap<Id, Seen> = HashMap::new();
    for (m, (_, _, p)) in parsed.iter().enumerate() {
        // Open headings above the current one: (level, identity, the sub-headings
        // under it so far that are not structure).
        let mut open: Vec<(u8, Id, Vec<Id>)> = Vec::new();
        for (level, text, is_title) in headings_of(p) {
            while open.last().is_some_and(|(l, _, _)| *l >= level) {
                close(&mut seen, m, open.pop());
            }
            let name = clean_heading(text).name;
            if is_title || name.is_empty() || matcher.is_ignored(text) {
                continue;
            }
            let folded = fold(&name);
            let id = folded.identity();
            if id.1.is_empty() {
                continue;
            }
            let s = seen.entry(id.clone()).or_default();
            s.meetings.insert(m);
            *s.spellings.entry(name).or_insert(0) += 1;
            if let Some((_, parent, children)) = open.last_mut() {
                s.parents.entry(parent.clone()).or_default().insert(m);
                if !structural(&folded) {
                    children.push(id.clone());
                }
            }
            open.push((level, id, Vec::new()));
        }
        while !open.is_empty() {
            close(&mut seen, m, open.pop());
        }
    }
    // Compared by the spelling used most, whatever the order the files came in.
    for s in seen.values_mut() {
        s.folded = fold(&s.name());
    }
    seen
}

/// Notes, for each sub-heading of a heading that ends, where it stood among them.
pub(super) fn close(seen: &mut HashMap<Id, Seen>, m: usize, heading: Option<(u8, Id, Vec<Id>)>) {
    let Some((_, parent, children)) = heading else {
        return;
    };
    let n = children.len();
    for (k, child) in children.into_iter().enumerate() {
        if let Some(s) = seen.get_mut(&child) {
            s.places.entry(m).or_insert_with(|| (parent.clone(), k, n));
        }
    }
}

/// A heading of a group's form, or naming an issue, counts wherever it recurs.
pub(super) fn counts_anywhere(f: &FoldedName) -> bool {
    group_form(f) || f.kind == GroupKind::Issue
}

/// Whether `child`, under `parent` in the meetings `ms`, is one of its parts: any
/// heading but one of a group's form must come back in a fair share of the parent's
/// meetings, or the topics of a team's own meetings (under `Agenda`) would all be
/// groups.
pub(super) fn qualifies_under(child: &Seen, parent: &Seen, ms: &BTreeSet<usize>) -> bool {
    let f = &child.folded;
    ms.len() >= MIN_MEETINGS
        && (counts_anywhere(f) || ms.len() * SHARE_DIVISOR >= parent.meetings.len())
        && !structural(f)
        && !std::ptr::eq(child, parent)
}

/// Group parents: recurring headings, not themselves of a group's form (a marker on
/// structure, `SIG updates`, is no group's form here), with recurring
/// headings below them that qualify.
pub(super) fn find_parents(seen: &HashMap<Id, Seen>) -> BTreeSet<Id> {
    let mut kids: HashMap<&Id, (usize, usize)> = HashMap::new();
    for s in seen.values() {
        for (parent, ms) in &s.parents {
            let Some(p) = seen.get(parent) else { continue };
            if qualifies_under(s, p, ms) {
                let k = kids.entry(parent).or_default();
                k.0 += 1;
                k.1 += usize::from(counts_anywhere(&s.folded));
            }
        }
    }
    let mut parents = BTreeSet::new();
    for (id, (all, formed)) in kids {
        let p = &seen[id];
        let f = &p.folded;
        // `SIG updates` has a marker but is structure: a parent, not a group.
        if p.meetings.len() < MIN_MEETINGS || (counts_anywhere(f) && !structural(f)) {
            continue;
        }
        if (says_parts(f) && all >= 1) || formed >= 2 || all >= 3 {
            parents.insert(id.clone());
        }
    }
    parents
}
