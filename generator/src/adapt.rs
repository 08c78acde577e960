//! Stage 3: adapt the spec to what progenitor-impl can take, and record the wire details
//! that the adaptation hides from it.
//!
//! progenitor 0.15 only types bodies whose media type is exactly `application/json`, so
//! every `+json` media type is renamed to it; the real media types are kept in
//! [`OperationWire`] and the client puts them back on each request. Error responses are
//! removed: the runtime decodes every non-2xx answer itself into the one shared error
//! schema, keeping the raw bytes, so progenitor's per-operation error typing is not needed.

use openapiv3::{OpenAPI, Operation, ReferenceOr, Response};

use crate::validate::is_success;

/// What the client must send and expect for one operation, taken from the unadapted spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationWire {
    /// The spec's operationId.
    pub operation_id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// The `Accept` header: every media type the operation can answer with, joined by `, `.
    pub accept: Option<String>,
    /// The request body's media type.
    pub content_type: Option<String>,
    /// True when a success response declares a `Location` header.
    pub location: bool,
    /// Each parameter's name and description, for the builders' rustdoc.
    pub parameters: Vec<(String, Option<String>)>,
    /// The request body's description.
    pub body_description: Option<String>,
}

/// The adapted spec and the wire details of each operation, in document order.
#[derive(Debug, Clone)]
pub struct Adapted {
    /// The spec as progenitor will see it.
    pub spec: OpenAPI,
    /// One entry per operation.
    pub operations: Vec<OperationWire>,
    /// The name of the shared error schema in `components/schemas`, if any error is declared.
    pub error_schema: Option<String>,
}

/// One operation of a spec, with where it sits.
pub struct OperationRef<'a> {
    /// The path template.
    pub path: &'a str,
    /// Lower-case method as it appears in the document.
    pub method: &'a str,
    /// The operation.
    pub operation: &'a Operation,
    /// Parameters declared on the path item, shared by its operations.
    pub path_parameters: &'a [ReferenceOr<openapiv3::Parameter>],
}

/// Every operation of inline path items, in document order.
pub fn operations(spec: &OpenAPI) -> impl Iterator<Item = OperationRef<'_>> {
    spec.paths.paths.iter().filter_map(|(path, item)| item.as_item().map(|item| (path, item))).flat_map(|(path, item)| {
        item.iter().map(move |(method, operation)| OperationRef {
            path,
            method,
            operation,
            path_parameters: &item.parameters,
        })
    })
}

/// `application/json`, `application/json; charset=...`, or any `+json` structured suffix.
pub fn is_json_media_type(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Follows a `#/components/responses/...` reference.
pub fn resolve_response<'a>(spec: &'a OpenAPI, response: &'a ReferenceOr<Response>) -> Option<&'a Response> {
    match response {
        ReferenceOr::Item(response) => Some(response),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            spec.components.as_ref()?.responses.get(name)?.as_item()
        }
    }
}

/// Follows a `#/components/parameters/...` reference.
pub fn resolve_parameter<'a>(spec: &'a OpenAPI, parameter: &'a ReferenceOr<openapiv3::Parameter>) -> Option<&'a openapiv3::ParameterData> {
    let parameter = match parameter {
        ReferenceOr::Item(parameter) => parameter,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            spec.components.as_ref()?.parameters.get(name)?.as_item()?
        }
    };
    Some(parameter.parameter_data_ref())
}

/// Produces the spec progenitor sees and the wire facts it loses.
pub fn adapt(spec: &OpenAPI) -> Adapted {
    let mut wires = Vec::new();
    let mut error_schema = None;
    for op in operations(spec) {
        let mut accept: Vec<&str> = Vec::new();
        let mut location = false;
        for (status, response) in &op.operation.responses.responses {
            let Some(response) = resolve_response(spec, response) else { continue };
            for (media, content) in &response.content {
                if !accept.contains(&media.as_str()) {
                    accept.push(media);
                }
                if !is_success(status)
                    && error_schema.is_none()
                    && let Some(ReferenceOr::Reference { reference }) = &content.schema
                {
                    error_schema = reference.strip_prefix("#/components/schemas/").map(str::to_string);
                }
            }
            if is_success(status) && response.headers.keys().any(|name| name.eq_ignore_ascii_case("location")) {
                location = true;
            }
        }
        let (content_type, body_description) = match &op.operation.request_body {
            Some(ReferenceOr::Item(body)) => (body.content.keys().next().cloned(), body.description.clone()),
            _ => (None, None),
        };
        let parameters = op
            .path_parameters
            .iter()
            .chain(&op.operation.parameters)
            .filter_map(|parameter| resolve_parameter(spec, parameter))
            .map(|data| (data.name.clone(), data.description.clone()))
            .collect();
        wires.push(OperationWire {
            operation_id: op.operation.operation_id.clone().unwrap_or_default(),
            method: op.method.to_ascii_uppercase(),
            path: op.path.to_string(),
            accept: (!accept.is_empty()).then(|| accept.join(", ")),
            content_type,
            location,
            parameters,
            body_description,
        });
    }

    let mut adapted = spec.clone();
    // Responses referenced from operations are inlined so that error ones can be dropped
    // per operation and success ones renamed without touching shared components.
    let components = spec.clone();
    for (_, item) in adapted.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        for (_, operation) in item.iter_mut() {
            if let Some(ReferenceOr::Item(body)) = &mut operation.request_body {
                body.content = body.content.drain(..).map(|(media, content)| (json_alias(media), content)).collect();
            }
            let responses = std::mem::take(&mut operation.responses.responses);
            operation.responses.responses = responses
                .into_iter()
                .filter(|(status, _)| is_success(status))
                .filter_map(|(status, response)| {
                    let mut response = resolve_response(&components, &response)?.clone();
                    response.content = response.content.drain(..).map(|(media, content)| (json_alias(media), content)).collect();
                    Some((status, ReferenceOr::Item(response)))
                })
                .collect();
            operation.responses.default = None;
        }
    }
    Adapted {
        spec: adapted,
        operations: wires,
        error_schema,
    }
}

fn json_alias(media: String) -> String {
    if is_json_media_type(&media) { "application/json".to_string() } else { media }
}

trait ItemsMut {
    fn iter_mut(&mut self) -> Vec<(&'static str, &mut Operation)>;
}

impl ItemsMut for openapiv3::PathItem {
    fn iter_mut(&mut self) -> Vec<(&'static str, &mut Operation)> {
        [
            ("get", self.get.as_mut()),
            ("put", self.put.as_mut()),
            ("post", self.post.as_mut()),
            ("delete", self.delete.as_mut()),
            ("options", self.options.as_mut()),
            ("head", self.head.as_mut()),
            ("patch", self.patch.as_mut()),
            ("trace", self.trace.as_mut()),
        ]
        .into_iter()
        .filter_map(|(method, op)| op.map(|op| (method, op)))
        .collect()
    }
}
