//! `minutebook new`: a fresh minutes file for the next meeting, ready to fill in.
//!
//! The date defaults to the series' usual gap after its latest file; the file goes
//! beside the latest one, named the same way. Its text comes from the site's
//! `templates/new.md` (a Tera template) if there is one, otherwise from the latest
//! meeting's outline: the title with the new date, the headings in order (so one per
//! team that reported last time), the `Meta` list's labels without their values, and
//! none of the old bullet text but the open action items
//! ([`crate::model::actions`]), carried under the draft's action part with a link to
//! where each was raised. With no minutes to follow (an empty archive, or a series
//! without files) it writes the starter template ([`STARTER`]): title, `Meta` with
//! `Minutes:`, attendees, team updates, decisions and action items, dated today unless
//! a date is given.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};

use crate::diagnostics::Diagnostic;
use crate::model::actions::{is_carry_heading, Actions, Rules, ACTION_WORDS};
use crate::model::archive::{Archive, Meeting};
use crate::site::Site;
use crate::source::dates::{self, NameDate};

/// What to create.
#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    /// Series (folder) name; default: the all-teams series, else the one with the
    /// newest meeting.
    pub series: Option<String>,
    /// Meeting date; default: the series' next regular meeting day, or `today` for a
    /// series without minutes.
    pub date: Option<NaiveDate>,
    /// Today's date [default: the local date].
    pub today: Option<NaiveDate>,
}

/// The starter minutes (a Tera template given `title` and `date`), built into the binary
/// like the default templates: used by `new` when there is nothing to follow and by
/// `init` for an archive's first file.
pub const STARTER: &str = include_str!("../templates/init/starter.md");

/// The starter minutes for a meeting on `date`, titled `title` and the date.
pub fn starter(title: &str, date: NaiveDate) -> Result<String, Diagnostic> {
    let mut tera = tera::Tera::new();
    let err = |e: tera::Error| {
        Diagnostic::error(
            Path::new("templates/init/starter.md"),
            None,
            format!("template error: {e}"),
        )
    };
    tera.add_raw_template("starter.md", STARTER).map_err(err)?;
    let mut cx = tera::Context::new();
    cx.insert("title", &format!("{title} {}", date.format("%Y-%m-%d")));
    cx.insert("date", &date.format("%Y-%m-%d").to_string());
    tera.render("starter.md", &cx).map_err(err)
}

/// A planned new file: where, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Absolute or root-relative path of the new file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// Works out the new file without writing it.
pub fn plan(site: &Site, opts: &NewOptions) -> Result<Draft, Diagnostic> {
    let a = &site.archive;
    let content = &site.paths.content;
    let series = match &opts.series {
        Some(s) => s.clone(),
        None => default_series(a).unwrap_or_else(|| site.config.default_series.clone()),
    };
    let latest = a
        .series
        .iter()
        .find(|s| s.name == series)
        .and_then(|s| s.meetings.last())
        .map(|&i| &a.meetings[i]);
    let date = match (opts.date, latest) {
        (Some(d), _) => d,
        (None, Some(m)) => m.date() + Days::new(usual_gap(a, &series)),
        (None, None) => opts
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let path = content.join(new_rel_path(
        latest.map(|m| m.source.rel.as_path()),
        &series,
        &site.config.default_series,
        date,
    ));
    let carried = carried_actions(site, &series, &path);
    let custom = site.paths.templates().join("new.md");
    let text = if custom.is_file() {
        from_template(&custom, site, &series, date, latest, &carried)?
    } else {
        match latest {
            Some(m) => with_actions(outline(m, content, date), &carried),
            None => starter(&starter_title(site, &series), date)?,
        }
    };
    Ok(Draft { path, text })
}

/// The open action items the series' latest meeting (and its groups) leave for the
/// next one, a task line each: `- [ ] @owner text (raised [DATE](link))`, the link
/// relative to the new file, so that ticking the line in the new minutes closes the
/// item.
fn carried_actions(site: &Site, series: &str, new_file: &Path) -> Vec<String> {
    let a = &site.archive;
    let Some(s) = a.series.iter().position(|x| x.name == series) else {
        return Vec::new();
    };
    let all = Actions::of(
        a,
        &crate::model::derived::people_of(a, &site.config),
        Rules::of(&site.config),
    );
    let from = new_file
        .strip_prefix(&site.paths.content)
        .unwrap_or(new_file)
        .parent()
        .unwrap_or(Path::new(""));
    (all.to_carry(a, s).into_iter())
        .map(|it| {
            let raised = &a.meetings[it.raised_on()];
            let text = RAISED_LINK.replace_all(&it.text, "").trim().to_string();
            let owner = match &it.owner {
                Some(o) if !text.to_lowercase().contains(&o.to_lowercase()) => format!("{o} "),
                _ => String::new(),
            };
            format!(
                "- [ ] {owner}{text} (raised [{}]({}))",
                raised.date().format("%Y-%m-%d"),
                relative(from, &raised.source.rel).display()
            )
        })
        .collect()
}

/// `(raised 2024-01-04)` as `new` writes it, to be written once only.
static RAISED_LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\s*\(raised \d{4}-\d{2}-\d{2}\)").expect("valid")
});

