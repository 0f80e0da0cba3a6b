//! A series' page: every meeting of the series, newest first, with its teams.

use serde::Serialize;

use super::views::Link;
use super::{Cx, Vars};

#[derive(Serialize)]
struct Row {
    meeting: Link,
    teams: Vec<String>,
}

impl Cx<'_, '_> {
    pub(super) fn series_context(&self, vars: &mut Vars, i: usize) {
        let s = &self.r.model;
        let series = &s.series()[i];
        let rows: Vec<Row> = series
            .meetings
            .iter()
            .rev()
            .map(|&mi| {
                let mut teams: Vec<String> = (self.read.outline(mi).teams().iter())
                    .map(|&t| s.team(t).0.to_string())
                    .collect();
                teams.dedup();
                Row {
                    meeting: self.link(mi),
                    teams,
                }
            })
            .collect();
        let summary = self
            .series_summaries()
            .into_iter()
            .find(|x| x.name == series.name)
            .expect("series exists");
        vars.insert("series", &summary);
        vars.insert("meetings", &rows);
    }
}
