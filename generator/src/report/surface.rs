//! The generated crate's public API as the report compares it, read off the model and the
//! document progenitor sees ([`crate::adapt`]), never off generated source.
//!
//! Rust types are named as progenitor and typify name them, closely enough that an edit
//! changes a type's name exactly when it changes the generated type: `Vec<T>` for arrays,
//! `PetStatus` for the inline enum of `Pet.status`, and so on.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use crate::document::{is_progenitor_success, operations, resolve_request_body};
use crate::model::{self, BodyKind, ErrorSchema, Model, method_name, type_name};

/// The API of one document's generated client.
#[derive(Debug, Default)]
pub struct Surface {
    /// Operations, in document order.
    pub operations: Vec<Op>,
    /// Every type in `types`, by Rust name.
    pub types: BTreeMap<String, Shape>,
    /// Types reachable from request parameters and bodies.
    pub input: BTreeSet<String>,
    /// Types reachable from success and error bodies.
    pub output: BTreeSet<String>,
}

/// One operation's client method, builder, error enum and created value.
#[derive(Debug, Clone)]
pub struct Op {
    /// The operationId (or the derived one).
    pub operation_id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// `Client::<client_method>`.
    pub client_method: String,
    /// `operations::<builder>`, `operations::<builder>Error`, `created::<builder>`.
    pub builder: String,
    /// Builder setters for parameters.
    pub params: Vec<Param>,
    /// The request body, when there is one.
    pub body: Option<Body>,
    /// The `Accept` header.
    pub accept: Option<String>,
    /// `T` in `send()`'s `ResponseValue<T>`.
    pub success: String,
    /// The variants of `operations::<builder>Error`.
    pub errors: Vec<ErrorVariant>,
    /// Set when `send()` returns a `Created` value.
    pub created: Option<Created>,
}

/// A parameter's builder setter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The setter's name.
    pub setter: String,
    /// The name in the document.
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    pub location: &'static str,
    /// Whether `send()` fails without it.
    pub required: bool,
    /// The type the setter converts to.
    pub ty: String,
}

/// The request body's setter.
#[derive(Debug, Clone)]
pub struct Body {
    /// The media type sent.
    pub media_type: String,
    /// Its encoding.
    pub kind: BodyKind,
    /// Whether the document requires it.
    pub required: bool,
    /// The type `body` takes.
    pub ty: String,
    /// Whether `send()` fails when it is not set: progenitor sends every body but multipart,
    /// starting from the default of an object's builder, so only objects with a required
    /// property, other types and required multipart bodies must be set.
    pub needed: bool,
}

/// One variant of an operation's error enum.
#[derive(Debug, Clone)]
pub struct ErrorVariant {
    /// The status as the document writes it.
    pub status: String,
    /// The variant's name.
    pub variant: String,
    /// The body type it carries, when it has one.
    pub payload: Option<String>,
}

/// A created value: `Created<T, created::<builder>>`.
#[derive(Debug, Clone)]
pub struct Created {
    /// The operation `retrieve()` calls, with what it returns.
    pub retrieve: Option<(String, String)>,
}

/// A type in `types`.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A struct with pub fields.
    Struct(Vec<Field>),
    /// A string enum, by its values.
    Enum(Vec<String>),
    /// A newtype or alias of another type.
    Newtype(String),
    /// A oneOf/anyOf enum, compared as a whole.
    Union(String),
}

impl Shape {
    /// How the report names the kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Shape::Struct(_) => "struct",
            Shape::Enum(_) => "enum",
            Shape::Newtype(_) => "newtype",
            Shape::Union(_) => "union enum",
        }
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The property's name in the document.
    pub json: String,
    /// The field's Rust name.
    pub rust: String,
    /// Its type, without the `Option` of an optional field.
    pub ty: String,
    /// Whether the field is an `Option`.
    pub option: bool,
    /// Whether the document requires the property.
    pub required: bool,
}

