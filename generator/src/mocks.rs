//! Typed wiremock helpers for the client's users, emitted into a second file
//! ([`MOCK_FILE`]) that the client compiles behind its `mock` feature.
//!
//! progenitor can generate httpmock helpers, but those cannot answer a `201` with the
//! absolute `Location` this API returns. These helpers are generated from the spec's
//! operations instead: for each one a builder that matches what the client sends (method,
//! path template with typed parameters, `Accept`, `Content-Type`, a bearer token) and one
//! response method per documented status, typed by the status's schema. A `Location`
//! response points at the created resource's `GET` path on the mock server itself.
//!
//! The spec's request and success examples become typed constructors in `mock::examples`.

use std::path::PathBuf;

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::document::{is_success, resolve_response};
use crate::model::Model;
use crate::diagnostic::escape_token;
use crate::load::Loaded;
use crate::{Error, GeneratedFile, format};

/// The generated mock helpers, relative to the client crate's directory.
pub const MOCK_FILE: &str = "src/mock.rs";

/// Matches any UUID in a path segment.
const UUID_PATTERN: &str = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// Runs the mock stage and formats it as the file [`MOCK_FILE`].
pub fn file(loaded: &Loaded, model: &Model, spec_name: &str) -> Result<GeneratedFile, Error> {
    let tokens = emit(&loaded.spec, model).map_err(|(pointer, message)| Error::Generate {
        diagnostic: Box::new(loaded.diagnostic(
            pointer,
            format!("cannot generate the mock helpers: {message}"),
            "mock helpers need `$ref` schemas for bodies, and a `Location` example that is a URL of a `GET` path",
        )),
        panic: None,
    })?;
    Ok(GeneratedFile {
        path: PathBuf::from(MOCK_FILE),
        contents: format::format_tokens(tokens, spec_name)?,
    })
}

/// A path parameter's Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParamType {
    Uuid,
    Integer,
    Text,
}

impl ParamType {
    fn of(schema: Option<&Schema>) -> Self {
        match schema.map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::String(string))) => match &string.format {
                VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => ParamType::Uuid,
                _ => ParamType::Text,
            },
            Some(SchemaKind::Type(Type::Integer(_))) => ParamType::Integer,
            _ => ParamType::Text,
        }
    }

    fn rust(self) -> TokenStream {
        match self {
            ParamType::Uuid => quote! { ::uuid::Uuid },
            ParamType::Integer => quote! { i64 },
            ParamType::Text => quote! { &str },
        }
    }

    fn pattern(self) -> &'static str {
        match self {
            ParamType::Uuid => UUID_PATTERN,
            ParamType::Integer => "-?[0-9]+",
            ParamType::Text => "[^/]+",
        }
    }
}

/// One path parameter: its name, type, and which path segment it fills.
#[derive(Debug, Clone)]
struct PathParam {
    name: String,
    ty: ParamType,
    segment: usize,
    description: Option<String>,
}

/// A `GET` operation: where a `Location` can point.
struct Readable<'a> {
    path: &'a str,
    params: Vec<PathParam>,
}

