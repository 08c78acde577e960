//! Typed wiremock helpers for the client's users, emitted into [`MOCK_FILE`], which the
//! hand-written `mock` module of the client compiles behind its `mock` feature.
//!
//! progenitor can generate httpmock helpers, but those cannot answer a `201` with the
//! absolute `Location` the client follows. The generic part (the `OperationMock` type,
//! its matchers and responders) is hand-written in the client crate; this stage emits only
//! what depends on the spec, read off the [`crate::model`] and progenitor's output:
//! - per operation, a function that starts its mock (method, path pattern, `Accept`,
//!   `Content-Type`), a marker type, setters for its path parameters and JSON body, and
//!   one answer method per documented status, typed by that status's body;
//! - the spec's request and success examples as typed constructors in `mock::examples`.
//!
//! It never refuses a document: a piece it cannot type (a body that is not JSON, a path
//! parameter inside a segment) is matched less narrowly or answered with raw bytes.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, Response, SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use syn::ImplItemFn;

use crate::document::{OperationRef, effective_parameters, is_json_media_type, is_progenitor_success, resolve_response, resolve_schema};
use crate::load::Loaded;
use crate::model::{BodyKind, ErrorSchema, ErrorStatus, Model, OperationModel, chosen_response_media, method_name, type_name};
use crate::{Error, GeneratedFile, extras, format};

/// The generated mock helpers, relative to the client crate's directory. The hand-written
/// `src/mock/mod.rs` beside it includes and re-exports it.
pub const MOCK_FILE: &str = "src/mock/operations.rs";

/// Matches any UUID in a path segment.
const UUID_PATTERN: &str = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// Methods of the hand-written `OperationMock`: generated names must not repeat them.
const RESERVED_METHODS: &[&str] = &["new", "and", "request_id", "respond_with", "path_segment", "json_body", "answer", "answer_at", "template"];

/// Runs the mock stage and formats it as the file [`MOCK_FILE`]. `client` is the generated
/// client (progenitor's output and the extras), whose types the helpers take.
pub fn file(loaded: &Loaded, model: &Model, client: &syn::File, spec_name: &str) -> Result<GeneratedFile, Error> {
    Ok(GeneratedFile {
        path: PathBuf::from(MOCK_FILE),
        contents: format::format_tokens(emit(&loaded.spec, model, client), spec_name)?,
    })
}

/// Emits the generated half of the `mock` module for every operation of `model`.
pub fn emit(spec: &OpenAPI, model: &Model, client: &syn::File) -> TokenStream {
    let builders = Builders::read(client);
    let places: HashMap<(&str, String), OperationRef<'_>> =
        crate::document::operations(spec).map(|op| ((op.path, op.method.to_ascii_lowercase()), op)).collect();
    let found: Vec<Option<&OperationRef<'_>>> =
        model.operations.iter().map(|op| places.get(&(op.path.as_str(), op.method.to_ascii_lowercase()))).collect();
    let params: Vec<Vec<PathParam>> = model.operations.iter().zip(&found).map(|(op, doc)| path_params(spec, op, *doc)).collect();

    let mut examples = Examples::default();
    let mut functions = Vec::new();
    let mut markers = Vec::new();
    for (index, op) in model.operations.iter().enumerate() {
        let Some(doc) = found[index] else { continue };
        let context = Context { spec, model, op, doc, params: &params, index, builders: &builders };
        let (function, marker) = operation(&context, &mut examples);
        functions.push(function);
        markers.push(marker);
    }
    let example_fns = &examples.items;
    quote! {
        //! The spec's half of the `mock` module: per-operation mocks and the spec's examples.

        #[allow(unused_imports)]
        use crate::types;

        #(#functions)*

        /// One marker type per operation: the parameter of its
        /// [`OperationMock`](crate::mock::OperationMock).
        pub mod markers {
            #(#markers)*
        }

        /// The spec's examples as typed values: ready-made request bodies and mock answers.
        pub mod examples {
            #[allow(unused_imports)]
            use crate::types;

            #(#example_fns)*
        }
    }
}

/// Everything one operation's mock is made from.
struct Context<'a> {
    spec: &'a OpenAPI,
    model: &'a Model,
    op: &'a OperationModel,
    doc: &'a OperationRef<'a>,
    /// The path parameters of every operation, by index in the model.
    params: &'a [Vec<PathParam>],
    index: usize,
    builders: &'a Builders<'a>,
}

