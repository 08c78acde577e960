//! Reading an OpenAPI document: its operations in order, and its references followed.
//! Every later stage walks the document through these, so they agree on what it says.

use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterData, ReferenceOr, RequestBody, Response, Schema,
    StatusCode,
};

/// The eight methods a path item can hold, in the order progenitor visits them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a document, with where it sits.
#[derive(Debug, Clone, Copy)]
pub struct OperationRef<'a> {
    /// The path template.
    pub path: &'a str,
    /// Lower-case method as it appears in the document.
    pub method: &'a str,
    /// The operation.
    pub operation: &'a Operation,
    /// Parameters declared on the path item, shared by its operations.
    pub path_parameters: &'a [ReferenceOr<Parameter>],
}

/// Every operation of inline path items, in document order.
pub fn operations(spec: &OpenAPI) -> impl Iterator<Item = OperationRef<'_>> {
    spec.paths
        .paths
        .iter()
        .filter_map(|(path, item)| item.as_item().map(|item| (path, item)))
        .flat_map(|(path, item)| {
            item.iter().map(move |(method, operation)| OperationRef {
                path,
                method,
                operation,
                path_parameters: &item.parameters,
            })
        })
}

/// The mutable operations of one path item, with their lower-case methods.
pub fn operations_mut(item: &mut openapiv3::PathItem) -> Vec<(&'static str, &mut Operation)> {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
        ("options", item.options.as_mut()),
        ("head", item.head.as_mut()),
        ("patch", item.patch.as_mut()),
        ("trace", item.trace.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.map(|op| (method, op)))
    .collect()
}

/// `application/json`, `application/json; charset=...`, or any `+json` structured suffix.
pub fn is_json_media_type(media: &str) -> bool {
    let essence = media_essence(media);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A media type without its parameters, lower-cased.
pub fn media_essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// True for 1xx, 2xx and 3xx codes and ranges; `default`, 4xx and 5xx are errors.
pub fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => *code < 400,
        StatusCode::Range(range) => *range < 4,
    }
}

/// True for what progenitor treats as a success: 101 and 2xx.
pub fn is_progenitor_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => *code == 101 || (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    }
}

/// How many `$ref` hops are followed before giving up (cycles are reported by the check
/// pass; this only keeps the walk finite).
const MAX_HOPS: usize = 16;

fn follow<'a, T>(
    mut item: &'a ReferenceOr<T>,
    section: &str,
    lookup: impl Fn(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
    spec: &'a OpenAPI,
) -> Option<&'a T> {
    let prefix = format!("#/components/{section}/");
    for _ in 0..MAX_HOPS {
        match item {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix(&prefix)?;
                item = lookup(spec.components.as_ref()?, name)?;
            }
        }
    }
    None
}

/// Follows `#/components/responses/...` references.
pub fn resolve_response<'a>(
    spec: &'a OpenAPI,
    response: &'a ReferenceOr<Response>,
) -> Option<&'a Response> {
    follow(response, "responses", |c, name| c.responses.get(name), spec)
}

/// Follows `#/components/parameters/...` references.
pub fn resolve_parameter<'a>(
    spec: &'a OpenAPI,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    follow(
        parameter,
        "parameters",
        |c, name| c.parameters.get(name),
        spec,
    )
}

/// Follows `#/components/parameters/...` references to the parameter's common data.
pub fn resolve_parameter_data<'a>(
    spec: &'a OpenAPI,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<&'a ParameterData> {
    resolve_parameter(spec, parameter).map(Parameter::parameter_data_ref)
}

/// Follows `#/components/requestBodies/...` references.
pub fn resolve_request_body<'a>(
    spec: &'a OpenAPI,
    body: &'a ReferenceOr<RequestBody>,
) -> Option<&'a RequestBody> {
    follow(
        body,
        "requestBodies",
        |c, name| c.request_bodies.get(name),
        spec,
    )
}

/// Follows `#/components/schemas/...` references.
pub fn resolve_schema<'a>(
    spec: &'a OpenAPI,
    schema: &'a ReferenceOr<Schema>,
) -> Option<&'a Schema> {
    follow(schema, "schemas", |c, name| c.schemas.get(name), spec)
}

/// Follows `#/components/headers/...` references.
pub fn resolve_header<'a>(
    spec: &'a OpenAPI,
    header: &'a ReferenceOr<openapiv3::Header>,
) -> Option<&'a openapiv3::Header> {
    follow(header, "headers", |c, name| c.headers.get(name), spec)
}

/// The parameters an operation takes: its own, plus the path item's that it does not
/// override (same name and location), path item's first.
pub fn effective_parameters<'a>(spec: &'a OpenAPI, op: &OperationRef<'a>) -> Vec<&'a Parameter> {
    let own: Vec<&Parameter> = op
        .operation
        .parameters
        .iter()
        .filter_map(|p| resolve_parameter(spec, p))
        .collect();
    let mut all: Vec<&Parameter> = op
        .path_parameters
        .iter()
        .filter_map(|p| resolve_parameter(spec, p))
        .filter(|shared| !own.iter().any(|o| same_parameter(o, shared)))
        .collect();
    all.extend(own);
    all
}

/// Where a parameter goes: `path`, `query`, `header` or `cookie`.
pub fn location(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

fn same_parameter(a: &Parameter, b: &Parameter) -> bool {
    location(a) == location(b) && a.parameter_data_ref().name == b.parameter_data_ref().name
}

/// The variables of a path template, or `None` when its braces do not balance.
pub fn template_variables(path: &str) -> Option<Vec<String>> {
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
