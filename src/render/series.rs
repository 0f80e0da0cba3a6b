//! A series' pages: every meeting of the series, newest first, with its teams,
//! [`MEETINGS_PER_PAGE`] a page (a century of weekly meetings was 900 KB on one).

use serde::Serialize;

use super::views::{Link, PageLink};
use super::{Cx, Vars};

/// Meetings on one page of a series: about 175 KB of HTML.
pub(crate) const MEETINGS_PER_PAGE: usize = 1000;

/// How many pages a series of `meetings` meetings has.
pub(crate) fn page_count(meetings: usize) -> usize {
    super::views::page_count(meetings, MEETINGS_PER_PAGE)
}

#[derive(Serialize)]
struct Row {
    meeting: Link,
    teams: Vec<String>,
}

impl Cx<'_, '_> {
    /// Fills in page `page` (from 1) of series `i`.
    pub(super) fn series_context(&self, vars: &mut Vars, i: usize, page: usize) {
        let r = self.r;
        let s = &r.model;
        let series = &s.series()[i];
        let newest: Vec<usize> = series.meetings.iter().rev().copied().collect();
        let pages: Vec<PageLink> = (newest.chunks(MEETINGS_PER_PAGE).enumerate())
            .map(|(k, chunk)| PageLink {
                label: format!(
                    "{} – {}",
                    r.dates[chunk[chunk.len() - 1]],
                    r.dates[chunk[0]]
                ),
                url: r.urls.series_page(&series.name, k + 1),
                current: k + 1 == page,
            })
            .collect();
        let from = (page - 1) * MEETINGS_PER_PAGE;
        let on_page = newest.chunks(MEETINGS_PER_PAGE).nth(page - 1);
        let rows: Vec<Row> = (on_page.into_iter().flatten())
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
        vars.insert("pages", &pages);
        // The number of the page's first (newest) meeting in the reversed list.
        vars.insert("start", &(newest.len() - from));
    }
}
