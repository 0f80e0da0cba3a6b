//! Which inputs of the pages an update changed: the meetings, timelines, topics,
//! people and issue threads the pages read ([`crate::render::inputs`]). Topics are
//! worked out again only for the teams whose entries or candidates changed.

use std::collections::HashSet;

use rayon::prelude::*;

use super::shapes::{outcomes_and_references, teams_of, Before, MeetingShape};
use super::Incremental;
use crate::markdown::parse::ParsedMeeting;
use crate::model::derived::people_of;
use crate::model::issues::Issues;
use crate::model::people::People;
use crate::model::topics::{team_candidates, topics_of_team, Topic};
use crate::render::inputs::Input;

impl Incremental {
    /// What an update changed, in the terms page contexts read the archive in (see
    /// [`crate::render::inputs`]), topics included.
    pub(super) fn changed_inputs(&mut self, before: &Before) -> HashSet<Input> {
        let archive = &self.site.archive;
        let (old_entries, old_meetings) = (&before.entries, &before.meetings);
        let mut inputs: HashSet<Input> = HashSet::new();
        let anchors = |p: &ParsedMeeting| -> Vec<String> {
            p.sections.iter().map(|s| s.anchor.clone()).collect()
        };
        for (i, old) in &before.parsed {
            let i = *i;
            let new = &archive.meetings[i].parsed;
            if new != old {
                inputs.insert(Input::Meeting(i));
            }
            if anchors(new) != anchors(old) {
                inputs.insert(Input::Outline(i));
            }
            // Where an outcome sits is the heading above it and the section around it.
            let ids = |p: &ParsedMeeting| -> Vec<String> {
                (p.blocks.iter())
                    .filter_map(|b| b.heading.as_ref().map(|h| h.id.clone()))
                    .collect()
            };
            let heads = |p: &ParsedMeeting| -> Vec<(usize, String)> {
                (p.blocks.iter().enumerate())
                    .filter_map(|(k, b)| b.heading.as_ref().map(|h| (k, h.id.clone())))
                    .collect()
            };
            if heads(new) != heads(old) {
                inputs.insert(Input::Headings(i));
            }
            let has_outcomes = !new.outcomes.is_empty() || !old.outcomes.is_empty();
            if outcomes_and_references(new).0 != outcomes_and_references(old).0
                || (has_outcomes && (ids(new) != ids(old) || new.sections != old.sections))
            {
                inputs.insert(Input::Outcomes);
            }
        }
        for (i, (m, old)) in archive.meetings.iter().zip(old_meetings).enumerate() {
            let new = MeetingShape::of(m);
            if new != *old {
                inputs.insert(Input::Meeting(i));
            }
            if new.title != old.title {
                inputs.insert(Input::Title(i));
            }
            if new.section_teams != old.section_teams {
                inputs.insert(Input::Outline(i));
                if !m.parsed.outcomes.is_empty() {
                    inputs.insert(Input::Outcomes);
                }
            }
        }
        for (t, old) in old_entries.iter().enumerate() {
            if archive.teams.get(t).is_none_or(|team| team.entries != *old) {
                inputs.insert(Input::Timeline(t));
            }
        }
        self.refresh_topics(before, &mut inputs);
        // People and issue threads come from every meeting: worked out again only when
        // what they are made of changed in a re-parsed file.
        let about = |p: &ParsedMeeting| {
            let (outcomes, references) = outcomes_and_references(p);
            (
                p.attendees.clone(),
                p.scribes.clone(),
                p.turns.clone(),
                outcomes,
                references,
            )
        };
        let named = (before.parsed.iter())
            .any(|(i, old)| about(&self.site.archive.meetings[*i].parsed) != about(old));
        // (A heading naming a repository resolves the `#12` below it.)
        let headings = inputs.iter().any(|x| matches!(x, Input::Headings(_)));
        if !named && !headings {
            return inputs;
        }
        let people = people_of(&self.site.archive, &self.site.config);
        if people != self.model.people {
            inputs.insert(Input::People);
            let who = |p: &People| -> Vec<(String, String)> {
                (p.list.iter())
                    .map(|x| (x.name.clone(), x.slug.clone()))
                    .collect()
            };
            if who(&people) != who(&self.model.people) || !people.same_keys(&self.model.people) {
                inputs.insert(Input::Directory);
            }
            self.model.people = people;
        }
        let issues = Issues::of(&self.site.archive.meetings);
        if issues != self.model.issues {
            inputs.insert(Input::Issues);
            self.model.issues = issues;
        }
        inputs
    }

    /// Computes again the topics of the teams whose entries or topic candidates an
    /// update changed (of every team when teams came or went), noting those that differ.
    pub(super) fn refresh_topics(&mut self, before: &Before, inputs: &mut HashSet<Input>) {
        let archive = &self.site.archive;
        let changed: Vec<usize> = before.parsed.iter().map(|(i, _)| *i).collect();
        let (old_shapes, old_entries) = (&before.shapes, &before.entries);
        let mut touched = before.touched.clone();
        touched.extend(changed.iter().flat_map(|&i| teams_of(archive, i)));
        let teams_now = archive.teams.len();
        // Teams appearing, going or renamed move every team's index: all topics anew.
        let same_teams = teams_now == old_shapes.len()
            && (archive.teams.iter().zip(old_shapes))
                .all(|(t, (name, slug, _))| t.name == *name && t.slug == *slug);
        let redo: Vec<usize> = if !same_teams {
            (0..teams_now).collect()
        } else {
            // Topics of a team change only when its entries or their candidates did.
            touched
                .iter()
                .copied()
                .filter(|&t| {
                    old_entries[t] != archive.teams[t].entries
                        || before.candidates.get(&t)
                            != Some(&team_candidates(archive, &self.items, t, &changed))
                })
                .collect()
        };
        let fresh: Vec<(usize, Vec<Topic>)> = redo
            .par_iter()
            .map(|&t| (t, topics_of_team(archive, &self.items, t)))
            .collect();
        self.model.topics.resize(teams_now, Vec::new());
        for (t, topics) in fresh {
            if topics != self.model.topics[t] {
                inputs.insert(Input::Topics(t));
                self.model.topics[t] = topics;
            }
        }
    }
}
