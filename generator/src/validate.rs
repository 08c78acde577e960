//! Stage 2: reject specs the pipeline cannot turn into a correct client, before progenitor
//! sees them, with every problem located in the file. All problems are reported at once.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use openapiv3::{Operation, Parameter, ReferenceOr};
use serde_yaml::Value;

use crate::diagnostic::{escape_token, unescape_token};
use crate::document::{resolve_parameter, template_variables};
use crate::load::Loaded;
use crate::model::{Model, OperationModel};
use crate::{Diagnostic, Error};

pub use crate::model::CLIENT_METHODS;

/// Checks the loaded spec and its model, and returns all problems found at once; on
/// success, the warnings: what has one safe reading, and how the model read it.
///
/// It refuses a document only for a defect of the document, or for a shape the pipeline
/// cannot generate; everything else is adapted (see [`crate::adapt`]).
pub fn validate(loaded: &Loaded, model: &Model) -> Result<Vec<Diagnostic>, Error> {
    let mut check = Check {
        loaded,
        model,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    check.references();
    check.cycles();
    check.operations();
    check.schemas();
    if check.problems.is_empty() {
        let mut warnings: Vec<Diagnostic> = model
            .readings
            .iter()
            .map(|r| {
                loaded
                    .diagnostic(r.pointer.as_str(), r.message.as_str(), r.fix.as_str())
                    .warning()
            })
            .collect();
        warnings.append(&mut check.warnings);
        Ok(warnings)
    } else {
        Err(Error::Spec(check.problems))
    }
}

struct Check<'a> {
    loaded: &'a Loaded,
    model: &'a Model,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
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
    tokens
        .iter()
        .map(|t| format!("/{}", escape_token(t)))
        .collect()
}

/// Follows a JSON pointer from the document root.
fn resolve_pointer<'v>(root: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(root, |node, token| match node {
        Value::Mapping(map) => match map.get(token.as_str()) {
            Some(value) => Some(value),
            None => map
                .iter()
                .find(|(k, _)| !k.is_string() && key_text(k).as_deref() == Some(token))
                .map(|(_, v)| v),
        },
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
        ["paths", _, "parameters", _]
        | ["paths", _, _, "parameters", _]
        | ["components", "parameters", _] => Some("parameters"),
        ["paths", _, _, "requestBody"] | ["components", "requestBodies", _] => {
            Some("requestBodies")
        }
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
                if !in_properties
                    && (matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                        || key.starts_with("x-"))
                {
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
            (Some("allOf" | "oneOf" | "anyOf"), Value::Sequence(items)) => {
                items.iter().for_each(|item| alias_refs(item, out))
            }
            (Some("not"), item) => alias_refs(item, out),
            _ => {}
        }
    }
}

