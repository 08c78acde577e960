//! Stage 1a: defects of a document that have exactly one safe reading, read that way, each
//! with a warning at its place. Runs on the parsed YAML, before normalisation and the typed
//! parse, so pointers are the user's own.
//!
//! - A value of a `type: string` enum that YAML read as a number or a boolean (`4.1`,
//!   `true`) is that text.
//! - `null` as a security requirement's scopes (`security: [{oauth2: null}]`) is no scopes.
//! - A security requirement naming a scheme `components/securitySchemes` does not define is
//!   a bearer token, the client's own credential.
//!
//! In schemas (components and inline, not examples or other literal data):
//!
//! - `not` only excludes values: it is dropped (typify cannot express it), and the client
//!   accepts a little more than the server will.
//! - A `format` beside `type: object`, `array` or `boolean` names no format of that type
//!   (`format: uri-map`); it is ignored (typify panics on it). So is a `format` without
//!   `type` (`{format: uuid}`): the value can be any JSON, and is read so.
//! - A `pattern` regress (the ECMAScript engine of the client's checks) rejects: inline
//!   `(?i)` flags are written out as letter classes when that is exact (`(?i)^ab$` ->
//!   `^[aA][bB]$`); any other is dropped, so the client does not check it (the server does).
//! - An `enum` listing a value twice lists it once.
//! - A `default` written as a string for a `boolean`, `integer` or `number` schema is the
//!   value it spells (`"false"` -> `false`); one that spells no such value is dropped, since
//!   a default only tells what an absent value means and a client without it says "absent".
//! - For the same reason, a `default` of another JSON type than the schema's `type`
//!   (`default: {}` on a string), or outside its `enum` (a sentence as the default of a
//!   two-value enum), is dropped.
//!
//! Integers beyond 64 bits in `minimum`/`maximum` are read in [`crate::load`], because the
//! YAML parser itself stops at them.
//!
//! Two edits need no warning, because they change no meaning: `minLength: 0` bounds nothing,
//! and is dropped (typify would check `len < 0`, which rustc rejects as a useless comparison);
//! and a scalar `enum` beside an `allOf` of `$ref`s whose values all hold every listed value
//! (Discord's `{type: integer, enum: [1], allOf: [{$ref: ComponentTypes}]}`) is the `enum`
//! alone, the same values (typify cannot combine the two and panics).

use serde_yaml::{Mapping, Value};

use crate::diagnostic::escape_token;

/// One reading made, for its warning: where, and what was read how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// JSON pointer of the node.
    pub pointer: String,
    /// What the document says, and how it is read.
    pub message: String,
    /// How to say it so that nothing needs reading.
    pub fix: String,
}

/// Reads `value` leniently in place; returns what it read, in document order.
pub fn read(value: &mut Value) -> Vec<Reading> {
    let mut readings = Vec::new();
    walk(value, &mut String::new(), &mut readings);
    undefined_schemes(value, &mut readings);
    schemas(value, &mut readings);
    readings
}

/// Security requirements, the document's and each operation's, naming an undefined scheme.
fn undefined_schemes(value: &Value, readings: &mut Vec<Reading>) {
    let defined: Vec<&str> = value
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Value::as_mapping)
        .map(|m| m.keys().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut lists: Vec<(String, &Value)> = Vec::new();
    if let Some(security) = value.get("security") {
        lists.push(("/security".to_string(), security));
    }
    let paths = value.get("paths").and_then(Value::as_mapping);
    for (path, item) in paths.into_iter().flatten() {
        let (Some(path), Some(item)) = (path.as_str(), item.as_mapping()) else {
            continue;
        };
        for (method, operation) in item {
            if let (Some(method), Some(security)) = (method.as_str(), operation.get("security")) {
                let pointer = format!("/paths/{}/{method}/security", escape_token(path));
                lists.push((pointer, security));
            }
        }
    }
    for (pointer, security) in lists {
        let Some(requirements) = security.as_sequence() else {
            continue;
        };
        for (index, requirement) in requirements.iter().enumerate() {
            let names = requirement.as_mapping().into_iter().flat_map(|m| m.keys());
            for name in names.filter_map(Value::as_str) {
                if defined.contains(&name) {
                    continue;
                }
                readings.push(Reading {
                    pointer: format!("{pointer}/{index}/{}", escape_token(name)),
                    message: format!(
                        "security scheme `{name}` is not defined in `components/securitySchemes`; \
                         read as a bearer token"
                    ),
                    fix: format!(
                        "define `{name}` under `components/securitySchemes`, or name a scheme \
                         defined there"
                    ),
                });
            }
        }
    }
}

