//! Pages from the archive, through Tera templates.
//!
//! Default templates and CSS are compiled into the binary; a file of the same name in
//! the site's `templates/` or `static/` replaces the default, file by file. Each page
//! gets a small context of its own (documented in `docs/templates.md`) built from the
//! archive by index; nothing clones the whole archive into a page.

pub mod heatmap;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::Diagnostic;
use crate::markdown::parse::Block;
use crate::model::archive::{Archive, EntryKind, Meeting, Team, TeamEntry};
use crate::model::topics::Topic;
use crate::source::config::Config;
use crate::urls::Urls;
use heatmap::HeatMap;

/// Built-in templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("meeting.html", include_str!("../../templates/meeting.html")),
    ("week.html", include_str!("../../templates/week.html")),
    ("team.html", include_str!("../../templates/team.html")),
    ("teams.html", include_str!("../../templates/teams.html")),
    ("series.html", include_str!("../../templates/series.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
    ("people.html", include_str!("../../templates/people.html")),
];

/// Built-in static files, by output path.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.js", include_bytes!("../../static/search.js")),
];

/// Every page the site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/`
    Index,
    /// `/minutes/<series>/<stem>/`
    Meeting(usize),
    /// `/weeks/<key>/`
    Week(usize),
    /// `/teams/`
    Teams,
    /// `/teams/<slug>/` (year `None`) or `/teams/<slug>/<year>/`
    Team(usize, Option<i32>),
    /// `/series/<name>/`
    Series(usize),
    /// `/404.html`
    NotFound,
    /// `/search/`
    Search,
    /// `/people/`
    People,
    /// `/teams/<slug>/topics/`
    Topics(usize),
}

/// Compiled templates and where each came from, for error messages.
pub struct Templates {
    /// The compiled templates.
    pub tera: Tera,
    /// Template name -> file it was read from (built-ins get a descriptive path).
    paths: BTreeMap<String, PathBuf>,
    dir: PathBuf,
}

/// Compiles the templates: built-ins, then the site's own files on top.
pub fn load_templates(templates_dir: &Path) -> Result<Templates, Diagnostic> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut sources: BTreeMap<String, (String, PathBuf)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, s)| {
            (
                n.to_string(),
                (
                    s.to_string(),
                    PathBuf::from(format!("(built-in) templates/{n}")),
                ),
            )
        })
        .collect();
    if templates_dir.is_dir() {
        for entry in walkdir::WalkDir::new(templates_dir).sort_by_file_name() {
            let entry = entry
                .map_err(|e| Diagnostic::error(templates_dir, None, format!("cannot read: {e}")))?;
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let rel = entry.path().strip_prefix(templates_dir).expect("under dir");
            let name = rel.to_string_lossy().replace('\\', "/");
            if !(name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt")) {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).map_err(|e| {
                Diagnostic::error(entry.path(), None, format!("cannot read template: {e}"))
            })?;
            sources.insert(name, (text, entry.path().to_path_buf()));
        }
    }
    let paths: BTreeMap<String, PathBuf> = sources
        .iter()
        .map(|(n, (_, p))| (n.clone(), p.clone()))
        .collect();
    tera.add_raw_templates(sources.iter().map(|(n, (s, _))| (n.as_str(), s.as_str())))
        .map_err(|e| template_error(&e, &paths, templates_dir))?;
    Ok(Templates {
        tera,
        paths,
        dir: templates_dir.to_path_buf(),
    })
}

/// Turns a Tera error into `file:line: message`.
fn template_error(
    e: &tera::Error,
    paths: &BTreeMap<String, PathBuf>,
    templates_dir: &Path,
) -> Diagnostic {
    use tera::ErrorKind;
    let (name, line, message) = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            Some(r.span().start_line),
            r.message().to_string(),
        ),
        ErrorKind::MissingParent { current, .. } => (current.clone(), None, e.to_string()),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            (tpl.clone(), None, e.to_string())
        }
        _ => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            (String::new(), None, msg)
        }
    };
    let path = paths
        .get(&name)
        .cloned()
        .unwrap_or_else(|| templates_dir.join(&name));
    Diagnostic::error(&path, line, format!("template error: {message}"))
}

