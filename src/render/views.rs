//! The view structs templates see (documented in `docs/templates.md`) and the builders
//! more than one page kind shares: links to meetings, team sections, whole meetings,
//! team and series summaries, the list of weeks.

use serde::Serialize;

use super::Cx;
use crate::markdown::blocks::Block;
use crate::markdown::parse::ParsedMeeting;
use crate::model::archive::{EntryKind, Meeting, TeamEntry};
use crate::source::dates::title_names_date;
use crate::source::walk::SourceFile;

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_path: &'a str,
    base_url: Option<String>,
    /// `None` when the archive has no groups: no team pages, nothing in the navigation.
    teams_url: Option<String>,
    /// What the navigation calls the groups (`Teams`, `Agenda items`).
    teams_label: &'a str,
    /// The archive's Atom feed, when the base URL has an origin (feeds need one).
    feed_url: Option<String>,
    search_url: String,
    /// Fetched ahead when a header search box gets focus (`search-focus.js`).
    search_index_url: String,
    search_script_url: String,
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
    /// A meeting marked canceled in a file of many ([`crate::source::multi`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(super) canceled: bool,
}

#[derive(Serialize)]
pub(super) struct SectionView {
    team: String,
    team_url: String,
    heading: String,
    subtitle: Option<String>,
    url: String,
    pub(super) html: String,
    /// Whether an earlier section of the meeting is the same team's (the meeting's
    /// list of teams names each team once).
    repeat: bool,
}

/// A heading of a meeting page's table of contents.
#[derive(Serialize)]
pub(super) struct ContentsEntry {
    title: String,
    url: String,
}

#[derive(Serialize)]
pub(super) struct MeetingView {
    title: String,
    /// Whether the title already holds the date, so that pages do not repeat it.
    title_has_date: bool,
    /// Marked canceled in a file of many meetings.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    canceled: bool,
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
    /// The source file on the web, when `source_url` is set.
    source_url: Option<String>,
    sections: Vec<SectionView>,
    html: String,
    /// The page's second-level headings, for a table of contents.
    contents: Vec<ContentsEntry>,
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
    /// The year's own page.
    url: String,
    weeks: Vec<WeekLink>,
}

/// How many pages `items` things take at `per_page` a page: at least one.
pub(super) fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// A link to one page of a list split into pages (topics, issues, meetings).
#[derive(Serialize)]
pub(super) struct PageLink {
    /// What the page holds: its number, or the range of what it lists.
    pub(super) label: String,
    pub(super) url: String,
    pub(super) current: bool,
}

/// A year's page, with how many weeks and meetings it lists.
#[derive(Serialize)]
pub(super) struct WeeksYear {
    pub(super) year: i32,
    pub(super) url: String,
    weeks: usize,
    meetings: usize,
}

