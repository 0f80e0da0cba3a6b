//! Which headings name a team, and which team.
//!
//! A heading's text is cleaned first ([`clean_heading`]; inline HTML and emphasis are
//! already gone, since the parser hands over plain text). The rest is compared with
//! each team's name and aliases by [`match_key`] (no case, the marker first: `SIG X` and
//! `X SIG` are the same); then the team's regular-expression patterns are tried against
//! the cleaned name and the whole heading. A slash is not a separator:
//! `SIG Standardization/Certification` is one name. What a group's name looks like is
//! the [group grammar](crate::markdown::group_names).

use std::collections::HashMap;

use regex::Regex;

use crate::markdown::blocks::Block;
use crate::markdown::group_names::{clean_heading, looks_like_group, match_key, CleanHeading};
use crate::source::config::{compile_pattern, is_pattern, Config};
use crate::text::slug::slugify_or;

/// A part of a meeting that reports on one team.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamSection {
    /// Which team.
    pub team: TeamMatch,
    /// The heading as written (plain text).
    pub heading: String,
    /// Subtitle after ` - ` or in `(...)`, if any.
    pub subtitle: Option<String>,
    /// Anchor of the (first) heading on the meeting page.
    pub anchor: String,
    /// Line of the (first) heading.
    pub line: usize,
    /// Indices of the blocks that make up the section body (headings of the team
    /// itself and slide separators left out).
    pub body: Vec<usize>,
}

/// One team as the matcher knows it.
#[derive(Debug, Clone)]
pub struct TeamDef {
    /// Display name.
    pub name: String,
    /// URL slug, unique among teams.
    pub slug: String,
    /// One line about the team.
    pub description: String,
    keys: Vec<String>,
    patterns: Vec<Regex>,
}

/// Matches headings to teams.
#[derive(Debug, Clone)]
pub struct TeamMatcher {
    /// Configured teams, in configuration order.
    pub teams: Vec<TeamDef>,
    /// Parent headings whose direct sub-headings are all teams.
    parents: Names,
    /// Headings that are never teams.
    ignore: Names,
}

/// Headings given by name (compared by [`key`]) or by pattern.
#[derive(Debug, Clone, Default)]
struct Names {
    keys: Vec<String>,
    patterns: Vec<Regex>,
}

impl Names {
    fn new(entries: &[String]) -> Names {
        let (patterns, names): (Vec<&String>, Vec<&String>) =
            entries.iter().partition(|e| is_pattern(e));
        Names {
            keys: names
                .iter()
                .map(|n| match_key(&clean_heading(n).name))
                .collect(),
            patterns: patterns
                .iter()
                .filter_map(|p| compile_pattern(p).ok())
                .collect(),
        }
    }

    fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.patterns.is_empty()
    }

    /// Whether a heading (plain text) is one of these: its cleaned name by key, or the
    /// cleaned name or whole heading by pattern.
    fn contain(&self, heading: &str) -> bool {
        if self.is_empty() {
            return false;
        }
        let clean = clean_heading(heading).name;
        if self.keys.contains(&match_key(&clean)) {
            return true;
        }
        let full = heading.split_whitespace().collect::<Vec<_>>().join(" ");
        (self.patterns.iter()).any(|p| p.is_match(&clean) || p.is_match(&full))
    }
}

/// What a heading matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamMatch {
    /// A configured team, by index into [`TeamMatcher::teams`].
    Known(usize),
    /// No team configured, or under a parent heading: a team known only by its name.
    Named(String),
}

impl TeamMatcher {
    /// Builds the matcher from `site.toml`. Patterns were validated when the config loaded.
    pub fn new(config: &Config) -> TeamMatcher {
        let teams = config
            .teams
            .iter()
            .map(|t| TeamDef {
                name: t.name.clone(),
                slug: t
                    .slug
                    .clone()
                    .unwrap_or_else(|| slugify_or(&t.name, "team")),
                description: t.description.clone(),
                keys: std::iter::once(&t.name)
                    .chain(&t.aliases)
                    .map(|n| match_key(&clean_heading(n).name))
                    .collect(),
                patterns: t
                    .patterns
                    .iter()
                    .filter_map(|p| compile_pattern(p).ok())
                    .collect(),
            })
            .collect();
        TeamMatcher {
            teams,
            parents: Names::new(&config.team_parents),
            ignore: Names::new(&config.ignore),
        }
    }

    /// Whether `heading` (plain text) is a parent of team sections.
    pub fn is_parent(&self, heading: &str) -> bool {
        self.parents.contain(heading)
    }

    /// Whether `heading` (plain text) is one that `ignore` says is never a team.
    pub fn is_ignored(&self, heading: &str) -> bool {
        self.ignore.contain(heading)
    }

