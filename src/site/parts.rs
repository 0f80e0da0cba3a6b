//! The files of many meetings ([`crate::source::multi`]) as the loader meets them: an
//! undated file that turns out to be one, a range file, each meeting parsed as a file
//! of its own, two meetings on one date kept apart, and what `serve` asks after an
//! edit of such a file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::check_one;
use crate::diagnostics::Diagnostic;
use crate::markdown::parse::{ParseContext, ParsedMeeting};
use crate::source::config::Config;
use crate::source::dates;
use crate::source::multi;
use crate::source::walk::{self, Part, SourceFile};
use crate::urls::Urls;

/// Whether a file holds many dated meetings ([`multi`]); `serve` builds everything
/// again when one is edited. `dated`: the file is a meeting by its name or folders,
/// which then must name a range ([`is_range_name`]) to hold many.
pub fn holds_meetings(path: &Path, dated: bool) -> bool {
    (!dated || is_range_name(path))
        && walk::read_text(path).is_ok_and(|(text, _)| multi::split(&text).is_some())
}

/// Whether a dated file's name holds a second date (`2025-01-06-to-2025-08-25.md`):
/// only then may it hold many meetings. A file named by one date is one meeting,
/// whatever dates its headings name; an undated one may always hold many.
pub(super) fn is_range_name(rel: &Path) -> bool {
    let name = rel.file_stem().unwrap_or_default().to_string_lossy();
    match dates::file_name_date(&name) {
        dates::NameDate::Date(_, rest) => {
            matches!(dates::file_name_date(&rest), dates::NameDate::Date(..))
        }
        _ => false,
    }
}

/// What an undated markdown file turned out to be.
pub(super) enum Skipped {
    /// A file of many dated meetings ([`multi`]), as a source file of its folder's series.
    Meetings(SourceFile),
    /// No meeting, but it names a date (line, date): minutes of a shape not read?
    Dated(Option<usize>, String),
    /// No meeting.
    Undated,
}

/// Reads an undated markdown file: a file of many meetings, or one that names a date
/// (part of one in its name, `mar-21.md` with no year above it, or a heading that is a
/// date, a line starting with `#` or one of only bold text), or neither.
pub(super) fn look_at_skipped(content: &Path, rel: &Path, config: &Config) -> Skipped {
    let name = rel.file_stem().unwrap_or_default().to_string_lossy();
    if let dates::NameDate::Partial(parts, _) = dates::file_name_date(&name) {
        return Skipped::Dated(None, format!("{} in its name", parts.written()));
    }
    let Ok((text, _)) = walk::read_text(&content.join(rel)) else {
        return Skipped::Undated;
    };
    // The newest meeting stands for the file (as a link target).
    if let Some(newest) = multi::split(&text).and_then(|s| s.chunks.iter().map(|c| c.date).max()) {
        return Skipped::Meetings(SourceFile {
            rel: rel.to_path_buf(),
            series: walk::series_of(rel, config),
            date: newest,
            stem: dates::stem(newest, ""),
            part: None,
        });
    }
    let any = chrono::NaiveDate::MIN;
    let dated = text.lines().enumerate().find_map(|(i, l)| {
        let l = l.trim();
        let heading = l.starts_with('#') || (l.starts_with("**") && l.ends_with("**"));
        let date = heading.then(|| dates::title_date(l, any)).flatten()?;
        Some((Some(i + 1), date.date.format("%Y-%m-%d").to_string()))
    });
    match dated {
        Some((line, date)) => Skipped::Dated(line, date),
        None => Skipped::Undated,
    }
}

/// The meeting `f` of a file of many, parsed again from the file's text, with the
/// findings of the split that fall inside it (those above the first meeting go to
/// the first).
pub(super) fn one_part(
    text: &str,
    full: &Path,
    f: &SourceFile,
    cx: &ParseContext,
    urls: &Urls,
) -> Option<(ParsedMeeting, Vec<Diagnostic>)> {
    let split = multi::split(text)?;
    // Its own line first (one date may start two meetings of a file); after an edit
    // moved the lines, its date (then each date starts one meeting: [`same_parts`]).
    let line = f.part.map(|p| p.line);
    let k = (split.chunks.iter())
        .position(|c| c.date == f.date && Some(c.line) == line)
        .or_else(|| split.chunks.iter().position(|c| c.date == f.date))?;
    let chunk = &split.chunks[k];
    let next = split.chunks.get(k + 1).map_or(usize::MAX, |c| c.line);
    let mut diagnostics: Vec<Diagnostic> = (split.problems.iter())
        .filter(|(line, _)| (k == 0 || *line >= chunk.line) && *line < next)
        .map(|(line, m)| Diagnostic::warning(full, Some(*line), m.clone()))
        .collect();
    let (mut parsed, more) = check_one(&multi::chunk_text(text, chunk), full, f, cx, urls);
    named(&mut parsed, split.name.as_deref());
    diagnostics.extend(more);
    Some((parsed, diagnostics))
}

