//! `minutebook init [DIR]`: a new archive, or a `site.toml` for an existing one.
//!
//! On a folder without minutes it writes a commented `site.toml`, today's minutes from
//! the starter template ([`crate::new_minutes::STARTER`]) and a GitHub Pages workflow
//! ([`WORKFLOW`], the one docs/deploy.md shows) that builds with this repository's
//! `action.yml`. On a folder with minutes it writes a `site.toml` naming the series it
//! found (and the workflow, if there is none). An existing `site.toml` is kept unless
//! `force` is set.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostics::Diagnostic;
use crate::source::config::Config;
use crate::source::walk;

/// The GitHub Pages workflow `init` writes: byte for byte the one docs/deploy.md shows.
pub const WORKFLOW: &str = include_str!("../templates/init/pages.yml");

/// Where the workflow goes, relative to the root.
pub const WORKFLOW_PATH: &str = ".github/workflows/pages.yml";

/// What to set up.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The site root (created if missing).
    pub root: PathBuf,
    /// The minutes [default: ROOT/content].
    pub content: Option<PathBuf>,
    /// Replace an existing `site.toml` (and workflow).
    pub force: bool,
    /// The date of the first minutes file.
    pub today: NaiveDate,
}

/// What `init` did.
#[derive(Debug, Clone, Default)]
pub struct InitReport {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files that existed and were kept.
    pub kept: Vec<PathBuf>,
    /// Minutes found in an existing archive (0 for a new one).
    pub meetings: usize,
    /// Series found (or set up), by name.
    pub series: Vec<String>,
}

/// A series found in the archive, for `site.toml`.
#[derive(Debug, Clone)]
pub struct FoundSeries {
    /// Folder (series) name.
    pub name: String,
    /// How many minutes files it has.
    pub meetings: usize,
}

/// What `init` knows about an existing archive when it writes `site.toml`. Teams are
/// left for a later step to fill in (an `infer` module), so `teams` is empty for now.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Series, by name.
    pub series: Vec<FoundSeries>,
    /// `[[teams]]` entries to write (name, aliases).
    pub teams: Vec<(String, Vec<String>)>,
}

/// Sets up `opts.root`; see the module documentation.
pub fn init(opts: &InitOptions) -> Result<InitReport, Diagnostic> {
    let root = &opts.root;
    let config_path = root.join("site.toml");
    if config_path.exists() && !opts.force {
        return Err(Diagnostic::error(
            &config_path,
            None,
            "already exists; this folder is set up. Nothing was written; pass --force to replace site.toml and the workflow".into(),
        ));
    }
    create_dir(root)?;
    let content = opts.content.clone().unwrap_or_else(|| root.join("content"));
    let config = Config::default();
    let found = if content.is_dir() {
        walk::scan(&content, &config)?.files
    } else {
        Vec::new()
    };
    let mut report = InitReport {
        meetings: found.len(),
        ..InitReport::default()
    };
    let findings = if found.is_empty() {
        Findings {
            series: vec![FoundSeries {
                name: config.default_series.clone(),
                meetings: 0,
            }],
            teams: Vec::new(),
        }
    } else {
        let mut series: Vec<FoundSeries> = Vec::new();
        for f in &found {
            match series.iter_mut().find(|s| s.name == f.series) {
                Some(s) => s.meetings += 1,
                None => series.push(FoundSeries {
                    name: f.series.clone(),
                    meetings: 1,
                }),
            }
        }
        series.sort_by(|a, b| a.name.cmp(&b.name));
        Findings {
            series,
            teams: Vec::new(),
        }
    };
    report.series = findings.series.iter().map(|s| s.name.clone()).collect();
    write_file(&config_path, &site_toml(&findings, found.is_empty()))?;
    report.written.push(config_path);

    if found.is_empty() {
        create_dir(&content)?;
        let first = content.join(format!("{}.md", opts.today.format("%Y-%m-%d")));
        if first.exists() {
            report.kept.push(first);
        } else {
            let text = crate::new_minutes::starter(&config.title, opts.today)?;
            write_file(&first, &text)?;
            report.written.push(first);
        }
    }

    let workflow = root.join(WORKFLOW_PATH);
    if workflow.exists() && !opts.force {
        report.kept.push(workflow);
    } else {
        create_dir(workflow.parent().expect("has a folder"))?;
        write_file(&workflow, WORKFLOW)?;
        report.written.push(workflow);
    }
    Ok(report)
}

