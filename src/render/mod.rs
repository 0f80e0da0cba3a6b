//! Stage 4, rendering: pages from the archive, through Tera templates.
//!
//! [`Renderer::pages`] lists every page; [`Renderer::render`] builds one page's
//! context and renders its template. Each page kind's context is built in a module of
//! its own ([`index`] (also the search page), [`meeting`], [`week`], [`team`] (also the
//! topics page), [`series`], [`people`], [`issues`], [`outcomes`] (decisions and
//! actions)), from view structs shared in [`views`] and documented in
//! `docs/templates.md`; [`heatmap`] draws the activity map as inline SVG. Contexts
//! read the archive only through [`inputs::Reader`], which notes what each page read:
//! that note is how `serve` knows which pages an edit changes.
//!
//! Default templates and CSS are compiled into the binary ([`templates`]); a file of
//! the same name in the site's `templates/` or `static/` replaces the default.

pub mod heatmap;
mod index;
pub mod inputs;
mod issues;
mod meeting;
mod outcomes;
mod people;
mod series;
mod team;
pub mod templates;
mod views;
mod week;

use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::model::actions::{Rules, State};
use crate::model::archive::YearParts;
use crate::model::derived::Derived;
use crate::model::people::People;
use crate::site::Site;
use crate::source::config::Config;
use crate::urls::Urls;
use inputs::{Input, Reader, RenderModel};
pub use templates::{compile_templates, Templates, DEFAULT_STATIC, DEFAULT_TEMPLATES};
pub(crate) use views::join_blocks;

/// Every page the site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// `/`
    Index,
    /// `/minutes/<series>/<stem>/`
    Meeting(usize),
    /// `/weeks/<key>/`
    Week(usize),
    /// `/weeks/<year>/`: the weeks of one ISO year, so that the home page need not
    /// list every week of a long archive.
    Year(i32),
    /// `/teams/`
    Teams,
    /// `/teams/<slug>/` (year `None`) or `/teams/<slug>/<year>/` (the first part of a
    /// busy year)
    Team(usize, Option<i32>),
    /// `/teams/<slug>/<year>/<MM>/`: a later part of a busy year of team `t`, from
    /// month `MM` ([`crate::model::archive::TIMELINE_PAGE_NOTES`]).
    TeamPart(usize, i32, u32),
    /// `/series/<name>/`: page `n` (from 1) of a series' meetings.
    Series(usize, usize),
    /// `/404.html`
    NotFound,
    /// `/search/`
    Search,
    /// `/people/`
    People,
    /// `/people/<slug>/`
    Person(usize),
    /// `/teams/<slug>/topics/`: page `n` (from 1) of a team's recurring topics, most
    /// weeks first.
    Topics(usize, usize),
    /// `/teams/<slug>/topics/<anchor>/`: topic `k` of team `t` with every mention, for a
    /// topic mentioned more often than the topics pages list.
    Topic(usize, usize),
    /// `/decisions/`
    Decisions,
    /// `/actions/`
    Actions,
    /// `/actions/done/`, `/actions/dropped/`: page `n` (from 1) of the done, or dropped,
    /// action items, when `/actions/` does not show them all.
    ClosedActions(State, usize),
    /// `/issues/`
    Issues,
    /// `/issues/<owner>/<repo>/`: page `n` (from 1) of a repository's issues discussed
    /// in two or more meetings (an index into the archive's issue repositories).
    Repository(usize, usize),
}

/// One page's context, ready for its template, with what it was built from.
pub struct PageContext {
    template: &'static str,
    vars: Context,
    /// A hash of every value in `vars`, when asked for: equal contexts render equal.
    fingerprint: Option<u64>,
    /// What the context read from the archive.
    pub reads: Vec<Input>,
}

impl PageContext {
    /// The fingerprint of the context's values (see [`Renderer::context`]).
    pub fn fingerprint(&self) -> Option<u64> {
        self.fingerprint
    }
}

/// A context under construction: every value inserted goes into the Tera context and,
/// when asked for, into the fingerprint, so that nothing a template can see escapes it.
pub(crate) struct Vars {
    cx: Context,
    print: Option<rustc_hash::FxHasher>,
}

impl Vars {
    pub(crate) fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Some(h) = &mut self.print {
            h.write(key.as_bytes());
            serde_json::to_writer(HashWriter(h), value).expect("views serialize");
        }
        self.cx.insert(key, value);
    }
}