fn walk(value: &mut Value, pointer: &mut String, readings: &mut Vec<Reading>) {
    match value {
        Value::Mapping(map) => {
            if map.get("minLength").and_then(Value::as_u64) == Some(0) {
                map.remove("minLength");
            }
            let is_string = map.get("type").and_then(Value::as_str) == Some("string");
            for (key, child) in map.iter_mut() {
                let Some(key) = key.as_str() else { continue };
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_token(key));
                match key {
                    "enum" if is_string => stringify_enum(child, pointer, readings),
                    "security" if child.is_sequence() => {
                        empty_null_scopes(child, pointer, readings)
                    }
                    _ => walk(child, pointer, readings),
                }
                pointer.truncate(len);
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{index}"));
                walk(item, pointer, readings);
                pointer.truncate(len);
            }
        }
        Value::Tagged(tagged) => walk(&mut tagged.value, pointer, readings),
        _ => {}
    }
}

fn stringify_enum(value: &mut Value, pointer: &str, readings: &mut Vec<Reading>) {
    let Value::Sequence(items) = value else {
        return;
    };
    for (index, item) in items.iter_mut().enumerate() {
        let text = match item {
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            _ => continue,
        };
        readings.push(Reading {
            pointer: format!("{pointer}/{index}"),
            message: format!(
                "a `type: string` enum value that YAML reads as a {}; read as the string `{text}`",
                if matches!(item, Value::Bool(_)) {
                    "boolean"
                } else {
                    "number"
                }
            ),
            fix: format!("quote it: `\"{text}\"`"),
        });
        *item = Value::String(text);
    }
}

fn empty_null_scopes(value: &mut Value, pointer: &str, readings: &mut Vec<Reading>) {
    let Value::Sequence(requirements) = value else {
        return;
    };
    for (index, requirement) in requirements.iter_mut().enumerate() {
        let Value::Mapping(schemes) = requirement else {
            continue;
        };
        for (scheme, scopes) in schemes.iter_mut() {
            if scopes.is_null() {
                let name = scheme.as_str().unwrap_or_default();
                readings.push(Reading {
                    pointer: format!("{pointer}/{index}/{}", escape_token(name)),
                    message: format!("`{name}: null` in a security requirement; read as no scopes"),
                    fix: format!("write `{name}: []`"),
                });
                *scopes = Value::Sequence(Vec::new());
            }
        }
    }
}

/// Schema keywords whose value is one schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "items",
    "not",
    "additionalProperties",
    "additionalItems",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// Schema keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems", "items"];

/// Schema keywords whose value maps names to schemas.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Annotations, which say nothing about which values a schema holds.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "deprecated",
    "example",
    "examples",
    "externalDocs",
    "readOnly",
    "writeOnly",
];

fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whether a mapping's key is written as `token`, without allocating for a string key.
fn key_is(key: &Value, token: &str) -> bool {
    match key {
        Value::String(s) => s == token,
        Value::Bool(b) => token == if *b { "true" } else { "false" },
        other => key_text(other).as_deref() == Some(token),
    }
}

/// The node at `tokens` from `root`. A string key is found by hash (`components/schemas`
/// has thousands); a number or boolean key, as a YAML status code is, by its text.
fn node<'v>(root: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(root, |node, token| match node {
        Value::Mapping(map) => map.get(token.as_str()).or_else(|| {
            map.iter()
                .find(|(key, _)| key_is(key, token))
                .map(|(_, value)| value)
        }),
        Value::Sequence(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
}

fn node_mut<'v>(root: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    tokens.iter().try_fold(root, |node, token| match node {
        Value::Mapping(map) => {
            let key = match map.contains_key(token.as_str()) {
                true => Value::String(token.clone()),
                false => map.keys().find(|key| key_is(key, token))?.clone(),
            };
            map.get_mut(&key)
        }
        Value::Sequence(items) => items.get_mut(token.parse::<usize>().ok()?),
        _ => None,
    })
}

