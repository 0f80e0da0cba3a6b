//! Decisions and action items: the `/decisions/` and `/actions/` pages, and the parts
//! of team and person pages that list them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::views::{Link, PersonLink};
use super::{Cx, Vars};
use crate::markdown::outcomes::{Outcome, OutcomeKind};
use crate::model::actions::{ActionItem, Actions, Rules, State};

/// How many of the most recently done, and dropped, items `/actions/` shows; with
/// more, all of them are on pages of their own (`/actions/done/`, `/actions/dropped/`).
const RECENT: usize = 30;

/// Done, or dropped, items on one page of `/actions/done/` or `/actions/dropped/`:
/// about 60 KB of HTML.
const CLOSED_PER_PAGE: usize = 100;

/// How many pages of `state`'s items (done or dropped) there are, of [`CLOSED_PER_PAGE`]
/// each: none when `/actions/` shows them all.
pub(super) fn closed_page_count(actions: &Actions, state: State) -> usize {
    let n = actions.items.iter().filter(|it| it.state == state).count();
    match n > RECENT {
        true => super::views::page_count(n, CLOSED_PER_PAGE),
        false => 0,
    }
}

/// The items of `state`, the latest decided first (then the latest raised): the order
/// of `/actions/` and of the pages of done and dropped items.
fn closed(actions: &Actions, state: State) -> Vec<&ActionItem> {
    let mut list: Vec<&ActionItem> = (actions.items.iter())
        .filter(|it| it.state == state)
        .collect();
    list.sort_by_key(|it| std::cmp::Reverse((it.decided, it.raised_on())));
    list
}

/// `done` or `dropped`, as the URLs and the templates name the state.
pub(super) fn state_name(state: State) -> &'static str {
    match state {
        State::Open => "open",
        State::Done => "done",
        State::Dropped => "dropped",
    }
}

/// One action item across the meetings that mention it.
#[derive(Serialize)]
pub(super) struct ActionView {
    /// Its text as last written.
    text: String,
    /// Its last mention, in context on the meeting page.
    url: String,
    owner: Option<PersonLink>,
    team: Option<String>,
    team_url: Option<String>,
    /// `open`, `done` or `dropped`.
    state: &'static str,
    /// The date it was raised.
    raised: String,
    /// The meeting that decided its state.
    decided: Link,
    /// Every meeting that mentions it, oldest first: the date, and the mention in
    /// context.
    mentions: Vec<Link>,
}

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

/// A view with the group it goes in: the group's name and page, if it has one.
type Keyed<V> = (Option<(String, Option<String>)>, V);

/// Outcomes or action items under one heading (a team, an owner).
#[derive(Serialize)]
struct OutcomeGroup<V> {
    name: String,
    anchor: String,
    url: Option<String>,
    items: Vec<V>,
}

