//! The items of a team's entries: the first line of each top-level list item (or an
//! agenda heading in a team's own meetings), read once per meeting.

use rayon::prelude::*;

use super::keys::{is_bare_url, is_structure, key_words};
use crate::markdown::attendance::is_attendance_heading;
use crate::model::archive::{Archive, EntryKind, Meeting};

/// A topic candidate as written: an item's first line (or a heading) and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Candidate {
    pub(super) text: String,
    /// Key words, in order, without duplicates.
    pub(super) words: Vec<String>,
    /// The words joined without spaces: equal keys are the same topic.
    pub(super) concat: String,
}

impl Candidate {
    fn new(text: &str) -> Candidate {
        let words = key_words(text);
        Candidate {
            text: text.to_string(),
            concat: words.concat(),
            words,
        }
    }
}

/// What one block offers the topic matcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum BlockItems {
    /// A heading: whether it starts a list of people, and the heading as a candidate
    /// when it can name a topic at all (the team's own name is checked per team).
    Heading {
        people: bool,
        candidate: Option<Candidate>,
    },
    /// A list's top-level items that can name a topic.
    List(Vec<Candidate>),
    /// Anything else.
    Other,
}

/// The topic candidates of one meeting, block by block. Working them out is most of
/// the cost of grouping, and they depend on nothing but the meeting, so they are made
/// once per meeting (in parallel) and `serve` keeps them between edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingItems {
    /// The index of the first block in `blocks`: the blocks before it offer nothing.
    pub(super) start: usize,
    pub(super) blocks: Vec<BlockItems>,
}

impl MeetingItems {
    /// The candidates of a meeting.
    pub fn of(m: &Meeting) -> MeetingItems {
        MeetingItems::of_blocks(m, |_| true)
    }

    /// What block `i` offers.
    fn block(&self, i: usize) -> &BlockItems {
        (i.checked_sub(self.start))
            .and_then(|i| self.blocks.get(i))
            .unwrap_or(&BlockItems::Other)
    }

    /// The candidates of the blocks of a meeting that `wanted` picks; the others offer
    /// none, and those before the first or after the last picked are not stored.
    fn of_blocks(m: &Meeting, wanted: impl Fn(usize) -> bool) -> MeetingItems {
        let all = &m.parsed.blocks;
        let start = (0..all.len()).find(|&i| wanted(i)).unwrap_or(all.len());
        let end = (start..all.len())
            .rfind(|&i| wanted(i))
            .map_or(start, |i| i + 1);
        MeetingItems {
            start,
            blocks: all[start..end]
                .iter()
                .enumerate()
                .map(|(i, b)| match &b.heading {
                    _ if !wanted(start + i) => BlockItems::Other,
                    Some(h) => {
                        let people = is_attendance_heading(&h.text);
                        // Teams' own meetings give their agenda items headings, not list items.
                        let c = Candidate::new(&h.text);
                        let usable = h.level >= 2
                            && !people
                            && !is_bare_url(&h.text)
                            && !c.concat.is_empty()
                            && !is_structure(&c.concat);
                        BlockItems::Heading {
                            people,
                            candidate: usable.then_some(c),
                        }
                    }
                    None if b.items.is_empty() => BlockItems::Other,
                    None => BlockItems::List(
                        b.items
                            .iter()
                            // A list of handles is an attendance list.
                            .filter(|line| !line.split_whitespace().all(|w| w.starts_with('@')))
                            .filter(|line| !is_bare_url(line))
                            .map(|line| Candidate::new(line))
                            .filter(|c| !is_structure(&c.concat))
                            .collect(),
                    ),
                })
                .collect(),
        }
    }
}

/// The candidates of every meeting, by meeting index.
pub fn meeting_items(archive: &Archive) -> Vec<MeetingItems> {
    archive.meetings.par_iter().map(MeetingItems::of).collect()
}

pub(super) struct Item<'a> {
    pub(super) entry: usize,
    pub(super) meeting: usize,
    pub(super) candidate: &'a Candidate,
}

pub(super) fn items_of_team<'a>(
    archive: &Archive,
    items: &'a [MeetingItems],
    team: usize,
) -> Vec<Item<'a>> {
    let t = &archive.teams[team];
    // A heading naming the team itself is no topic of it.
    let team_key = key_words(&t.name).concat();
    let mut out = Vec::new();
    for (ei, e) in t.entries.iter().enumerate() {
        let m = &archive.meetings[e.meeting];
        let blocks = &items[e.meeting];
        let which: &mut dyn Iterator<Item = usize> = match e.kind {
            EntryKind::Section(k) => &mut m.parsed.sections[k].body.iter().copied(),
            EntryKind::Meeting => &mut (0..m.parsed.blocks.len()),
        };
        let mut under_people = false;
        for i in which {
            let found: &[Candidate] = match blocks.block(i) {
                BlockItems::Heading { people, candidate } => {
                    under_people = *people;
                    match candidate {
                        Some(c) if c.concat != team_key => std::slice::from_ref(c),
                        _ => &[],
                    }
                }
                BlockItems::List(list) if !under_people => list,
                _ => &[],
            };
            out.extend(found.iter().map(|c| Item {
                entry: ei,
                meeting: e.meeting,
                candidate: c,
            }));
        }
    }
    out
}

/// The candidates a team's timeline takes from some meetings, as (entry, meeting,
/// text) in timeline order. While these and the team's entries stay the same, so do
/// its topics: `serve` compares them before and after an edit.
pub fn team_candidates(
    archive: &Archive,
    items: &[MeetingItems],
    team: usize,
    meetings: &[usize],
) -> Vec<(usize, usize, String)> {
    items_of_team(archive, items, team)
        .into_iter()
        .filter(|it| meetings.contains(&it.meeting))
        .map(|it| (it.entry, it.meeting, it.candidate.text.clone()))
        .collect()
}

/// [`MeetingItems`] of the blocks team `t`'s entries hold, by meeting; other meetings
/// and blocks offer no candidates.
pub(super) fn items_of_entries(archive: &Archive, t: usize) -> Vec<MeetingItems> {
    let mut items: Vec<MeetingItems> = (archive.meetings.iter())
        .map(|_| MeetingItems {
            start: 0,
            blocks: Vec::new(),
        })
        .collect();
    let entries = &archive.teams[t].entries;
    let mut at = 0;
    while at < entries.len() {
        let meeting = entries[at].meeting;
        let end = at + entries[at..].partition_point(|e| e.meeting == meeting);
        let mut blocks: Vec<bool> = Vec::new();
        let m = &archive.meetings[meeting];
        for e in &entries[at..end] {
            match e.kind {
                EntryKind::Section(k) => {
                    blocks.resize(m.parsed.blocks.len(), false);
                    for &b in &m.parsed.sections[k].body {
                        blocks[b] = true;
                    }
                }
                EntryKind::Meeting => blocks = vec![true; m.parsed.blocks.len()],
            }
        }
        items[meeting] = MeetingItems::of_blocks(m, |b| blocks[b]);
        at = end;
    }
    items
}
