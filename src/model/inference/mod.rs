//! Which headings of an archive are groups (teams, SIGs, working groups, repositories,
//! nominated issues), worked out from the archive itself when `site.toml` names no team.
//!
//! The rules, each one explainable from the minutes:
//! - **A group** is a heading that recurs in at least [`MIN_MEETINGS`] meetings and
//!   either has a group's form (`Team X`, `SIG X`, `X SIG`, `X WG`, `X Working Group`,
//!   `owner/repo`) or sits directly under a *group parent* in at least a fifth of the
//!   parent's meetings. One of a group's form seen one meeting fewer is a group when it
//!   sits under a group parent beside a group of the same form.
//! - **A group parent** is a heading that recurs in at least [`MIN_MEETINGS`] meetings
//!   and has recurring headings under it that are not structural: one is enough when its
//!   name says it holds parts (`updates`, `reports`, `nominated`, `groups`, …),
//!   otherwise it takes two of a group's form or three of any form.
//! - **Structural headings** are never groups: their words, less fillers like `the` or
//!   `meeting`, are all words of the running of a meeting (`agenda`, `present`, `links`,
//!   `roles`, `AOB`, `Q&A`, `announcements`, `progress`, `next …`).
//! - **Spellings fold** into one group when they differ only in case, punctuation or
//!   word order (`SIG X` and `X SIG` too), when one abbreviates the other word for word
//!   (`Std/Cert`), is its initialism (`CAPI` for `Central API` would need the same
//!   marker word), or is one typing slip away from it (`Packagaing`). Each fold keeps
//!   its reason, which `minutebook init` writes beside the alias.
//! - A heading that names an issue (`owner/repo#12`, `repo#12`) is keyed by that
//!   reference, so the title may change from meeting to meeting.
//! - **A rename** is one group: a name of one kind that takes another's place from the
//!   next meeting or the one after, sharing a word with it or being, like it, the only
//!   part of one parent (`fold_renames`; the meetings' dates are read for this alone).
//!
//! Everything here is a function of the headings and dates alone, in a fixed order, so
//! the same archive always gives the same groups; `serve` works the groups out again
//! after an edit and rebuilds everything when they changed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::markdown::group_names::{
    ascii_words, fold, group_form, is_marker_word, names_groups, says_parts, structural, GroupKind,
};
use crate::markdown::parse::ParsedMeeting;
use crate::markdown::team_sections::TeamMatcher;
use crate::source::config::{Config, TeamConfig};

mod clusters;
mod evidence;
mod label;
mod renames;

pub use evidence::same_headings;

use clusters::{cluster, fold_bare_names, fold_extensions, parents_of_formed_groups, Cluster};
use evidence::{collect, counts_anywhere, find_parents, qualifies_under, Id};
use renames::fold_renames;

/// One parsed file as the inference reads it: its series, its date and its parse.
pub type DatedParse<'p> = (&'p str, NaiveDate, &'p ParsedMeeting);

/// A heading must be seen in this many meetings to be a group or a group parent.
pub const MIN_MEETINGS: usize = 3;

/// A heading not of a group's form must be seen in this many meetings to be a group:
/// one seen in two or three meetings is an agenda item that came back, not a group.
pub const MIN_PLAIN_MEETINGS: usize = 4;

/// A heading that is not of a group's form is a group only when it comes back under
/// its parent in at least one in this many of the parent's meetings.
const SHARE_DIVISOR: usize = 5;

/// What the archive's headings say about its structure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inferred {
    /// The groups, most meetings first.
    pub groups: Vec<Group>,
    /// Spellings of the headings found to hold groups, most meetings first.
    pub parents: Vec<(String, usize)>,
    /// Headings under a group parent that are not groups, with why, most meetings first.
    pub ignored: Vec<Ignored>,
    /// Series (folder) names that are one group's own meetings: (series, group name).
    pub series_teams: Vec<(String, String)>,
    /// Series whose meetings have sections of two groups or more on average.
    pub all_teams: Vec<String>,
    /// Headings of a group's form or under a group parent, and how many of them are
    /// spellings of a group (so their sections are on a timeline).
    pub candidates: usize,
    /// See `candidates`.
    pub placed: usize,
    /// What the archive's groups are, for the navigation (`Teams`, `SIGs`, `Working
    /// groups`, `Repositories`, `Agenda items`); `None` without groups.
    pub label: Option<&'static str>,
}

