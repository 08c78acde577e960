//! The generator's error type.

use std::fmt;
use std::path::PathBuf;

use crate::Diagnostic;

/// Everything that can stop generation, checking or writing.
#[derive(Debug)]
pub enum Error {
    /// The spec is wrong; every problem found is listed.
    Spec(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    Io {
        /// The file involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// progenitor (or typify) refused or crashed on an operation or schema.
    Generate {
        /// The spec file.
        file: PathBuf,
        /// What was being generated.
        context: String,
        /// progenitor's message.
        message: String,
    },
    /// The generated tokens did not parse as a Rust file (a generator bug).
    Format(String),
}

impl Error {
    /// The process exit code the CLI uses: 1 for a bad spec, 2 for I/O.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Io { .. } => 2,
            Error::Spec(_) | Error::Generate { .. } | Error::Format(_) => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(diagnostics) => {
                for (i, diagnostic) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{diagnostic}")?;
                }
                Ok(())
            }
            Error::Io { path, source } => write!(f, "error: {}: {source}", path.display()),
            Error::Generate { file, context, message } => write!(
                f,
                "error: {}: progenitor cannot generate {context}: {message} — simplify that part of the spec",
                file.display()
            ),
            Error::Format(message) => write!(f, "error: generated code does not parse: {message} — this is a generator bug"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
