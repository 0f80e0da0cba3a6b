//! `minutebook check`: everything `build` would find, plus what only a look at the
//! finished site shows, without writing a file: the findings of loading, then the
//! rendered site's links ([`links`]).
//!
//! Findings are the loader's diagnostics (dead links in content, undated files, date
//! disagreements, empty minutes, duplicate stems), headings that look like a team but
//! match no configured one (asked of the [group grammar](crate::markdown::group_names)),
//! names in `site.toml` that match no heading, action items without an owner, and links
//! in the rendered pages that go nowhere.

pub mod links;

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::check::links::check_links;
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::group_names::{clean_heading, distinctive, looks_like_group};
use crate::markdown::team_sections::{matching_nothing, TeamMatch, TeamMatcher};
use crate::model::derived::Derived;
use crate::outputs::site_files;
use crate::render::{compile_templates, Page, Renderer};
use crate::site::Site;

/// What `check` found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Findings sorted by file and line.
    pub findings: Vec<Diagnostic>,
    /// Pages rendered and link-checked.
    pub pages: usize,
}

impl Report {
    /// How many findings of this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Whether the check fails: on errors, or on warnings too when `strict`.
    pub fn failed(&self, strict: bool) -> bool {
        self.count(Severity::Error) > 0 || (strict && self.count(Severity::Warning) > 0)
    }
}

/// One finding as printed: `file:line: severity: message`. Findings about a whole file
/// point at line 1, so that every line has the shape editors and CI annotations parse.
pub fn format_finding(d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    format!(
        "{}:{}: {severity}: {}",
        d.file.display(),
        d.line.unwrap_or(1),
        d.message
    )
}

/// Runs every check on a loaded site.
pub fn check(site: &Site) -> Report {
    let mut findings = site.diagnostics.clone();
    findings.extend(site_files::notes(site));
    findings.extend(team_headings(site));
    findings.extend(unused_names(site));
    findings.extend(ownerless_actions(site));
    let pages = match compile_templates(&site.paths.templates()) {
        Ok(templates) => {
            let derived = Derived::of(&site.archive, &site.config);
            let renderer = Renderer::new(&templates, site, &derived);
            rendered_links(site, &renderer, &mut findings)
        }
        Err(d) => {
            findings.push(d);
            0
        }
    };
    findings.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    Report { findings, pages }
}

/// Aliases, patterns, `team_parents` and `ignore` entries of `site.toml` that match no
/// heading (a typo, or a spelling the minutes stopped using).
fn unused_names(site: &Site) -> Vec<Diagnostic> {
    let config = &site.config;
    let path = site.paths.config_file();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let line_of = |needle: &str| {
        (text.lines())
            .position(|l| {
                l.contains(&format!("'{needle}'")) || l.contains(&format!("\"{needle}\""))
            })
            .map(|i| i + 1)
    };
    let headings: Vec<String> = (site.archive.meetings.iter())
        .flat_map(|m| &m.parsed.blocks)
        .filter_map(|b| b.heading.as_ref())
        .map(|h| h.text.clone())
        .collect::<HashSet<String>>()
        .into_iter()
        .collect();
    let mut out = Vec::new();
    let mut report = |entry: &str, what: String| {
        out.push(Diagnostic::warning(
            &path,
            line_of(entry),
            format!("{what} `{entry}` matches no heading of the minutes; fix or remove it"),
        ));
    };
    // Inferred teams come from the headings; only what the file says is checked.
    if site.inferred.is_none() {
        for t in &config.teams {
            for a in matching_nothing(&t.aliases, false, &headings) {
                report(a, format!("team `{}`: alias", t.name));
            }
            for p in matching_nothing(&t.patterns, true, &headings) {
                report(p, format!("team `{}`: pattern", t.name));
            }
        }
    }
    for e in matching_nothing(&config.team_parents, false, &headings) {
        report(e, "team_parents:".into());
    }
    for e in matching_nothing(&config.ignore, false, &headings) {
        report(e, "ignore:".into());
    }
    out
}

/// Action items that name no owner: nobody will be asked about them.
fn ownerless_actions(site: &Site) -> Vec<Diagnostic> {
    use crate::markdown::outcomes::OutcomeKind;
    let mut out = Vec::new();
    for m in &site.archive.meetings {
        for o in &m.parsed.outcomes {
            if let OutcomeKind::Action {
                owner: None,
                done: false,
            } = o.kind
            {
                out.push(Diagnostic::note(
                    &site.paths.content.join(&m.source.rel),
                    Some(o.line),
                    format!(
                        "action item without an owner: `{}`; name one with an @handle or a leading name (\"Ana to …\")",
                        o.text
                    ),
                ));
            }
        }
    }
    out
}

