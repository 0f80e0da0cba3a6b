//! Walking `content/`: which files are minutes (and of which series and date), which
//! are assets to copy, and which are skipped. Reading a file into normalised text.
//!
//! Series: the first folder under `content/` that is no date nor part of one (`2023/`,
//! `2023-03/`, `2023/03/`, `2022-09-27-gx-hackathon-5/`); files directly in `content/`
//! or only in date folders belong to the default series. Folders give the parts of a
//! date the file name leaves out (`2023-03/mar-21.md`); where the file name has no date,
//! the nearest dated folder gives it, and the stem is that folder's name plus the file's
//! slug (none for its `README.md` or `index.md`).
//!
//! The date may sit anywhere in a file name (`board-meeting-20230627.md`); the rest of
//! the name is the stem's suffix, or names the series when one folder mixes kinds of
//! meeting: see [`series_from_names`].

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::source::config::Config;
use crate::source::dates::{
    file_name_date, folder_date_parts, parse_name_date, stem, title_names_date, DateParts, NameDate,
};
use crate::text::slug::slugify;

/// A dated minutes file found under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the content folder.
    pub rel: PathBuf,
    /// Series (folder) name.
    pub series: String,
    /// Meeting date, from the file or folder name.
    pub date: NaiveDate,
    /// URL stem: ISO date plus suffix.
    pub stem: String,
    /// Where the file holds many meetings ([`crate::source::multi`]): which one this is.
    pub part: Option<Part>,
}

/// One meeting of a file that holds many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// The line of the heading that starts it, 1-based.
    pub line: usize,
    /// Its heading marks it canceled.
    pub canceled: bool,
}

