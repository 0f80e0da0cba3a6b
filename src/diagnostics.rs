//! Findings about the input: `file:line: message`, the form editors and CI understand.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is. Errors make `build` exit non-zero; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something the user may want to know (a skipped undated file).
    Note,
    /// Content that was rendered, but not as written (a dead link, a date mismatch).
    Warning,
    /// Something that could not be built at all (unreadable file, bad template).
    Error,
}

/// One finding, tied to a file and, where known, a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// The file, as the user named it (content-relative paths are joined to the content dir).
    pub file: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong and, where possible, what to do.
    pub message: String,
}

impl Diagnostic {
    /// A finding of the given severity.
    pub fn new(severity: Severity, file: &Path, line: Option<usize>, message: String) -> Self {
        Diagnostic {
            severity,
            file: file.to_path_buf(),
            line,
            message,
        }
    }
    /// An error.
    pub fn error(file: &Path, line: Option<usize>, message: String) -> Self {
        Self::new(Severity::Error, file, line, message)
    }
    /// A warning.
    pub fn warning(file: &Path, line: Option<usize>, message: String) -> Self {
        Self::new(Severity::Warning, file, line, message)
    }
    /// A note.
    pub fn note(file: &Path, line: Option<usize>, message: String) -> Self {
        Self::new(Severity::Note, file, line, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for Diagnostic {}

/// The errors among `findings`, or nothing: what stops a build.
pub fn errors_in(findings: &[Diagnostic]) -> Result<(), Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = (findings.iter())
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Prints findings to stderr, one `file:line: message` per line.
pub fn report(diagnostics: &[Diagnostic], verbose: bool) {
    for d in diagnostics {
        match d.severity {
            Severity::Error => eprintln!("error: {d}"),
            Severity::Warning => eprintln!("warning: {d}"),
            Severity::Note if verbose => eprintln!("note: {d}"),
            Severity::Note => {}
        }
    }
}

/// The forms of findings for other programs that `minutebook check --format` prints
/// (its default, `file:line: severity: message`, is [`crate::check::format_finding`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingFormat {
    /// GitHub Actions workflow commands (`::error file=F,line=L::message`), which GitHub
    /// shows as annotations on those lines of a pull request.
    Github,
    /// One JSON array of `{file, line, severity, message}`.
    Json,
}

/// `findings` in `format`, ending with a newline. File names are made
/// relative to `base` (the working directory, where GitHub resolves annotation paths)
/// when they are under it, and lose a leading `./`.
pub fn format_findings(findings: &[Diagnostic], format: FindingFormat, base: &Path) -> String {
    let severity = |d: &Diagnostic| match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    match format {
        FindingFormat::Github => findings
            .iter()
            .map(|d| {
                let command = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "notice",
                };
                let file = relative_name(&d.file, base);
                let mut props = format!("file={}", github_property(&file));
                if let Some(line) = d.line {
                    props.push_str(&format!(",line={line}"));
                }
                format!("::{command} {props}::{}\n", github_data(&d.message))
            })
            .collect(),
        FindingFormat::Json => {
            let items: Vec<serde_json::Value> = findings
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "file": relative_name(&d.file, base),
                        "line": d.line,
                        "severity": severity(d),
                        "message": d.message,
                    })
                })
                .collect();
            let mut out = serde_json::to_string_pretty(&items).expect("plain values");
            out.push('\n');
            out
        }
    }
}

/// `file` relative to `base` when under it, without leading `./`, with `/` separators.
fn relative_name(file: &Path, base: &Path) -> String {
    let rel = file.strip_prefix(base).unwrap_or(file);
    let parts: Vec<String> = rel
        .components()
        .skip_while(|c| matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if rel.is_absolute() {
        rel.display().to_string()
    } else {
        parts.join("/")
    }
}

/// The message of a workflow command: GitHub decodes `%25`, `%0D` and `%0A`.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a workflow command: like the message, and `:` and `,` too, which
/// would end the value.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings() -> Vec<Diagnostic> {
        vec![
            Diagnostic::error(
                Path::new("/w/site/content/2024,1:a.md"),
                Some(7),
                "dead link 100%\nsecond line".into(),
            ),
            Diagnostic::warning(Path::new("./content/b.md"), None, "empty".into()),
            Diagnostic::note(Path::new("/elsewhere/c.md"), Some(2), "skipped".into()),
        ]
    }

    #[test]
    fn github_annotations_escape_data_and_properties() {
        let out = format_findings(&findings(), FindingFormat::Github, Path::new("/w/site"));
        assert_eq!(
            out,
            "::error file=content/2024%2C1%3Aa.md,line=7::dead link 100%25%0Asecond line\n\
             ::warning file=content/b.md::empty\n\
             ::notice file=/elsewhere/c.md,line=2::skipped\n"
        );
    }

    #[test]
    fn json_is_one_array_of_findings() {
        let out = format_findings(&findings(), FindingFormat::Json, Path::new("/w/site"));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 3);
        assert_eq!(v[0]["file"], "content/2024,1:a.md");
        assert_eq!(v[0]["line"], 7);
        assert_eq!(v[0]["severity"], "error");
        assert_eq!(v[1]["line"], serde_json::Value::Null);
        assert_eq!(v[2]["severity"], "note");
        assert_eq!(
            format_findings(&[], FindingFormat::Json, Path::new(".")),
            "[]\n"
        );
    }
}