/// `to` (relative to the content folder) as seen from the folder `from` (also
/// relative to it): `../iaas/20231122.md`.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c);
    }
    out
}

/// The draft with the carried action items under its part for them: the first
/// heading about actions carried over ("Open action items"), else about actions
/// ("Action items"), else a new `## Open action items` at the end.
fn with_actions(draft: String, carried: &[String]) -> String {
    if carried.is_empty() {
        return draft;
    }
    let lines: Vec<&str> = draft.lines().collect();
    let heading = |l: &str| {
        l.starts_with('#')
            .then(|| l.trim_start_matches('#').trim().to_string())
    };
    let about_actions = |h: &str| {
        let lower = h.to_lowercase();
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| ACTION_WORDS.contains(&w))
    };
    let at = (lines
        .iter()
        .position(|l| heading(l).is_some_and(|h| is_carry_heading(&h))))
    .or_else(|| {
        lines
            .iter()
            .position(|l| heading(l).is_some_and(|h| about_actions(&h)))
    });
    let list = carried.join("\n");
    match at {
        Some(k) => {
            let mut out: Vec<String> = lines[..=k].iter().map(|l| l.to_string()).collect();
            out.push(String::new());
            out.push(list);
            out.extend(lines[k + 1..].iter().map(|l| l.to_string()));
            out.join("\n") + "\n"
        }
        None => format!("{}\n\n## Open action items\n\n{list}\n", draft.trim_end()),
    }
}

/// The title of a series' first minutes: its configured title, else the site's title
/// for the default series, else the series name.
fn starter_title(site: &Site, series: &str) -> String {
    match site.config.series.get(series).and_then(|s| s.title.clone()) {
        Some(t) => t,
        None if series == site.config.default_series => site.config.title.clone(),
        None => series.to_string(),
    }
}

/// Writes the draft; never replaces an existing file.
pub fn write(draft: &Draft) -> Result<(), Diagnostic> {
    if let Some(parent) = draft.path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(parent, None, format!("cannot create the folder: {e}"))
        })?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&draft.path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(
                    &draft.path,
                    None,
                    "already exists; not overwritten. Edit it, or pass another DATE".into(),
                )
            } else {
                Diagnostic::error(&draft.path, None, format!("cannot create: {e}"))
            }
        })?;
    f.write_all(draft.text.as_bytes())
        .map_err(|e| Diagnostic::error(&draft.path, None, format!("cannot write: {e}")))
}

fn default_series(a: &Archive) -> Option<String> {
    let newest = |all_teams_only: bool| {
        a.series
            .iter()
            .filter(|s| !all_teams_only || s.all_teams)
            .filter_map(|s| {
                s.meetings
                    .last()
                    .map(|&i| (a.meetings[i].date(), s.name.clone()))
            })
            .max()
            .map(|(_, n)| n)
    };
    newest(true).or_else(|| newest(false))
}