/// progenitor's builders, by name: the request and response types the client uses.
struct Builders<'a> {
    impls: HashMap<String, Vec<&'a ImplItemFn>>,
}

impl<'a> Builders<'a> {
    fn read(client: &'a syn::File) -> Self {
        Self { impls: extras::builder_module(client).map(extras::builder_impls).unwrap_or_default() }
    }

    fn method(&self, builder: &str, name: &str) -> Option<&'a ImplItemFn> {
        self.impls.get(builder)?.iter().copied().find(|f| f.sig.ident == name)
    }

    /// `T` of the operation's `ResponseValue<T>`, when progenitor's builder is found.
    fn success(&self, builder: &str) -> Option<syn::Type> {
        extras::success_type(self.method(builder, "send")?)
    }

    /// The type the operation's `body` setter converts into.
    fn body(&self, builder: &str) -> Option<syn::Type> {
        extras::setter_target(self.method(builder, "body")?)
    }
}

/// A path parameter's Rust type in the helpers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParamType {
    Uuid,
    Integer,
    Text,
}

impl ParamType {
    fn of(spec: &OpenAPI, parameter: &Parameter) -> Self {
        let schema = match &parameter.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(schema) => resolve_schema(spec, schema),
            ParameterSchemaOrContent::Content(_) => None,
        };
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

/// One path parameter, and the path segment it fills on its own (when it does).
#[derive(Debug, Clone)]
struct PathParam {
    name: String,
    ty: ParamType,
    segment: Option<usize>,
    description: Option<String>,
}

fn path_params(spec: &OpenAPI, op: &OperationModel, doc: Option<&OperationRef<'_>>) -> Vec<PathParam> {
    let Some(doc) = doc else { return Vec::new() };
    let segments: Vec<&str> = op.path.trim_start_matches('/').split('/').collect();
    effective_parameters(spec, doc)
        .into_iter()
        .filter(|p| matches!(p, Parameter::Path { .. }))
        .map(|parameter| {
            let data = parameter.parameter_data_ref();
            let placeholder = format!("{{{}}}", data.name);
            PathParam {
                name: data.name.clone(),
                ty: ParamType::of(spec, parameter),
                segment: segments.iter().position(|s| *s == placeholder),
                description: data.description.clone(),
            }
        })
        .collect()
}

/// `^/customers/<uuid>/exchange-sessions$` for `/customers/{id}/exchange-sessions`. A
/// variable inside a segment matches any text there.
fn path_regex(path: &str, params: &[PathParam]) -> String {
    let segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .enumerate()
        .map(|(index, segment)| match params.iter().find(|p| p.segment == Some(index)) {
            Some(param) => param.ty.pattern().to_string(),
            None => segment_pattern(segment),
        })
        .collect();
    format!("^/{}$", segments.join("/"))
}

fn segment_pattern(segment: &str) -> String {
    let mut pattern = String::new();
    let mut rest = segment;
    while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
        if close < open {
            break;
        }
        pattern.push_str(&regex_escape(&rest[..open]));
        pattern.push_str("[^/]+");
        rest = &rest[close + 1..];
    }
    pattern.push_str(&regex_escape(rest));
    pattern
}

/// Escapes regex metacharacters in literal path text.
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

/// Names unique among one operation's methods, or one method's arguments.
struct Names(BTreeSet<String>);

impl Names {
    fn new(taken: &[&str]) -> Self {
        Self(taken.iter().map(|s| s.to_string()).collect())
    }

    /// `base`, or `base_2`, `base_3`, ... when taken.
    fn claim(&mut self, base: &str) -> Ident {
        let mut name = base.to_string();
        let mut n = 2;
        while self.0.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.0.insert(name.clone());
        format_ident!("{}", name)
    }
}

