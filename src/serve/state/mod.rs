//! Rebuilding in memory for `serve`: a full build once, then, for an edit to existing
//! minutes files, re-parsing only those files and re-rendering only the pages that
//! change.
//!
//! A file's date, series and stem come from its path, so an edit never moves a meeting:
//! meeting indices stay the same and the archive is re-assembled (cheap, no parsing)
//! from the parsed files it already holds. Which pages to look at again follows from
//! what each page's context read when it was last built ([`crate::render::inputs`]):
//! after an edit, the pages that read a meeting, timeline or topic list that changed
//! get their context built again, and are rendered when its fingerprint differs. No
//! list of what templates show is kept by hand, so adding a field to a context cannot
//! make `serve` differ from `build`. A change to the set of pages or to a team's name,
//! slug or split, and anything but an edit (files added or removed, templates,
//! `site.toml`), is a full build. The files made from the whole archive (search index,
//! sitemap, feeds) are a separate step, [`Incremental::refresh_derived`], so that
//! `serve` can reload browsers before it. The result equals a cold `build` byte for
//! byte; the incremental tests check that.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{errors_in, Diagnostic};
use crate::markdown::links::LinkTargets;
use crate::markdown::parse::ParseSettings;
use crate::model::derived::{people_of, Derived};
use crate::model::issues::Issues;
use crate::model::topics::{meeting_items, topics_of_team, MeetingItems, Topic};
use crate::outputs::site_files::{generated_files, site_files, SiteFiles};
use crate::render::{compile_templates, Page, Renderer, Templates};
use crate::site::{Site, SitePaths};

mod dirty;
mod lookup;
mod reparse;
mod rerender;
mod shapes;

pub use lookup::{answer, Answer};

use rerender::{render_pages, View};

/// Rendered pages by output path (`minutes/weekly/2024-01-04/index.html`, `/`-separated).
pub type Pages = HashMap<String, Arc<str>>;

/// What changed on disk, as far as a rebuild cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Templates, `site.toml`, or files added, removed or renamed: rebuild everything.
    Full,
    /// These existing minutes files (absolute or content-relative paths) were edited.
    Edited(Vec<PathBuf>),
}

/// What an update did.
#[derive(Debug, Clone, Default)]
pub struct Rebuilt {
    /// Whether everything was rebuilt.
    pub full: bool,
    /// Files parsed.
    pub parsed: usize,
    /// Pages rendered.
    pub rendered: usize,
    /// Warnings and notes about the files that were parsed (all of them after a full build).
    pub diagnostics: Vec<Diagnostic>,
}

/// A site kept in memory between rebuilds.
pub struct Incremental {
    base_url: Option<String>,
    site: Site,
    templates: Templates,
    /// The parsing rules of the site's config.
    settings: ParseSettings,
    targets: LinkTargets,
    pages: Pages,
    /// What each page was last rendered from: an edit re-renders the pages that read
    /// something it changed, if their context is not the same as before.
    views: HashMap<Page, View>,
    /// Topic candidates of each meeting and topics of each team, kept between edits:
    /// an edit recomputes the topics of the teams whose candidates changed only.
    items: Vec<MeetingItems>,
    /// Topics (kept per team, see `items`), people and issue threads (worked out again
    /// after each edit that could change them).
    model: Derived,
    /// Output keys of the files made from the whole site (search index, sitemap,
    /// feeds), and whether `pages` holds them as of the last update.
    derived: HashSet<String>,
    derived_stale: bool,
    /// Every file of the site and where it comes from ([`site_files`]).
    files: Arc<SiteFiles>,
    /// The content files minutes link, as `files` lists them: an edit that links
    /// another (or no longer links one) lists the files again.
    published: std::collections::BTreeSet<PathBuf>,
    /// Set when an update failed half-way: the state no longer matches the disk, so the
    /// next update must start from scratch.
    stale: bool,
}