/// The weeks on the home and search pages ([`Cx::weeks_overview`]).
#[derive(Serialize)]
pub(super) struct WeeksOverview {
    /// The newest year's weeks, oldest first.
    latest: Option<WeekYear>,
    /// Every year with meetings, newest first.
    pub(super) years: Vec<WeeksYear>,
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
            teams_url: (self.r.model.team_count() > 0).then(|| urls.teams()),
            teams_label: config.teams_label(),
            feed_url: urls.absolute_base().map(|_| urls.feed()),
            search_url: urls.search(),
            search_index_url: urls.search_index(),
            search_script_url: urls.search_script(),
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
            canceled: canceled(self.r.model.place(i)),
        }
    }

    /// Where a team entry is shown: the team page, or its year page when split.
    pub(super) fn entry_url(&self, team: usize, entry: &TeamEntry) -> String {
        let r = self.r;
        let place = r.model.place(entry.meeting);
        let year_page;
        let page = if r.is_split(team) {
            year_page = r.timeline_page(team, place.date);
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

    /// Section `k` of meeting `i`, as the meeting and week pages show it; the week
    /// page puts the section's highest heading at level `top`.
    pub(super) fn section_view(&self, i: usize, k: usize, top: u8) -> SectionView {
        let m = self.read.meeting(i);
        let s = &m.parsed.sections[k];
        let team = m.section_teams[k];
        SectionView {
            repeat: m.section_teams[..k].contains(&team),
            team: self.r.model.team(team).0.to_string(),
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
            html: blocks_html(&m.parsed.blocks, s.body.iter().copied(), false, Some(top)),
        }
    }

    /// Meeting `i` in full, as its own page and the home page show it.
    pub(super) fn meeting_view(&self, i: usize) -> MeetingView {
        let (r, s) = (self.r, self.r.model);
        let m = self.read.meeting(i);
        let series = &s.series()[s.series_of(i)];
        let week = m.week().key();
        let source = m.source.rel.to_string_lossy().replace('\\', "/");
        let (html, contents) = whole_meeting(&m.parsed, &m.title, true, 2);
        MeetingView {
            title_has_date: title_names_date(&m.title, m.date()),
            canceled: canceled(&m.source),
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
            source_url: (r.config.source_url.as_deref()).map(|prefix| source_link(prefix, &source)),
            source,
            // On the meeting page a section is its place in `html`: its own HTML, with
            // the headings of the week page, is not shown.
            sections: (0..m.parsed.sections.len())
                .map(|k| self.section_view(i, k, 4))
                .collect(),
            html,
            contents: contents
                .into_iter()
                .map(|(title, id)| ContentsEntry {
                    title,
                    url: format!("#{id}"),
                })
                .collect(),
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
        (0..self.r.model.team_count())
            .map(|t| self.team_summary(t))
            .collect()
    }

    pub(super) fn team_summary(&self, t: usize) -> TeamSummary {
        let r = self.r;
        let (name, slug, description) = r.model.team(t);
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
        let mut list: Vec<SeriesSummary> = (r.model.series().iter())
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

    /// The weeks as the home and search pages list them: the newest year's weeks, and
    /// a link to every year's page. A century of weeks on the home page would make it
    /// megabytes long; a year's page lists its weeks with their meetings.
    pub(super) fn weeks_overview(&self) -> WeeksOverview {
        let r = self.r;
        let weeks = r.model.weeks();
        let mut years: Vec<WeeksYear> = Vec::new();
        for w in weeks.iter().rev() {
            match years.last_mut() {
                Some(y) if y.year == w.week.year => {
                    y.weeks += 1;
                    y.meetings += w.meetings.len();
                }
                _ => years.push(WeeksYear {
                    year: w.week.year,
                    url: r.urls.weeks_of_year(w.week.year),
                    weeks: 1,
                    meetings: w.meetings.len(),
                }),
            }
        }
        let latest = years.first().map(|y| WeekYear {
            year: y.year,
            url: y.url.clone(),
            weeks: (weeks.iter())
                .filter(|w| w.week.year == y.year)
                .map(|w| WeekLink {
                    key: w.week.key(),
                    number: format!("{:02}", w.week.week),
                    url: r.urls.week(&w.week.key()),
                    monday: w.week.monday().to_string(),
                    count: w.meetings.len(),
                })
                .collect(),
        });
        WeeksOverview { latest, years }
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

/// Joins rendered blocks as written; headings get their anchor ids only on the meeting
/// page, so that pages showing several meetings have no duplicate ids.
pub(crate) fn join_blocks(
    blocks: &[Block],
    which: impl Iterator<Item = usize>,
    with_ids: bool,
) -> String {
    blocks_html(blocks, which, with_ids, None)
}

/// Whether a meeting's heading in a file of many marks it canceled.
fn canceled(place: &SourceFile) -> bool {
    place.part.is_some_and(|p| p.canceled)
}

/// A source file's address: the site's `source_url` prefix and the file's path in
/// `content/`, each path segment percent-encoded.
fn source_link(prefix: &str, rel: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let mut url = prefix.to_string();
    if !url.is_empty() && !url.ends_with('/') {
        url.push('/');
    }
    for (k, seg) in rel.split('/').enumerate() {
        if k > 0 {
            url.push('/');
        }
        url.extend(percent_encoding::utf8_percent_encode(seg, SEGMENT));
    }
    url
}

/// Heading levels of embedded minutes, fitted under the page's own headings: the
/// first heading gets level `top`, and each heading is at most one level below the
/// heading it sits under (a file's `#`, `###` become `top`, `top + 1`), so a page has
/// one `h1` and its outline skips no level. Level 6 is the floor.
struct Levels {
    top: u8,
    /// The headings open above the current one: (level written, level shown).
    open: Vec<(u8, u8)>,
}

impl Levels {
    fn new(top: u8) -> Self {
        Levels {
            top,
            open: Vec::new(),
        }
    }

    /// The level to show a heading written at level `written` at.
    fn level(&mut self, written: u8) -> u8 {
        while self.open.last().is_some_and(|&(w, _)| w >= written) {
            self.open.pop();
        }
        let shown = self.open.last().map_or(self.top, |&(_, s)| s + 1).min(6);
        self.open.push((written, shown));
        shown
    }
}

/// Appends one heading: with its id and a permalink on the meeting page.
fn push_heading(out: &mut String, level: u8, html: &str, id: Option<&str>) {
    use std::fmt::Write;
    match id {
        Some(id) => {
            let _ = writeln!(
                out,
                "<h{level} id=\"{id}\">{html} <a class=\"permalink\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{level}>"
            );
        }
        None => {
            let _ = writeln!(out, "<h{level}>{html}</h{level}>");
        }
    }
}

/// Joins rendered blocks; with `top`, headings are fitted under the page's own (see
/// [`Levels`]), else shown as written.
pub(crate) fn blocks_html(
    blocks: &[Block],
    which: impl Iterator<Item = usize>,
    with_ids: bool,
    top: Option<u8>,
) -> String {
    let mut out = String::new();
    let mut levels = top.map(Levels::new);
    for i in which {
        let b = &blocks[i];
        match &b.heading {
            Some(h) => {
                let level = levels.as_mut().map_or(h.level, |l| l.level(h.level));
                push_heading(&mut out, level, &b.html, with_ids.then_some(h.id.as_str()));
            }
            None => out.push_str(&b.html),
        }
    }
    out
}

/// How a whole meeting shows a block.
#[derive(Clone, Copy, PartialEq)]
enum Show {
    Block,
    /// Only its anchor, so that links to it still land: the file's own title heading
    /// (the page's heading says it) and a team heading a slide deck repeats.
    Anchor,
    /// Not at all: slide separators.
    Skip,
}

/// A whole meeting as its page (and the week and team pages) show it, with headings
/// from level `top` and, on the meeting page (`with_ids`), anchors and permalinks;
/// also the headings shown at level `top` as (text, id), for a table of contents.
///
/// The file's leading title heading is not repeated under the page's own. A slide
/// deck (front matter `type: slide`) loses its slide separators, and consecutive slides
/// of one team are one section, as on the team's timeline: the repeated team headings
/// and the separators between them leave only their anchors.
pub(super) fn whole_meeting(
    p: &ParsedMeeting,
    title: &str,
    with_ids: bool,
    top: u8,
) -> (String, Vec<(String, String)>) {
    let blocks = &p.blocks;
    let mut show = vec![Show::Block; blocks.len()];
    if let Some(first) = blocks.iter().position(|b| b.heading.is_some()) {
        let h = blocks[first].heading.as_ref().expect("a heading");
        // The title's own heading, also where the title says more than it (a meeting
        // of a year file is titled with the file's name before its date heading).
        let titles = p.title.is_some() && blocks[first].line == p.title_line;
        if titles || h.text.trim() == title.trim() {
            show[first] = Show::Anchor;
        }
    }
    if p.front
        .kind
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case("slide"))
    {
        for (b, s) in blocks.iter().zip(show.iter_mut()) {
            if b.rule {
                *s = Show::Skip;
            }
        }
    }
    for s in &p.sections {
        let Some(start) =
            (blocks.iter()).position(|b| b.heading.as_ref().is_some_and(|h| h.id == s.anchor))
        else {
            continue;
        };
        let end = s.body.last().copied().unwrap_or(start).max(start);
        let mut body = s.body.iter().peekable();
        for k in start + 1..=end {
            while body.next_if(|&&b| b < k).is_some() {}
            if body.peek() == Some(&&k) {
                continue;
            }
            show[k] = match blocks[k].heading {
                Some(_) => Show::Anchor,
                None => Show::Skip,
            };
        }
    }
    let mut out = String::new();
    let mut contents = Vec::new();
    let mut levels = Levels::new(top);
    for (b, how) in blocks.iter().zip(show) {
        match (&b.heading, how) {
            (_, Show::Skip) => {}
            (Some(h), Show::Anchor) => {
                if with_ids {
                    out.push_str(&format!("<span id=\"{}\"></span>\n", h.id));
                }
            }
            (Some(h), Show::Block) => {
                let level = levels.level(h.level);
                if level == top && with_ids {
                    contents.push((h.text.clone(), h.id.clone()));
                }
                push_heading(&mut out, level, &b.html, with_ids.then_some(h.id.as_str()));
            }
            (None, _) => out.push_str(&b.html),
        }
    }
    (out, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_headings_fit_under_the_page_and_skip_no_level() {
        let mut l = Levels::new(2);
        let shown: Vec<u8> = [1, 3, 4, 2, 6, 1, 1, 5]
            .into_iter()
            .map(|w| l.level(w))
            .collect();
        assert_eq!(shown, [2, 3, 4, 3, 4, 2, 2, 3]);
        let mut deep = Levels::new(4);
        let shown: Vec<u8> = [1, 2, 3, 4].into_iter().map(|w| deep.level(w)).collect();
        assert_eq!(shown, [4, 5, 6, 6], "level 6 is the floor");
    }

    #[test]
    fn source_links_join_prefix_and_path() {
        assert_eq!(
            source_link(
                "https://github.com/o/m/blob/main/",
                "community-call/2023 06.md"
            ),
            "https://github.com/o/m/blob/main/community-call/2023%2006.md"
        );
        assert_eq!(
            source_link("https://x.test/src", "a.md"),
            "https://x.test/src/a.md"
        );
    }
}
