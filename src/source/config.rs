//! `site.toml`: the site's title, base URL, teams with their aliases, and series.
//!
//! Every key is optional, so a folder with nothing but `content/` builds. Unknown keys
//! are errors (a typo would otherwise silently do nothing), and serde names the keys
//! that are allowed.

use std::collections::BTreeMap;
use std::path::Path;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::diagnostics::Diagnostic;

/// The parsed `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in every page header.
    #[serde(default = "default_title")]
    pub title: String,
    /// One sentence about the archive, used for `<meta name="description">`.
    #[serde(default)]
    pub description: String,
    /// Where the site is published, e.g. `https://org.github.io/minutes/`. Only its path
    /// matters for links; the full URL is used where absolute URLs are needed.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Series of files that sit directly in `content/` or in year folders.
    #[serde(default = "default_series")]
    pub default_series: String,
    /// A team timeline with more entries than this is split into one page per year.
    #[serde(default = "default_timeline_split")]
    pub timeline_split: usize,
    /// Follow symbolic links inside `content/` (off: a link could point anywhere).
    #[serde(default)]
    pub follow_links: bool,
    /// How many of the newest meetings (or team entries) each Atom feed holds.
    #[serde(default = "default_feed_entries")]
    pub feed_entries: usize,
    /// Headings whose direct sub-headings are all team sections (`Team updates`).
    #[serde(default)]
    pub team_parents: Vec<String>,
    /// The teams and SIGs. Without any, headings reading `Team X`, `SIG X` or `X SIG`
    /// count as teams.
    #[serde(default)]
    pub teams: Vec<TeamConfig>,
    /// Per-series settings, keyed by folder name.
    #[serde(default)]
    pub series: BTreeMap<String, SeriesConfig>,
    /// People the minutes spell in ways that do not match by themselves.
    #[serde(default)]
    pub people: Vec<PersonConfig>,
    /// Labels that mark a decision (`Beschluss:`), besides the built-in ones.
    #[serde(default)]
    pub decision_labels: Vec<String>,
    /// Labels that mark an action item (`Follow-up:`), besides the built-in ones.
    #[serde(default)]
    pub action_labels: Vec<String>,
    /// Where the minutes' source files are published, as a URL prefix that a file's
    /// path relative to `content/` completes (`https://github.com/o/r/blob/main/`):
    /// each meeting page then links its file ("View source").
    #[serde(default)]
    pub source_url: Option<String>,
}

/// One person's other spellings (`ehuss` for `Eric Huss`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonConfig {
    /// The name to show.
    pub name: String,
    /// Other names and handles (with or without `@`) that mean this person.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Config {
    /// Each configured person's name and aliases, as one group of spellings each.
    pub fn person_aliases(&self) -> Vec<Vec<String>> {
        (self.people.iter())
            .map(|p| {
                std::iter::once(p.name.clone())
                    .chain(p.aliases.iter().cloned())
                    .collect()
            })
            .collect()
    }
}

/// One team or SIG.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    /// Display name, also matched against headings.
    pub name: String,
    /// URL slug; defaults to the slug of the name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Other spellings that mean this team (matched like the name).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Regular expressions matched against the whole cleaned heading, case-insensitive.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// One line about the team, shown on its page.
    #[serde(default)]
    pub description: String,
}

/// Settings for one series (one folder under `content/`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesConfig {
    /// Display title; defaults to the folder name.
    #[serde(default)]
    pub title: Option<String>,
    /// The team whose own meetings these are: each meeting joins its timeline whole.
    #[serde(default)]
    pub team: Option<String>,
    /// Whether this is an all-teams call (shown first on the index).
    #[serde(default)]
    pub all_teams: bool,
}

fn default_title() -> String {
    "Meeting minutes".into()
}
fn default_base_url() -> String {
    "/".into()
}
fn default_series() -> String {
    "minutes".into()
}
fn default_timeline_split() -> usize {
    40
}
fn default_feed_entries() -> usize {
    50
}

impl Default for Config {
    fn default() -> Self {
        toml::from_str("").expect("empty config is valid")
    }
}

impl Config {
    /// Reads `site.toml` from `path`; a missing file gives the defaults.
    pub fn read(path: &Path) -> Result<Config, Diagnostic> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Diagnostic::error(path, None, format!("cannot read: {e}"))),
        };
        Self::parse(&text, path)
    }

    /// Parses the text of a `site.toml`; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start));
            let message = e.message().trim();
            let message = match suggest_field(message) {
                Some(s) => format!("{message}; did you mean `{s}`?"),
                None => message.to_string(),
            };
            Diagnostic::error(path, line, message)
        })?;
        config.validate(text, path)?;
        Ok(config)
    }

    fn validate(&self, text: &str, path: &Path) -> Result<(), Diagnostic> {
        let find_line = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
        for team in &self.teams {
            for pattern in &team.patterns {
                if let Err(e) = compile_pattern(pattern) {
                    return Err(Diagnostic::error(
                        path,
                        find_line(pattern),
                        format!(
                            "team `{}`: pattern `{pattern}` is not a valid regular expression: {e}",
                            team.name
                        ),
                    ));
                }
            }
        }
        for (name, series) in &self.series {
            if let Some(team) = &series.team {
                if !self.teams.iter().any(|t| &t.name == team) {
                    return Err(Diagnostic::error(
                        path,
                        find_line(&format!("[series.{name}]")),
                        format!(
                            "series `{name}` belongs to team `{team}`, which is not in [[teams]]; add it there or fix the name"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Display title of a series.
    pub fn series_title(&self, name: &str) -> String {
        self.series
            .get(name)
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| name.to_string())
    }
}

/// Compiles a team pattern: case-insensitive and anchored to the whole heading.
pub fn compile_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&format!("^(?:{pattern})$"))
        .case_insensitive(true)
        .build()
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the closest allowed key.
fn suggest_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    rest.split('`')
        .skip(1)
        .step_by(2)
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.to_string())
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_has_defaults() {
        let c = Config::parse("", Path::new("site.toml")).unwrap();
        assert_eq!(c.base_url, "/");
        assert_eq!(c.default_series, "minutes");
        assert!(c.teams.is_empty());
    }

    #[test]
    fn unknown_key_is_an_error_with_line_and_the_allowed_keys() {
        let e = Config::parse("title = 'x'\nbase_ulr = '/'\n", Path::new("site.toml")).unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("site.toml:2: "), "{s}");
        assert!(s.contains("unknown field `base_ulr`"), "{s}");
        assert!(s.ends_with("did you mean `base_url`?"), "{s}");
    }

    #[test]
    fn bad_pattern_names_team_and_line() {
        let text = "[[teams]]\nname = 'Team A'\npatterns = ['Team (A']\n";
        let s = Config::parse(text, Path::new("site.toml"))
            .unwrap_err()
            .to_string();
        assert!(s.starts_with("site.toml:3: team `Team A`"), "{s}");
    }

    #[test]
    fn series_team_must_exist() {
        let text = "[series.iaas]\nteam = 'Team IaaS'\n";
        let s = Config::parse(text, Path::new("site.toml"))
            .unwrap_err()
            .to_string();
        assert!(s.contains("not in [[teams]]"), "{s}");
    }

    #[test]
    fn wrong_type_is_reported() {
        let s = Config::parse("timeline_split = 'many'\n", Path::new("site.toml"))
            .unwrap_err()
            .to_string();
        assert!(s.starts_with("site.toml:1: "), "{s}");
    }
}