/// Headings that read like a team but are none of the configured teams.
fn team_headings(site: &Site) -> Vec<Diagnostic> {
    let config = &site.config;
    if config.teams.is_empty() {
        // Without configured teams every such heading is a team of its own.
        return Vec::new();
    }
    let matcher = TeamMatcher::new(config);
    let known: Vec<(String, &str)> = config
        .teams
        .iter()
        .flat_map(|t| {
            std::iter::once(&t.name)
                .chain(&t.aliases)
                .map(move |n| (distinctive(n), t.name.as_str()))
        })
        .collect();
    // The configured name most like `name`, and how alike (0 to 1). Only the part after
    // `Team`/`SIG` is compared: every `Team X` shares that word.
    let closest = |name: &str| {
        let d = distinctive(name);
        known
            .iter()
            .map(|(k, team)| (strsim::jaro_winkler(&d, k), *team))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .expect("teams are configured")
    };
    let mut out = Vec::new();
    for m in &site.archive.meetings {
        let file = site.paths.content.join(&m.source.rel);
        for b in &m.parsed.blocks {
            let Some(h) = b.heading.as_ref() else {
                continue;
            };
            if m.parsed.title.is_some() && b.line == m.parsed.title_line {
                continue;
            }
            if matches!(
                matcher.match_heading(&h.text, false),
                Some((TeamMatch::Known(_), _))
            ) {
                continue;
            }
            let unconfigured = m.parsed.sections.iter().find_map(|s| match &s.team {
                TeamMatch::Named(n) if s.line == b.line => Some(n.clone()),
                _ => None,
            });
            let name = clean_heading(&h.text).name;
            let (severity, message) = match unconfigured {
                Some(n) => (
                    Severity::Warning,
                    format!(
                        "heading `{}` starts a timeline for `{n}`, which is not a configured team; add it to [[teams]] in site.toml, or as an alias if it is `{}`",
                        h.text,
                        closest(&n).1
                    ),
                ),
                None if !looks_like_group(&name) => continue,
                None => match closest(&name) {
                    (score, team) if score >= LIKELY_TYPO => (
                        Severity::Warning,
                        format!(
                            "heading `{}` looks like a team but matches no configured team or alias; did you mean `{team}`? If so, fix the heading or add it to that team's aliases in site.toml",
                            h.text
                        ),
                    ),
                    (_, team) => (
                        Severity::Note,
                        format!(
                            "heading `{}` reads like a team heading but matches no configured team (closest: `{team}`); add it to [[teams]] in site.toml if it is one",
                            h.text
                        ),
                    ),
                },
            };
            out.push(Diagnostic::new(severity, &file, Some(b.line), message));
        }
    }
    out
}

/// Jaro-Winkler similarity from which a heading is taken for a misspelt team name.
const LIKELY_TYPO: f64 = 0.85;

/// Renders every page in memory and checks the links in them. Returns the page count.
fn rendered_links(site: &Site, renderer: &Renderer, findings: &mut Vec<Diagnostic>) -> usize {
    let urls = &site.urls;
    let pages = renderer.pages();
    let rendered: Vec<(Page, Result<String, Diagnostic>)> =
        pages.par_iter().map(|&p| (p, renderer.render(p))).collect();
    let mut html = Vec::with_capacity(rendered.len());
    let mut kinds = Vec::with_capacity(rendered.len());
    for (page, r) in rendered {
        match r {
            Ok(h) => {
                html.push((renderer.url(page), h));
                kinds.push(page);
            }
            Err(d) => {
                // One broken template fails every page using it: say it once.
                if !findings.contains(&d) {
                    findings.push(d);
                }
            }
        }
    }
    let (generated, _) = site_files::generated_files(site, renderer);
    let listed = site_files::site_files(site, renderer, generated.into_iter().map(|(k, _)| k));
    let files: HashSet<String> = match listed {
        Ok(list) => list.keys().map(|k| urls.asset(Path::new(k))).collect(),
        Err(d) => {
            findings.push(d);
            return html.len();
        }
    };

    for b in check_links(urls, &html, &files) {
        let i = html
            .iter()
            .position(|(u, _)| *u == b.page)
            .expect("broken links come from checked pages");
        let message = format!(
            "page {}: link `{}` is broken: {}",
            b.page, b.href, b.problem
        );
        let (file, line) = match kinds[i] {
            Page::Meeting(m) => {
                let file = site
                    .paths
                    .content
                    .join(&site.archive.meetings[m].source.rel);
                let line = std::fs::read_to_string(&file)
                    .ok()
                    .and_then(|t| line_of(&t, &b.href));
                (file, line)
            }
            page => (
                site.paths.output.join(renderer.output_path(page)),
                line_of(&html[i].1, &b.href),
            ),
        };
        findings.push(Diagnostic::error(&file, line, message));
    }
    html.len()
}

/// First line holding `needle` (or its HTML-escaped form).
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let escaped = needle.replace('&', "&amp;");
    text.lines()
        .position(|l| l.contains(needle) || l.contains(&escaped))
        .map(|i| i + 1)
}