/// A commented `site.toml`: the title, where to set the base URL, and the series.
pub fn site_toml(findings: &Findings, new_archive: bool) -> String {
    let mut out = String::from(
        "# minutebook site configuration. Every key is optional; the README's `site.toml`\n\
         # table lists them all.\n\
         \n\
         # Shown on every page.\n\
         title = \"Meeting minutes\"\n\
         # One sentence about the archive, for the home page.\n\
         # description = \"Minutes of our weekly calls.\"\n\
         \n\
         # Where the site is published. The Pages workflow passes the real URL\n\
         # (--base-url), so this matters only for builds elsewhere.\n\
         # base_url = \"https://ORG.github.io/REPO/\"\n\
         \n\
         # Teams and SIGs. Without any, headings reading \"Team X\", \"SIG X\" or \"X SIG\"\n\
         # are teams; list them to fold other spellings together.\n",
    );
    if findings.teams.is_empty() {
        out.push_str(
            "# [[teams]]\n\
             # name = \"Team Infrastructure\"\n\
             # aliases = [\"Infra\", \"Team Infra\"]\n",
        );
    }
    for (name, aliases) in &findings.teams {
        out.push_str(&format!("\n[[teams]]\nname = {}\n", toml_string(name)));
        if !aliases.is_empty() {
            let list: Vec<String> = aliases.iter().map(|a| toml_string(a)).collect();
            out.push_str(&format!("aliases = [{}]\n", list.join(", ")));
        }
    }
    out.push_str(
        "\n# Series: one per folder under content/ (files directly in content/ or in year\n\
         # folders are the `minutes` series). `all_teams = true` marks the all-teams call;\n\
         # `team = \"Team X\"` puts a team's own meetings on its timeline.\n",
    );
    for s in &findings.series {
        let title = title_of(&s.name);
        if !new_archive {
            out.push_str(&format!("\n# {} minutes files\n", s.meetings));
        } else {
            out.push('\n');
        }
        out.push_str(&format!(
            "[series.{}]\ntitle = {}\n",
            toml_key(&s.name),
            toml_string(&title)
        ));
        if new_archive || findings.series.len() == 1 {
            out.push_str("all_teams = true\n");
        }
    }
    out
}

/// `community-call` -> `Community call`.
fn title_of(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        s.to_string()
    } else {
        toml_string(s)
    }
}

fn create_dir(dir: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::error(dir, None, format!("cannot create the folder: {e}")))
}

fn write_file(path: &Path, text: &str) -> Result<(), Diagnostic> {
    std::fs::write(path, text)
        .map_err(|e| Diagnostic::error(path, None, format!("cannot write: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_toml_is_valid_and_names_the_series() {
        let findings = Findings {
            series: vec![
                FoundSeries {
                    name: "community-call".into(),
                    meetings: 3,
                },
                FoundSeries {
                    name: "iaas".into(),
                    meetings: 2,
                },
            ],
            teams: vec![("Team IaaS".into(), vec!["IaaS".into()])],
        };
        let text = site_toml(&findings, false);
        let config = Config::parse(&text, Path::new("site.toml")).unwrap();
        assert_eq!(config.series_title("community-call"), "Community call");
        assert_eq!(config.teams[0].aliases, ["IaaS"]);
        assert!(
            text.contains("# 3 minutes files\n[series.community-call]"),
            "{text}"
        );
        let new = site_toml(&Findings::default(), true);
        assert!(Config::parse(&new, Path::new("site.toml")).is_ok());
    }
}