/// The series of a markdown file by its folders, as for a dated one: for files that
/// turn out to hold dated meetings inside (`minutes/2024.md`).
pub fn series_of(rel: &Path, config: &Config) -> String {
    let dirs: Vec<String> = (rel.parent().into_iter())
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    folders(&dirs)
        .series
        .unwrap_or_else(|| config.default_series.clone())
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct ContentIndex {
    /// Dated minutes files, sorted by path.
    pub files: Vec<SourceFile>,
    /// Non-markdown files, relative paths, copied to the output as they are.
    pub assets: Vec<PathBuf>,
    /// Markdown files without a date, relative paths.
    pub skipped: Vec<PathBuf>,
    /// Those of `skipped` whose folders say why they are no meeting (a month folder's
    /// `summary.md`), with the reason.
    pub not_meetings: Vec<(PathBuf, String)>,
    /// Problems met while walking.
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks `content_dir`. Fails only when the folder itself cannot be read.
pub fn scan(content_dir: &Path, config: &Config) -> Result<ContentIndex, Diagnostic> {
    if !content_dir.is_dir() {
        return Err(Diagnostic::error(
            content_dir,
            None,
            "content folder not found; create it or pass --content DIR".into(),
        ));
    }
    let mut index = ContentIndex::default();
    let mut markdown: Vec<PathBuf> = Vec::new();
    let walker = WalkDir::new(content_dir)
        .follow_links(config.follow_links)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(content_dir).to_path_buf();
                index
                    .diagnostics
                    .push(match (e.loop_ancestor(), e.io_error()) {
                        (Some(ancestor), _) => Diagnostic::warning(
                            &path,
                            None,
                            format!("symbolic link loop back to {}; skipped", ancestor.display()),
                        ),
                        (None, Some(io)) => {
                            Diagnostic::error(&path, None, format!("cannot read: {io}; skipped"))
                        }
                        (None, None) => Diagnostic::error(&path, None, format!("{e}; skipped")),
                    });
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.path_is_symlink() && !config.follow_links {
            index.diagnostics.push(Diagnostic::warning(
                entry.path(),
                None,
                "symbolic link not followed; copy the file into content/ or set `follow_links = true` in site.toml".into(),
            ));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let is_md = rel
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if !is_md {
            index.assets.push(rel);
            continue;
        }
        markdown.push(rel);
    }
    let by_name = series_from_names(&markdown);
    for rel in markdown {
        match classify(content_dir, &rel, config, &by_name) {
            Classified::Minutes(f, note) => {
                if let Some(note) = note {
                    (index.diagnostics).push(Diagnostic::note(&content_dir.join(&rel), None, note));
                }
                index.files.push(f);
            }
            Classified::Undated(why) => {
                if let Some(why) = why {
                    index.not_meetings.push((rel.clone(), why));
                }
                index.skipped.push(rel);
            }
            Classified::BadDate(what) => index.diagnostics.push(Diagnostic::warning(
                &content_dir.join(&rel),
                None,
                format!(
                    "`{what}` is not a valid date (years 1900-2999); file skipped, fix its name"
                ),
            )),
        }
    }
    // Two files with one stem in a series (`2023-09-14.md` and `20230914.md`) would
    // write one page: keep the first by path, report the other.
    let mut seen: HashMap<(String, String), PathBuf> = HashMap::new();
    let mut kept = Vec::with_capacity(index.files.len());
    for f in std::mem::take(&mut index.files) {
        match seen.get(&(f.series.clone(), f.stem.clone())) {
            Some(first) => index.diagnostics.push(Diagnostic::warning(
                &content_dir.join(&f.rel),
                None,
                format!(
                    "same meeting page `{}/{}` as {}; file skipped, rename one of them",
                    f.series,
                    f.stem,
                    content_dir.join(first).display()
                ),
            )),
            None => {
                seen.insert((f.series.clone(), f.stem.clone()), f.rel.clone());
                kept.push(f);
            }
        }
    }
    index.files = kept;
    Ok(index)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// The rest of a dated file name (without its date, slugged) in one folder that
/// names a series: (folder, rest).
type NameSeries = HashSet<(PathBuf, String)>;

/// Where one folder mixes kinds of meeting (`board-meeting-20230627.md` beside
/// `tsc-meeting-20230628.md`), the rest of each file name names its series: when the
/// folder holds at least two distinct rests each used by at least two files. Rests used
/// once (`20220718-overflow.md`), or a folder with one kind only, keep the folder's
/// series, the rest being part of the stem.
fn series_from_names(markdown: &[PathBuf]) -> NameSeries {
    let mut counts: HashMap<(PathBuf, String), usize> = HashMap::new();
    for rel in markdown {
        let name = rel.file_stem().unwrap_or_default().to_string_lossy();
        if let NameDate::Date(_, rest) = file_name_date(&name) {
            if !rest.is_empty() {
                let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
                *counts.entry((dir, rest)).or_default() += 1;
            }
        }
    }
    let mut kinds: HashMap<&Path, usize> = HashMap::new();
    for ((dir, _), n) in &counts {
        if *n >= 2 {
            *kinds.entry(dir.as_path()).or_default() += 1;
        }
    }
    counts
        .iter()
        .filter(|((dir, _), n)| **n >= 2 && kinds.get(dir.as_path()).is_some_and(|&k| k >= 2))
        .map(|(key, _)| key.clone())
        .collect()
}

enum Classified {
    /// A meeting, and what its folders said against its name, if they disagree.
    Minutes(SourceFile, Option<String>),
    /// No date; the reason when it is not simply that.
    Undated(Option<String>),
    BadDate(String),
}

/// What the folders of a path say: the date parts (inner folders over outer ones), the
/// nearest folder holding a whole date with the rest of its name, and the series.
struct Folders {
    parts: DateParts,
    /// The whole date of the nearest dated folder and the slug after it, while no
    /// folder below it changed a part.
    dated: Option<(NaiveDate, String)>,
    series: Option<String>,
    /// The innermost folder that gave a part, as written.
    last: Option<String>,
}

fn folders(dirs: &[String]) -> Folders {
    let mut f = Folders {
        parts: DateParts::default(),
        dated: None,
        series: None,
        last: None,
    };
    for d in dirs {
        if let NameDate::Date(date, rest) = parse_name_date(d) {
            f.parts = DateParts::of(date);
            f.dated = Some((date, rest));
            f.last = Some(d.clone());
        } else if let Some(p) = folder_date_parts(d, &f.parts) {
            // A year below a dated folder starts over; a month or day fills in.
            f.parts = if p.year.is_some() { p } else { f.parts.with(p) };
            f.dated = None;
            f.last = Some(d.clone());
        } else if f.series.is_none() {
            f.series = Some(slugify(d)).filter(|s| !s.is_empty());
        }
    }
    f
}

/// `README.md` and `index.md` in a meeting's own folder are that meeting, not a part of it.
fn is_folder_page(file_stem: &str) -> bool {
    file_stem.eq_ignore_ascii_case("readme") || file_stem.eq_ignore_ascii_case("index")
}

fn classify(content: &Path, rel: &Path, config: &Config, by_name: &NameSeries) -> Classified {
    let dirs: Vec<String> = rel
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let file_stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folders = folders(&dirs);
    let series = (folders.series.clone()).unwrap_or_else(|| config.default_series.clone());
    let minutes = |date: NaiveDate, series: String, suffix: &str, note: Option<String>| {
        Classified::Minutes(
            SourceFile {
                rel: rel.to_path_buf(),
                series,
                date,
                stem: stem(date, suffix),
                part: None,
            },
            note,
        )
    };
    match file_name_date(&file_stem) {
        NameDate::Date(date, rest) => {
            let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
            let (series, suffix) = if by_name.contains(&(dir, rest.clone())) {
                (rest, String::new())
            } else {
                (series, rest)
            };
            let (date, note) = settle(content, rel, date, &folders);
            minutes(date, series, &suffix, note)
        }
        NameDate::Partial(parts, rest) => match folders.parts.with(parts).date() {
            Some(Ok(date)) => {
                let note = folders.parts.disagrees(&parts).then(|| {
                    format!(
                        "the folder says {} but the file name says {}; the file name wins ({})",
                        folders.parts.written(),
                        parts.written(),
                        date.format("%Y-%m-%d")
                    )
                });
                minutes(date, series, &rest, note)
            }
            Some(Err(what)) => Classified::BadDate(what),
            None => Classified::Undated(None),
        },
        NameDate::Invalid(what) => Classified::BadDate(what),
        NameDate::None => {
            let file_slug = if is_folder_page(&file_stem) {
                String::new()
            } else {
                slugify(&file_stem)
            };
            let join = |a: &str, b: &str| match (a.is_empty(), b.is_empty()) {
                (_, true) => a.to_string(),
                (true, false) => b.to_string(),
                (false, false) => format!("{a}-{b}"),
            };
            if let Some((date, folder_rest)) = &folders.dated {
                return minutes(*date, series, &join(folder_rest, &file_slug), None);
            }
            match folders.parts.date() {
                Some(Ok(date)) => minutes(date, series, &file_slug, None),
                Some(Err(what)) => Classified::BadDate(what),
                None if folders.parts.month.is_some() => Classified::Undated(Some(format!(
                    "in the month folder `{}` but its name gives no day: not a meeting (a \
                     month's summary or contents); skipped",
                    folders.last.as_deref().unwrap_or_default()
                ))),
                None => Classified::Undated(None),
            }
        }
    }
}

/// A file name's whole date against its folders': the file's is more specific and wins,
/// unless a folder names a whole date too; then the title decides between the two
/// (the file's when it names neither). Either way a disagreement is noted.
fn settle(
    content: &Path,
    rel: &Path,
    date: NaiveDate,
    folders: &Folders,
) -> (NaiveDate, Option<String>) {
    let file = DateParts::of(date);
    if !folders.parts.disagrees(&file) {
        return (date, None);
    }
    let folder = folders.parts.written();
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    if let Some(Ok(folder_date)) = folders.parts.date() {
        if title_of(&content.join(rel)).is_some_and(|t| title_names_date(&t, folder_date)) {
            let note = format!(
                "the folder says {folder} but the file name says {}; the title says {folder}, so {folder} it is",
                iso(date)
            );
            return (folder_date, Some(note));
        }
    }
    let note = format!(
        "the folder says {folder} but the file name says {}; the file name wins",
        iso(date)
    );
    (date, Some(note))
}

/// The title of a file, read only for a folder and file name that disagree: the front
/// matter's `title:` or the first heading, within the first lines.
fn title_of(path: &Path) -> Option<String> {
    let (text, _) = read_text(path).ok()?;
    text.lines().take(40).find_map(|l| {
        let l = l.trim();
        l.strip_prefix("title:")
            .or_else(|| l.strip_prefix('#').map(|h| h.trim_start_matches('#')))
            .map(|t| t.trim().to_string())
    })
}

/// A file's text, normalised: BOM dropped, CRLF and lone CR turned into LF, NUL
/// replaced. Invalid UTF-8 is decoded lossily with a warning naming the first bad line.
pub fn read_text(path: &Path) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, None, format!("cannot read: {e}; file skipped")))?;
    Ok(decode(bytes, path))
}

