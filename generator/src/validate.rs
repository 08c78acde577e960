//! Stage 2: reject specs the pipeline cannot turn into a correct client, before progenitor
//! sees them, with every problem located in the file. All problems are reported at once.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{OpenAPI, Operation, Parameter, ReferenceOr, Response, StatusCode};
use serde_yaml::Value;

use crate::adapt::{is_json_media_type, resolve_response};
use crate::diagnostic::escape_token;
use crate::extras::{OPTION_METHODS, RUNTIME_HEADERS};
use crate::load::{Loaded, unescape_token};
use crate::{Diagnostic, Error};

/// Rust keywords (strict and reserved); identifiers equal to one break or get renamed.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof",
    "unsized", "virtual", "yield",
];

/// Methods the client already has; an operation with the same method name would be lost.
const CLIENT_METHODS: &[&str] = &["new", "new_with_client", "baseurl", "client", "api_version", "inner", "raw"];

/// Checks the loaded spec and returns all problems found at once.
pub fn validate(loaded: &Loaded) -> Result<(), Error> {
    let mut check = Check { loaded, problems: Vec::new() };
    check.references();
    check.cycles();
    check.operations();
    check.error_schemas();
    check.schemas();
    if check.problems.is_empty() { Ok(()) } else { Err(Error::Spec(check.problems)) }
}

struct Check<'a> {
    loaded: &'a Loaded,
    problems: Vec<Diagnostic>,
}

fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn pointer_of(tokens: &[String]) -> String {
    tokens.iter().map(|t| format!("/{}", escape_token(t))).collect()
}

/// Follows a JSON pointer from the document root.
fn resolve_pointer<'v>(root: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(root, |node, token| match node {
        Value::Mapping(map) => map.iter().find(|(k, _)| key_text(k).as_deref() == Some(token)).map(|(_, v)| v),
        Value::Sequence(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
}

/// The `components` section a `$ref` found under `container` must point into.
fn expected_section(container: &[String]) -> Option<&'static str> {
    let t: Vec<&str> = container.iter().map(String::as_str).collect();
    if t.starts_with(&["components", "schemas"]) || t.contains(&"schema") {
        return Some("schemas");
    }
    match t.as_slice() {
        ["paths", _] => Some("pathItems"),
        ["paths", _, "parameters", _] | ["paths", _, _, "parameters", _] | ["components", "parameters", _] => Some("parameters"),
        ["paths", _, _, "requestBody"] | ["components", "requestBodies", _] => Some("requestBodies"),
        ["paths", _, _, "responses", _] | ["components", "responses", _] => Some("responses"),
        [.., "headers", _] => Some("headers"),
        ["components", "securitySchemes", _] => Some("securitySchemes"),
        _ => None,
    }
}

/// Every `$ref` string in the document with the pointer of the object holding it, skipping
/// literal data (examples, defaults, enums, extensions).
fn collect_refs(node: &Value, tokens: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match node {
        Value::Mapping(map) => {
            for (key, value) in map {
                let Some(key) = key_text(key) else { continue };
                if key == "$ref"
                    && let Value::String(target) = value
                {
                    out.push((tokens.clone(), target.clone()));
                    continue;
                }
                let in_properties = tokens.last().is_some_and(|t| t == "properties");
                if !in_properties && (matches!(key.as_str(), "example" | "examples" | "default" | "enum") || key.starts_with("x-")) {
                    continue;
                }
                tokens.push(key);
                collect_refs(value, tokens, out);
                tokens.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                tokens.push(i.to_string());
                collect_refs(item, tokens, out);
                tokens.pop();
            }
        }
        _ => {}
    }
}

/// `$ref`s that make a schema (or component) *be* its target, not merely contain it.
fn alias_refs(node: &Value, out: &mut Vec<String>) {
    let Value::Mapping(map) = node else { return };
    for (key, value) in map {
        match (key_text(key).as_deref(), value) {
            (Some("$ref"), Value::String(target)) => out.push(target.clone()),
            (Some("allOf" | "oneOf" | "anyOf"), Value::Sequence(items)) => items.iter().for_each(|item| alias_refs(item, out)),
            (Some("not"), item) => alias_refs(item, out),
            _ => {}
        }
    }
}

/// Follows parameter `$ref`s (with a bound, since cycles are reported separately).
fn resolve_parameter<'s>(spec: &'s OpenAPI, mut parameter: &'s ReferenceOr<Parameter>) -> Option<&'s Parameter> {
    for _ in 0..16 {
        match parameter {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                parameter = spec.components.as_ref()?.parameters.get(name)?;
            }
        }
    }
    None
}

