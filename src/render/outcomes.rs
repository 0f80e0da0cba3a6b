//! Decisions and action items: the `/decisions/` and `/actions/` pages, and the parts
//! of team and person pages that list them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::views::{Link, PersonLink};
use super::{Cx, Vars};
use crate::markdown::outcomes::{Outcome, OutcomeKind};

/// One decision or action item, where it was said.
#[derive(Serialize)]
pub(super) struct OutcomeView {
    text: String,
    /// The meeting.
    meeting: Link,
    /// The outcome in context: its section on the meeting page.
    url: String,
    team: Option<String>,
    team_url: Option<String>,
    /// For actions: who is to do it, and whether it is done.
    owner: Option<PersonLink>,
    done: bool,
}

/// An outcome with the group it goes in: the group's name and page, if it has one.
type Keyed = (Option<(String, Option<String>)>, OutcomeView);

/// Outcomes under one heading (a team, an owner).
#[derive(Serialize)]
struct OutcomeGroup {
    name: String,
    anchor: String,
    url: Option<String>,
    items: Vec<OutcomeView>,
}

impl Cx<'_, '_> {
    fn outcome_view(&self, i: usize, o: &Outcome) -> OutcomeView {
        let r = self.r;
        let (anchor, team) = self.read.outcome_place(i, o);
        let url = match anchor {
            Some(a) => format!("{}#{a}", r.meeting_urls[i]),
            None => r.meeting_urls[i].clone(),
        };
        let (owner, done) = match &o.kind {
            OutcomeKind::Action { owner, done } => {
                (owner.as_deref().map(|n| self.person_link(n)), *done)
            }
            OutcomeKind::Decision => (None, false),
        };
        OutcomeView {
            text: o.text.clone(),
            meeting: self.link(i),
            url,
            team: team.map(|t| r.model.team(t).0.to_string()),
            team_url: team.map(|t| r.team_urls[t].clone()),
            owner,
            done,
        }
    }

    /// Every outcome that `keep` accepts, newest first.
    fn outcomes_where(&self, keep: impl Fn(&Outcome) -> bool) -> Vec<(usize, &Outcome)> {
        let mut list: Vec<(usize, &Outcome)> =
            self.read.outcomes().filter(|(_, o)| keep(o)).collect();
        // Meetings are in date order; within one, the order of the minutes.
        list.sort_by_key(|(i, _)| std::cmp::Reverse(*i));
        list
    }

    /// Groups views by a key (team or owner; `none` names the group of those without),
    /// groups with the newest item first.
    fn grouped(&self, none: &str, items: Vec<Keyed>) -> Vec<OutcomeGroup> {
        let mut groups: Vec<OutcomeGroup> = Vec::new();
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let mut anchors = crate::text::slug::Unique::new(2);
        for (key, view) in items {
            let (name, url) = key.unwrap_or_else(|| (none.to_string(), None));
            let g = *index.entry(name.clone()).or_insert_with(|| {
                groups.push(OutcomeGroup {
                    anchor: anchors.claim(crate::text::slug::slugify_or(&name, "group")),
                    name,
                    url,
                    items: Vec::new(),
                });
                groups.len() - 1
            });
            groups[g].items.push(view);
        }
        groups
    }

    pub(super) fn decisions_context(&self, vars: &mut Vars) {
        let list = self.outcomes_where(|o| o.kind == OutcomeKind::Decision);
        let views: Vec<OutcomeView> = list.iter().map(|&(i, o)| self.outcome_view(i, o)).collect();
        let by_team = self.grouped(
            "Not in a team's section",
            list.iter()
                .map(|&(i, o)| {
                    let v = self.outcome_view(i, o);
                    (v.team.clone().map(|t| (t, v.team_url.clone())), v)
                })
                .collect(),
        );
        vars.insert("decisions", &views);
        vars.insert("by_team", &by_team);
    }

    pub(super) fn actions_context(&self, vars: &mut Vars) {
        let open =
            self.outcomes_where(|o| matches!(o.kind, OutcomeKind::Action { done: false, .. }));
        let done = self
            .read
            .outcomes()
            .filter(|(_, o)| matches!(o.kind, OutcomeKind::Action { done: true, .. }))
            .count();
        let by_owner = self.grouped(
            "No owner named",
            open.iter()
                .map(|&(i, o)| {
                    let v = self.outcome_view(i, o);
                    let key = v.owner.as_ref().map(|p| (p.name.clone(), p.url.clone()));
                    (key, v)
                })
                .collect(),
        );
        let by_team = self.grouped(
            "Not in a team's section",
            open.iter()
                .map(|&(i, o)| {
                    let v = self.outcome_view(i, o);
                    (v.team.clone().map(|t| (t, v.team_url.clone())), v)
                })
                .collect(),
        );
        vars.insert("open_count", &open.len());
        vars.insert("done_count", &done);
        vars.insert("by_owner", &by_owner);
        vars.insert("by_team", &by_team);
    }

    /// A team's latest decisions and open action items, from its newest entries.
    pub(super) fn team_outcomes(&self, t: usize) -> (Vec<OutcomeView>, Vec<OutcomeView>) {
        let (mut decisions, mut actions) = (Vec::new(), Vec::new());
        let mut seen = Vec::new();
        // The latest: from the newest hundred entries (a century-long timeline would
        // otherwise be read whole on every edit that touches its main page).
        for e in self.read.entries(t).iter().take(100) {
            if decisions.len() >= 5 && actions.len() >= 10 {
                break;
            }
            // A meeting with several sections of the team is looked at once.
            if seen.contains(&e.meeting) {
                continue;
            }
            seen.push(e.meeting);
            let m = self.read.meeting(e.meeting);
            for o in m.parsed.outcomes.iter() {
                if self.read.outcome_place(e.meeting, o).1 != Some(t) {
                    continue;
                }
                match o.kind {
                    OutcomeKind::Decision if decisions.len() < 5 => {
                        decisions.push(self.outcome_view(e.meeting, o));
                    }
                    OutcomeKind::Action { done: false, .. } if actions.len() < 10 => {
                        actions.push(self.outcome_view(e.meeting, o));
                    }
                    _ => {}
                }
            }
        }
        (decisions, actions)
    }

    /// The action items a person owns, newest first.
    pub(super) fn person_actions(&self, p: usize) -> Vec<OutcomeView> {
        let people = self.read.people();
        let slug = &people.list[p].slug;
        self.outcomes_where(|o| match &o.kind {
            OutcomeKind::Action {
                owner: Some(owner), ..
            } => people.find(owner).is_some_and(|x| &x.slug == slug),
            _ => false,
        })
        .into_iter()
        .map(|(i, o)| self.outcome_view(i, o))
        .collect()
    }
}
