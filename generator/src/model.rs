//! Stage 2: the facts about each operation, computed once from the document and read by
//! every later stage (validate, adapt, extras, mocks).
//!
//! The model answers what progenitor cannot be told or would get wrong: the real media
//! types on the wire, the headers the runtime owns, how each error status is typed, which
//! operation a `Location` names, and the Rust names of everything.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use openapiv3::{OpenAPI, ReferenceOr, Response, Schema, StatusCode};

use crate::diagnostic::escape_token;
use crate::document::{
    OperationRef, effective_parameters, is_json_media_type, is_progenitor_success, location,
    media_essence, operations, resolve_header, resolve_request_body, resolve_response,
    template_variables,
};
use crate::lenient::Reading;

/// Methods the hand-written client and the generated code already give `Client`; an
/// operation whose method would be named so gets a number (`follow_2`).
/// `generator/tests/client_methods.rs` keeps the list in step with the client's source.
pub const CLIENT_METHODS: &[&str] = &[
    "builder", "base_url", "base", "http", "shared", "follow", "clone", "fmt",
];

/// Items of the generated `operations` module beside the builders and error enums: its
/// imports and the enum `Client::follow` returns. A builder is never named so.
pub const OPERATIONS_ITEMS: &[&str] = &["Error", "ResponseValue", "Followed"];

/// Request headers the runtime sets from the spec's media types and its own state. A
/// document may declare them as parameters; they never become builder setters.
pub const RUNTIME_HEADERS: &[&str] =
    &["Accept", "Content-Type", "Authorization", "Idempotency-Key"];

/// Methods every generated builder has beside its setters. A parameter whose setter would
/// be named so gets its location appended (`send_query`); see [`setter_names`].
pub const BUILDER_MEMBERS: &[&str] = &[
    "new", "send", "options", "body", "body_map", "pages", "items",
];

/// Fields every generated builder has beside its parameters' fields, and the local names
/// its `raw_send` uses beside the parameters' values. A parameter whose field would be
/// named so gets `_param` appended.
pub const BUILDER_FIELDS: &[&str] = &[
    "client", "options", "body", "url", "query", "request", "response", "call", "cookies", "value",
];

/// Rust keywords (strict and reserved): identifiers equal to one get a trailing `_`, as
/// progenitor names them.
pub const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Every operation of the document, in document order.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// One entry per operation.
    pub operations: Vec<OperationModel>,
    /// Components whose Rust type an earlier component already has (`Address` before
    /// `address`), each with the key it has in the types document (`Address2`). The first
    /// keeps its name.
    pub schema_keys: BTreeMap<String, String>,
    /// The names chosen otherwise than the document says, for warnings: in document order.
    pub readings: Vec<Reading>,
}

impl Model {
    /// The key of component `name` in the types document: its own, unless renamed.
    pub fn schema_key<'a>(&'a self, name: &'a str) -> &'a str {
        self.schema_keys.get(name).map_or(name, String::as_str)
    }
}

/// What the generator knows about one operation.
#[derive(Debug, Clone)]
pub struct OperationModel {
    /// The operationId as the document gives it, or the one derived from method and path.
    pub operation_id: String,
    /// Whether `operation_id` was derived because the document has none.
    pub derived_id: bool,
    /// JSON pointer of the operation in the document.
    pub pointer: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// The client method's name (snake_case), as progenitor derives it.
    pub method_name: String,
    /// The builder's name (PascalCase), as progenitor derives it.
    pub type_name: String,
    /// The `Accept` header: every media type the operation can answer with.
    pub accept: Option<String>,
    /// The request body, when the operation takes one.
    pub request: Option<RequestModel>,
    /// Header parameters the runtime owns, as the document spells them.
    pub owned_headers: Vec<String>,
    /// Each remaining parameter's name, location and description.
    pub parameters: Vec<ParameterModel>,
    /// The success responses, and the one body type they share.
    pub success: SuccessModel,
    /// Every error response, in document order, `default` last.
    pub errors: Vec<ErrorModel>,
    /// Statuses below 400 that progenitor does not count as success (1xx but 101, 3xx).
    pub dropped_statuses: Vec<String>,
    /// Set when a success response declares a `Location` header.
    pub created: Option<CreatedModel>,
    /// How the operation authenticates.
    pub security: Security,
    /// The document's summary.
    pub summary: Option<String>,
    /// The document's description.
    pub description: Option<String>,
    /// Whether the document marks it deprecated.
    pub deprecated: bool,
    /// How to page through it, for a `GET` list with an `offset`; set by [`crate::types`].
    pub paging: Option<PagingModel>,
    /// The client's cargo features that turn it on, one per tag ([`feature_name`]); any
    /// one of them does.
    pub features: Vec<String>,
}

/// The feature of operations without a tag.
pub const UNTAGGED_FEATURE: &str = "untagged";

/// The feature that turns on every tag, and the types no operation uses.
pub const FULL_FEATURE: &str = "full";

/// Feature names the client crate has for its own use: a tag named so gets `-tag`.
pub const RESERVED_FEATURES: &[&str] = &["default", FULL_FEATURE, "mock"];

/// The cargo feature of a tag: kebab-case ASCII (`Funding sources` -> `funding-sources`).
pub fn feature_name(tag: &str) -> String {
    let mut name = String::new();
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            // A camelCase boundary starts a word.
            if c.is_ascii_uppercase() && name.chars().last().is_some_and(|p| p.is_ascii_lowercase())
            {
                name.push('-');
            }
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_string();
    if name.is_empty() {
        // A tag of symbols alone: its bytes, so that distinct tags stay distinct.
        let hex: String = tag.bytes().map(|b| format!("{b:02x}")).collect();
        return format!("tag-{hex}");
    }
    if RESERVED_FEATURES.contains(&name.as_str()) || name == UNTAGGED_FEATURE {
        return format!("{name}-tag");
    }
    name
}

