//! The archive as plain data: meetings, series, ISO weeks and team timelines.
//!
//! Built from parsed files; knows nothing of templates. Indices (`usize`) point into
//! [`Archive::meetings`], so pages can refer to meetings without copying them.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use crate::markdown::parse::ParsedMeeting;
use crate::markdown::team_sections::TeamSection;
use crate::markdown::team_sections::{TeamMatch, TeamMatcher};
use crate::source::config::Config;
use crate::source::dates::IsoWeek;
use crate::source::walk::SourceFile;
use crate::text::slug::{slugify_or, Unique};

/// One minutes file.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// Where it came from.
    pub source: SourceFile,
    /// Its title (front matter or first heading), or the series title and date.
    pub title: String,
    /// Parsed content.
    pub parsed: ParsedMeeting,
    /// Team index for each of `parsed.sections`.
    pub section_teams: Vec<usize>,
    /// Previous and next meeting of the same series.
    pub prev: Option<usize>,
    /// See `prev`.
    pub next: Option<usize>,
}

impl Meeting {
    /// The meeting's date.
    pub fn date(&self) -> NaiveDate {
        self.source.date
    }
    /// The ISO week it falls in.
    pub fn week(&self) -> IsoWeek {
        IsoWeek::of(self.source.date)
    }
}

/// A folder of meetings.
#[derive(Debug, Clone)]
pub struct Series {
    /// Folder name (slug).
    pub name: String,
    /// Display title.
    pub title: String,
    /// Whether it is an all-teams call.
    pub all_teams: bool,
    /// The team whose own meetings these are.
    pub team: Option<usize>,
    /// Meetings, oldest first.
    pub meetings: Vec<usize>,
}

/// An ISO week with at least one meeting.
#[derive(Debug, Clone)]
pub struct Week {
    /// Which week.
    pub week: IsoWeek,
    /// Meetings that week, by date then series.
    pub meetings: Vec<usize>,
}

/// One entry of a team's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A section of a meeting (index into the meeting's `parsed.sections`).
    Section(usize),
    /// A whole meeting of the team's own series.
    Meeting,
}

/// One entry of a team's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamEntry {
    /// The meeting.
    pub meeting: usize,
    /// Which part of it.
    pub kind: EntryKind,
}

/// A team or SIG and its timeline.
#[derive(Debug, Clone)]
pub struct Team {
    /// Display name.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// One line about it.
    pub description: String,
    /// Entries, newest first.
    pub entries: Vec<TeamEntry>,
}

/// Bytes of notes (their HTML) one page of a timeline holds, so that a busy team's
/// year stays light on a phone: a timeline with more gets a page per year however few
/// its entries, and a year with more is shown in parts of whole months, each part
/// filled until the next month would take it over (a month with more is a part of its
/// own).
pub const TIMELINE_PAGE_NOTES: usize = 100_000;

/// A year of a timeline, with the first month of each part it is shown in
/// ([`Team::year_parts`]).
pub type YearParts = (i32, Vec<u32>);

/// Bytes of notes of one entry of `meeting`: the HTML of its section's blocks, or of
/// the whole meeting.
pub fn entry_notes(meeting: &Meeting, kind: EntryKind) -> usize {
    let parsed = &meeting.parsed;
    let blocks = &parsed.blocks;
    match kind {
        EntryKind::Section(k) => (parsed.sections[k].body.iter())
            .map(|&b| blocks[b].html.len())
            .sum(),
        EntryKind::Meeting => blocks.iter().map(|b| b.html.len()).sum(),
    }
}

impl Team {
    /// Whether the timeline gets a page per year: more than `timeline_split` entries,
    /// or more notes than one page holds ([`TIMELINE_PAGE_NOTES`]).
    pub fn split_by_year(&self, meetings: &[Meeting], timeline_split: usize) -> bool {
        self.entries.len() > timeline_split
            || (self.entries.iter())
                .map(|e| entry_notes(&meetings[e.meeting], e.kind))
                .sum::<usize>()
                > TIMELINE_PAGE_NOTES
    }

    /// The parts each year of the timeline is shown in: the year, newest first, with
    /// the first month of each of its parts, in month order ([`TIMELINE_PAGE_NOTES`]).
    pub fn year_parts(&self, meetings: &[Meeting]) -> Vec<YearParts> {
        let mut months: Vec<((i32, u32), usize)> = Vec::new();
        for e in self.entries.iter().rev() {
            let d = meetings[e.meeting].date();
            let notes = entry_notes(&meetings[e.meeting], e.kind);
            let ym = (d.year(), d.month());
            match months.last_mut() {
                Some((m, n)) if *m == ym => *n += notes,
                _ => months.push((ym, notes)),
            }
        }
        let mut years: Vec<YearParts> = Vec::new();
        let mut part = 0;
        for ((y, m), notes) in months {
            match years.last_mut() {
                Some((year, parts)) if *year == y => {
                    if part + notes > TIMELINE_PAGE_NOTES {
                        parts.push(m);
                        part = 0;
                    }
                }
                _ => {
                    years.push((y, vec![m]));
                    part = 0;
                }
            }
            part += notes;
        }
        years.reverse();
        years
    }