// ----- contexts -----

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_path: &'a str,
    base_url: Option<String>,
    teams_url: String,
    /// The archive's Atom feed, when the base URL has an origin (feeds need one).
    feed_url: Option<String>,
    search_url: String,
    people_url: String,
}

#[derive(Serialize)]
struct PageView {
    kind: &'static str,
    title: String,
    url: String,
    canonical: Option<String>,
    description: String,
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
    date: Option<String>,
}

#[derive(Serialize)]
struct SectionView {
    team: String,
    team_url: String,
    heading: String,
    subtitle: Option<String>,
    url: String,
    html: String,
}

#[derive(Serialize)]
struct MeetingView {
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
    source: String,
    sections: Vec<SectionView>,
    html: String,
    prev: Option<Link>,
    next: Option<Link>,
}

#[derive(Serialize)]
struct TeamSummary {
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
/// thread's length is on the topics page only: every new mention would otherwise change
/// each page that mentions the topic, and `serve` re-renders only pages that change.
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
struct WeekLink {
    key: String,
    /// The week's number, two digits (`05`).
    number: String,
    url: String,
    monday: String,
    count: usize,
}

#[derive(Serialize)]
struct WeekYear {
    year: i32,
    weeks: Vec<WeekLink>,
}

#[derive(Serialize)]
struct SeriesSummary {
    name: String,
    title: String,
    url: String,
    count: usize,
    all_teams: bool,
    first: Option<String>,
    last: Option<String>,
}

/// Renders pages of one archive.
pub struct Renderer<'a> {
    templates: &'a Templates,
    config: &'a Config,
    urls: &'a Urls,
    archive: &'a Archive,
    /// Recurring topics of each team.
    topics: &'a [Vec<Topic>],
    /// What every page of a team needs, worked out once per team instead of per page,
    /// when a page first needs it (`serve` renders the pages of a few teams).
    timelines: Vec<std::sync::OnceLock<Timeline>>,
    /// Each meeting's page URL and date (`YYYY-MM-DD`), which most pages show for many
    /// meetings.
    meeting_urls: Vec<String>,
    dates: Vec<String>,
}

/// A team's timeline, indexed for its pages.
struct Timeline {
    /// Years with entries, newest first, with the range of `entries` in each (entries
    /// are newest first, so a year's are adjacent).
    years: Vec<(i32, std::ops::Range<usize>)>,
    /// The team page's URL, and each year page's (as in `years`).
    url: String,
    year_urls: Vec<String>,
    /// Each topic's URL on the topics page.
    topic_urls: Vec<String>,
    /// For each entry: the (topic, occurrence) pairs that mention it, one per topic.
    topics: Vec<Vec<(usize, usize)>>,
}

impl Timeline {
    fn new(archive: &Archive, urls: &Urls, team: &Team, topics: &[Topic]) -> Timeline {
        let mut years: Vec<(i32, std::ops::Range<usize>)> = Vec::new();
        for (i, e) in team.entries.iter().enumerate() {
            let y = archive.meetings[e.meeting].date().year();
            match years.last_mut() {
                Some((last, range)) if *last == y => range.end = i + 1,
                _ => years.push((y, i..i + 1)),
            }
        }
        let refs = mentions(team.entries.len(), topics);
        Timeline {
            url: urls.team(&team.slug, None),
            year_urls: years
                .iter()
                .map(|(y, _)| urls.team(&team.slug, Some(*y)))
                .collect(),
            topic_urls: topics
                .iter()
                .map(|t| urls.topics(&team.slug, Some(&t.anchor)))
                .collect(),
            years,
            topics: refs,
        }
    }
}

fn fmt_date(d: NaiveDate) -> String {
    // chrono's Display is `%Y-%m-%d` without parsing a format string on every call.
    d.to_string()
}