/// The features of an operation with `tags`: one per tag, or [`UNTAGGED_FEATURE`].
fn features(tags: &[String]) -> Vec<String> {
    let mut features: Vec<String> = tags.iter().map(|t| feature_name(t)).collect();
    features.sort();
    features.dedup();
    if features.is_empty() {
        features.push(UNTAGGED_FEATURE.to_string());
    }
    features
}

/// A HAL list operation's paging: what its builder's `pages()` and `items()` read.
#[derive(Debug, Clone)]
pub struct PagingModel {
    /// The setter of its `offset` query parameter.
    pub offset_setter: String,
    /// The builder field holding it.
    pub offset_field: String,
    /// The offset's Rust type: an integer, or a string holding one.
    pub offset_type: Scalar,
    /// The type of one item.
    pub item_type: String,
    /// The fields from a page to its items (`_embedded.customers`).
    pub items: Vec<FieldStep>,
    /// The fields to its `total`, and the integer type it has, when it has one.
    pub total: Option<(Vec<FieldStep>, Scalar)>,
    /// The fields to `_links.next.href`, when it has one.
    pub next: Option<Vec<FieldStep>>,
}

/// An integer type (`u64`, `i32`, ...), or a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    /// The Rust integer type.
    Integer(String),
    /// `String`.
    Text,
}

/// One step on the way into a value, as typify types it.
#[derive(Debug, Clone)]
pub enum FieldStep {
    /// A struct field; `optional` when it is an `Option`.
    Field {
        /// The Rust field.
        name: String,
        /// Whether it is an `Option`.
        optional: bool,
    },
    /// A map's entry (a HAL `_links` typed as a map of links).
    Key(String),
}

/// How an operation authenticates, from its `security` requirement (or the document's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// A bearer token: HTTP `bearer`, OAuth 2 and OpenID Connect schemes, and documents that
    /// declare no security at all.
    Bearer,
    /// HTTP `basic` with the client id and secret.
    Basic,
    /// An empty requirement (`security: []`): no credentials.
    None,
}

/// One parameter an operation's builder sets.
#[derive(Debug, Clone)]
pub struct ParameterModel {
    /// The name in the document.
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    pub location: &'static str,
    /// Its description.
    pub description: Option<String>,
    /// Whether the document requires it (path parameters always are).
    pub required: bool,
    /// How its value goes on the wire.
    pub style: ParamStyle,
    /// Its schema: the one media type's for `content` (`{}` when that has none).
    pub schema: ReferenceOr<Schema>,
    /// The builder method that sets it, unique within the builder.
    pub setter: String,
    /// The builder field that holds it, unique within the builder.
    pub field: String,
    /// Its Rust type, as typify names it; set by [`crate::types`].
    pub rust_type: Option<String>,
    /// Whether typify gives that type `FromStr` (else a value read from a URL is read as a
    /// JSON string); set by [`crate::types`].
    pub from_str: bool,
    /// JSON pointer of its schema in the document.
    pub pointer: String,
}

/// How a parameter's value is written, from its `style` and `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple`: path and header parameters.
    Simple,
    /// `form`, the query default.
    Form {
        /// Whether arrays and objects are exploded into their own pairs (the default).
        explode: bool,
    },
    /// `spaceDelimited` arrays.
    SpaceDelimited,
    /// `pipeDelimited` arrays.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
    /// `content: {application/json: ..}`: the value as JSON text, sent as a string.
    Json,
}

/// How a request body goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON, or any `+json` media type.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, which progenitor lacks: the builder takes a multipart form.
    Multipart,
    /// `text/plain` and other text types.
    Text,
    /// Raw bytes: `application/octet-stream` and any other media type.
    Bytes,
}

/// The request body an operation sends.
#[derive(Debug, Clone)]
pub struct RequestModel {
    /// The media type sent in `Content-Type`, as the document spells it.
    pub media_type: String,
    /// How it is encoded.
    pub kind: BodyKind,
    /// Whether the document requires it.
    pub required: bool,
    /// Its description.
    pub description: Option<String>,
    /// JSON pointer of the chosen media type entry.
    pub pointer: String,
    /// The schema of a JSON or form body (`{}` when the document gives none).
    pub schema: Option<ReferenceOr<Schema>>,
    /// The Rust type of a JSON or form body, as typify names it; set by [`crate::types`].
    pub rust_type: Option<String>,
    /// The typify builder of that type, when it is a struct; set by [`crate::types`].
    pub builder: Option<String>,
}

/// The success responses.
#[derive(Debug, Clone, Default)]
pub struct SuccessModel {
    /// Success statuses (101 and 2xx) that declare a body.
    pub with_body: Vec<String>,
    /// True when those bodies have different schemas, which are then typed as untyped JSON.
    pub merged: bool,
    /// Every success status (101, 2xx and `2XX`), in document order.
    pub statuses: Vec<StatusCode>,
    /// The body every success status is read as.
    pub body: SuccessBody,
    /// JSON pointer of the schema of a [`SuccessBody::Json`] body.
    pub pointer: String,
    /// The Rust type of the body, as typify names it; set by [`crate::types`].
    pub rust_type: Option<String>,
}

/// How a success response's body is read. All success statuses of an operation share one.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum SuccessBody {
    /// No body: `()`.
    #[default]
    Empty,
    /// JSON of one schema.
    Json(Box<ReferenceOr<Schema>>),
    /// JSON of differing or absent schemas: untyped.
    Value,
    /// Anything else, or JSON mixed with other bodies: a byte stream.
    Bytes,
}