/// The most common gap in days between the series' last ten meetings (ties: the
/// shorter); a week when there is no history.
fn usual_gap(a: &Archive, series: &str) -> u64 {
    let Some(s) = a.series.iter().find(|s| s.name == series) else {
        return 7;
    };
    let dates: Vec<NaiveDate> = s
        .meetings
        .iter()
        .rev()
        .take(11)
        .map(|&i| a.meetings[i].date())
        .collect();
    let mut counts: HashMap<u64, usize> = HashMap::new();
    for w in dates.windows(2) {
        let gap = (w[0] - w[1]).num_days();
        if gap > 0 {
            *counts.entry(gap as u64).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(gap, n)| (n, std::cmp::Reverse(gap)))
        .map(|(g, _)| g)
        .unwrap_or(7)
}

/// Beside the latest file, named like it (`20260924.md` or `2026-09-24.md`); a year
/// folder follows the new date's year.
fn new_rel_path(
    latest: Option<&Path>,
    series: &str,
    default_series: &str,
    date: NaiveDate,
) -> PathBuf {
    let Some(latest) = latest else {
        let dir = if series == default_series {
            PathBuf::new()
        } else {
            PathBuf::from(series)
        };
        return dir.join(format!("{}.md", date.format("%Y-%m-%d")));
    };
    let mut dir = PathBuf::new();
    for c in latest.parent().into_iter().flat_map(Path::components) {
        let name = c.as_os_str().to_string_lossy();
        if dates::is_year_name(&name) {
            dir.push(date.format("%Y").to_string());
        } else if matches!(dates::parse_name_date(&name), NameDate::Date(..)) {
            // A dated folder holds one event; the next meeting goes beside it.
            break;
        } else {
            dir.push(c);
        }
    }
    let file = latest
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let form = dates::name_date_format(&file).unwrap_or("%Y-%m-%d");
    dir.join(format!("{}.md", date.format(form)))
}

/// The latest meeting's title with its date replaced by `date`.
fn retitle(m: &Meeting, date: NaiveDate) -> String {
    let old = m.date();
    let title = m
        .title
        .replace(
            &old.format("%Y-%m-%d").to_string(),
            &date.format("%Y-%m-%d").to_string(),
        )
        .replace(
            &old.format("%Y%m%d").to_string(),
            &date.format("%Y%m%d").to_string(),
        );
    if title == m.title && !m.title.contains(&date.format("%Y-%m-%d").to_string()) {
        format!("{title} {}", date.format("%Y-%m-%d"))
    } else {
        title
    }
}

fn outline(m: &Meeting, content: &Path, date: NaiveDate) -> String {
    let source = crate::source::walk::read_text(&content.join(&m.source.rel))
        .map(|(t, _)| t)
        .unwrap_or_default();
    let lines: Vec<&str> = source.lines().collect();
    let mut out = format!("# {}\n", retitle(m, date));
    let headings: Vec<_> = m
        .parsed
        .blocks
        .iter()
        .filter_map(|b| b.heading.as_ref().map(|h| (b.line, h)))
        .filter(|(line, h)| !(h.level == 1 && *line == m.parsed.title_line))
        .collect();
    for (k, (line, h)) in headings.iter().enumerate() {
        out.push_str(&format!("\n{} {}\n", "#".repeat(h.level as usize), h.text));
        if h.text.eq_ignore_ascii_case("meta") {
            // Keep the labels (`- Minutes:`), drop who it was last time.
            let end = headings
                .get(k + 1)
                .map(|(l, _)| l - 1)
                .unwrap_or(lines.len());
            let labels: Vec<String> = lines
                .get(*line..end)
                .unwrap_or_default()
                .iter()
                .filter_map(|l| {
                    let item = l
                        .trim_start()
                        .strip_prefix("- ")
                        .or_else(|| l.trim_start().strip_prefix("* "))?;
                    let (label, _) = item.split_once(':')?;
                    Some(format!("- {}: ", label.trim()))
                })
                .collect();
            if !labels.is_empty() {
                out.push('\n');
                for l in labels {
                    out.push_str(l.trim_end());
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn from_template(
    path: &Path,
    site: &Site,
    series: &str,
    date: NaiveDate,
    latest: Option<&Meeting>,
    carried: &[String],
) -> Result<String, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error(path, None, format!("cannot read: {e}")))?;
    let mut tera = tera::Tera::new();
    let err = |e: tera::Error| {
        let line = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                Some(r.span().start_line)
            }
            _ => None,
        };
        Diagnostic::error(path, line, format!("template error: {e}"))
    };
    tera.add_raw_template("new.md", &text).map_err(err)?;
    let mut cx = tera::Context::new();
    cx.insert("date", &date.format("%Y-%m-%d").to_string());
    cx.insert("weekday", &date.format("%A").to_string());
    cx.insert("series", series);
    cx.insert("series_title", &site.config.series_title(series));
    let teams: Vec<String> = latest
        .map(|m| {
            m.parsed
                .sections
                .iter()
                .map(|s| s.heading.clone())
                .collect()
        })
        .unwrap_or_default();
    cx.insert("teams", &teams);
    cx.insert("open_actions", carried);
    cx.insert(
        "title",
        &latest.map(|m| retitle(m, date)).unwrap_or_else(|| {
            format!(
                "{} {}",
                site.config.series_title(series),
                date.format("%Y-%m-%d")
            )
        }),
    );
    tera.render("new.md", &cx).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn paths_follow_the_latest_file() {
        let p = |latest: &str, date: &str| {
            new_rel_path(Some(Path::new(latest)), "weekly", "minutes", d(date))
        };
        assert_eq!(
            p("weekly/20260924.md", "2026-10-01"),
            PathBuf::from("weekly/20261001.md")
        );
        assert_eq!(
            p("weekly/2026-09-24.md", "2026-10-01"),
            PathBuf::from("weekly/2026-10-01.md")
        );
        assert_eq!(
            p("2026/2026-12-31.md", "2027-01-07"),
            PathBuf::from("2027/2027-01-07.md")
        );
        assert_eq!(
            p("sig/2022-09-27-hackathon/notes.md", "2022-10-04"),
            PathBuf::from("sig/2022-10-04.md")
        );
        assert_eq!(
            new_rel_path(None, "minutes", "minutes", d("2026-01-01")),
            PathBuf::from("2026-01-01.md")
        );
        assert_eq!(
            new_rel_path(None, "iaas", "minutes", d("2026-01-01")),
            PathBuf::from("iaas/2026-01-01.md")
        );
    }
}
