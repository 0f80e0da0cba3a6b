//! Rendering again the pages whose inputs changed, and only those whose context is
//! not the same as before (a fingerprint of the context says so).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::shapes::{team_shapes, TeamShape};
use super::Incremental;
use crate::diagnostics::Diagnostic;
use crate::outputs::site_files::{output_key, site_files};
use crate::render::inputs::Input;
use crate::render::{Page, Renderer};

impl Incremental {
    /// Renders the pages that read a changed input and whose context is not the same
    /// as before; everything when the set of pages or a team's name, slug or split
    /// changed. Returns whether everything was rendered, and how many pages were.
    pub(super) fn rerender(
        &mut self,
        inputs: &HashSet<Input>,
        old_shapes: &[TeamShape],
    ) -> Result<(bool, usize), Vec<Diagnostic>> {
        let archive = &self.site.archive;
        let renderer = Renderer::new(&self.templates, &self.site, &self.model);
        // A page added or gone, or a team renamed or split, changes links on pages that
        // read nothing that changed: everything is rendered again.
        let pages_now = renderer.pages();
        // A person's page moves when their slug does (a new spelling became the most
        // common one), a repository's when another takes its index, a topic's when
        // another takes its index.
        let person_moved = |p: &Page| {
            matches!(p, Page::Person(_) | Page::Repository(..) | Page::Topic(..))
                && self.views.get(p).map(|v| &v.path)
                    != Some(&output_key(&renderer.output_path(*p)))
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
                .filter(|(_, v)| share_an_input(&v.reads, &changed))
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

/// Whether two sorted lists share an element.
pub(super) fn share_an_input(a: &[Input], b: &[Input]) -> bool {
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

/// What a page was last rendered from: the inputs its context read, and the context's
/// fingerprint.
pub(super) struct View {
    pub(super) reads: Vec<Input>,
    pub(super) fingerprint: u64,
    /// Output path, `/`-separated.
    pub(super) path: String,
}

/// A page whose context was built: its view, and its HTML unless the context was the
/// same as before.
pub(super) struct Rendered {
    pub(super) page: Page,
    pub(super) view: View,
    pub(super) html: Option<(String, Arc<str>)>,
}

/// Builds the contexts of `pages` and renders those whose context differs from
/// `before` (all of them without `before`).
pub(super) fn render_pages(
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
            let path = output_key(&renderer.output_path(page));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_lists_share_an_input_only_when_one_is_in_both() {
        let a = [Input::Meeting(1), Input::Meeting(4), Input::Topics(0)];
        let b = [Input::Meeting(2), Input::Meeting(4)];
        let c = [Input::Meeting(0), Input::Meeting(3)];
        let (mut a, mut b, mut c) = (a.to_vec(), b.to_vec(), c.to_vec());
        a.sort();
        b.sort();
        c.sort();
        assert!(share_an_input(&a, &b));
        assert!(!share_an_input(&a, &c));
        assert!(!share_an_input(&[], &a));
    }
}
