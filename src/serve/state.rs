//! Rebuilding in memory for `serve`: a full build once, then, for an edit to existing
//! minutes files, re-parsing only those files and re-rendering only the pages that show
//! them.
//!
//! A file's date, series and stem come from its path, so an edit never moves a meeting:
//! meeting indices stay the same and the archive is re-assembled (cheap, no parsing)
//! from the parsed files it already holds. Which pages can change follows from what each
//! page's context reads (see `render.rs`): the meeting itself, its neighbours (their
//! prev/next links show its title), its week, its series, the pages of the teams whose
//! entries or topic threads it changed (topics are recomputed for those teams only),
//! the scribes page, the team list, the search page and the home page. Anything the
//! analysis does not cover (teams appearing or disappearing, a timeline becoming split,
//! a topics page appearing or going, files added or removed, templates, `site.toml`)
//! falls back to a full build. The files made from the whole archive (search index,
//! sitemap, feeds) are a separate step, [`Incremental::refresh_derived`], so that
//! `serve` can reload browsers before it. The result equals a cold `build` byte for
//! byte; `tests/incremental.rs` checks that.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Datelike;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::links::LinkTargets;
use crate::markdown::parse::{ParseContext, ParsedMeeting};
use crate::markdown::team_sections::TeamMatcher;
use crate::model::archive::{Archive, EntryKind, TeamEntry};
use crate::model::topics::{meeting_items, team_candidates, topics_of_team, MeetingItems, Topic};
use crate::render::{load_templates, topic_mentions, Page, Renderer, Templates, DEFAULT_STATIC};
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
    matcher: TeamMatcher,
    targets: LinkTargets,
    pages: Pages,
    /// Topic candidates of each meeting and topics of each team, kept between edits:
    /// an edit recomputes the topics of the teams whose candidates changed only.
    items: Vec<MeetingItems>,
    topics: Vec<Vec<Topic>>,
    /// Output keys of the files made from the whole site (search index, sitemap,
    /// feeds), and whether `pages` holds them as of the last update.
    derived: HashSet<String>,
    derived_stale: bool,
    /// Set when an update failed half-way: the state no longer matches the disk, so the
    /// next update must start from scratch.
    stale: bool,
}

/// Per team: the parts of its summary that every page of the team shows.
type TeamSignature = (usize, Option<(usize, EntryKind, String)>);