impl Incremental {
    /// Builds the whole site in memory. Errors (broken `site.toml` or template, an
    /// unreadable file, a page that fails to render) are returned, not printed.
    pub fn build(
        paths: SitePaths,
        base_url: Option<&str>,
    ) -> Result<(Incremental, Rebuilt), Vec<Diagnostic>> {
        let site = Site::load(paths, base_url).map_err(|d| vec![d])?;
        errors_in(&site.diagnostics)?;
        let templates = compile_templates(&site.paths.templates()).map_err(|d| vec![d])?;
        let settings = ParseSettings::new(&site.config);
        let targets = LinkTargets {
            minutes: site
                .archive
                .meetings
                .iter()
                .map(|m| {
                    (
                        m.source.rel.clone(),
                        (m.source.series.clone(), m.source.stem.clone()),
                    )
                })
                .collect(),
            assets: site.archive.assets.iter().cloned().collect(),
        };
        let items = meeting_items(&site.archive);
        let topics: Vec<Vec<Topic>> = (0..site.archive.teams.len())
            .into_par_iter()
            .map(|t| topics_of_team(&site.archive, &items, t))
            .collect();
        let model = Derived {
            topics,
            people: people_of(&site.archive, &site.config),
            issues: Issues::of(&site.archive.meetings),
        };
        let renderer = Renderer::new(&templates, &site, &model);
        let all = renderer.pages();
        let mut pages = Pages::new();
        let mut views = HashMap::new();
        for r in render_pages(&renderer, &all, None).map_err(|d| vec![d])? {
            pages.extend(r.html);
            views.insert(r.page, r.view);
        }
        let extra = derived_files(&site, &renderer);
        let derived: HashSet<String> = extra.iter().map(|(k, _)| k.clone()).collect();
        let files =
            Arc::new(site_files(&site, &renderer, derived.iter().cloned()).map_err(|d| vec![d])?);
        let site_published = site.archive.published_assets();
        pages.extend(extra);
        let outcome = Rebuilt {
            full: true,
            parsed: site.archive.meetings.len(),
            rendered: pages.len(),
            diagnostics: site.diagnostics.clone(),
        };
        let state = Incremental {
            base_url: base_url.map(str::to_string),
            site,
            templates,
            settings,
            targets,
            pages,
            views,
            items,
            model,
            derived,
            derived_stale: false,
            published: site_published,
            files,
            stale: false,
        };
        Ok((state, outcome))
    }

    /// The loaded site.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The rendered pages.
    pub fn pages(&self) -> &Pages {
        &self.pages
    }

    /// Brings the site up to date with the disk, derived files included. On error the
    /// previous pages stay as they were (callers keep serving them) and the next update
    /// rebuilds everything.
    pub fn update(&mut self, change: &Change) -> Result<Rebuilt, Vec<Diagnostic>> {
        let outcome = self.update_pages(change)?;
        self.refresh_derived();
        Ok(outcome)
    }

    /// Output keys of the files made from the whole site: until [`Self::refresh_derived`]
    /// runs after [`Self::update_pages`], those in [`Self::pages`] are out of date.
    pub fn derived_keys(&self) -> &HashSet<String> {
        &self.derived
    }

    /// Brings the derived files up to date after [`Self::update_pages`]. They cover
    /// every meeting (the search index is a tenth of the archive's size), so `serve`
    /// tells browsers to reload first and makes requests for these files wait for this.
    pub fn refresh_derived(&mut self) {
        if !self.derived_stale {
            return;
        }
        let renderer = Renderer::new(&self.templates, &self.site, &self.model);
        let extra = derived_files(&self.site, &renderer);
        let derived: HashSet<String> = extra.iter().map(|(k, _)| k.clone()).collect();
        if derived != self.derived {
            // A feed came or went (teams changed): the list of files follows.
            if let Ok(files) = site_files(&self.site, &renderer, derived.iter().cloned()) {
                self.files = Arc::new(files);
            }
        }
        self.derived = derived;
        self.pages.extend(extra);
        self.derived_stale = false;
    }

    /// Every file of the site, and where each comes from.
    pub fn files(&self) -> &Arc<SiteFiles> {
        &self.files
    }

    /// Lists the site's files again after a change under `static/`, which needs no
    /// rebuild.
    pub fn refresh_static(&mut self) -> Result<(), Diagnostic> {
        let renderer = Renderer::new(&self.templates, &self.site, &self.model);
        self.files = Arc::new(site_files(
            &self.site,
            &renderer,
            self.derived.iter().cloned(),
        )?);
        Ok(())
    }

