//! Typed wiremock helpers for the client's users, emitted into [`MOCK_FILE`], which the
//! hand-written `mock` module of the client compiles behind its `mock` feature.
//!
//! progenitor can generate httpmock helpers, but those cannot answer a `201` with the
//! absolute `Location` the client follows. Everything generic (the `OperationMock` type, its
//! matchers, responders, `error` answers and their documentation) is hand-written in the
//! client crate; this stage emits only what depends on the spec, read off the
//! [`crate::model`] and progenitor's output, as tersely as it reads well, since generation
//! time grows with the bytes emitted:
//! - per operation, a function that starts its mock (method, path template, `Accept`,
//!   `Content-Type`), a marker type, setters for its path parameters and JSON body, and one
//!   answer method per documented success (or other non-error) status, typed by its body;
//! - per error enum of the client (`operations::<Op>Error`), the `ErrorAnswer` impl that maps
//!   each variant to its status and body, so one generic `error(..)` answers them all;
//! - the media types, once each, as constants;
//! - the spec's request and success examples as typed constructors in `mock::examples`.
//!
//! It never refuses a document: a piece it cannot type (a body that is not JSON, a path
//! parameter inside a segment) is matched less narrowly or answered with raw bytes.

use std::collections::{BTreeSet, HashMap};

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, Response, SchemaKind, StatusCode, Type,
    VariantOrUnknownOrEmpty,
};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::document::{
    OperationRef, effective_parameters, is_json_media_type, is_progenitor_success,
    resolve_response, resolve_schema,
};
use crate::gate::{self, Gated};
use crate::model::{
    BodyKind, ErrorStatus, Model, OperationModel, chosen_response_media, method_name,
};

/// The generated mock helpers, relative to the client crate's directory. The hand-written
/// `src/mock/mod.rs` beside it includes and re-exports it.
pub const MOCK_FILE: &str = "src/mock/operations.rs";

/// Methods of the hand-written `OperationMock`: generated names must not repeat them.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "and",
    "request_id",
    "respond_with",
    "error",
    "error_with_status",
    "path_segment",
    "json_body",
    "answer",
    "answer_at",
    "template",
];

