//! A team's pages: its timeline (one page, or a page per year when long) with "also
//! on" links between mentions of a recurring topic, and its topics page.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::inputs::Reader;
use super::issues::IssueSummary;
use super::views::{blocks_html, entry_id, whole_meeting, Link, PageLink};
use super::{Cx, Renderer, Vars};
use crate::markdown::attendance::is_attendance_heading;
use crate::markdown::blocks::Block;
use crate::markdown::group_names::clean_heading;
use crate::model::archive::{entry_notes, EntryKind, TeamEntry, TIMELINE_PAGE_NOTES};
use crate::model::topics::Topic;
use crate::text::months::month_name;
use crate::urls::month_id;

#[derive(Serialize)]
struct EntryView {
    id: String,
    date: String,
    title: String,
    url: String,
    series_title: String,
    heading: String,
    /// The heading's name where it is not the team's (an alias, another spelling, an
    /// issue's title): the reader sees what the minutes called it.
    own_heading: Option<String>,
    subtitle: Option<String>,
    whole_meeting: bool,
    html: String,
    /// The first line of the entry's notes: the summary of the compact view.
    first_line: String,
    /// `m-YYYY-MM` on the first entry of its month on the page, where the month
    /// index links.
    month: Option<String>,
    topics: Vec<TopicRef>,
}

/// A month of the month index: its entries on the page, or on its year's page.
#[derive(Serialize)]
struct MonthLink {
    /// `m-YYYY-MM`, the anchor it links to.
    id: String,
    url: String,
    year: i32,
    /// The month's name, `March`, and its first three letters.
    name: &'static str,
    short: &'static str,
    count: usize,
}

impl MonthLink {
    /// The month `ym` (year, month) with no entries counted yet.
    fn new(id: String, url: String, ym: (i32, u32)) -> MonthLink {
        let name = month_name(ym.1);
        MonthLink {
            id,
            url,
            year: ym.0,
            name,
            short: &name[..3],
            count: 0,
        }
    }
}

/// Timelines longer than this are shown compact: each entry's notes fold under their
/// first line (`<details>`), so a year fits a few screens.
const COMPACT_OVER: usize = 20;

/// A recurring topic mentioned in a team entry, with the nearest other weeks. The
/// thread's length is on the topics page only, so that a new mention does not change
/// every page that mentions the topic.
#[derive(Serialize)]
struct TopicRef {
    title: String,
    url: String,
    others: Vec<OtherMention>,
}

/// Another week's entry that mentions a topic: `#id` when it is on the same page.
/// The line itself is on the topic's page, one click away: repeated in every entry's
/// links it was a third of a busy team's year page.
#[derive(Serialize)]
struct OtherMention {
    url: String,
    date: String,
}

#[derive(Serialize)]
struct TimelineYear {
    year: i32,
    url: String,
    count: usize,
    current: bool,
    /// `2024`, or `July 2024` for a later part of a busy year.
    label: String,
}

/// Topics on one page of a team's topics (about 150 KB of HTML at most).
const TOPICS_PER_PAGE: usize = 150;

/// Dates a topic shows on the topics pages, the newest; a topic mentioned more often
/// has a page of its own with every date.
const TOPIC_DATES_LISTED: usize = 5;

/// How many pages a team with `topics` recurring topics has for them.
pub(super) fn topic_page_count(topics: usize) -> usize {
    super::views::page_count(topics, TOPICS_PER_PAGE)
}

/// Whether a topic has a page of its own: when it has more dates than the topics page
/// lists. (`page` is the folder of the topics pages' own pagination.)
pub(super) fn has_own_page(tp: &Topic) -> bool {
    tp.occurrences.len() > TOPIC_DATES_LISTED && tp.anchor != "page"
}

#[derive(Serialize)]
struct TopicView {
    title: String,
    anchor: String,
    /// Its own page, when it has one.
    url: Option<String>,
    /// Its topics page, with its anchor.
    list_url: String,
    first: String,
    last: String,
    weeks: usize,
    /// Meetings that mention it.
    count: usize,
    /// Newest first: all of them on its own page, else at most [`TOPIC_DATES_LISTED`].
    links: Vec<Link>,
    /// The issue the topic is about, when its lines name one.
    issue: Option<IssueSummary>,
}