/// An error status, as the document declares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorStatus {
    /// A single status such as `404`.
    Code(u16),
    /// A range such as `4XX` (the digit).
    Range(u16),
    /// `default`: every status not listed.
    Default,
}

impl ErrorStatus {
    /// The status as the document writes it.
    pub fn label(&self) -> String {
        match self {
            ErrorStatus::Code(code) => code.to_string(),
            ErrorStatus::Range(digit) => format!("{digit}XX"),
            ErrorStatus::Default => "default".into(),
        }
    }

    /// The variant it gets in the operation's error enum `operations::<Op>Error`: the
    /// status's reason phrase (`NotFound`), else `Status418`, `Status5xx` or `Other`.
    pub fn variant(&self) -> String {
        match self {
            ErrorStatus::Code(code) => match http::StatusCode::from_u16(*code)
                .ok()
                .and_then(|s| s.canonical_reason())
            {
                Some(reason) => type_name(reason),
                None => format!("Status{code}"),
            },
            ErrorStatus::Range(digit) => format!("Status{digit}xx"),
            ErrorStatus::Default => "Other".into(),
        }
    }
}

/// How an error response's body is typed.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorSchema {
    /// No body is declared.
    None,
    /// A `#/components/schemas/<name>` reference.
    Component(String),
    /// An inline schema, moved to `components/schemas` under `name` for progenitor.
    Inline {
        /// The name it gets in `components/schemas`.
        name: String,
        /// The schema.
        schema: Box<Schema>,
    },
    /// A media type that is not JSON: the body stays bytes.
    NotJson,
}

/// One error response of an operation.
#[derive(Debug, Clone)]
pub struct ErrorModel {
    /// Its status.
    pub status: ErrorStatus,
    /// Its variant in the operation's error enum ([`ErrorStatus::variant`]).
    pub variant: String,
    /// Its body's type.
    pub schema: ErrorSchema,
    /// Its description.
    pub description: String,
    /// The Rust type of its body, as typify names it; set by [`crate::types`].
    pub rust_type: Option<String>,
}

/// A success response with a `Location` header: the operation creates a resource.
#[derive(Debug, Clone)]
pub struct CreatedModel {
    /// The status that declares the `Location`.
    pub status: String,
    /// The `GET` operation whose path the `Location` names, when one is found.
    pub retrieve: Option<RetrieveModel>,
}

/// The operation that reads a created resource back.
#[derive(Debug, Clone)]
pub struct RetrieveModel {
    /// Index of the `GET` operation in [`Model::operations`].
    pub operation: usize,
    /// Its path template.
    pub template: String,
}

impl OperationModel {
    /// How messages name the operation: its operationId, or method and path without one.
    pub fn label(&self) -> String {
        if self.derived_id {
            format!("{} {}", self.method, self.path)
        } else {
            self.operation_id.clone()
        }
    }
}

/// Builds the model of `spec`'s operations.
pub fn build(spec: &OpenAPI) -> Model {
    let mut readings = Vec::new();
    let schema_names: Vec<&String> = spec
        .components
        .iter()
        .flat_map(|c| c.schemas.keys())
        .collect();
    // Every component's name is taken first, so that a renamed one never takes the name
    // of a later one.
    let mut taken: BTreeSet<String> = schema_names.iter().map(|name| type_name(name)).collect();
    let mut schema_keys = BTreeMap::new();
    let mut first: BTreeMap<String, &String> = BTreeMap::new();
    for name in schema_names {
        let rust = type_name(name);
        match first.get(&rust) {
            None => {
                first.insert(rust, name);
            }
            Some(other) => {
                let key = unique_name(&rust, &mut taken);
                readings.push(Reading {
                    pointer: format!("/components/schemas/{}", escape_token(name)),
                    message: format!(
                        "schemas `{other}` and `{name}` both become the Rust type `{rust}`; \
                         `{name}` is generated as `{key}`"
                    ),
                    fix: "rename one of them".into(),
                });
                schema_keys.insert(name.clone(), key);
            }
        }
    }
    let mut names = OperationNames::default();
    let mut operations: Vec<OperationModel> = operations(spec)
        .map(|op| operation(spec, &op, &mut taken, &mut names))
        .collect();
    readings.extend(names.readings);
    let locations: Vec<Option<String>> = self::operations(spec)
        .map(|op| location_example(spec, &op))
        .collect();
    for index in 0..operations.len() {
        if operations[index].created.is_none() {
            continue;
        }
        let retrieve = find_retrieve(&operations, index, locations[index].as_deref());
        if let Some(created) = operations[index].created.as_mut() {
            created.retrieve = retrieve;
        }
    }
    Model {
        operations,
        schema_keys,
        readings,
    }
}

/// The Rust names the operations have so far: methods and the `operations` module's types
/// (builders and error enums), each with the operationId and pointer that has it.
#[derive(Default)]
struct OperationNames {
    ids: BTreeMap<String, String>,
    methods: BTreeMap<String, (String, String)>,
    types: BTreeMap<String, (String, String)>,
    readings: Vec<Reading>,
}

