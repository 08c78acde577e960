//! Stage 4: rewrite the document into what progenitor-impl 0.15 can generate, using the
//! facts in [`crate::model`]. The client puts back on the wire what this hides.
//!
//! - operationIds become the Rust names the model chose (derived when missing);
//! - header parameters the runtime owns are removed;
//! - the request body keeps one media type; `+json` becomes `application/json`, text and
//!   multipart, text and binary bodies are removed (the generated builder takes them and the
//!   runtime sends them, so that a retry resends the same bytes);
//! - responses keep only progenitor's successes (101, 2xx) with one media type each; error
//!   responses are removed, because the runtime decodes every error itself, and their
//!   inline schemas move to `components/schemas` so typify generates their types;
//! - an inline property schema whose type typify would name like a component (`amount` of
//!   `Transfer` beside a component `TransferAmount`) gets a `title`, so the two types keep
//!   apart ([`distinct_inline_names`]).

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{MediaType, OpenAPI, ReferenceOr, Response, Schema, SchemaKind, StatusCode};

use crate::document::{
    is_json_media_type, is_progenitor_success, operations_mut, resolve_parameter,
    resolve_request_body, resolve_response,
};
use crate::model::{BodyKind, ErrorSchema, Model, OperationModel, chosen_response_media};

/// The document progenitor generates the types from: the components, the inline error
/// schemas moved beside them, and no operations (the generator emits those itself; see
/// [`crate::emit`]). [`crate::types`] adds the other inline schemas operations use.
pub fn types_document(spec: &OpenAPI, model: &Model) -> OpenAPI {
    let mut document = OpenAPI {
        openapi: spec.openapi.clone(),
        info: spec.info.clone(),
        components: spec.components.clone(),
        ..Default::default()
    };
    let components = document.components.get_or_insert_with(Default::default);
    // Only the schemas: progenitor reads nothing else of a document without operations.
    components.responses.clear();
    components.parameters.clear();
    components.examples.clear();
    components.request_bodies.clear();
    components.headers.clear();
    components.security_schemes.clear();
    components.links.clear();
    components.callbacks.clear();
    for op in &model.operations {
        for error in &op.errors {
            if let ErrorSchema::Inline { name, schema } = &error.schema {
                components
                    .schemas
                    .insert(name.clone(), ReferenceOr::Item((**schema).clone()));
            }
        }
    }
    document
}

/// The whole document as bare progenitor would see it, for the change report
/// ([`crate::report`]), which compares what two documents would generate.
pub fn adapt(spec: &OpenAPI, model: &Model) -> OpenAPI {
    let by_place: HashMap<(&str, String), &OperationModel> = model
        .operations
        .iter()
        .map(|op| ((op.path.as_str(), op.method.to_ascii_lowercase()), op))
        .collect();
    let mut adapted = spec.clone();
    let mut moved: Vec<(String, Schema)> = Vec::new();
    for (path, item) in adapted.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let owned_in_item: Vec<String> = operations_mut(item)
            .into_iter()
            .filter_map(|(method, _)| by_place.get(&(path.as_str(), method.to_string())))
            .flat_map(|op| op.owned_headers.iter().cloned())
            .collect();
        item.parameters
            .retain(|p| !is_owned(spec, p, &owned_in_item));
        for (method, operation) in operations_mut(item) {
            let Some(model) = by_place.get(&(path.as_str(), method.to_string())) else {
                continue;
            };
            operation.operation_id = Some(model.method_name.clone());
            operation
                .parameters
                .retain(|p| !is_owned(spec, p, &model.owned_headers));
            operation.request_body = request_body(spec, operation.request_body.take(), model);
            operation.responses.responses =
                success_responses(spec, std::mem::take(&mut operation.responses.responses));
            operation.responses.default = None;
            operation.callbacks.clear();
            for error in &model.errors {
                if let ErrorSchema::Inline { name, schema } = &error.schema {
                    moved.push((name.clone(), (**schema).clone()));
                }
            }
        }
    }
    if !moved.is_empty() {
        let components = adapted.components.get_or_insert_with(Default::default);
        for (name, schema) in moved {
            components.schemas.insert(name, ReferenceOr::Item(schema));
        }
    }
    if let Some(components) = adapted.components.as_mut() {
        distinct_inline_names(&mut components.schemas);
    }
    adapted
}

