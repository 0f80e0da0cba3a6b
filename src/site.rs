//! The pipeline up to the model: config -> walk -> parse (in parallel) -> archive.
//!
//! `build`, `check` and `serve` all start here. Loading never writes anything.
//!
//! A file that holds many meetings (a year file, [`crate::source::multi`]) is read
//! here, split, and each of its meetings parsed as a file of its own ([`load_file`]);
//! undated files are looked at for that, and for dates that say they may be minutes of
//! a shape not read.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::links::LinkTargets;
use crate::markdown::parse::{parse_meeting, ParseContext, ParseSettings, ParsedMeeting};
use crate::markdown::team_sections::{find_sections, TeamMatcher};
use crate::model::archive::Archive;
use crate::model::inference::{self, Inferred};
use crate::source::config::Config;
use crate::source::dates;
use crate::source::multi;
use crate::source::walk::{self, SourceFile};
use crate::urls::Urls;

mod parts;
use parts::{distinct_parts, is_range_name, look_at_skipped, one_part, Skipped};
pub use parts::{holds_meetings, load_file, same_parts, LoadedFile};

/// Where a site lives.
#[derive(Debug, Clone)]
pub struct SitePaths {
    /// The site root (holds `site.toml`, `templates/`, `static/`).
    pub root: PathBuf,
    /// The minutes.
    pub content: PathBuf,
    /// Where `build` writes.
    pub output: PathBuf,
}

impl SitePaths {
    /// Paths from the command line, with the documented defaults.
    pub fn new(
        root: Option<PathBuf>,
        content: Option<PathBuf>,
        output: Option<PathBuf>,
    ) -> SitePaths {
        let root = root.unwrap_or_else(|| PathBuf::from("."));
        SitePaths {
            content: content.unwrap_or_else(|| root.join("content")),
            output: output.unwrap_or_else(|| root.join("public")),
            root,
        }
    }
    /// `site.toml`
    pub fn config_file(&self) -> PathBuf {
        self.root.join("site.toml")
    }
    /// The site's own templates.
    pub fn templates(&self) -> PathBuf {
        self.root.join("templates")
    }
    /// The site's own static files.
    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }
}

/// A loaded site: configuration, URL scheme and archive, plus what was found wrong.
pub struct Site {
    /// Paths it was loaded from.
    pub paths: SitePaths,
    /// `site.toml`, with the command line's base URL applied.
    pub config: Config,
    /// URL scheme.
    pub urls: Urls,
    /// The model.
    pub archive: Archive,
    /// The groups worked out from the headings, when `site.toml` names no team (they
    /// are in `config.teams` too).
    pub inferred: Option<Inferred>,
    /// Findings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Skipped markdown files that name a date in a heading, so that may be minutes of
    /// a shape not recognised.
    pub skipped_dated: usize,
}