/// The text of a file's bytes, normalised as [`read_text`] says; `path` names it in messages.
pub fn decode(bytes: Vec<u8>, path: &Path) -> (String, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            diagnostics.push(Diagnostic::warning(
                path,
                Some(line),
                "not valid UTF-8; bad bytes shown as \u{FFFD}. Save the file as UTF-8".into(),
            ));
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Almost every file has neither CR nor NUL: two memchr scans instead of a char loop.
    if !text.as_bytes().contains(&b'\r') && !text.as_bytes().contains(&0) {
        return (text.to_string(), diagnostics);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut nul_line = None;
    let mut line = 1;
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                line += 1;
            }
            '\0' => {
                nul_line.get_or_insert(line);
                out.push('\u{FFFD}');
            }
            '\n' => {
                out.push('\n');
                line += 1;
            }
            c => out.push(c),
        }
    }
    if let Some(l) = nul_line {
        diagnostics.push(Diagnostic::warning(
            path,
            Some(l),
            "contains NUL bytes; shown as \u{FFFD}".into(),
        ));
    }
    (out, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_str(p: &str) -> Option<(String, String)> {
        match classify(
            Path::new(""),
            Path::new(p),
            &Config::default(),
            &NameSeries::new(),
        ) {
            Classified::Minutes(f, _) => Some((f.series, f.stem)),
            _ => None,
        }
    }

    #[test]
    fn series_and_stems() {
        assert_eq!(
            classify_str("iaas/20230102.md"),
            Some(("iaas".into(), "2023-01-02".into()))
        );
        assert_eq!(
            classify_str("20230102.md"),
            Some(("minutes".into(), "2023-01-02".into()))
        );
        assert_eq!(
            classify_str("2023/20230102.md"),
            Some(("minutes".into(), "2023-01-02".into()))
        );
        assert_eq!(
            classify_str("iaas/2023/20230102.md"),
            Some(("iaas".into(), "2023-01-02".into()))
        );
        assert_eq!(
            classify_str("container/20220718-overflow.md"),
            Some(("container".into(), "2022-07-18-overflow".into()))
        );
        assert_eq!(
            classify_str("hackathons/2022-09-27-gx-hackathon-5/minutes.md"),
            Some((
                "hackathons".into(),
                "2022-09-27-gx-hackathon-5-minutes".into()
            ))
        );
        assert_eq!(classify_str("hackathons/2023-05/minutes.md"), None);
        assert_eq!(classify_str("iam/scs-federation.md"), None);
        assert_eq!(
            classify_str("Team Ä b/20230102.md"),
            Some(("team-a-b".into(), "2023-01-02".into()))
        );
    }

    #[test]
    fn dates_split_across_folders_are_no_series() {
        let m = |d: &str| Some(("minutes".to_string(), d.to_string()));
        assert_eq!(classify_str("2023-03/mar-21.md"), m("2023-03-21"));
        assert_eq!(classify_str("2023/03/21.md"), m("2023-03-21"));
        assert_eq!(classify_str("2023/03-21.md"), m("2023-03-21"));
        assert_eq!(classify_str("2023/june/4.md"), m("2023-06-04"));
        assert_eq!(classify_str("2023-03-21/README.md"), m("2023-03-21"));
        assert_eq!(classify_str("2023-03-21/index.md"), m("2023-03-21"));
        assert_eq!(classify_str("21-mar-2023.md"), m("2023-03-21"));
        assert_eq!(
            classify_str("plenary/2019-06/june-4.md"),
            Some(("plenary".into(), "2019-06-04".into()))
        );
        assert_eq!(classify_str("2023-03/summary.md"), None);
        assert_eq!(classify_str("mar-21.md"), None, "no year anywhere");
        assert!(matches!(
            classify(
                Path::new(""),
                Path::new("2023-02/feb-30.md"),
                &Config::default(),
                &NameSeries::new()
            ),
            Classified::BadDate(_)
        ));
    }

    #[test]
    fn dates_later_in_the_name() {
        assert_eq!(
            classify_str("board-meeting-20230627.md"),
            Some(("minutes".into(), "2023-06-27-board-meeting".into()))
        );
        assert_eq!(
            classify_str("wg/2023_06_27_notes.md"),
            Some(("wg".into(), "2023-06-27-notes".into()))
        );
        assert_eq!(classify_str("release-v1.2.3.md"), None);
    }

    #[test]
    fn mixed_kinds_in_one_folder_name_their_series() {
        let files: Vec<PathBuf> = [
            "meetings/board-meeting-20230627.md",
            "meetings/board-meeting-20230711.md",
            "meetings/tsc-meeting-2023-06-28.md",
            "meetings/tsc-meeting-2023-07-12.md",
            "meetings/2023-07-01-offsite.md",
            // One kind only in this folder: its rest stays in the stem.
            "wg/2023-01-05-generators.md",
            "wg/2023-01-12-generators.md",
            "wg/2023-01-19-runtime.md",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let by_name = series_from_names(&files);
        let got: Vec<(String, String)> = files
            .iter()
            .map(
                |f| match classify(Path::new(""), f, &Config::default(), &by_name) {
                    Classified::Minutes(f, _) => (f.series, f.stem),
                    _ => panic!("{} is dated", f.display()),
                },
            )
            .collect();
        let want = [
            ("board-meeting", "2023-06-27"),
            ("board-meeting", "2023-07-11"),
            ("tsc-meeting", "2023-06-28"),
            ("tsc-meeting", "2023-07-12"),
            ("meetings", "2023-07-01-offsite"),
            ("wg", "2023-01-05-generators"),
            ("wg", "2023-01-12-generators"),
            ("wg", "2023-01-19-runtime"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn bad_dates_are_reported_not_skipped_silently() {
        assert!(matches!(
            classify(
                Path::new(""),
                Path::new("x/20230231.md"),
                &Config::default(),
                &NameSeries::new()
            ),
            Classified::BadDate(_)
        ));
    }

    #[test]
    fn text_normalisation() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, b"\xEF\xBB\xBF# T\r\nline\rnext\0\n").unwrap();
        let (text, d) = read_text(&p).unwrap();
        assert_eq!(text, "# T\nline\nnext\u{FFFD}\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(3));
        std::fs::write(&p, b"ok\n\xFF\xFE bad\n").unwrap();
        let (text, d) = read_text(&p).unwrap();
        assert!(text.starts_with("ok\n\u{FFFD}"));
        assert_eq!(d[0].line, Some(2));
        assert!(d[0].message.contains("UTF-8"));
    }
}