/// The function that starts one operation's mock and its impl block, and its marker.
fn operation(cx: &Context<'_>, examples: &mut Examples) -> (TokenStream, TokenStream) {
    let op = cx.op;
    let params = &cx.params[cx.index];
    let function = format_ident!("{}", op.method_name);
    let marker = format_ident!("{}", op.type_name);
    let (method, path, id) = (&op.method, &op.path, &op.operation_id);
    let summary = cx.doc.operation.summary.as_deref().map(|s| format!(": {}", s.trim().trim_end_matches('.'))).unwrap_or_default();
    let regex = path_regex(path, params);
    let option = |value: Option<&str>| match value {
        Some(value) => quote! { Some(#value) },
        None => quote! { None },
    };
    let accept = option(op.accept.as_deref());
    let content_type = option(op.request.as_ref().map(|r| r.media_type.as_str()));

    let mut matches = vec![format!("`{method}` on `{path}`")];
    let any: Vec<String> = params.iter().map(|p| format!("`{}`", p.name)).collect();
    if !any.is_empty() {
        matches[0].push_str(&format!(" with any {}", any.join(", ")));
    }
    if let Some(accept) = &op.accept {
        matches.push(format!("`Accept: {accept}`"));
    }
    if let Some(request) = &op.request {
        matches.push(format!("`Content-Type: {}` on a body", request.media_type));
    }
    let fn_doc = doc(&format!("Starts a mock of `{id}` (`{method} {path}`){summary}.\n\nIt matches {} and a bearer token.", matches.join(", ")));

    let mut names = Names::new(RESERVED_METHODS);
    let setters: Vec<TokenStream> = params.iter().filter_map(|param| setter(param, &mut names)).collect();
    let body = body_setter(cx, &mut names, examples);
    let responses = &cx.doc.operation.responses;
    let answers: Vec<TokenStream> = responses
        .responses
        .iter()
        .map(|(status, response)| (Some(status), response))
        .chain(responses.default.iter().map(|response| (None, response)))
        .filter_map(|(status, response)| Some(answer(cx, status, resolve_response(cx.spec, response)?, &mut names, examples)))
        .collect();

    let marker_doc = doc(&format!("Marks a mock of `{id}` (`{method} {path}`), started by [`{function}`](super::{function})."));
    let function = quote! {
        #fn_doc
        pub fn #function() -> crate::mock::OperationMock<markers::#marker> {
            crate::mock::OperationMock::new(#method, #regex, #accept, #content_type)
        }

        impl crate::mock::OperationMock<markers::#marker> {
            #(#setters)*
            #body
            #(#answers)*
        }
    };
    let marker = quote! {
        #marker_doc
        #[derive(Debug, Clone, Copy)]
        pub enum #marker {}
    };
    (function, marker)
}

fn setter(param: &PathParam, names: &mut Names) -> Option<TokenStream> {
    let segment = Literal::usize_unsuffixed(param.segment?);
    let name = names.claim(&method_name(&param.name));
    let rust = param.ty.rust();
    let about = param.description.as_deref().map(|d| format!(" ({})", d.trim().trim_end_matches('.'))).unwrap_or_default();
    let doc = doc(&format!("Matches only requests for this `{}`{about}.", param.name));
    Some(quote! {
        #doc
        pub fn #name(self, #name: #rust) -> Self {
            self.path_segment(#segment, #name)
        }
    })
}

/// A setter that matches the JSON body; other bodies are matched by `Content-Type` only.
fn body_setter(cx: &Context<'_>, names: &mut Names, examples: &mut Examples) -> Option<TokenStream> {
    let request = cx.op.request.as_ref().filter(|r| r.kind == BodyKind::Json)?;
    let ty = cx.builders.body(&cx.op.type_name).map(|ty| quote! { #ty }).unwrap_or_else(|| quote! { ::serde_json::Value });
    if let Some(media) = crate::document::resolve_request_body(cx.spec, cx.doc.operation.request_body.as_ref()?)
        .and_then(|body| body.content.get(&request.media_type))
    {
        examples.add(&ty, first_example(media), &format!("the request body of `{}`", cx.op.operation_id));
    }
    let name = names.claim("body");
    let doc = doc(if request.required {
        "Matches only requests whose body equals `body` (compared as JSON)."
    } else {
        "Matches only requests whose body equals `body` (compared as JSON). The client sends `{}`\nwhen no body is given."
    });
    Some(quote! {
        #doc
        pub fn #name(self, body: #ty) -> Self {
            self.json_body(body)
        }
    })
}

/// What an answer's body is.
enum Payload {
    Empty,
    Json { media: String, ty: TokenStream },
    Raw { media: String },
}

/// The answer method of one documented response (`None` is `default`).
fn answer(cx: &Context<'_>, status: Option<&StatusCode>, response: &Response, names: &mut Names, examples: &mut Examples) -> TokenStream {
    let op = cx.op;
    let media = chosen_response_media(response);
    let media_name = media.map(|(name, _)| name.clone());
    let payload = match (status, &media_name) {
        (_, None) => Payload::Empty,
        (Some(status), Some(media)) if is_progenitor_success(status) => success_payload(cx, media),
        (Some(StatusCode::Code(code)), Some(media)) if *code < 400 => Payload::Raw { media: media.clone() },
        (Some(StatusCode::Range(digit)), Some(media)) if *digit < 4 => Payload::Raw { media: media.clone() },
        (status, Some(media)) => {
            let status = match status {
                Some(StatusCode::Code(code)) => ErrorStatus::Code(*code),
                Some(StatusCode::Range(digit)) => ErrorStatus::Range(*digit),
                None => ErrorStatus::Default,
            };
            match op.errors.iter().find(|e| e.status == status).map(|e| &e.schema) {
                Some(ErrorSchema::Component(schema) | ErrorSchema::Inline { name: schema, .. }) if is_json_media_type(media) => {
                    let ty = format_ident!("{}", type_name(schema));
                    Payload::Json { media: media.clone(), ty: quote! { types::#ty } }
                }
                _ => Payload::Raw { media: media.clone() },
            }
        }
    };
    if let (Some(status), Payload::Json { ty, .. }, Some((_, media))) = (status, &payload, media)
        && is_progenitor_success(status)
    {
        examples.add(ty, first_example(media), &format!("the `{status}` answer of `{}`", op.operation_id));
    }

    let label = status.map(|s| s.to_string()).unwrap_or_else(|| "default".into());
    let (method, status_value) = match status {
        Some(StatusCode::Code(code)) => (status_method(*code), Some(Literal::u16_unsuffixed(*code))),
        Some(StatusCode::Range(digit)) => (format!("status_{digit}xx"), None),
        None => ("default_response".to_string(), None),
    };
    let name = names.claim(&method);
    let mut text = match response.description.trim() {
        "" => format!("`{label}`."),
        description => format!("`{label}`: {description}"),
    };
    let mut args = Names::new(&["self"]);
    let mut params = Vec::new();

    let created = op.created.as_ref().filter(|c| c.status == label);
    let location = created.map(|created| match &created.retrieve {
        Some(retrieve) => {
            let variables = crate::document::template_variables(&retrieve.template).unwrap_or_default();
            let get_params = &cx.params[retrieve.operation];
            let values: Vec<Ident> = variables
                .iter()
                .map(|variable| {
                    let arg = args.claim(&method_name(variable));
                    let ty = get_params.iter().find(|p| &p.name == variable).map_or(ParamType::Text, |p| p.ty).rust();
                    params.push(quote! { #arg: #ty });
                    arg
                })
                .collect();
            let template = &retrieve.template;
            let get = &cx.model.operations[retrieve.operation].operation_id;
            text.push_str(&format!(
                "\n\n`Location` is `{{origin}}{template}`, where `{get}` reads the resource back; `{{origin}}` is the mock server's, as the client addressed it, so `retrieve()` follows it."
            ));
            quote! { crate::mock::Location::fill(#template, &[#(&#values),*]) }
        }
        None => {
            let arg = args.claim("id");
            params.push(quote! { #arg: impl ::std::fmt::Display });
            text.push_str(&format!(
                "\n\n`Location` is the request's URL plus `/{{{arg}}}`, as the client addressed the mock server: the spec has no operation that reads the resource back."
            ));
            quote! { crate::mock::Location::below_request(&#arg) }
        }
    });
    let status_value = match status_value {
        Some(value) => quote! { #value },
        None => {
            let arg = args.claim("status");
            params.push(quote! { #arg: u16 });
            let which = match status {
                Some(StatusCode::Range(digit)) => format!("a `{digit}xx` status"),
                _ => "any status the operation does not list".into(),
            };
            text.push_str(&format!("\n\nAnswers with `{arg}`: {which}."));
            quote! { #arg }
        }
    };
    let body = match &payload {
        Payload::Empty => quote! { crate::mock::Body::Empty },
        Payload::Json { media, ty } => {
            let arg = args.claim("body");
            params.push(quote! { #arg: #ty });
            quote! { crate::mock::Body::json(#media, &#arg) }
        }
        Payload::Raw { media } => {
            let arg = args.claim("body");
            params.push(quote! { #arg: impl Into<Vec<u8>> });
            text.push_str(&format!("\n\nThe body is sent as is, as `{media}`."));
            quote! { crate::mock::Body::raw(#media, #arg) }
        }
    };
    let respond = match location {
        Some(location) => quote! { self.answer_at(#status_value, #body, #location) },
        None => quote! { self.answer(#status_value, #body) },
    };
    let doc = doc(&text);
    quote! {
        #doc
        pub fn #name(self, #(#params),*) -> ::wiremock::Mock {
            #respond
        }
    }
}

/// A success body, typed as progenitor types the operation's response.
fn success_payload(cx: &Context<'_>, media: &str) -> Payload {
    let raw = || Payload::Raw { media: media.to_string() };
    match cx.builders.success(&cx.op.type_name) {
        // No builder found: still answer, untyped.
        None if is_json_media_type(media) => Payload::Json { media: media.to_string(), ty: quote! { ::serde_json::Value } },
        None => raw(),
        Some(syn::Type::Tuple(tuple)) if tuple.elems.is_empty() => raw(),
        Some(syn::Type::Path(path)) if path.path.segments.last().is_some_and(|s| s.ident == "ByteStream" || s.ident == "Upgraded") => raw(),
        Some(ty) => Payload::Json { media: media.to_string(), ty: quote! { #ty } },
    }
}

/// The method name of a status: `ok`, `created`, `bad_request`, `too_many_requests`.
fn status_method(code: u16) -> String {
    http::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(method_name)
        .unwrap_or_else(|| format!("status_{code}"))
}

fn first_example(media: &openapiv3::MediaType) -> Option<&serde_json::Value> {
    media.example.as_ref().or_else(|| media.examples.values().find_map(|example| example.as_item().and_then(|e| e.value.as_ref())))
}

/// Typed constructors for the spec's examples, one per generated type (the first example
/// wins). Only examples of a named type get one: `examples::exchange_session()`.
#[derive(Default)]
struct Examples {
    names: BTreeSet<String>,
    items: Vec<TokenStream>,
}

impl Examples {
    fn add(&mut self, ty: &TokenStream, example: Option<&serde_json::Value>, source: &str) {
        let Some(example) = example else { return };
        let Ok(syn::Type::Path(path)) = syn::parse2::<syn::Type>(ty.clone()) else { return };
        let segments: Vec<&syn::PathSegment> = path.path.segments.iter().collect();
        let [module, ident] = segments.as_slice() else { return };
        if module.ident != "types" || !ident.arguments.is_none() {
            return;
        }
        let schema = ident.ident.to_string();
        let function = method_name(&schema);
        if !self.names.insert(function.clone()) {
            return;
        }
        let function = format_ident!("{}", function);
        let ty = &ident.ident;
        let json = example.to_string();
        let doc = doc(&format!("The spec's example `{schema}`: {source}."));
        self.items.push(quote! {
            #doc
            pub fn #function() -> types::#ty {
                ::serde_json::from_str(#json).expect("the spec's examples match their schemas")
            }
        });
    }
}

/// One `#[doc]` per line, each with a leading space, so prettyplease prints `/// text`.
fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #(#[doc = #lines])* }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, ty: ParamType, segment: Option<usize>) -> PathParam {
        PathParam { name: name.into(), ty, segment, description: None }
    }

    #[test]
    fn path_patterns_type_whole_segments_and_accept_anything_inside_one() {
        let id = param("id", ParamType::Uuid, Some(1));
        assert_eq!(path_regex("/customers/{id}/exchange-sessions", &[id]), format!("^/customers/{UUID_PATTERN}/exchange-sessions$"));
        let file = param("file", ParamType::Text, None);
        assert_eq!(path_regex("/files/{file}.{ext}", &[file]), "^/files/[^/]+\\.[^/]+$");
        assert_eq!(path_regex("/", &[]), "^/$");
    }

    #[test]
    fn names_never_repeat_the_runtime_or_each_other() {
        let mut names = Names::new(RESERVED_METHODS);
        assert_eq!(names.claim("and"), "and_2");
        assert_eq!(names.claim("ok"), "ok");
        assert_eq!(names.claim("ok"), "ok_2");
        assert_eq!(status_method(418), "im_a_teapot");
        assert_eq!(status_method(599), "status_599");
    }
}