/// A meeting of a file of many titled as a file of its own would be: the file's name
/// for its meetings before its date heading (`Harbour council minutes 2024-10-29`).
fn named(parsed: &mut ParsedMeeting, name: Option<&str>) {
    if let (Some(name), Some(title)) = (name, &mut parsed.title) {
        *title = format!("{name} {title}");
    }
}

/// After an edit of a file of many meetings: whether it holds the same meetings as
/// before (`parts`: the same dates, each once, canceled or not as before), so that
/// `serve` may parse each again on its own. Otherwise meetings came, went or moved,
/// and the whole site is built again.
pub fn same_parts(path: &Path, parts: &[&SourceFile]) -> bool {
    let Ok((text, _)) = walk::read_text(path) else {
        return false;
    };
    let Some(split) = multi::split(&text) else {
        return false;
    };
    let mut new: Vec<_> = (split.chunks.iter())
        .map(|c| (c.date, c.canceled))
        .collect();
    let mut old: Vec<_> = (parts.iter())
        .map(|f| (f.date, f.part.is_some_and(|p| p.canceled)))
        .collect();
    new.sort();
    old.sort();
    new == old && new.windows(2).all(|w| w[0].0 != w[1].0)
}

/// The meetings of one file and what was found wrong in it.
pub type LoadedFile = (Vec<(SourceFile, ParsedMeeting)>, Vec<Diagnostic>);

/// Reads and parses one minutes file: one meeting, or each meeting of a file that holds
/// many ([`multi`]), each parsed as a file of its own with the file's line numbers, at
/// the stem it would have as a file of its own (its date, in the file's series).
pub fn load_file(
    content: &Path,
    f: &SourceFile,
    may_split: bool,
    cx: &ParseContext,
    urls: &Urls,
) -> LoadedFile {
    let full = content.join(&f.rel);
    let (text, mut diagnostics) = match walk::read_text(&full) {
        Ok(x) => x,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let Some(split) = may_split.then(|| multi::split(&text)).flatten() else {
        let (parsed, more) = check_one(&text, &full, f, cx, urls);
        diagnostics.extend(more);
        return (vec![(f.clone(), parsed)], diagnostics);
    };
    for (line, message) in &split.problems {
        diagnostics.push(Diagnostic::warning(&full, Some(*line), message.clone()));
    }
    let meetings = (split.chunks.iter())
        .map(|c| {
            let source = SourceFile {
                rel: f.rel.clone(),
                series: f.series.clone(),
                date: c.date,
                stem: dates::stem(c.date, ""),
                part: Some(Part {
                    line: c.line,
                    canceled: c.canceled,
                }),
            };
            let (mut parsed, more) =
                check_one(&multi::chunk_text(&text, c), &full, &source, cx, urls);
            named(&mut parsed, split.name.as_deref());
            diagnostics.extend(more);
            (source, parsed)
        })
        .collect();
    (meetings, diagnostics)
}

/// Two meetings of one series on one date, where one (or both) is part of a file of
/// many (a year file beside `2024-10-29.md`, or one date twice in a year file): both
/// are kept, the part at its stem plus the file's name (`2024-10-29-2024`), with a
/// warning, so that neither page replaces the other.
pub(super) fn distinct_parts(
    content: &Path,
    parsed: &mut [(SourceFile, ParsedMeeting)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut moved = Vec::new();
    let mut taken: HashMap<(String, String), PathBuf> = (parsed.iter())
        .filter(|(f, _)| f.part.is_none())
        .map(|(f, _)| ((f.series.clone(), f.stem.clone()), f.rel.clone()))
        .collect();
    for (k, (f, _)) in parsed.iter_mut().enumerate() {
        if f.part.is_none() {
            continue;
        }
        let key = (f.series.clone(), f.stem.clone());
        let Some(other) = taken.get(&key).cloned() else {
            taken.insert(key, f.rel.clone());
            continue;
        };
        let name =
            crate::text::slug::slugify(&f.rel.file_stem().unwrap_or_default().to_string_lossy());
        let mut stem = format!("{}-{name}", f.stem);
        let mut n = 2;
        while taken.contains_key(&(f.series.clone(), stem.clone())) {
            stem = format!("{}-{name}-{n}", f.stem);
            n += 1;
        }
        diagnostics.push(Diagnostic::warning(
            &content.join(&f.rel),
            f.part.map(|p| p.line),
            format!(
                "a second meeting of `{}` on {} (the other in {}); this one is at `{stem}`",
                f.series,
                f.date.format("%Y-%m-%d"),
                content.join(&other).display()
            ),
        ));
        f.stem = stem.clone();
        taken.insert((f.series.clone(), stem), f.rel.clone());
        moved.push(k);
    }
    moved
}