impl Site {
    /// Loads everything. Fails only when nothing sensible can be built (no content
    /// folder, broken `site.toml`); problems with single files are diagnostics.
    pub fn load(paths: SitePaths, base_url: Option<&str>) -> Result<Site, Diagnostic> {
        let mut config = Config::read(&paths.config_file())?;
        if let Some(b) = base_url {
            config.base_url = b.to_string();
        }
        let urls = Urls::for_site(&config.base_url, &config.default_series);
        let settings = ParseSettings::new(&config);
        let mut index = walk::scan(&paths.content, &config)?;
        let mut diagnostics = std::mem::take(&mut index.diagnostics);
        let why: HashMap<&PathBuf, &String> =
            index.not_meetings.iter().map(|(p, w)| (p, w)).collect();
        // An undated file may hold many dated meetings (`minutes/2024.md`); the others
        // are skipped, and counted apart when they name a date.
        let looked: Vec<Skipped> = (index.skipped.par_iter())
            .map(|s| look_at_skipped(&paths.content, s, &config))
            .collect();
        let mut skipped = Vec::new();
        let mut many = Vec::new();
        let mut skipped_dated = 0;
        for (s, looked) in index.skipped.iter().zip(looked) {
            let dated = match looked {
                Skipped::Meetings(f) => {
                    many.push(f);
                    continue;
                }
                Skipped::Dated(l, date) => Some((l, date)),
                Skipped::Undated => None,
            };
            skipped.push(s.clone());
            let mut message = why.get(s).map_or_else(
                || "no date in the file or folder name (YYYYMMDD or YYYY-MM-DD); skipped".into(),
                |w| w.to_string(),
            );
            let mut line = None;
            if let Some((l, date)) = dated {
                skipped_dated += 1;
                message.push_str(&format!(
                    ", though it names {date}: minutes of another shape? (README, \"Content\")"
                ));
                line = l;
            }
            diagnostics.push(Diagnostic::note(&paths.content.join(s), line, message));
        }
        index.skipped = skipped;

        diagnostics.extend(unknown_series(&config, &index.files, &paths.config_file()));
        // A link to a file of many meetings goes to its newest meeting's page (as
        // `serve` finds it among the meetings); a range file's own stem has no page.
        let ranges: HashMap<&PathBuf, chrono::NaiveDate> = (index.files.par_iter())
            .filter(|f| is_range_name(&f.rel))
            .filter_map(|f| {
                let (text, _) = walk::read_text(&paths.content.join(&f.rel)).ok()?;
                let newest = multi::split(&text)?.chunks.iter().map(|c| c.date).max()?;
                Some((&f.rel, newest))
            })
            .collect();
        let targets = LinkTargets {
            minutes: (index.files.iter().chain(&many))
                .map(|f| {
                    let stem = ranges
                        .get(&f.rel)
                        .map_or_else(|| f.stem.clone(), |d| dates::stem(*d, ""));
                    (f.rel.clone(), (f.series.clone(), stem))
                })
                .collect(),
            assets: index.assets.iter().cloned().collect(),
        };
        let cx = ParseContext {
            settings: &settings,
            targets: &targets,
            urls: &urls,
        };
        let results: Vec<LoadedFile> = (index.files)
            .par_iter()
            // Dated files split only when their name is a range that splits.
            .map(|f| (f, ranges.contains_key(&f.rel)))
            .chain(many.par_iter().map(|f| (f, true)))
            .map(|(f, may_split)| load_file(&paths.content, f, may_split, &cx, &urls))
            .collect();
        let mut parsed = Vec::with_capacity(results.len());
        for (p, d) in results {
            diagnostics.extend(d);
            parsed.extend(p);
        }
        // A part moved to another stem is parsed again: links to its own headings
        // name its page. (Its findings were reported by the first parse.)
        for k in distinct_parts(&paths.content, &mut parsed, &mut diagnostics) {
            if let (Some((_, p)), _) = load_one(&paths.content, &parsed[k].0, &cx, &urls) {
                parsed[k].1 = p;
            }
        }
        check_cross_refs(&paths.content, &mut parsed, &mut diagnostics);
        let inferred = infer_groups(&mut config, &mut parsed);
        if let Some(i) = &inferred {
            diagnostics.push(Diagnostic::note(
                &paths.config_file(),
                None,
                format!(
                    "no teams in site.toml: {} groups worked out from the headings, {} of {} \
                     group headings on a timeline; `minutebook init` writes them into \
                     site.toml to edit",
                    i.groups.len(),
                    i.placed,
                    i.candidates
                ),
            ));
        }
        let matcher = TeamMatcher::new(&config);
        let archive = Archive::assemble(&config, &matcher, parsed, index.skipped, index.assets);
        diagnostics.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Ok(Site {
            skipped_dated,
            paths,
            config,
            urls,
            archive,
            inferred,
            diagnostics,
        })
    }