impl OperationNames {
    /// The method and builder of an operation: the ones its id makes, unless an earlier
    /// operation or the client has them; then the first free of `_2`, `_3`, .. with a
    /// reading. Deterministic: document order, the first keeps its names.
    fn claim(&mut self, id: &str, derived: bool, pointer: &str, errors: bool) -> (String, String) {
        let base = method_name(id);
        let free = |names: &Self, method: &str| {
            let builder = type_name(method);
            let error = format!("{builder}Error");
            !CLIENT_METHODS.contains(&method)
                && !names.methods.contains_key(method)
                && !OPERATIONS_ITEMS.contains(&builder.as_str())
                && !names.types.contains_key(&builder)
                && !(errors
                    && (OPERATIONS_ITEMS.contains(&error.as_str())
                        || names.types.contains_key(&error)))
        };
        let mut method = base.clone();
        let mut n = 2;
        while !free(self, &method) {
            method = format!("{base}_{n}");
            n += 1;
        }
        let builder = type_name(&method);
        if method != base {
            let why = self.clash(id, &base, errors);
            let (at, fix) = if derived {
                (pointer.to_string(), "add an `operationId` to one of them")
            } else {
                (format!("{pointer}/operationId"), "rename one of them")
            };
            self.readings.push(Reading {
                pointer: at,
                message: format!("{why}; read as method `{method}` and builder `{builder}`"),
                fix: fix.into(),
            });
        }
        let owner = (id.to_string(), pointer.to_string());
        self.ids
            .entry(id.to_string())
            .or_insert(pointer.to_string());
        self.methods.insert(method.clone(), owner.clone());
        self.types.insert(builder.clone(), owner.clone());
        if errors {
            self.types.insert(format!("{builder}Error"), owner);
        }
        (method, builder)
    }

    /// Why the names `id` makes (method `base`) are taken.
    fn clash(&self, id: &str, base: &str, errors: bool) -> String {
        let builder = type_name(base);
        let error = format!("{builder}Error");
        if let Some(first) = self.ids.get(id) {
            return format!("operationId `{id}` is also used at {first}");
        }
        if CLIENT_METHODS.contains(&base) {
            return format!(
                "operationId `{id}` becomes method `{base}`, which the client already has"
            );
        }
        if let Some((other, at)) = self.methods.get(base) {
            return format!(
                "operationId `{id}` and `{other}` (at {at}) both become the Rust method `{base}`"
            );
        }
        if let Some((other, at)) = self.types.get(&builder) {
            return format!(
                "operationId `{id}` becomes the builder `{builder}`, a name `{other}` (at {at}) \
                 already has"
            );
        }
        if errors && let Some((other, at)) = self.types.get(&error) {
            return format!(
                "the error enum `{error}` of `{id}` has the name of a type of `{other}` (at {at})"
            );
        }
        format!("operationId `{id}` becomes `{builder}`, a name the generated code has")
    }
}

/// A Rust identifier from any string, as progenitor's `sanitize` makes it (snake_case).
pub fn method_name(raw: &str) -> String {
    identifier(raw, |s| s.to_snake_case())
}

/// A Rust type name from any string, as progenitor's `sanitize` makes it (PascalCase).
pub fn type_name(raw: &str) -> String {
    identifier(raw, |s| s.to_pascal_case())
}

fn identifier(raw: &str, case: impl Fn(&str) -> String) -> String {
    let cleaned: String = raw
        .replace('\'', "")
        .chars()
        .map(|c| {
            if unicode_ident::is_xid_continue(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let out = case(&cleaned);
    let out = match out.chars().next() {
        None => case("x"),
        Some(c) if unicode_ident::is_xid_start(c) => out,
        Some(_) => format!("_{out}"),
    };
    if KEYWORDS.contains(&out.as_str()) {
        format!("{out}_")
    } else {
        out
    }
}

/// The operationId derived from method and path when the document gives none, e.g.
/// `get /pets/{petId}/photos` -> `get_pets_by_pet_id_photos`.
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(variable) => words.push(format!("by_{}", variable.to_snake_case())),
            None => words.push(segment.to_snake_case()),
        }
    }
    if words.len() == 1 {
        words.push("root".into());
    }
    words.join("_")
}

