//! Stage 1: read the spec file and parse it as an OpenAPI document.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

use crate::{Diagnostic, Error};

/// A spec that parsed as OpenAPI, with its source text kept for error locations.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Where the spec was read from, as given by the caller.
    pub path: PathBuf,
    /// The raw text.
    pub text: String,
    /// The parsed document as untyped YAML, for checks that openapiv3 cannot express.
    pub value: serde_yaml::Value,
    /// The parsed document.
    pub spec: OpenAPI,
}

impl Loaded {
    /// A diagnostic at `pointer` in this spec.
    pub fn diagnostic(&self, pointer: impl Into<String>, message: impl Into<String>, fix: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.path, pointer, message, fix)
    }
}

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let spec_error = |line: Option<usize>, column: Option<usize>, message: String, fix: &str| {
        Error::Spec(vec![Diagnostic {
            line,
            column,
            ..Diagnostic::new(path, "", message, fix)
        }])
    };
    if text.trim().is_empty() {
        return Err(spec_error(None, None, "the spec is empty".into(), "write an OpenAPI 3.0.x document"));
    }
    let value: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| {
        let (line, column) = e.location().map(|l| (Some(l.line()), Some(l.column()))).unwrap_or((None, None));
        spec_error(line, column, format!("invalid YAML: {}", strip_location(&e.to_string())), "fix the YAML syntax")
    })?;
    let spec: OpenAPI = serde_yaml::from_str(&text).map_err(|e| {
        let (line, column) = e.location().map(|l| (Some(l.line()), Some(l.column()))).unwrap_or((None, None));
        spec_error(
            line,
            column,
            format!("not a valid OpenAPI document: {}", strip_location(&e.to_string())),
            "make the document match the OpenAPI 3.0.x schema",
        )
    })?;
    Ok(Loaded {
        path: path.to_path_buf(),
        text,
        value,
        spec,
    })
}

/// serde_yaml appends " at line L column C"; the diagnostic prints the place itself.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}