/// A team's timeline, indexed for its pages.
pub(super) struct Timeline {
    /// Years with entries, newest first, with the range of entries in each (entries
    /// are newest first, so a year's are adjacent).
    years: Vec<(i32, Range<usize>)>,
    /// Each topic's URL: its own page, else its place on the topics pages.
    topic_urls: Vec<String>,
    /// For each entry: the (topic, occurrence) pairs that mention it, one per topic.
    topics: Vec<Vec<(usize, usize)>>,
}

impl Renderer<'_> {
    /// Team `t`'s timeline, noted as a read of its entries and topics.
    fn timeline(&self, read: &Reader, t: usize) -> &Timeline {
        read.note_timeline(t);
        self.timelines[t].get_or_init(|| {
            // Built once for every page; each page notes its own read above.
            let own = self.model.reader();
            let entries = own.entries(t);
            let topics = own.topics(t);
            let mut years: Vec<(i32, Range<usize>)> = Vec::new();
            for (i, e) in entries.iter().enumerate() {
                let y = self.model.place(e.meeting).date.year();
                match years.last_mut() {
                    Some((last, range)) if *last == y => range.end = i + 1,
                    _ => years.push((y, i..i + 1)),
                }
            }
            let slug = self.model.team(t).1;
            Timeline {
                years,
                topic_urls: (topics.iter().enumerate())
                    .map(|(k, tp)| match has_own_page(tp) {
                        true => self.urls.topic(slug, &tp.anchor),
                        false => self
                            .urls
                            .topics(slug, k / TOPICS_PER_PAGE + 1, Some(&tp.anchor)),
                    })
                    .collect(),
                topics: mentions(entries.len(), topics),
            }
        })
    }
}