fn operation(
    spec: &OpenAPI,
    op: &OperationRef<'_>,
    taken: &mut BTreeSet<String>,
    names: &mut OperationNames,
) -> OperationModel {
    let pointer = format!(
        "/paths/{}/{}",
        crate::diagnostic::escape_token(op.path),
        op.method
    );
    let (operation_id, derived_id) = match &op.operation.operation_id {
        Some(id) => (id.clone(), false),
        None => (derived_operation_id(op.method, op.path), true),
    };
    let (method_name, type_name) =
        names.claim(&operation_id, derived_id, &pointer, has_errors(spec, op));

    let mut owned_headers = Vec::new();
    let mut parameters = Vec::new();
    let mut declared_accept = None;
    for parameter in effective_parameters(spec, op) {
        let data = parameter.parameter_data_ref();
        let location = location(parameter);
        if location == "header"
            && RUNTIME_HEADERS
                .iter()
                .any(|h| h.eq_ignore_ascii_case(&data.name))
        {
            if data.name.eq_ignore_ascii_case("accept") {
                declared_accept = declared_value(spec, data);
            }
            owned_headers.push(data.name.clone());
        } else {
            parameters.push(ParameterModel {
                name: data.name.clone(),
                location,
                description: data.description.clone(),
                required: data.required || location == "path",
                style: match &data.format {
                    openapiv3::ParameterSchemaOrContent::Content(_) => ParamStyle::Json,
                    openapiv3::ParameterSchemaOrContent::Schema(_) => param_style(parameter),
                },
                schema: match &data.format {
                    openapiv3::ParameterSchemaOrContent::Schema(schema) => schema.clone(),
                    // validate refuses all but one JSON media type.
                    openapiv3::ParameterSchemaOrContent::Content(content) => content
                        .values()
                        .next()
                        .and_then(|media| media.schema.clone())
                        .unwrap_or_else(|| ReferenceOr::Item(any())),
                },
                setter: String::new(),
                field: String::new(),
                rust_type: None,
                from_str: false,
                pointer: content_pointer(
                    parameter_pointer(op, &pointer, &data.name, location),
                    &data.format,
                ),
            });
        }
    }

    if let Some(template) = template_variables(op.path) {
        // A path parameter the template lacks goes nowhere on the wire; one the template
        // has but the document does not declare is a string (validate warns of both).
        parameters.retain(|p| p.location != "path" || template.contains(&p.name));
        for variable in template {
            if !parameters
                .iter()
                .any(|p| p.location == "path" && p.name == variable)
            {
                parameters.push(undeclared_path_parameter(variable, op.path));
            }
        }
    }
    setter_names(&mut parameters);

    let request = op.operation.request_body.as_ref().and_then(|body| {
        let body = resolve_request_body(spec, body)?;
        let (_, (media, content)) = body
            .content
            .iter()
            .enumerate()
            .min_by_key(|(i, (media, _))| (body_preference(media), *i))?;
        let kind = body_kind(media);
        Some(RequestModel {
            media_type: media.clone(),
            kind,
            schema: matches!(kind, BodyKind::Json | BodyKind::Form).then(|| {
                content
                    .schema
                    .clone()
                    .unwrap_or_else(|| ReferenceOr::Item(any()))
            }),
            rust_type: None,
            builder: None,
            required: body.required,
            description: body.description.clone(),
            pointer: format!(
                "{pointer}/requestBody/content/{}",
                crate::diagnostic::escape_token(media)
            ),
        })
    });

    let mut accept: Vec<&str> = Vec::new();
    let mut success = SuccessModel::default();
    let mut success_schemas = BTreeSet::new();
    let mut errors = Vec::new();
    let mut dropped_statuses = Vec::new();
    let mut created = None;
    let mut shapes = Vec::new();
    let responses = op
        .operation
        .responses
        .responses
        .iter()
        .map(|(status, r)| (Some(status), r));
    for (status, response) in
        responses.chain(op.operation.responses.default.iter().map(|r| (None, r)))
    {
        let Some(response) = resolve_response(spec, response) else {
            continue;
        };
        for media in response.content.keys() {
            if !accept.contains(&media.as_str()) {
                accept.push(media);
            }
        }
        match status {
            Some(status) if is_progenitor_success(status) => {
                success.statuses.push(status.clone());
                shapes.push(match chosen_response_media(response) {
                    None => Shape::Empty,
                    Some((media, content)) if is_json_media_type(media) => {
                        let schema = format!(
                            "{pointer}/responses/{}/content/{}/schema",
                            crate::diagnostic::escape_token(&status.to_string()),
                            crate::diagnostic::escape_token(media)
                        );
                        Shape::Json(content.schema.clone().map(Box::new), schema)
                    }
                    Some(_) => Shape::Raw,
                });
                if let Some((_, media)) = chosen_response_media(response) {
                    success.with_body.push(status.to_string());
                    success_schemas.insert(
                        media
                            .schema
                            .as_ref()
                            .map(|s| serde_json::to_string(s).unwrap_or_default())
                            .unwrap_or_default(),
                    );
                }
                if created.is_none()
                    && response
                        .headers
                        .keys()
                        .any(|name| name.eq_ignore_ascii_case("location"))
                {
                    created = Some(CreatedModel {
                        status: status.to_string(),
                        retrieve: None,
                    });
                }
            }
            Some(status @ StatusCode::Code(code)) if *code < 400 => {
                dropped_statuses.push(status.to_string())
            }
            Some(status @ StatusCode::Range(digit)) if *digit < 4 => {
                dropped_statuses.push(status.to_string())
            }
            Some(status) => {
                let status = match status {
                    StatusCode::Code(code) => ErrorStatus::Code(*code),
                    StatusCode::Range(digit) => ErrorStatus::Range(*digit),
                };
                errors.push(error_model(status, response, &type_name, taken));
            }
            None => errors.push(error_model(
                ErrorStatus::Default,
                response,
                &type_name,
                taken,
            )),
        }
    }
    success.merged = success_schemas.len() > 1;
    (success.body, success.pointer) = success_body(shapes);

    OperationModel {
        operation_id,
        derived_id,
        pointer,
        method: op.method.to_ascii_uppercase(),
        path: op.path.to_string(),
        method_name,
        type_name,
        // An `Accept` parameter the document pins to its values wins over the list of
        // response media types, which it may refuse (Dwolla: `application/vnd.dwolla.v1.hal`).
        accept: declared_accept.or_else(|| (!accept.is_empty()).then(|| accept.join(", "))),
        request,
        owned_headers,
        parameters,
        success,
        errors,
        dropped_statuses,
        created,
        security: security(
            spec,
            op.operation.security.as_ref().or(spec.security.as_ref()),
        ),
        summary: op.operation.summary.clone(),
        description: op.operation.description.clone(),
        deprecated: op.operation.deprecated,
        paging: None,
        features: features(&op.operation.tags),
    }
}

/// Whether `op` declares an error response that resolves: a 4xx or 5xx status, or
/// `default` (so it gets an error enum).
fn has_errors(spec: &OpenAPI, op: &OperationRef<'_>) -> bool {
    let responses = &op.operation.responses;
    let error = |status: &StatusCode| match status {
        StatusCode::Code(code) => *code >= 400,
        StatusCode::Range(digit) => *digit >= 4,
    };
    responses
        .responses
        .iter()
        .any(|(status, r)| error(status) && resolve_response(spec, r).is_some())
        || responses
            .default
            .as_ref()
            .is_some_and(|r| resolve_response(spec, r).is_some())
}