impl<'a> Renderer<'a> {
    /// A renderer over compiled templates, a loaded archive and its teams' topics
    /// ([`crate::model::topics::all_topics`]; `serve` keeps them between edits).
    pub fn new(
        templates: &'a Templates,
        config: &'a Config,
        urls: &'a Urls,
        archive: &'a Archive,
        topics: &'a [Vec<Topic>],
    ) -> Self {
        let timelines = archive.teams.iter().map(|_| Default::default()).collect();
        Renderer {
            templates,
            config,
            urls,
            archive,
            topics,
            timelines,
            meeting_urls: archive
                .meetings
                .iter()
                .map(|m| urls.meeting(&m.source.series, &m.source.stem))
                .collect(),
            dates: archive
                .meetings
                .iter()
                .map(|m| fmt_date(m.date()))
                .collect(),
        }
    }

    /// All pages of the site.
    pub fn pages(&self) -> Vec<Page> {
        let a = self.archive;
        let mut pages = vec![
            Page::Index,
            Page::Teams,
            Page::NotFound,
            Page::Search,
            Page::People,
        ];
        pages.extend(
            (0..a.teams.len())
                .filter(|&i| !self.topics[i].is_empty())
                .map(Page::Topics),
        );
        pages.extend((0..a.meetings.len()).map(Page::Meeting));
        pages.extend((0..a.weeks.len()).map(Page::Week));
        pages.extend((0..a.series.len()).map(Page::Series));
        for (i, t) in a.teams.iter().enumerate() {
            pages.push(Page::Team(i, None));
            if self.is_split(t) {
                pages.extend(
                    self.timeline(i)
                        .years
                        .iter()
                        .map(|(y, _)| Page::Team(i, Some(*y))),
                );
            }
        }
        pages
    }

    /// Root-relative URL of a page.
    pub fn url(&self, page: Page) -> String {
        let a = self.archive;
        match page {
            Page::Index => self.urls.page(""),
            Page::Meeting(i) => self.meeting_url(i).to_string(),
            Page::Week(i) => self.urls.week(&a.weeks[i].week.key()),
            Page::Teams => self.urls.teams(),
            Page::Team(i, y) => self.urls.team(&a.teams[i].slug, y),
            Page::Series(i) => self.urls.series(&a.series[i].name),
            Page::NotFound => self.urls.page("404.html"),
            Page::Search => self.urls.search(),
            Page::People => self.urls.people(None),
            Page::Topics(i) => self.urls.topics(&a.teams[i].slug, None),
        }
    }

    /// Output file of a page, relative to the output folder.
    pub fn output_path(&self, page: Page) -> PathBuf {
        self.urls.output_file(&self.url(page))
    }

    fn timeline(&self, team: usize) -> &Timeline {
        self.timelines[team].get_or_init(|| {
            let a = self.archive;
            Timeline::new(a, self.urls, &a.teams[team], &self.topics[team])
        })
    }

    fn is_split(&self, team: &Team) -> bool {
        team.entries.len() > self.config.timeline_split
    }

    fn meeting_url(&self, i: usize) -> &str {
        &self.meeting_urls[i]
    }

    /// Where a team entry is shown: the team page, or its year page when split.
    fn entry_url(&self, team: usize, entry: &TeamEntry) -> String {
        let timeline = self.timeline(team);
        let m = &self.archive.meetings[entry.meeting];
        let page = if self.is_split(&self.archive.teams[team]) {
            let year = m.date().year();
            let k = timeline
                .years
                .iter()
                .position(|(y, _)| *y == year)
                .expect("an entry's year is among its team's years");
            &timeline.year_urls[k]
        } else {
            &timeline.url
        };
        let mut url = String::with_capacity(page.len() + 64);
        url.push_str(page);
        url.push('#');
        push_entry_id(&mut url, m, entry);
        url
    }

