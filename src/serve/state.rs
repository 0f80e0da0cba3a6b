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

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::links::LinkTargets;
use crate::markdown::outcomes::Outcome as Decided;
use crate::markdown::parse::{ParseContext, ParseSettings, ParsedMeeting};
use crate::markdown::references::Reference;
use crate::model::archive::{Archive, TeamEntry};
use crate::model::derived::{people_of, Derived};
use crate::model::inference;
use crate::model::issues::Issues;
use crate::model::people::People;
use crate::model::topics::{meeting_items, team_candidates, topics_of_team, MeetingItems, Topic};
use crate::outputs::site_files::{generated_files, key, site_files, Origin, SiteFiles};
use crate::render::inputs::Input;
use crate::render::{compile_templates, Page, Renderer, Templates};
use crate::site::{check_cross_refs, load_one, Site, SitePaths};
use crate::source::walk::SourceFile;

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
pub struct Outcome {
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
    ) -> Result<(Incremental, Outcome), Vec<Diagnostic>> {
        let site = Site::load(paths, base_url).map_err(|d| vec![d])?;
        let errors: Vec<Diagnostic> = site
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
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
        let renderer = Renderer::new(&templates, &site.config, &site.urls, &site.archive, &model);
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
        let outcome = Outcome {
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
    pub fn update(&mut self, change: &Change) -> Result<Outcome, Vec<Diagnostic>> {
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
        let renderer = Renderer::new(
            &self.templates,
            &self.site.config,
            &self.site.urls,
            &self.site.archive,
            &self.model,
        );
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
        let renderer = Renderer::new(
            &self.templates,
            &self.site.config,
            &self.site.urls,
            &self.site.archive,
            &self.model,
        );
        self.files = Arc::new(site_files(
            &self.site,
            &renderer,
            self.derived.iter().cloned(),
        )?);
        Ok(())
    }

    /// [`Self::update`] without the derived files: the pages that show what changed.
    pub fn update_pages(&mut self, change: &Change) -> Result<Outcome, Vec<Diagnostic>> {
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

    /// Meeting indices of edited files, or `None` when one of them is not a known
    /// minutes file (then the set of files changed and only a full build is right).
    fn edited_meetings(&self, files: &[PathBuf]) -> Option<Vec<usize>> {
        let content = &self.site.paths.content;
        let by_rel: HashMap<&Path, usize> = self
            .site
            .archive
            .meetings
            .iter()
            .enumerate()
            .map(|(i, m)| (m.source.rel.as_path(), i))
            .collect();
        // The watcher reports absolute paths; `--root` may be relative.
        let absolute = std::path::absolute(content).unwrap_or_else(|_| content.clone());
        let mut out = BTreeSet::new();
        for f in files {
            let rel = f
                .strip_prefix(content)
                .or_else(|_| f.strip_prefix(&absolute))
                .unwrap_or(f);
            let skipped = || self.site.archive.skipped.iter().any(|s| s == rel);
            let i = match by_rel.get(rel) {
                Some(&i) => i,
                // An undated file (a template for the scribe) is not part of the site.
                None if skipped() && content.join(rel).is_file() => continue,
                None => return None,
            };
            if !content.join(rel).is_file() {
                return None;
            }
            out.insert(i);
        }
        Some(out.into_iter().collect())
    }

    /// Re-parses edited files (and the files linking into them), re-assembles the
    /// archive, works out which inputs of the pages changed, and renders the pages
    /// that read one of them.
    fn update_edited(&mut self, edited: &[usize]) -> Result<Outcome, Vec<Diagnostic>> {
        if edited.is_empty() {
            // Only undated files changed: nothing of the site did.
            return Ok(Outcome::default());
        }
        let (fixed, diagnostics) = self.reparse(edited)?;
        let parsed = fixed.len();
        // An editor's save can arrive as two batches of events (a rename, then its
        // metadata): the second finds nothing new, and browsers need no second reload.
        let meetings = &self.site.archive.meetings;
        if fixed.iter().all(|(i, p)| meetings[*i].parsed == *p) {
            return Ok(Outcome {
                parsed,
                ..Outcome::default()
            });
        }
        // Without teams in `site.toml` the groups come from every file's headings: an
        // edit that changes them changes the sections of other files too. Edits that
        // leave the headings alone (most of a scribe's) cannot.
        let headings_kept =
            (fixed.iter()).all(|(i, p)| inference::same_headings(&meetings[*i].parsed, p));
        if let Some(inferred) = self.site.inferred.as_ref().filter(|_| !headings_kept) {
            let fresh: HashMap<usize, &ParsedMeeting> =
                fixed.iter().map(|(i, p)| (*i, p)).collect();
            let headings: Vec<inference::DatedParse> = (meetings.iter().enumerate())
                .map(|(i, m)| {
                    (
                        m.source.series.as_str(),
                        m.source.date,
                        fresh.get(&i).copied().unwrap_or(&m.parsed),
                    )
                })
                .collect();
            if inference::infer(&headings, &self.settings.matcher) != *inferred {
                let (fresh, outcome) =
                    Incremental::build(self.site.paths.clone(), self.base_url.as_deref())?;
                *self = fresh;
                return Ok(outcome);
            }
        }
        let before = self.apply(fixed, &diagnostics);
        let inputs = self.changed_inputs(&before);
        let (full, rendered) = self.rerender(&inputs, &before.shapes)?;
        Ok(Outcome {
            full,
            parsed,
            rendered,
            diagnostics,
        })
    }

    /// The edited files and those linking to a heading in one of them, parsed again,
    /// with their cross references checked. Errors leave the site as it was.
    fn reparse(&self, edited: &[usize]) -> Result<Reparsed, Vec<Diagnostic>> {
        let content = self.site.paths.content.clone();
        let archive = &self.site.archive;
        // Files linking to a heading in an edited file must be checked again: the
        // heading may have appeared or gone.
        let keys: HashSet<(&str, &str)> = edited
            .iter()
            .map(|&i| {
                (
                    archive.meetings[i].source.series.as_str(),
                    archive.meetings[i].source.stem.as_str(),
                )
            })
            .collect();
        let mut changed: BTreeSet<usize> = edited.iter().copied().collect();
        for (j, m) in archive.meetings.iter().enumerate() {
            if m.parsed
                .cross_refs
                .iter()
                .any(|r| keys.contains(&(r.target.0.as_str(), r.target.1.as_str())))
            {
                changed.insert(j);
            }
        }
        let changed: Vec<usize> = changed.into_iter().collect();

        let cx = ParseContext {
            settings: &self.settings,
            targets: &self.targets,
            urls: &self.site.urls,
        };
        let results: Vec<_> = changed
            .par_iter()
            .map(|&i| load_one(&content, &archive.meetings[i].source, &cx, &self.site.urls))
            .collect();
        let mut diagnostics = Vec::new();
        let mut fresh: HashMap<usize, ParsedMeeting> = HashMap::new();
        for (&i, (parsed, d)) in changed.iter().zip(results) {
            diagnostics.extend(d);
            if let Some((_, p)) = parsed {
                fresh.insert(i, p);
            }
        }
        let errors: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        // Cross references are checked on the re-parsed files plus the files they link
        // to (those with their own links cleared, so that only the new files change).
        let index = archive.meeting_index();
        let mut slice: Vec<(SourceFile, ParsedMeeting)> = changed
            .iter()
            .map(|&i| {
                (
                    archive.meetings[i].source.clone(),
                    fresh.remove(&i).expect("parsed above"),
                )
            })
            .collect();
        let mut linked: BTreeSet<usize> = BTreeSet::new();
        for (_, p) in &slice {
            for r in &p.cross_refs {
                if let Some(&t) = index.get(&(r.target.0.as_str(), r.target.1.as_str())) {
                    if !changed.contains(&t) {
                        linked.insert(t);
                    }
                }
            }
        }
        for &t in &linked {
            let m = &archive.meetings[t];
            let mut p = m.parsed.clone();
            p.cross_refs.clear();
            slice.push((m.source.clone(), p));
        }
        check_cross_refs(&content, &mut slice, &mut diagnostics);
        slice.truncate(changed.len());
        let fixed: Vec<(usize, ParsedMeeting)> = changed
            .iter()
            .copied()
            .zip(slice.into_iter().map(|(_, p)| p))
            .collect();
        Ok((fixed, diagnostics))
    }

    /// Puts re-parsed files into the archive (re-assembling it when titles or teams of
    /// sections changed) and replaces their findings; returns what the archive was.
    fn apply(&mut self, fixed: Vec<(usize, ParsedMeeting)>, diagnostics: &[Diagnostic]) -> Before {
        let content = self.site.paths.content.clone();
        let changed: Vec<usize> = fixed.iter().map(|(i, _)| *i).collect();
        let archive = &self.site.archive;
        let old_shapes = team_shapes(archive, self.site.config.timeline_split);
        let old_entries: Vec<Vec<TeamEntry>> =
            archive.teams.iter().map(|t| t.entries.clone()).collect();
        let touched: BTreeSet<usize> = changed.iter().flat_map(|&i| teams_of(archive, i)).collect();
        let candidates_before: HashMap<usize, Vec<(usize, usize, String)>> = touched
            .iter()
            .map(|&t| (t, team_candidates(archive, &self.items, t, &changed)))
            .collect();
        let old_meetings: Vec<MeetingShape> =
            archive.meetings.iter().map(MeetingShape::of).collect();
        let old_parsed: Vec<ParsedMeeting> = changed
            .iter()
            .map(|&i| archive.meetings[i].parsed.clone())
            .collect();
        // Everything `Archive::assemble` derives from a parsed file is its title and its
        // sections' teams. When neither changed, the new parse is put in place; otherwise
        // the archive is re-assembled from the parsed files it holds (moved, not copied).
        let same_shape = fixed.iter().all(|(i, p)| {
            let old = &archive.meetings[*i].parsed;
            old.title == p.title
                && old.sections.len() == p.sections.len()
                && old
                    .sections
                    .iter()
                    .zip(&p.sections)
                    .all(|(a, b)| a.team == b.team)
        });
        if same_shape {
            for (i, p) in fixed {
                self.site.archive.meetings[i].parsed = p;
            }
        } else {
            let mut parsed: Vec<(SourceFile, ParsedMeeting)> =
                std::mem::take(&mut self.site.archive.meetings)
                    .into_iter()
                    .map(|m| (m.source, m.parsed))
                    .collect();
            for (i, p) in fixed {
                parsed[i].1 = p;
            }
            let a = &self.site.archive;
            let (skipped, assets) = (a.skipped.clone(), a.assets.clone());
            self.site.archive = Archive::assemble(
                &self.site.config,
                &self.settings.matcher,
                parsed,
                skipped,
                assets,
            );
        }
        for &i in &changed {
            self.items[i] = MeetingItems::of(&self.site.archive.meetings[i]);
        }

        // Findings about the re-parsed files replace their old ones.
        let files: HashSet<PathBuf> = changed
            .iter()
            .map(|&i| content.join(&self.site.archive.meetings[i].source.rel))
            .collect();
        self.site.diagnostics.retain(|d| !files.contains(&d.file));
        self.site.diagnostics.extend(diagnostics.iter().cloned());
        self.site
            .diagnostics
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        self.derived_stale = true;

        Before {
            shapes: old_shapes,
            entries: old_entries,
            meetings: old_meetings,
            parsed: changed.iter().copied().zip(old_parsed).collect(),
            touched,
            candidates: candidates_before,
        }
    }

    /// What an update changed, in the terms page contexts read the archive in (see
    /// [`crate::render::inputs`]), topics included.
    fn changed_inputs(&mut self, before: &Before) -> HashSet<Input> {
        let archive = &self.site.archive;
        let (old_entries, old_meetings) = (&before.entries, &before.meetings);
        let mut inputs: HashSet<Input> = HashSet::new();
        let anchors = |p: &ParsedMeeting| -> Vec<String> {
            p.sections.iter().map(|s| s.anchor.clone()).collect()
        };
        for (i, old) in &before.parsed {
            let i = *i;
            let new = &archive.meetings[i].parsed;
            if new != old {
                inputs.insert(Input::Meeting(i));
            }
            if anchors(new) != anchors(old) {
                inputs.insert(Input::Outline(i));
            }
            // Where an outcome sits is the heading above it and the section around it.
            let ids = |p: &ParsedMeeting| -> Vec<String> {
                (p.blocks.iter())
                    .filter_map(|b| b.heading.as_ref().map(|h| h.id.clone()))
                    .collect()
            };
            let heads = |p: &ParsedMeeting| -> Vec<(usize, String)> {
                (p.blocks.iter().enumerate())
                    .filter_map(|(k, b)| b.heading.as_ref().map(|h| (k, h.id.clone())))
                    .collect()
            };
            if heads(new) != heads(old) {
                inputs.insert(Input::Headings(i));
            }
            let has_outcomes = !new.outcomes.is_empty() || !old.outcomes.is_empty();
            if placed(new).0 != placed(old).0
                || (has_outcomes && (ids(new) != ids(old) || new.sections != old.sections))
            {
                inputs.insert(Input::Outcomes);
            }
        }
        for (i, (m, old)) in archive.meetings.iter().zip(old_meetings).enumerate() {
            let new = MeetingShape::of(m);
            if new != *old {
                inputs.insert(Input::Meeting(i));
            }
            if new.title != old.title {
                inputs.insert(Input::Title(i));
            }
            if new.section_teams != old.section_teams {
                inputs.insert(Input::Outline(i));
                if !m.parsed.outcomes.is_empty() {
                    inputs.insert(Input::Outcomes);
                }
            }
        }
        for (t, old) in old_entries.iter().enumerate() {
            if archive.teams.get(t).is_none_or(|team| team.entries != *old) {
                inputs.insert(Input::Timeline(t));
            }
        }
        self.refresh_topics(before, &mut inputs);
        // People and issue threads come from every meeting: worked out again only when
        // what they are made of changed in a re-parsed file.
        let about = |p: &ParsedMeeting| {
            let (outcomes, references) = placed(p);
            (p.attendees.clone(), p.scribes.clone(), outcomes, references)
        };
        let named = (before.parsed.iter())
            .any(|(i, old)| about(&self.site.archive.meetings[*i].parsed) != about(old));
        // (A heading naming a repository resolves the `#12` below it.)
        let headings = inputs.iter().any(|x| matches!(x, Input::Headings(_)));
        if !named && !headings {
            return inputs;
        }
        let people = people_of(&self.site.archive, &self.site.config);
        if people != self.model.people {
            inputs.insert(Input::People);
            let who = |p: &People| -> Vec<(String, String)> {
                (p.list.iter())
                    .map(|x| (x.name.clone(), x.slug.clone()))
                    .collect()
            };
            if who(&people) != who(&self.model.people) || !people.same_keys(&self.model.people) {
                inputs.insert(Input::Directory);
            }
            self.model.people = people;
        }
        let issues = Issues::of(&self.site.archive.meetings);
        if issues != self.model.issues {
            inputs.insert(Input::Issues);
            self.model.issues = issues;
        }
        inputs
    }

    /// Computes again the topics of the teams whose entries or topic candidates an
    /// update changed (of every team when teams came or went), noting those that differ.
    fn refresh_topics(&mut self, before: &Before, inputs: &mut HashSet<Input>) {
        let archive = &self.site.archive;
        let changed: Vec<usize> = before.parsed.iter().map(|(i, _)| *i).collect();
        let (old_shapes, old_entries) = (&before.shapes, &before.entries);
        let mut touched = before.touched.clone();
        touched.extend(changed.iter().flat_map(|&i| teams_of(archive, i)));
        let teams_now = archive.teams.len();
        // Teams appearing, going or renamed move every team's index: all topics anew.
        let same_teams = teams_now == old_shapes.len()
            && (archive.teams.iter().zip(old_shapes))
                .all(|(t, (name, slug, _))| t.name == *name && t.slug == *slug);
        let redo: Vec<usize> = if !same_teams {
            (0..teams_now).collect()
        } else {
            // Topics of a team change only when its entries or their candidates did.
            touched
                .iter()
                .copied()
                .filter(|&t| {
                    old_entries[t] != archive.teams[t].entries
                        || before.candidates.get(&t)
                            != Some(&team_candidates(archive, &self.items, t, &changed))
                })
                .collect()
        };
        let fresh: Vec<(usize, Vec<Topic>)> = redo
            .par_iter()
            .map(|&t| (t, topics_of_team(archive, &self.items, t)))
            .collect();
        self.model.topics.resize(teams_now, Vec::new());
        for (t, topics) in fresh {
            if topics != self.model.topics[t] {
                inputs.insert(Input::Topics(t));
                self.model.topics[t] = topics;
            }
        }
    }

    /// Renders the pages that read a changed input and whose context is not the same
    /// as before; everything when the set of pages or a team's name, slug or split
    /// changed. Returns whether everything was rendered, and how many pages were.
    fn rerender(
        &mut self,
        inputs: &HashSet<Input>,
        old_shapes: &[TeamShape],
    ) -> Result<(bool, usize), Vec<Diagnostic>> {
        let archive = &self.site.archive;
        let renderer = Renderer::new(
            &self.templates,
            &self.site.config,
            &self.site.urls,
            archive,
            &self.model,
        );
        // A page added or gone, or a team renamed or split, changes links on pages that
        // read nothing that changed: everything is rendered again.
        let pages_now = renderer.pages();
        // A person's page moves when their slug does (a new spelling became the most
        // common one), a repository's when another takes its index, a topic's when
        // another takes its index.
        let person_moved = |p: &Page| {
            matches!(p, Page::Person(_) | Page::Repository(..) | Page::Topic(..))
                && self.views.get(p).map(|v| &v.path) != Some(&key(&renderer.output_path(*p)))
        };
        let full = team_shapes(archive, self.site.config.timeline_split) != old_shapes
            || pages_now.len() != self.views.len()
            || pages_now
                .iter()
                .any(|p| !self.views.contains_key(p) || person_moved(p));
        let pages: Vec<Page> = if full {
            pages_now
        } else {
            // Both sorted: one merge per page instead of a hash look-up per read (a
            // site of 5,200 weeks notes some 200,000 reads).
            let mut changed: Vec<Input> = inputs.iter().copied().collect();
            changed.sort_unstable();
            self.views
                .iter()
                .filter(|(_, v)| sorted_meet(&v.reads, &changed))
                .map(|(&p, _)| p)
                .collect()
        };
        let rendered =
            render_pages(&renderer, &pages, (!full).then_some(&self.views)).map_err(|d| vec![d])?;
        let published = archive.published_assets();
        if full || published != self.published {
            let files = site_files(&self.site, &renderer, self.derived.iter().cloned());
            self.files = Arc::new(files.map_err(|d| vec![d])?);
        }
        self.published = published;
        if full {
            self.views.clear();
            let keep: Vec<(String, Arc<str>)> = self
                .derived
                .iter()
                .filter_map(|k| self.pages.get(k).map(|v| (k.clone(), v.clone())))
                .collect();
            self.pages = keep.into_iter().collect();
        }
        let mut count = 0;
        for r in rendered {
            if let Some((key, html)) = r.html {
                self.pages.insert(key, html);
                count += 1;
            }
            self.views.insert(r.page, r.view);
        }
        Ok((full, count))
    }
}

/// The files made from the whole archive ([`generated_files`]), as text.
fn derived_files(site: &Site, renderer: &Renderer) -> Vec<(String, Arc<str>)> {
    let (files, _) = generated_files(site, renderer);
    (files.into_iter())
        .map(|(k, bytes)| (k, Arc::from(String::from_utf8_lossy(&bytes).as_ref())))
        .collect()
}

/// Re-parsed files by meeting index, and the findings about them.
type Reparsed = (Vec<(usize, ParsedMeeting)>, Vec<Diagnostic>);

/// A team's name, slug, and whether its timeline is split by year.
type TeamShape = (String, String, bool);

fn team_shapes(archive: &Archive, timeline_split: usize) -> Vec<TeamShape> {
    (archive.teams.iter())
        .map(|t| {
            (
                t.name.clone(),
                t.slug.clone(),
                t.split_by_year(timeline_split),
            )
        })
        .collect()
}

/// What the archive was before an update, as far as finding what changed needs.
struct Before {
    shapes: Vec<TeamShape>,
    entries: Vec<Vec<TeamEntry>>,
    meetings: Vec<MeetingShape>,
    /// The re-parsed meetings' old parse.
    parsed: Vec<(usize, ParsedMeeting)>,
    /// Teams whose timeline showed a re-parsed meeting.
    touched: BTreeSet<usize>,
    /// Their topic candidates in the re-parsed meetings.
    candidates: HashMap<usize, Vec<(usize, usize, String)>>,
}

/// What `Archive::assemble` gives a meeting besides its parsed text.
#[derive(PartialEq)]
struct MeetingShape {
    title: String,
    section_teams: Vec<usize>,
    prev: Option<usize>,
    next: Option<usize>,
}

impl MeetingShape {
    fn of(m: &crate::model::archive::Meeting) -> MeetingShape {
        MeetingShape {
            title: m.title.clone(),
            section_teams: m.section_teams.clone(),
            prev: m.prev,
            next: m.next,
        }
    }
}

/// Whether two sorted lists share an element.
fn sorted_meet(a: &[Input], b: &[Input]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// A meeting's outcomes and references without their line numbers, which only
/// `check` shows: a line added above them moves no page.
fn placed(p: &ParsedMeeting) -> (Vec<Decided>, Vec<Reference>) {
    let outcomes = (p.outcomes.iter())
        .map(|o| Decided {
            line: 0,
            ..o.clone()
        })
        .collect();
    let references = (p.references.iter())
        .map(|r| Reference {
            line: 0,
            ..r.clone()
        })
        .collect();
    (outcomes, references)
}

/// Teams whose timeline shows meeting `i`.
fn teams_of(archive: &Archive, i: usize) -> Vec<usize> {
    let mut out = archive.meetings[i].section_teams.clone();
    out.extend(archive.series[archive.series_of(i)].team);
    out
}

/// What a page was last rendered from: the inputs its context read, and the context's
/// fingerprint.
struct View {
    reads: Vec<Input>,
    fingerprint: u64,
    /// Output path, `/`-separated.
    path: String,
}

/// A page whose context was built: its view, and its HTML unless the context was the
/// same as before.
struct Rendered {
    page: Page,
    view: View,
    html: Option<(String, Arc<str>)>,
}

/// Builds the contexts of `pages` and renders those whose context differs from
/// `before` (all of them without `before`).
fn render_pages(
    renderer: &Renderer,
    pages: &[Page],
    before: Option<&HashMap<Page, View>>,
) -> Result<Vec<Rendered>, Diagnostic> {
    pages
        .par_iter()
        .map(|&page| {
            let cx = renderer.context(page, true);
            let fingerprint = cx.fingerprint().expect("asked for");
            let same = before
                .and_then(|b| b.get(&page))
                .is_some_and(|v| v.fingerprint == fingerprint);
            let path = key(&renderer.output_path(page));
            let html = if same {
                None
            } else {
                let html = renderer.render_context(&cx)?;
                Some((path.clone(), Arc::from(html)))
            };
            Ok(Rendered {
                page,
                view: View {
                    reads: cx.reads,
                    fingerprint,
                    path,
                },
                html,
            })
        })
        .collect()
}

/// What a request path is answered with.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A rendered page or a generated file.
    Page(Arc<str>),
    /// A built-in static file.
    Builtin(&'static [u8]),
    /// A file on disk (site static file or content asset).
    File(PathBuf),
}

/// Looks up `rel` (`a/b/index.html`, no `..`, no leading `/`) in a built site's list of
/// files, as `build` would have written it.
pub fn answer(files: &SiteFiles, pages: &Pages, rel: &str) -> Option<Answer> {
    match files.get(rel)? {
        Origin::Page(_) | Origin::Generated => pages.get(rel).cloned().map(Answer::Page),
        Origin::Builtin(bytes) => Some(Answer::Builtin(bytes)),
        // Checked again: the file may have been replaced by a link since it was listed.
        Origin::Copied(path) => std::fs::symlink_metadata(path)
            .is_ok_and(|m| m.is_file())
            .then(|| Answer::File(path.clone())),
    }
}
