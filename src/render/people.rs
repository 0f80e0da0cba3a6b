//! The people pages: everyone the minutes name, and a page per person with the
//! meetings they attended or took the minutes of.

use serde::Serialize;

use super::views::Link;
use super::{Cx, Vars};
use crate::model::people::Person;

#[derive(Serialize)]
struct PersonView {
    name: String,
    handle: Option<String>,
    url: String,
    attended: usize,
    minutes: usize,
    actions: usize,
    spoke: usize,
    affiliation: Option<String>,
    first: String,
    last: String,
}

/// A meeting where somebody spoke, and the topics (headings) they spoke on.
#[derive(Serialize)]
struct Spoke {
    meeting: Link,
    topics: Vec<Link>,
}

/// A person's meeting: the link, and whether they attended, took the minutes and
/// were given an action item there.
#[derive(Serialize)]
struct PersonMeeting {
    meeting: Link,
    attended: bool,
    minutes: bool,
    actions: bool,
    spoke: bool,
}

impl Cx<'_, '_> {
    fn person_view(&self, p: &Person) -> PersonView {
        let r = self.r;
        let first = (p.attended.first().into_iter())
            .chain(p.minutes.first())
            .chain(p.actions.first())
            .chain(p.spoke.first().map(|(i, _)| i))
            .min();
        let last = (p.attended.last().into_iter())
            .chain(p.minutes.last())
            .chain(p.actions.last())
            .chain(p.spoke.last().map(|(i, _)| i))
            .max();
        PersonView {
            name: p.name.clone(),
            handle: p.handle.clone(),
            url: r.urls.person(&p.slug),
            attended: p.attended.len(),
            minutes: p.minutes.len(),
            actions: p.actions.len(),
            spoke: p.spoke.len(),
            affiliation: p.affiliation.clone(),
            first: first.map(|&i| r.dates[i].clone()).unwrap_or_default(),
            last: last.map(|&i| r.dates[i].clone()).unwrap_or_default(),
        }
    }

    pub(super) fn people_context(&self, vars: &mut Vars) {
        let people = self.read.people();
        let mut list: Vec<&Person> = people.list.iter().collect();
        // Most meetings first.
        list.sort_by_key(|p| {
            std::cmp::Reverse(p.attended.len() + p.minutes.len() + p.actions.len() + p.spoke.len())
        });
        let views: Vec<PersonView> = list.iter().map(|p| self.person_view(p)).collect();
        let with_attendance = (0..self.r.model.meeting_count())
            .filter(|&i| {
                people
                    .list
                    .iter()
                    .any(|p| p.attended.binary_search(&i).is_ok())
            })
            .count();
        let with_scribe = (0..self.r.model.meeting_count())
            .filter(|&i| {
                people
                    .list
                    .iter()
                    .any(|p| p.minutes.binary_search(&i).is_ok())
            })
            .count();
        vars.insert("people", &views);
        vars.insert("meetings_with_attendance", &with_attendance);
        vars.insert("meetings_with_scribe", &with_scribe);
        vars.insert("meeting_count", &self.r.model.meeting_count());
    }

    /// Fills in a person's page; returns their name, the page title.
    pub(super) fn person_context(&self, vars: &mut Vars, p: usize) -> String {
        let person = &self.read.people().list[p];
        let mut meetings: Vec<usize> = person.attended.clone();
        meetings.extend(&person.minutes);
        meetings.extend(&person.actions);
        meetings.extend(person.spoke.iter().map(|(i, _)| *i));
        meetings.sort_unstable();
        meetings.dedup();
        let rows: Vec<PersonMeeting> = (meetings.iter().rev())
            .map(|&i| PersonMeeting {
                meeting: self.link(i),
                attended: person.attended.binary_search(&i).is_ok(),
                minutes: person.minutes.binary_search(&i).is_ok(),
                actions: person.actions.binary_search(&i).is_ok(),
                spoke: person.spoke.iter().any(|(m, _)| *m == i),
            })
            .collect();
        let spoke: Vec<Spoke> = (person.spoke.iter().rev())
            .map(|(i, blocks)| {
                let meeting = self.link(*i);
                let mut topics: Vec<Link> = Vec::new();
                for &b in blocks {
                    if let Some((id, text)) = self.read.topic_above(*i, b) {
                        let url = format!("{}#{id}", meeting.url);
                        if !topics.iter().any(|t| t.url == url) {
                            topics.push(Link {
                                title: text.to_string(),
                                url,
                                date: None,
                                canceled: false,
                            });
                        }
                    }
                }
                Spoke { meeting, topics }
            })
            .collect();
        vars.insert("spoke", &spoke);
        vars.insert("person", &self.person_view(person));
        vars.insert("meetings", &rows);
        vars.insert("actions", &self.person_actions(p));
        person.name.clone()
    }
}