struct HashWriter<'h>(&'h mut rustc_hash::FxHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders pages of one archive.
pub struct Renderer<'a> {
    templates: &'a Templates,
    config: &'a Config,
    urls: &'a Urls,
    model: RenderModel<'a>,
    /// What every page of a team needs, worked out once per team instead of per page,
    /// when a page first needs it (`serve` renders the pages of a few teams).
    timelines: Vec<OnceLock<team::Timeline>>,
    /// Whether each team's timeline has a page per year, and the parts of each of
    /// its years, which every link to an entry needs.
    split: Vec<bool>,
    year_parts: Vec<OnceLock<Vec<YearParts>>>,
    /// The issue thread each topic of a team is about, worked out once for the
    /// topics pages and the topics' own pages, which both show it.
    topic_threads: Vec<OnceLock<Vec<Option<usize>>>>,
    /// Each meeting's page URL and date (`YYYY-MM-DD`), which most pages show for many
    /// meetings; both follow from the file's path.
    meeting_urls: Vec<String>,
    dates: Vec<String>,
    /// Each team's page URL.
    team_urls: Vec<String>,
    /// The action items followed across meetings, worked out when a page first
    /// needs them ([`inputs::Reader::actions`]).
    actions: OnceLock<crate::model::actions::Actions>,
}

/// One page's context being built: the renderer, and the reader that notes what the
/// page reads. The per-kind modules add their `*_context` methods to it.
pub(crate) struct Cx<'r, 'a> {
    r: &'r Renderer<'a>,
    read: Reader<'a>,
}

impl<'a> Renderer<'a> {
    /// A renderer over compiled templates, a loaded site and what is derived from
    /// its archive (topics, people, issue threads: [`Derived`], which `serve` keeps between
    /// edits).
    pub fn new(templates: &'a Templates, site: &'a Site, derived: &'a Derived) -> Self {
        let (config, urls, archive) = (&site.config, &site.urls, &site.archive);
        let model = RenderModel::new(archive, derived);
        let split = (0..archive.teams.len())
            .map(|t| model.split_by_year(t, config.timeline_split))
            .collect();
        Renderer {
            templates,
            config,
            urls,
            model,
            timelines: archive.teams.iter().map(|_| OnceLock::new()).collect(),
            split,
            year_parts: archive.teams.iter().map(|_| OnceLock::new()).collect(),
            topic_threads: archive.teams.iter().map(|_| OnceLock::new()).collect(),
            meeting_urls: archive
                .meetings
                .iter()
                .map(|m| urls.meeting(&m.source.series, &m.source.stem))
                .collect(),
            dates: archive
                .meetings
                .iter()
                .map(|m| m.date().to_string())
                .collect(),
            team_urls: archive
                .teams
                .iter()
                .map(|t| urls.team(&t.slug, None))
                .collect(),
            actions: OnceLock::new(),
        }
    }

    /// The people the pages were rendered with (the search index lists them too).
    pub fn people(&self) -> &People {
        self.model.all_people()
    }

    /// All pages of the site.
    pub fn pages(&self) -> Vec<Page> {
        let s = &self.model;
        let mut pages = vec![
            Page::Index,
            Page::NotFound,
            Page::Search,
            Page::People,
            Page::Decisions,
            Page::Actions,
            Page::Issues,
        ];
        let acts = s.reader().actions(&self.actions, Rules::of(self.config));
        for state in [State::Done, State::Dropped] {
            let n = outcomes::closed_page_count(acts, state);
            pages.extend((1..=n).map(|k| Page::ClosedActions(state, k)));
        }
        // An archive without groups has no page listing them.
        if s.team_count() > 0 {
            pages.insert(1, Page::Teams);
        }
        let read = s.reader();
        for (i, (_, list)) in read.issues().repositories.iter().enumerate() {
            pages.extend((1..=issues::page_count(list.len())).map(|n| Page::Repository(i, n)));
        }
        for t in (0..s.team_count()).filter(|&t| s.has_topics(t)) {
            let topics = read.topics(t);
            pages.extend((1..=team::topic_page_count(topics.len())).map(|n| Page::Topics(t, n)));
            pages.extend(
                (topics.iter().enumerate())
                    .filter(|(_, tp)| team::has_own_page(tp))
                    .map(|(k, _)| Page::Topic(t, k)),
            );
        }
        pages.extend((0..s.person_count()).map(Page::Person));
        pages.extend((0..s.meeting_count()).map(Page::Meeting));
        pages.extend((0..s.weeks().len()).map(Page::Week));
        pages.extend(self.week_years().into_iter().map(Page::Year));
        for (i, series) in s.series().iter().enumerate() {
            let n = series::page_count(series.meetings.len());
            pages.extend((1..=n).map(|k| Page::Series(i, k)));
        }
        for t in 0..s.team_count() {
            pages.push(Page::Team(t, None));
            if self.is_split(t) {
                for (y, starts) in self.year_parts(t) {
                    pages.push(Page::Team(t, Some(*y)));
                    pages.extend(starts[1..].iter().map(|&m| Page::TeamPart(t, *y, m)));
                }
            }
        }
        pages
    }

