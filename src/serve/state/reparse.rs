//! After an edit: which meetings must be parsed again (the edited files, and the
//! files that link a heading of theirs), parsing them, and putting them into the
//! archive, which is assembled again from the parses it holds.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::shapes::{team_shapes, teams_of, Before, MeetingShape};
use super::{Incremental, Rebuilt};
use crate::diagnostics::{errors_in, Diagnostic};
use crate::markdown::parse::{ParseContext, ParsedMeeting};
use crate::model::archive::{Archive, TeamEntry};
use crate::model::inference;
use crate::model::topics::{team_candidates, MeetingItems};
use crate::site::{check_cross_refs, load_one};
use crate::source::walk::SourceFile;

impl Incremental {
    /// Meeting indices of edited files, or `None` when one of them is not a known
    /// minutes file (then the set of files changed and only a full build is right).
    pub(super) fn edited_meetings(&self, files: &[PathBuf]) -> Option<Vec<usize>> {
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
            // A file that became one of many meetings: they come, the others go.
            let meetings = &self.site.archive.meetings;
            if by_rel
                .get(rel)
                .is_some_and(|&i| meetings[i].source.part.is_some())
            {
                // A file of many meetings: each is parsed again, if they are the same.
                let parts: Vec<usize> = (0..meetings.len())
                    .filter(|&i| meetings[i].source.rel == rel)
                    .collect();
                let sources: Vec<_> = parts.iter().map(|&i| &meetings[i].source).collect();
                if !crate::site::same_parts(&content.join(rel), &sources) {
                    return None;
                }
                out.extend(parts);
                continue;
            }
            if crate::site::holds_meetings(&content.join(rel), by_rel.contains_key(rel)) {
                return None;
            }
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
    pub(super) fn update_edited(&mut self, edited: &[usize]) -> Result<Rebuilt, Vec<Diagnostic>> {
        if edited.is_empty() {
            // Only undated files changed: nothing of the site did.
            return Ok(Rebuilt::default());
        }
        let (fixed, diagnostics) = self.reparse(edited)?;
        let parsed = fixed.len();
        // An editor's save can arrive as two batches of events (a rename, then its
        // metadata): the second finds nothing new, and browsers need no second reload.
        let meetings = &self.site.archive.meetings;
        if fixed.iter().all(|(i, p)| meetings[*i].parsed == *p) {
            return Ok(Rebuilt {
                parsed,
                ..Rebuilt::default()
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
        Ok(Rebuilt {
            full,
            parsed,
            rendered,
            diagnostics,
        })
    }

    /// The edited files and those linking to a heading in one of them, parsed again,
    /// with their cross references checked. Errors leave the site as it was.
    pub(super) fn reparse(&self, edited: &[usize]) -> Result<Reparsed, Vec<Diagnostic>> {
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
        errors_in(&diagnostics)?;
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
    pub(super) fn apply(
        &mut self,
        fixed: Vec<(usize, ParsedMeeting)>,
        diagnostics: &[Diagnostic],
    ) -> Before {
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
}

/// Re-parsed files by meeting index, and the findings about them.
pub(super) type Reparsed = (Vec<(usize, ParsedMeeting)>, Vec<Diagnostic>);
