//! Stage 1: read the spec file and parse it as an OpenAPI document, keeping a map from JSON
//! pointers to places in the source so every diagnostic can name a line and column.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use saphyr::{LoadableYamlNode, MarkedYamlOwned, ScalarOwned, YamlDataOwned};
use serde::Deserialize;

use crate::diagnostic::{escape_token, unescape_token};
use crate::normalize::{self, Moves};
use crate::{Diagnostic, Error};

/// A spec that parsed as OpenAPI, with its source kept for error locations.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Where the spec was read from, as given by the caller (used in messages).
    pub path: PathBuf,
    /// The raw text.
    pub text: String,
    /// The parsed document as untyped YAML, for checks that openapiv3 cannot express; a 3.1
    /// document as converted to 3.0.
    pub value: serde_yaml::Value,
    /// The parsed document (a 3.1 document as converted to 3.0).
    pub spec: OpenAPI,
    /// Positions of the document's nodes.
    pub source: Source,
    /// What the document said that has one safe reading, and how it was read.
    pub warnings: Vec<Diagnostic>,
}

impl Loaded {
    /// A diagnostic at `pointer` in this spec, with its line and column filled in.
    pub fn diagnostic(
        &self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Diagnostic {
        self.source
            .locate(Diagnostic::new(&self.path, pointer, message, fix))
    }
}

/// The spec's YAML with node positions (serde_yaml keeps none), used only to locate pointers.
/// Parsed on first use: a valid spec never needs positions, and parsing costs as much as
/// loading the spec itself.
#[derive(Debug, Clone, Default)]
pub struct Source {
    text: String,
    root: std::sync::OnceLock<Option<MarkedYamlOwned>>,
    /// Nodes the 3.1 conversion moved or made; pointers into them are mapped back to the text.
    moves: std::sync::OnceLock<Moves>,
}

impl Source {
    /// Keeps `text` to parse for positions when a diagnostic needs them; a text that does not
    /// parse simply has none.
    pub fn parse(text: &str) -> Self {
        Self {
            text: text.to_string(),
            root: std::sync::OnceLock::new(),
            moves: std::sync::OnceLock::new(),
        }
    }

    fn root(&self) -> Option<&MarkedYamlOwned> {
        self.root
            .get_or_init(|| {
                MarkedYamlOwned::load_from_str(&self.text)
                    .ok()
                    .and_then(|mut docs| (!docs.is_empty()).then(|| docs.swap_remove(0)))
            })
            .as_ref()
    }

    /// Fills `diagnostic`'s line and column from its pointer, unless already set. A pointer to
    /// something absent (a missing key) points at its nearest existing parent; without any
    /// parsed node, at 1:1. A pointer into a node the 3.1 conversion made is first mapped to
    /// the node it was made from.
    pub fn locate(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.line.is_none() {
            if let Some(moves) = self.moves.get() {
                diagnostic.pointer = moves.original(&diagnostic.pointer);
            }
            // A document with no nodes (empty, or unparsable) is located at its start.
            let (line, column) = self.position(&diagnostic.pointer).unwrap_or((1, 1));
            diagnostic.line = Some(line);
            diagnostic.column = Some(column);
        }
        diagnostic
    }

    /// The 1-based line and column of the node at `pointer` (of its key, for a mapping entry).
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut node = self.root()?;
        let mut at = node.span.start;
        for token in pointer.split('/').skip(1).map(unescape_token) {
            match &untag(node).data {
                YamlDataOwned::Mapping(map) => {
                    let Some((key, value)) = map
                        .iter()
                        .find(|(key, _)| scalar_text(key).as_deref() == Some(token.as_str()))
                    else {
                        break;
                    };
                    at = key.span.start;
                    node = value;
                }
                YamlDataOwned::Sequence(items) => {
                    let Some(item) = token.parse::<usize>().ok().and_then(|i| items.get(i)) else {
                        break;
                    };
                    at = item.span.start;
                    node = item;
                }
                _ => break,
            }
        }
        Some((at.line(), at.col() + 1))
    }

    /// The JSON pointer of the deepest node that starts at or before 1-based `line`:`column`.
    pub fn pointer_at(&self, line: usize, column: usize) -> String {
        let mut pointer = String::new();
        let Some(mut node) = self.root() else {
            return pointer;
        };
        let target = (line, column.saturating_sub(1));
        let before = |m: &saphyr::Marker| (m.line(), m.col()) <= target;
        loop {
            let next = match &untag(node).data {
                YamlDataOwned::Mapping(map) => map
                    .iter()
                    .rev()
                    .find(|(key, _)| before(&key.span.start))
                    .and_then(|(key, value)| Some((scalar_text(key)?, value))),
                YamlDataOwned::Sequence(items) => items
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, item)| before(&item.span.start))
                    .map(|(i, item)| (i.to_string(), item)),
                _ => None,
            };
            let Some((token, child)) = next else {
                return pointer;
            };
            pointer.push('/');
            pointer.push_str(&escape_token(&token));
            node = child;
        }
    }
}