/// A path template variable no parameter declares: a required string.
fn undeclared_path_parameter(name: String, path: &str) -> ParameterModel {
    ParameterModel {
        name,
        location: "path",
        description: None,
        required: true,
        style: ParamStyle::Simple,
        schema: ReferenceOr::Item(Schema {
            schema_data: Default::default(),
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(Default::default())),
        }),
        setter: String::new(),
        field: String::new(),
        rust_type: None,
        from_str: false,
        pointer: format!("/paths/{}", escape_token(path)),
    }
}

/// JSON pointer of a parameter's schema: where it is declared, on the operation or its
/// path item, or the component a `$ref` there names.
fn parameter_pointer(op: &OperationRef<'_>, pointer: &str, name: &str, location: &str) -> String {
    let item = format!("/paths/{}", crate::diagnostic::escape_token(op.path));
    let lists = [
        (pointer.to_string(), &op.operation.parameters[..]),
        (item, op.path_parameters),
    ];
    for (base, list) in lists {
        for (index, parameter) in list.iter().enumerate() {
            match parameter {
                ReferenceOr::Item(p)
                    if p.parameter_data_ref().name == name
                        && crate::document::location(p) == location =>
                {
                    return format!("{base}/parameters/{index}/schema");
                }
                ReferenceOr::Reference { reference } => {
                    let component = reference.strip_prefix("#/components/parameters/");
                    if let Some(component) = component
                        && component.eq_ignore_ascii_case(name)
                    {
                        return format!("/components/parameters/{component}/schema");
                    }
                }
                ReferenceOr::Item(_) => {}
            }
        }
    }
    pointer.to_string()
}

/// A `content` parameter's schema is below its media type: `.../content/<media>/schema`
/// for the `.../schema` of [`parameter_pointer`].
fn content_pointer(pointer: String, format: &openapiv3::ParameterSchemaOrContent) -> String {
    let openapiv3::ParameterSchemaOrContent::Content(content) = format else {
        return pointer;
    };
    let (Some(base), Some(media)) = (pointer.strip_suffix("/schema"), content.keys().next()) else {
        return pointer;
    };
    let media = crate::diagnostic::escape_token(media);
    format!("{base}/content/{media}/schema")
}

/// `{}`: any JSON.
pub fn any() -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: openapiv3::SchemaKind::Any(Default::default()),
    }
}

/// How a parameter is written, from its `style` and `explode` (OpenAPI's defaults when
/// absent: `simple` for path and header, `form` exploded for query and cookie).
fn param_style(parameter: &openapiv3::Parameter) -> ParamStyle {
    use openapiv3::{Parameter, QueryStyle};
    let explode = parameter.parameter_data_ref().explode;
    match parameter {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => ParamStyle::Form {
                explode: explode.unwrap_or(true),
            },
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        Parameter::Cookie { .. } => ParamStyle::Form {
            explode: explode.unwrap_or(true),
        },
        Parameter::Path { .. } | Parameter::Header { .. } => ParamStyle::Simple,
    }
}

/// Each parameter's setter and field: its name in snake_case, unless another parameter
/// or the builder itself has it. Then the location is appended (`send_query`, `x_header`),
/// then a number; the first parameter of a name keeps it. Deterministic: document order.
pub fn setter_names(parameters: &mut [ParameterModel]) {
    let mut setters: BTreeSet<String> = BUILDER_MEMBERS.iter().map(|s| s.to_string()).collect();
    for parameter in parameters.iter_mut() {
        let base = method_name(&parameter.name);
        let mut setter = base.clone();
        if setters.contains(&setter) {
            setter = format!("{base}_{}", parameter.location);
        }
        let mut n = 2;
        while setters.contains(&setter) {
            setter = format!("{base}_{}_{n}", parameter.location);
            n += 1;
        }
        setters.insert(setter.clone());
        parameter.field = if BUILDER_FIELDS.contains(&setter.as_str()) {
            format!("{setter}_param")
        } else {
            setter.clone()
        };
        parameter.setter = setter;
    }
}

/// What one success status answers with.
enum Shape {
    Empty,
    /// JSON, with its schema (if any) and that schema's pointer.
    Json(Option<Box<ReferenceOr<Schema>>>, String),
    Raw,
}

/// The one body the success statuses share: a schema they all give, untyped JSON when
/// they differ, bytes when JSON meets anything else.
fn success_body(shapes: Vec<Shape>) -> (SuccessBody, String) {
    let mut distinct: Vec<(SuccessBody, String)> = Vec::new();
    for shape in shapes {
        let body = match shape {
            Shape::Empty => (SuccessBody::Empty, String::new()),
            Shape::Json(Some(schema), pointer) => (SuccessBody::Json(schema), pointer),
            Shape::Json(None, _) => (SuccessBody::Value, String::new()),
            Shape::Raw => (SuccessBody::Bytes, String::new()),
        };
        if !distinct.iter().any(|(b, _)| *b == body.0) {
            distinct.push(body);
        }
    }
    let json = |b: &SuccessBody| matches!(b, SuccessBody::Json(_) | SuccessBody::Value);
    match distinct.len() {
        0 => (SuccessBody::Empty, String::new()),
        1 => distinct.remove(0),
        _ if distinct.iter().all(|(b, _)| json(b)) => (SuccessBody::Value, String::new()),
        _ => (SuccessBody::Bytes, String::new()),
    }
}