    /// Renders one page to HTML.
    pub fn render(&self, page: Page) -> Result<String, Diagnostic> {
        let mut cx = Context::new();
        let site = SiteView {
            title: &self.config.title,
            description: &self.config.description,
            base_path: self.urls.base_path(),
            base_url: self.urls.absolute_base(),
            teams_url: self.urls.teams(),
            feed_url: self.urls.absolute_base().map(|_| self.urls.feed()),
            search_url: self.urls.search(),
            people_url: self.urls.people(None),
        };
        cx.insert("site", &site);
        let url = self.url(page);
        let (template, title, kind) = match page {
            Page::Index => {
                self.index_context(&mut cx);
                ("index.html", self.config.title.clone(), "index")
            }
            Page::Meeting(i) => {
                let m = &self.archive.meetings[i];
                cx.insert("meeting", &self.meeting_view(i));
                (
                    "meeting.html",
                    format!("{} ({})", m.title, fmt_date(m.date())),
                    "meeting",
                )
            }
            Page::Week(i) => {
                let key = self.week_context(&mut cx, i);
                ("week.html", format!("Week {key}"), "week")
            }
            Page::Teams => {
                cx.insert("teams", &self.team_summaries());
                ("teams.html", "Teams".to_string(), "teams")
            }
            Page::Team(i, year) => {
                self.team_context(&mut cx, i, year);
                let name = &self.archive.teams[i].name;
                let title = match year {
                    Some(y) => format!("{name}: {y}"),
                    None => name.clone(),
                };
                ("team.html", title, "team")
            }
            Page::Series(i) => {
                self.series_context(&mut cx, i);
                (
                    "series.html",
                    self.archive.series[i].title.clone(),
                    "series",
                )
            }
            Page::NotFound => ("404.html", "Page not found".to_string(), "404"),
            Page::Search => {
                self.search_context(&mut cx);
                ("search.html", "Search".to_string(), "search")
            }
            Page::People => {
                self.people_context(&mut cx);
                ("people.html", "Scribes".to_string(), "people")
            }
            Page::Topics(i) => {
                self.topics_context(&mut cx, i);
                (
                    "topics.html",
                    format!("{}: recurring topics", self.archive.teams[i].name),
                    "topics",
                )
            }
        };
        let description = if self.config.description.is_empty() {
            format!("{title}, {}", self.config.title)
        } else {
            format!("{title}. {}", self.config.description)
        };
        let canonical = self.urls.absolute_base().map(|_| self.urls.absolute(&url));
        cx.insert(
            "page",
            &PageView {
                kind,
                title,
                url,
                canonical,
                description,
            },
        );
        self.templates
            .tera
            .render(template, &cx)
            .map_err(|e| template_error(&e, &self.templates.paths, &self.templates.dir))
    }

    fn link(&self, i: usize) -> Link {
        let m = &self.archive.meetings[i];
        Link {
            title: m.title.clone(),
            url: self.meeting_url(i).to_string(),
            date: Some(self.dates[i].clone()),
        }
    }

    fn section_view(&self, i: usize, k: usize) -> SectionView {
        let m = &self.archive.meetings[i];
        let s = &m.parsed.sections[k];
        let team = m.section_teams[k];
        SectionView {
            team: self.archive.teams[team].name.clone(),
            team_url: self.entry_url(
                team,
                &TeamEntry {
                    meeting: i,
                    kind: EntryKind::Section(k),
                },
            ),
            heading: s.heading.clone(),
            subtitle: s.subtitle.clone(),
            url: format!("{}#{}", self.meeting_url(i), s.anchor),
            html: join_blocks(&m.parsed.blocks, s.body.iter().copied(), false),
        }
    }

    fn meeting_view(&self, i: usize) -> MeetingView {
        let a = self.archive;
        let m = &a.meetings[i];
        let series = a
            .series
            .iter()
            .find(|s| s.name == m.source.series)
            .expect("meeting has a series");
        MeetingView {
            title: m.title.clone(),
            date: fmt_date(m.date()),
            weekday: m.date().format("%A").to_string(),
            url: self.meeting_url(i).to_string(),
            series: series.name.clone(),
            series_title: series.title.clone(),
            series_url: self.urls.series(&series.name),
            week: m.week().key(),
            week_url: self.urls.week(&m.week().key()),
            scribes: m.parsed.scribes.clone(),
            source: m.source.rel.to_string_lossy().replace('\\', "/"),
            sections: (0..m.parsed.sections.len())
                .map(|k| self.section_view(i, k))
                .collect(),
            html: join_blocks(&m.parsed.blocks, 0..m.parsed.blocks.len(), true),
            prev: m.prev.map(|p| self.link(p)),
            next: m.next.map(|n| self.link(n)),
        }
    }

