//! Stage 2: reject specs the pipeline cannot turn into a correct client, before progenitor
//! sees them, with every problem located in the file.

use openapiv3::{ReferenceOr, StatusCode};

use crate::adapt::{is_json_media_type, operations, resolve_response};
use crate::diagnostic::escape_token;
use crate::load::Loaded;
use crate::{Diagnostic, Error};

/// Checks the loaded spec and returns all problems found at once.
pub fn validate(loaded: &Loaded) -> Result<(), Error> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    let spec = &loaded.spec;

    if !spec.openapi.starts_with("3.0.") {
        problems.push(loaded.diagnostic(
            "/openapi",
            format!("unsupported OpenAPI version {:?}", spec.openapi),
            "progenitor needs OpenAPI 3.0.x; set `openapi: 3.0.3`",
        ));
    }

    let mut seen_ids = std::collections::BTreeMap::new();
    let mut error_schema: Option<(String, String)> = None;
    for op in operations(spec) {
        let pointer = format!("/paths/{}/{}", escape_token(op.path), op.method);
        let Some(id) = op.operation.operation_id.as_deref() else {
            problems.push(loaded.diagnostic(&pointer, "operation has no operationId", "add a unique `operationId`; the client's method name derives from it"));
            continue;
        };
        if let Some(first) = seen_ids.insert(id.to_string(), pointer.clone()) {
            problems.push(loaded.diagnostic(
                format!("{pointer}/operationId"),
                format!("operationId `{id}` is also used at {first}"),
                "give every operation its own operationId",
            ));
        }

        if let Some(ReferenceOr::Item(body)) = &op.operation.request_body {
            if body.content.len() > 1 {
                problems.push(loaded.diagnostic(
                    format!("{pointer}/requestBody/content"),
                    format!("operation `{id}` declares {} request media types", body.content.len()),
                    "keep exactly one request media type",
                ));
            }
            for media in body.content.keys() {
                if !is_json_media_type(media) {
                    problems.push(loaded.diagnostic(
                        format!("{pointer}/requestBody/content/{}", escape_token(media)),
                        format!("operation `{id}` sends `{media}`, which the pipeline cannot handle"),
                        "use `application/json` or a `+json` media type",
                    ));
                }
            }
        }

        for (status, response) in &op.operation.responses.responses {
            let response_pointer = format!("{pointer}/responses/{status}");
            let Some(response) = resolve_response(spec, response) else {
                problems.push(loaded.diagnostic(&response_pointer, "the response `$ref` points nowhere", "point it at an entry of `components/responses`"));
                continue;
            };
            for media in response.content.keys() {
                if !is_json_media_type(media) {
                    problems.push(loaded.diagnostic(
                        format!("{response_pointer}/content/{}", escape_token(media)),
                        format!("operation `{id}` answers `{media}`, which the pipeline cannot handle"),
                        "use `application/json` or a `+json` media type",
                    ));
                }
            }
            if is_success(status) {
                continue;
            }
            // The runtime decodes every error status into one type, so all operations share it.
            for media in response.content.values() {
                let schema = match &media.schema {
                    Some(ReferenceOr::Reference { reference }) => reference.clone(),
                    _ => {
                        problems.push(loaded.diagnostic(
                            format!("{response_pointer}/content"),
                            format!("operation `{id}` has an error response without a `$ref` schema"),
                            "reference the shared error schema, e.g. `$ref: '#/components/schemas/ErrorResponse'`",
                        ));
                        continue;
                    }
                };
                match &error_schema {
                    None => error_schema = Some((schema, response_pointer.clone())),
                    Some((first, at)) if *first != schema => problems.push(loaded.diagnostic(
                        format!("{response_pointer}/content"),
                        format!("error response uses `{schema}`, but {at} uses `{first}`"),
                        format!("make every error response use `{first}`"),
                    )),
                    Some(_) => {}
                }
            }
        }
    }

    if problems.is_empty() { Ok(()) } else { Err(Error::Spec(problems)) }
}

/// True for 1xx/2xx/3xx codes and ranges; `default` and 4xx/5xx are errors.
pub fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => *code < 400,
        StatusCode::Range(range) => *range < 4,
    }
}