    /// Years with entries, newest first.
    pub fn years(&self, meetings: &[Meeting]) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .entries
            .iter()
            .map(|e| meetings[e.meeting].date().year())
            .collect();
        years.dedup();
        years
    }
}

/// The whole archive.
#[derive(Debug, Clone)]
pub struct Archive {
    /// Meetings sorted by date, then series, then stem.
    pub meetings: Vec<Meeting>,
    /// Series sorted by name.
    pub series: Vec<Series>,
    /// Weeks, oldest first.
    pub weeks: Vec<Week>,
    /// Teams in configuration order, then unconfigured ones by name.
    pub teams: Vec<Team>,
    /// Markdown files without a date.
    pub skipped: Vec<PathBuf>,
    /// The other files of the content folder (not minutes): what links may point to.
    /// Only those a minutes file links are published ([`Archive::published_assets`]).
    pub assets: Vec<PathBuf>,
}

impl Archive {
    /// Assembles the archive from parsed files.
    pub fn assemble(
        config: &Config,
        matcher: &TeamMatcher,
        parsed: Vec<(SourceFile, ParsedMeeting)>,
        skipped: Vec<PathBuf>,
        assets: Vec<PathBuf>,
    ) -> Archive {
        let mut meetings: Vec<Meeting> = parsed
            .into_iter()
            .map(|(source, parsed)| {
                let title = parsed.title.clone().unwrap_or_else(|| {
                    format!(
                        "{} {}",
                        config.series_title(&source.series),
                        source.date.format("%Y-%m-%d")
                    )
                });
                Meeting {
                    source,
                    title,
                    parsed,
                    section_teams: Vec::new(),
                    prev: None,
                    next: None,
                }
            })
            .collect();
        meetings.sort_by(|a, b| {
            (a.source.date, &a.source.series, &a.source.stem).cmp(&(
                b.source.date,
                &b.source.series,
                &b.source.stem,
            ))
        });

        // Teams: configured ones first, then any named only by headings.
        let mut teams: Vec<Team> = matcher
            .teams
            .iter()
            .map(|t| Team {
                name: t.name.clone(),
                slug: t.slug.clone(),
                description: t.description.clone(),
                entries: Vec::new(),
            })
            .collect();
        // Lower-cased name -> the spelling seen first.
        let mut spellings: BTreeMap<String, String> = BTreeMap::new();
        for m in &meetings {
            for s in &m.parsed.sections {
                if let TeamMatch::Named(n) = &s.team {
                    spellings
                        .entry(n.to_lowercase())
                        .or_insert_with(|| n.clone());
                }
            }
        }
        let mut named: BTreeMap<String, usize> = BTreeMap::new();
        for (key, name) in spellings {
            named.insert(key, teams.len());
            teams.push(Team {
                slug: String::new(),
                name,
                description: String::new(),
                entries: Vec::new(),
            });
        }
        assign_unique_slugs(&mut teams, matcher.teams.len());
        let team_of = |s: &TeamSection| match &s.team {
            TeamMatch::Known(i) => *i,
            TeamMatch::Named(n) => named[&n.to_lowercase()],
        };

        // Series.
        let mut series_map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, m) in meetings.iter().enumerate() {
            series_map
                .entry(m.source.series.clone())
                .or_default()
                .push(i);
        }
        let series: Vec<Series> = series_map
            .into_iter()
            .map(|(name, list)| {
                let cfg = config.series.get(&name);
                let team = cfg
                    .and_then(|c| c.team.as_ref())
                    .and_then(|t| matcher.teams.iter().position(|d| &d.name == t));
                Series {
                    title: config.series_title(&name),
                    all_teams: cfg.is_some_and(|c| c.all_teams),
                    team,
                    name,
                    meetings: list,
                }
            })
            .collect();
        for s in &series {
            for (k, &i) in s.meetings.iter().enumerate() {
                meetings[i].prev = k.checked_sub(1).map(|p| s.meetings[p]);
                meetings[i].next = s.meetings.get(k + 1).copied();
            }
        }

        // Timelines, newest first.
        for (i, m) in meetings.iter_mut().enumerate().rev() {
            m.section_teams = m.parsed.sections.iter().map(team_of).collect();
            // A canceled meeting is no entry of its team's timeline.
            let canceled = m.source.part.is_some_and(|p| p.canceled);
            if let Some(t) =
                (series[series_index(&series, &m.source.series)].team).filter(|_| !canceled)
            {
                teams[t].entries.push(TeamEntry {
                    meeting: i,
                    kind: EntryKind::Meeting,
                });
            }
            for (k, &t) in m.section_teams.iter().enumerate() {
                teams[t].entries.push(TeamEntry {
                    meeting: i,
                    kind: EntryKind::Section(k),
                });
            }
        }