impl Check<'_> {
    fn push(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let diagnostic = self.loaded.diagnostic(pointer, message, fix);
        if !self.problems.contains(&diagnostic) {
            self.problems.push(diagnostic);
        }
    }

    /// A defect with one safe reading, which the model makes.
    fn warn(&mut self, pointer: impl Into<String>, message: String, fix: impl Into<String>) {
        let diagnostic = self.loaded.diagnostic(pointer, message, fix).warning();
        if !self.warnings.contains(&diagnostic) {
            self.warnings.push(diagnostic);
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
            // Made only for a problem: most references have none.
            let pointer = || format!("{}/$ref", pointer_of(&container));
            let section = expected_section(&container);
            if section == Some("pathItems") {
                self.push(
                    pointer(),
                    format!("path item `$ref` `{target}` is not supported by progenitor"),
                    "write the path item inline",
                );
                continue;
            }
            let Some(fragment) = target.strip_prefix('#') else {
                self.push(
                    pointer(),
                    format!("remote `$ref` `{target}` is not followed: generation is offline"),
                    "save that file beside the document and `$ref` it by its relative path \
                     (`schemas.yaml#/...`), or copy the definition into `components`",
                );
                continue;
            };
            let tokens: Vec<String> = fragment.split('/').skip(1).map(unescape_token).collect();
            if !fragment.starts_with('/') || resolve_pointer(&self.loaded.value, &tokens).is_none()
            {
                let wanted = section.unwrap_or("schemas");
                let names = self.section_names(wanted);
                let fix = if names.is_empty() {
                    format!("define the target under `components/{wanted}`")
                } else {
                    format!(
                        "point it at an entry of `components/{wanted}`: {}",
                        names.join(", ")
                    )
                };
                self.push(pointer(), format!("`$ref` `{target}` points nowhere"), fix);
                continue;
            }
            let Some(section) = section else { continue };
            let in_section = tokens.len() >= 2 && tokens[0] == "components" && tokens[1] == section;
            if !in_section {
                self.push(
                    pointer(),
                    format!("`$ref` `{target}` must point into `#/components/{section}` here"),
                    format!("reference an entry of `components/{section}`"),
                );
            } else if tokens.len() != 3 {
                self.push(
                    pointer(),
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
        if let Some(Value::Mapping(components)) =
            resolve_pointer(&self.loaded.value, &["components".into()])
        {
            for (section, entries) in components {
                let (Some(section), Value::Mapping(entries)) = (key_text(section), entries) else {
                    continue;
                };
                for (name, node) in entries {
                    let Some(name) = key_text(name) else { continue };
                    let from = format!(
                        "#/components/{}/{}",
                        escape_token(&section),
                        escape_token(&name)
                    );
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
                            let names: Vec<&str> = path
                                .iter()
                                .chain([start])
                                .map(|p| p.rsplit('/').next().unwrap_or(p))
                                .collect();
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
        let model = self.model;
        let mut places = model.operations.iter();
        for (path, item) in &spec.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let path_pointer = format!("/paths/{}", escape_token(path));
            let template = template_variables(path);
            for (_, operation) in item.iter() {
                let Some(op) = places.next() else { return };
                let Some(template) = &template else {
                    self.push(
                        &path_pointer,
                        format!("path template `{path}` has unbalanced braces"),
                        "write each variable as `{name}`",
                    );
                    continue;
                };
                self.media_types(op);
                self.parameters(
                    path,
                    template,
                    &item.parameters,
                    operation,
                    &op.pointer,
                    &op.label(),
                );
            }
        }
    }

    /// The media types the client sends as `Accept` and `Content-Type`: the generated code
    /// puts them in headers as they are written, so each must be a valid header value.
    fn media_types(&mut self, op: &OperationModel) {
        let valid = |media: &str| {
            media
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        };
        if let Some(request) = &op.request
            && !valid(&request.media_type)
        {
            let message = format!(
                "request media type {:?} of `{}` cannot be sent as a `Content-Type` header",
                request.media_type, op.operation_id
            );
            self.push(
                &request.pointer,
                message,
                "write the media type in visible ASCII, such as `application/json`",
            );
        }
        if let Some(accept) = op.accept.as_deref().filter(|accept| !valid(accept)) {
            let message = format!(
                "response media types {accept:?} of `{}` cannot be sent as an `Accept` header",
                op.operation_id
            );
            self.push(
                format!("{}/responses", op.pointer),
                message,
                "write each media type in visible ASCII, such as `application/json`",
            );
        }
    }

    fn parameters(
        &mut self,
        path: &str,
        template: &[String],
        shared: &[ReferenceOr<Parameter>],
        operation: &Operation,
        pointer: &str,
        label: &str,
    ) {
        let spec = &self.loaded.spec;
        let path_pointer = format!("/paths/{}", escape_token(path));
        let mut declared: Vec<(String, String)> = Vec::new();
        let lists = [
            (format!("{path_pointer}/parameters"), shared),
            (
                format!("{pointer}/parameters"),
                operation.parameters.as_slice(),
            ),
        ];
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
                effective.insert(
                    (parameter.parameter_data_ref().name.clone(), location),
                    (at, parameter),
                );
            }
        }
        for ((name, location), (at, parameter)) in &effective {
            let data = parameter.parameter_data_ref();
            if let openapiv3::ParameterSchemaOrContent::Content(content) = &data.format {
                let media: Vec<&String> = content.keys().collect();
                match media.as_slice() {
                    [media] if crate::document::is_json_media_type(media) => {}
                    [media] => self.push(
                        format!("{at}/content/{}", escape_token(media)),
                        format!("parameter `{name}` of `{label}` uses `content` with `{media}`; the generator sends a `content` parameter only as JSON (`application/json`)"),
                        "describe it with `schema` instead, or give it `application/json` content",
                    ),
                    _ => self.push(
                        format!("{at}/content"),
                        format!("parameter `{name}` of `{label}` has {} media types in `content`; OpenAPI allows exactly one", media.len()),
                        "keep the one media type the value is sent as (`application/json`)",
                    ),
                }
            }
            if *location == "path" {
                if !data.required {
                    self.warn(
                        format!("{at}/required"),
                        format!("path parameter `{name}` of `{label}` is not required; read as required, as path parameters always are"),
                        "set `required: true`",
                    );
                }
                declared.push((name.clone(), at.clone()));
            }
        }
        for variable in template.iter().filter(|_| !unresolved) {
            if !declared.iter().any(|(name, _)| name == variable) {
                self.warn(
                    &path_pointer,
                    format!("path template variable `{{{variable}}}` of `{label}` is not declared as a parameter; read as a required string"),
                    format!("add `{{name: {variable}, in: path, required: true, schema: {{type: string}}}}` to the path's or the operation's `parameters`"),
                );
            }
        }
        for (name, at) in declared {
            if !template.contains(&name) {
                self.warn(
                    format!("{at}/name"),
                    format!("path parameter `{name}` of `{label}` does not appear in the path template `{path}`; it is left out of the request"),
                    format!("add `{{{name}}}` to the path, or remove the parameter"),
                );
            }
        }
    }

    fn schemas(&mut self) {
        let mut found = Vec::new();
        schema_nodes(&self.loaded.value, &mut Vec::new(), false, &mut found);
        for (tokens, node) in found {
            let Value::Mapping(map) = node else { continue };
            // Made only for a problem: most schemas have none.
            let at = || pointer_of(&tokens);
            if let Some(Value::Mapping(properties)) = map.get("properties") {
                let mut fields: BTreeMap<String, String> = BTreeMap::new();
                for key in properties.keys().filter_map(key_text) {
                    let field = key.to_snake_case();
                    if let Some(other) = fields.get(&field) {
                        self.push(
                            format!("{}/properties/{}", at(), escape_token(&key)),
                            format!("properties `{other}` and `{key}` both become the Rust field `{field}`"),
                            "rename one of them",
                        );
                    } else {
                        fields.insert(field, key);
                    }
                }
            }
        }
    }
}

/// Every schema object in the document (components and inline), with its pointer.
fn schema_nodes<'v>(
    node: &'v Value,
    tokens: &mut Vec<String>,
    is_schema: bool,
    out: &mut Vec<(Vec<String>, &'v Value)>,
) {
    match node {
        Value::Mapping(map) => {
            if is_schema {
                out.push((tokens.clone(), node));
            }
            for (key, value) in map {
                let Some(key) = key_text(key) else { continue };
                let child_is_schema = match key.as_str() {
                    _ if !is_schema
                        && tokens.last().is_some_and(|t| t == "schemas")
                        && tokens.len() == 2 =>
                    {
                        true
                    }
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