    fn team_summaries(&self) -> Vec<TeamSummary> {
        (0..self.archive.teams.len())
            .map(|i| self.team_summary(i))
            .collect()
    }

    fn team_summary(&self, i: usize) -> TeamSummary {
        let a = self.archive;
        let t = &a.teams[i];
        let last = t.entries.first();
        TeamSummary {
            name: t.name.clone(),
            slug: t.slug.clone(),
            url: self.urls.team(&t.slug, None),
            description: t.description.clone(),
            count: t.entries.len(),
            last_date: last.map(|e| fmt_date(a.meetings[e.meeting].date())),
            last_url: last.map(|e| self.entry_url(i, e)),
            feed_url: self
                .urls
                .absolute_base()
                .map(|_| self.urls.team_feed(&t.slug)),
        }
    }

    fn series_summaries(&self) -> Vec<SeriesSummary> {
        let a = self.archive;
        let mut list: Vec<SeriesSummary> = a
            .series
            .iter()
            .map(|s| SeriesSummary {
                name: s.name.clone(),
                title: s.title.clone(),
                url: self.urls.series(&s.name),
                count: s.meetings.len(),
                all_teams: s.all_teams,
                first: s.meetings.first().map(|&i| fmt_date(a.meetings[i].date())),
                last: s.meetings.last().map(|&i| fmt_date(a.meetings[i].date())),
            })
            .collect();
        list.sort_by_key(|s| !s.all_teams);
        list
    }

    fn index_context(&self, cx: &mut Context) {
        let a = self.archive;
        let latest = a
            .latest_all_teams()
            .or_else(|| a.meetings.len().checked_sub(1));
        cx.insert("latest", &latest.map(|i| self.meeting_view(i)));
        cx.insert("teams", &self.team_summaries());
        cx.insert("series", &self.series_summaries());
        cx.insert("years", &self.weeks_by_year());
        cx.insert("meeting_count", &a.meetings.len());
        cx.insert("heatmap", &self.heatmap().map(|h| h.svg()));
    }

    /// Every week with meetings, grouped by year, newest year first.
    fn weeks_by_year(&self) -> Vec<WeekYear> {
        let a = self.archive;
        let mut years: BTreeMap<i32, Vec<WeekLink>> = BTreeMap::new();
        for w in &a.weeks {
            years.entry(w.week.year).or_default().push(WeekLink {
                key: w.week.key(),
                number: format!("{:02}", w.week.week),
                url: self.urls.week(&w.week.key()),
                monday: fmt_date(w.week.monday()),
                count: w.meetings.len(),
            });
        }
        years
            .into_iter()
            .rev()
            .map(|(year, weeks)| WeekYear { year, weeks })
            .collect()
    }

    fn week_context(&self, cx: &mut Context, i: usize) -> String {
        let a = self.archive;
        let w = &a.weeks[i];
        let key = w.week.key();
        #[derive(Serialize)]
        struct WeekMeeting {
            meeting: Link,
            series_title: String,
            scribes: Vec<String>,
            sections: Vec<SectionView>,
            html: Option<String>,
        }
        let meetings: Vec<WeekMeeting> = w
            .meetings
            .iter()
            .map(|&mi| {
                let m = &a.meetings[mi];
                let sections: Vec<SectionView> = (0..m.parsed.sections.len())
                    .map(|k| self.section_view(mi, k))
                    .collect();
                // A meeting without team sections (a team's own meeting) is shown whole.
                let html = sections
                    .is_empty()
                    .then(|| join_blocks(&m.parsed.blocks, 0..m.parsed.blocks.len(), false));
                WeekMeeting {
                    meeting: self.link(mi),
                    series_title: self.config.series_title(&m.source.series),
                    scribes: m.parsed.scribes.clone(),
                    sections,
                    html,
                }
            })
            .collect();
        let week_link = |j: usize| Link {
            title: a.weeks[j].week.key(),
            url: self.urls.week(&a.weeks[j].week.key()),
            date: None,
        };
        #[derive(Serialize)]
        struct WeekView {
            key: String,
            year: i32,
            number: u32,
            monday: String,
            sunday: String,
            url: String,
            meetings: Vec<WeekMeeting>,
            prev: Option<Link>,
            next: Option<Link>,
        }
        cx.insert(
            "week",
            &WeekView {
                key: key.clone(),
                year: w.week.year,
                number: w.week.week,
                monday: fmt_date(w.week.monday()),
                sunday: fmt_date(w.week.monday() + chrono::Days::new(6)),
                url: self.urls.week(&key),
                meetings,
                prev: i.checked_sub(1).map(week_link),
                next: (i + 1 < a.weeks.len()).then(|| week_link(i + 1)),
            },
        );
        key
    }