/// The pointer tokens of every schema in the document, each before the schemas inside it.
/// Literal data (examples, extensions, a schema's `default` and `enum`) is not searched.
fn schema_places(
    node: &Value,
    tokens: &mut Vec<String>,
    is_schema: bool,
    out: &mut Vec<Vec<String>>,
) {
    let map = match node {
        Value::Mapping(map) => map,
        Value::Sequence(items) if !is_schema => {
            for (index, item) in items.iter().enumerate() {
                tokens.push(index.to_string());
                schema_places(item, tokens, false, out);
                tokens.pop();
            }
            return;
        }
        _ => return,
    };
    if is_schema {
        out.push(tokens.clone());
    }
    // Directly under `components/<section>`, keys are names, never keywords.
    let names = tokens.len() == 2 && tokens[0] == "components";
    for (key, child) in map {
        let Some(key) = key_text(key) else { continue };
        let (schema, list, entries) = if is_schema {
            let k = key.as_str();
            (
                SCHEMA_KEYWORDS.contains(&k) && child.is_mapping(),
                SCHEMA_LISTS.contains(&k),
                SCHEMA_MAPS.contains(&k),
            )
        } else if names {
            (tokens[1] == "schemas", false, false)
        } else if key == "example" || key == "examples" || key.starts_with("x-") {
            continue;
        } else {
            (key == "schema", false, false)
        };
        tokens.push(key);
        match child {
            Value::Sequence(items) if list => {
                for (index, item) in items.iter().enumerate() {
                    tokens.push(index.to_string());
                    schema_places(item, tokens, true, out);
                    tokens.pop();
                }
            }
            Value::Mapping(children) if entries => {
                for (name, child) in children {
                    if let Some(name) = key_text(name) {
                        tokens.push(name);
                        schema_places(child, tokens, true, out);
                        tokens.pop();
                    }
                }
            }
            _ if schema || !is_schema => schema_places(child, tokens, schema, out),
            _ => {}
        }
        tokens.pop();
    }
}

/// The readings of schemas, each schema before the ones inside it.
fn schemas(root: &mut Value, readings: &mut Vec<Reading>) {
    let mut places = Vec::new();
    schema_places(root, &mut Vec::new(), false, &mut places);
    for tokens in places {
        // Decided on the whole document, since it follows `$ref`s; applied below.
        let same_values = node(root, &tokens).is_some_and(|schema| enum_within_refs(root, schema));
        // A place inside a node dropped above (a `not`) is gone.
        let Some(Value::Mapping(map)) = node_mut(root, &tokens) else {
            continue;
        };
        let pointer: String = tokens
            .iter()
            .map(|token| format!("/{}", escape_token(token)))
            .collect();
        if same_values {
            // The `enum` lists only values every `$ref` holds: it alone is the same schema.
            map.shift_remove("allOf");
        }
        drop_not(map, &pointer, readings);
        typeless_format(map, &pointer, readings);
        unchecked_pattern(map, &pointer, readings);
        duplicate_values(map, &pointer, readings);
        typed_default(map, &pointer, readings);
        unfit_default(map, &pointer, readings);
    }
}