    /// The team a heading names, if any. `under_parent` says whether the heading is a
    /// direct sub-heading of a configured parent heading.
    pub fn match_heading(
        &self,
        heading: &str,
        under_parent: bool,
    ) -> Option<(TeamMatch, CleanHeading)> {
        let clean = clean_heading(heading);
        if clean.name.is_empty() || self.is_ignored(heading) {
            return None;
        }
        let k = match_key(&clean.name);
        if let Some(i) = self.teams.iter().position(|t| t.keys.contains(&k)) {
            return Some((TeamMatch::Known(i), clean));
        }
        let full = heading.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(i) = self.teams.iter().position(|t| {
            t.patterns
                .iter()
                .any(|p| p.is_match(&clean.name) || p.is_match(&full))
        }) {
            return Some((TeamMatch::Known(i), clean));
        }
        if under_parent {
            let name = clean.name.clone();
            return Some((TeamMatch::Named(name), clean));
        }
        if self.teams.is_empty() && looks_like_group(&clean.name) {
            let name = clean.name.clone();
            return Some((TeamMatch::Named(name), clean));
        }
        None
    }
}

/// The entries (names, or patterns where [`is_pattern`] says so; `patterns` forces
/// patterns) that match none of `headings` (plain text): an alias or pattern in
/// `site.toml` that matches nothing is probably misspelt. `check` reports them.
pub fn matching_nothing<'e>(
    entries: &'e [String],
    patterns: bool,
    headings: &[String],
) -> Vec<&'e str> {
    let cleaned: Vec<(String, String, String)> = headings
        .iter()
        .map(|h| {
            let clean = clean_heading(h).name;
            let full = h.split_whitespace().collect::<Vec<_>>().join(" ");
            (match_key(&clean), clean, full)
        })
        .collect();
    entries
        .iter()
        .filter(|e| {
            if patterns || is_pattern(e) {
                let Ok(re) = compile_pattern(e) else {
                    return false;
                };
                !cleaned
                    .iter()
                    .any(|(_, c, f)| re.is_match(c) || re.is_match(f))
            } else {
                let k = match_key(&clean_heading(e).name);
                !cleaned.iter().any(|(hk, _, _)| *hk == k)
            }
        })
        .map(String::as_str)
        .collect()
}