/// Emits the `mock` module's items for every operation of `spec`. An error carries the JSON
/// pointer of what could not be mocked.
pub fn emit(spec: &OpenAPI, model: &Model) -> Result<TokenStream, (String, String)> {
    let ops = operations(spec).map_err(|message| ("/paths".to_string(), message))?;
    let readable: Vec<Readable<'_>> = ops
        .iter()
        .filter(|op| op.method == "get")
        .map(|op| Readable { path: op.path, params: op.params.clone() })
        .collect();

    let mut items = Vec::new();
    let mut examples = Examples::default();
    let mut described = Vec::new();
    for op in &ops {
        let pointer = format!("/paths/{}/{}", escape_token(op.path), op.method);
        let located = |message: String| (pointer.clone(), message);
        let id = op.operation.operation_id.as_deref().ok_or_else(|| located("the operation has no operationId".into()))?;
        let wire = model
            .operations
            .iter()
            .find(|w| w.operation_id == id)
            .ok_or_else(|| located(format!("operation `{id}` is missing from the adapted spec")))?;
        let body = request_body(spec, op.operation).map_err(located)?;
        if let Some(body) = &body {
            examples.add(&body.schema, body.example.as_ref(), &format!("the request body of `{id}`"));
        }
        let responses = responses(spec, op.operation, &readable, id).map_err(located)?;
        for response in &responses {
            if let (Some(schema), Some(example)) = (&response.schema, &response.example)
                && is_success(&StatusCode::Code(response.status))
            {
                examples.add(schema, Some(example), &format!("the `{}` answer of `{id}`", response.status));
            }
        }
        items.push(operation_mock(op, id, wire.accept.as_deref(), wire.request.as_ref().map(|r| r.media_type.as_str()), body.as_ref(), &responses));
        described.push((op, id, body, responses));
    }
    // After the loop: the example a doctest needs may come from a later operation.
    let doc_example = described
        .iter()
        .find_map(|(op, id, body, responses)| create_then_retrieve(spec, &ops, op, id, body.as_ref(), responses, &examples));

    let module_doc = module_doc(doc_example.as_deref());
    let example_fns = &examples.items;
    let common = common_items();
    Ok(quote! {
        #(#![doc = #module_doc])*

        use wiremock::{Match, Mock, MockBuilder, Request, Respond, ResponseTemplate};
        #[allow(unused_imports)]
        use crate::types;

        #common
        #(#items)*

        /// The spec's examples as typed values: ready-made request bodies and mock answers.
        pub mod examples {
            #[allow(unused_imports)]
            use crate::types;

            #(#example_fns)*
        }
    })
}

/// One operation of the spec, with its path parameters resolved.
struct Op<'a> {
    path: &'a str,
    method: &'static str,
    operation: &'a Operation,
    params: Vec<PathParam>,
}

fn operations(spec: &OpenAPI) -> Result<Vec<Op<'_>>, String> {
    let mut ops = Vec::new();
    for (path, item) in &spec.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, operation) in methods(item) {
            let mut params = Vec::new();
            for parameter in item.parameters.iter().chain(&operation.parameters) {
                let Parameter::Path { parameter_data, .. } = resolve(spec, parameter)? else { continue };
                let schema = match &parameter_data.format {
                    ParameterSchemaOrContent::Schema(schema) => resolve_schema(spec, schema),
                    ParameterSchemaOrContent::Content(_) => None,
                };
                let placeholder = format!("{{{}}}", parameter_data.name);
                let segment = path
                    .trim_start_matches('/')
                    .split('/')
                    .position(|s| s == placeholder)
                    .ok_or_else(|| format!("path parameter `{}` of `{path}` must fill a whole segment", parameter_data.name))?;
                params.retain(|p: &PathParam| p.name != parameter_data.name);
                params.push(PathParam {
                    name: parameter_data.name.clone(),
                    ty: ParamType::of(schema),
                    segment,
                    description: parameter_data.description.clone(),
                });
            }
            params.sort_by_key(|p| p.segment);
            ops.push(Op { path, method, operation, params });
        }
    }
    Ok(ops)
}

fn methods(item: &PathItem) -> impl Iterator<Item = (&'static str, &Operation)> {
    [
        ("get", &item.get),
        ("put", &item.put),
        ("post", &item.post),
        ("delete", &item.delete),
        ("options", &item.options),
        ("head", &item.head),
        ("patch", &item.patch),
        ("trace", &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
}

fn resolve<'a>(spec: &'a OpenAPI, parameter: &'a ReferenceOr<Parameter>) -> Result<&'a Parameter, String> {
    match parameter {
        ReferenceOr::Item(parameter) => Ok(parameter),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/parameters/")
            .and_then(|name| spec.components.as_ref()?.parameters.get(name)?.as_item())
            .ok_or_else(|| format!("parameter `$ref: {reference}` points nowhere")),
    }
}

fn resolve_schema<'a>(spec: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            spec.components.as_ref()?.schemas.get(name)?.as_item()
        }
    }
}