/// The `type` of a schema as a list (3.1 allows several).
fn types_of(map: &Mapping) -> Option<Vec<&str>> {
    match map.get("type")? {
        Value::String(kind) => Some(vec![kind.as_str()]),
        Value::Sequence(kinds) => Some(kinds.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

/// A value as the document would write it, for messages.
fn literal(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => serde_yaml::to_string(other)
            .map(|text| text.trim_end().to_string())
            .unwrap_or_default(),
    }
}

fn drop_not(map: &mut Mapping, pointer: &str, readings: &mut Vec<Reading>) {
    if map.shift_remove("not").is_none() {
        return;
    }
    readings.push(Reading {
        pointer: format!("{pointer}/not"),
        message: "`not` only excludes values, and typify cannot express it; dropped, so the \
                  client accepts the values it excludes (the server still refuses them)"
            .into(),
        fix: "describe the allowed values positively (with `enum`, `oneOf` or bounds)".into(),
    });
}

/// `format` means something only for strings and numbers; typify panics on any other, and
/// on a schema without `type` (any JSON value, which a format narrows only when a string).
fn typeless_format(map: &mut Mapping, pointer: &str, readings: &mut Vec<Reading>) {
    let Some(Value::String(format)) = map.get("format") else {
        return;
    };
    let (message, fix) = match types_of(map) {
        None if map.contains_key("type") || map.contains_key("$ref") => return,
        None => (
            format!(
                "`format: {format}` on a schema without `type`, which is any JSON value; \
                 ignored, so the value is read as any JSON"
            ),
            "add the `type` the format belongs to (`type: string`)",
        ),
        Some(kinds) => {
            let scalar = |kind: &&str| matches!(*kind, "string" | "integer" | "number");
            let Some(kind) = kinds
                .iter()
                .find(|kind| matches!(**kind, "object" | "array" | "boolean"))
                .filter(|_| !kinds.iter().any(scalar))
            else {
                return;
            };
            (
                format!(
                    "`format: {format}` on a `type: {kind}` schema, which has no formats; ignored"
                ),
                "remove `format`, or say it in `description`",
            )
        }
    };
    readings.push(Reading {
        pointer: format!("{pointer}/format"),
        message,
        fix: fix.into(),
    });
    map.shift_remove("format");
}

/// typify checks `pattern` with regress, and refuses the schema when regress refuses it.
fn unchecked_pattern(map: &mut Mapping, pointer: &str, readings: &mut Vec<Reading>) {
    let Some(Value::String(pattern)) = map.get("pattern") else {
        return;
    };
    let pattern = pattern.clone();
    let Err(error) = regress::Regex::new(&pattern) else {
        return;
    };
    let pointer = format!("{pointer}/pattern");
    match case_insensitive(&pattern).filter(|written| regress::Regex::new(written).is_ok()) {
        Some(written) => {
            readings.push(Reading {
                pointer,
                message: format!(
                    "`pattern` `{pattern}` has an inline `(?i)` flag, which ECMAScript regular \
                     expressions (the client's) lack; read as `{written}`"
                ),
                fix: format!("write `pattern: '{written}'`"),
            });
            map.insert(Value::from("pattern"), Value::String(written));
        }
        None => {
            readings.push(Reading {
                pointer,
                message: format!(
                    "`pattern` `{pattern}` is no ECMAScript regular expression ({error}); \
                     dropped, so the client does not check it (the server still does)"
                ),
                fix: "write it in ECMAScript syntax (no inline flags, possessive quantifiers \
                      or `\\A`/`\\Z`)"
                    .into(),
            });
            map.shift_remove("pattern");
        }
    }
}

/// Letter escapes whose meaning does not change with case-insensitivity.
const CASELESS_ESCAPES: &str = "dDwWsSbBnrtfv";

/// Whether a character other than an ASCII letter has another case.
fn has_case(c: char) -> bool {
    c.to_lowercase().ne(std::iter::once(c)) || c.to_uppercase().ne(std::iter::once(c))
}

/// `pattern` with its inline case-insensitivity (`(?i)`, to the end of its group, as in
/// PCRE and Java; `(?i:…)`) written out as letter classes: `a` -> `[aA]`, `[a-f]` ->
/// `[a-fA-F]`. For ASCII letters this is exactly what the flag means (in ECMAScript too, no
/// other character folds to them). `None` when the pattern has no such flag, or holds
/// anything the rewrite cannot keep exact: another flag, a non-ASCII letter, a backreference
/// or a letter escape other than [`CASELESS_ESCAPES`] where the flag is on.
fn case_insensitive(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut flagged = false;
    let mut insensitive = false;
    // Whether the flag was on outside each open group.
    let mut groups: Vec<bool> = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let rest: String = chars[i + 1..].iter().take(3).collect();
        match c {
            '\\' => {
                let next = *chars.get(i + 1)?;
                if insensitive && next.is_ascii_alphanumeric() && !CASELESS_ESCAPES.contains(next) {
                    return None;
                }
                out.push(c);
                out.push(next);
                i += 2;
            }
            '[' => {
                let end = class_end(&chars, i)?;
                if insensitive {
                    out.push_str(&class_insensitive(&chars[i + 1..end])?);
                } else {
                    out.extend(&chars[i..=end]);
                }
                i = end + 1;
            }
            '(' if rest == "?i)" => {
                flagged = true;
                insensitive = true;
                i += 4;
            }
            '(' if rest == "?i:" => {
                groups.push(insensitive);
                flagged = true;
                insensitive = true;
                out.push_str("(?:");
                i += 4;
            }
            '(' => {
                groups.push(insensitive);
                let named =
                    rest.starts_with("?<") && !rest.starts_with("?<=") && !rest.starts_with("?<!");
                if named {
                    // A group's name is no text to match: kept as written.
                    let close = chars[i..].iter().position(|&c| c == '>')?;
                    out.extend(&chars[i..=i + close]);
                    i += close + 1;
                    continue;
                }
                let plain = !rest.starts_with('?')
                    || ["?:", "?=", "?!", "?<"].iter().any(|p| rest.starts_with(p));
                if !plain {
                    return None;
                }
                out.push('(');
                i += 1;
            }
            ')' => {
                insensitive = groups.pop()?;
                out.push(')');
                i += 1;
            }
            c if insensitive && c.is_ascii_alphabetic() => {
                out.extend(['[', c.to_ascii_lowercase(), c.to_ascii_uppercase(), ']']);
                i += 1;
            }
            c if insensitive && has_case(c) => return None,
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    (flagged && groups.is_empty()).then_some(out)
}

/// The index of the `]` closing the class opened at `start` (ECMAScript: a `]` right after
/// `[` or `[^` closes it).
fn class_end(chars: &[char], start: usize) -> Option<usize> {
    let mut j = start + 1;
    if chars.get(j) == Some(&'^') {
        j += 1;
    }
    loop {
        match chars.get(j)? {
            '\\' => j += 2,
            ']' => return Some(j),
            _ => j += 1,
        }
    }
}

/// A class's content (between `[` and `]`) read case-insensitively: each ASCII letter and
/// letter range gains its other case. A lone `-` is escaped, so that the added letters never
/// make a range with it.
fn class_insensitive(content: &[char]) -> Option<String> {
    let (negated, body) = match content.split_first() {
        Some(('^', body)) => (true, body),
        _ => (false, content),
    };
    // One member: its text, the character it stands for (none for `\d` and the like), and
    // where the next begins.
    let atom = |j: usize| -> Option<(String, Option<char>, usize)> {
        match *body.get(j)? {
            '\\' => {
                let next = *body.get(j + 1)?;
                if next.is_ascii_alphanumeric() {
                    CASELESS_ESCAPES
                        .contains(next)
                        .then(|| (format!("\\{next}"), None, j + 2))
                } else {
                    Some((format!("\\{next}"), Some(next), j + 2))
                }
            }
            '-' => Some(("\\-".into(), Some('-'), j + 1)),
            c => Some((c.to_string(), Some(c), j + 1)),
        }
    };
    let mut out = String::from(if negated { "[^" } else { "[" });
    let mut extra = String::new();
    let mut j = 0;
    while j < body.len() {
        let (text, low, next) = atom(j)?;
        if body.get(next) == Some(&'-') && next + 1 < body.len() {
            let (high_text, high, after) = atom(next + 1)?;
            let (low, high) = (low?, high?);
            let letters = |from: char, to: char| low <= to && from <= high;
            if !high.is_ascii() {
                return None;
            } else if low.is_ascii_lowercase() && high.is_ascii_lowercase() {
                extra.extend([low.to_ascii_uppercase(), '-', high.to_ascii_uppercase()]);
            } else if low.is_ascii_uppercase() && high.is_ascii_uppercase() {
                extra.extend([low.to_ascii_lowercase(), '-', high.to_ascii_lowercase()]);
            } else if letters('A', 'Z') || letters('a', 'z') {
                return None;
            }
            out.push_str(&format!("{text}-{high_text}"));
            j = after;
            continue;
        }
        match low {
            Some(c) if c.is_ascii_alphabetic() => {
                extra.push(if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                });
            }
            Some(c) if has_case(c) => return None,
            _ => {}
        }
        out.push_str(&text);
        j = next;
    }
    out.push_str(&extra);
    out.push(']');
    Some(out)
}

/// typify names one variant per value, and a value listed twice makes two of one name.
fn duplicate_values(map: &mut Mapping, pointer: &str, readings: &mut Vec<Reading>) {
    let Some(Value::Sequence(values)) = map.get_mut("enum") else {
        return;
    };
    let mut kept: Vec<Value> = Vec::with_capacity(values.len());
    for (index, value) in std::mem::take(values).into_iter().enumerate() {
        if kept.contains(&value) {
            let text = literal(&value);
            readings.push(Reading {
                pointer: format!("{pointer}/enum/{index}"),
                message: format!("`enum` lists `{text}` twice; read as once"),
                fix: format!("remove the second `{text}`"),
            });
        } else {
            kept.push(value);
        }
    }
    *values = kept;
}

/// The value `text` spells as a `kind`, if any.
fn spelled(text: &str, kind: &str) -> Option<Value> {
    let integer = || {
        text.parse::<i64>()
            .map(Value::from)
            .or_else(|_| text.parse::<u64>().map(Value::from))
            .ok()
    };
    match kind {
        "boolean" => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        "integer" => integer(),
        "number" => integer().or_else(|| {
            text.parse::<f64>()
                .ok()
                .filter(|number| number.is_finite())
                .map(Value::from)
        }),
        _ => None,
    }
}

/// typify refuses a default that is not of its schema's type.
fn typed_default(map: &mut Mapping, pointer: &str, readings: &mut Vec<Reading>) {
    let Some(Value::String(text)) = map.get("default") else {
        return;
    };
    let text = text.clone();
    let Some(kinds) = types_of(map) else { return };
    let scalars: Vec<&str> = kinds
        .iter()
        .copied()
        .filter(|kind| matches!(*kind, "boolean" | "integer" | "number"))
        .collect();
    // A string default is right for a string, and another kind is not read here.
    if scalars.is_empty()
        || kinds
            .iter()
            .any(|kind| !scalars.contains(kind) && *kind != "null")
    {
        return;
    }
    let kind = scalars.join(" or ");
    let value = scalars.iter().find_map(|kind| spelled(&text, kind));
    let pointer = format!("{pointer}/default");
    match value {
        Some(value) => {
            let written = literal(&value);
            readings.push(Reading {
                pointer,
                message: format!(
                    "`default: \"{text}\"` is a string for a `type: {kind}` schema; read as \
                     `{written}`"
                ),
                fix: format!("write it unquoted: `default: {written}`"),
            });
            map.insert(Value::from("default"), value);
        }
        None => {
            readings.push(Reading {
                pointer,
                message: format!(
                    "`default: \"{text}\"` is no {kind}; dropped, so an absent value stays absent"
                ),
                fix: format!("write a {kind} default, or remove it"),
            });
            map.shift_remove("default");
        }
    }
}

/// A `default` no value of the schema can be: of another JSON type than its `type`, or
/// outside its `enum`. Dropped (typify refuses or panics on it).
fn unfit_default(map: &mut Mapping, pointer: &str, readings: &mut Vec<Reading>) {
    let Some(default) = map.get("default") else {
        return;
    };
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    if default.is_null() && nullable {
        return;
    }
    let kind = json_kind(default);
    let why = match (types_of(map), map.get("enum")) {
        (Some(kinds), _)
            if !kinds
                .iter()
                .any(|k| *k == kind || (*k == "number" && kind == "integer")) =>
        {
            format!("is no {}", kinds.join(" or "))
        }
        (_, Some(Value::Sequence(values))) if !values.contains(default) => {
            "is none of the `enum` values".to_string()
        }
        _ => return,
    };
    // On one line, as JSON: a default may be a list or a map.
    let written = serde_json::to_string(default).unwrap_or_else(|_| literal(default));
    readings.push(Reading {
        pointer: format!("{pointer}/default"),
        message: format!("`default` `{written}` {why}; dropped, so an absent value stays absent"),
        fix: "write a default the schema allows, or remove it".to_string(),
    });
    map.shift_remove("default");
}

/// The JSON Schema type of a value.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() && n.as_f64().is_some_and(|f| f.fract() != 0.0) => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Sequence(_) => "array",
        Value::Mapping(_) => "object",
        Value::Tagged(tagged) => json_kind(&tagged.value),
    }
}