    /// [`Self::update`] without the derived files: the pages that show what changed.
    pub fn update_pages(&mut self, change: &Change) -> Result<Rebuilt, Vec<Diagnostic>> {
        let edited = match change {
            Change::Edited(files) if !self.stale => self.edited_meetings(files),
            _ => None,
        };
        let result = match edited {
            Some(edited) => self.update_edited(&edited),
            None => Incremental::build(self.site.paths.clone(), self.base_url.as_deref()).map(
                |(fresh, outcome)| {
                    *self = fresh;
                    outcome
                },
            ),
        };
        if result.is_err() {
            self.stale = true;
        }
        result
    }
}

/// The files made from the whole archive ([`generated_files`]), as text.
fn derived_files(site: &Site, renderer: &Renderer) -> Vec<(String, Arc<str>)> {
    let (files, _) = generated_files(site, renderer);
    (files.into_iter())
        .map(|(k, bytes)| (k, Arc::from(String::from_utf8_lossy(&bytes).as_ref())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small archive on disk: three weekly meetings, two with a section of Team Ops.
    fn site() -> (tempfile::TempDir, SitePaths) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content/weekly");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"T\"\n[[teams]]\nname = \"Team Ops\"\n",
        )
        .unwrap();
        for (day, body) in [
            ("2024-01-04", "## Team Ops\n\n- Zuul upgrade\n"),
            ("2024-01-11", "## Notes\n\n- nothing for Ops\n"),
            ("2024-01-18", "## Team Ops\n\n- Zuul upgrade done\n"),
        ] {
            let text = format!("# Weekly {day}\n\n{body}");
            std::fs::write(content.join(format!("{day}.md")), text).unwrap();
        }
        let paths = SitePaths::new(Some(dir.path().to_path_buf()), None, None);
        (dir, paths)
    }

    fn edit(paths: &SitePaths, day: &str, from: &str, to: &str) -> Change {
        let file = paths.content.join(format!("weekly/{day}.md"));
        let text = std::fs::read_to_string(&file).unwrap().replace(from, to);
        std::fs::write(&file, text).unwrap();
        Change::Edited(vec![file])
    }

    /// An edit to one meeting's body parses that file alone and renders fewer pages
    /// than a full build, and the pages then equal a fresh build's.
    #[test]
    fn an_edit_reparses_one_file_and_equals_a_fresh_build() {
        let (_dir, paths) = site();
        let (mut state, first) = Incremental::build(paths.clone(), None).unwrap();
        assert!(first.full);
        let change = edit(&paths, "2024-01-11", "nothing for Ops", "still nothing");
        let done = state.update_pages(&change).unwrap();
        assert!(!done.full, "an edit inside a body is no full build");
        assert_eq!(done.parsed, 1);
        assert!(
            done.rendered > 0 && done.rendered < first.rendered,
            "{done:?}"
        );
        let page = "minutes/weekly/2024-01-11/index.html";
        assert!(state.pages()[page].contains("still nothing"));
        let (fresh, _) = Incremental::build(paths, None).unwrap();
        for (key, html) in fresh.pages() {
            if !state.derived_keys().contains(key) {
                assert_eq!(state.pages().get(key), Some(html), "{key} differs");
            }
        }
    }

    /// A file the site does not know (a new one) is a full build.
    #[test]
    fn an_unknown_file_rebuilds_everything() {
        let (_dir, paths) = site();
        let (mut state, _) = Incremental::build(paths.clone(), None).unwrap();
        let new = paths.content.join("weekly/2024-01-25.md");
        std::fs::write(&new, "# Weekly 2024-01-25\n").unwrap();
        let done = state.update_pages(&Change::Edited(vec![new])).unwrap();
        assert!(done.full);
        assert!(state
            .pages()
            .contains_key("minutes/weekly/2024-01-25/index.html"));
    }

    /// A broken template keeps the last good pages and makes the next update a full
    /// build, which succeeds once the template is fixed.
    #[test]
    fn a_failed_update_is_followed_by_a_full_build() {
        let (dir, paths) = site();
        let (mut state, _) = Incremental::build(paths.clone(), None).unwrap();
        let templates = dir.path().join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("meeting.html"), "{% broken").unwrap();
        assert!(state.update_pages(&Change::Full).is_err());
        std::fs::remove_file(templates.join("meeting.html")).unwrap();
        let change = edit(&paths, "2024-01-04", "Zuul upgrade", "Zuul upgrade started");
        let done = state.update_pages(&change).unwrap();
        assert!(done.full, "after a failure the state is rebuilt from disk");
        assert!(
            state.pages()["minutes/weekly/2024-01-04/index.html"].contains("Zuul upgrade started")
        );
    }
}
