//! `minutebook init [DIR]`: a new archive, or a `site.toml` for an existing one.
//!
//! On a folder without minutes it writes a commented `site.toml`, today's minutes from
//! the starter template ([`crate::new_minutes::STARTER`]) and a pipeline for the forge
//! ([`Forge`]): a GitHub Pages workflow that builds with this repository's `action.yml`,
//! a `.gitlab-ci.yml` for GitLab Pages or a Forgejo Actions workflow (docs/deploy.md
//! shows each). On a folder with minutes it writes a `site.toml` naming the series it
//! found (and the pipeline, if there is none). An existing `site.toml` is kept unless
//! `force` is set.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostics::Diagnostic;
use crate::model::inference::Inferred;
use crate::site::{Site, SitePaths};
use crate::source::config::{is_pattern, Config};
use crate::source::walk::SourceFile;

mod titles;

/// Where minutebook lives (`repository` in Cargo.toml); the pipelines `init` writes
/// fetch minutebook from there.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Where the site is published from: the forge whose pipeline `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Forge {
    /// GitHub Pages through minutebook's Action.
    #[default]
    Github,
    /// GitLab Pages: a `pages` job writing `public/`.
    Gitlab,
    /// Forgejo Actions (Codeberg): the site pushed to the `pages` branch.
    Forgejo,
}

impl Forge {
    /// Where the pipeline goes, relative to the root.
    pub fn path(self) -> &'static str {
        match self {
            Forge::Github => ".github/workflows/pages.yml",
            Forge::Gitlab => ".gitlab-ci.yml",
            Forge::Forgejo => ".forgejo/workflows/pages.yml",
        }
    }

    /// The pipeline: byte for byte the one docs/deploy.md shows, naming this version of
    /// minutebook (its release tag, whose binary it downloads).
    pub fn pipeline(self) -> String {
        let template = match self {
            Forge::Github => include_str!("../templates/init/pages.yml"),
            Forge::Gitlab => include_str!("../templates/init/gitlab-ci.yml"),
            Forge::Forgejo => include_str!("../templates/init/forgejo-pages.yml"),
        };
        let version = env!("CARGO_PKG_VERSION");
        template
            .replace("{{action}}", &action_ref())
            .replace("{{repository}}", REPOSITORY)
            .replace("{{version}}", version)
    }
}

/// `owner/name@vVERSION`: the Action at this version's release tag.
fn action_ref() -> String {
    let slug = REPOSITORY
        .trim_end_matches('/')
        .trim_start_matches("https://github.com/");
    format!("{slug}@v{}", env!("CARGO_PKG_VERSION"))
}

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
    /// Whose pipeline to write.
    pub forge: Forge,
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
    /// Groups written as `[[teams]]`.
    pub teams: usize,
    /// Group headings on a timeline, of all group headings.
    pub placed: (usize, usize),
    /// Headings under group parents left out.
    pub ignored: usize,
    /// The site's title and where it came from.
    pub title: Option<(String, &'static str)>,
    /// Each series' title: (folder, title).
    pub series_titles: Vec<(String, String)>,
}

/// A series found in the archive, for `site.toml`.
#[derive(Debug, Clone)]
pub struct FoundSeries {
    /// Folder (series) name.
    pub name: String,
    /// How many minutes files it has.
    pub meetings: usize,
    /// Its title: what its meetings' titles share, else its folder's name.
    pub title: String,
}

/// What `init` knows about an existing archive when it writes `site.toml`: its series
/// and what [`crate::model::inference`] worked out from its headings.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Series, by name.
    pub series: Vec<FoundSeries>,
    /// The groups, their parents and the headings left out.
    pub inferred: Inferred,
    /// A title common to most meetings' titles, if there is one.
    pub title: Option<String>,
}

