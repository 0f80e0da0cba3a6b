//! A team's pages: its timeline (one page, or a page per year when long) with "also
//! on" links between mentions of a recurring topic, and its topics page.

use std::ops::Range;

use chrono::Datelike;
use serde::Serialize;

use super::inputs::Reader;
use super::issues::IssueSummary;
use super::views::{blocks_html, entry_id, whole_meeting, Link};
use super::{Cx, Renderer, Vars};
use crate::model::archive::EntryKind;
use crate::model::topics::Topic;

#[derive(Serialize)]
struct EntryView {
    id: String,
    date: String,
    title: String,
    url: String,
    series_title: String,
    heading: String,
    subtitle: Option<String>,
    whole_meeting: bool,
    html: String,
    topics: Vec<TopicRef>,
}

/// A recurring topic mentioned in a team entry, with the nearest other weeks. The
/// thread's length is on the topics page only, so that a new mention does not change
/// every page that mentions the topic.
#[derive(Serialize)]
struct TopicRef {
    title: String,
    url: String,
    others: Vec<Link>,
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
struct TopicView {
    title: String,
    anchor: String,
    first: String,
    last: String,
    weeks: usize,
    links: Vec<Link>,
    /// The issue the topic is about, when its lines name one.
    issue: Option<IssueSummary>,
}

/// A team's timeline, indexed for its pages.
pub(super) struct Timeline {
    /// Years with entries, newest first, with the range of entries in each (entries
    /// are newest first, so a year's are adjacent).
    years: Vec<(i32, Range<usize>)>,
    /// Each topic's URL on the topics page.
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
            let own = self.source.reader();
            let entries = own.entries(t);
            let topics = own.topics(t);
            let mut years: Vec<(i32, Range<usize>)> = Vec::new();
            for (i, e) in entries.iter().enumerate() {
                let y = self.source.place(e.meeting).date.year();
                match years.last_mut() {
                    Some((last, range)) if *last == y => range.end = i + 1,
                    _ => years.push((y, i..i + 1)),
                }
            }
            let slug = self.source.team(t).1;
            Timeline {
                years,
                topic_urls: (topics.iter())
                    .map(|tp| self.urls.topics(slug, Some(&tp.anchor)))
                    .collect(),
                topics: mentions(entries.len(), topics),
            }
        })
    }
}

impl Cx<'_, '_> {
    pub(super) fn team_context(&self, vars: &mut Vars, t: usize, year: Option<i32>) {
        let r = self.r;
        let slug = r.source.team(t).1;
        let entries = self.read.entries(t);
        let split = r.is_split(t);
        let timeline = r.timeline(&self.read, t);
        // The main page of a split timeline shows the newest entries; year pages hold all.
        let range = match year {
            Some(y) => (timeline.years.iter())
                .find(|(x, _)| *x == y)
                .map_or(0..0, |(_, r)| r.clone()),
            None if split => 0..r.config.timeline_split,
            None => 0..entries.len(),
        };
        let views: Vec<EntryView> = range
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
                EntryView {
                    id: entry_id(m, e),
                    date: r.dates[e.meeting].clone(),
                    title: m.title.clone(),
                    url,
                    series_title: r.config.series_title(&m.source.series),
                    heading,
                    subtitle,
                    whole_meeting: whole,
                    html,
                    topics: (timeline.topics[ei].iter())
                        .map(|&(topic, occurrence)| self.topic_ref(t, topic, occurrence))
                        .collect(),
                }
            })
            .collect();
        let year_links: Vec<YearLink> = if split {
            (timeline.years.iter())
                .map(|(y, range)| YearLink {
                    year: *y,
                    url: r.urls.team(slug, Some(*y)),
                    count: range.len(),
                    current: Some(*y) == year,
                })
                .collect()
        } else {
            Vec::new()
        };
        let topics = self.read.topics(t);
        vars.insert("team", &self.team_summary(t));
        vars.insert("year", &year);
        vars.insert("latest_only", &(split && year.is_none()));
        vars.insert("years", &year_links);
        vars.insert("entries", &views);
        // The count changes with most edits of a topic; on the main page only, so that
        // an edit does not change every year page.
        vars.insert("has_topics", &!topics.is_empty());
        vars.insert("topic_count", &year.is_none().then_some(topics.len()));
        vars.insert("topics_url", &r.urls.topics(slug, None));
        // The team's latest decisions and open action items, on its main page.
        let (decisions, actions) = match year {
            None => self.team_outcomes(t),
            Some(_) => (Vec::new(), Vec::new()),
        };
        vars.insert("decisions", &decisions);
        vars.insert("actions", &actions);
    }

    /// "Also on" links: the previous and the next week the topic came up.
    fn topic_ref(&self, team: usize, topic: usize, occurrence: usize) -> TopicRef {
        let r = self.r;
        let tp = &self.read.topics(team)[topic];
        let entries = self.read.entries(team);
        let (from, to) = neighbours(occurrence, tp.occurrences.len());
        let others = (from..to)
            .filter(|&k| k != occurrence)
            .map(|k| {
                let o = &tp.occurrences[k];
                Link {
                    title: o.text.clone(),
                    url: self.entry_url(team, &entries[o.entry]),
                    date: Some(r.dates[o.meeting].clone()),
                }
            })
            .collect();
        TopicRef {
            title: tp.title.clone(),
            url: r.timeline(&self.read, team).topic_urls[topic].clone(),
            others,
        }
    }

    pub(super) fn topics_context(&self, vars: &mut Vars, team: usize) {
        let r = self.r;
        let entries = self.read.entries(team);
        let issues = self.read.issues();
        let topics: Vec<TopicView> = (self.read.topics(team).iter())
            .map(|tp| {
                let links: Vec<Link> = (tp.occurrences.iter())
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
                        }
                    })
                    .collect();
                TopicView {
                    title: tp.title.clone(),
                    anchor: tp.anchor.clone(),
                    first: (links.first().and_then(|l| l.date.clone())).unwrap_or_default(),
                    last: (links.last().and_then(|l| l.date.clone())).unwrap_or_default(),
                    weeks: tp.weeks,
                    links,
                    issue: (issues.thread_of_topic(tp))
                        .map(|t| self.issue_summary(&issues.threads[t])),
                }
            })
            .collect();
        vars.insert("team", &self.team_summary(team));
        vars.insert("topics", &topics);
    }
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