impl Incremental {
    /// Loads and renders the whole site. Errors (broken `site.toml` or template, an
    /// unreadable file, a page that fails to render) are returned, not printed.
    pub fn load(
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
        let templates = load_templates(&site.paths.templates()).map_err(|d| vec![d])?;
        let matcher = TeamMatcher::new(&site.config);
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
        let renderer = Renderer::new(&templates, &site.config, &site.urls, &site.archive, &topics);
        let all = renderer.pages();
        let mut pages: Pages = render_pages(&renderer, &all)
            .map_err(|d| vec![d])?
            .into_iter()
            .collect();
        let extra = derived_files(&site, &renderer);
        let derived = extra.iter().map(|(k, _)| k.clone()).collect();
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
            matcher,
            targets,
            pages,
            items,
            topics,
            derived,
            derived_stale: false,
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
            &self.topics,
        );
        let extra = derived_files(&self.site, &renderer);
        self.derived = extra.iter().map(|(k, _)| k.clone()).collect();
        self.pages.extend(extra);
        self.derived_stale = false;
    }

    /// [`Self::update`] without the derived files: the pages that show what changed.
    pub fn update_pages(&mut self, change: &Change) -> Result<Outcome, Vec<Diagnostic>> {
        let edited = match change {
            Change::Edited(files) if !self.stale => self.edited_meetings(files),
            _ => None,
        };
        let result = match edited {
            Some(edited) => self.update_edited(&edited),
            None => Incremental::load(self.site.paths.clone(), self.base_url.as_deref()).map(
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

    fn update_edited(&mut self, edited: &[usize]) -> Result<Outcome, Vec<Diagnostic>> {
        if edited.is_empty() {
            // Only undated files changed: nothing of the site did.
            return Ok(Outcome::default());
        }
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
            matcher: &self.matcher,
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
        // An editor's save can arrive as two batches of events (a rename, then its
        // metadata): the second finds nothing new, and browsers need no second reload.
        if fixed.iter().all(|(i, p)| archive.meetings[*i].parsed == *p) {
            return Ok(Outcome {
                parsed: changed.len(),
                ..Outcome::default()
            });
        }

        let old_teams = team_shapes(&self.site);
        let old_signatures = team_signatures(archive);
        let old_entries: Vec<Vec<TeamEntry>> =
            archive.teams.iter().map(|t| t.entries.clone()).collect();
        let mut touched: BTreeSet<usize> =
            changed.iter().flat_map(|&i| teams_of(archive, i)).collect();
        let candidates_before: HashMap<usize, Vec<(usize, usize, String)>> = touched
            .iter()
            .map(|&t| (t, team_candidates(archive, &self.items, t, &changed)))
            .collect();
        let shown_before: HashMap<usize, Vec<String>> = touched
            .iter()
            .map(|&t| (t, shown_entries(archive, t, &changed)))
            .collect();
        // What the scribes page shows of a meeting.
        let people_row = |a: &Archive, i: usize| {
            let m = &a.meetings[i];
            (m.title.clone(), m.parsed.scribes.clone())
        };
        let old_people: Vec<_> = changed.iter().map(|&i| people_row(archive, i)).collect();
        // Section anchors are part of the links into team timelines and topics pages.
        let anchors = |a: &Archive, i: usize| -> Vec<String> {
            a.meetings[i]
                .parsed
                .sections
                .iter()
                .map(|s| s.anchor.clone())
                .collect()
        };
        let old_anchors: Vec<Vec<String>> = changed.iter().map(|&i| anchors(archive, i)).collect();

        let old_rows: Vec<Row> = changed.iter().map(|&i| series_row(archive, i)).collect();
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
            self.site.archive =
                Archive::assemble(&self.site.config, &self.matcher, parsed, skipped, assets);
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

        let archive = &self.site.archive;
        let mut full = team_shapes(&self.site) != old_teams;
        touched.extend(changed.iter().flat_map(|&i| teams_of(archive, i)));
        // Topics of a team change only when its entries or their candidates did.
        let mut old_topics: HashMap<usize, Vec<Topic>> = HashMap::new();
        if full {
            self.topics = (0..archive.teams.len())
                .into_par_iter()
                .map(|t| topics_of_team(archive, &self.items, t))
                .collect();
        } else {
            let redo: Vec<usize> = touched
                .iter()
                .copied()
                .filter(|&t| {
                    old_entries[t] != archive.teams[t].entries
                        || candidates_before.get(&t)
                            != Some(&team_candidates(archive, &self.items, t, &changed))
                })
                .collect();
            let fresh: Vec<(usize, Vec<Topic>)> = redo
                .par_iter()
                .map(|&t| (t, topics_of_team(archive, &self.items, t)))
                .collect();
            for (t, topics) in fresh {
                if topics != self.topics[t] {
                    // A topics page appearing or going changes the set of pages.
                    full |= topics.is_empty() != self.topics[t].is_empty();
                    old_topics.insert(t, std::mem::replace(&mut self.topics[t], topics));
                }
            }
        }
        let renderer = Renderer::new(
            &self.templates,
            &self.site.config,
            &self.site.urls,
            archive,
            &self.topics,
        );
        let pages: Vec<Page> = if full {
            renderer.pages()
        } else {
            let new_signatures = team_signatures(archive);
            let entries_changed =
                (0..archive.teams.len()).any(|t| old_entries[t] != archive.teams[t].entries);
            // The home page has the team summaries and the activity map; the team list
            // and the search page (for browsers without JavaScript) the summaries.
            let summaries_changed = old_signatures != new_signatures || entries_changed;
            // The home page shows the latest meeting in full, with its neighbours' links.
            let latest = archive
                .latest_all_teams()
                .or_else(|| archive.meetings.len().checked_sub(1));
            let near_latest = latest.is_some_and(|l| {
                let m = &archive.meetings[l];
                changed
                    .iter()
                    .any(|&i| i == l || Some(i) == m.prev || Some(i) == m.next)
            });
            let mut pages = Vec::new();
            if summaries_changed || near_latest {
                pages.push(Page::Index);
            }
            if summaries_changed {
                pages.push(Page::Teams);
                pages.push(Page::Search);
            }
            if changed
                .iter()
                .zip(&old_people)
                .any(|(&i, old)| people_row(archive, i) != *old)
            {
                pages.push(Page::People);
            }
            for (k, &i) in changed.iter().enumerate() {
                let m = &archive.meetings[i];
                pages.push(Page::Meeting(i));
                pages.extend(m.prev.map(Page::Meeting));
                pages.extend(m.next.map(Page::Meeting));
                pages.extend(
                    archive
                        .weeks
                        .iter()
                        .position(|w| w.meetings.contains(&i))
                        .map(Page::Week),
                );
                // A series page lists every meeting by title and teams: only those matter.
                if series_row(archive, i) != old_rows[k] {
                    pages.extend(
                        archive
                            .series
                            .iter()
                            .position(|s| s.name == m.source.series)
                            .map(Page::Series),
                    );
                }
            }
            let moved_anchors: Vec<usize> = changed
                .iter()
                .zip(&old_anchors)
                .filter(|(&i, old)| anchors(archive, i) != **old)
                .map(|(&i, _)| i)
                .collect();
            for &t in &touched {
                let team = &archive.teams[t];
                let summary_changed =
                    old_signatures[t] != new_signatures[t] || old_entries[t] != team.entries;
                // An edit elsewhere in the meeting leaves this team's pages as they were.
                let unchanged = !summary_changed
                    && moved_anchors.is_empty()
                    && !old_topics.contains_key(&t)
                    && shown_before.get(&t) == Some(&shown_entries(archive, t, &changed));
                if unchanged {
                    continue;
                }
                pages.push(Page::Team(t, None));
                let topics_page =
                    summary_changed || !moved_anchors.is_empty() || old_topics.contains_key(&t);
                if topics_page && !self.topics[t].is_empty() {
                    pages.push(Page::Topics(t));
                }
                if team.entries.len() <= self.site.config.timeline_split {
                    continue;
                }
                let year_of = |e: &TeamEntry| archive.meetings[e.meeting].date().year();
                let mut years: BTreeSet<i32> = BTreeSet::new();
                if summary_changed {
                    // Its summary (count, latest entry) is on every year page.
                    years.extend(team.entries.iter().map(year_of));
                } else {
                    years.extend(changed.iter().map(|&i| archive.meetings[i].date().year()));
                    // Entries linking to an entry whose anchor moved.
                    if !moved_anchors.is_empty() {
                        let mentions = topic_mentions(team.entries.len(), &self.topics[t]);
                        for (e, m) in team.entries.iter().zip(&mentions) {
                            let links_moved = m
                                .iter()
                                .flat_map(|(_, _, o)| o)
                                .any(|(x, _)| moved_anchors.contains(&team.entries[*x].meeting));
                            if links_moved {
                                years.insert(year_of(e));
                            }
                        }
                    }
                    // Entries whose "also on" links changed, wherever they are.
                    if let Some(before) = old_topics.get(&t) {
                        let n = team.entries.len();
                        let old = topic_mentions(n, before);
                        let new = topic_mentions(n, &self.topics[t]);
                        for (e, (a, b)) in team.entries.iter().zip(old.iter().zip(&new)) {
                            if a != b {
                                years.insert(year_of(e));
                            }
                        }
                    }
                }
                pages.extend(years.into_iter().map(|y| Page::Team(t, Some(y))));
            }
            let mut seen = Vec::with_capacity(pages.len());
            for p in pages {
                if !seen.contains(&p) {
                    seen.push(p);
                }
            }
            seen
        };
        let rendered = render_pages(&renderer, &pages).map_err(|d| vec![d])?;
        let count = rendered.len();
        if full {
            let keep: Vec<(String, Arc<str>)> = self
                .derived
                .iter()
                .filter_map(|k| self.pages.get(k).map(|v| (k.clone(), v.clone())))
                .collect();
            self.pages = rendered.into_iter().collect();
            self.pages.extend(keep);
        } else {
            self.pages.extend(rendered);
        }
        Ok(Outcome {
            full,
            parsed: changed.len(),
            rendered: count,
            diagnostics,
        })
    }
}

/// Files a build writes from the whole site besides pages, static files and content
/// assets (the search index, the sitemap, robots.txt, .nojekyll, the feeds), by output
/// path. Whatever else `outputs::write::render_into` comes to write must be produced here too,
/// so that `serve` keeps matching a cold `build` (`tests/incremental.rs` compares every
/// file a build writes).
fn derived_files(site: &Site, renderer: &Renderer) -> Vec<(String, Arc<str>)> {
    let index = crate::outputs::search_index::build_json(&site.archive, &site.urls);
    let index_path = output_key(&site.urls.output_file(&site.urls.search_index()));
    let mut out = vec![(index_path, Arc::from(index))];
    for (rel, bytes) in crate::outputs::site_files::site_files(site, renderer) {
        out.push((
            output_key(&rel),
            Arc::from(String::from_utf8_lossy(&bytes).as_ref()),
        ));
    }
    out
}

/// Teams (name, slug, split) in order: when this changes, pages of other meetings may
/// link differently, so everything is rendered again.
fn team_shapes(site: &Site) -> Vec<(String, String, bool)> {
    site.archive
        .teams
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                t.slug.clone(),
                t.entries.len() > site.config.timeline_split,
            )
        })
        .collect()
}

