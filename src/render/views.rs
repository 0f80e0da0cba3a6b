//! The view structs templates see (documented in `docs/templates.md`) and the builders
//! more than one page kind shares: links to meetings, team sections, whole meetings,
//! team and series summaries, the list of weeks.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use super::Cx;
use crate::markdown::parse::Block;
use crate::model::archive::{EntryKind, Meeting, TeamEntry};
use crate::source::walk::SourceFile;

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_path: &'a str,
    base_url: Option<String>,
    teams_url: String,
    /// The archive's Atom feed, when the base URL has an origin (feeds need one).
    feed_url: Option<String>,
    search_url: String,
    people_url: String,
    decisions_url: String,
    actions_url: String,
    issues_url: String,
}

#[derive(Serialize)]
pub(super) struct PageView {
    kind: &'static str,
    title: String,
    url: String,
    canonical: Option<String>,
    description: String,
}

#[derive(Serialize)]
pub(super) struct Link {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) date: Option<String>,
}

#[derive(Serialize)]
pub(super) struct SectionView {
    team: String,
    team_url: String,
    heading: String,
    subtitle: Option<String>,
    url: String,
    html: String,
}

#[derive(Serialize)]
pub(super) struct MeetingView {
    title: String,
    date: String,
    weekday: String,
    url: String,
    series: String,
    series_title: String,
    series_url: String,
    week: String,
    week_url: String,
    scribes: Vec<String>,
    /// Who took the minutes, linked to their pages.
    minutes_by: Vec<PersonLink>,
    /// Who was there, as the minutes list them.
    present: Vec<PersonLink>,
    source: String,
    sections: Vec<SectionView>,
    html: String,
    prev: Option<Link>,
    next: Option<Link>,
}

