//! The home page (latest meeting in full, teams, series, weeks by year, activity map)
//! and the search page, which offers the same teams and weeks without JavaScript.

use chrono::Datelike;
use serde::Serialize;

use super::heatmap::{self, HeatMap};
use super::{Cx, Vars};

/// The months the home page's activity map shows at most: five years. A century of
/// months is a megabyte of cells (about 190 bytes each); each team's page has its
/// whole month index.
const HEATMAP_MONTHS: usize = 60;

impl Cx<'_, '_> {
    pub(super) fn index_context(&self, vars: &mut Vars) {
        let s = &self.r.model;
        vars.insert("latest", &s.latest().map(|i| self.meeting_view(i)));
        vars.insert("teams", &self.team_summaries());
        vars.insert("series", &self.series_summaries());
        vars.insert("weeks", &self.weeks_overview());
        vars.insert("meeting_count", &s.meeting_count());
        let map = self.heatmap();
        // The first month shown, when older months are left out.
        let since = (map.as_ref())
            .filter(|h| h.truncated)
            .and_then(|h| h.months.first())
            .map(|&(y, m)| format!("{} {y}", crate::text::months::month_name(m)));
        vars.insert("heatmap_since", &since);
        vars.insert("heatmap", &map.map(|h| h.svg()));
    }

    pub(super) fn search_context(&self, vars: &mut Vars) {
        #[derive(Serialize)]
        struct SearchView {
            index_url: String,
            script_url: String,
        }
        let urls = self.r.urls;
        vars.insert(
            "search",
            &SearchView {
                index_url: urls.search_index(),
                script_url: urls.search_script(),
            },
        );
        // Without JavaScript the page offers the teams and weeks instead.
        vars.insert("teams", &self.team_summaries());
        vars.insert("weeks", &self.weeks_overview());
    }

    /// The activity map: one row per team with entries, one column per month, for
    /// the last [`HEATMAP_MONTHS`] months at most.
    fn heatmap(&self) -> Option<HeatMap> {
        let r = self.r;
        let s = &r.model;
        let last = s.place(s.meeting_count().checked_sub(1)?).date;
        let first = s.place(0).date;
        let mut months =
            HeatMap::month_range((first.year(), first.month()), (last.year(), last.month()));
        let truncated = months.len() > HEATMAP_MONTHS;
        months.drain(..months.len().saturating_sub(HEATMAP_MONTHS));
        let rows = (0..s.team_count())
            .filter_map(|t| {
                let entries = self.read.entries(t);
                if entries.is_empty() {
                    return None;
                }
                let mut counts = vec![0; months.len()];
                let mut years: Vec<i32> = Vec::new();
                for e in entries {
                    let d = s.place(e.meeting).date;
                    if let Ok(i) = months.binary_search(&(d.year(), d.month())) {
                        counts[i] += 1;
                    }
                    if years.last() != Some(&d.year()) {
                        years.push(d.year());
                    }
                }
                let name = s.team(t).0;
                let year_urls = r.timeline_pages(t, &years);
                Some(heatmap::Row {
                    label: name.to_string(),
                    counts,
                    year_urls,
                })
            })
            .collect();
        Some(HeatMap {
            months,
            rows,
            truncated,
        })
    }
}
