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
use crate::text::slug::slugify;

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
    /// Headings whose direct sub-headings are all team sections (`Team updates`):
    /// names, or patterns (see [`is_pattern`]).
    #[serde(default)]
    pub team_parents: Vec<String>,
    /// Headings that are never teams (`General`, `AOB`): names, or patterns (see
    /// [`is_pattern`]).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// The teams and SIGs. Without any (and without `team_parents`), the groups are
    /// worked out from the headings ([`crate::model::inference`]).
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
    /// Whether a single line break in a paragraph is kept as `<br>`: `true`, `false`,
    /// or `"auto"`, for files HedgeDoc wrote (which shows them).
    #[serde(default)]
    pub hard_breaks: HardBreaks,
    /// How alike two action items' texts must be (0 to 1, after normalising) to be one
    /// action carried from meeting to meeting ([`crate::model::actions`]).
    #[serde(default = "default_actions_similarity")]
    pub actions_similarity: f64,
    /// An open action item not carried for this many meetings of its series or group
    /// is dropped.
    #[serde(default = "default_actions_stale_after")]
    pub actions_stale_after: usize,
    /// What the navigation calls the groups (`Teams`, `SIGs`, `Committees`); without it,
    /// what the inference found the archive has, else `Teams`.
    #[serde(default)]
    pub teams_label: Option<String>,
}

/// The `hard_breaks` setting: `true`, `false` or `"auto"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "HardBreaksSetting")]
pub enum HardBreaks {
    /// Only in files HedgeDoc wrote (see `markdown::dialects::is_hedgedoc`): HedgeDoc
    /// shows every line break, CommonMark joins the lines, and the scribe saw the
    /// former.
    #[default]
    Auto,
    /// In every file.
    Always,
    /// In no file: CommonMark's soft breaks.
    Never,
}

/// How `hard_breaks` is written in `site.toml`.
#[derive(Deserialize)]
#[serde(untagged)]
enum HardBreaksSetting {
    Bool(bool),
    Word(String),
}

impl TryFrom<HardBreaksSetting> for HardBreaks {
    type Error = String;

    fn try_from(value: HardBreaksSetting) -> Result<Self, Self::Error> {
        match value {
            HardBreaksSetting::Bool(true) => Ok(HardBreaks::Always),
            HardBreaksSetting::Bool(false) => Ok(HardBreaks::Never),
            HardBreaksSetting::Word(w) if w == "auto" => Ok(HardBreaks::Auto),
            HardBreaksSetting::Word(w) => Err(format!(
                "`hard_breaks` is true, false or \"auto\", not \"{w}\""
            )),
        }
    }
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
fn default_actions_similarity() -> f64 {
    0.8
}
fn default_actions_stale_after() -> usize {
    4
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
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start));
            let message = e.message().trim();
            let message = match suggest_field(message) {
                Some(s) => format!("{message}; did you mean `{s}`?"),
                None => message.to_string(),
            };
            Diagnostic::error(path, line, message)
        })?;
        config.validate(text, path)?;
        // Series are named by their folder's slug (`x.js/` is series `x-js`); a key
        // may be written as the folder is spelt.
        config.series = std::mem::take(&mut config.series)
            .into_iter()
            .map(|(k, v)| (slugify(&k), v))
            .collect();
        Ok(config)
    }

    fn validate(&self, text: &str, path: &Path) -> Result<(), Diagnostic> {
        let find_line = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
        if let Some(label) = &self.teams_label {
            // A link's text in every page's navigation: one short line.
            if label.trim().is_empty() || label.contains('\n') || label.chars().count() > 40 {
                return Err(Diagnostic::error(
                    path,
                    find_line("teams_label"),
                    format!(
                        "teams_label: `{label}` must be one line of 1 to 40 characters (it names the groups in the navigation)"
                    ),
                ));
            }
        }
        for (key, list) in [
            ("team_parents", &self.team_parents),
            ("ignore", &self.ignore),
        ] {
            for entry in list.iter().filter(|e| is_pattern(e)) {
                if let Err(e) = compile_pattern(entry) {
                    return Err(Diagnostic::error(
                        path,
                        find_line(entry),
                        format!("{key}: `{entry}` is not a valid regular expression: {e}"),
                    ));
                }
            }
        }
        if !(0.0..=1.0).contains(&self.actions_similarity) {
            return Err(Diagnostic::error(
                path,
                find_line("actions_similarity"),
                format!(
                    "actions_similarity is between 0 and 1 (0.8 by default), not {}",
                    self.actions_similarity
                ),
            ));
        }
        if self.actions_stale_after == 0 {
            return Err(Diagnostic::error(
                path,
                find_line("actions_stale_after"),
                "actions_stale_after is a number of meetings, at least 1 (4 by default)".into(),
            ));
        }
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
                // Without [[teams]] the groups are worked out later; a series may name one.
                if !self.teams.is_empty() && !self.teams.iter().any(|t| &t.name == team) {
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

    /// What the navigation calls the groups: `teams_label`, else `Teams`.
    pub fn teams_label(&self) -> &str {
        self.teams_label.as_deref().map_or("Teams", str::trim)
    }

    /// Display title of a series.
    pub fn series_title(&self, name: &str) -> String {
        self.series
            .get(name)
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| name.to_string())
    }
}

/// Whether an entry of `team_parents` or `ignore` is a regular expression rather than
/// a name: it holds one of `* + ? ^ $ \\ [ ] ( ) { } |`. Names are compared like team
/// names, patterns like team patterns.
pub fn is_pattern(entry: &str) -> bool {
    entry.contains([
        '*', '+', '?', '^', '$', '\\', '[', ']', '(', ')', '{', '}', '|',
    ])
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
        // Without [[teams]] the groups come from the headings: any name may be one.
        assert!(Config::parse("[series.iaas]\nteam = 'Team IaaS'\n", Path::new("t")).is_ok());
        let text = "[[teams]]\nname = 'Team Ops'\n[series.iaas]\nteam = 'Team IaaS'\n";
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

    #[test]
    fn series_keys_as_folders_are_spelt_and_patterns_checked() {
        let c = Config::parse("[series.\"x.js\"]\ntitle = 'X'\n", Path::new("site.toml")).unwrap();
        assert_eq!(c.series_title("x-js"), "X");
        let e = Config::parse("ignore = ['Next (']\n", Path::new("site.toml")).unwrap_err();
        let s = e.to_string();
        assert!(
            s.starts_with("site.toml:1: ignore: `Next (` is not a valid"),
            "{s}"
        );
        assert!(is_pattern("Next .*") && !is_pattern("Working Group Updates"));
    }

    #[test]
    fn hard_breaks_is_true_false_or_auto() {
        let read = |t: &str| Config::parse(t, Path::new("site.toml")).map(|c| c.hard_breaks);
        assert_eq!(read("").unwrap(), HardBreaks::Auto);
        assert_eq!(read("hard_breaks = 'auto'").unwrap(), HardBreaks::Auto);
        assert_eq!(read("hard_breaks = true").unwrap(), HardBreaks::Always);
        assert_eq!(read("hard_breaks = false").unwrap(), HardBreaks::Never);
        let e = read("title = 'x'\nhard_breaks = 'sometimes'")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("site.toml:2: "), "{e}");
        assert!(e.contains("not \"sometimes\""), "{e}");
    }
}
