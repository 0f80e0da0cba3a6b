//! The people page: who took the minutes, with the meetings each took.

use serde::Serialize;

use super::views::Link;
use super::{Cx, Vars};

#[derive(Serialize)]
struct PersonView {
    name: String,
    anchor: String,
    count: usize,
    first: String,
    last: String,
    meetings: Vec<Link>,
}

impl Cx<'_, '_> {
    pub(super) fn people_context(&self, vars: &mut Vars) {
        let lists = self.read.scribes();
        let people: Vec<PersonView> = crate::model::people::scribes(lists.clone())
            .into_iter()
            .map(|p| {
                let meetings: Vec<Link> = p.meetings.iter().rev().map(|&i| self.link(i)).collect();
                PersonView {
                    anchor: p.anchor,
                    count: meetings.len(),
                    first: meetings
                        .last()
                        .and_then(|l| l.date.clone())
                        .unwrap_or_default(),
                    last: meetings
                        .first()
                        .and_then(|l| l.date.clone())
                        .unwrap_or_default(),
                    name: p.name,
                    meetings,
                }
            })
            .collect();
        let with_scribe = lists.filter(|l| !l.is_empty()).count();
        vars.insert("people", &people);
        vars.insert("meetings_with_scribe", &with_scribe);
        vars.insert("meeting_count", &self.r.source.meeting_count());
    }
}