        // Weeks.
        let mut week_map: BTreeMap<IsoWeek, Vec<usize>> = BTreeMap::new();
        for (i, m) in meetings.iter().enumerate() {
            week_map.entry(m.week()).or_default().push(i);
        }
        let weeks = week_map
            .into_iter()
            .map(|(week, meetings)| Week { week, meetings })
            .collect();

        Archive {
            meetings,
            series,
            weeks,
            teams,
            skipped,
            assets,
        }
    }

    /// The files of the content folder that minutes link (images, PDFs), which the site
    /// publishes at the same relative path; a script or notes nobody links are not.
    pub fn published_assets(&self) -> std::collections::BTreeSet<PathBuf> {
        (self.meetings.iter())
            .flat_map(|m| m.parsed.linked_assets.iter().cloned())
            .collect()
    }

    /// Index of a meeting by (series, stem).
    pub fn meeting_index(&self) -> HashMap<(&str, &str), usize> {
        self.meetings
            .iter()
            .enumerate()
            .map(|(i, m)| ((m.source.series.as_str(), m.source.stem.as_str()), i))
            .collect()
    }

    /// Index into [`Archive::series`] of meeting `i`'s series.
    pub fn series_of(&self, i: usize) -> usize {
        series_index(&self.series, &self.meetings[i].source.series)
    }

    /// The newest meeting of an all-teams series, if any.
    pub fn latest_all_teams(&self) -> Option<usize> {
        self.series
            .iter()
            .filter(|s| s.all_teams)
            .filter_map(|s| s.meetings.last().copied())
            .max_by_key(|&i| self.meetings[i].date())
    }
}

/// Index of the series named `name` in `series` (sorted by name, holding it).
fn series_index(series: &[Series], name: &str) -> usize {
    series
        .binary_search_by(|s| s.name.as_str().cmp(name))
        .expect("every meeting's series is listed")
}

/// Gives every team a distinct slug: `Team IaaS` and `Team-IaaS` would both be
/// `team-iaas`, so the later one gets `team-iaas-2`. Configured slugs win.
fn assign_unique_slugs(teams: &mut [Team], configured: usize) {
    let mut unique = Unique::new(2);
    for (i, t) in teams.iter_mut().enumerate() {
        let base = if i < configured {
            t.slug.clone()
        } else {
            slugify_or(&t.name, "team")
        };
        t.slug = unique.claim(base);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::archive;

    #[test]
    fn weeks_series_and_timelines() {
        let cfg = "[[teams]]\nname = 'Team IaaS'\n[series.iaas]\nteam = 'Team IaaS'\n[series.weekly]\nall_teams = true\n";
        let a = archive(
            &[
                ("weekly", "2023-01-12", "# W\n\n## Team IaaS\n\nb\n"),
                ("weekly", "2023-01-05", "# W\n\n## Team IaaS\n\na\n"),
                ("iaas", "2023-01-10", "# IaaS meeting\n\nc\n"),
            ],
            cfg,
        );
        assert_eq!(
            a.meetings
                .iter()
                .map(|m| m.source.stem.as_str())
                .collect::<Vec<_>>(),
            ["2023-01-05", "2023-01-10", "2023-01-12"]
        );
        assert_eq!(a.weeks.len(), 2);
        assert_eq!(a.weeks[1].meetings, [1, 2]);
        assert_eq!(a.teams.len(), 1);
        let e = &a.teams[0].entries;
        assert_eq!(
            e,
            &[
                TeamEntry {
                    meeting: 2,
                    kind: EntryKind::Section(0)
                },
                TeamEntry {
                    meeting: 1,
                    kind: EntryKind::Meeting
                },
                TeamEntry {
                    meeting: 0,
                    kind: EntryKind::Section(0)
                },
            ]
        );
        let weekly = a.series.iter().find(|s| s.name == "weekly").unwrap();
        assert_eq!(weekly.meetings, [0, 2]);
        assert_eq!(a.meetings[0].next, Some(2));
        assert_eq!(a.meetings[2].prev, Some(0));
        assert_eq!(a.latest_all_teams(), Some(2));
    }

    #[test]
    fn colliding_team_slugs_are_made_distinct() {
        let a = archive(
            &[(
                "w",
                "2023-01-05",
                "## Team IaaS\n\na\n\n## Team IaaS!\n\nb\n",
            )],
            "",
        );
        let slugs: Vec<_> = a.teams.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs.len(), 2);
        assert_ne!(slugs[0], slugs[1]);
        assert!(slugs.contains(&"team-iaas"));
    }
}