impl Renderer<'_> {
    /// The issue thread topic `k` of team `t` is about ([`Issues::thread_of_topic`]),
    /// noted as a read of the topics and the issues.
    ///
    /// [`Issues::thread_of_topic`]: crate::model::issues::Issues::thread_of_topic
    fn topic_thread(&self, read: &Reader, t: usize, k: usize) -> Option<usize> {
        read.topics(t);
        read.issues();
        let threads = self.topic_threads[t].get_or_init(|| {
            let own = self.model.reader();
            let issues = own.issues();
            (own.topics(t).iter())
                .map(|tp| issues.thread_of_topic(tp))
                .collect()
        });
        threads[k]
    }

    /// The first months of year `y`'s parts after its first, in order: empty for a year
    /// on one page ([`Renderer::year_parts`]).
    fn later_parts(&self, t: usize, y: i32) -> &[u32] {
        let parts = self.year_parts(t);
        // Newest year first.
        match parts.binary_search_by(|(x, _)| y.cmp(x)) {
            Ok(k) => &parts[k].1[1..],
            Err(_) => &[],
        }
    }

    /// What a year page covers: `2024`, or for a part of a busy year its months
    /// (`2024, March–May`), from the entries it shows.
    fn period(&self, t: usize, y: i32, shown: &[TeamEntry]) -> String {
        let split = !self.later_parts(t, y).is_empty();
        let month =
            |e: Option<&TeamEntry>| e.map(|e| month_name(self.model.place(e.meeting).date.month()));
        match (split, month(shown.first()), month(shown.last())) {
            (true, Some(from), Some(to)) if from == to => format!("{y}, {from}"),
            (true, Some(from), Some(to)) => format!("{y}, {from}–{to}"),
            _ => y.to_string(),
        }
    }

    /// The month index of a year shown in parts: every month of the year, each
    /// linking to its part. `None` for a year on one page.
    fn year_months(&self, t: usize, timeline: &Timeline, y: i32) -> Option<Vec<MonthLink>> {
        if self.later_parts(t, y).is_empty() {
            return None;
        }
        let entries = self.model.reader().entries(t);
        let (_, whole) = timeline.years.iter().find(|(x, _)| *x == y)?;
        let mut months: Vec<MonthLink> = Vec::new();
        for ei in whole.clone().rev() {
            let d = self.model.place(entries[ei].meeting).date;
            let id = month_id((y, d.month()));
            if months.last().is_none_or(|m| m.id != id) {
                let url = format!("{}#{id}", self.timeline_page(t, d));
                months.push(MonthLink::new(id, url, (y, d.month())));
            }
            if let Some(last) = months.last_mut() {
                last.count += 1;
            }
        }
        Some(months)
    }

    /// Where a year page (from month `part`, if a later part) reads on: the next part
    /// of its year, or the next year.
    fn next_page(
        &self,
        t: usize,
        timeline: &Timeline,
        y: i32,
        part: Option<u32>,
    ) -> Option<TimelineYear> {
        let slug = self.model.team(t).1;
        let from = part.unwrap_or(0);
        if let Some(&m) = self.later_parts(t, y).iter().find(|&&m| m > from) {
            return Some(TimelineYear {
                year: y,
                url: self.urls.team_part(slug, y, m),
                count: 0,
                current: false,
                label: format!("{} {y}", month_name(m)),
            });
        }
        (timeline.years.iter().rev())
            .find(|(x, _)| *x > y)
            .map(|(x, _)| TimelineYear {
                year: *x,
                url: self.urls.team(slug, Some(*x)),
                count: 0,
                current: false,
                label: x.to_string(),
            })
    }

    /// The first month of the part of `year` that holds `month`, when that is not the
    /// year's first part (a split timeline's busy year).
    fn part_start(&self, t: usize, year: i32, month: u32) -> Option<u32> {
        (self.later_parts(t, year).iter().rev())
            .find(|&&m| m <= month)
            .copied()
    }

    /// The page of a split timeline that shows team `t`'s entries of `date`: its
    /// year's page, or the part of the year holding its month.
    pub(super) fn timeline_page(&self, t: usize, date: NaiveDate) -> String {
        let slug = self.model.team(t).1;
        match self.part_start(t, date.year(), date.month()) {
            Some(m) => self.urls.team_part(slug, date.year(), m),
            None => self.urls.team(slug, Some(date.year())),
        }
    }

    /// The pages that hold team `t`'s entries of `years`, each with the
    /// (year, month) its entries start at, oldest first: for the home page's map.
    pub(super) fn timeline_pages(&self, t: usize, years: &[i32]) -> Vec<((i32, u32), String)> {
        let slug = self.model.team(t).1;
        let mut out = Vec::new();
        for &y in years {
            if !self.is_split(t) {
                out.push(((y, 1), self.team_urls[t].clone()));
                continue;
            }
            out.push(((y, 1), self.urls.team(slug, Some(y))));
            for &m in self.later_parts(t, y) {
                out.push(((y, m), self.urls.team_part(slug, y, m)));
            }
        }
        out.sort_by_key(|(start, _)| *start);
        out
    }

    /// The entries (indices into the newest-first timeline) a page of team `t` shows:
    /// all of them, or on the main page of a split timeline the latest that fit a page
    /// ([`latest_on_main_page`]); a year's, or the part of it from month `part`.
    pub(super) fn page_entries(
        &self,
        read: &Reader,
        t: usize,
        year: Option<i32>,
        part: Option<u32>,
    ) -> Range<usize> {
        let entries = read.entries(t);
        let Some(y) = year else {
            if !self.is_split(t) {
                return 0..entries.len();
            }
            let notes = |e: &TeamEntry| entry_notes(read.meeting(e.meeting), e.kind);
            return 0..latest_on_main_page(entries, self.config.timeline_split, notes);
        };
        let timeline = self.timeline(read, t);
        let Some((_, range)) = timeline.years.iter().find(|(x, _)| *x == y) else {
            return 0..0;
        };
        // The first part runs from the year's first month, the others from theirs.
        let from = part.unwrap_or(0);
        let to = (self.later_parts(t, y).iter())
            .find(|&&m| m > from)
            .copied()
            .unwrap_or(13);
        let in_part = |i: &usize| {
            let m = self.model.place(entries[*i].meeting).date.month();
            from <= m && m < to
        };
        let first = range.clone().find(in_part).unwrap_or(range.end);
        let end = range.clone().rfind(in_part).map_or(first, |i| i + 1);
        first..end
    }
}

/// How many of a split timeline's latest entries its main page shows: at most
/// `split`, and no more notes than a page holds
/// ([`crate::model::archive::TIMELINE_PAGE_NOTES`]), but at least one.
fn latest_on_main_page(
    entries: &[TeamEntry],
    split: usize,
    notes: impl Fn(&TeamEntry) -> usize,
) -> usize {
    let mut total = 0;
    for (i, e) in entries.iter().take(split).enumerate() {
        total += notes(e);
        if total > TIMELINE_PAGE_NOTES && i > 0 {
            return i;
        }
    }
    entries.len().min(split)
}