    fn team_context(&self, cx: &mut Context, i: usize, year: Option<i32>) {
        let a = self.archive;
        let t = &a.teams[i];
        let split = self.is_split(t);
        let timeline = self.timeline(i);
        // The main page of a split timeline shows the newest entries; year pages hold all.
        let range = match year {
            Some(y) => timeline
                .years
                .iter()
                .find(|(x, _)| *x == y)
                .map_or(0..0, |(_, r)| r.clone()),
            None if split => 0..self.config.timeline_split,
            None => 0..t.entries.len(),
        };
        let entries: Vec<EntryView> = range
            .map(|ei| (ei, &t.entries[ei]))
            .map(|(ei, e)| {
                let m = &a.meetings[e.meeting];
                let (heading, subtitle, url, html, whole) = match e.kind {
                    EntryKind::Section(k) => {
                        let s = &m.parsed.sections[k];
                        (
                            s.heading.clone(),
                            s.subtitle.clone(),
                            format!("{}#{}", self.meeting_url(e.meeting), s.anchor),
                            join_blocks(&m.parsed.blocks, s.body.iter().copied(), false),
                            false,
                        )
                    }
                    EntryKind::Meeting => (
                        m.title.clone(),
                        None,
                        self.meeting_url(e.meeting).to_string(),
                        join_blocks(&m.parsed.blocks, 0..m.parsed.blocks.len(), false),
                        true,
                    ),
                };
                EntryView {
                    id: entry_id(m, e),
                    date: fmt_date(m.date()),
                    title: m.title.clone(),
                    url,
                    series_title: self.config.series_title(&m.source.series),
                    heading,
                    subtitle,
                    whole_meeting: whole,
                    html,
                    topics: timeline.topics[ei]
                        .iter()
                        .map(|r| self.topic_ref(i, r.0, r.1))
                        .collect(),
                }
            })
            .collect();
        let year_links: Vec<YearLink> = if split {
            timeline
                .years
                .iter()
                .map(|(y, r)| YearLink {
                    year: *y,
                    url: self.urls.team(&t.slug, Some(*y)),
                    count: r.len(),
                    current: Some(*y) == year,
                })
                .collect()
        } else {
            Vec::new()
        };
        cx.insert("team", &self.team_summary(i));
        cx.insert("year", &year);
        cx.insert("latest_only", &(split && year.is_none()));
        cx.insert("years", &year_links);
        cx.insert("entries", &entries);
        // The count changes with most edits of a topic; on the main page only, so that
        // an edit does not change every year page.
        cx.insert("has_topics", &!self.topics[i].is_empty());
        cx.insert(
            "topic_count",
            &year.is_none().then_some(self.topics[i].len()),
        );
        cx.insert("topics_url", &self.urls.topics(&t.slug, None));
    }