/// typify names a component after its key and an inline property's type after its parent
/// and the property (`Transfer` + `amount` = `TransferAmount`), without checking one
/// against the other. Where the two meet, the inline schema gets a `title` (which typify
/// prefers) with an `Inline` suffix, numbered if that is taken too. Descends into inline
/// properties, whose names build on their parent's.
pub fn distinct_inline_names(schemas: &mut IndexMap<String, ReferenceOr<Schema>>) {
    let mut taken: std::collections::BTreeSet<String> =
        schemas.keys().map(|k| crate::model::type_name(k)).collect();
    fn walk(
        parent: &str,
        schema: &mut Schema,
        taken: &mut std::collections::BTreeSet<String>,
        components: &std::collections::BTreeSet<String>,
    ) {
        let SchemaKind::Type(openapiv3::Type::Object(object)) = &mut schema.schema_kind else {
            return;
        };
        for (property, child) in object.properties.iter_mut() {
            let ReferenceOr::Item(child) = child else {
                continue;
            };
            let suggested = crate::model::type_name(&format!("{parent}_{property}"));
            let name = match &child.schema_data.title {
                Some(title) => crate::model::type_name(title),
                None if components.contains(&suggested) => {
                    let base = format!("{suggested}Inline");
                    let name = (1..)
                        .map(|n| {
                            if n == 1 {
                                base.clone()
                            } else {
                                format!("{base}{n}")
                            }
                        })
                        .find(|name| !taken.contains(name))
                        .expect("an unused name");
                    taken.insert(name.clone());
                    child.schema_data.title = Some(name.clone());
                    name
                }
                None => suggested,
            };
            walk(&name, child, taken, components);
        }
    }
    let components = taken.clone();
    for (key, schema) in schemas.iter_mut() {
        if let ReferenceOr::Item(schema) = schema {
            walk(
                &crate::model::type_name(key),
                schema,
                &mut taken,
                &components,
            );
        }
    }
}

fn is_owned(
    spec: &OpenAPI,
    parameter: &ReferenceOr<openapiv3::Parameter>,
    owned: &[String],
) -> bool {
    resolve_parameter(spec, parameter).is_some_and(|p| {
        matches!(p, openapiv3::Parameter::Header { .. })
            && owned.contains(&p.parameter_data_ref().name)
    })
}

fn any_schema() -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    }
}

/// The one media type progenitor will see, with a schema it accepts.
fn request_body(
    spec: &OpenAPI,
    body: Option<ReferenceOr<openapiv3::RequestBody>>,
    model: &OperationModel,
) -> Option<ReferenceOr<openapiv3::RequestBody>> {
    let request = model.request.as_ref()?;
    let mut body = resolve_request_body(spec, body.as_ref()?)?.clone();
    let mut media = body
        .content
        .shift_remove(&request.media_type)
        .unwrap_or_default();
    media.encoding.clear();
    let (name, schema) = match request.kind {
        BodyKind::Json => (
            "application/json",
            media
                .schema
                .take()
                .unwrap_or(ReferenceOr::Item(any_schema())),
        ),
        BodyKind::Form => (
            "application/x-www-form-urlencoded",
            media
                .schema
                .take()
                .unwrap_or(ReferenceOr::Item(any_schema())),
        ),
        // progenitor would hold these as a stream that a retry cannot resend: the builder
        // takes them itself (see extras).
        BodyKind::Text | BodyKind::Bytes | BodyKind::Multipart => return None,
    };
    media.schema = Some(schema);
    body.content = IndexMap::from([(name.to_string(), media)]);
    Some(ReferenceOr::Item(body))
}

/// What progenitor makes of a success response's body.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Empty,
    Json(Option<Box<ReferenceOr<Schema>>>),
    Raw,
}

/// Keeps progenitor's success statuses, each with one media type. progenitor types all of
/// an operation's successes as one type, so differing bodies become untyped JSON (when all
/// are JSON) or bytes.
fn success_responses(
    spec: &OpenAPI,
    responses: IndexMap<StatusCode, ReferenceOr<Response>>,
) -> IndexMap<StatusCode, ReferenceOr<Response>> {
    let mut kept: Vec<(StatusCode, Response, Shape)> = Vec::new();
    for (status, response) in responses {
        if !is_progenitor_success(&status) {
            continue;
        }
        let Some(mut response) = resolve_response(spec, &response).cloned() else {
            continue;
        };
        let shape = match chosen_response_media(&response) {
            None => Shape::Empty,
            Some((media, content)) if is_json_media_type(media) => {
                Shape::Json(content.schema.clone().map(Box::new))
            }
            Some(_) => Shape::Raw,
        };
        response.content.clear();
        response.links.clear();
        kept.push((status, response, shape));
    }
    let mut shapes: Vec<&Shape> = Vec::new();
    for (_, _, shape) in &kept {
        if !shapes.contains(&shape) {
            shapes.push(shape);
        }
    }
    let unified = match shapes.as_slice() {
        [] | [_] => None,
        many if many.iter().all(|s| matches!(s, Shape::Json(_))) => Some(Shape::Json(None)),
        _ => Some(Shape::Raw),
    };
    kept.into_iter()
        .map(|(status, mut response, shape)| {
            match unified.clone().unwrap_or(shape) {
                Shape::Empty => {}
                Shape::Json(schema) => {
                    let schema = schema
                        .map(|s| *s)
                        .unwrap_or(ReferenceOr::Item(any_schema()));
                    response.content.insert(
                        "application/json".into(),
                        MediaType {
                            schema: Some(schema),
                            ..Default::default()
                        },
                    );
                }
                Shape::Raw => {
                    response
                        .content
                        .insert("application/octet-stream".into(), MediaType::default());
                }
            }
            (status, ReferenceOr::Item(response))
        })
        .collect()
}