    /// The ISO years that have weeks with meetings, newest first.
    fn week_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.model.weeks().iter().map(|w| w.week.year).collect();
        years.dedup();
        years.reverse();
        years
    }

    /// The meetings whose content a page shows (not those it only links to), for the
    /// sitemap's `lastmod`. Pages about the whole archive show every meeting.
    pub fn shown_meetings(&self, page: Page) -> Vec<usize> {
        let s = &self.model;
        let read = s.reader();
        let entries = |t: usize| read.entries(t).iter().map(|e| e.meeting);
        match page {
            Page::Index
            | Page::Teams
            | Page::People
            | Page::Search
            | Page::Decisions
            | Page::Actions
            | Page::ClosedActions(..)
            | Page::Issues => (0..s.meeting_count()).collect(),
            Page::Repository(i, n) => {
                let issues = read.issues();
                let list = &issues.repositories[i].1;
                let on_page = list.chunks(issues::ISSUES_PER_PAGE).nth(n - 1);
                let mut shown: Vec<usize> = (on_page.into_iter().flatten())
                    .flat_map(|&t| issues.threads[t].meetings.iter().copied())
                    .collect();
                shown.sort_unstable();
                shown.dedup();
                shown
            }
            Page::Meeting(i) => vec![i],
            Page::Person(p) => {
                let person = &read.people().list[p];
                let mut shown: Vec<usize> = person.attended.clone();
                shown.extend(&person.minutes);
                shown.extend(&person.actions);
                shown
            }
            Page::Week(w) => s.weeks()[w].meetings.clone(),
            Page::Year(y) => (s.weeks().iter())
                .filter(|w| w.week.year == y)
                .flat_map(|w| w.meetings.iter().copied())
                .collect(),
            Page::Series(i, n) => (s.series()[i].meetings.iter().rev())
                .skip((n - 1) * series::MEETINGS_PER_PAGE)
                .take(series::MEETINGS_PER_PAGE)
                .copied()
                .collect(),
            Page::Topics(t, _) => entries(t).collect(),
            Page::Topic(t, k) => (read.topics(t)[k].occurrences.iter())
                .map(|o| o.meeting)
                .collect(),
            Page::Team(t, year) => {
                let range = self.page_entries(&read, t, year, None);
                read.entries(t)[range].iter().map(|e| e.meeting).collect()
            }
            Page::TeamPart(t, y, m) => {
                let range = self.page_entries(&read, t, Some(y), Some(m));
                read.entries(t)[range].iter().map(|e| e.meeting).collect()
            }
            Page::NotFound => Vec::new(),
        }
    }

    /// Root-relative URL of a page.
    pub fn url(&self, page: Page) -> String {
        let s = &self.model;
        match page {
            Page::Index => self.urls.page(""),
            Page::Meeting(i) => self.meeting_urls[i].clone(),
            Page::Week(i) => self.urls.week(&s.weeks()[i].week.key()),
            Page::Year(y) => self.urls.weeks_of_year(y),
            Page::Teams => self.urls.teams(),
            Page::Team(i, None) => self.team_urls[i].clone(),
            Page::Team(i, y) => self.urls.team(s.team(i).1, y),
            Page::TeamPart(i, y, m) => self.urls.team_part(s.team(i).1, y, m),
            Page::Series(i, n) => self.urls.series_page(&s.series()[i].name, n),
            Page::NotFound => self.urls.page("404.html"),
            Page::Search => self.urls.search(),
            Page::People => self.urls.people(None),
            Page::Decisions => self.urls.decisions(),
            Page::Actions => self.urls.actions(),
            Page::ClosedActions(state, n) => {
                self.urls.closed_actions(outcomes::state_name(state), n)
            }
            Page::Issues => self.urls.issues(),
            Page::Repository(i, n) => {
                let read = self.model.reader();
                let issues = read.issues();
                let first = &issues.threads[issues.repositories[i].1[0]];
                issues::repository_url(self.urls, first, n)
            }
            Page::Person(p) => self.urls.person(self.model.person_slug(p)),
            Page::Topics(i, n) => self.urls.topics(s.team(i).1, n, None),
            Page::Topic(i, k) => {
                let read = self.model.reader();
                self.urls.topic(s.team(i).1, &read.topics(i)[k].anchor)
            }
        }
    }

    /// Output file of a page, relative to the output folder.
    pub fn output_path(&self, page: Page) -> PathBuf {
        self.urls.output_file(&self.url(page))
    }

    /// Whether team `t`'s timeline has a page per year.
    fn is_split(&self, t: usize) -> bool {
        self.split[t]
    }

    /// The parts each year of team `t`'s timeline is shown in, newest year first
    /// ([`crate::model::archive::Team::year_parts`]). Not noted as a read: when they
    /// change, so do the pages, and `serve` renders everything.
    fn year_parts(&self, t: usize) -> &[YearParts] {
        self.year_parts[t].get_or_init(|| self.model.year_parts(t))
    }

    /// Renders one page to HTML.
    pub fn render(&self, page: Page) -> Result<String, Diagnostic> {
        let cx = self.context(page, false);
        self.render_context(&cx)
    }

    /// Builds one page's context, with a fingerprint of it when `fingerprint` is set.
    pub fn context(&self, page: Page, fingerprint: bool) -> PageContext {
        let mut vars = Vars {
            cx: Context::new(),
            print: fingerprint.then(rustc_hash::FxHasher::default),
        };
        let cx = Cx {
            r: self,
            read: self.model.reader(),
        };
        let template = cx.page_vars(&mut vars, page);
        PageContext {
            template,
            fingerprint: vars.print.map(|h| h.finish()),
            vars: vars.cx,
            reads: cx.read.into_reads(),
        }
    }

    /// Renders a context built by [`Self::context`].
    pub fn render_context(&self, cx: &PageContext) -> Result<String, Diagnostic> {
        self.templates
            .tera
            .render(cx.template, &cx.vars)
            .map_err(|e| templates::template_error(&e, &self.templates.paths, &self.templates.dir))
    }
}