/// The value a header parameter's schema pins it to: its `default` when that is one of its
/// string `enum`, else the enum's first value; `None` when any string will do.
fn declared_value(spec: &OpenAPI, data: &openapiv3::ParameterData) -> Option<String> {
    let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format else {
        return None;
    };
    let schema = crate::document::resolve_schema(spec, schema)?;
    let openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) = &schema.schema_kind else {
        return None;
    };
    let values: Vec<&str> = string
        .enumeration
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let default = schema.schema_data.default.as_ref().and_then(|d| d.as_str());
    default
        .filter(|d| values.contains(d))
        .or_else(|| values.first().copied())
        .map(str::to_string)
}

/// The scheme the runtime uses among the requirement's alternatives: a bearer token when
/// one is accepted, else Basic, else none when an alternative needs nothing.
fn security(
    spec: &OpenAPI,
    requirements: Option<&Vec<openapiv3::SecurityRequirement>>,
) -> Security {
    let Some(requirements) = requirements else {
        return Security::Bearer;
    };
    let schemes = spec.components.as_ref().map(|c| &c.security_schemes);
    let kind = |name: &String| match schemes.and_then(|s| s.get(name)).and_then(|s| s.as_item()) {
        Some(openapiv3::SecurityScheme::HTTP { scheme, .. })
            if scheme.eq_ignore_ascii_case("basic") =>
        {
            Security::Basic
        }
        _ => Security::Bearer,
    };
    let alternatives: Vec<Vec<Security>> = requirements
        .iter()
        .map(|r| r.keys().map(kind).collect())
        .collect();
    if alternatives.iter().any(|a| a.contains(&Security::Bearer)) {
        Security::Bearer
    } else if alternatives.iter().any(|a| a.contains(&Security::Basic)) {
        Security::Basic
    } else if alternatives.is_empty() || alternatives.iter().any(Vec::is_empty) {
        Security::None
    } else {
        Security::Bearer
    }
}

/// Lower is preferred when a request body offers several media types.
fn body_preference(media: &str) -> u8 {
    match body_kind(media) {
        BodyKind::Json => 0,
        BodyKind::Form => 1,
        BodyKind::Multipart => 2,
        BodyKind::Bytes if media_essence(media) == "application/octet-stream" => 3,
        BodyKind::Text => 4,
        BodyKind::Bytes => 5,
    }
}

/// How a request media type is encoded.
pub fn body_kind(media: &str) -> BodyKind {
    let essence = media_essence(media);
    if is_json_media_type(media) {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" {
        BodyKind::Multipart
    } else if essence.starts_with("text/") {
        BodyKind::Text
    } else {
        BodyKind::Bytes
    }
}

/// The media type a response is typed by: JSON when offered, else the first.
pub fn chosen_response_media(response: &Response) -> Option<(&String, &openapiv3::MediaType)> {
    response
        .content
        .iter()
        .find(|(media, _)| is_json_media_type(media))
        .or_else(|| response.content.first())
}

fn error_model(
    status: ErrorStatus,
    response: &Response,
    type_name: &str,
    taken: &mut BTreeSet<String>,
) -> ErrorModel {
    let schema = match chosen_response_media(response) {
        None => ErrorSchema::None,
        Some((media, _)) if !is_json_media_type(media) => ErrorSchema::NotJson,
        Some((_, media)) => match &media.schema {
            Some(ReferenceOr::Reference { reference }) => {
                match reference.strip_prefix("#/components/schemas/") {
                    Some(name) => ErrorSchema::Component(name.to_string()),
                    None => ErrorSchema::NotJson,
                }
            }
            Some(ReferenceOr::Item(schema)) => {
                let suffix = match &status {
                    ErrorStatus::Code(code) => code.to_string(),
                    ErrorStatus::Range(digit) => format!("{digit}xx"),
                    ErrorStatus::Default => "Default".into(),
                };
                let name = unique_name(&format!("{type_name}Error{suffix}"), taken);
                ErrorSchema::Inline {
                    name,
                    schema: Box::new(schema.clone()),
                }
            }
            // A JSON body of any shape.
            None => ErrorSchema::Inline {
                name: unique_name(&format!("{type_name}ErrorBody"), taken),
                schema: Box::new(Schema {
                    schema_data: Default::default(),
                    schema_kind: openapiv3::SchemaKind::Any(Default::default()),
                }),
            },
        },
    };
    ErrorModel {
        variant: status.variant(),
        status,
        schema,
        description: response.description.clone(),
        rust_type: None,
    }
}

/// `base`, or `base2`, `base3`, .. the first not in `taken`, which it joins.
pub fn unique_name(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// The path of a `Location` header's example URL, when the document gives one.
fn location_example(spec: &OpenAPI, op: &OperationRef<'_>) -> Option<String> {
    for (status, response) in &op.operation.responses.responses {
        if !is_progenitor_success(status) {
            continue;
        }
        let response = resolve_response(spec, response)?;
        for (name, header) in &response.headers {
            if !name.eq_ignore_ascii_case("location") {
                continue;
            }
            let header = resolve_header(spec, header)?;
            let example = header.example.clone().or_else(|| match &header.format {
                openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                    schema.schema_data.example.clone()
                }
                _ => None,
            })?;
            let text = example.as_str()?;
            let path = match text.find("://") {
                Some(scheme) => {
                    let rest = &text[scheme + 3..];
                    rest.find('/').map(|slash| &rest[slash..]).unwrap_or("/")
                }
                None => text,
            };
            return Some(path.split(['?', '#']).next().unwrap_or(path).to_string());
        }
    }
    None
}