/// Emits the generated half of the `mock` module for every operation of `model`, the file
/// [`MOCK_FILE`] once formatted. The helpers take the types the model holds
/// ([`crate::types`]).
pub fn emit(spec: &OpenAPI, model: &Model, gated: &Gated) -> TokenStream {
    let builders = Builders;
    let places: HashMap<(&str, String), OperationRef<'_>> = crate::document::operations(spec)
        .map(|op| ((op.path, op.method.to_ascii_lowercase()), op))
        .collect();
    let found: Vec<Option<&OperationRef<'_>>> = model
        .operations
        .iter()
        .map(|op| places.get(&(op.path.as_str(), op.method.to_ascii_lowercase())))
        .collect();
    let params: Vec<Vec<PathParam>> = model
        .operations
        .iter()
        .zip(&found)
        .map(|(op, doc)| path_params(spec, op, *doc))
        .collect();

    let mut out = Output::default();
    let mut items = Vec::new();
    let mut markers = Vec::new();
    for (index, op) in model.operations.iter().enumerate() {
        let Some(doc) = found[index] else { continue };
        let context = Context {
            spec,
            op,
            doc,
            params: &params,
            index,
            builders: &builders,
        };
        let variants: Vec<(String, bool)> = op
            .errors
            .iter()
            .map(|e| {
                let typed = matches!(
                    e.schema,
                    crate::model::ErrorSchema::Component(_)
                        | crate::model::ErrorSchema::Inline { .. }
                ) && e.rust_type.is_some();
                (e.variant.clone(), typed)
            })
            .collect();
        let errors = error_answer(&context, Some(&variants), &mut out);
        items.push(operation(&context, errors, &mut out));
        let marker = format_ident!("{}", op.type_name);
        let cfg = gate::cfg(&op.features);
        markers.push(quote! { #cfg pub enum #marker {} });
    }
    let media = out.media.iter().enumerate().map(|(index, media)| {
        let name = media_ident(index);
        quote! {
            #[allow(dead_code, reason = "no operation may be on")]
            const #name: &str = #media;
        }
    });
    let example_fns = out.examples.items.iter().map(|(schema, item)| {
        let cfg = gated.cfg_of(&format!("types::{schema}"));
        quote! { #cfg #item }
    });
    quote! {
        //! The spec's half of the `mock` module: per-operation mocks, the error enums'
        //! answers and the spec's examples. `mock` documents them.

        #[allow(unused_imports)]
        use crate::mock::{Answer, OperationMock};
        #[allow(unused_imports)]
        use crate::{operations, types};
        #[allow(unused_imports)]
        use uuid::Uuid;
        #[allow(unused_imports)]
        use wiremock::Mock;

        #(#media)*

        #(#items)*

        /// One marker type per operation, named like its builder: the parameter of the
        /// [`OperationMock`](crate::mock::OperationMock) that the function of the same name,
        /// in snake case, starts.
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

/// What the operations share in the file: its media types and examples.
#[derive(Default)]
struct Output {
    /// Each media type once, in order of first use: the constant `MEDIA_<index>`.
    media: Vec<String>,
    examples: Examples,
}

impl Output {
    /// The constant that holds `media`.
    fn media(&mut self, media: &str) -> Ident {
        let index = match self.media.iter().position(|m| m == media) {
            Some(index) => index,
            None => {
                self.media.push(media.to_string());
                self.media.len() - 1
            }
        };
        media_ident(index)
    }
}

fn media_ident(index: usize) -> Ident {
    format_ident!("MEDIA_{index}")
}

/// Everything one operation's mock is made from.
struct Context<'a> {
    spec: &'a OpenAPI,
    op: &'a OperationModel,
    doc: &'a OperationRef<'a>,
    /// The path parameters of every operation, by index in the model.
    params: &'a [Vec<PathParam>],
    index: usize,
    builders: &'a Builders,
}

/// The request and response types the client uses, as the model holds them.
struct Builders;

impl Builders {
    /// `T` of the operation's `ResponseValue<T>`.
    fn success(&self, op: &OperationModel) -> Option<syn::Type> {
        syn::parse_str(op.success.rust_type.as_deref()?).ok()
    }

    /// The type the operation's `body` setter converts into.
    fn body(&self, op: &OperationModel) -> Option<syn::Type> {
        syn::parse_str(op.request.as_ref()?.rust_type.as_deref()?).ok()
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
            ParamType::Uuid => quote! { Uuid },
            ParamType::Integer => quote! { i64 },
            ParamType::Text => quote! { &str },
        }
    }

    /// The variable of the mock's path template (see `OperationMock::new`).
    fn variable(self) -> &'static str {
        match self {
            ParamType::Uuid => "{uuid}",
            ParamType::Integer => "{int}",
            ParamType::Text => "{}",
        }
    }
}

/// One path parameter, and the path segment it fills on its own (when it does).
#[derive(Debug, Clone)]
struct PathParam {
    name: String,
    ty: ParamType,
    segment: Option<usize>,
}

fn path_params(
    spec: &OpenAPI,
    op: &OperationModel,
    doc: Option<&OperationRef<'_>>,
) -> Vec<PathParam> {
    let Some(doc) = doc else { return Vec::new() };
    let segments: Vec<&str> = op.path.trim_start_matches('/').split('/').collect();
    let declared = effective_parameters(spec, doc);
    // The model's path parameters: a template variable the document does not declare is
    // text, and a declared one the template lacks is none.
    op.parameters
        .iter()
        .filter(|p| p.location == "path")
        .map(|param| {
            let placeholder = format!("{{{}}}", param.name);
            let ty = declared
                .iter()
                .find(|p| {
                    matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == param.name
                })
                .map_or(ParamType::Text, |p| ParamType::of(spec, p));
            PathParam {
                name: param.name.clone(),
                ty,
                segment: segments.iter().position(|s| *s == placeholder),
            }
        })
        .collect()
}

/// The mock's path template: `/customers/{uuid}/exchange-sessions` for
/// `/customers/{id}/exchange-sessions`. A variable inside a segment matches any text there.
fn path_template(path: &str, params: &[PathParam]) -> String {
    let segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .enumerate()
        .map(
            |(index, segment)| match params.iter().find(|p| p.segment == Some(index)) {
                Some(param) => param.ty.variable().to_string(),
                None => segment_template(segment),
            },
        )
        .collect();
    format!("/{}", segments.join("/"))
}

/// `{}` for each `{variable}` of a segment.
fn segment_template(segment: &str) -> String {
    let mut template = String::new();
    let mut rest = segment;
    while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
        if close < open {
            break;
        }
        template.push_str(&rest[..open]);
        template.push_str("{}");
        rest = &rest[close + 1..];
    }
    template.push_str(rest);
    template
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

/// The function that starts one operation's mock, its error enum's `ErrorAnswer` impl
/// (`errors`), and the impl block of its setters and success answers.
fn operation(cx: &Context<'_>, errors: Option<TokenStream>, out: &mut Output) -> TokenStream {
    let op = cx.op;
    let params = &cx.params[cx.index];
    let function = format_ident!("{}", op.method_name);
    let marker = format_ident!("{}", op.type_name);
    let route = format!("{} {}", op.method, path_template(&op.path, params));
    let accept = match op.accept.as_deref() {
        Some(accept) => {
            let accept = out.media(accept);
            quote! { Some(#accept) }
        }
        None => quote! { None },
    };
    let content_type = match &op.request {
        Some(request) => {
            let media = out.media(&request.media_type);
            quote! { Some(#media) }
        }
        None => quote! { None },
    };
    let fn_doc = format!("Mocks `{} {}`.", op.method, op.path);

    let mut names = Names::new(RESERVED_METHODS);
    let setters: Vec<TokenStream> = params
        .iter()
        .filter_map(|param| setter(param, &mut names))
        .collect();
    let body = body_setter(cx, &mut names, &mut out.examples);
    let responses = &cx.doc.operation.responses;
    let answers: Vec<TokenStream> = responses
        .responses
        .iter()
        .filter(|(status, _)| !is_error(status))
        .filter_map(|(status, response)| {
            Some(answer(
                cx,
                status,
                resolve_response(cx.spec, response)?,
                &mut names,
                out,
            ))
        })
        .collect();

    let methods = (!setters.is_empty() || body.is_some() || !answers.is_empty()).then(|| {
        quote! {
            impl OperationMock<markers::#marker> {
                #(#setters)*
                #body
                #(#answers)*
            }
        }
    });
    let fn_doc = format!(" {fn_doc}");
    let cfg = gate::cfg(&op.features);
    let errors = errors.map(|errors| quote! { #cfg #errors });
    let methods = methods.map(|methods| quote! { #cfg #methods });
    quote! {
        #[doc = #fn_doc]
        #cfg
        pub fn #function() -> OperationMock<markers::#marker> {
            OperationMock::new(#route, #accept, #content_type)
        }

        #errors

        #methods
    }
}

/// Whether a status is one of the operation's errors (typed by its error enum).
fn is_error(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => *code >= 400,
        StatusCode::Range(digit) => *digit >= 4,
    }
}

fn setter(param: &PathParam, names: &mut Names) -> Option<TokenStream> {
    let segment = Literal::usize_unsuffixed(param.segment?);
    let name = names.claim(&method_name(&param.name));
    let rust = param.ty.rust();
    Some(quote! {
        pub fn #name(self, #name: #rust) -> Self {
            self.path_segment(#segment, #name)
        }
    })
}

/// A setter that matches the JSON body; other bodies are matched by `Content-Type` only.
fn body_setter(
    cx: &Context<'_>,
    names: &mut Names,
    examples: &mut Examples,
) -> Option<TokenStream> {
    let request = cx
        .op
        .request
        .as_ref()
        .filter(|r| r.kind == BodyKind::Json)?;
    let ty = cx
        .builders
        .body(cx.op)
        .map(|ty| quote! { #ty })
        .unwrap_or_else(|| quote! { ::serde_json::Value });
    if let Some(media) =
        crate::document::resolve_request_body(cx.spec, cx.doc.operation.request_body.as_ref()?)
            .and_then(|body| body.content.get(&request.media_type))
    {
        examples.add(
            &ty,
            first_example(media),
            &format!("the request body of `{}`", cx.op.operation_id),
        );
    }
    let name = names.claim("body");
    Some(quote! {
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

/// The answer method of one documented status that is not an error.
fn answer(
    cx: &Context<'_>,
    status: &StatusCode,
    response: &Response,
    names: &mut Names,
    out: &mut Output,
) -> TokenStream {
    let op = cx.op;
    let media = chosen_response_media(response);
    let payload = match media {
        None => Payload::Empty,
        Some((media, _)) if is_progenitor_success(status) => success_payload(cx, media),
        Some((media, _)) => Payload::Raw {
            media: media.clone(),
        },
    };
    if let (Payload::Json { ty, .. }, Some((_, media))) = (&payload, media)
        && is_progenitor_success(status)
    {
        out.examples.add(
            ty,
            first_example(media),
            &format!("the `{status}` answer of `{}`", op.operation_id),
        );
    }

    let label = status.to_string();
    let (method, status_value) = match status {
        StatusCode::Code(code) => (status_method(*code), Some(Literal::u16_unsuffixed(*code))),
        StatusCode::Range(digit) => (format!("status_{digit}xx"), None),
    };
    let name = names.claim(&method);
    let text = match response.description.trim() {
        "" => format!("`{label}`."),
        description => format!("`{label}`: {description}"),
    };
    let mut args = Names::new(&["self"]);
    let mut params = Vec::new();

    let created = op.created.as_ref().filter(|c| c.status == label);
    let location = created.map(|created| match &created.retrieve {
        Some(retrieve) => {
            let variables =
                crate::document::template_variables(&retrieve.template).unwrap_or_default();
            let get_params = &cx.params[retrieve.operation];
            let values: Vec<Ident> = variables
                .iter()
                .map(|variable| {
                    let arg = args.claim(&method_name(variable));
                    let ty = get_params
                        .iter()
                        .find(|p| &p.name == variable)
                        .map_or(ParamType::Text, |p| p.ty)
                        .rust();
                    params.push(quote! { #arg: #ty });
                    arg
                })
                .collect();
            let template = &retrieve.template;
            (quote! { answer_at }, quote! { #template, &[#(&#values),*] })
        }
        None => {
            let arg = args.claim("id");
            params.push(quote! { #arg: impl ::std::fmt::Display });
            (quote! { answer_below }, quote! { &#arg })
        }
    });
    let status_value = match status_value {
        Some(value) => quote! { #value },
        None => {
            let arg = args.claim("status");
            params.push(quote! { #arg: u16 });
            quote! { #arg }
        }
    };
    let body = match &payload {
        Payload::Empty => quote! { Answer::empty(#status_value) },
        Payload::Json { media, ty } => {
            let arg = args.claim("body");
            params.push(quote! { #arg: #ty });
            let media = out.media(media);
            quote! { Answer::json(#status_value, #media, &#arg) }
        }
        Payload::Raw { media } => {
            let arg = args.claim("body");
            params.push(quote! { #arg: impl Into<Vec<u8>> });
            let media = out.media(media);
            quote! { Answer::raw(#status_value, #media, #arg) }
        }
    };
    let respond = match location {
        Some((method, location)) => quote! { self.#method(#body, #location) },
        None => quote! { self.answer(#body) },
    };
    let doc = doc(&text);
    quote! {
        #doc
        pub fn #name(self, #(#params),*) -> Mock {
            #respond
        }
    }
}

/// A success body, typed as progenitor types the operation's response.
fn success_payload(cx: &Context<'_>, media: &str) -> Payload {
    let raw = || Payload::Raw {
        media: media.to_string(),
    };
    match cx.builders.success(cx.op) {
        // No builder found: still answer, untyped.
        None if is_json_media_type(media) => Payload::Json {
            media: media.to_string(),
            ty: quote! { ::serde_json::Value },
        },
        None => raw(),
        Some(syn::Type::Tuple(tuple)) if tuple.elems.is_empty() => raw(),
        Some(syn::Type::Path(path))
            if path
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "ByteStream" || s.ident == "Upgraded") =>
        {
            raw()
        }
        Some(ty) => Payload::Json {
            media: media.to_string(),
            ty: quote! { #ty },
        },
    }
}

/// The `ErrorAnswer` impl of the operation's error enum, when the client has one whose
/// variants are the operation's errors: each variant answers with its status, and its body
/// in the media type the document declares.
fn error_answer(
    cx: &Context<'_>,
    variants: Option<&[(String, bool)]>,
    out: &mut Output,
) -> Option<TokenStream> {
    let op = cx.op;
    let variants = variants.filter(|v| v.len() == op.errors.len() && !v.is_empty())?;
    let codes: Vec<u16> = op
        .errors
        .iter()
        .filter_map(|e| {
            if let ErrorStatus::Code(code) = e.status {
                Some(code)
            } else {
                None
            }
        })
        .collect();
    let ranges: Vec<u16> = op
        .errors
        .iter()
        .filter_map(|e| {
            if let ErrorStatus::Range(digit) = e.status {
                Some(digit)
            } else {
                None
            }
        })
        .collect();
    let responses = &cx.doc.operation.responses;
    let (mut with_body, mut without) = (Vec::new(), Vec::new());
    for (error, (variant, has_body)) in op.errors.iter().zip(variants) {
        let variant = format_ident!("{variant}");
        let (status, response) = match error.status {
            ErrorStatus::Code(code) => (code, responses.responses.get(&StatusCode::Code(code))),
            // The first status of the range not listed on its own: `from_api` maps it here.
            ErrorStatus::Range(digit) => {
                let status = (digit * 100..digit * 100 + 100)
                    .find(|s| !codes.contains(s))
                    .unwrap_or(digit * 100);
                (status, responses.responses.get(&StatusCode::Range(digit)))
            }
            // A status neither listed nor in a listed range.
            ErrorStatus::Default => {
                let status = (500..600)
                    .chain(400..500)
                    .find(|s| !codes.contains(s) && !ranges.contains(&(s / 100)))
                    .unwrap_or(500);
                (status, responses.default.as_ref())
            }
        };
        let status = Literal::u16_unsuffixed(status);
        if *has_body {
            let media = response
                .and_then(|r| resolve_response(cx.spec, r))
                .and_then(chosen_response_media)
                .map_or("application/json", |(media, _)| media.as_str());
            let media = out.media(media);
            with_body.push(quote! { Self::#variant(body) => Answer::json(#status, #media, body), });
        } else {
            without.push(quote! { Self::#variant => Answer::empty(#status), });
        }
    }
    let errors = format_ident!("{}Error", op.type_name);
    let marker = format_ident!("{}", op.type_name);
    Some(quote! {
        impl crate::mock::ErrorAnswer for operations::#errors {
            type Operation = markers::#marker;

            fn answer(&self) -> Answer {
                match self {
                    #(#with_body)*
                    #(#without)*
                }
            }
        }
    })
}

/// The method name of a status: `ok`, `created`, `no_content`, `see_other`.
fn status_method(code: u16) -> String {
    http::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(method_name)
        .unwrap_or_else(|| format!("status_{code}"))
}

fn first_example(media: &openapiv3::MediaType) -> Option<&serde_json::Value> {
    media.example.as_ref().or_else(|| {
        media
            .examples
            .values()
            .find_map(|example| example.as_item().and_then(|e| e.value.as_ref()))
    })
}

/// Typed constructors for the spec's examples, one per generated type (the first example
/// wins). Only examples of a named type get one: `examples::exchange_session()`.
#[derive(Default)]
struct Examples {
    names: BTreeSet<String>,
    /// Each constructor, by the schema it builds.
    items: Vec<(String, TokenStream)>,
}

impl Examples {
    fn add(&mut self, ty: &TokenStream, example: Option<&serde_json::Value>, source: &str) {
        let Some(example) = example else { return };
        let Ok(syn::Type::Path(path)) = syn::parse2::<syn::Type>(ty.clone()) else {
            return;
        };
        let segments: Vec<&syn::PathSegment> = path.path.segments.iter().collect();
        let [module, ident] = segments.as_slice() else {
            return;
        };
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
        self.items.push((
            schema,
            quote! {
                #doc
                pub fn #function() -> types::#ty {
                    ::serde_json::from_str(#json).expect("the spec's examples match their schemas")
                }
            },
        ));
    }
}

/// One `#[doc]` per line, each with a leading space, so prettyplease prints `/// text`.
fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #(#[doc = #lines])* }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, ty: ParamType, segment: Option<usize>) -> PathParam {
        PathParam {
            name: name.into(),
            ty,
            segment,
        }
    }

    #[test]
    fn path_templates_type_whole_segments_and_accept_anything_inside_one() {
        let id = param("id", ParamType::Uuid, Some(1));
        assert_eq!(
            path_template("/customers/{id}/exchange-sessions", &[id]),
            "/customers/{uuid}/exchange-sessions"
        );
        let n = param("n", ParamType::Integer, Some(1));
        assert_eq!(path_template("/pets/{n}", &[n]), "/pets/{int}");
        let file = param("file", ParamType::Text, None);
        assert_eq!(
            path_template("/files/{file}.{ext}", &[file]),
            "/files/{}.{}"
        );
        assert_eq!(path_template("/", &[]), "/");
    }

    #[test]
    fn names_never_repeat_the_runtime_or_each_other() {
        let mut names = Names::new(RESERVED_METHODS);
        assert_eq!(names.claim("and"), "and_2");
        assert_eq!(names.claim("error"), "error_2");
        assert_eq!(names.claim("ok"), "ok");
        assert_eq!(names.claim("ok"), "ok_2");
        assert_eq!(status_method(418), "im_a_teapot");
        assert_eq!(status_method(599), "status_599");
    }
}
