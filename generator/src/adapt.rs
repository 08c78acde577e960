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
//!   apart ([`distinct_inline_names`]); a component `anyOf: [null, X]` is `X` with
//!   `nullable: true`, and a nullable component union moves to a component `<Name>Inner`
//!   (typify would name the `X` or the union like the component);
//! - an `anyOf` of scalars is a `oneOf` ([`scalar_any_of`]).

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
    if !model.schema_keys.is_empty() {
        // typify names a component after its key: a renamed one gets its new key, in its
        // place, and every `$ref` to it follows.
        let schemas = std::mem::take(&mut components.schemas);
        components.schemas = schemas
            .into_iter()
            .map(|(key, mut schema)| {
                rename_refs(&mut schema, model);
                (model.schema_key(&key).to_string(), schema)
            })
            .collect();
    }
    document
}

/// `schema` with each `$ref` to a renamed component pointing at its new key
/// ([`Model::schema_keys`]).
pub fn rename_refs<T>(schema: &mut T, model: &Model)
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    fn walk(node: &mut serde_json::Value, model: &Model, changed: &mut bool) {
        match node {
            serde_json::Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    if let ("$ref", serde_json::Value::String(target)) = (key.as_str(), &*value)
                        && let Some(name) = target.strip_prefix("#/components/schemas/")
                        && let Some(renamed) = model
                            .schema_keys
                            .get(&crate::diagnostic::unescape_token(name))
                    {
                        *value =
                            serde_json::Value::String(format!("#/components/schemas/{renamed}"));
                        *changed = true;
                    } else {
                        walk(value, model, changed);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|item| walk(item, model, changed))
            }
            _ => {}
        }
    }
    if model.schema_keys.is_empty() {
        return;
    }
    let Ok(mut json) = serde_json::to_value(&*schema) else {
        return;
    };
    let mut changed = false;
    walk(&mut json, model, &mut changed);
    if changed && let Ok(renamed) = serde_json::from_value(json) {
        *schema = renamed;
    }
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
        scalar_any_of(&mut components.schemas);
    }
    adapted
}

/// typify names a component after its key and an inline property's type after its parent
/// and the property (`Transfer` + `amount` = `TransferAmount`), without checking one
/// against the other; a `title` overrides both. Where two meet, the inline schema gets a
/// `title` (which typify prefers) with an `Inline` suffix, numbered if that is taken too.
/// Descends into inline properties, whose names build on their parent's.
///
/// A nullable component is typify's newtype around an `Option` of an inner type, which
/// typify names `<Name>Inner` unless the component has a `title`: a title naming a
/// component (its own, as Apideck's `Currency` does) would define that name twice, so the
/// inner type gets `<Name>Inner` as its title.
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
            let titled = child
                .schema_data
                .title
                .as_deref()
                .map(crate::model::type_name);
            let name = match titled {
                Some(title) if !components.contains(&title) => title,
                None if !components.contains(&suggested) => suggested,
                // A title naming a component (Apideck's `number` of `PhoneNumber`, titled
                // `Phone number`) gives way to the name typify would have given.
                Some(_) if !components.contains(&suggested) => {
                    let name = fresh(&suggested, taken);
                    child.schema_data.title = Some(name.clone());
                    name
                }
                _ => {
                    let name = fresh(&format!("{suggested}Inline"), taken);
                    child.schema_data.title = Some(name.clone());
                    name
                }
            };
            walk(&name, child, taken, components);
        }
    }
    let components = taken.clone();
    let mut inner = Vec::new();
    for (key, schema) in schemas.iter_mut() {
        if let ReferenceOr::Item(schema) = schema {
            let name = crate::model::type_name(key);
            nullable_not_union(schema);
            if let Some(union) = nullable_union_body(schema, &name, &mut taken) {
                inner.push(union);
                continue;
            }
            let titled = schema
                .schema_data
                .title
                .as_deref()
                .map(crate::model::type_name);
            if schema.schema_data.nullable && titled.is_some_and(|t| components.contains(&t)) {
                schema.schema_data.title = Some(fresh(&format!("{name}Inner"), &mut taken));
            }
            walk(&name, schema, &mut taken, &components);
        }
    }
    for (key, schema) in inner {
        schemas.insert(key, ReferenceOr::Item(schema));
    }
}