fn untag(node: &MarkedYamlOwned) -> &MarkedYamlOwned {
    match &node.data {
        YamlDataOwned::Tagged(_, inner) => untag(inner),
        _ => node,
    }
}

fn scalar_text(node: &MarkedYamlOwned) -> Option<String> {
    match &untag(node).data {
        YamlDataOwned::Value(ScalarOwned::String(s)) => Some(s.clone()),
        YamlDataOwned::Value(ScalarOwned::Integer(i)) => Some(i.to_string()),
        YamlDataOwned::Value(ScalarOwned::FloatingPoint(f)) => Some(f.to_string()),
        YamlDataOwned::Value(ScalarOwned::Boolean(b)) => Some(b.to_string()),
        YamlDataOwned::Value(ScalarOwned::Null) => Some("null".into()),
        YamlDataOwned::Representation(s, _, _) => Some(s.clone()),
        _ => None,
    }
}

/// Reads and parses the spec at `path`. A file that cannot be read is an I/O error (exit 2).
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        action: "cannot read the spec".into(),
        source,
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => load_str(&text, path),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            Err(Error::Spec(vec![Diagnostic {
                line: Some(line),
                column: Some(column),
                ..Diagnostic::new(
                    path,
                    "",
                    "the spec is not valid UTF-8",
                    "save the file as UTF-8",
                )
            }]))
        }
    }
}

/// Parses spec `text`; `path` is only used to name the file in diagnostics.
///
/// OpenAPI 3.1 is converted to 3.0 by [`normalize`] between the YAML parse and openapiv3's;
/// diagnostics still point into `text`.
pub fn load_str(text: &str, path: &Path) -> Result<Loaded, Error> {
    let source = Source::parse(text);
    let fail = |pointer: &str, position: Option<(usize, usize)>, message: String, fix: &str| {
        let diagnostic = Diagnostic {
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            ..Diagnostic::new(path, pointer, message, fix)
        };
        Err(Error::Spec(vec![source.locate(diagnostic)]))
    };
    let empty = || {
        fail(
            "",
            None,
            "the spec is empty".into(),
            "write an OpenAPI 3.0 or 3.1 document, starting with `openapi: 3.0.3` or `openapi: 3.1.1`",
        )
    };
    if text.trim().is_empty() {
        return empty();
    }
    let mut warnings = Vec::new();
    let (mut value, parsed_text) = match parse_yaml(text, &source, path, &mut warnings) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return Err(Error::Spec(vec![source.locate(*diagnostic)])),
    };
    let root = match &value {
        serde_yaml::Value::Null => return empty(),
        serde_yaml::Value::Mapping(root) => root,
        _ => {
            return fail(
                "",
                None,
                "the spec is not a YAML mapping".into(),
                "write an OpenAPI 3.0 or 3.1 document, starting with `openapi: 3.0.3` or `openapi: 3.1.1`",
            );
        }
    };
    let converts = match root.get("openapi") {
        Some(serde_yaml::Value::String(version)) if version.starts_with("3.0.") => false,
        Some(serde_yaml::Value::String(version)) if normalize::converts(version) => true,
        Some(serde_yaml::Value::String(version)) => {
            return fail(
                "/openapi",
                None,
                format!(
                    "unsupported OpenAPI version `{version}`; the generator reads OpenAPI 3.0.x and 3.1.x"
                ),
                "progenitor 0.15 reads OpenAPI 3.0.x, and the generator converts 3.1.x to it: write the document as 3.1 (`openapi: 3.1.1`) or 3.0 (`openapi: 3.0.3`)",
            );
        }
        Some(other) => {
            return fail(
                "/openapi",
                None,
                format!(
                    "`openapi` must be a version string, found `{}`",
                    serde_yaml::to_string(other).unwrap_or_default().trim()
                ),
                "quote the version: `openapi: \"3.0.3\"`",
            );
        }
        None if root.contains_key("swagger") => {
            return fail(
                "/swagger",
                None,
                "Swagger 2.0 documents are not supported; the generator reads OpenAPI 3.0.x and 3.1.x".into(),
                "convert the document to OpenAPI 3.0.3 or 3.1.1",
            );
        }
        None => {
            return fail(
                "",
                None,
                "the spec has no `openapi` version".into(),
                "add `openapi: 3.0.3` at the top",
            );
        }
    };
    let read = crate::lenient::read(&mut value);
    let lenient = !read.is_empty() || parsed_text != text;
    warnings.extend(read.into_iter().map(|reading| {
        source
            .locate(Diagnostic::new(path, reading.pointer, reading.message, reading.fix).warning())
    }));
    if converts {
        let normalized = normalize::normalize(&mut value);
        source.moves.get_or_init(|| normalized.moves);
        if !normalized.refusals.is_empty() {
            let located = normalized
                .refusals
                .into_iter()
                .map(|r| source.locate(Diagnostic::new(path, r.pointer, r.message, r.fix)));
            return Err(Error::Spec(located.collect()));
        }
    }
    // From the parsed value on the happy path; an error is worded from a second parse: of the
    // text for a 3.0 document (exact positions), of the converted value for a 3.1 one.
    // A leniently read document is worded from the value, which holds the readings.
    let parsed = OpenAPI::deserialize(&value).or_else(|_| {
        if converts || lenient {
            serde_path_to_error::deserialize(&value)
        } else {
            serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(text))
        }
    });
    let (version, schema) = if converts {
        ("3.1", "3.1")
    } else {
        ("3.0", "3.0.3")
    };
    let spec: OpenAPI = match parsed {
        Ok(spec) => spec,
        Err(e) => {
            let pointer = path_to_pointer(e.path());
            let position = e.inner().location().map(|l| (l.line(), l.column()));
            return fail(
                &pointer,
                position,
                format!(
                    "not a valid OpenAPI {version} document: {}",
                    strip_location(&e.inner().to_string())
                ),
                &format!("make this part match the OpenAPI {schema} schema"),
            );
        }
    };
    Ok(Loaded {
        path: path.to_path_buf(),
        text: text.to_string(),
        value,
        spec,
        source,
        warnings,
    })
}

