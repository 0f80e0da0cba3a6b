//! Atom feeds: one for the whole archive (`/feed.xml`) and one per team
//! (`/teams/<slug>/feed.xml`).
//!
//! Atom needs absolute, stable ids, so feeds exist only when the base URL has an origin
//! (`https://org.github.io/minutes/`). Ids are the meeting page URLs (plus the team
//! section's anchor), which do not move when a team timeline is split by year. Dates
//! come from the meetings, never from the clock, so a rebuild gives the same bytes.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use chrono::{NaiveDate, TimeZone, Utc};

use crate::model::archive::{Archive, EntryKind, Meeting, TeamEntry};
use crate::render::join_blocks;
use crate::source::config::Config;
use crate::urls::Urls;

/// One feed ready to write.
#[derive(Debug, Clone)]
pub struct FeedFile {
    /// Root-relative URL (`/sub/feed.xml`).
    pub url: String,
    /// The XML document.
    pub xml: String,
}

fn datetime(d: NaiveDate) -> FixedDateTime {
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .fixed_offset()
}

fn link(href: String, rel: &str, mime: &str) -> Link {
    Link {
        href,
        rel: rel.to_string(),
        mime_type: Some(mime.to_string()),
        ..Default::default()
    }
}

/// Builds every feed, or none when the base URL has no origin.
pub fn feeds(config: &Config, urls: &Urls, archive: &Archive) -> Vec<FeedFile> {
    let Some(base) = urls.absolute_base() else {
        return Vec::new();
    };
    let fallback_date = archive
        .meetings
        .last()
        .map(|m| m.date())
        .unwrap_or_default();
    let html_content = |html: String| Content {
        // Links inside are root-relative; xml:base makes them absolute for readers.
        base: Some(base.clone()),
        value: Some(html),
        content_type: Some("html".into()),
        ..Default::default()
    };
    let meeting_url = |m: &Meeting| urls.absolute(&urls.meeting(&m.source.series, &m.source.stem));

    let mut out = Vec::with_capacity(archive.teams.len() + 1);
    let entries: Vec<Entry> = archive
        .meetings
        .iter()
        .rev()
        .take(config.feed_entries)
        .map(|m| {
            let url = meeting_url(m);
            Entry {
                title: Text::plain(dated_title(m)),
                id: url.clone(),
                updated: datetime(m.date()),
                links: vec![link(url, "alternate", "text/html")],
                content: Some(html_content(join_blocks(
                    &m.parsed.blocks,
                    0..m.parsed.blocks.len(),
                    false,
                ))),
                ..Default::default()
            }
        })
        .collect();
    out.push(feed_file(
        urls,
        urls.feed(),
        urls.page(""),
        config.title.clone(),
        &config.title,
        entries,
        fallback_date,
    ));

    for team in &archive.teams {
        let entries: Vec<Entry> = team
            .entries
            .iter()
            .take(config.feed_entries)
            .map(|e| team_entry(archive, e, &meeting_url, &team.name, &html_content))
            .collect();
        out.push(feed_file(
            urls,
            urls.team_feed(&team.slug),
            urls.team(&team.slug, None),
            format!("{} · {}", team.name, config.title),
            &config.title,
            entries,
            fallback_date,
        ));
    }
    out
}

fn team_entry(
    archive: &Archive,
    e: &TeamEntry,
    meeting_url: &dyn Fn(&Meeting) -> String,
    team: &str,
    html_content: &dyn Fn(String) -> Content,
) -> Entry {
    let m = &archive.meetings[e.meeting];
    let date = m.date().format("%Y-%m-%d");
    let (title, url, html) = match e.kind {
        EntryKind::Section(k) => {
            let s = &m.parsed.sections[k];
            let title = match &s.subtitle {
                Some(sub) => format!("{team}, {date}: {sub}"),
                None => format!("{team}, {date}"),
            };
            let html = join_blocks(&m.parsed.blocks, s.body.iter().copied(), false);
            (title, format!("{}#{}", meeting_url(m), s.anchor), html)
        }
        EntryKind::Meeting => (
            dated_title(m),
            meeting_url(m),
            join_blocks(&m.parsed.blocks, 0..m.parsed.blocks.len(), false),
        ),
    };
    Entry {
        title: Text::plain(title),
        id: url.clone(),
        updated: datetime(m.date()),
        links: vec![link(url, "alternate", "text/html")],
        content: Some(html_content(html)),
        ..Default::default()
    }
}

/// The meeting's title, with its date unless the title already says it.
fn dated_title(m: &Meeting) -> String {
    let date = m.date().format("%Y-%m-%d").to_string();
    if m.title.contains(&date) {
        m.title.clone()
    } else {
        format!("{} ({date})", m.title)
    }
}

fn feed_file(
    urls: &Urls,
    feed_url: String,
    page_url: String,
    title: String,
    author: &str,
    entries: Vec<Entry>,
    fallback_date: NaiveDate,
) -> FeedFile {
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| datetime(fallback_date));
    let feed = Feed {
        title: Text::plain(title),
        id: urls.absolute(&page_url),
        updated,
        authors: vec![Person {
            name: author.to_string(),
            ..Default::default()
        }],
        links: vec![
            link(urls.absolute(&feed_url), "self", "application/atom+xml"),
            link(urls.absolute(&page_url), "alternate", "text/html"),
        ],
        generator: Some(Generator {
            value: "minutebook".into(),
            ..Default::default()
        }),
        entries,
        ..Default::default()
    };
    let xml = feed.to_string();
    FeedFile { url: feed_url, xml }
}