/// Reads the API of `spec`'s client from its `model`.
pub fn read(spec: &OpenAPI, model: &Model) -> Surface {
    let adapted = crate::adapt::adapt(spec, model);
    let mut types = Types {
        spec: &adapted,
        shapes: BTreeMap::new(),
    };
    if let Some(components) = &adapted.components {
        for (name, schema) in &components.schemas {
            types.define(&type_name(name), schema);
        }
    }
    let mut ops = Vec::new();
    for (op, place) in model.operations.iter().zip(operations(spec)) {
        let adapted_op = adapted
            .paths
            .paths
            .get(place.path)
            .and_then(ReferenceOr::as_item)
            .and_then(|item| item.iter().find(|(m, _)| *m == place.method))
            .map(|(_, o)| o);
        ops.push(operation(&mut types, op, adapted_op));
    }
    // `retrieve()` returns the target's success type: read once every operation is.
    let successes: Vec<String> = ops.iter().map(|o| o.success.clone()).collect();
    for (index, op) in model.operations.iter().enumerate() {
        let target = op
            .created
            .as_ref()
            .and_then(|c| c.retrieve.as_ref())
            .map(|r| r.operation);
        // A GET that itself creates returns a `Created`: the extras never follow it.
        let target = target.filter(|&t| model.operations[t].created.is_none());
        if let Some(created) = ops[index].created.as_mut() {
            created.retrieve = target.map(|t| {
                (
                    model.operations[t].operation_id.clone(),
                    successes[t].clone(),
                )
            });
        }
    }
    let shapes = types.shapes;
    for body in ops.iter_mut().filter_map(|op| op.body.as_mut()) {
        body.needed = match body.kind {
            BodyKind::Multipart => body.required,
            BodyKind::Json | BodyKind::Form => {
                !matches!(shapes.get(&body.ty), Some(Shape::Struct(fields)) if fields.iter().all(|f| !f.required))
            }
            BodyKind::Text | BodyKind::Bytes => true,
        };
    }
    let input = reachable(
        &shapes,
        ops.iter().flat_map(|o| {
            o.params
                .iter()
                .map(|p| p.ty.clone())
                .chain(o.body.iter().map(|b| b.ty.clone()))
        }),
    );
    let output = reachable(
        &shapes,
        ops.iter().flat_map(|o| {
            std::iter::once(o.success.clone())
                .chain(o.errors.iter().filter_map(|e| e.payload.clone()))
        }),
    );
    Surface {
        operations: ops,
        types: shapes,
        input,
        output,
    }
}

fn operation(
    types: &mut Types<'_>,
    op: &model::OperationModel,
    adapted: Option<&openapiv3::Operation>,
) -> Op {
    let mut params = Vec::new();
    let mut body = None;
    let mut success = "()".to_string();
    if let Some(adapted) = adapted {
        for parameter in adapted
            .parameters
            .iter()
            .filter_map(|p| crate::document::resolve_parameter(types.spec, p))
        {
            let data = parameter.parameter_data_ref();
            let ty = match &data.format {
                openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                    types
                        .ty(
                            schema,
                            &type_name(&format!("{}-{}", op.method_name, data.name)),
                        )
                        .0
                }
                openapiv3::ParameterSchemaOrContent::Content(_) => "serde_json::Value".into(),
            };
            let location = crate::document::location(parameter);
            params.push(Param {
                setter: method_name(&data.name),
                name: data.name.clone(),
                location,
                required: data.required || location == "path",
                ty,
            });
        }
        body = op.request.as_ref().map(|request| {
            let ty = match request.kind {
                BodyKind::Multipart => "Multipart".to_string(),
                BodyKind::Text => "String".to_string(),
                BodyKind::Bytes => "reqwest::Body".to_string(),
                BodyKind::Json | BodyKind::Form => adapted
                    .request_body
                    .as_ref()
                    .and_then(|b| resolve_request_body(types.spec, b))
                    .and_then(|b| b.content.values().next())
                    .and_then(|m| m.schema.clone())
                    .map(|schema| {
                        types
                            .ty(&schema, &type_name(&format!("{}-body", op.method_name)))
                            .0
                    })
                    .unwrap_or_else(|| "serde_json::Value".into()),
            };
            Body {
                media_type: request.media_type.clone(),
                kind: request.kind,
                required: request.required,
                ty,
                needed: true,
            }
        });
        let first_body = adapted
            .responses
            .responses
            .iter()
            .filter(|(status, _)| is_progenitor_success(status))
            .filter_map(|(status, r)| Some((status, r.as_item()?)))
            .find_map(|(_, r)| r.content.iter().next());
        success = match first_body {
            Some((media, content)) if media == "application/json" => match &content.schema {
                Some(schema) => {
                    types
                        .ty(schema, &type_name(&format!("{}-response", op.method_name)))
                        .0
                }
                None => "serde_json::Value".into(),
            },
            Some(_) => "ByteStream".into(),
            None => "()".into(),
        };
    }
    params.extend(path_item_params(types, op, &params));
    let errors = op
        .errors
        .iter()
        .map(|error| ErrorVariant {
            status: error.status.label(),
            variant: error.variant.clone(),
            payload: match &error.schema {
                ErrorSchema::None | ErrorSchema::NotJson => None,
                ErrorSchema::Component(name) | ErrorSchema::Inline { name, .. } => {
                    Some(type_name(name))
                }
            },
        })
        .collect();
    Op {
        operation_id: op.operation_id.clone(),
        method: op.method.clone(),
        path: op.path.clone(),
        client_method: op.method_name.clone(),
        builder: op.type_name.clone(),
        params,
        body,
        accept: op.accept.clone(),
        success,
        errors,
        created: op.created.as_ref().map(|_| Created { retrieve: None }),
    }
}

