//! What the archive was before an update, as far as finding what it changed needs:
//! each team's name, slug and split, each meeting's title, teams and neighbours, the
//! old parses, and the teams that showed them.

use std::collections::{BTreeSet, HashMap};

use crate::markdown::outcomes::Outcome;
use crate::markdown::parse::ParsedMeeting;
use crate::markdown::references::Reference;
use crate::model::archive::{Archive, TeamEntry};

/// What the archive was before an update, as far as finding what changed needs.
pub(super) struct Before {
    pub(super) shapes: Vec<TeamShape>,
    pub(super) entries: Vec<Vec<TeamEntry>>,
    pub(super) meetings: Vec<MeetingShape>,
    /// The re-parsed meetings' old parse.
    pub(super) parsed: Vec<(usize, ParsedMeeting)>,
    /// Teams whose timeline showed a re-parsed meeting.
    pub(super) touched: BTreeSet<usize>,
    /// Their topic candidates in the re-parsed meetings.
    pub(super) candidates: HashMap<usize, Vec<(usize, usize, String)>>,
}

/// What `Archive::assemble` gives a meeting besides its parsed text.
#[derive(PartialEq)]
pub(super) struct MeetingShape {
    pub(super) title: String,
    pub(super) section_teams: Vec<usize>,
    pub(super) prev: Option<usize>,
    pub(super) next: Option<usize>,
}

impl MeetingShape {
    pub(super) fn of(m: &crate::model::archive::Meeting) -> MeetingShape {
        MeetingShape {
            title: m.title.clone(),
            section_teams: m.section_teams.clone(),
            prev: m.prev,
            next: m.next,
        }
    }
}

/// A meeting's outcomes and references without their line numbers, which only
/// `check` shows: a line added above them moves no page.
pub(super) fn outcomes_and_references(p: &ParsedMeeting) -> (Vec<Outcome>, Vec<Reference>) {
    let outcomes = (p.outcomes.iter())
        .map(|o| Outcome {
            line: 0,
            ..o.clone()
        })
        .collect();
    let references = (p.references.iter())
        .map(|r| Reference {
            line: 0,
            ..r.clone()
        })
        .collect();
    (outcomes, references)
}

/// A team's name, slug, and whether its timeline is split by year.
pub(super) type TeamShape = (String, String, bool);

pub(super) fn team_shapes(archive: &Archive, timeline_split: usize) -> Vec<TeamShape> {
    (archive.teams.iter())
        .map(|t| {
            (
                t.name.clone(),
                t.slug.clone(),
                t.split_by_year(&archive.meetings, timeline_split),
            )
        })
        .collect()
}

/// Teams whose timeline shows meeting `i`.
pub(super) fn teams_of(archive: &Archive, i: usize) -> Vec<usize> {
    let mut out = archive.meetings[i].section_teams.clone();
    out.extend(archive.series[archive.series_of(i)].team);
    out
}
