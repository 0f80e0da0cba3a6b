//! Which headings name a team, and which team.
//!
//! A heading's text is cleaned first (inline HTML and emphasis are already gone, since
//! the parser hands over plain text): a trailing `(...)` is dropped, and so is a subtitle
//! after ` - `, ` -- `, ` – `, ` — ` or `: `. The rest is compared case-insensitively with
//! each team's name and aliases, where `SIG X` and `X SIG` are the same; then against
//! the team's regular-expression patterns. A slash is not a separator:
//! `SIG Standardization/Certification` is one name.

use regex::Regex;
use std::sync::LazyLock;

use std::collections::HashMap;

use crate::markdown::parse::{Block, TeamSection};
use crate::model::slug::slugify_or;
use crate::source::config::{compile_pattern, is_pattern, Config};

/// A heading cleaned for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanHeading {
    /// The heading without `(...)` suffix and subtitle, whitespace collapsed.
    pub name: String,
    /// The subtitle after the separator, if any.
    pub subtitle: Option<String>,
}

static PAREN_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\([^()]*\)\s*$").expect("valid regex"));

/// Cleans a heading's plain text for matching.
pub fn clean_heading(text: &str) -> CleanHeading {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Emoji before or after the name (`🚀 Team Ops`, from `:rocket: Team Ops`) are
    // decoration: symbols outside ASCII, not letters.
    let mut name = collapsed
        .trim_matches(|c: char| !c.is_ascii() && !c.is_alphanumeric())
        .trim();
    let mut subtitle = None;
    // Earliest separator wins: `Team IaaS - SCS Lab - Next Steps` is Team IaaS.
    let seps = [" - ", " -- ", " – ", " — ", ": "];
    // Most headings have no separator character at all: skip the five substring searches.
    let has_sep = name.contains(['-', '–', '—', ':']);
    if let Some((pos, sep)) = seps
        .iter()
        .filter(|_| has_sep)
        .filter_map(|s| name.find(s).map(|p| (p, *s)))
        .min_by_key(|(p, _)| *p)
    {
        let rest = name[pos + sep.len()..].trim();
        if !rest.is_empty() {
            subtitle = Some(rest.to_string());
        }
        name = name[..pos].trim();
    }
    let mut name = name.to_string();
    // `(1/2)`, `(Sprint review and planning)`: repeated to handle `X (a) (b)`.
    // The suffix regex can only match a name ending in `)` (and blanks).
    while let Some(m) = name
        .trim_end()
        .ends_with(')')
        .then(|| PAREN_SUFFIX.find(&name))
        .flatten()
    {
        if m.start() == 0 {
            break;
        }
        if subtitle.is_none() {
            let inner = m
                .as_str()
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .trim();
            if !inner.is_empty() {
                subtitle = Some(inner.to_string());
            }
        }
        name.truncate(m.start());
    }
    let name = name.trim_end_matches([':', '-', '–', '—', ' ']).to_string();
    CleanHeading { name, subtitle }
}

/// Case-folded comparison key; `X SIG` becomes `sig x`.
fn key(name: &str) -> String {
    let lower = name.to_lowercase();
    let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    match lower.strip_suffix(" sig") {
        Some(x) if !x.is_empty() => format!("sig {x}"),
        _ => lower,
    }
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
            keys: names.iter().map(|n| key(&clean_heading(n).name)).collect(),
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
        if self.keys.contains(&key(&clean)) {
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

static DEFAULT_TEAM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:(?:team|sig)\s+\S.*|.*\S\s+sig)$").expect("valid regex"));

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
                    .map(|n| key(&clean_heading(n).name))
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
        let k = key(&clean.name);
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
        if self.teams.is_empty() && DEFAULT_TEAM.is_match(&clean.name) && !is_generic(&k) {
            let name = clean.name.clone();
            return Some((TeamMatch::Named(name), clean));
        }
        None
    }
}

/// Whether a cleaned heading name reads like a team (`Team X`, `SIG X`, `X SIG`) and is
/// not one of the generic headings about all teams. `check` uses it to find headings
/// that were probably meant as a team but match none.
pub fn looks_like_team(name: &str) -> bool {
    DEFAULT_TEAM.is_match(name) && !is_generic(&key(name))
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
            (key(&clean), clean, full)
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
                let k = key(&clean_heading(e).name);
                !cleaned.iter().any(|(hk, _, _)| *hk == k)
            }
        })
        .map(String::as_str)
        .collect()
}

/// Headings that read like `Team X` but are about all teams.
fn is_generic(key: &str) -> bool {
    matches!(
        key,
        "team updates" | "team update" | "sig updates" | "team meeting" | "team meetings"
    )
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
    fn cleaning() {
        let c = clean_heading("Team IAM & Security - IAM / Security");
        assert_eq!(c.name, "Team IAM & Security");
        assert_eq!(c.subtitle.as_deref(), Some("IAM / Security"));
        assert_eq!(
            clean_heading("SIG Central API (1/2)").name,
            "SIG Central API"
        );
        assert_eq!(
            clean_heading("SIG Release -- Call for Participation").name,
            "SIG Release"
        );
        assert_eq!(clean_heading("Team Ops — status").name, "Team Ops");
        assert_eq!(clean_heading("Team Ops: status").name, "Team Ops");
        assert_eq!(clean_heading("Team  Ops   ").name, "Team Ops");
        assert_eq!(clean_heading("🚀 Team Ops 🎉").name, "Team Ops");
        assert_eq!(clean_heading("☎\u{fe0f} SIG Größe").name, "SIG Größe");
        assert_eq!(
            clean_heading("SIG Standardization/Certification").name,
            "SIG Standardization/Certification"
        );
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
}