/// Parameters declared on the path item (progenitor merges them into each operation), other
/// than those the operation already has.
fn path_item_params(
    types: &mut Types<'_>,
    op: &model::OperationModel,
    own: &[Param],
) -> Vec<Param> {
    let Some(item) = types
        .spec
        .paths
        .paths
        .get(&op.path)
        .and_then(ReferenceOr::as_item)
    else {
        return Vec::new();
    };
    let mut params = Vec::new();
    for parameter in item
        .parameters
        .iter()
        .filter_map(|p| crate::document::resolve_parameter(types.spec, p))
    {
        let data = parameter.parameter_data_ref();
        let location = crate::document::location(parameter);
        if own
            .iter()
            .any(|p| p.name == data.name && p.location == location)
            || op.owned_headers.contains(&data.name)
        {
            continue;
        }
        let ty = match &data.format {
            openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                types
                    .ty(
                        schema,
                        &type_name(&format!("{}-{}", op.method_name, data.name)),
                    )
                    .0
            }
            openapiv3::ParameterSchemaOrContent::Content(_) => "serde_json::Value".into(),
        };
        params.push(Param {
            setter: method_name(&data.name),
            name: data.name.clone(),
            location,
            required: data.required || location == "path",
            ty,
        });
    }
    params
}

/// The types named in `roots` and every type they reach through fields and type arguments.
fn reachable(
    shapes: &BTreeMap<String, Shape>,
    roots: impl Iterator<Item = String>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: Vec<String> = roots.flat_map(|ty| names_in(&ty)).collect();
    while let Some(name) = queue.pop() {
        let Some(shape) = shapes.get(&name) else {
            continue;
        };
        if !seen.insert(name) {
            continue;
        }
        match shape {
            Shape::Struct(fields) => queue.extend(fields.iter().flat_map(|f| names_in(&f.ty))),
            Shape::Newtype(inner) => queue.extend(names_in(inner)),
            Shape::Union(fingerprint) => queue.extend(names_in(fingerprint)),
            Shape::Enum(_) => {}
        }
    }
    seen
}

fn names_in(ty: &str) -> Vec<String> {
    ty.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// An object schema's properties.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// Collects the types typify would generate, named as it names them.
struct Types<'a> {
    spec: &'a OpenAPI,
    shapes: BTreeMap<String, Shape>,
}