    fn series_context(&self, cx: &mut Context, i: usize) {
        let a = self.archive;
        let s = &a.series[i];
        #[derive(Serialize)]
        struct Row {
            meeting: Link,
            teams: Vec<String>,
        }
        let rows: Vec<Row> = s
            .meetings
            .iter()
            .rev()
            .map(|&mi| {
                let mut teams: Vec<String> = a.meetings[mi]
                    .section_teams
                    .iter()
                    .map(|&t| a.teams[t].name.clone())
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
            .find(|x| x.name == s.name)
            .expect("series exists");
        cx.insert("series", &summary);
        cx.insert("meetings", &rows);
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

/// What a team page shows of the topics an entry mentions (see `topic_ref`): each
/// topic's title and anchor, and the text and entry of its previous and next mention.
pub type TopicMentions = Vec<(String, String, Vec<(usize, String)>)>;

/// [`TopicMentions`] of every entry of a team with `entries` entries; `serve` compares
/// them before and after an edit to find the team pages that changed.
pub fn topic_mentions(entries: usize, topics: &[Topic]) -> Vec<TopicMentions> {
    mentions(entries, topics)
        .into_iter()
        .map(|refs| {
            refs.into_iter()
                .map(|(ti, oi)| {
                    let t = &topics[ti];
                    let (from, to) = neighbours(oi, t.occurrences.len());
                    let others = (from..to)
                        .filter(|&k| k != oi)
                        .map(|k| (t.occurrences[k].entry, t.occurrences[k].text.clone()))
                        .collect();
                    (t.title.clone(), t.anchor.clone(), others)
                })
                .collect()
        })
        .collect()
}

/// The range of occurrences an entry's "also on" links come from: the mention just
/// before and just after. The whole thread is one link away, and a century-long
/// timeline would otherwise repeat each thread's dates on every page.
fn neighbours(occurrence: usize, len: usize) -> (usize, usize) {
    (occurrence.saturating_sub(1), (occurrence + 2).min(len))
}

/// Everything a team page shows of an entry except the topics it mentions: the
/// meeting's title, the section's heading, subtitle and anchor, and the HTML.
pub fn entry_content(archive: &Archive, e: &TeamEntry) -> String {
    let m = &archive.meetings[e.meeting];
    let blocks = &m.parsed.blocks;
    match e.kind {
        EntryKind::Section(k) => {
            let s = &m.parsed.sections[k];
            format!(
                "{}\n{}\n{:?}\n{}\n{}",
                m.title,
                s.heading,
                s.subtitle,
                s.anchor,
                join_blocks(blocks, s.body.iter().copied(), false)
            )
        }
        EntryKind::Meeting => format!(
            "{}\n{}",
            m.title,
            join_blocks(blocks, 0..blocks.len(), false)
        ),
    }
}

/// Anchor of a team entry on its team page.
fn entry_id(m: &Meeting, e: &TeamEntry) -> String {
    let mut id = String::new();
    push_entry_id(&mut id, m, e);
    id
}

/// [`entry_id`], appended to a string: `<series>-<stem>[-<section anchor>]`.
fn push_entry_id(out: &mut String, m: &Meeting, e: &TeamEntry) {
    out.push_str(&m.source.series);
    out.push('-');
    out.push_str(&m.source.stem);
    if let EntryKind::Section(k) = e.kind {
        out.push('-');
        out.push_str(&m.parsed.sections[k].anchor);
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

/// Pages and page parts for search, topics, scribes and the activity map.
impl Renderer<'_> {
    /// "Also on" links: the previous and the next week the topic came up.
    fn topic_ref(&self, team: usize, topic: usize, occurrence: usize) -> TopicRef {
        let t = &self.topics[team][topic];
        let entries = &self.archive.teams[team].entries;
        let (from, to) = neighbours(occurrence, t.occurrences.len());
        let others = (from..to)
            .filter(|&k| k != occurrence)
            .map(|k| {
                let o = &t.occurrences[k];
                Link {
                    title: o.text.clone(),
                    url: self.entry_url(team, &entries[o.entry]),
                    date: Some(self.dates[o.meeting].clone()),
                }
            })
            .collect();
        TopicRef {
            title: t.title.clone(),
            url: self.timeline(team).topic_urls[topic].clone(),
            others,
        }
    }

    fn topics_context(&self, cx: &mut Context, team: usize) {
        let a = self.archive;
        let t = &a.teams[team];
        #[derive(Serialize)]
        struct TopicView {
            title: String,
            anchor: String,
            first: String,
            last: String,
            weeks: usize,
            links: Vec<Link>,
        }
        let topics: Vec<TopicView> = self.topics[team]
            .iter()
            .map(|tp| {
                let links: Vec<Link> = tp
                    .occurrences
                    .iter()
                    .map(|o| {
                        let e = &t.entries[o.entry];
                        let m = &a.meetings[o.meeting];
                        let url = match e.kind {
                            EntryKind::Section(k) => {
                                format!(
                                    "{}#{}",
                                    self.meeting_url(o.meeting),
                                    m.parsed.sections[k].anchor
                                )
                            }
                            EntryKind::Meeting => self.meeting_url(o.meeting).to_string(),
                        };
                        Link {
                            title: o.text.clone(),
                            url,
                            date: Some(fmt_date(m.date())),
                        }
                    })
                    .collect();
                TopicView {
                    title: tp.title.clone(),
                    anchor: tp.anchor.clone(),
                    first: links
                        .first()
                        .and_then(|l| l.date.clone())
                        .unwrap_or_default(),
                    last: links
                        .last()
                        .and_then(|l| l.date.clone())
                        .unwrap_or_default(),
                    weeks: tp.weeks,
                    links,
                }
            })
            .collect();
        cx.insert("team", &self.team_summary(team));
        cx.insert("topics", &topics);
    }

    fn people_context(&self, cx: &mut Context) {
        #[derive(Serialize)]
        struct PersonView {
            name: String,
            anchor: String,
            count: usize,
            first: String,
            last: String,
            meetings: Vec<Link>,
        }
        let people: Vec<PersonView> = crate::model::people::scribes(self.archive)
            .into_iter()
            .map(|p| {
                let meetings: Vec<Link> = p.meetings.iter().rev().map(|&i| self.link(i)).collect();
                PersonView {
                    anchor: p.anchor,
                    count: meetings.len(),
                    first: meetings
                        .last()
                        .and_then(|l| l.date.clone())
                        .unwrap_or_default(),
                    last: meetings
                        .first()
                        .and_then(|l| l.date.clone())
                        .unwrap_or_default(),
                    name: p.name,
                    meetings,
                }
            })
            .collect();
        let with_scribe = self
            .archive
            .meetings
            .iter()
            .filter(|m| !m.parsed.scribes.is_empty())
            .count();
        cx.insert("people", &people);
        cx.insert("meetings_with_scribe", &with_scribe);
        cx.insert("meeting_count", &self.archive.meetings.len());
    }

    fn search_context(&self, cx: &mut Context) {
        #[derive(Serialize)]
        struct SearchView {
            index_url: String,
            script_url: String,
        }
        cx.insert(
            "search",
            &SearchView {
                index_url: self.urls.search_index(),
                script_url: self.urls.search_script(),
            },
        );
        // Without JavaScript the page offers the teams and weeks instead.
        cx.insert("teams", &self.team_summaries());
        cx.insert("years", &self.weeks_by_year());
    }

    /// The activity map: one row per team with entries, one column per month.
    pub fn heatmap(&self) -> Option<HeatMap> {
        let a = self.archive;
        let first = a.meetings.first()?.date();
        let last = a.meetings.last()?.date();
        let months =
            HeatMap::month_range((first.year(), first.month()), (last.year(), last.month()));
        let rows = a
            .teams
            .iter()
            .filter(|t| !t.entries.is_empty())
            .map(|t| {
                let mut counts = vec![0; months.len()];
                for e in &t.entries {
                    let d = a.meetings[e.meeting].date();
                    if let Ok(i) = months.binary_search(&(d.year(), d.month())) {
                        counts[i] += 1;
                    }
                }
                let split = self.is_split(t);
                let year_urls = t
                    .years(&a.meetings)
                    .into_iter()
                    .map(|y| (y, self.urls.team(&t.slug, split.then_some(y))))
                    .collect();
                heatmap::Row {
                    label: t.name.clone(),
                    counts,
                    year_urls,
                }
            })
            .collect();
        Some(HeatMap { months, rows })
    }
}