/// Whether `schema` is a scalar `enum` (or `const`) beside an `allOf` of `$ref`s only, each
/// to a schema of listed values (`enum`, or a `oneOf`/`anyOf` of `const`s) holding every
/// value of the `enum`.
fn enum_within_refs(root: &Value, schema: &Value) -> bool {
    let Some(map) = schema.as_mapping() else {
        return false;
    };
    let kind = map.get("type").and_then(Value::as_str);
    if !matches!(kind, Some("string" | "integer" | "number" | "boolean")) {
        return false;
    }
    let listed: Vec<&Value> = match (map.get("enum"), map.get("const")) {
        (Some(Value::Sequence(values)), _) => values.iter().collect(),
        (None, Some(value)) => vec![value],
        _ => return false,
    };
    let Some(Value::Sequence(parts)) = map.get("allOf") else {
        return false;
    };
    if listed.is_empty() || parts.is_empty() {
        return false;
    }
    parts.iter().all(|part| {
        let target = part
            .as_mapping()
            .filter(|part| part.len() == 1)
            .and_then(|part| part.get("$ref"))
            .and_then(Value::as_str)
            .and_then(|target| target.strip_prefix('#'));
        let Some(target) = target else { return false };
        let tokens: Vec<String> = target
            .split('/')
            .skip(1)
            .map(crate::diagnostic::unescape_token)
            .collect();
        let values = node(root, &tokens).and_then(|target| listed_values(target, kind));
        values.is_some_and(|values| listed.iter().all(|value| values.contains(value)))
    })
}