fn schema_key(schema: &Option<ReferenceOr<openapiv3::Schema>>) -> String {
    match schema {
        Some(ReferenceOr::Reference { reference }) => reference.clone(),
        Some(ReferenceOr::Item(item)) => serde_json::to_string(item).unwrap_or_default(),
        None => "(no schema)".into(),
    }
}

fn describe_schema(key: &str) -> String {
    match key.strip_prefix("#/components/schemas/") {
        Some(name) => format!("`{name}`"),
        None if key.starts_with('{') => "an inline schema".into(),
        None => key.to_string(),
    }
}

/// True for 1xx/2xx/3xx codes and ranges; `default` and 4xx/5xx are errors.
pub fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => *code < 400,
        StatusCode::Range(range) => *range < 4,
    }
}

/// The Rust method and builder names progenitor derives from an operationId.
pub fn rust_names(operation_id: &str) -> (String, String) {
    (operation_id.to_snake_case(), operation_id.to_upper_camel_case())
}

fn valid_operation_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

impl Check<'_> {
    fn push(&mut self, pointer: impl Into<String>, message: impl Into<String>, fix: impl Into<String>) {
        let diagnostic = self.loaded.diagnostic(pointer, message, fix);
        if !self.problems.contains(&diagnostic) {
            self.problems.push(diagnostic);
        }
    }

    fn section_names(&self, section: &str) -> Vec<String> {
        match resolve_pointer(&self.loaded.value, &["components".into(), section.into()]) {
            Some(Value::Mapping(map)) => map.keys().filter_map(key_text).collect(),
            _ => Vec::new(),
        }
    }

    fn references(&mut self) {
        let mut refs = Vec::new();
        collect_refs(&self.loaded.value, &mut Vec::new(), &mut refs);
        for (container, target) in refs {
            let pointer = format!("{}/$ref", pointer_of(&container));
            let section = expected_section(&container);
            if section == Some("pathItems") {
                self.push(pointer, format!("path item `$ref` `{target}` is not supported by progenitor"), "write the path item inline");
                continue;
            }
            let Some(fragment) = target.strip_prefix('#') else {
                self.push(
                    pointer,
                    format!("external `$ref` `{target}` is not supported"),
                    "copy the referenced definition into `components` and point at it with `#/components/...`",
                );
                continue;
            };
            let tokens: Vec<String> = fragment.split('/').skip(1).map(unescape_token).collect();
            if !fragment.starts_with('/') || resolve_pointer(&self.loaded.value, &tokens).is_none() {
                let wanted = section.unwrap_or("schemas");
                let names = self.section_names(wanted);
                let fix = if names.is_empty() {
                    format!("define the target under `components/{wanted}`")
                } else {
                    format!("point it at an entry of `components/{wanted}`: {}", names.join(", "))
                };
                self.push(pointer, format!("`$ref` `{target}` points nowhere"), fix);
                continue;
            }
            let Some(section) = section else { continue };
            let in_section = tokens.len() >= 2 && tokens[0] == "components" && tokens[1] == section;
            if !in_section {
                self.push(
                    pointer,
                    format!("`$ref` `{target}` must point into `#/components/{section}` here"),
                    format!("reference an entry of `components/{section}`"),
                );
            } else if tokens.len() != 3 {
                self.push(
                    pointer,
                    format!("`$ref` `{target}` points inside a component; progenitor only follows `#/components/{section}/<name>`"),
                    format!("move the target into its own entry of `components/{section}` and reference that"),
                );
            }
        }
    }

    fn cycles(&mut self) {
        // Edges between components where one *is* the other (bare `$ref`, allOf/oneOf/anyOf/not).
        let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut order = Vec::new();
        if let Some(Value::Mapping(components)) = resolve_pointer(&self.loaded.value, &["components".into()]) {
            for (section, entries) in components {
                let (Some(section), Value::Mapping(entries)) = (key_text(section), entries) else { continue };
                for (name, node) in entries {
                    let Some(name) = key_text(name) else { continue };
                    let from = format!("#/components/{}/{}", escape_token(&section), escape_token(&name));
                    let mut targets = Vec::new();
                    alias_refs(node, &mut targets);
                    order.push(from.clone());
                    edges.insert(from, targets);
                }
            }
        }
        let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
        for start in &order {
            // Depth-first search for a path back to `start`.
            let mut stack = vec![(start.clone(), vec![start.clone()])];
            let mut seen = BTreeSet::new();
            while let Some((node, path)) = stack.pop() {
                for next in edges.get(&node).into_iter().flatten() {
                    if next == start {
                        let members: BTreeSet<String> = path.iter().cloned().collect();
                        if reported.insert(members) {
                            let names: Vec<&str> = path.iter().chain([start]).map(|p| p.rsplit('/').next().unwrap_or(p)).collect();
                            self.push(
                                start.trim_start_matches('#'),
                                format!("circular `$ref`: {} never reaches a concrete type, so no Rust type can be generated", names.join(" -> ")),
                                "break the cycle: give one of these components real content, or reach it through a property or `items`",
                            );
                        }
                    } else if seen.insert(next.clone()) {
                        let mut longer = path.clone();
                        longer.push(next.clone());
                        stack.push((next.clone(), longer));
                    }
                }
            }
        }
    }

    fn operations(&mut self) {
        let spec = &self.loaded.spec;
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut methods: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut builders: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (path, item) in &spec.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            let path_pointer = format!("/paths/{}", escape_token(path));
            let template = match template_variables(path) {
                Some(vars) => vars,
                None => {
                    self.push(&path_pointer, format!("path template `{path}` has unbalanced braces"), "write each variable as `{name}`");
                    continue;
                }
            };
            for (method, operation) in item.iter() {
                let pointer = format!("{path_pointer}/{method}");
                let label = operation.operation_id.clone().unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
                match operation.operation_id.as_deref() {
                    None => self.push(&pointer, "operation has no operationId", "add a unique `operationId`; the client's method name derives from it"),
                    Some(id) => self.operation_id(id, &pointer, &mut ids, &mut methods, &mut builders),
                }
                self.parameters(path, &template, &item.parameters, operation, &pointer, &label);
                self.request_body(operation, &pointer, &label);
                self.responses(operation, &pointer, &label);
            }
        }
    }

    fn operation_id(
        &mut self,
        id: &str,
        pointer: &str,
        ids: &mut BTreeMap<String, String>,
        methods: &mut BTreeMap<String, (String, String)>,
        builders: &mut BTreeMap<String, (String, String)>,
    ) {
        let at = format!("{pointer}/operationId");
        if let Some(first) = ids.get(id) {
            self.push(&at, format!("operationId `{id}` is also used at {first}"), "give every operation its own operationId");
            return;
        }
        ids.insert(id.to_string(), pointer.to_string());
        if !valid_operation_id(id) {
            self.push(
                &at,
                format!("operationId `{id}` is not a valid identifier"),
                "start with a letter and use only letters, digits, `_`, `-` and `.`, e.g. `createCustomerExchangeSession`",
            );
            return;
        }
        let (method, builder) = rust_names(id);
        if KEYWORDS.contains(&method.as_str()) || KEYWORDS.contains(&builder.as_str()) {
            self.push(&at, format!("operationId `{id}` becomes the Rust keyword `{method}`"), "rename the operation, e.g. with a verb and a noun");
            return;
        }
        if CLIENT_METHODS.contains(&method.as_str()) {
            self.push(&at, format!("operationId `{id}` becomes method `{method}`, which the client already has"), "rename the operation");
            return;
        }
        for (names, name, kind) in [(&mut *methods, &method, "method"), (&mut *builders, &builder, "builder")] {
            if let Some((other, other_pointer)) = names.get(name) {
                self.push(
                    &at,
                    format!("operationId `{id}` and `{other}` (at {other_pointer}) both become the Rust {kind} `{name}`"),
                    "rename one so their snake_case and UpperCamelCase forms differ",
                );
                return;
            }
        }
        methods.insert(method, (id.to_string(), pointer.to_string()));
        builders.insert(builder, (id.to_string(), pointer.to_string()));
    }

    fn parameters(&mut self, path: &str, template: &[String], shared: &[ReferenceOr<Parameter>], operation: &Operation, pointer: &str, label: &str) {
        let spec = &self.loaded.spec;
        let path_pointer = format!("/paths/{}", escape_token(path));
        let mut declared: Vec<(String, String)> = Vec::new();
        let mut setters: BTreeMap<String, (String, String)> = BTreeMap::new();
        let lists = [(format!("{path_pointer}/parameters"), shared), (format!("{pointer}/parameters"), operation.parameters.as_slice())];
        // Operation-level parameters override path-level ones with the same name and location.
        let mut effective: BTreeMap<(String, &'static str), (String, &Parameter)> = BTreeMap::new();
        // A parameter `$ref` that points nowhere is reported already; its name is unknown.
        let mut unresolved = false;
        for (base, list) in &lists {
            for (i, parameter) in list.iter().enumerate() {
                let at = format!("{base}/{i}");
                let Some(parameter) = resolve_parameter(spec, parameter) else {
                    unresolved = true;
                    continue;
                };
                let location = match parameter {
                    Parameter::Path { .. } => "path",
                    Parameter::Query { .. } => "query",
                    Parameter::Header { .. } => "header",
                    Parameter::Cookie { .. } => "cookie",
                };
                effective.insert((parameter.parameter_data_ref().name.clone(), location), (at, parameter));
            }
        }
        for ((name, location), (at, parameter)) in &effective {
            let data = parameter.parameter_data_ref();
            if *location == "cookie" {
                self.push(at, format!("operation `{label}` has cookie parameter `{name}`, which progenitor does not support"), "send it as a header or drop it");
            }
            if matches!(data.format, openapiv3::ParameterSchemaOrContent::Content(_)) {
                self.push(at, format!("parameter `{name}` of `{label}` uses `content`, which progenitor does not support"), "describe it with `schema` instead");
            }
            if *location == "path" {
                if !data.required {
                    self.push(at, format!("path parameter `{name}` of `{label}` is not required"), "set `required: true`; path parameters always are");
                }
                declared.push((name.clone(), at.clone()));
            }
            let setter = name.to_snake_case();
            let runtime_header = *location == "header" && RUNTIME_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name));
            if OPTION_METHODS.contains(&setter.as_str()) && !runtime_header {
                self.push(
                    at,
                    format!("parameter `{name}` of `{label}` becomes the builder method `{setter}`, which the client reserves for per-call options"),
                    "rename the parameter",
                );
            }
            if let Some((other, other_location)) = setters.get(&setter) {
                self.push(
                    at,
                    format!("parameters `{other}` ({other_location}) and `{name}` ({location}) of `{label}` both become the builder method `{setter}`"),
                    "rename one of them",
                );
            } else {
                setters.insert(setter, (name.clone(), location.to_string()));
            }
        }
        for variable in template.iter().filter(|_| !unresolved) {
            if !declared.iter().any(|(name, _)| name == variable) {
                self.push(
                    &path_pointer,
                    format!("path template variable `{{{variable}}}` of `{label}` is not declared as a parameter"),
                    format!("add `{{name: {variable}, in: path, required: true, schema: {{type: string}}}}` to the path's or the operation's `parameters`"),
                );
            }
        }
        for (name, at) in declared {
            if !template.contains(&name) {
                self.push(
                    format!("{at}/name"),
                    format!("path parameter `{name}` of `{label}` does not appear in the path template `{path}`"),
                    format!("add `{{{name}}}` to the path, or remove the parameter"),
                );
            }
        }
    }

    fn request_body(&mut self, operation: &Operation, pointer: &str, label: &str) {
        match &operation.request_body {
            None => {}
            Some(ReferenceOr::Reference { .. }) => self.push(
                format!("{pointer}/requestBody"),
                format!("operation `{label}` references its request body; the pipeline only adapts inline request bodies"),
                "write the request body inline (its schema may still be a `$ref`)",
            ),
            Some(ReferenceOr::Item(body)) => {
                if body.content.len() > 1 {
                    let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
                    self.push(
                        format!("{pointer}/requestBody/content"),
                        format!("operation `{label}` declares {} request media types ({})", body.content.len(), types.join(", ")),
                        "keep exactly one request media type",
                    );
                }
                if body.content.is_empty() {
                    self.push(format!("{pointer}/requestBody/content"), format!("operation `{label}` has a request body with no media type"), "add one `application/json` (or `+json`) entry");
                }
                for (media, content) in &body.content {
                    let at = format!("{pointer}/requestBody/content/{}", escape_token(media));
                    if !is_json_media_type(media) {
                        self.push(&at, format!("operation `{label}` sends `{media}`, which the pipeline cannot handle"), "use `application/json` or a `+json` media type");
                    } else if content.schema.is_none() {
                        self.push(&at, format!("request media type `{media}` of `{label}` has no `schema`"), "add a `schema`");
                    }
                }
            }
        }
    }

    fn responses(&mut self, operation: &Operation, pointer: &str, label: &str) {
        let spec = &self.loaded.spec;
        let mut success: Vec<(String, String)> = Vec::new();
        for (status, response) in &operation.responses.responses {
            let at = format!("{pointer}/responses/{status}");
            let Some(response) = resolve_response(spec, response) else { continue };
            self.response_content(response, &at, label);
            if is_success(status) {
                let key = response.content.values().next().map(|media| schema_key(&media.schema)).unwrap_or_else(|| "no body".into());
                success.push((status.to_string(), key));
            }
        }
        let distinct: BTreeSet<&str> = success.iter().map(|(_, key)| key.as_str()).collect();
        if distinct.len() > 1 {
            let list: Vec<String> = success.iter().map(|(status, key)| format!("{status}: {}", describe_schema(key))).collect();
            self.push(
                format!("{pointer}/responses"),
                format!("operation `{label}` has success responses with different bodies ({}); progenitor panics on this", list.join(", ")),
                "keep one success status, or give every success status the same schema",
            );
        }
        if let Some(default) = &operation.responses.default {
            let at = format!("{pointer}/responses/default");
            if let Some(response) = resolve_response(spec, default) {
                self.response_content(response, &at, label);
            }
        }
    }

    fn response_content(&mut self, response: &Response, at: &str, label: &str) {
        if response.content.len() > 1 {
            self.push(format!("{at}/content"), format!("a response of `{label}` declares {} media types", response.content.len()), "keep exactly one response media type");
        }
        for (media, content) in &response.content {
            let media_at = format!("{at}/content/{}", escape_token(media));
            if !is_json_media_type(media) {
                self.push(&media_at, format!("operation `{label}` answers `{media}`, which the pipeline cannot handle"), "use `application/json` or a `+json` media type");
            } else if content.schema.is_none() {
                self.push(&media_at, format!("response media type `{media}` of `{label}` has no `schema`"), "add a `schema`, or remove `content` for an empty body");
            }
        }
    }

    /// The runtime decodes every error status into one type, so all operations must share it.
    fn error_schemas(&mut self) {
        let spec = &self.loaded.spec;
        let mut shared: Option<(String, String)> = None;
        let mut defaults = Vec::new();
        for (path, item) in &spec.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            for (method, operation) in item.iter() {
                let pointer = format!("/paths/{}/{method}", escape_token(path));
                let label = operation.operation_id.clone().unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
                let typed_success = operation.responses.responses.iter().any(|(status, r)| is_success(status) && resolve_response(spec, r).is_some_and(|r| !r.content.is_empty()));
                if let Some(default) = &operation.responses.default {
                    defaults.push((format!("{pointer}/responses/default"), label.clone(), default, typed_success));
                }
                for (status, response) in &operation.responses.responses {
                    if is_success(status) {
                        continue;
                    }
                    let at = format!("{pointer}/responses/{status}");
                    let Some(response) = resolve_response(spec, response) else { continue };
                    for media in response.content.values() {
                        let schema = match &media.schema {
                            Some(ReferenceOr::Reference { reference }) => reference.clone(),
                            Some(ReferenceOr::Item(_)) => {
                                self.push(
                                    format!("{at}/content"),
                                    format!("operation `{label}` has an error response without a `$ref` schema"),
                                    "reference the shared error schema, e.g. `$ref: '#/components/schemas/ErrorResponse'`",
                                );
                                continue;
                            }
                            None => continue,
                        };
                        match &shared {
                            None => shared = Some((schema, at.clone())),
                            Some((first, first_at)) if *first != schema => self.push(
                                format!("{at}/content"),
                                format!("error response of `{label}` uses {}, but {first_at} uses {}; the client decodes every error into one type", describe_schema(&schema), describe_schema(first)),
                                format!("make every error response use `{first}`"),
                            ),
                            Some(_) => {}
                        }
                    }
                }
            }
        }
        for (at, label, default, typed_success) in defaults {
            let Some(response) = resolve_response(spec, default) else { continue };
            let schemas: Vec<String> = response.content.values().map(|m| schema_key(&m.schema)).collect();
            let is_shared = |s: &String| shared.as_ref().is_some_and(|(first, _)| first == s);
            if schemas.iter().all(is_shared) {
                continue;
            }
            let shared_name = shared.as_ref().map(|(first, _)| format!("`{first}`")).unwrap_or_else(|| "the shared error schema".into());
            let message = if typed_success {
                format!("operation `{label}` has a `default` response next to typed success responses; progenitor panics on this shape (one response type per operation)")
            } else {
                format!("operation `{label}` has a `default` response that is not the shared error schema; the client treats `default` as an error")
            };
            self.push(at, message, format!("replace `default` with explicit error statuses (e.g. `4XX`) whose schema is {shared_name}, or make `default` use it"));
        }
    }

    fn schemas(&mut self) {
        let names = self.section_names("schemas");
        let mut types: BTreeMap<String, String> = BTreeMap::new();
        for name in &names {
            let rust = name.to_upper_camel_case();
            let at = format!("/components/schemas/{}", escape_token(name));
            if let Some(other) = types.get(&rust) {
                self.push(&at, format!("schemas `{other}` and `{name}` both become the Rust type `{rust}`"), "rename one of them");
            } else {
                types.insert(rust, name.clone());
            }
        }
        let mut found = Vec::new();
        schema_nodes(&self.loaded.value, &mut Vec::new(), false, &mut found);
        for (tokens, node) in found {
            let Value::Mapping(map) = node else { continue };
            let at = pointer_of(&tokens);
            if map.contains_key("not") {
                self.push(format!("{at}/not"), "`not` schemas are not supported by typify", "describe the allowed values positively (e.g. with `enum` or `oneOf`)");
            }
            if let Some(Value::Mapping(properties)) = map.get("properties") {
                let mut fields: BTreeMap<String, String> = BTreeMap::new();
                for key in properties.keys().filter_map(key_text) {
                    let field = key.to_snake_case();
                    if let Some(other) = fields.get(&field) {
                        self.push(
                            format!("{at}/properties/{}", escape_token(&key)),
                            format!("properties `{other}` and `{key}` both become the Rust field `{field}`"),
                            "rename one of them",
                        );
                    } else {
                        fields.insert(field, key);
                    }
                }
            }
            if let Some(Value::Sequence(values)) = map.get("enum") {
                let mut variants: BTreeMap<String, String> = BTreeMap::new();
                for value in values.iter().filter_map(|v| v.as_str()) {
                    let variant = value.to_upper_camel_case();
                    if let Some(other) = variants.get(&variant) {
                        self.push(
                            format!("{at}/enum"),
                            format!("enum values `{other}` and `{value}` both become the Rust variant `{variant}`"),
                            "make the values differ by more than case and punctuation",
                        );
                    } else {
                        variants.insert(variant, value.to_string());
                    }
                }
            }
        }
    }
}