/// A nullable component that is a union (`nullable: true` beside `oneOf`, `anyOf` or an
/// `allOf` of several) -> `nullable: true` beside `allOf: [$ref: <Name>Inner]`, and returns
/// the union as the new component `<Name>Inner`. typify types the union inside the
/// `Option` under the component's own name (two types of one name, rustc E0428).
fn nullable_union_body(
    schema: &mut Schema,
    name: &str,
    taken: &mut std::collections::BTreeSet<String>,
) -> Option<(String, Schema)> {
    let union = match &schema.schema_kind {
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        _ => false,
    };
    if !schema.schema_data.nullable || !union {
        return None;
    }
    let key = fresh(&format!("{name}Inner"), taken);
    let reference = ReferenceOr::ref_(&format!("#/components/schemas/{key}"));
    let kind = std::mem::replace(
        &mut schema.schema_kind,
        SchemaKind::AllOf {
            all_of: vec![reference],
        },
    );
    let body = Schema {
        schema_data: openapiv3::SchemaData {
            discriminator: schema.schema_data.discriminator.take(),
            ..Default::default()
        },
        schema_kind: kind,
    };
    Some((key, body))
}

/// A component `anyOf: [null, X]` (3.1's nullable) -> `X` with `nullable: true`, the same
/// values. typify names the `X` of the union after the component itself (two types of one
/// name, rustc E0428), and that of `nullable` `<Name>Inner`.
fn nullable_not_union(schema: &mut Schema) {
    let branches = match &mut schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        _ => return,
    };
    let [first, second] = branches.as_mut_slice() else {
        return;
    };
    let other = match (&*first, &*second) {
        (ReferenceOr::Item(null), ReferenceOr::Item(_)) if is_null(null) => second,
        (ReferenceOr::Item(_), ReferenceOr::Item(null)) if is_null(null) => first,
        _ => return,
    };
    let ReferenceOr::Item(other) = std::mem::replace(other, ReferenceOr::ref_("")) else {
        return;
    };
    let data = std::mem::take(&mut schema.schema_data);
    *schema = other;
    let own = &mut schema.schema_data;
    own.nullable = true;
    own.title = data.title.or(own.title.take());
    own.description = data.description.or(own.description.take());
}

/// Whether `schema` accepts only `null` (`enum: [null]`, as normalisation writes 3.1's
/// `type: 'null'`).
fn is_null(schema: &Schema) -> bool {
    serde_json::to_value(schema).is_ok_and(|value| {
        value.get("enum") == Some(&serde_json::json!([null]))
            || value.get("type") == Some(&serde_json::json!("null"))
    })
}

/// `base`, or `base2`, `base3`, .. : the first not in `taken`, which it joins.
fn fresh(base: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let name = (1..)
        .map(|n| match n {
            1 => base.to_string(),
            n => format!("{base}{n}"),
        })
        .find(|name| !taken.contains(name))
        .unwrap_or_else(|| base.to_string());
    taken.insert(name.clone());
    name
}

/// typify types an `anyOf` it cannot prove exclusive as a struct of flattened `Option`s,
/// which serde can neither read nor write when the branches are scalars (a `uuid` or
/// `latest`, Modern Treasury's report id). For scalars `anyOf` and `oneOf` accept the
/// same values, and typify's untagged enum for a `oneOf` tries each branch in order, so
/// such an `anyOf` becomes a `oneOf`.
pub fn scalar_any_of(schemas: &mut IndexMap<String, ReferenceOr<Schema>>) {
    let json: HashMap<String, serde_json::Value> = schemas
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), serde_json::to_value(v).ok()?)))
        .collect();
    let scalar = |branch: &serde_json::Value| {
        let branch = match branch.get("$ref").and_then(|r| r.as_str()) {
            Some(target) => target
                .strip_prefix("#/components/schemas/")
                .and_then(|name| json.get(name))
                .unwrap_or(&serde_json::Value::Null),
            None => branch,
        };
        let kind = branch.get("type").and_then(|t| t.as_str());
        matches!(kind, Some("string" | "integer" | "number" | "boolean"))
    };
    fn walk(node: &mut serde_json::Value, scalar: &dyn Fn(&serde_json::Value) -> bool) -> bool {
        let mut changed = false;
        match node {
            serde_json::Value::Object(map) => {
                let all_scalar = !map.contains_key("oneOf")
                    && map
                        .get("anyOf")
                        .and_then(|a| a.as_array())
                        .is_some_and(|branches| {
                            !branches.is_empty() && branches.iter().all(scalar)
                        });
                if all_scalar && let Some(branches) = map.remove("anyOf") {
                    map.insert("oneOf".into(), branches);
                    changed = true;
                }
                for (name, child) in map.iter_mut() {
                    // Literal data holds no schemas.
                    if !matches!(name.as_str(), "example" | "default" | "enum") {
                        changed |= walk(child, scalar);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    changed |= walk(item, scalar);
                }
            }
            _ => {}
        }
        changed
    }
    for schema in schemas.values_mut() {
        let Ok(mut value) = serde_json::to_value(&*schema) else {
            continue;
        };
        if walk(&mut value, &scalar)
            && let Ok(rewritten) = serde_json::from_value(value)
        {
            *schema = rewritten;
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