/// The generated type of a `$ref` schema (typify names types after the schema).
fn schema_name(schema: &Option<ReferenceOr<Schema>>) -> Option<String> {
    match schema {
        Some(ReferenceOr::Reference { reference }) => {
            reference.strip_prefix("#/components/schemas/").map(|name| name.to_upper_camel_case())
        }
        _ => None,
    }
}

/// A request body: its type, whether it is required, and the spec's example.
struct Body {
    schema: String,
    required: bool,
    example: Option<serde_json::Value>,
}

fn request_body(spec: &OpenAPI, operation: &Operation) -> Result<Option<Body>, String> {
    let body: &RequestBody = match &operation.request_body {
        None => return Ok(None),
        Some(ReferenceOr::Item(body)) => body,
        Some(ReferenceOr::Reference { reference }) => reference
            .strip_prefix("#/components/requestBodies/")
            .and_then(|name| spec.components.as_ref()?.request_bodies.get(name)?.as_item())
            .ok_or_else(|| format!("request body `$ref: {reference}` points nowhere"))?,
    };
    let Some((_, media)) = body.content.first() else { return Ok(None) };
    let schema = schema_name(&media.schema).ok_or("the request body's schema is not a `$ref`")?;
    Ok(Some(Body {
        schema,
        required: body.required,
        example: first_example(media),
    }))
}

fn first_example(media: &openapiv3::MediaType) -> Option<serde_json::Value> {
    media.example.clone().or_else(|| {
        media.examples.values().find_map(|example| example.as_item().and_then(|e| e.value.clone()))
    })
}

/// One documented response of an operation.
struct Answer {
    status: u16,
    description: String,
    media: Option<String>,
    schema: Option<String>,
    example: Option<serde_json::Value>,
    /// For a `Location` response: the created resource's path template and its parameter.
    location: Option<(String, PathParam)>,
    request_id: bool,
}