fn team_signatures(archive: &Archive) -> Vec<TeamSignature> {
    archive
        .teams
        .iter()
        .map(|t| {
            let first = t.entries.first().map(|e| {
                let anchor = match e.kind {
                    EntryKind::Section(k) => archive.meetings[e.meeting].parsed.sections[k]
                        .anchor
                        .clone(),
                    EntryKind::Meeting => String::new(),
                };
                (e.meeting, e.kind, anchor)
            });
            (t.entries.len(), first)
        })
        .collect()
}

/// What a team's pages show of its entries from some meetings, in timeline order.
fn shown_entries(archive: &Archive, team: usize, meetings: &[usize]) -> Vec<String> {
    archive.teams[team]
        .entries
        .iter()
        .filter(|e| meetings.contains(&e.meeting))
        .map(|e| crate::render::entry_content(archive, e))
        .collect()
}

/// What a series page shows of a meeting: its title and its teams.
type Row = (String, Vec<String>);

fn series_row(archive: &Archive, i: usize) -> Row {
    let m = &archive.meetings[i];
    let teams = m
        .section_teams
        .iter()
        .map(|&t| archive.teams[t].name.clone())
        .collect();
    (m.title.clone(), teams)
}

/// Teams whose timeline shows meeting `i`.
fn teams_of(archive: &Archive, i: usize) -> Vec<usize> {
    let m = &archive.meetings[i];
    let mut out = m.section_teams.clone();
    out.extend(
        archive
            .series
            .iter()
            .find(|s| s.name == m.source.series)
            .and_then(|s| s.team),
    );
    out
}