/// Bounds of a schema, where an integer beyond 64 bits has one safe reading: the nearest
/// 64-bit one, since no value the client handles lies beyond it.
const BOUNDS: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];

/// Parses `text` as YAML. The YAML parser stops at an integer beyond 64 bits; in a bound
/// ([`BOUNDS`]) it is read as `i64::MIN` or `i64::MAX`, with a warning, and the parse runs
/// again on the text so read. Returns the value and the text it was parsed from.
fn parse_yaml<'t>(
    text: &'t str,
    source: &Source,
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(serde_yaml::Value, std::borrow::Cow<'t, str>), Box<Diagnostic>> {
    let mut text = std::borrow::Cow::Borrowed(text);
    loop {
        let error = match serde_yaml::from_str(&text) {
            Ok(value) => return Ok((value, text)),
            Err(error) => error,
        };
        let position = error.location().map(|l| (l.line(), l.column()));
        let pointer = position
            .map(|(l, c)| source.pointer_at(l, c))
            .unwrap_or_default();
        let message = strip_location(&error.to_string());
        let located = |message: String, fix: &str| Diagnostic {
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            ..Diagnostic::new(path, pointer.as_str(), message, fix)
        };
        let big = position
            .filter(|_| message.contains("as i128") || message.contains("as u128"))
            .and_then(|(line, column)| big_integer(&text, line, column));
        let Some((start, end)) = big else {
            return Err(Box::new(located(
                format!("invalid YAML: {message}"),
                "fix the YAML syntax",
            )));
        };
        let digits = text[start..end].to_string();
        let key = pointer.rsplit('/').next().unwrap_or_default();
        if !BOUNDS.contains(&key) {
            return Err(Box::new(located(
                format!("the integer `{digits}` does not fit in 64 bits"),
                "quote it, or write a number of at most 19 digits",
            )));
        }
        let nearest = if digits.starts_with('-') {
            i64::MIN
        } else {
            i64::MAX
        };
        warnings.push(
            located(
                format!("`{key}: {digits}` does not fit in 64 bits; read as `{nearest}`"),
                &format!("write `{key}: {nearest}`, or leave the bound out"),
            )
            .warning(),
        );
        text = std::borrow::Cow::Owned(format!("{}{nearest}{}", &text[..start], &text[end..]));
    }
}

/// The byte range of the integer the YAML parser stopped at, from its 1-based position:
/// the first run of digits (with its sign) at or after it on that line.
fn big_integer(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let line_text = text[line_start..].lines().next()?;
    let from = line_text.char_indices().nth(column.saturating_sub(1))?.0;
    let rest = &line_text[from..];
    let digit = rest.find(|c: char| c.is_ascii_digit())?;
    let signed = if rest[..digit].ends_with('-') {
        digit - 1
    } else {
        digit
    };
    let len = rest[digit..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len() - digit);
    Some((line_start + from + signed, line_start + from + digit + len))
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer.push_str(&format!("/{}", escape_token(key))),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// serde_yaml appends " at line L column C"; the diagnostic prints the place itself.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}
