//! One problem found in a spec, located by file, line, column and JSON pointer.

use std::fmt;
use std::path::PathBuf;

/// A problem in the spec, printed as
/// `error: <file>:<line>:<col> (<json pointer>): <what is wrong> — <how to fix>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file.
    pub file: PathBuf,
    /// 1-based line, when the place is known.
    pub line: Option<usize>,
    /// 1-based column, when the place is known.
    pub column: Option<usize>,
    /// JSON pointer to the offending node (empty for the whole document).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
    /// Whether generation stops for it.
    pub severity: Severity,
}

/// Whether a [`Diagnostic`] stops generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// A defect with no safe reading: nothing is generated.
    #[default]
    Error,
    /// A defect with exactly one safe reading, which the generator took.
    Warning,
}

impl Diagnostic {
    /// A diagnostic at `pointer`; the line and column are filled in by [`crate::load::Loaded::locate`].
    pub fn new(
        file: impl Into<PathBuf>,
        pointer: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
            pointer: pointer.into(),
            message: message.into(),
            fix: fix.into(),
            severity: Severity::Error,
        }
    }

    /// The same diagnostic as a warning.
    pub fn warning(self) -> Self {
        Self {
            severity: Severity::Warning,
            ..self
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}:{}", self.column.unwrap_or(1))?;
        }
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, " ({pointer}): {}", self.message)?;
        if !self.fix.is_empty() {
            write!(f, " — {}", self.fix)?;
        }
        Ok(())
    }
}

/// Escapes one JSON-pointer reference token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Decodes one JSON-pointer reference token (RFC 6901).
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
