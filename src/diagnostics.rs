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
