//! Renames: a group whose name stops being used when another one takes its place is
//! one group under its newest name.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::clusters::Cluster;
use super::evidence::{Id, Place, Seen};
use super::DatedParse;
use crate::markdown::group_names::{GroupKind, PARENT_WORDS, STRUCTURAL};

/// What the rename rule reads of a group: where and when it is.
pub(super) struct Span<'i> {
    pub(super) kind: GroupKind,
    /// Words of all its spellings that may name it (no structure, no fillers).
    pub(super) words: BTreeSet<&'i str>,
    pub(super) first: NaiveDate,
    pub(super) last: NaiveDate,
    /// Where it stood under its parent in its first and its last meeting.
    pub(super) first_place: Option<&'i Place>,
    pub(super) last_place: Option<&'i Place>,
    /// The meetings it is compared in: those of each group parent it sits under, by
    /// parent, and those of the series it is seen in most, under `None`.
    pub(super) contexts: BTreeMap<Option<&'i Id>, Vec<usize>>,
}

pub(super) fn span<'i>(
    seen: &'i HashMap<Id, Seen>,
    c: &Cluster<'i>,
    parsed: &[DatedParse],
) -> Span<'i> {
    let date = |m: &usize| parsed[*m].1;
    // A repository is named by its name without the owner: `nodejs/bootstrap` moved
    // to `openjs-foundation/bootstrap` keeps the word `bootstrap`.
    let words = (c.members.iter())
        .flat_map(|(id, _)| seen[*id].folded.words.iter())
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .filter(|w| !STRUCTURAL.contains(w) && !PARENT_WORDS.contains(w) && w.len() > 2)
        .collect();
    let mut contexts: BTreeMap<Option<&Id>, Vec<usize>> = (c.under.keys())
        .map(|p| (Some(*p), seen[*p].meetings.iter().copied().collect()))
        .collect();
    {
        let mut by_series: BTreeMap<&str, usize> = BTreeMap::new();
        for &m in &c.meetings {
            *by_series.entry(parsed[m].0).or_default() += 1;
        }
        if let Some((series, _)) =
            (by_series.iter()).max_by_key(|(s, n)| (**n, std::cmp::Reverse(**s)))
        {
            let ms = (0..parsed.len())
                .filter(|m| parsed[*m].0 == *series)
                .collect();
            contexts.insert(None, ms);
        }
    }
    let place = |m: Option<&usize>| {
        let m = m?;
        (c.members.iter()).find_map(|(id, _)| seen[*id].places.get(m))
    };
    Span {
        kind: seen[c.members[0].0].folded.kind,
        words,
        first: c.meetings.iter().map(date).min().unwrap_or_default(),
        last: c.meetings.iter().map(date).max().unwrap_or_default(),
        first_place: place(c.meetings.iter().min_by_key(|m| (date(m), **m))),
        last_place: place(c.meetings.iter().max_by_key(|m| (date(m), **m))),
        contexts,
    }
}

/// Whether `new` took `old`'s place: one kind, in one context (under one parent, or
/// in one series), `old` last seen before `new` is first seen, with at most one meeting
/// of that context between; and a word in common, or each the only sub-heading that is
/// not structure under one parent in `old`'s last meeting and `new`'s first. (A place
/// among several is no evidence: a team that ends and one that starts at the end of a
/// list have the same.)
pub(super) fn renamed(old: &Span, new: &Span, parsed: &[DatedParse]) -> bool {
    let same_place =
        old.last_place.is_some_and(|(_, _, n)| *n == 1) && old.last_place == new.first_place;
    if old.kind != new.kind
        || old.kind == GroupKind::Issue
        || old.last >= new.first
        || (old.words.is_disjoint(&new.words) && !same_place)
    {
        return false;
    }
    old.contexts.iter().any(|(p, ms)| {
        new.contexts.get(p).is_some_and(|theirs| {
            let between: BTreeSet<NaiveDate> = (ms.iter().chain(theirs))
                .map(|m| parsed[*m].1)
                .filter(|d| *d > old.last && *d < new.first)
                .collect();
            between.len() <= 1
        })
    })
}

/// Renames: a group whose name stops being used when another one of its kind, sharing
/// a word with it, starts in the same place (see [`renamed`]) is that group under its
/// new name. Only a one-to-one change counts: when the new name also names another
/// group (`Team Ops & IAM` after `Team Ops` and `Team IAM`), or two names could have
/// taken one's place, the groups stay apart. The new name names the group.
pub(super) fn fold_renames<'i>(
    seen: &'i HashMap<Id, Seen>,
    mut kept: Vec<(Cluster<'i>, &'static str)>,
    parsed: &[DatedParse],
) -> Vec<(Cluster<'i>, &'static str)> {
    let spans: Vec<Span> = kept.iter().map(|(c, _)| span(seen, c, parsed)).collect();
    let names_another = |n: usize, except: usize| {
        (0..spans.len())
            .filter(|&o| o != n && o != except)
            .any(|o| {
                // Fewer words: one with the same is an earlier name, not another group.
                spans[o].kind == spans[n].kind
                    && !spans[o].words.is_empty()
                    && spans[o].words.len() < spans[n].words.len()
                    && spans[o].words.is_subset(&spans[n].words)
            })
    };
    let pairs: Vec<(usize, usize)> = (0..spans.len())
        .flat_map(|a| (0..spans.len()).map(move |b| (a, b)))
        .filter(|&(a, b)| a != b && renamed(&spans[a], &spans[b], parsed))
        .filter(|&(a, b)| !names_another(b, a) && !names_another(a, b))
        .collect();
    let once = |a: usize, b: usize| {
        pairs.iter().filter(|(x, _)| *x == a).count() == 1
            && pairs.iter().filter(|(_, y)| *y == b).count() == 1
    };
    // Oldest first, so that a chain of renames ends in its newest name.
    let mut order: Vec<(usize, usize)> =
        pairs.iter().copied().filter(|&(a, b)| once(a, b)).collect();
    order.sort_by_key(|&(a, _)| spans[a].first);
    // Where each group went: merged ones point at the group that took them.
    let mut into: Vec<usize> = (0..kept.len()).collect();
    for (a, b) in order {
        let (mut a, b) = (a, b);
        while into[a] != a {
            a = into[a];
        }
        if a == b {
            continue;
        }
        into[a] = b;
        let old = std::mem::take(&mut kept[a].0.members);
        let old_name = seen[old[0].0].name();
        let reason = format!(
            "renamed: last as {old_name} on {}, as {} from {}",
            spans[a].last,
            seen[kept[b].0.members[0].0].name(),
            spans[b].first
        );
        let meetings = std::mem::take(&mut kept[a].0.meetings);
        let under = std::mem::take(&mut kept[a].0.under);
        let to = &mut kept[b].0;
        for (k, (id, why)) in old.into_iter().enumerate() {
            to.members
                .push((id, if k == 0 { Some(reason.clone()) } else { why }));
        }
        to.meetings.extend(meetings);
        for (p, ms) in under {
            to.under.entry(p).or_default().extend(ms);
        }
    }
    kept.into_iter()
        .zip(into.iter().enumerate().map(|(i, t)| i == *t))
        .filter_map(|(c, stays)| stays.then_some(c))
        .collect()
}
