//! The generator's error type.

use std::fmt;
use std::path::PathBuf;

use crate::Diagnostic;
use crate::guard::CaughtPanic;

/// Everything that can stop generation, checking or writing.
#[derive(Debug)]
pub enum Error {
    /// The spec is wrong; every problem found is listed.
    Spec(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// What the generator was doing, such as "cannot read the spec".
        action: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A directory the generated files go into does not exist.
    MissingDir(PathBuf),
    /// A file the generator keeps a section of has no such section.
    MissingSection {
        /// The file.
        path: PathBuf,
        /// The lines that open and close the section.
        markers: [&'static str; 2],
    },
    /// progenitor (or typify) refused or crashed on an operation or schema.
    Generate {
        /// Where in the spec, and what to do about it.
        diagnostic: Box<Diagnostic>,
        /// The panic, when progenitor panicked rather than returning an error.
        panic: Option<Box<CaughtPanic>>,
    },
    /// The generated tokens did not parse as a Rust file (a generator bug).
    Format(String),
}

impl Error {
    /// The process exit code the CLI uses: 1 for a spec that cannot be generated, 2 for I/O.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Io { .. } | Error::MissingDir(_) | Error::MissingSection { .. } => 2,
            Error::Spec(_) | Error::Generate { .. } | Error::Format(_) => 1,
        }
    }

    /// The caught panic behind a [`Error::Generate`], shown only on request (`--verbose`).
    pub fn panic(&self) -> Option<&CaughtPanic> {
        match self {
            Error::Generate { panic, .. } => panic.as_deref(),
            _ => None,
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
            Error::Io {
                path,
                action,
                source,
            } => write!(f, "error: {}: {action}: {source}", path.display()),
            Error::MissingDir(path) => write!(
                f,
                "error: {}: the output directory does not exist — pass the client crate's directory with --out",
                path.display()
            ),
            Error::MissingSection { path, markers } => write!(
                f,
                "error: {}: no generated section — add these two lines at the end of its \
                 `[dependencies]` table, and move its `[features]` entries below them (the \
                 section ends with a `[features]` table they join), then regenerate:\n{}\n{}",
                path.display(),
                markers[0],
                markers[1]
            ),
            Error::Generate { diagnostic, .. } => write!(f, "{diagnostic}"),
            Error::Format(message) => write!(
                f,
                "error: generated code does not parse: {message} — this is a generator bug"
            ),
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
