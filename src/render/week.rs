//! An ISO week's page: every meeting of the week, by team section.

use serde::Serialize;

use super::views::{whole_meeting, Link, SectionView};
use super::{Cx, Vars};

#[derive(Serialize)]
struct WeekMeeting {
    meeting: Link,
    series_title: String,
    scribes: Vec<String>,
    sections: Vec<SectionView>,
    html: Option<String>,
}

#[derive(Serialize)]
struct WeekView {
    key: String,
    year: i32,
    number: u32,
    monday: String,
    sunday: String,
    url: String,
    /// The page of the weeks of its year.
    year_url: String,
    meetings: Vec<WeekMeeting>,
    prev: Option<Link>,
    next: Option<Link>,
}

impl Cx<'_, '_> {
    /// Fills in the week page's variables; returns the week's key (`2024-W05`).
    pub(super) fn week_context(&self, vars: &mut Vars, i: usize) -> String {
        let r = self.r;
        let weeks = r.model.weeks();
        let w = &weeks[i];
        let key = w.week.key();
        let meetings: Vec<WeekMeeting> = w
            .meetings
            .iter()
            .map(|&mi| {
                let m = self.read.meeting(mi);
                let sections: Vec<SectionView> = (0..m.parsed.sections.len())
                    .map(|k| self.section_view(mi, k, 4))
                    .collect();
                // A meeting without team sections (a team's own meeting) is shown whole,
                // under its `h2`.
                let html =
                    (sections.is_empty()).then(|| whole_meeting(&m.parsed, &m.title, false, 3).0);
                WeekMeeting {
                    meeting: self.link(mi),
                    series_title: r.config.series_title(&m.source.series),
                    scribes: m.parsed.scribes.clone(),
                    sections,
                    html,
                }
            })
            .collect();
        let week_link = |j: usize| Link {
            title: weeks[j].week.key(),
            url: r.urls.week(&weeks[j].week.key()),
            date: None,
            canceled: false,
        };
        vars.insert(
            "week",
            &WeekView {
                key: key.clone(),
                year: w.week.year,
                number: w.week.week,
                monday: w.week.monday().to_string(),
                sunday: (w.week.monday() + chrono::Days::new(6)).to_string(),
                url: r.urls.week(&key),
                year_url: r.urls.weeks_of_year(w.week.year),
                meetings,
                prev: i.checked_sub(1).map(week_link),
                next: (i + 1 < weeks.len()).then(|| week_link(i + 1)),
            },
        );
        key
    }
}

/// A week on its year's page, with links to its meetings.
#[derive(Serialize)]
struct YearWeek {
    key: String,
    number: u32,
    monday: String,
    url: String,
    meetings: Vec<Link>,
}

#[derive(Serialize)]
struct YearView {
    year: i32,
    weeks: Vec<YearWeek>,
    /// The next older and newer years with meetings.
    prev: Option<Link>,
    next: Option<Link>,
}

impl Cx<'_, '_> {
    /// Fills in the page of the weeks of ISO year `year`.
    pub(super) fn year_context(&self, vars: &mut Vars, year: i32) {
        let r = self.r;
        let weeks: Vec<YearWeek> = (r.model.weeks().iter())
            .filter(|w| w.week.year == year)
            .map(|w| YearWeek {
                key: w.week.key(),
                number: w.week.week,
                monday: w.week.monday().to_string(),
                url: r.urls.week(&w.week.key()),
                meetings: w.meetings.iter().map(|&mi| self.link(mi)).collect(),
            })
            .collect();
        let years = self.weeks_overview().years;
        let at = years.iter().position(|y| y.year == year);
        let year_link = |j: usize| {
            years.get(j).map(|y| Link {
                title: y.year.to_string(),
                url: y.url.clone(),
                date: None,
                canceled: false,
            })
        };
        vars.insert(
            "year",
            &YearView {
                year,
                weeks,
                prev: at.and_then(|i| year_link(i + 1)),
                next: at.and_then(|i| i.checked_sub(1)).and_then(year_link),
            },
        );
        vars.insert("years", &years);
    }
}
