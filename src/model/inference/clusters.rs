//! Spellings folded into clusters, one per group: by the group grammar's folds, then
//! names that only add words to another group's name.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::evidence::{Id, Seen};
use super::{Ignored, MIN_MEETINGS};
use crate::markdown::group_names::{
    completes, extends, group_form, same_group, structural, GroupKind,
};

/// Spellings that are one group, with the reason each folds in, and where they are.
pub(super) struct Cluster<'i> {
    pub(super) members: Vec<(&'i Id, Option<String>)>,
    pub(super) meetings: BTreeSet<usize>,
    /// Meetings under each group parent.
    pub(super) under: BTreeMap<&'i Id, BTreeSet<usize>>,
}

/// Candidates, folded into clusters: not structure, not a parent, of a group's form or
/// under a parent at least once. Rare spellings take part too: folded with others they
/// may recur. Structural headings under a parent are noted in `ignored`.
pub(super) fn cluster<'i>(
    seen: &'i HashMap<Id, Seen>,
    parents: &BTreeSet<Id>,
    ignored: &mut Vec<Ignored>,
) -> Vec<Cluster<'i>> {
    let mut ids: Vec<&Id> = seen.keys().collect();
    ids.sort_by(|a, b| {
        (seen[*b].meetings.len().cmp(&seen[*a].meetings.len())).then_with(|| a.cmp(b))
    });
    let mut clusters: Vec<Cluster> = Vec::new();
    for id in ids {
        let s = &seen[id];
        let f = &s.folded;
        if parents.contains(id) {
            continue;
        }
        let under: Vec<(&Id, &BTreeSet<usize>)> = (s.parents.iter())
            .filter(|(p, _)| parents.contains(*p))
            .collect();
        if structural(f) {
            if !under.is_empty() && s.meetings.len() >= MIN_MEETINGS {
                ignored.push(Ignored {
                    name: s.name(),
                    meetings: s.meetings.len(),
                    why: "structure of a meeting, not a group",
                });
            }
            continue;
        }
        if !group_form(f) && under.is_empty() {
            continue;
        }
        let reason_in =
            |c: &Cluster| (c.members.iter()).find_map(|(m, _)| same_group(&seen[*m].folded, f));
        let c = match clusters.iter().position(|c| reason_in(c).is_some()) {
            Some(c) => {
                let reason = reason_in(&clusters[c]);
                clusters[c].members.push((id, reason));
                c
            }
            None => {
                clusters.push(Cluster {
                    members: vec![(id, None)],
                    meetings: BTreeSet::new(),
                    under: BTreeMap::new(),
                });
                clusters.len() - 1
            }
        };
        clusters[c].meetings.extend(s.meetings.iter().copied());
        for (p, ms) in under {
            (clusters[c].under.entry(p).or_default()).extend(ms.iter().copied());
        }
    }
    clusters
}

/// A name that adds words to a group's name is that group (`SIG Central API MVP`,
/// `Team IAM/Roles`), unless the added words name another group of the same kind:
/// `Team Ops & IAM` is a joint team, not Team Ops. Longest names first, so that chains
/// fold inward. Then the spelling with the most meetings names each group.
pub(super) fn fold_extensions<'i>(
    seen: &'i HashMap<Id, Seen>,
    mut clusters: Vec<Cluster<'i>>,
) -> Vec<Cluster<'i>> {
    let head_of = |c: &Cluster| seen[c.members[0].0].folded.clone();
    let mut order: Vec<usize> = (0..clusters.len()).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(head_of(&clusters[c]).words.len()));
    let mut gone = vec![false; clusters.len()];
    for &c in &order {
        let long = head_of(&clusters[c]);
        let target = (0..clusters.len())
            .filter(|&d| d != c && !gone[d])
            .filter_map(|d| {
                let short = head_of(&clusters[d]);
                let added: BTreeSet<&String> = extends(&short, &long)?.iter().collect();
                let names_another = (0..clusters.len())
                    .filter(|&e| e != c && e != d && !gone[e])
                    .map(|e| head_of(&clusters[e]))
                    .filter(|o| o.kind == long.kind && !o.words.is_empty())
                    .any(|o| o.words.iter().all(|w| added.contains(w)));
                (!names_another).then_some((short.words.len(), d))
            })
            .max();
        let Some((short_len, d)) = target else {
            continue;
        };
        gone[c] = true;
        let reason = format!(
            "adds words to the name ({})",
            long.words[short_len..].join(" ")
        );
        let moved = std::mem::take(&mut clusters[c].members);
        let meetings = std::mem::take(&mut clusters[c].meetings);
        let under = std::mem::take(&mut clusters[c].under);
        let into = &mut clusters[d];
        (into.members).extend(moved.into_iter().map(|(id, _)| (id, Some(reason.clone()))));
        into.meetings.extend(meetings);
        for (p, ms) in under {
            into.under.entry(p).or_default().extend(ms);
        }
    }
    let mut clusters: Vec<Cluster> = (clusters.into_iter().zip(gone))
        .filter_map(|(c, gone)| (!gone).then_some(c))
        .collect();
    for c in &mut clusters {
        let best = (0..c.members.len())
            .max_by_key(|&i| (seen[c.members[i].0].meetings.len(), std::cmp::Reverse(i)))
            .expect("a cluster has members");
        c.members.swap(0, best);
        // The old head folds into the new one for the reason the new one folded into it.
        let reason = c.members[0].1.take();
        c.members[best].1 = reason;
    }
    clusters
}