/// One group, with every spelling the minutes use for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The spelling used most often.
    pub name: String,
    /// How many meetings have a section of it.
    pub meetings: usize,
    /// Why it is a group.
    pub why: &'static str,
    /// The other spellings, each with the reason it folds into this group.
    pub aliases: Vec<(String, String)>,
}

/// A heading that is not a group, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Ignored {
    /// The heading's name, as written most often.
    pub name: String,
    /// How many meetings have it.
    pub meetings: usize,
    /// Why it is not a group.
    pub why: &'static str,
}

/// Works out the groups of an archive from the headings of its parsed files, given
/// with their series and dates. Headings the site's `ignore` names (`matcher`) take no part.
pub fn infer(parsed: &[DatedParse], matcher: &TeamMatcher) -> Inferred {
    let seen = collect(parsed, matcher);
    let parent_ids = find_parents(&seen);
    let mut ignored: Vec<Ignored> = Vec::new();
    let clusters = cluster(&seen, &parent_ids, &mut ignored);
    let clusters = fold_extensions(&seen, clusters);
    let clusters = fold_bare_names(&seen, clusters);
    let mut groups = Vec::new();
    let (mut candidates, mut placed_headings) = (0, 0);
    // How many groups each meeting has a section of.
    let mut per_meeting = vec![0usize; parsed.len()];
    // Headings under each group parent that are no group of their own.
    let mut rare_under: BTreeMap<&Id, usize> = BTreeMap::new();
    let beside = parents_of_formed_groups(&seen, &clusters);
    let mut kept: Vec<(Cluster, &'static str)> = Vec::new();
    for c in clusters {
        let head = &seen[c.members[0].0];
        let headings: usize = (c.members.iter())
            .map(|(id, _)| seen[*id].spellings.values().sum::<usize>())
            .sum();
        candidates += headings;
        let f = &head.folded;
        let placed = c
            .under
            .iter()
            .any(|(p, ms)| qualifies_under(head, &seen[*p], ms));
        let why = if counts_anywhere(f) && c.meetings.len() >= MIN_MEETINGS {
            "named like a group"
        } else if group_form(f)
            && c.meetings.len() + 1 >= MIN_MEETINGS
            && (c.under.keys()).any(|p| beside.contains(&(*p, f.kind)))
        {
            "named like the groups beside it"
        } else if placed && (counts_anywhere(f) || c.meetings.len() >= MIN_PLAIN_MEETINGS) {
            "under a heading that holds one part per group"
        } else {
            for p in c.under.keys() {
                *rare_under.entry(*p).or_default() += headings;
            }
            if !c.under.is_empty() && c.meetings.len() >= 2 {
                ignored.push(Ignored {
                    name: head.name(),
                    meetings: c.meetings.len(),
                    why: "too rare under its parent heading",
                });
            }
            continue;
        };
        placed_headings += headings;
        kept.push((c, why));
    }
    let mut shapes: Vec<label::Shape> = Vec::new();
    for (c, why) in fold_renames(&seen, kept, parsed) {
        let head = &seen[c.members[0].0];
        let name = head.name();
        let mut aliases: Vec<(String, String)> = Vec::new();
        for (id, reason) in &c.members {
            let reason = reason
                .clone()
                .unwrap_or_else(|| "same words (case, punctuation or word order differ)".into());
            for spelling in seen[*id].spellings.keys() {
                if *spelling != name && !aliases.iter().any(|(a, _)| a == spelling) {
                    aliases.push((spelling.clone(), reason.clone()));
                }
            }
        }
        for &m in &c.meetings {
            per_meeting[m] += 1;
        }
        let under_parts = (c.under.keys()).any(|p| says_parts(&seen[*p].folded));
        shapes.push((head.folded.kind, under_parts));
        groups.push(Group {
            name,
            meetings: c.meetings.len(),
            why,
            aliases,
        });
    }
    // A parent that says it holds parts (`Nominated issues`) keeps those that are no
    // group of their own (an issue discussed once) on a timeline of its own, so that a
    // reader finds them: the parent is no group, but its one-off parts need a place.
    // One that names its parts groups (`Working group updates`, `SIG reports`) or
    // holds groups named as such gets none: its one-off parts stay on their meetings'
    // pages.
    for (p, headings) in rare_under {
        let s = &seen[p];
        let of_groups = names_groups(&s.folded) || beside.iter().any(|(x, _)| *x == p);
        if !says_parts(&s.folded) || structural(&s.folded) || of_groups {
            continue;
        }
        placed_headings += headings;
        let name = s.name();
        for &m in &s.meetings {
            per_meeting[m] += 1;
        }
        shapes.push((s.folded.kind, true));
        groups.push(Group {
            aliases: (s.spellings.keys())
                .filter(|a| **a != name)
                .map(|a| {
                    (
                        a.clone(),
                        "same words (case, punctuation or word order differ)".into(),
                    )
                })
                .collect(),
            name,
            meetings: s.meetings.len(),
            why: "holds parts that are no group of their own",
        });
    }
    groups.sort_by(|a, b| {
        b.meetings
            .cmp(&a.meetings)
            .then_with(|| a.name.cmp(&b.name))
    });
    ignored.sort_by(|a, b| {
        b.meetings
            .cmp(&a.meetings)
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut parents: Vec<(String, usize)> = parent_ids
        .iter()
        .map(|id| (seen[id].name(), seen[id].meetings.len()))
        .collect();
    parents.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    let all_teams = all_teams_series(parsed, &per_meeting);
    let series_teams = series_teams(parsed, &groups)
        .into_iter()
        .filter(|(s, _)| !all_teams.contains(s))
        .collect();
    Inferred {
        groups,
        parents,
        ignored,
        series_teams,
        all_teams,
        candidates,
        placed: placed_headings,
        label: label::label(&shapes),
    }
}

/// Series whose meetings have sections of two or more groups on average: the calls
/// where all groups report (shown first on the home page).
fn all_teams_series(parsed: &[DatedParse], per_meeting: &[usize]) -> Vec<String> {
    let mut by_series: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((series, _, _), n) in parsed.iter().zip(per_meeting) {
        let e = by_series.entry(series).or_default();
        e.0 += 1;
        e.1 += n;
    }
    (by_series.into_iter())
        .filter(|(_, (meetings, sections))| *sections >= 2 * meetings)
        .map(|(s, _)| s.to_string())
        .collect()
}

/// Series whose folder name is a group's name (`sig-monitoring` for `SIG Monitoring`,
/// `iaas` for `Team IaaS`): that group's own meetings. The folder's words must equal a
/// spelling's words, or be a part of only one group's words.
fn series_teams(parsed: &[DatedParse], groups: &[Group]) -> Vec<(String, String)> {
    let series: BTreeSet<&str> = parsed.iter().map(|(s, _, _)| *s).collect();
    // Every word counts here: `community-call` is not `SIG Community`.
    let words_of = |name: &str| -> (GroupKind, BTreeSet<String>) {
        let f = fold(name);
        let all = ascii_words(name);
        let mut words: BTreeSet<String> = all
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if f.kind != GroupKind::Plain {
            words.retain(|w| !is_marker_word(w));
        }
        (f.kind, words)
    };
    let spellings: Vec<(&str, (GroupKind, BTreeSet<String>))> = groups
        .iter()
        .flat_map(|g| {
            std::iter::once(&g.name)
                .chain(g.aliases.iter().map(|(a, _)| a))
                .map(move |s| (g.name.as_str(), words_of(s)))
        })
        .collect();
    let mut out = Vec::new();
    for s in series {
        let (kind, words) = words_of(&s.replace(['-', '_'], " "));
        if words.is_empty() {
            continue;
        }
        let fits = |k: GroupKind| kind == GroupKind::Plain || kind == k;
        let exact: BTreeSet<&str> = (spellings.iter())
            .filter(|(_, (k, w))| fits(*k) && *w == words)
            .map(|(n, _)| *n)
            .collect();
        let part: BTreeSet<&str> = (spellings.iter())
            .filter(|(_, (k, w))| fits(*k) && words.is_subset(w))
            .map(|(n, _)| *n)
            .collect();
        let found = if exact.is_empty() { part } else { exact };
        if found.len() == 1 {
            let name = found.into_iter().next().expect("one");
            out.push((s.to_string(), name.to_string()));
        }
    }
    out
}

impl Inferred {
    /// Puts the groups into `config` as its teams, and the series that are one group's
    /// meetings as their series' team, where the configuration says nothing else.
    pub fn apply(&self, config: &mut Config) {
        if config.teams_label.is_none() {
            config.teams_label = self.label.map(str::to_string);
        }
        config.teams = self
            .groups
            .iter()
            .map(|g| TeamConfig {
                name: g.name.clone(),
                slug: None,
                aliases: g.aliases.iter().map(|(a, _)| a.clone()).collect(),
                patterns: Vec::new(),
                description: String::new(),
            })
            .collect();
        for series in &self.all_teams {
            let s = config.series.entry(series.clone()).or_default();
            if s.team.is_none() {
                s.all_teams = true;
            }
        }
        for (series, team) in &self.series_teams {
            let s = config.series.entry(series.clone()).or_default();
            if s.team.is_none() && !s.all_teams {
                s.team = Some(team.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::team_sections::TeamMatcher;
    use crate::source::config::Config;

    /// Weekly meetings of one series from their bodies (without title), a week apart.
    fn infer_bodies(bodies: &[&str]) -> Inferred {
        let config = Config::default();
        let parsed: Vec<ParsedMeeting> = (bodies.iter().enumerate())
            .map(|(i, b)| {
                let text = format!("# Weekly {i}\n\n{b}");
                let rel = std::path::PathBuf::from(format!("w/{i}.md"));
                crate::site::parse_bytes(text.into_bytes(), &rel, &config).0
            })
            .collect();
        let start = NaiveDate::from_ymd_opt(2024, 1, 4).unwrap();
        let dated: Vec<DatedParse> = (parsed.iter().enumerate())
            .map(|(i, p)| ("w", start + chrono::Days::new(7 * i as u64), p))
            .collect();
        infer(&dated, &TeamMatcher::new(&config))
    }

    fn names(i: &Inferred) -> Vec<&str> {
        i.groups.iter().map(|g| g.name.as_str()).collect()
    }

    /// A heading of a group's form is a group from [`MIN_MEETINGS`] meetings on.
    #[test]
    fn a_group_needs_three_meetings() {
        let two = infer_bodies(&["## Team Ops\n\nx\n", "## Team Ops\n\ny\n", "## Misc\n"]);
        assert!(names(&two).is_empty(), "{:?}", names(&two));
        let three = infer_bodies(&["## Team Ops\n\nx\n"; 3]);
        assert_eq!(names(&three), ["Team Ops"]);
        assert_eq!(three.groups[0].why, "named like a group");
    }

    /// A name that adds words folds in, unless the added words name another group.
    #[test]
    fn extensions_fold_unless_they_name_another_group() {
        let body = "## Team IAM\n\nx\n\n## Team Ops\n\ny\n\n## Team IAM & Security\n\nz\n";
        let folded = infer_bodies(&[body; 3]);
        assert!(names(&folded).contains(&"Team IAM"));
        assert!(!names(&folded).contains(&"Team IAM & Security"));
        let joint = "## Team IAM\n\nx\n\n## Team Ops\n\ny\n\n## Team Ops & IAM\n\nz\n";
        let kept = infer_bodies(&[joint; 3]);
        assert!(
            names(&kept).contains(&"Team Ops & IAM"),
            "{:?}",
            names(&kept)
        );
    }

    /// The only part under one parent, renamed from one meeting on, is one group under
    /// its new name, with the reason written beside the old one.
    #[test]
    fn a_rename_in_the_same_place_is_one_group() {
        let old = "## Team updates\n\n### Team Kappa\n\nx\n";
        let new = "## Team updates\n\n### Team Lambda\n\ny\n";
        let i = infer_bodies(&[old, old, old, new, new, new]);
        assert_eq!(names(&i), ["Team Lambda"]);
        let (alias, why) = &i.groups[0].aliases[0];
        assert_eq!(alias, "Team Kappa");
        assert!(why.starts_with("renamed"), "{why}");
    }
}