fn responses(spec: &OpenAPI, operation: &Operation, readable: &[Readable<'_>], id: &str) -> Result<Vec<Answer>, String> {
    let mut answers = Vec::new();
    for (status, response) in &operation.responses.responses {
        // Ranges such as `5XX` have no single status to answer with; `respond_with` covers them.
        let StatusCode::Code(code) = status else { continue };
        let response: &Response = resolve_response(spec, response).ok_or_else(|| format!("`{id}` {code}: the response `$ref` points nowhere"))?;
        let (media, content) = match response.content.first() {
            Some((media, content)) => (Some(media.clone()), Some(content)),
            None => (None, None),
        };
        let schema = match content {
            Some(content) => Some(schema_name(&content.schema).ok_or_else(|| format!("`{id}` {code}: mock helpers need a `$ref` schema"))?),
            None => None,
        };
        let header = |name: &str| response.headers.iter().find(|(h, _)| h.eq_ignore_ascii_case(name)).map(|(_, h)| h);
        let location = match header("location") {
            Some(location) if is_success(status) => Some(location_target(spec, location, readable, id, *code)?),
            _ => None,
        };
        answers.push(Answer {
            status: *code,
            description: response.description.trim().to_string(),
            media,
            schema,
            example: content.and_then(first_example),
            location,
            request_id: header("x-request-id").is_some(),
        });
    }
    Ok(answers)
}

/// Where a `Location` points: the `GET` operation whose path template matches the path of
/// the header's example.
fn location_target(
    spec: &OpenAPI,
    header: &ReferenceOr<openapiv3::Header>,
    readable: &[Readable<'_>],
    id: &str,
    code: u16,
) -> Result<(String, PathParam), String> {
    let header = match header {
        ReferenceOr::Item(header) => Some(header),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/headers/")
            .and_then(|name| spec.components.as_ref()?.headers.get(name)?.as_item()),
    }
    .ok_or_else(|| format!("`{id}` {code}: the `Location` header `$ref` points nowhere"))?;
    let example = header
        .example
        .as_ref()
        .and_then(|e| e.as_str())
        .ok_or_else(|| format!("`{id}` {code}: give the `Location` header an example URL, so the mock knows which resource it names"))?;
    let path = url_path(example);
    let matches: Vec<&Readable<'_>> = readable.iter().filter(|r| template_matches(r.path, path)).collect();
    match matches.as_slice() {
        [target] if target.params.len() == 1 => Ok((target.path.to_string(), target.params[0].clone())),
        [target] => Err(format!("`{id}` {code}: `Location` points at `{}`, which needs exactly one path parameter", target.path)),
        _ => Err(format!("`{id}` {code}: the `Location` example `{example}` matches no single `GET` path of the spec")),
    }
}

/// The path of an absolute URL, without query or fragment.
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    path.split(['?', '#']).next().unwrap_or(path)
}

fn template_matches(template: &str, path: &str) -> bool {
    let template: Vec<&str> = template.trim_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_matches('/').split('/').collect();
    template.len() == path.len()
        && template.iter().zip(&path).all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

/// One `#[doc]` per line, each with a leading space, so prettyplease prints `/// text`.
fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #(#[doc = #lines])* }
}

/// Escapes regex metacharacters in a literal path segment.
fn regex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// `^/customers/<uuid>/exchange-sessions$` for `/customers/{id}/exchange-sessions`.
fn path_regex(path: &str, params: &[PathParam]) -> String {
    let segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .enumerate()
        .map(|(index, segment)| match params.iter().find(|p| p.segment == index) {
            Some(param) => param.ty.pattern().to_string(),
            None => regex_escape(segment),
        })
        .collect();
    format!("^/{}$", segments.join("/"))
}

/// `format!` string and arguments that fill `template`'s parameters.
fn fill(template: &str) -> String {
    template
        .split('/')
        .map(|segment| if segment.starts_with('{') && segment.ends_with('}') { "{}" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

/// The method name of a status: `ok`, `created`, `bad_request`, `too_many_requests`.
fn status_method(code: u16) -> String {
    http::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|reason| reason.to_snake_case())
        .unwrap_or_else(|| format!("status_{code}"))
}

fn operation_mock(op: &Op<'_>, id: &str, accept: Option<&str>, content_type: Option<&str>, body: Option<&Body>, answers: &[Answer]) -> TokenStream {
    let method = op.method.to_ascii_uppercase();
    let path = op.path;
    let function = format_ident!("{}", id.to_snake_case());
    let ty = format_ident!("{}Mock", id.to_upper_camel_case());
    let summary = op.operation.summary.as_deref().map(|s| format!(": {}", s.trim_end_matches('.'))).unwrap_or_default();
    let fn_doc = doc(&format!("Starts a mock of `{id}` (`{method} {path}`){summary}."));
    let ty_doc = doc(&format!("A mock of `{id}` (`{method} {path}`), built by [`{function}`]."));
    let regex = path_regex(path, &op.params);

    let mut matchers = vec![quote! { .and(wiremock::matchers::path_regex(#regex)) }];
    let mut matches_doc = vec![format!("`{method}` on `{path}` with any {}", param_list(&op.params))];
    if let Some(accept) = accept {
        matchers.push(quote! { .and(header_is("accept", #accept)) });
        matches_doc.push(format!("`Accept: {accept}`"));
    }
    if let Some(content_type) = content_type {
        matchers.push(quote! { .and(content_type_is(#content_type)) });
        matches_doc.push(format!("`Content-Type: {content_type}` on a body"));
    }
    matchers.push(quote! { .and(bearer_token) });
    matches_doc.push("a bearer token".into());
    let new_doc = doc(&format!("Matches what the client sends: {}.", matches_doc.join(", ")));

    let setters = op.params.iter().map(|param| {
        let name = format_ident!("{}", param.name.to_snake_case());
        let rust = param.ty.rust();
        let segment = Literal::usize_unsuffixed(param.segment);
        let about = param.description.as_deref().map(|d| format!(" ({})", d.trim().trim_end_matches('.'))).unwrap_or_default();
        let doc = doc(&format!("Matches only requests for this `{}`{about}.", param.name));
        quote! {
            #doc
            pub fn #name(self, #name: #rust) -> Self {
                self.and(segment_is(#segment, #name.to_string()))
            }
        }
    });
    let body_setter = body.map(|body| {
        let schema = format_ident!("{}", body.schema);
        let doc = doc(if body.required {
            "Matches only requests whose body equals `body` (compared as JSON)."
        } else {
            "Matches only requests whose body equals `body` (compared as JSON). The client sends `{}`\nwhen no body is given."
        });
        quote! {
            #doc
            pub fn body(self, body: types::#schema) -> Self {
                self.and(wiremock::matchers::body_json(body))
            }
        }
    });
    let request_id = answers.iter().any(|a| a.request_id).then(|| {
        quote! {
            /// Answers with this `X-Request-ID` header.
            pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
                self.request_id = Some(request_id.into());
                self
            }
        }
    });
    let responders = answers.iter().map(responder);

    quote! {
        #fn_doc
        pub fn #function() -> #ty {
            #ty::new()
        }

        #ty_doc
        ///
        /// Narrow what it matches with the setters, then pick the answer with a response method,
        /// which returns a [`wiremock::Mock`] to mount on a [`wiremock::MockServer`].
        #[must_use = "pick a response method, then mount the mock"]
        pub struct #ty {
            builder: MockBuilder,
            request_id: Option<String>,
        }

        impl Default for #ty {
            fn default() -> Self {
                Self::new()
            }
        }

        impl #ty {
            #new_doc
            pub fn new() -> Self {
                let builder = Mock::given(wiremock::matchers::method(#method)) #(#matchers)*;
                Self { builder, request_id: None }
            }

            #(#setters)*
            #body_setter

            /// Adds any other wiremock matcher.
            pub fn and(mut self, matcher: impl Match + 'static) -> Self {
                self.builder = self.builder.and(matcher);
                self
            }

            #request_id
            #(#responders)*

            /// Answers with any response, such as a status the spec does not document.
            pub fn respond_with(self, responder: impl Respond + 'static) -> Mock {
                self.builder.respond_with(responder)
            }
        }
    }
}

fn param_list(params: &[PathParam]) -> String {
    if params.is_empty() {
        return "parameters".into();
    }
    params.iter().map(|p| format!("`{}`", p.name)).collect::<Vec<_>>().join(", ")
}

fn responder(answer: &Answer) -> TokenStream {
    let name = format_ident!("{}", status_method(answer.status));
    let status = Literal::u16_unsuffixed(answer.status);
    let mut doc = format!("`{}`: {}", answer.status, answer.description);
    let mut params = Vec::new();
    let template = match (&answer.schema, &answer.media) {
        (Some(schema), Some(media)) => {
            let schema = format_ident!("{}", schema);
            params.push(quote! { body: types::#schema });
            quote! { json(#status, #media, &body, self.request_id.as_deref()) }
        }
        _ => quote! { empty(#status, self.request_id.as_deref()) },
    };
    let respond = match &answer.location {
        Some((target, param)) => {
            let arg = format_ident!("{}", param.name.to_snake_case());
            let rust = param.ty.rust();
            let fmt = fill(target);
            doc.push_str(&format!(
                "\n\n`Location` is `{{server.uri()}}{target}`: absolute, on the mock server, with\n\
                 the origin the client used (so `Created::retrieve` follows it)."
            ));
            params.insert(0, quote! { #arg: #rust });
            quote! {
                let template = #template;
                self.builder.respond_with(WithLocation { path: format!(#fmt, #arg), template })
            }
        }
        None => quote! { self.builder.respond_with(#template) },
    };
    let doc = self::doc(&doc);
    quote! {
        #doc
        pub fn #name(self, #(#params),*) -> Mock {
            #respond
        }
    }
}

/// The private helpers every operation's mock uses.
fn common_items() -> TokenStream {
    quote! {
        /// Matches when header `name` is exactly `value`.
        fn header_is(name: &'static str, value: &'static str) -> impl Match + 'static {
            move |request: &Request| request.headers.get(name).and_then(|v| v.to_str().ok()) == Some(value)
        }

        /// Matches a request with a body only when its `Content-Type` is `media`.
        fn content_type_is(media: &'static str) -> impl Match + 'static {
            move |request: &Request| {
                request.body.is_empty() || request.headers.get("content-type").and_then(|v| v.to_str().ok()) == Some(media)
            }
        }

        /// Matches when the request carries a bearer token.
        fn bearer_token(request: &Request) -> bool {
            request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .is_some_and(|token| !token.is_empty())
        }

        /// Matches when path segment `index` (counted from 0 after the leading `/`) is `value`.
        fn segment_is(index: usize, value: String) -> impl Match + 'static {
            move |request: &Request| request.url.path_segments().and_then(|mut s| s.nth(index)) == Some(value.as_str())
        }

        /// A JSON answer in the spec's media type.
        fn json(status: u16, media: &str, body: &impl ::serde::Serialize, request_id: Option<&str>) -> ResponseTemplate {
            let body = ::serde_json::to_vec(body).expect("generated types serialize to JSON");
            empty(status, request_id).set_body_raw(body, media)
        }

        /// An answer without a body.
        fn empty(status: u16, request_id: Option<&str>) -> ResponseTemplate {
            let template = ResponseTemplate::new(status);
            match request_id {
                Some(id) => template.insert_header("x-request-id", id),
                None => template,
            }
        }

        /// Adds `Location`: `path` on the mock server. The origin comes from the request's
        /// `Host`, so it is the one the client used and `Created::retrieve` follows it.
        struct WithLocation {
            path: String,
            template: ResponseTemplate,
        }

        impl Respond for WithLocation {
            fn respond(&self, request: &Request) -> ResponseTemplate {
                let origin = match request.headers.get("host").and_then(|v| v.to_str().ok()) {
                    Some(host) => format!("{}://{host}", request.url.scheme()),
                    None => request.url.origin().ascii_serialization(),
                };
                self.template.clone().insert_header("location", format!("{origin}{}", self.path))
            }
        }
    }
}

/// Typed constructors for the spec's examples, one per schema (the first example wins).
#[derive(Default)]
struct Examples {
    names: Vec<String>,
    items: Vec<TokenStream>,
}

impl Examples {
    fn add(&mut self, schema: &str, example: Option<&serde_json::Value>, source: &str) {
        let Some(example) = example else { return };
        if self.names.iter().any(|n| n == schema) {
            return;
        }
        self.names.push(schema.to_string());
        let function = format_ident!("{}", schema.to_snake_case());
        let ty = format_ident!("{}", schema);
        let json = example.to_string();
        let doc = doc(&format!("The spec's example `{schema}`: {source}."));
        self.items.push(quote! {
            #doc
            pub fn #function() -> types::#ty {
                ::serde_json::from_str(#json).expect("the spec's examples match their schemas")
            }
        });
    }

    fn has(&self, schema: &str) -> bool {
        self.names.iter().any(|n| n == schema)
    }
}

/// A doctest for the module: mock an operation that answers with `Location`, then the
/// `GET` it points at; run the client against both. `None` when the spec has no such pair
/// with examples to fill them.
fn create_then_retrieve(
    spec: &OpenAPI,
    ops: &[Op<'_>],
    create: &Op<'_>,
    create_id: &str,
    body: Option<&Body>,
    answers: &[Answer],
    examples: &Examples,
) -> Option<String> {
    let (created, (target, _)) = answers.iter().find_map(|a| a.location.as_ref().map(|l| (a, l)))?;
    let retrieve = ops.iter().find(|op| op.method == "get" && op.path == target)?;
    let retrieve_id = retrieve.operation.operation_id.as_deref()?;
    let retrieve_answers = responses(spec, retrieve.operation, &[], retrieve_id).ok()?;
    let ok = retrieve_answers.iter().find(|a| is_success(&StatusCode::Code(a.status)) && a.schema.is_some())?;
    let ok_schema = ok.schema.as_deref().filter(|s| examples.has(s))?;
    let [create_param] = create.params.as_slice() else { return None };

    let create_fn = create_id.to_snake_case();
    let retrieve_fn = retrieve_id.to_snake_case();
    let param = create_param.name.to_snake_case();
    let created_method = status_method(created.status);
    let ok_method = status_method(ok.status);
    let ok_example = ok_schema.to_snake_case();
    let (body_let, body_call) = match body {
        Some(body) if examples.has(&body.schema) => {
            (format!("let body = mock::examples::{}();\n", body.schema.to_snake_case()), ".body(body)")
        }
        Some(body) if body.required => return None,
        _ => (String::new(), ""),
    };
    // Name the ids after what they identify: `/customers/{id}` -> `customer`.
    let var = |op: &Op<'_>, param: &PathParam| {
        let segment = op.path.trim_start_matches('/').split('/').nth(param.segment.checked_sub(1)?)?;
        Some(segment.strip_suffix('s').unwrap_or(segment).to_snake_case())
    };
    let parent_var = var(create, create_param).unwrap_or_else(|| "parent".into());
    let [retrieve_param] = retrieve.params.as_slice() else { return None };
    let child_var = var(retrieve, retrieve_param).filter(|v| *v != parent_var).unwrap_or_else(|| "created_id".into());
    let new_id = |ty: ParamType| (ty == ParamType::Uuid).then_some("Uuid::new_v4()");
    let parent = new_id(create_param.ty)?;
    let child = new_id(retrieve_param.ty)?;
    let retrieve_param = retrieve_param.name.to_snake_case();
    Some(format!(
        r#"```
use dwolla_exchange_sessions::{{Client, Environment, mock}};
use uuid::Uuid;

# #[tokio::main(flavor = "current_thread")]
# async fn main() -> Result<(), Box<dyn std::error::Error>> {{
let server = wiremock::MockServer::start().await;
let ({parent_var}, {child_var}) = ({parent}, {child});
let answer = mock::examples::{ok_example}();
mock::{create_fn}().{param}({parent_var}).{created_method}({child_var}).expect(1).mount(&server).await;
mock::{retrieve_fn}().{retrieve_param}({child_var}).{ok_method}(answer.clone()).expect(1).mount(&server).await;

// The code under test, pointed at the mock server.
let client = Client::builder(Environment::Custom(server.uri())).bearer_token("test-token").build()?;
{body_let}let created = client.{create_fn}().{param}({parent_var}){body_call}.send().await?;
assert_eq!(created.id()?, {child_var});
let fetched = created.retrieve(&client).await?;
assert_eq!(serde_json::to_value(&*fetched)?, serde_json::to_value(&answer)?);
# Ok(())
# }}
```"#
    ))
}

fn module_doc(example: Option<&str>) -> Vec<String> {
    let mut doc = String::from(
        "Typed [wiremock] helpers for testing code that calls this API (the `mock` feature).\n\
         \n\
         Each operation has a function that starts a mock matching what the client sends:\n\
         method, path (any id, or one you name), `Accept`, `Content-Type` and a bearer token.\n\
         Narrow it with setters, then pick the answer with a method named after a documented\n\
         status, typed by its schema; it returns a [`wiremock::Mock`] to mount. A `201` answers\n\
         with an absolute `Location` on the mock server, so `Created::id` and\n\
         `Created::retrieve` work as against Dwolla. A request the spec would reject matches\n\
         nothing, and wiremock answers `404`.\n\
         \n\
         [`examples`] holds the spec's examples as typed values.\n",
    );
    if let Some(example) = example {
        doc.push_str("\n# Example: a test that mocks create, then retrieve\n\n");
        doc.push_str(example);
        doc.push('\n');
    }
    doc.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }).collect()
}
