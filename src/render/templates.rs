//! The templates and static files pages are rendered with: the built-in ones compiled
//! into the binary, and the site's own `templates/` replacing them file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::Diagnostic;

/// Built-in templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("meeting.html", include_str!("../../templates/meeting.html")),
    ("week.html", include_str!("../../templates/week.html")),
    ("year.html", include_str!("../../templates/year.html")),
    ("team.html", include_str!("../../templates/team.html")),
    ("teams.html", include_str!("../../templates/teams.html")),
    ("series.html", include_str!("../../templates/series.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("people.html", include_str!("../../templates/people.html")),
    ("person.html", include_str!("../../templates/person.html")),
    (
        "decisions.html",
        include_str!("../../templates/decisions.html"),
    ),
    ("actions.html", include_str!("../../templates/actions.html")),
    (
        "actions-closed.html",
        include_str!("../../templates/actions-closed.html"),
    ),
    ("outcome.html", include_str!("../../templates/outcome.html")),
    ("action.html", include_str!("../../templates/action.html")),
    ("issues.html", include_str!("../../templates/issues.html")),
    ("issue.html", include_str!("../../templates/issue.html")),
];

/// Built-in static files, by output path.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.js", include_bytes!("../../static/search.js")),
    (
        "search-focus.js",
        include_bytes!("../../static/search-focus.js"),
    ),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
];

/// Compiled templates and where each came from, for error messages.
pub struct Templates {
    /// The compiled templates.
    pub tera: Tera,
    /// Template name -> file it was read from (built-ins get a descriptive path).
    pub(crate) paths: BTreeMap<String, PathBuf>,
    pub(crate) dir: PathBuf,
}

/// Compiles the templates: built-ins, then the site's own files on top.
pub fn compile_templates(templates_dir: &Path) -> Result<Templates, Diagnostic> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut sources: BTreeMap<String, (String, PathBuf)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, s)| {
            (
                n.to_string(),
                (
                    s.to_string(),
                    PathBuf::from(format!("(built-in) templates/{n}")),
                ),
            )
        })
        .collect();
    if templates_dir.is_dir() {
        for entry in walkdir::WalkDir::new(templates_dir).sort_by_file_name() {
            let entry = entry
                .map_err(|e| Diagnostic::error(templates_dir, None, format!("cannot read: {e}")))?;
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let rel = entry.path().strip_prefix(templates_dir).expect("under dir");
            let name = rel.to_string_lossy().replace('\\', "/");
            if !(name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt")) {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).map_err(|e| {
                Diagnostic::error(entry.path(), None, format!("cannot read template: {e}"))
            })?;
            sources.insert(name, (text, entry.path().to_path_buf()));
        }
    }
    let paths: BTreeMap<String, PathBuf> = sources
        .iter()
        .map(|(n, (_, p))| (n.clone(), p.clone()))
        .collect();
    tera.add_raw_templates(sources.iter().map(|(n, (s, _))| (n.as_str(), s.as_str())))
        .map_err(|e| template_error(&e, &paths, templates_dir))?;
    Ok(Templates {
        tera,
        paths,
        dir: templates_dir.to_path_buf(),
    })
}

/// Turns a Tera error into `file:line: message`.
pub(crate) fn template_error(
    e: &tera::Error,
    paths: &BTreeMap<String, PathBuf>,
    templates_dir: &Path,
) -> Diagnostic {
    use tera::ErrorKind;
    let (name, line, message) = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            Some(r.span().start_line),
            r.message().to_string(),
        ),
        ErrorKind::MissingParent { current, .. } => (current.clone(), None, e.to_string()),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            (tpl.clone(), None, e.to_string())
        }
        _ => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            (String::new(), None, msg)
        }
    };
    let path = paths
        .get(&name)
        .cloned()
        .unwrap_or_else(|| templates_dir.join(&name));
    Diagnostic::error(&path, line, format!("template error: {message}"))
}