/// A section heading's name where it is not the team's name, for the entry's header.
fn own_heading(heading: &str, whole_meeting: bool, team: &str) -> Option<String> {
    (!whole_meeting)
        .then(|| clean_heading(heading).name)
        .filter(|h| !h.eq_ignore_ascii_case(team))
}

impl Cx<'_, '_> {
    /// Team `t`'s main page (`year` `None`), a year's page or a part of a busy year
    /// (from month `part`); returns what the page covers (`2024`, `2024, March–May`).
    pub(super) fn team_context(
        &self,
        vars: &mut Vars,
        t: usize,
        year: Option<i32>,
        part: Option<u32>,
    ) -> Option<String> {
        let r = self.r;
        let (team_name, slug, _) = r.model.team(t);
        let entries = self.read.entries(t);
        let split = r.is_split(t);
        let timeline = r.timeline(&self.read, t);
        // The main page of a split timeline shows the newest entries; year pages hold all.
        let range = r.page_entries(&self.read, t, year, part);
        // Year pages read oldest to newest, so that a month's link lands on its first
        // entry and everything below it is "since" that month; the main page shows
        // the newest first.
        let order: Vec<usize> = match year {
            Some(_) => oldest_first(entries, range),
            None => range.collect(),
        };
        let mut last_month: Option<(i32, u32)> = None;
        let mut months: Vec<MonthLink> = Vec::new();
        let page_url = match (year, part) {
            (Some(y), Some(m)) => r.urls.team_part(slug, y, m),
            _ => r.urls.team(slug, year),
        };
        let period = year.map(|y| {
            r.period(
                t,
                y,
                &order.iter().map(|&ei| entries[ei]).collect::<Vec<_>>(),
            )
        });
        let mut views: Vec<EntryView> = (order.iter().copied())
            .map(|ei| {
                let e = &entries[ei];
                let m = self.read.meeting(e.meeting);
                let (heading, subtitle, url, html, whole) = match e.kind {
                    EntryKind::Section(k) => {
                        let s = &m.parsed.sections[k];
                        (
                            s.heading.clone(),
                            s.subtitle.clone(),
                            format!("{}#{}", r.meeting_urls[e.meeting], s.anchor),
                            // Under the entry's `h2`.
                            blocks_html(&m.parsed.blocks, s.body.iter().copied(), false, Some(3)),
                            false,
                        )
                    }
                    EntryKind::Meeting => (
                        m.title.clone(),
                        None,
                        r.meeting_urls[e.meeting].clone(),
                        whole_meeting(&m.parsed, &m.title, false, 3).0,
                        true,
                    ),
                };
                let d = r.model.place(e.meeting).date;
                let ym = (d.year(), d.month());
                let month = (last_month != Some(ym)).then(|| {
                    last_month = Some(ym);
                    let id = month_id(ym);
                    // On the main page of a split timeline the month links to its
                    // year's page, which has all of the month and reads on from it.
                    let url = match (split, year) {
                        (true, None) => format!("{}#{id}", r.timeline_page(t, d)),
                        _ => format!("{page_url}#{id}"),
                    };
                    months.push(MonthLink::new(id.clone(), url, ym));
                    id
                });
                if let Some(last) = months.last_mut() {
                    last.count += 1;
                }
                EntryView {
                    id: entry_id(m, e),
                    date: r.dates[e.meeting].clone(),
                    title: m.title.clone(),
                    url,
                    series_title: r.config.series_title(&m.source.series),
                    own_heading: own_heading(&heading, whole, team_name),
                    heading,
                    subtitle,
                    whole_meeting: whole,
                    html,
                    first_line: String::new(),
                    month,
                    topics: (timeline.topics[ei].iter())
                        .map(|&(topic, occurrence)| self.topic_ref(t, topic, occurrence, &page_url))
                        .collect(),
                }
            })
            .collect();
        // The compact view's line: what the entry says that the entries of its series
        // next to it on the page do not (a team's opening blurb, "Participants ·
        // Agenda"), so that the summaries differ from week to week.
        let lines: Vec<(usize, Vec<&str>)> = (order.iter())
            .map(|&ei| {
                let e = &entries[ei];
                let m = self.read.meeting(e.meeting);
                let blocks = &m.parsed.blocks;
                let lines = match e.kind {
                    EntryKind::Section(k) => {
                        summary_lines(blocks, m.parsed.sections[k].body.iter().copied())
                    }
                    EntryKind::Meeting => summary_lines(blocks, 0..blocks.len()),
                };
                (r.model.series_of(e.meeting), lines)
            })
            .collect();
        for (view, line) in views.iter_mut().zip(distinct_lines(&lines)) {
            view.first_line = line;
        }
        let year_links: Vec<TimelineYear> = if split {
            (timeline.years.iter())
                .map(|(y, range)| TimelineYear {
                    year: *y,
                    url: r.urls.team(slug, Some(*y)),
                    count: range.len(),
                    current: Some(*y) == year,
                    label: y.to_string(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let next_year = match year {
            Some(y) => {
                if let Some(whole) = r.year_months(t, timeline, y) {
                    months = whole;
                }
                r.next_page(t, timeline, y, part)
            }
            None => None,
        };
        let topics = self.read.topics(t);
        vars.insert("compact", &(views.len() > COMPACT_OVER));
        vars.insert("oldest_first", &year.is_some());
        vars.insert("months", &months);
        vars.insert("next_year", &next_year);
        vars.insert("team", &self.team_summary(t));
        vars.insert("year", &year);
        vars.insert("period", &period);
        vars.insert("latest_only", &(split && year.is_none()));
        vars.insert("years", &year_links);
        vars.insert("entries", &views);
        // The count changes with most edits of a topic; on the main page only, so that
        // an edit does not change every year page.
        vars.insert("has_topics", &!topics.is_empty());
        vars.insert("topic_count", &year.is_none().then_some(topics.len()));
        vars.insert("topics_url", &r.urls.topics(slug, 1, None));
        // The team's latest decisions and open action items, on its main page.
        let (decisions, actions) = match year {
            None => (self.team_decisions(t), self.team_actions(t)),
            Some(_) => (Vec::new(), Vec::new()),
        };
        vars.insert("decisions", &decisions);
        vars.insert("actions", &actions);
        period
    }

    /// "Also on" links: the previous and the next week the topic came up, from a
    /// page at `page_url`.
    fn topic_ref(&self, team: usize, topic: usize, occurrence: usize, page_url: &str) -> TopicRef {
        let r = self.r;
        let tp = &self.read.topics(team)[topic];
        let entries = self.read.entries(team);
        let (from, to) = neighbours(occurrence, tp.occurrences.len());
        let others = (from..to)
            .filter(|&k| k != occurrence)
            .map(|k| {
                let o = &tp.occurrences[k];
                let mut url = self.entry_url(team, &entries[o.entry]);
                if url.starts_with(page_url) && url[page_url.len()..].starts_with('#') {
                    url.replace_range(..page_url.len(), "");
                }
                OtherMention {
                    url,
                    date: r.dates[o.meeting].clone(),
                }
            })
            .collect();
        TopicRef {
            title: tp.title.clone(),
            url: r.timeline(&self.read, team).topic_urls[topic].clone(),
            others,
        }
    }

    /// Topic `k` of team `team` as the topics pages (`all`: its own page) show it.
    fn topic_view(&self, team: usize, k: usize, all: bool) -> TopicView {
        let r = self.r;
        let entries = self.read.entries(team);
        let issues = self.read.issues();
        let tp = &self.read.topics(team)[k];
        let slug = r.model.team(team).1;
        let own = has_own_page(tp);
        let shown = if all || !own {
            tp.occurrences.len()
        } else {
            TOPIC_DATES_LISTED
        };
        let links: Vec<Link> = (tp.occurrences.iter().rev().take(shown))
            .map(|o| {
                let url = match entries[o.entry].kind {
                    EntryKind::Section(k) => {
                        let anchor = self.read.outline(o.meeting).anchor(k);
                        format!("{}#{}", r.meeting_urls[o.meeting], anchor)
                    }
                    EntryKind::Meeting => r.meeting_urls[o.meeting].clone(),
                };
                Link {
                    title: o.text.clone(),
                    url,
                    date: Some(r.dates[o.meeting].clone()),
                    canceled: false,
                }
            })
            .collect();
        let date = |o: Option<&crate::model::topics::Occurrence>| {
            o.map(|o| r.dates[o.meeting].clone()).unwrap_or_default()
        };
        TopicView {
            title: tp.title.clone(),
            anchor: tp.anchor.clone(),
            url: own.then(|| r.urls.topic(slug, &tp.anchor)),
            list_url: r
                .urls
                .topics(slug, k / TOPICS_PER_PAGE + 1, Some(&tp.anchor)),
            first: date(tp.occurrences.first()),
            last: date(tp.occurrences.last()),
            weeks: tp.weeks,
            count: tp.occurrences.len(),
            links,
            issue: (r.topic_thread(&self.read, team, k))
                .map(|t| self.issue_summary(&issues.threads[t])),
        }
    }

    /// Page `page` (from 1) of a team's recurring topics.
    pub(super) fn topics_context(&self, vars: &mut Vars, team: usize, page: usize) {
        let r = self.r;
        let all = self.read.topics(team);
        let from = (page - 1) * TOPICS_PER_PAGE;
        let topics: Vec<TopicView> = (from..all.len().min(from + TOPICS_PER_PAGE))
            .map(|k| self.topic_view(team, k, false))
            .collect();
        let slug = r.model.team(team).1;
        let pages: Vec<PageLink> = (1..=topic_page_count(all.len()))
            .map(|n| PageLink {
                label: n.to_string(),
                url: r.urls.topics(slug, n, None),
                current: n == page,
            })
            .collect();
        vars.insert("team", &self.team_summary(team));
        vars.insert("topics", &topics);
        vars.insert("topic_count", &all.len());
        vars.insert("first_rank", &(from + 1));
        vars.insert("pages", &pages);
    }

    /// One topic's own page, with every date; returns its title.
    pub(super) fn topic_context(&self, vars: &mut Vars, team: usize, k: usize) -> String {
        let topic = self.topic_view(team, k, true);
        let title = format!("{}: {}", self.r.model.team(team).0, topic.title);
        vars.insert("team", &self.team_summary(team));
        vars.insert("topic", &topic);
        title
    }
}

/// A range of newest-first entries, oldest meeting first; a meeting's sections keep
/// the order the meeting has them in.
fn oldest_first(entries: &[TeamEntry], range: Range<usize>) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(range.len());
    for ei in range.rev() {
        let meeting = entries[ei].meeting;
        // Before the run of its meeting's sections already placed, if any.
        let at = match order.last() {
            Some(&last) if entries[last].meeting == meeting => (order.iter())
                .rposition(|&x| entries[x].meeting != meeting)
                .map_or(0, |i| i + 1),
            _ => order.len(),
        };
        order.insert(at, ei);
    }
    order
}

/// Lines an entry's compact summary can take, in order (at most 12): sub-headings, the
/// first line of each list item, paragraphs. The title (level 1) and lists under a
/// heading that names people (participants, attendees) are left out.
pub(super) fn summary_lines(blocks: &[Block], which: impl Iterator<Item = usize>) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut under_people = false;
    for b in which.map(|i| &blocks[i]) {
        if out.len() >= 12 {
            break;
        }
        match &b.heading {
            Some(h) => {
                under_people = is_attendance_heading(&h.text);
                if h.level > 1 && !under_people {
                    out.push(h.text.trim());
                }
            }
            None if under_people => {}
            None if !b.items.is_empty() => out.extend(b.items.iter().map(|i| i.trim())),
            None => out.push(b.text.trim()),
        }
    }
    out.retain(|l| !l.is_empty());
    out
}

/// Each entry's summary from its lines and its series: up to three of its lines that
/// the nearest entries of the same series before and after it on the page do not
/// have (a `Label: details` line by its label), joined with ` · ` and cut at about 120 characters; its first line when all
/// are shared.
fn distinct_lines(entries: &[(usize, Vec<&str>)]) -> Vec<String> {
    let same = |i: usize| move |&j: &usize| entries[j].0 == entries[i].0;
    (0..entries.len())
        .map(|i| {
            let before = (0..i).rev().find(same(i));
            let after = (i + 1..entries.len()).find(same(i));
            // "Label: details" lines compare by label: who takes the minutes changes,
            // the line is the same housekeeping.
            let shared = |l: &&str| {
                let k = line_key(l);
                [before, after]
                    .iter()
                    .flatten()
                    .any(|&j| entries[j].1.iter().any(|x| line_key(x) == k))
            };
            let own = &entries[i].1;
            let mut pick: Vec<&str> = own.iter().copied().filter(|l| !shared(l)).take(3).collect();
            if pick.is_empty() {
                pick.extend(own.first());
            }
            cut(&pick.join(" · "))
        })
        .collect()
}

/// What a summary line is compared by: the label of a `Label: details` line, else the
/// line.
fn line_key(line: &str) -> &str {
    // "Minutes by:" with nothing after it is the same label as "Minutes by: @a".
    (line.split_once(": ").map_or(line, |(label, _)| label)).trim_end_matches(':')
}

/// A line cut at about 120 characters, at a space, with an ellipsis.
pub(super) fn cut(line: &str) -> String {
    const MAX: usize = 120;
    if line.chars().count() <= MAX {
        return line.to_string();
    }
    // Cut at the last space before the limit, so that no word is broken.
    let end = line.char_indices().nth(MAX).map_or(line.len(), |(i, _)| i);
    let at = line[..end]
        .rfind(' ')
        .filter(|&i| i > MAX / 2)
        .unwrap_or(end);
    format!("{}…", line[..at].trim_end())
}

/// For each of a team's entries: the (topic, occurrence) pairs that mention it, one per
/// topic.
fn mentions(entries: usize, topics: &[Topic]) -> Vec<Vec<(usize, usize)>> {
    let mut refs: Vec<Vec<(usize, usize)>> = vec![Vec::new(); entries];
    for (ti, t) in topics.iter().enumerate() {
        for (oi, o) in t.occurrences.iter().enumerate() {
            let list = &mut refs[o.entry];
            if list.last().is_none_or(|(x, _)| *x != ti) {
                list.push((ti, oi));
            }
        }
    }
    refs
}

/// The range of occurrences an entry's "also on" links come from: the mention just
/// before and just after. The whole thread is one link away, and a century-long
/// timeline would otherwise repeat each thread's dates on every page.
fn neighbours(occurrence: usize, len: usize) -> (usize, usize) {
    (occurrence.saturating_sub(1), (occurrence + 2).min(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_page_takes_the_latest_entries_that_fit() {
        let entries: Vec<TeamEntry> = (0..10)
            .map(|meeting| TeamEntry {
                meeting,
                kind: EntryKind::Meeting,
            })
            .collect();
        // Small entries: the count decides.
        assert_eq!(latest_on_main_page(&entries, 4, |_| 10), 4);
        assert_eq!(latest_on_main_page(&entries[..3], 8, |_| 10), 3);
        // 40 KB each: two fit a page.
        assert_eq!(latest_on_main_page(&entries, 8, |_| 40_000), 2);
        // An entry larger than a page is still shown.
        assert_eq!(latest_on_main_page(&entries, 8, |_| 500_000), 1);
    }

    #[test]
    fn oldest_first_keeps_sections_in_order() {
        let e = |meeting, k| TeamEntry {
            meeting,
            kind: EntryKind::Section(k),
        };
        // Newest first: meeting 5 (sections 0, 1), meeting 3, meeting 1 (sections 0, 1).
        let entries = [e(5, 0), e(5, 1), e(3, 0), e(1, 0), e(1, 1)];
        assert_eq!(oldest_first(&entries, 0..5), [3, 4, 2, 0, 1]);
        assert_eq!(oldest_first(&entries, 1..3), [2, 1]);
    }

    #[test]
    fn month_ids_and_compact_lines() {
        assert_eq!(month_id((2024, 3)), "m-2024-03");
        let lines = |v: &[&'static str]| v.to_vec();
        // Series 0 repeats its blurb and headings; series 1's only entry keeps its first.
        let entries = [
            (
                0,
                lines(&["We build things", "Minutes: @a", "Zuul upgrade"]),
            ),
            (1, lines(&["Same as ever"])),
            (
                0,
                lines(&["We build things", "Minutes:", "Status page", "Flavors"]),
            ),
        ];
        assert_eq!(
            distinct_lines(&entries),
            ["Zuul upgrade", "Same as ever", "Status page · Flavors"]
        );
        let long = "word ".repeat(40);
        let line = cut(&long);
        assert!(
            line.ends_with("word…") && line.chars().count() <= 121,
            "{line}"
        );
        assert_eq!(cut("short line"), "short line");
    }
}