/// Sets up `opts.root`; see the module documentation.
pub fn init(opts: &InitOptions) -> Result<InitReport, Diagnostic> {
    let root = &opts.root;
    let config_path = root.join("site.toml");
    if config_path.exists() && !opts.force {
        return Err(Diagnostic::error(
            &config_path,
            None,
            "already exists; this folder is set up. Nothing was written; pass --force to replace site.toml and the pipeline".into(),
        ));
    }
    create_dir(root)?;
    let content = opts.content.clone().unwrap_or_else(|| root.join("content"));
    let config = Config::default();
    // An existing archive is loaded as `build` would load it without a site.toml.
    let site = if content.is_dir() {
        let paths = SitePaths::new(Some(root.clone()), Some(content.clone()), None);
        Some(Site::load(paths, None)?)
    } else {
        None
    };
    let found: Vec<&SourceFile> = site
        .iter()
        .flat_map(|s| s.archive.meetings.iter().map(|m| &m.source))
        .collect();
    if found.is_empty() {
        refuse_unread_archive(&content)?;
    }
    let mut report = InitReport {
        meetings: found.len(),
        ..InitReport::default()
    };
    let findings = if found.is_empty() {
        Findings {
            series: vec![FoundSeries {
                name: config.default_series.clone(),
                meetings: 0,
                title: titles::series_title(&config.default_series, &[]),
            }],
            ..Findings::default()
        }
    } else {
        let site = site.as_ref().expect("minutes were found");
        let mut by_series: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for m in &site.archive.meetings {
            let titles = by_series.entry(m.source.series.as_str()).or_default();
            titles.extend(m.parsed.title.as_deref());
        }
        let mut series: Vec<FoundSeries> = Vec::new();
        for f in &found {
            match series.iter_mut().find(|s| s.name == f.series) {
                Some(s) => s.meetings += 1,
                None => series.push(FoundSeries {
                    name: f.series.clone(),
                    meetings: 1,
                    title: titles::series_title(
                        &f.series,
                        by_series.get(f.series.as_str()).map_or(&[], Vec::as_slice),
                    ),
                }),
            }
        }
        series.sort_by(|a, b| a.name.cmp(&b.name));
        let all: Vec<&str> = by_series.values().flatten().copied().collect();
        let (title, why) = titles::site_title(&all, &content);
        report.title = title.clone().map(|t| (t, why));
        Findings {
            series,
            inferred: site.inferred.clone().unwrap_or_default(),
            title,
        }
    };
    report.series_titles = (findings.series.iter())
        .map(|s| (s.name.clone(), s.title.clone()))
        .collect();
    report.series = findings.series.iter().map(|s| s.name.clone()).collect();
    report.teams = findings.inferred.groups.len();
    report.placed = (findings.inferred.placed, findings.inferred.candidates);
    report.ignored = findings.inferred.ignored.len();
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

    let workflow = root.join(opts.forge.path());
    if workflow.exists() && !opts.force {
        report.kept.push(workflow);
    } else {
        create_dir(workflow.parent().expect("has a folder"))?;
        write_file(&workflow, &opts.forge.pipeline())?;
        report.written.push(workflow);
    }
    Ok(report)
}

/// `init` scaffolds a first meeting only into a missing or empty content folder. One
/// that holds files but no meeting is an archive of a shape not recognised (or not
/// minutes at all): an example meeting written there would join it, and its example
/// teams become the site's. Nothing is written; the error says what was looked for.
fn refuse_unread_archive(content: &Path) -> Result<(), Diagnostic> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(content)
                .unwrap_or(e.path())
                .to_path_buf()
        })
        .collect();
    if files.is_empty() {
        return Ok(());
    }
    let all = files.len();
    files.retain(|f| f.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")));
    let shapes = crate::source::dates::NAME_DATE_SHAPES;
    let message = if files.is_empty() {
        format!(
            "holds {all} files but no markdown minutes; nothing was written. Minutes are .md \
             files whose file or folder name holds their date: {shapes}"
        )
    } else {
        let names: Vec<String> = (files.iter().take(3))
            .map(|f| format!("`{}`", f.display()))
            .collect();
        let more = if files.len() > 3 { ", …" } else { "" };
        format!(
            "holds {} markdown files ({}{more}) but no meeting: a meeting's date is read from \
             its file or folder name, shaped like {shapes}. Nothing was written; rename the \
             files or folders (README, \"Content\") and run init again",
            files.len(),
            names.join(", ")
        )
    };
    Err(Diagnostic::error(content, None, message))
}

/// A commented `site.toml`: the title, where to set the base URL, and the series.
pub fn site_toml(findings: &Findings, new_archive: bool) -> String {
    let mut out = String::from(
        "# minutebook site configuration. Every key is optional; the README's `site.toml`\n\
         # table lists them all.\n\
         \n\
         # Shown on every page.\n\
         # One sentence about the archive, for the home page.\n\
         # description = \"Minutes of our weekly calls.\"\n\
         \n\
         # Where the site is published. The pipeline `minutebook init` wrote passes the\n\
         # real URL (--base-url), so this matters only for builds elsewhere, e.g.\n\
         # base_url = \"https://minutes.example.org/\"\n\
         \n\
         # Teams and SIGs. Without any, they are worked out from the headings (README,\n\
         # \"Groups without a configuration\"); listed here, they are yours to edit.\n",
    );
    let title = findings.title.as_deref().unwrap_or("Meeting minutes");
    out = out.replacen(
        "# Shown on every page.\n",
        &format!("# Shown on every page.\ntitle = {}\n", toml_string(title)),
        1,
    );
    teams_toml(&findings.inferred, &mut out);
    out.push_str(
        "\n# Series: one per folder under content/ (files directly in content/ or in year\n\
         # folders are the `minutes` series). `all_teams = true` marks the all-teams call;\n\
         # `team = \"Team X\"` puts a team's own meetings on its timeline.\n",
    );
    let mut applied = Config::default();
    findings.inferred.apply(&mut applied);
    for s in &findings.series {
        let title = &s.title;
        if !new_archive {
            out.push_str(&format!("\n# {} minutes files\n", s.meetings));
        } else {
            out.push('\n');
        }
        out.push_str(&format!(
            "[series.{}]\ntitle = {}\n",
            toml_key(&s.name),
            toml_string(title)
        ));
        // What the build does without this file (`Inferred::apply`), written out; a
        // new archive's or a lone series' meetings are where every team reports.
        let applied = applied.series.get(&s.name);
        if new_archive || findings.series.len() == 1 || applied.is_some_and(|c| c.all_teams) {
            out.push_str("all_teams = true\n");
        } else if let Some(team) = applied.and_then(|c| c.team.as_ref()) {
            out.push_str(&format!("team = {}\n", toml_string(team)));
        }
    }
    out
}

