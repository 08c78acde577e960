//! Stage 1: read the spec file and parse it as an OpenAPI document, keeping a map from JSON
//! pointers to places in the source so every diagnostic can name a line and column.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use saphyr::{LoadableYamlNode, MarkedYamlOwned, ScalarOwned, YamlDataOwned};
use serde::Deserialize;

use crate::bundle::{self, Origins};
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
    /// The text as YAML reads it: `text` with [`json_escapes`] made.
    text: String,
    /// Where an escape lengthened a line, in order, so positions map back to the user's text.
    shifts: Vec<Shift>,
    root: std::sync::OnceLock<Option<MarkedYamlOwned>>,
    /// Nodes the 3.1 conversion moved or made; pointers into them are mapped back to the text.
    moves: std::sync::OnceLock<Moves>,
    /// The other files of a bundled document; pointers into nodes they gave are located there.
    files: std::sync::OnceLock<Files>,
}

/// The other files of a document ([`bundle`]) and where each node brought in came from.
#[derive(Debug, Clone, Default)]
struct Files {
    origins: Origins,
    /// File `i` of [`bundle::Bundled::files`] (the root being 0) is `sources[i - 1]`.
    sources: Vec<(PathBuf, Source)>,
}

/// One escape [`json_escapes`] made: on 1-based `line`, the character at 0-based column
/// `from` of the user's text is at column `at` of the escaped one, and [`SHIFT`] longer.
#[derive(Debug, Clone, Copy)]
struct Shift {
    line: usize,
    at: usize,
    from: usize,
}

/// How much longer an escape is than the character: `\u009F` for one character.
const SHIFT: usize = 5;

impl Source {
    /// Keeps `text` to parse for positions when a diagnostic needs them; a text that does not
    /// parse simply has none. A JSON text's characters YAML forbids are escaped first.
    pub fn parse(text: &str) -> Self {
        let (text, shifts) = match json_escapes(text) {
            Some((escaped, shifts)) => (escaped, shifts),
            None => (text.to_string(), Vec::new()),
        };
        Self {
            text,
            shifts,
            root: std::sync::OnceLock::new(),
            moves: std::sync::OnceLock::new(),
            files: std::sync::OnceLock::new(),
        }
    }

    /// The text to parse as YAML.
    fn yaml(&self) -> &str {
        &self.text
    }

    /// The 1-based position in the user's text of 1-based `line`:`column` of the parsed one.
    fn original(&self, line: usize, column: usize) -> (usize, usize) {
        let before = self
            .shifts
            .iter()
            .filter(|s| s.line == line && s.at + 1 < column)
            .count();
        (line, column - before * SHIFT)
    }

    /// The 1-based position in the parsed text of 1-based `line`:`column` of the user's.
    fn parsed(&self, line: usize, column: usize) -> (usize, usize) {
        let before = self
            .shifts
            .iter()
            .filter(|s| s.line == line && s.from + 1 < column)
            .count();
        (line, column + before * SHIFT)
    }

    fn root(&self) -> Option<&MarkedYamlOwned> {
        self.root
            .get_or_init(|| {
                MarkedYamlOwned::load_from_str(self.yaml())
                    .ok()
                    .and_then(|mut docs| (!docs.is_empty()).then(|| docs.swap_remove(0)))
            })
            .as_ref()
    }