/// The values a schema lists, when it says nothing else about them: an `enum`, a `const`, or
/// a `oneOf`/`anyOf` of those, beside annotations, its `type` (`kind`) and `format`.
fn listed_values<'v>(schema: &'v Value, kind: Option<&str>) -> Option<Vec<&'v Value>> {
    let map = schema.as_mapping()?;
    let mut values = Vec::new();
    for (key, value) in map {
        match key.as_str()? {
            "enum" => values.extend(value.as_sequence()?),
            "const" => values.push(value),
            "oneOf" | "anyOf" => {
                for branch in value.as_sequence()? {
                    values.extend(listed_values(branch, kind)?);
                }
            }
            "type" if value.as_str() == kind => {}
            "format" | "nullable" => {}
            key if ANNOTATIONS.contains(&key) || key.starts_with("x-") => {}
            _ => return None,
        }
    }
    Some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &str =
        "components: {securitySchemes: {oauth2: {type: oauth2}, key: {type: apiKey}}}";

    #[test]
    fn string_enum_numbers_and_booleans_become_their_text_and_are_reported() {
        let mut value: Value = serde_yaml::from_str(
            "Version: {type: string, enum: [4.1, true, v2, 7]}\nCount: {type: integer, enum: [1]}",
        )
        .unwrap();
        let readings = read(&mut value);
        let pointers: Vec<&str> = readings.iter().map(|r| r.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/Version/enum/0", "/Version/enum/1", "/Version/enum/3"]
        );
        let expected: Value =
            serde_yaml::from_str("Version: {type: string, enum: ['4.1', 'true', v2, '7']}\nCount: {type: integer, enum: [1]}")
                .unwrap();
        assert_eq!(value, expected, "an integer enum keeps its numbers");
    }

    #[test]
    fn a_zero_min_length_is_dropped_silently() {
        let mut value: Value =
            serde_yaml::from_str("Code: {type: string, minLength: 0, maxLength: 3}").unwrap();
        assert!(read(&mut value).is_empty());
        let expected: Value = serde_yaml::from_str("Code: {type: string, maxLength: 3}").unwrap();
        assert_eq!(value, expected);
    }

    #[test]
    fn an_undefined_scheme_is_read_as_a_bearer_token_and_reported() {
        let mut value: Value = serde_yaml::from_str(
            "security: [{oauth: []}]\npaths:\n  /token:\n    post:\n      \
             security: [{basicAuth: []}, {oauth: []}]\ncomponents:\n  securitySchemes:\n    \
             oauth: {type: oauth2}\n",
        )
        .unwrap();
        let readings = read(&mut value);
        let pointers: Vec<&str> = readings.iter().map(|r| r.pointer.as_str()).collect();
        assert_eq!(pointers, ["/paths/~1token/post/security/0/basicAuth"]);
        assert!(readings[0].message.contains("`basicAuth` is not defined"));
    }

    #[test]
    fn null_scopes_are_no_scopes() {
        let mut value: Value = serde_yaml::from_str(&format!(
            "security: [{{oauth2: null, key: [read]}}]\n{SCHEMES}"
        ))
        .unwrap();
        let readings = read(&mut value);
        assert_eq!(readings.len(), 1);
        assert_eq!(readings[0].pointer, "/security/0/oauth2");
        let expected: Value = serde_yaml::from_str(&format!(
            "security: [{{oauth2: [], key: [read]}}]\n{SCHEMES}"
        ))
        .unwrap();
        assert_eq!(value, expected);
    }

    #[test]
    fn inline_case_insensitivity_is_written_out_exactly() {
        for (pattern, written) in [
            (
                "(?i)^(pay|details)$",
                "^([pP][aA][yY]|[dD][eE][tT][aA][iI][lL][sS])$",
            ),
            (
                r"([^\s]+(\.(?i)(jpeg|tiff|pdf))$)",
                r"([^\s]+(\.([jJ][pP][eE][gG]|[tT][iI][fF][fF]|[pP][dD][fF]))$)",
            ),
            ("x(?i:ab)Y", "x(?:[aA][bB])Y"),
            ("(?i)[a-f0-9_-]{2}", r"[a-f0-9_\-A-F]{2}"),
            (r"(?i)[^X]\d\.", r"[^Xx]\d\."),
            ("(?i)(?<Name>a)", "(?<Name>[aA])"),
        ] {
            assert_eq!(
                case_insensitive(pattern).as_deref(),
                Some(written),
                "{pattern}"
            );
            assert!(regress::Regex::new(written).is_ok(), "{written}");
        }
        // No flag, or something the rewrite cannot keep exact.
        for pattern in [
            "^ab$",
            "(?s)a",
            "(?i)é",
            r"(?i)(a)\1",
            r"(?i)\p{L}",
            "(?i)[A-z]",
            "(?i)(a",
        ] {
            assert_eq!(case_insensitive(pattern), None, "{pattern}");
        }
    }

    #[test]
    fn schema_readings_are_located_and_leave_examples_alone() {
        let mut value: Value = serde_yaml::from_str(
            "components:\n  schemas:\n    A:\n      type: object\n      format: uri-map\n      \
             example: {type: object, format: uri-map}\n      properties:\n        \
             on: {type: boolean, default: 'true'}\n        \
             n: {type: [integer, 'null'], default: x}\n        \
             s: {type: string, default: 'true', enum: [a, b, a, a]}\n        \
             p: {type: string, pattern: 'a++'}\n        \
             u: {format: uuid}\n      not: {properties: {x: {not: {}}}}\n  \
             examples:\n    E: {value: {schema: {not: {}}}}\n",
        )
        .unwrap();
        let readings = read(&mut value);
        let pointers: Vec<&str> = readings.iter().map(|r| r.pointer.as_str()).collect();
        let a = "/components/schemas/A";
        assert_eq!(
            pointers,
            [
                format!("{a}/not"),
                format!("{a}/format"),
                format!("{a}/properties/on/default"),
                format!("{a}/properties/n/default"),
                format!("{a}/properties/s/enum/2"),
                format!("{a}/properties/s/enum/3"),
                format!("{a}/properties/s/default"),
                format!("{a}/properties/p/pattern"),
                format!("{a}/properties/u/format"),
            ]
        );
        let expected: Value = serde_yaml::from_str(
            "components:\n  schemas:\n    A:\n      type: object\n      \
             example: {type: object, format: uri-map}\n      properties:\n        \
             on: {type: boolean, default: true}\n        \
             n: {type: [integer, 'null']}\n        \
             s: {type: string, enum: [a, b]}\n        \
             p: {type: string}\n        \
             u: {}\n  \
             examples:\n    E: {value: {schema: {not: {}}}}\n",
        )
        .unwrap();
        assert_eq!(value, expected);
    }

    #[test]
    fn an_enum_within_its_refs_drops_the_all_of_silently() {
        let mut value: Value = serde_yaml::from_str(
            "components:\n  schemas:\n    Kind: {type: integer, oneOf: [{title: A, enum: [1]}, \
             {title: B, enum: [2]}]}\n    Other: {type: object}\n    \
             One: {type: integer, enum: [1], allOf: [{$ref: '#/components/schemas/Kind'}]}\n    \
             Three: {type: integer, enum: [3], allOf: [{$ref: '#/components/schemas/Kind'}]}\n    \
             Odd: {type: string, enum: [x], allOf: [{$ref: '#/components/schemas/Other'}]}\n",
        )
        .unwrap();
        assert!(read(&mut value).is_empty());
        let schemas = &value["components"]["schemas"];
        assert!(schemas["One"].get("allOf").is_none());
        assert!(schemas["Three"].get("allOf").is_some(), "3 is no kind");
        assert!(
            schemas["Odd"].get("allOf").is_some(),
            "an object lists no values"
        );
    }
}