impl<'r> Cx<'r, '_> {
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
    fn grouped<V>(&self, none: &str, items: Vec<Keyed<V>>) -> Vec<OutcomeGroup<V>> {
        let mut groups: Vec<OutcomeGroup<V>> = Vec::new();
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

    /// The action items followed across meetings, for this page: noted as a read of
    /// everything they are made of.
    fn actions(&self) -> &'r Actions {
        self.read.actions(&self.r.actions, Rules::of(self.r.config))
    }

    fn action_view(&self, it: &ActionItem) -> ActionView {
        let r = self.r;
        let m = |i: usize, k: usize| {
            let o = self.read.outcome(i, k);
            match self.read.outcome_place(i, o).0 {
                Some(a) => format!("{}#{a}", r.meeting_urls[i]),
                None => r.meeting_urls[i].clone(),
            }
        };
        let mentions: Vec<Link> = (it.mentions.iter())
            .map(|x| Link {
                title: r.dates[x.meeting].clone(),
                url: m(x.meeting, x.outcome),
                date: Some(r.dates[x.meeting].clone()),
                canceled: false,
            })
            .collect();
        let last = it.mentions.last().expect("an item has a mention");
        ActionView {
            text: it.text.clone(),
            url: m(last.meeting, last.outcome),
            // One person however spelt: the name their page has.
            owner: it.owner.as_deref().map(|n| match self.read.person(n) {
                Some(p) => PersonLink {
                    name: p.name.clone(),
                    url: Some(r.urls.person(&p.slug)),
                },
                None => PersonLink {
                    name: n.to_string(),
                    url: None,
                },
            }),
            team: it.team.map(|t| r.model.team(t).0.to_string()),
            team_url: it.team.map(|t| r.team_urls[t].clone()),
            state: it.state.word(),
            raised: r.dates[it.raised_on()].clone(),
            decided: self.link(it.decided),
            mentions,
        }
    }

    pub(super) fn actions_context(&self, vars: &mut Vars) {
        let all = self.actions();
        let open: Vec<&ActionItem> = (all.items.iter().rev())
            .filter(|it| it.state == State::Open)
            .collect();
        let by_owner = self.grouped(
            "No owner named",
            open.iter()
                .map(|it| {
                    let v = self.action_view(it);
                    let key = v.owner.as_ref().map(|p| (p.name.clone(), p.url.clone()));
                    (key, v)
                })
                .collect(),
        );
        let by_team = self.grouped(
            "Not in a group's section",
            open.iter()
                .map(|it| {
                    let v = self.action_view(it);
                    (v.team.clone().map(|t| (t, v.team_url.clone())), v)
                })
                .collect(),
        );
        // The latest decided; all of them on pages of their own when there are more.
        let recent = |state: State| -> Vec<ActionView> {
            (closed(all, state).into_iter().take(RECENT))
                .map(|it| self.action_view(it))
                .collect()
        };
        let all_url = |state: State| {
            (closed_page_count(all, state) > 0)
                .then(|| self.r.urls.closed_actions(state_name(state), 1))
        };
        let (open_count, done_count, dropped_count) = all.counts();
        vars.insert("open_count", &open_count);
        vars.insert("done_count", &done_count);
        vars.insert("dropped_count", &dropped_count);
        vars.insert("stale_after", &Rules::of(self.r.config).stale_after);
        vars.insert("by_owner", &by_owner);
        vars.insert("by_team", &by_team);
        vars.insert("done", &recent(State::Done));
        vars.insert("done_all_url", &all_url(State::Done));
        vars.insert("dropped", &recent(State::Dropped));
        vars.insert("dropped_all_url", &all_url(State::Dropped));
    }

    /// Page `page` (from 1) of the done, or dropped, action items, the latest decided
    /// first; returns the page's title.
    pub(super) fn closed_actions_context(
        &self,
        vars: &mut Vars,
        state: State,
        page: usize,
    ) -> String {
        let all = self.actions();
        let list = closed(all, state);
        let items: Vec<ActionView> = (list.iter().skip((page - 1) * CLOSED_PER_PAGE))
            .take(CLOSED_PER_PAGE)
            .map(|it| self.action_view(it))
            .collect();
        let name = state_name(state);
        let pages: Vec<super::views::PageLink> = (1..=closed_page_count(all, state))
            .map(|n| super::views::PageLink {
                label: n.to_string(),
                url: self.r.urls.closed_actions(name, n),
                current: n == page,
            })
            .collect();
        let first = (page - 1) * CLOSED_PER_PAGE + 1;
        vars.insert("state", name);
        vars.insert("count", &list.len());
        vars.insert("first", &first);
        vars.insert("items", &items);
        vars.insert("pages", &pages);
        vars.insert("stale_after", &Rules::of(self.r.config).stale_after);
        vars.insert("actions_url", &self.r.urls.actions());
        let title = match name {
            "done" => "Done action items",
            _ => "Dropped action items",
        };
        match page {
            1 => title.to_string(),
            _ => format!("{title}, page {page}"),
        }
    }

    /// A group's open action items, newest raised first.
    pub(super) fn team_actions(&self, t: usize) -> Vec<ActionView> {
        (self.actions().items.iter().rev())
            .filter(|it| it.state == State::Open && it.team == Some(t))
            .map(|it| self.action_view(it))
            .collect()
    }

    /// The action items a person owns: open ones first, then done, then dropped, each
    /// newest raised first.
    pub(super) fn person_actions(&self, p: usize) -> Vec<ActionView> {
        let people = self.read.people();
        let slug = &people.list[p].slug;
        let mut mine: Vec<&ActionItem> = (self.actions().items.iter().rev())
            .filter(|it| {
                (it.owner.as_deref())
                    .is_some_and(|o| people.find(o).is_some_and(|x| &x.slug == slug))
            })
            .collect();
        mine.sort_by_key(|it| match it.state {
            State::Open => 0,
            State::Done => 1,
            State::Dropped => 2,
        });
        mine.into_iter().map(|it| self.action_view(it)).collect()
    }

    /// A team's latest decisions, from its newest entries.
    pub(super) fn team_decisions(&self, t: usize) -> Vec<OutcomeView> {
        let mut decisions = Vec::new();
        let mut seen = Vec::new();
        // The latest: from the newest hundred entries (a century-long timeline would
        // otherwise be read whole on every edit that touches its main page).
        for e in self.read.entries(t).iter().take(100) {
            if decisions.len() >= 5 {
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
                if o.kind == OutcomeKind::Decision && decisions.len() < 5 {
                    decisions.push(self.outcome_view(e.meeting, o));
                }
            }
        }
        decisions
    }
}