/// Where a heading becomes a team's section, and where the section ends: a heading of
/// any level that names a team (or sits directly under a `team_parents` heading)
/// starts one; it runs to the next heading of the same or a higher level, or to a
/// sub-heading naming another team. Such a sub-section interrupts the section around
/// it, which goes on after the sub-section ends (a `Nominated issues` section around
/// the issues that have timelines of their own). Consecutive sections of one team
/// merge (slide decks repeat `# Team X` on every slide).
pub(crate) fn find_sections(blocks: &[Block], matcher: &TeamMatcher) -> Vec<TeamSection> {
    let mut sections: Vec<TeamSection> = Vec::new();
    // Open headings above the current block: (level, block index). Whether one is a
    // team parent is asked only when a heading below it could start a section.
    let mut open: Vec<(u8, usize)> = Vec::new();
    // Answers of `is_parent`, by block: a parent is asked once, not once per child.
    let mut is_parent: HashMap<usize, bool> = HashMap::new();
    // The section being collected: (index in `sections`, its heading level).
    let mut current: Option<(usize, u8)> = None;
    // Sections interrupted by a sub-section of another team, innermost last.
    let mut outer: Vec<(usize, u8)> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let Some(h) = &block.heading else {
            if let Some((s, _)) = current {
                if !block.rule {
                    sections[s].body.push(i);
                }
            }
            continue;
        };
        while open.last().is_some_and(|(l, _)| *l >= h.level) {
            open.pop();
        }
        while outer.last().is_some_and(|(_, l)| *l >= h.level) {
            outer.pop();
        }
        let parent = open.last().map(|&(_, b)| b);
        open.push((h.level, i));
        let ends_current = current.is_some_and(|(_, level)| h.level <= level);
        let previous = if ends_current { current.take() } else { None };
        let under_parent = parent.is_some_and(|b| {
            *is_parent.entry(b).or_insert_with(|| {
                blocks[b]
                    .heading
                    .as_ref()
                    .is_some_and(|p| matcher.is_parent(&p.text))
            })
        });
        let matched = matcher.match_heading(&h.text, under_parent);
        if let Some((s, level)) = current {
            // A sub-heading inside the current section, unless it names another team
            // (slide decks put `## SIG Docs` on a slide after `# Team Container`).
            match &matched {
                Some((team, _)) if *team != sections[s].team => {
                    outer.push((s, level));
                    current = None;
                }
                // `## Team IaaS` repeated under `# Team IaaS` on every sub-slide says nothing.
                Some((_, clean)) if clean.subtitle.is_none() => continue,
                _ => {
                    sections[s].body.push(i);
                    continue;
                }
            }
        }
        let resume = |team: Option<&TeamMatch>, outer: &mut Vec<(usize, u8)>| {
            let &(s, _) = outer.last()?;
            (team.is_none_or(|t| *t == sections[s].team)).then(|| outer.pop())?
        };
        let Some((team, clean)) = matched else {
            // The end of a sub-section: the section it interrupted goes on.
            if previous.is_some() {
                if let Some((s, level)) = resume(None, &mut outer) {
                    sections[s].body.push(i);
                    current = Some((s, level));
                }
            }
            continue;
        };
        // Slide decks repeat `# Team Ops` on every slide: continue the same section.
        if let Some((s, level)) = previous {
            if sections[s].team == team {
                current = Some((s, level));
                continue;
            }
        }
        if clean.subtitle.is_none() {
            if let Some(back) = resume(Some(&team), &mut outer) {
                current = Some(back);
                continue;
            }
        }
        sections.push(TeamSection {
            team,
            heading: h.text.clone(),
            subtitle: clean.subtitle,
            anchor: h.id.clone(),
            line: block.line,
            body: Vec::new(),
        });
        current = Some((sections.len() - 1, h.level));
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(toml_text: &str) -> TeamMatcher {
        let config = Config::parse(toml_text, std::path::Path::new("site.toml")).unwrap();
        TeamMatcher::new(&config)
    }

    const SCS_LIKE: &str = r#"
[[teams]]
name = "Team IAM"
aliases = ["Team IAM & Security", "IAM SIG-ish"]
patterns = ['Team IAM/.*']
[[teams]]
name = "SIG Standardization/Certification"
aliases = ["SIG Std/Cert", "Standardisation SIG"]
[[teams]]
name = "SIG Documentation"
"#;

    fn known(m: &TeamMatcher, h: &str) -> Option<String> {
        match m.match_heading(h, false) {
            Some((TeamMatch::Known(i), _)) => Some(m.teams[i].name.clone()),
            _ => None,
        }
    }

    #[test]
    fn names_aliases_patterns_and_sig_order() {
        let m = matcher(SCS_LIKE);
        assert_eq!(known(&m, "Team IAM").as_deref(), Some("Team IAM"));
        assert_eq!(
            known(&m, "team iam & security - IAM").as_deref(),
            Some("Team IAM")
        );
        assert_eq!(known(&m, "Team IAM/Roles").as_deref(), Some("Team IAM"));
        assert_eq!(
            known(&m, "SIG Std/Cert - A new topic").as_deref(),
            Some("SIG Standardization/Certification")
        );
        assert_eq!(
            known(&m, "SIG Standardisation").as_deref(),
            Some("SIG Standardization/Certification")
        );
        assert_eq!(
            known(&m, "Documentation SIG").as_deref(),
            Some("SIG Documentation")
        );
        assert_eq!(known(&m, "Events"), None);
        assert_eq!(known(&m, "Team meeting reschedule"), None);
        // With teams configured, unknown `Team X` headings are not teams.
        assert!(m.match_heading("Team Foo", false).is_none());
    }

    #[test]
    fn default_rule_without_configuration() {
        let m = matcher("");
        let named = |h: &str| match m.match_heading(h, false) {
            Some((TeamMatch::Named(n), _)) => Some(n),
            _ => None,
        };
        assert_eq!(named("Team Container").as_deref(), Some("Team Container"));
        assert_eq!(named("Monitoring SIG").as_deref(), Some("Monitoring SIG"));
        assert_eq!(named("SIG Release (1/2)").as_deref(), Some("SIG Release"));
        assert_eq!(named("Team updates"), None);
        assert_eq!(named("Events"), None);
        assert_eq!(named("Teams"), None);
    }

    #[test]
    fn parents_make_any_subheading_a_team() {
        let m = matcher("team_parents = ['Working Group Updates']");
        assert!(m.is_parent("Working group updates"));
        assert_eq!(
            m.match_heading("Networking - new routers", true)
                .map(|(t, _)| t),
            Some(TeamMatch::Named("Networking".into()))
        );
    }

    /// A pattern is tried against the whole heading too, so that it can match what
    /// cleaning drops (a `(IAM)` remark, a subtitle).
    #[test]
    fn patterns_match_the_whole_heading_too() {
        let m = matcher(
            r#"
[[teams]]
name = "Team IAM"
patterns = ['.*\(IAM\)', 'Team Ops - Keycloak']
"#,
        );
        assert_eq!(
            known(&m, "Team Keycloak (IAM)").as_deref(),
            Some("Team IAM")
        );
        assert_eq!(
            known(&m, "Team Ops - Keycloak").as_deref(),
            Some("Team IAM")
        );
        assert_eq!(known(&m, "Team Keycloak"), None);
    }

    /// Configured names match every spelling of their marker.
    #[test]
    fn configured_names_match_every_marker_spelling() {
        let m = matcher("[[teams]]\nname = \"Packaging WG\"\n[[teams]]\nname = \"SIG Docs\"\n");
        for h in ["Packaging Working Group", "WG Packaging", "packaging wg:"] {
            assert_eq!(known(&m, h).as_deref(), Some("Packaging WG"), "{h}");
        }
        assert_eq!(known(&m, "Docs SIG").as_deref(), Some("SIG Docs"));
    }
}