    /// How many findings of at least this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// A `[series.NAME]` table that names no folder of `content/` is an error (it would
/// silently do nothing), naming the series there are.
fn unknown_series(config: &Config, files: &[SourceFile], path: &Path) -> Vec<Diagnostic> {
    let known: std::collections::BTreeSet<&str> = files.iter().map(|f| f.series.as_str()).collect();
    config
        .series
        .keys()
        .filter(|k| !known.contains(k.as_str()))
        .map(|k| {
            let list: Vec<String> = known.iter().map(|s| format!("`{s}`")).collect();
            Diagnostic::error(
                path,
                None,
                format!(
                    "[series.{k}]: no such series in content/; the series are {} (a folder's \
                     name, or `default_series` for files directly in content/)",
                    if list.is_empty() {
                        "none".to_string()
                    } else {
                        list.join(", ")
                    }
                ),
            )
        })
        .collect()
}

/// Without teams in `site.toml`, works out the groups from the headings
/// ([`inference`]), puts them into `config` and finds each file's team sections again.
/// Files are parsed before the groups are known; only their sections depend on them.
pub fn infer_groups(
    config: &mut Config,
    parsed: &mut [(SourceFile, ParsedMeeting)],
) -> Option<Inferred> {
    if !config.teams.is_empty() || !config.team_parents.is_empty() {
        return None;
    }
    let headings: Vec<inference::DatedParse> = (parsed.iter())
        .map(|(f, p)| (f.series.as_str(), f.date, p))
        .collect();
    let inferred = inference::infer(&headings, &TeamMatcher::new(config));
    inferred.apply(config);
    let matcher = TeamMatcher::new(config);
    parsed
        .par_iter_mut()
        .for_each(|(_, p)| p.sections = find_sections(&p.blocks, &matcher));
    Some(inferred)
}

/// A parsed file (or none, when it could not be read) and what was found wrong.
pub type Loaded = (Option<(SourceFile, ParsedMeeting)>, Vec<Diagnostic>);

/// Decodes and parses one minutes file given as bytes, as `build` would, with links
/// resolved against that file alone. The fuzz targets and regression tests use it.
pub fn parse_bytes(
    bytes: Vec<u8>,
    rel: &Path,
    config: &Config,
) -> (ParsedMeeting, Vec<Diagnostic>) {
    let settings = ParseSettings::new(config);
    let urls = Urls::for_site(&config.base_url, &config.default_series);
    let source = SourceFile {
        rel: rel.to_path_buf(),
        series: config.default_series.clone(),
        date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date"),
        stem: "2024-01-01".into(),
        part: None,
    };
    let mut targets = LinkTargets::default();
    targets.minutes.insert(
        source.rel.clone(),
        (source.series.clone(), source.stem.clone()),
    );
    let cx = ParseContext {
        settings: &settings,
        targets: &targets,
        urls: &urls,
    };
    let (text, mut diagnostics) = walk::decode(bytes, rel);
    let (parsed, more) = check_one(&text, rel, &source, &cx, &urls);
    diagnostics.extend(more);
    (parsed, diagnostics)
}

/// Reads and parses one minutes file, with its findings; links to headings in other
/// files are checked afterwards by [`check_cross_refs`]. `serve --watch` calls this for
/// the files that changed.
pub fn load_one(content: &Path, f: &SourceFile, cx: &ParseContext, urls: &Urls) -> Loaded {
    let full = content.join(&f.rel);
    let (text, mut diagnostics) = match walk::read_text(&full) {
        Ok(x) => x,
        Err(d) => return (None, vec![d]),
    };
    if f.part.is_some() {
        return match one_part(&text, &full, f, cx, urls) {
            Some((parsed, more)) => {
                diagnostics.extend(more);
                (Some((f.clone(), parsed)), diagnostics)
            }
            None => (
                None,
                vec![Diagnostic::error(
                    &full,
                    None,
                    format!(
                        "no meeting of {} in this file any more",
                        f.date.format("%Y-%m-%d")
                    ),
                )],
            ),
        };
    }
    let (parsed, more) = check_one(&text, &full, f, cx, urls);
    diagnostics.extend(more);
    (Some((f.clone(), parsed)), diagnostics)
}

/// Parses a file's text and checks what can be checked within it.
fn check_one(
    text: &str,
    path: &Path,
    f: &SourceFile,
    cx: &ParseContext,
    urls: &Urls,
) -> (ParsedMeeting, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let self_url = urls.meeting(&f.series, &f.stem);
    let parsed = parse_meeting(text, &f.rel, &self_url, cx);
    for (line, msg) in &parsed.problems {
        diagnostics.push(Diagnostic::warning(path, Some(*line), msg.clone()));
    }
    if parsed.blocks.is_empty() {
        diagnostics.push(Diagnostic::warning(
            path,
            None,
            "empty minutes: nothing but front matter or blank lines".into(),
        ));
    }
    // The file name's date is authoritative; a different one elsewhere is a typo.
    let file_date = f.date.format("%Y-%m-%d").to_string();
    if let Some(title) = &parsed.title {
        if let Some(t) = dates::title_date(title, f.date) {
            if t.date != f.date {
                let d = t.date.format("%Y-%m-%d");
                // A date in words or with slashes is shown as written too: the reader
                // looks for that text in the title.
                let written = if t.written == d.to_string() {
                    String::new()
                } else {
                    format!(" (`{}`)", t.written)
                };
                diagnostics.push(Diagnostic::warning(
                    path,
                    Some(parsed.title_line),
                    format!(
                        "title says {d}{written} but the file name says {file_date}; the file name wins"
                    ),
                ));
            }
        }
    }
    if let Some(fm) = &parsed.front.date {
        match find_date(fm) {
            Some(d) if d != file_date => diagnostics.push(Diagnostic::warning(
                path,
                text.lines().position(|l| l.starts_with("date:")).map(|i| i + 1),
                format!("front matter date {d} differs from the file name's {file_date}; the file name wins"),
            )),
            _ => {}
        }
    }
    (parsed, diagnostics)
}

/// The first `YYYY-MM-DD` in a text.
fn find_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let w = &b[i..i + 10];
        let shape = w.iter().enumerate().all(|(k, c)| {
            if k == 4 || k == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        let bounded = (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
        (shape && bounded).then(|| text[i..i + 10].to_string())
    })
}

/// Checks links into other files' headings (`other.md#team-iaas`), which need every
/// file's anchors and so run once all are parsed. A missing anchor is a warning and the
/// link goes to the page without it. `serve --watch` passes only the re-parsed files
/// plus the files they link to.
pub fn check_cross_refs(
    content: &Path,
    parsed: &mut [(SourceFile, ParsedMeeting)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let anchors: HashMap<(String, String), HashSet<String>> = parsed
        .iter()
        .map(|(f, p)| {
            let ids = p
                .blocks
                .iter()
                .filter_map(|b| b.heading.as_ref().map(|h| h.id.clone()))
                .collect();
            ((f.series.clone(), f.stem.clone()), ids)
        })
        .collect();
    for (f, p) in parsed.iter_mut() {
        let refs = std::mem::take(&mut p.cross_refs);
        for r in &refs {
            if anchors
                .get(&r.target)
                .is_some_and(|a| a.contains(&r.fragment))
            {
                continue;
            }
            diagnostics.push(Diagnostic::warning(
                &content.join(&f.rel),
                Some(r.line),
                format!(
                    "link to `#{}`: no such heading in {}/{}; linked to the page instead",
                    r.fragment, r.target.0, r.target.1
                ),
            ));
            let (page, _) = r.href.split_once('#').expect("cross refs have a fragment");
            let from = format!("href=\"{}\"", r.href);
            let to = format!("href=\"{page}\"");
            for b in &mut p.blocks {
                if b.html.contains(&from) {
                    b.html = b.html.replace(&from, &to);
                }
            }
        }
        p.cross_refs = refs;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_titles() {
        assert_eq!(
            find_date("SCS Tech Weekly 2023-02-02").as_deref(),
            Some("2023-02-02")
        );
        assert_eq!(find_date("2023-02-02").as_deref(), Some("2023-02-02"));
        assert_eq!(find_date("Call 12023-02-021"), None);
        assert_eq!(find_date("no date"), None);
    }
}
