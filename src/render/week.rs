//! An ISO week's page: every meeting of the week, by team section. A week of one
//! meeting shows each section's first lines and links to the meeting page instead of
//! repeating its text (at 5,200 weeks that repetition was 35 MB of the output).

use serde::Serialize;

use super::team::{cut, summary_lines};
use super::views::{whole_meeting, Link, SectionView};
use super::{Cx, Vars};

#[derive(Serialize)]
struct WeekMeeting {
    meeting: Link,
    series_title: String,
    scribes: Vec<String>,
    sections: Vec<WeekSection>,
    html: Option<String>,
}

/// A section on the week page: in full, or (the week's only meeting) its first lines.
#[derive(Serialize)]
struct WeekSection {
    #[serde(flatten)]
    view: SectionView,
    /// Up to three of its first lines when the text is left to the meeting page.
    summary: Option<String>,
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
        // One meeting: its page has the same sections, so the week lists them only.
        let brief = w.meetings.len() == 1;
        let meetings: Vec<WeekMeeting> = w
            .meetings
            .iter()
            .map(|&mi| {
                let m = self.read.meeting(mi);
                let sections: Vec<WeekSection> = (0..m.parsed.sections.len())
                    .map(|k| {
                        let mut view = self.section_view(mi, k, 4);
                        let summary = brief.then(|| {
                            view.html = String::new();
                            let body = m.parsed.sections[k].body.iter().copied();
                            let lines = summary_lines(&m.parsed.blocks, body);
                            cut(&lines
                                .iter()
                                .take(3)
                                .copied()
                                .collect::<Vec<_>>()
                                .join(" · "))
                        });
                        WeekSection { view, summary }
                    })
                    .collect();
                // A meeting without team sections (a team's own meeting) is shown whole,
                // under its `h2`, when the week has other meetings.
                let html = (sections.is_empty() && !brief)
                    .then(|| whole_meeting(&m.parsed, &m.title, false, 3).0);
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