/// Every schema object in the document (components and inline), with its pointer.
fn schema_nodes<'v>(node: &'v Value, tokens: &mut Vec<String>, is_schema: bool, out: &mut Vec<(Vec<String>, &'v Value)>) {
    match node {
        Value::Mapping(map) => {
            if is_schema {
                out.push((tokens.clone(), node));
            }
            for (key, value) in map {
                let Some(key) = key_text(key) else { continue };
                let child_is_schema = match key.as_str() {
                    _ if !is_schema && tokens.last().is_some_and(|t| t == "schemas") && tokens.len() == 2 => true,
                    "schema" if !is_schema => true,
                    "items" | "not" | "additionalProperties" if is_schema => true,
                    "properties" | "allOf" | "oneOf" | "anyOf" if is_schema => {
                        tokens.push(key.clone());
                        match value {
                            Value::Mapping(children) => {
                                for (name, child) in children {
                                    if let Some(name) = key_text(name) {
                                        tokens.push(name);
                                        schema_nodes(child, tokens, true, out);
                                        tokens.pop();
                                    }
                                }
                            }
                            Value::Sequence(children) => {
                                for (i, child) in children.iter().enumerate() {
                                    tokens.push(i.to_string());
                                    schema_nodes(child, tokens, true, out);
                                    tokens.pop();
                                }
                            }
                            _ => {}
                        }
                        tokens.pop();
                        continue;
                    }
                    "example" | "examples" | "default" | "enum" => continue,
                    _ if is_schema => continue,
                    _ => false,
                };
                tokens.push(key);
                schema_nodes(value, tokens, child_is_schema, out);
                tokens.pop();
            }
        }
        Value::Sequence(items) if !is_schema => {
            for (i, item) in items.iter().enumerate() {
                tokens.push(i.to_string());
                schema_nodes(item, tokens, false, out);
                tokens.pop();
            }
        }
        _ => {}
    }
}

/// The variables of a path template, or `None` when its braces do not balance.
fn template_variables(path: &str) -> Option<Vec<String>> {
    let mut variables = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return None;
        }
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return None;
        }
        variables.push(name.to_string());
        rest = &after[close + 1..];
    }
    Some(variables)
}