/// Finds the `GET` operation a created resource's `Location` names: the one whose template
/// matches the `Location` example's path, else by the REST conventions `POST /things` ->
/// `GET /things/{id}` and `POST /owners/{id}/things` -> `GET /things/{id}`.
fn find_retrieve(
    operations: &[OperationModel],
    index: usize,
    example: Option<&str>,
) -> Option<RetrieveModel> {
    let create = &operations[index];
    let gets = || {
        operations
            .iter()
            .enumerate()
            .filter(|(_, op)| op.method == "GET" && op.path.ends_with('}'))
    };
    let found = match example {
        Some(path) => gets()
            .filter(|(_, op)| template_matches_suffix(&op.path, path))
            .max_by_key(|(_, op)| op.path.len()),
        None => {
            let collection = create.path.trim_end_matches('/');
            let last_literal = collection
                .rsplit('/')
                .find(|s| !s.is_empty() && !s.starts_with('{'));
            gets()
                .find(|(_, op)| single_variable_below(&op.path, collection))
                .or_else(|| {
                    last_literal.and_then(|last| {
                        gets().find(|(_, op)| single_variable_below(&op.path, &format!("/{last}")))
                    })
                })
        }
    }?;
    Some(RetrieveModel {
        operation: found.0,
        template: found.1.path.clone(),
    })
}

/// Whether `template` is `prefix/{variable}` exactly.
fn single_variable_below(template: &str, prefix: &str) -> bool {
    template
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix("/{"))
        .is_some_and(|rest| {
            rest.ends_with('}') && !rest[..rest.len() - 1].contains(['/', '{', '}'])
        })
}

/// Whether the path `path` ends with a path matching `template` segment by segment.
pub fn template_matches_suffix(template: &str, path: &str) -> bool {
    let template: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if template.is_empty() || path.len() < template.len() {
        return false;
    }
    let tail = &path[path.len() - template.len()..];
    template
        .iter()
        .zip(tail)
        .all(|(t, p)| (t.starts_with('{') && t.ends_with('}')) || t == p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_progenitor() {
        assert_eq!(
            method_name("createCustomerExchangeSession"),
            "create_customer_exchange_session"
        );
        assert_eq!(
            method_name("apps/get-authenticated"),
            "apps_get_authenticated"
        );
        assert_eq!(method_name("find pet by id"), "find_pet_by_id");
        assert_eq!(method_name("type"), "type_");
        assert_eq!(method_name("2fa"), "_2fa");
        assert_eq!(type_name("apps_get_authenticated"), "AppsGetAuthenticated");
    }

    #[test]
    fn a_pinned_accept_parameter_is_the_accept_header() {
        let doc = |schema: &str| -> OpenAPI {
            serde_yaml::from_str(&format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Hal: {{type: string, enum: [application/hal+json]}}\n  parameters:\n    Accept: {{name: Accept, in: header, required: true, schema: {schema}}}\n"
            ))
            .unwrap()
        };
        let of = |spec: &OpenAPI| {
            let parameters = &spec.components.as_ref().unwrap().parameters;
            let parameter = parameters["Accept"].as_item().unwrap();
            declared_value(spec, parameter.parameter_data_ref())
        };
        let pinned = |value: &str| Some(value.to_string());
        assert_eq!(of(&doc("{type: string, enum: [a/b, c/d]}")), pinned("a/b"));
        assert_eq!(
            of(&doc("{type: string, enum: [a/b, c/d], default: c/d}")),
            pinned("c/d")
        );
        assert_eq!(
            of(&doc("{type: string, enum: [a/b], default: x/y}")),
            pinned("a/b")
        );
        assert_eq!(
            of(&doc("{$ref: '#/components/schemas/Hal'}")),
            pinned("application/hal+json")
        );
        assert_eq!(of(&doc("{type: string, default: a/b}")), None, "any string");
        assert_eq!(of(&doc("{type: string}")), None);
    }

    #[test]
    fn security_prefers_a_bearer_token_then_basic_then_none() {
        let doc = |security: &str| -> OpenAPI {
            serde_yaml::from_str(&format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n{security}\ncomponents:\n  securitySchemes:\n    basicAuth: {{type: http, scheme: basic}}\n    bearerAuth: {{type: http, scheme: bearer}}\n    oauth: {{type: oauth2, flows: {{}}}}\n"
            ))
            .unwrap()
        };
        let of = |spec: &OpenAPI| security(spec, spec.security.as_ref());
        assert_eq!(of(&doc("")), Security::Bearer, "no requirement anywhere");
        assert_eq!(of(&doc("security: [{basicAuth: []}]")), Security::Basic);
        assert_eq!(
            of(&doc("security: [{basicAuth: []}, {oauth: []}]")),
            Security::Bearer
        );
        assert_eq!(of(&doc("security: []")), Security::None);
        assert_eq!(of(&doc("security: [{basicAuth: []}, {}]")), Security::Basic);
        assert_eq!(of(&doc("security: [{}]")), Security::None);
    }

    #[test]
    fn derived_ids_name_method_and_path() {
        assert_eq!(
            derived_operation_id("get", "/pets/{petId}/photos"),
            "get_pets_by_pet_id_photos"
        );
        assert_eq!(derived_operation_id("post", "/"), "post_root");
    }

    #[test]
    fn retrieve_targets_follow_rest_conventions() {
        assert!(single_variable_below(
            "/exchange-sessions/{id}",
            "/exchange-sessions"
        ));
        assert!(!single_variable_below(
            "/exchange-sessions/{id}/x",
            "/exchange-sessions"
        ));
        assert!(template_matches_suffix(
            "/exchange-sessions/{id}",
            "/v1/exchange-sessions/abc"
        ));
        assert!(!template_matches_suffix(
            "/customers/{id}",
            "/exchange-sessions/abc"
        ));
    }
}
