//! Turns the hand-written OpenAPI description in `spec/` into the source of the
//! `dwolla-exchange-sessions` client crate.
//!
//! The pipeline runs one way, one stage per module:
//! [`load`] -> [`validate`] -> [`adapt`] -> [`generate`] (progenitor, then [`extras`]) ->
//! [`format`] -> [`output`] (write or check).
//!
//! [`generate_client`] is the single entry point used by both the CLI and the snapshot
//! tests, so the checked-in file and the snapshot can never disagree.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod adapt;
pub mod diagnostic;
pub mod error;
pub mod extras;
pub mod format;
pub mod generate;
pub mod load;
pub mod mocks;
pub mod output;
pub mod validate;

use std::path::{Path, PathBuf};

pub use diagnostic::Diagnostic;
pub use error::Error;

/// The spec the CLI reads when `--spec` is not given, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/exchange-sessions.yaml";
/// The client crate the CLI writes when `--out` is not given, relative to the workspace root.
pub const DEFAULT_OUT: &str = "generated-client";
/// The generated file, relative to the client crate's directory.
pub const GENERATED_FILE: &str = "src/generated.rs";
/// The command that regenerates the client; named in the do-not-edit header.
pub const REGENERATE_COMMAND: &str = "cargo run -p generator";

/// One file the generator produces, with its path relative to the client crate's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the client crate (for example `src/generated.rs`).
    pub path: PathBuf,
    /// The complete, formatted contents.
    pub contents: String,
}

/// Runs the whole pipeline on the spec at `spec_path` and returns every generated file.
///
/// Nothing is written; see [`output::write`] and [`output::check`].
pub fn generate_client(spec_path: &Path) -> Result<Vec<GeneratedFile>, Error> {
    let loaded = load::load(spec_path)?;
    validate::validate(&loaded)?;
    let adapted = adapt::adapt(&loaded.spec);
    let tokens = generate::generate(&loaded, &adapted)?;
    let spec_name = spec_path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let contents = format::format(&tokens, &spec_name)?;
    Ok(vec![
        GeneratedFile {
            path: PathBuf::from(GENERATED_FILE),
            contents,
        },
        mocks::file(&loaded, &adapted, &spec_name)?,
    ])
}