    /// Fills `diagnostic`'s line and column from its pointer, unless already set. A pointer to
    /// something absent (a missing key) points at its nearest existing parent; without any
    /// parsed node, at 1:1. A pointer into a node the 3.1 conversion made is first mapped to
    /// the node it was made from.
    /// A pointer into a node another file gave is located in that file, which the diagnostic
    /// then names, with the pointer there.
    pub fn locate(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.line.is_none() {
            if let Some(moves) = self.moves.get() {
                diagnostic.pointer = moves.original(&diagnostic.pointer);
            }
            let mut source = self;
            if let Some(files) = self.files.get()
                && let Some((file, pointer)) = files.origins.original(&diagnostic.pointer)
            {
                diagnostic.pointer = pointer;
                if let Some((path, other)) = file.checked_sub(1).and_then(|i| files.sources.get(i))
                {
                    diagnostic.file = path.clone();
                    source = other;
                }
            }
            // A document with no nodes (empty, or unparsable) is located at its start.
            let (line, column) = source.position(&diagnostic.pointer).unwrap_or((1, 1));
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
        Some(self.original(at.line(), at.col() + 1))
    }

    /// The JSON pointer of the deepest node that starts at or before 1-based `line`:`column`.
    pub fn pointer_at(&self, line: usize, column: usize) -> String {
        let mut pointer = String::new();
        let Some(mut node) = self.root() else {
            return pointer;
        };
        let (line, column) = self.parsed(line, column);
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
    let (mut value, parsed_text) = match parse_yaml(source.yaml(), &source, path, &mut warnings) {
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
    let bundled = bundle_files(&mut value, path, &source, &mut warnings)?;
    let read = crate::lenient::read(&mut value);
    let mut lenient = !read.is_empty() || parsed_text != text || bundled;
    warnings.extend(read.into_iter().map(|reading| {
        source
            .locate(Diagnostic::new(path, reading.pointer, reading.message, reading.fix).warning())
    }));
    let mut moves = Moves::default();
    if converts {
        let normalized = normalize::normalize(&mut value);
        if !normalized.refusals.is_empty() {
            source.moves.get_or_init(|| normalized.moves);
            let located = normalized
                .refusals
                .into_iter()
                .map(|r| source.locate(Diagnostic::new(path, r.pointer, r.message, r.fix)));
            return Err(Error::Spec(located.collect()));
        }
        moves = normalized.moves;
    }
    let hoisted = normalize::hoist_inner_refs(&mut value);
    lenient |= !hoisted.is_empty();
    moves.extend(hoisted);
    source.moves.get_or_init(|| moves);
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

/// Brings the other files `value` refers to into it ([`bundle`]), each parsed like the root
/// (its warnings joining `warnings`), and keeps their positions in `source`. Returns whether
/// any file was brought in; a `$ref` that cannot be followed is an error located in the file
/// holding it.
fn bundle_files(
    value: &mut serde_yaml::Value,
    path: &Path,
    source: &Source,
    warnings: &mut Vec<Diagnostic>,
) -> Result<bool, Error> {
    let mut sources: Vec<(PathBuf, Source)> = Vec::new();
    let mut parse = |text: &str, _: usize, file: &Path| {
        let other = Source::parse(text);
        let parsed = if text.trim().is_empty() {
            Ok(serde_yaml::Value::Null)
        } else {
            parse_yaml(other.yaml(), &other, file, warnings)
                .map(|(value, _)| value)
                .map_err(|diagnostic| vec![other.locate(*diagnostic)])
        };
        sources.push((file.to_path_buf(), other));
        parsed
    };
    let bundled = bundle::bundle(value, path, &mut parse);
    if bundled.files.len() <= 1 && bundled.refusals.is_empty() {
        return Ok(false);
    }
    let mut errors = bundled.errors;
    for refusal in bundled.refusals {
        let file = bundled
            .files
            .get(refusal.file)
            .map_or(path, PathBuf::as_path);
        let diagnostic = Diagnostic::new(file, refusal.pointer, refusal.message, refusal.fix);
        // Located before the origins are kept: the pointer is the file's own.
        let located = match refusal.file.checked_sub(1) {
            None => source.locate(diagnostic),
            Some(i) => match sources.get(i) {
                Some((_, other)) => other.locate(diagnostic),
                None => diagnostic,
            },
        };
        errors.push(located);
    }
    if !errors.is_empty() {
        return Err(Error::Spec(errors));
    }
    source.files.get_or_init(|| Files {
        origins: bundled.origins,
        sources,
    });
    Ok(true)
}

/// The characters YAML forbids in any text but JSON allows raw inside a string: DEL, the C1
/// controls, and the ones YAML 1.1 reads as line breaks (which would fold the string).
fn yaml_forbidden(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
    )
}

/// A JSON text (starting with `{` or `[`) with each character YAML forbids inside its
/// strings written as a `\uXXXX` escape, which means the same character in JSON and in a
/// YAML double-quoted scalar; and where each escape is. `None` when there is nothing to
/// escape. Lines stay where they are.
fn json_escapes(text: &str) -> Option<(String, Vec<Shift>)> {
    let json = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with(['{', '[']);
    if !json || !text.chars().any(yaml_forbidden) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut shifts = Vec::new();
    let (mut line, mut column, mut added) = (1, 0, 0);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string && yaml_forbidden(c) {
            shifts.push(Shift {
                line,
                at: column + added,
                from: column,
            });
            added += SHIFT;
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
        if escaped {
            escaped = false;
        } else if in_string && c == '\\' {
            escaped = true;
        } else if c == '"' {
            in_string = !in_string;
        }
        if c == '\n' {
            line += 1;
            column = 0;
            added = 0;
        } else {
            column += 1;
        }
    }
    Some((out, shifts))
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
        let raw = error.location().map(|l| (l.line(), l.column()));
        let position = raw.map(|(l, c)| source.original(l, c));
        let pointer = position
            .map(|(l, c)| source.pointer_at(l, c))
            .unwrap_or_default();
        let message = strip_location(&error.to_string());
        let located = |message: String, fix: &str| Diagnostic {
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            ..Diagnostic::new(path, pointer.as_str(), message, fix)
        };
        let big = raw
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A raw C1 control in a JSON string loads, and a place after it on the same line keeps
    /// its column in the user's text.
    #[test]
    fn json_controls_load_and_keep_columns() {
        let text = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"a\u{9f}b\u{85}\", \"version\": 1}, \"paths\": {}}";
        let Err(Error::Spec(diagnostics)) = load_str(text, Path::new("x.json")) else {
            panic!("`version: 1` is not a string");
        };
        let column = text[..text.find("\"version\"").unwrap_or_default()]
            .chars()
            .count()
            + 1;
        assert_eq!(diagnostics[0].pointer, "/info/version");
        assert_eq!(
            (diagnostics[0].line, diagnostics[0].column),
            (Some(1), Some(column))
        );

        let fixed = text.replace("\"version\": 1", "\"version\": \"1\"");
        let loaded = load_str(&fixed, Path::new("x.json")).map_err(|e| e.to_string());
        assert_eq!(
            loaded.map(|l| l.spec.info.title),
            Ok("a\u{9f}b\u{85}".to_string())
        );
    }
}