fn render_pages(
    renderer: &Renderer,
    pages: &[Page],
) -> Result<Vec<(String, Arc<str>)>, Diagnostic> {
    pages
        .par_iter()
        .map(|&page| {
            let html = renderer.render(page)?;
            Ok((output_key(&renderer.output_path(page)), Arc::from(html)))
        })
        .collect()
}

/// `/`-separated key of an output path.
fn output_key(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a request path (relative to the base path, already checked to stay inside the
/// site) is served from, with the precedence `build` writes files in: the site's
/// `static/` over built-in static files over pages over content assets.
#[derive(Debug, Clone)]
pub enum Resolved {
    /// A rendered page.
    Page(Arc<str>),
    /// A built-in static file.
    Builtin(&'static [u8]),
    /// A file on disk (site static file or content asset).
    File(PathBuf),
}

/// Looks up `rel` (`a/b/index.html`, no `..`, no leading `/`) in a built site.
pub fn resolve(
    paths: &SitePaths,
    assets: &HashSet<String>,
    pages: &Pages,
    rel: &str,
) -> Option<Resolved> {
    let static_dir = paths.static_dir();
    if let Some(p) = regular_file_under(&static_dir, rel) {
        return Some(Resolved::File(p));
    }
    if let Some((_, bytes)) = DEFAULT_STATIC.iter().find(|(n, _)| *n == rel) {
        return Some(Resolved::Builtin(bytes));
    }
    if let Some(page) = pages.get(rel) {
        return Some(Resolved::Page(page.clone()));
    }
    if assets.contains(rel) {
        return regular_file_under(&paths.content, rel).map(Resolved::File);
    }
    None
}

/// `dir/rel` when it is a regular file reached without symbolic links (as `build`
/// copies them: it does not follow links).
fn regular_file_under(dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut p = dir.to_path_buf();
    for seg in rel.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." || seg.contains('\\') {
            return None;
        }
        p.push(seg);
        if std::fs::symlink_metadata(&p).ok()?.file_type().is_symlink() {
            return None;
        }
    }
    p.is_file().then_some(p)
}

/// Content assets as `/`-separated keys.
pub fn asset_keys(site: &Site) -> HashSet<String> {
    site.archive.assets.iter().map(|p| output_key(p)).collect()
}