/// A person as a meeting names them, with their page.
#[derive(Serialize)]
pub(super) struct PersonLink {
    pub(super) name: String,
    pub(super) url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct TeamSummary {
    name: String,
    slug: String,
    url: String,
    description: String,
    count: usize,
    last_date: Option<String>,
    last_url: Option<String>,
    /// The team's Atom feed, when feeds are written.
    feed_url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct WeekLink {
    key: String,
    /// The week's number, two digits (`05`).
    number: String,
    url: String,
    monday: String,
    count: usize,
}

#[derive(Serialize)]
pub(super) struct WeekYear {
    year: i32,
    weeks: Vec<WeekLink>,
}

#[derive(Serialize)]
pub(super) struct SeriesSummary {
    pub(super) name: String,
    title: String,
    url: String,
    count: usize,
    all_teams: bool,
    first: Option<String>,
    last: Option<String>,
}

impl Cx<'_, '_> {
    pub(super) fn site_view(&self) -> SiteView<'_> {
        let (config, urls) = (self.r.config, self.r.urls);
        SiteView {
            title: &config.title,
            description: &config.description,
            base_path: urls.base_path(),
            base_url: urls.absolute_base(),
            teams_url: urls.teams(),
            feed_url: urls.absolute_base().map(|_| urls.feed()),
            search_url: urls.search(),
            people_url: urls.people(None),
            decisions_url: urls.decisions(),
            actions_url: urls.actions(),
            issues_url: urls.issues(),
        }
    }

    pub(super) fn page_view(&self, kind: &'static str, title: String, url: String) -> PageView {
        let (config, urls) = (self.r.config, self.r.urls);
        let description = if config.description.is_empty() {
            format!("{title}, {}", config.title)
        } else {
            format!("{title}. {}", config.description)
        };
        let canonical = urls.absolute_base().map(|_| urls.absolute(&url));
        PageView {
            kind,
            title,
            url,
            canonical,
            description,
        }
    }

    /// A link to meeting `i`: its title, page and date.
    pub(super) fn link(&self, i: usize) -> Link {
        Link {
            title: self.read.title(i).to_string(),
            url: self.r.meeting_urls[i].clone(),
            date: Some(self.r.dates[i].clone()),
        }
    }

    /// Where a team entry is shown: the team page, or its year page when split.
    pub(super) fn entry_url(&self, team: usize, entry: &TeamEntry) -> String {
        let r = self.r;
        let place = r.source.place(entry.meeting);
        let year_page;
        let page = if r.is_split(team) {
            year_page = r.urls.team(r.source.team(team).1, Some(place.date.year()));
            &year_page
        } else {
            &r.team_urls[team]
        };
        let mut url = String::with_capacity(page.len() + 64);
        url.push_str(page);
        url.push('#');
        let anchor = match entry.kind {
            EntryKind::Section(k) => Some(self.read.outline(entry.meeting).anchor(k)),
            EntryKind::Meeting => None,
        };
        push_entry_id(&mut url, place, anchor);
        url
    }

    /// Section `k` of meeting `i`, as the meeting and week pages show it.
    pub(super) fn section_view(&self, i: usize, k: usize) -> SectionView {
        let m = self.read.meeting(i);
        let s = &m.parsed.sections[k];
        let team = m.section_teams[k];
        SectionView {
            team: self.r.source.team(team).0.to_string(),
            team_url: self.entry_url(
                team,
                &TeamEntry {
                    meeting: i,
                    kind: EntryKind::Section(k),
                },
            ),
            heading: s.heading.clone(),
            subtitle: s.subtitle.clone(),
            url: format!("{}#{}", self.r.meeting_urls[i], s.anchor),
            html: join_blocks(&m.parsed.blocks, s.body.iter().copied(), false),
        }
    }

    /// Meeting `i` in full, as its own page and the home page show it.
    pub(super) fn meeting_view(&self, i: usize) -> MeetingView {
        let (r, s) = (self.r, self.r.source);
        let m = self.read.meeting(i);
        let series = &s.series()[s.series_of(i)];
        let week = m.week().key();
        MeetingView {
            title: m.title.clone(),
            date: r.dates[i].clone(),
            weekday: m.date().format("%A").to_string(),
            url: r.meeting_urls[i].clone(),
            series: series.name.clone(),
            series_title: series.title.clone(),
            series_url: r.urls.series(&series.name),
            week_url: r.urls.week(&week),
            week,
            scribes: m.parsed.scribes.clone(),
            minutes_by: (m.parsed.scribes.iter())
                .map(|s| self.person_link(s))
                .collect(),
            present: (m.parsed.attendees.iter())
                .map(|a| self.person_link(&a.name))
                .collect(),
            source: m.source.rel.to_string_lossy().replace('\\', "/"),
            sections: (0..m.parsed.sections.len())
                .map(|k| self.section_view(i, k))
                .collect(),
            html: join_blocks(&m.parsed.blocks, 0..m.parsed.blocks.len(), true),
            prev: m.prev.map(|p| self.link(p)),
            next: m.next.map(|n| self.link(n)),
        }
    }

    /// A name as written, linked to the page of the person it stands for.
    pub(super) fn person_link(&self, name: &str) -> PersonLink {
        let person = self.read.person(name);
        PersonLink {
            name: name.to_string(),
            url: person.map(|p| self.r.urls.person(&p.slug)),
        }
    }

    pub(super) fn team_summaries(&self) -> Vec<TeamSummary> {
        (0..self.r.source.team_count())
            .map(|t| self.team_summary(t))
            .collect()
    }

    pub(super) fn team_summary(&self, t: usize) -> TeamSummary {
        let r = self.r;
        let (name, slug, description) = r.source.team(t);
        let entries = self.read.entries(t);
        let last = entries.first();
        TeamSummary {
            name: name.to_string(),
            slug: slug.to_string(),
            url: r.team_urls[t].clone(),
            description: description.to_string(),
            count: entries.len(),
            last_date: last.map(|e| r.dates[e.meeting].clone()),
            last_url: last.map(|e| self.entry_url(t, e)),
            feed_url: r.urls.absolute_base().map(|_| r.urls.team_feed(slug)),
        }
    }

    /// Every series, all-teams series first.
    pub(super) fn series_summaries(&self) -> Vec<SeriesSummary> {
        let r = self.r;
        let mut list: Vec<SeriesSummary> = (r.source.series().iter())
            .map(|s| SeriesSummary {
                name: s.name.clone(),
                title: s.title.clone(),
                url: r.urls.series(&s.name),
                count: s.meetings.len(),
                all_teams: s.all_teams,
                first: s.meetings.first().map(|&i| r.dates[i].clone()),
                last: s.meetings.last().map(|&i| r.dates[i].clone()),
            })
            .collect();
        list.sort_by_key(|s| !s.all_teams);
        list
    }

    /// Every week with meetings, grouped by year, newest year first.
    pub(super) fn weeks_by_year(&self) -> Vec<WeekYear> {
        let r = self.r;
        let mut years: BTreeMap<i32, Vec<WeekLink>> = BTreeMap::new();
        for w in r.source.weeks() {
            years.entry(w.week.year).or_default().push(WeekLink {
                key: w.week.key(),
                number: format!("{:02}", w.week.week),
                url: r.urls.week(&w.week.key()),
                monday: w.week.monday().to_string(),
                count: w.meetings.len(),
            });
        }
        years
            .into_iter()
            .rev()
            .map(|(year, weeks)| WeekYear { year, weeks })
            .collect()
    }
}

/// Anchor of a team entry on its team page.
pub(super) fn entry_id(m: &Meeting, e: &TeamEntry) -> String {
    let mut id = String::new();
    let anchor = match e.kind {
        EntryKind::Section(k) => Some(m.parsed.sections[k].anchor.as_str()),
        EntryKind::Meeting => None,
    };
    push_entry_id(&mut id, &m.source, anchor);
    id
}

/// [`entry_id`], appended to a string: `<series>-<stem>[-<section anchor>]`.
fn push_entry_id(out: &mut String, place: &SourceFile, anchor: Option<&str>) {
    out.push_str(&place.series);
    out.push('-');
    out.push_str(&place.stem);
    if let Some(anchor) = anchor {
        out.push('-');
        out.push_str(anchor);
    }
}

/// Joins rendered blocks; headings get their anchor ids only on the meeting page, so
/// that pages showing several meetings have no duplicate ids.
pub(crate) fn join_blocks(
    blocks: &[Block],
    which: impl Iterator<Item = usize>,
    with_ids: bool,
) -> String {
    let mut out = String::new();
    for i in which {
        let b = &blocks[i];
        match &b.heading {
            Some(h) if with_ids => {
                out.push_str(&format!(
                    "<h{l} id=\"{id}\">{html}</h{l}>\n",
                    l = h.level,
                    id = h.id,
                    html = b.html
                ));
            }
            Some(h) => out.push_str(&format!(
                "<h{l}>{html}</h{l}>\n",
                l = h.level,
                html = b.html
            )),
            None => out.push_str(&b.html),
        }
    }
    out
}