/// The group parents that hold a group of a group's form, with that form: beside them
/// a heading of the same form is a group one meeting short of [`MIN_MEETINGS`] (a
/// repository whose issues came up twice under an `Agenda` of repositories).
pub(super) fn parents_of_formed_groups<'i>(
    seen: &HashMap<Id, Seen>,
    clusters: &[Cluster<'i>],
) -> BTreeSet<(&'i Id, GroupKind)> {
    (clusters.iter())
        .filter(|c| c.meetings.len() >= MIN_MEETINGS)
        .map(|c| (c, seen[c.members[0].0].folded.kind))
        .filter(|(c, _)| group_form(&seen[c.members[0].0].folded))
        .flat_map(|(c, kind)| c.under.keys().map(move |p| (*p, kind)))
        .collect()
}

/// A bare name under a group parent (`Core` under `SIG updates`) is the marked group
/// whose name it completes (`SIG Core`, see [`completes`]) when that group is seen in
/// at least [`MIN_MEETINGS`] meetings and it is the only one that fits: two (`Team Core`
/// and `SIG Core`) leave the bare name alone. So do added words that name another
/// group (`Ops IAM` beside `Team Ops` and `Team IAM`).
pub(super) fn fold_bare_names<'i>(
    seen: &'i HashMap<Id, Seen>,
    mut clusters: Vec<Cluster<'i>>,
) -> Vec<Cluster<'i>> {
    let head_of = |c: &Cluster| &seen[c.members[0].0].folded;
    let mut gone = vec![false; clusters.len()];
    for b in 0..clusters.len() {
        let bare = head_of(&clusters[b]);
        if bare.kind != GroupKind::Plain || clusters[b].under.is_empty() {
            continue;
        }
        let fits: Vec<(usize, String)> = (0..clusters.len())
            .filter(|&g| g != b && !gone[g] && clusters[g].meetings.len() >= MIN_MEETINGS)
            .filter_map(|g| completes(bare, head_of(&clusters[g])).map(|why| (g, why)))
            .collect();
        let [(g, why)] = fits.as_slice() else {
            continue;
        };
        let named = head_of(&clusters[*g]).words.len();
        let added: BTreeSet<&String> = bare.words.iter().skip(named).collect();
        let names_another = !added.is_empty()
            && (0..clusters.len())
                .filter(|&o| o != b && o != *g && !gone[o])
                .map(|o| head_of(&clusters[o]))
                .any(|o| !o.words.is_empty() && o.words.iter().all(|w| added.contains(w)));
        if names_another {
            continue;
        }
        let (g, why) = (*g, why.clone());
        gone[b] = true;
        let moved = std::mem::take(&mut clusters[b].members);
        let meetings = std::mem::take(&mut clusters[b].meetings);
        let under = std::mem::take(&mut clusters[b].under);
        let into = &mut clusters[g];
        // The bare name folds in for its own reason; its other spellings keep theirs.
        for (k, (id, reason)) in moved.into_iter().enumerate() {
            into.members
                .push((id, if k == 0 { Some(why.clone()) } else { reason }));
        }
        into.meetings.extend(meetings);
        for (p, ms) in under {
            into.under.entry(p).or_default().extend(ms);
        }
    }
    (clusters.into_iter().zip(gone))
        .filter_map(|(c, gone)| (!gone).then_some(c))
        .collect()
}