impl Types<'_> {
    /// A component schema: its own type, a newtype when it is not a struct or enum.
    fn define(&mut self, name: &str, schema: &ReferenceOr<Schema>) {
        let (ty, nullable) = self.ty(schema, name);
        if ty != name || nullable {
            let inner = if nullable {
                format!("Option<{ty}>")
            } else {
                ty
            };
            self.shapes
                .entry(name.to_string())
                .or_insert(Shape::Newtype(inner));
        }
    }

    /// The Rust type of `schema` and whether it is nullable; inline structs and enums are
    /// registered under `context`.
    fn ty(&mut self, schema: &ReferenceOr<Schema>, context: &str) -> (String, bool) {
        match schema {
            ReferenceOr::Reference { reference } => (reference_type(reference), false),
            ReferenceOr::Item(schema) => self.item(schema, context),
        }
    }

    fn boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, context: &str) -> (String, bool) {
        match schema {
            ReferenceOr::Reference { reference } => (reference_type(reference), false),
            ReferenceOr::Item(schema) => self.item(schema, context),
        }
    }

    fn item(&mut self, schema: &Schema, context: &str) -> (String, bool) {
        let nullable = schema.schema_data.nullable;
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if !values.is_empty() {
                    self.register(context, Shape::Enum(values))
                } else {
                    match format_name(&s.format).as_deref() {
                        Some("uuid") => "uuid::Uuid".into(),
                        Some("date") => "chrono::NaiveDate".into(),
                        Some("date-time") => "chrono::DateTime<Utc>".into(),
                        Some("ip") => "IpAddr".into(),
                        Some("ipv4") => "Ipv4Addr".into(),
                        Some("ipv6") => "Ipv6Addr".into(),
                        // Length or pattern constraints make a validating newtype.
                        _ if s.min_length.is_some()
                            || s.max_length.is_some()
                            || s.pattern.is_some() =>
                        {
                            self.register(context, Shape::Newtype("String".into()))
                        }
                        _ => "String".into(),
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) => integer_type(
                format_name(&i.format).as_deref(),
                i.minimum,
                i.maximum,
                i.multiple_of.is_some(),
            ),
            SchemaKind::Type(Type::Number(n)) => {
                if format_name(&n.format).as_deref() == Some("float") {
                    "f32"
                } else {
                    "f64"
                }
                .into()
            }
            SchemaKind::Type(Type::Boolean(_)) => "bool".into(),
            SchemaKind::Type(Type::Array(a)) => {
                self.array(a.items.as_ref(), a.unique_items, context)
            }
            SchemaKind::Type(Type::Object(o)) => self.object(
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                context,
            ),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                return (self.ty(&all_of[0], context).0, nullable);
            }
            SchemaKind::AllOf { all_of } => {
                // typify merges the parts into one struct.
                let mut properties = indexmap::IndexMap::new();
                let mut required = Vec::new();
                for part in all_of {
                    let Some(part) = crate::document::resolve_schema(self.spec, part) else {
                        continue;
                    };
                    if let Some((props, req)) = object_parts(part) {
                        properties.extend(props.clone());
                        required.extend(req.iter().cloned());
                    }
                }
                self.object(&properties, &required, None, context)
            }
            SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches } => {
                let fingerprint: Vec<String> = branches
                    .iter()
                    .enumerate()
                    .map(|(i, b)| self.ty(b, &format!("{context}Variant{i}")).0)
                    .collect();
                self.register(context, Shape::Union(fingerprint.join(" | ")))
            }
            SchemaKind::Not { .. } => "serde_json::Value".into(),
            SchemaKind::Any(any) => {
                if !any.properties.is_empty() {
                    self.object(
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        context,
                    )
                } else if let Some(items) = &any.items {
                    self.array(Some(items), any.unique_items.unwrap_or(false), context)
                } else {
                    "serde_json::Value".into()
                }
            }
        };
        (ty, nullable)
    }

    fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        unique: bool,
        context: &str,
    ) -> String {
        let item = match items {
            Some(items) => {
                let (ty, nullable) = self.boxed(items, &format!("{context}Item"));
                if nullable {
                    format!("Option<{ty}>")
                } else {
                    ty
                }
            }
            None => "serde_json::Value".into(),
        };
        if unique {
            format!("Set<{item}>")
        } else {
            format!("Vec<{item}>")
        }
    }

    fn object(
        &mut self,
        properties: &Properties,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        context: &str,
    ) -> String {
        if properties.is_empty() {
            return match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let (ty, _) = self.ty(value, &format!("{context}Value"));
                    format!("Map<String, {ty}>")
                }
                _ => "Map<String, serde_json::Value>".into(),
            };
        }
        let mut fields = Vec::new();
        for (json, schema) in properties {
            let (ty, nullable) = self.boxed(schema, &type_name(&format!("{context}_{json}")));
            let is_required = required.contains(json);
            let default = match schema {
                ReferenceOr::Item(s) => s.schema_data.default.is_some(),
                ReferenceOr::Reference { .. } => false,
            };
            // typify gives inline arrays and maps, and properties with a default, no Option.
            let intrinsic = ty.starts_with("Vec<") || ty.starts_with("Map<") || default;
            let option = nullable || (!is_required && !intrinsic);
            fields.push(Field {
                json: json.clone(),
                rust: method_name(json),
                ty,
                option,
                required: is_required,
            });
        }
        fields.sort_by(|a, b| a.rust.cmp(&b.rust));
        self.register(context, Shape::Struct(fields))
    }

    fn register(&mut self, name: &str, shape: Shape) -> String {
        self.shapes.entry(name.to_string()).or_insert(shape);
        name.to_string()
    }
}

fn object_parts(schema: &Schema) -> Option<(&Properties, &Vec<String>)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((&o.properties, &o.required)),
        SchemaKind::Any(any) => Some((&any.properties, &any.required)),
        _ => None,
    }
}

fn reference_type(reference: &str) -> String {
    match reference.strip_prefix("#/components/schemas/") {
        Some(name) => type_name(name),
        None => "serde_json::Value".into(),
    }
}

fn format_name<T: serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string)),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// typify's integer type: the format's type when the bounds fit it, `NonZero` for a
/// minimum of 1, else from the bounds alone.
fn integer_type(
    format: Option<&str>,
    minimum: Option<i64>,
    maximum: Option<i64>,
    multiple: bool,
) -> String {
    let by_format = match format {
        Some("int32") | Some("int") => Some(("i32", "NonZeroU32")),
        Some("int64") => Some(("i64", "NonZeroU64")),
        Some("uint32") | Some("uint") => Some(("u32", "NonZeroU32")),
        Some("uint64") => Some(("u64", "NonZeroU64")),
        _ => None,
    };
    match (by_format, minimum) {
        (Some((_, nonzero)), Some(1)) if !multiple => nonzero.into(),
        (Some((ty, _)), _) if !multiple => ty.into(),
        (_, Some(1)) => "NonZeroU64".into(),
        (_, Some(0)) if maximum.is_none() => "u64".into(),
        _ => "i64".into(),
    }
}