impl Cx<'_, '_> {
    /// Fills in a page's variables; returns its template.
    fn page_vars(&self, vars: &mut Vars, page: Page) -> &'static str {
        let r = self.r;
        vars.insert("site", &self.site_view());
        let url = r.url(page);
        let (template, title, kind) = match page {
            Page::Index => {
                self.index_context(vars);
                ("index.html", r.config.title.clone(), "index")
            }
            Page::Meeting(i) => {
                let title = self.meeting_context(vars, i);
                ("meeting.html", title, "meeting")
            }
            Page::Week(i) => {
                let key = self.week_context(vars, i);
                ("week.html", format!("Week {key}"), "week")
            }
            Page::Year(y) => {
                self.year_context(vars, y);
                ("year.html", format!("Weeks of {y}"), "year")
            }
            Page::Teams => {
                vars.insert("teams", &self.team_summaries());
                ("teams.html", r.config.teams_label().to_string(), "teams")
            }
            Page::Team(i, year) => {
                let period = self.team_context(vars, i, year, None);
                let name = r.model.team(i).0;
                let title = match period {
                    Some(p) => format!("{name}: {p}"),
                    None => name.to_string(),
                };
                ("team.html", title, "team")
            }
            Page::TeamPart(i, y, m) => {
                let period = self.team_context(vars, i, Some(y), Some(m));
                let name = r.model.team(i).0;
                let title = format!("{name}: {}", period.unwrap_or_default());
                ("team.html", title, "team")
            }
            Page::Series(i, n) => {
                self.series_context(vars, i, n);
                let title = &r.model.series()[i].title;
                let title = match n {
                    1 => title.clone(),
                    _ => format!("{title}, page {n}"),
                };
                ("series.html", title, "series")
            }
            Page::NotFound => ("404.html", "Page not found".to_string(), "404"),
            Page::Search => {
                self.search_context(vars);
                ("search.html", "Search".to_string(), "search")
            }
            Page::People => {
                self.people_context(vars);
                ("people.html", "People".to_string(), "people")
            }
            Page::Person(p) => {
                let name = self.person_context(vars, p);
                ("person.html", name, "person")
            }
            Page::Decisions => {
                self.decisions_context(vars);
                ("decisions.html", "Decisions".to_string(), "decisions")
            }
            Page::Actions => {
                self.actions_context(vars);
                ("actions.html", "Action items".to_string(), "actions")
            }
            Page::ClosedActions(state, n) => {
                let title = self.closed_actions_context(vars, state, n);
                ("actions-closed.html", title, "actions")
            }
            Page::Issues => {
                self.issues_context(vars);
                ("issues.html", "Issues".to_string(), "issues")
            }
            Page::Repository(i, n) => {
                let title = self.repository_context(vars, i, n);
                ("issue.html", format!("Issues of {title}"), "issues")
            }
            Page::Topics(i, n) => {
                self.topics_context(vars, i, n);
                let name = r.model.team(i).0;
                let title = match n {
                    1 => format!("{name}: recurring topics"),
                    _ => format!("{name}: recurring topics, page {n}"),
                };
                ("topics.html", title, "topics")
            }
            Page::Topic(i, k) => {
                let title = self.topic_context(vars, i, k);
                ("topic.html", title, "topic")
            }
        };
        vars.insert("page", &self.page_view(kind, title, url));
        template
    }
}