/// The groups as `[[teams]]`, each alias with the reason it folds in; the parents and
/// the headings left out as comments and an `ignore` list.
fn teams_toml(inferred: &Inferred, out: &mut String) {
    if inferred.groups.is_empty() {
        out.push_str(
            "# [[teams]]\n\
             # name = \"Team Infrastructure\"\n\
             # aliases = [\"Infra\", \"Team Infra\"]\n",
        );
    }
    if !inferred.parents.is_empty() {
        out.push_str("#\n# Headings that hold one part per group:\n");
        for (name, meetings) in &inferred.parents {
            out.push_str(&format!("#   {name} ({meetings} meetings)\n"));
        }
    }
    // A top-level key: before the first [[teams]] table.
    if !inferred.ignored.is_empty() {
        out.push_str("\n# Headings under those parents that are not teams:\nignore = [\n");
        for i in &inferred.ignored {
            // A name with a regular expression's character is written as a pattern
            // that matches it literally.
            let entry = if is_pattern(&i.name) {
                regex::escape(&i.name)
            } else {
                i.name.clone()
            };
            out.push_str(&format!(
                "  {}, # {} meetings; {}\n",
                toml_string(&entry),
                i.meetings,
                i.why
            ));
        }
        out.push_str("]\n");
    }
    for g in &inferred.groups {
        out.push_str(&format!(
            "\n# {} meetings; {}.\n[[teams]]\nname = {}\n",
            g.meetings,
            g.why,
            toml_string(&g.name)
        ));
        if !g.aliases.is_empty() {
            out.push_str("aliases = [\n");
            for (alias, why) in &g.aliases {
                out.push_str(&format!("  {}, # {why}\n", toml_string(alias)));
            }
            out.push_str("]\n");
        }
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
    use crate::model::inference::{Group, Ignored};

    #[test]
    fn site_toml_is_valid_and_names_the_series() {
        let findings = Findings {
            series: vec![
                FoundSeries {
                    name: "community-call".into(),
                    meetings: 3,
                    title: "Community call".into(),
                },
                FoundSeries {
                    name: "iaas".into(),
                    meetings: 2,
                    title: "iaas".into(),
                },
            ],
            inferred: Inferred {
                groups: vec![Group {
                    name: "Team IaaS".into(),
                    meetings: 4,
                    why: "named like a group",
                    aliases: vec![("Team Iaas".into(), "same words".into())],
                }],
                ignored: vec![Ignored {
                    name: "C++ (and more)".into(),
                    meetings: 3,
                    why: "structure",
                }],
                all_teams: vec!["community-call".into()],
                series_teams: vec![("iaas".into(), "Team IaaS".into())],
                ..Inferred::default()
            },
            title: Some("Tech Weekly".into()),
        };
        let text = site_toml(&findings, false);
        let config = Config::parse(&text, Path::new("site.toml")).unwrap();
        assert_eq!(config.title, "Tech Weekly");
        assert_eq!(config.series_title("community-call"), "Community call");
        assert_eq!(config.teams[0].aliases, ["Team Iaas"]);
        assert!(text.contains("  \"Team Iaas\", # same words\n"), "{text}");
        assert!(config.series["community-call"].all_teams);
        assert_eq!(config.series["iaas"].team.as_deref(), Some("Team IaaS"));
        assert_eq!(config.ignore, [r"C\+\+ \(and more\)"]);
        assert!(
            text.contains("# 3 minutes files\n[series.community-call]"),
            "{text}"
        );
        let new = site_toml(&Findings::default(), true);
        assert!(Config::parse(&new, Path::new("site.toml")).is_ok());
    }

    #[test]
    fn pipelines_name_this_release_and_keep_no_placeholder() {
        let version = env!("CARGO_PKG_VERSION");
        let github = Forge::Github.pipeline();
        assert!(
            github.contains(&format!("uses: minutebook/minutebook@v{version} #")),
            "{github}"
        );
        for forge in [Forge::Github, Forge::Gitlab, Forge::Forgejo] {
            let text = forge.pipeline();
            // Every `{{` left is a workflow expression, none a template's placeholder.
            assert!(!text.replace("${{", "").contains("{{"), "{forge:?}: {text}");
            assert!(!text.contains("OWNER"), "{forge:?}: {text}");
        }
        let gitlab = Forge::Gitlab.pipeline();
        assert!(gitlab.contains(&format!("MINUTEBOOK_VERSION: \"{version}\"")));
        assert!(gitlab.contains("\"https://github.com/minutebook/minutebook/releases/download/v"));
    }
}
