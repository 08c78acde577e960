//! Stage: the operations, emitted from the [`Model`] with `quote!`. progenitor generates
//! the types ([`crate::types`]); everything an operation does is written here:
//! - a `Client` method per operation, starting its builder;
//! - the builder in `operations`: one setter per parameter, the body setters, the
//!   per-call `options`, and `send`, which runs one attempt (`raw_send`: path, query,
//!   headers and body encoded as the document says, the success body decoded) through the
//!   hand-written runtime (auth, retries, typed errors);
//! - its error enum, typing each declared error status's body (`from_api`);
//! - when it creates a resource, a marker type for its `crate::Created` value, with
//!   `retrieve()` when the `Location` names a `GET` operation of the document.
//!
//! Every name comes from the model, so no parameter name can collide with the builder's
//! own members, and no local variable of the emitted code is named after a parameter.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::gate::{self, Gated};
use crate::model::{
    BodyKind, ErrorSchema, ErrorStatus, FieldStep, Model, OperationModel, PagingModel, ParamStyle,
    ParameterModel, Scalar, Security, SuccessBody,
};

/// The module the builders are in.
pub const OPERATIONS_MODULE: &str = "operations";

/// The generated file after its [`types_module`] and before its [`hrefs`]: the builders,
/// the `created` markers and the `Client` methods. It reads only the model, so it runs beside the gating of
/// the types.
pub fn emit(model: &Model) -> Result<TokenStream, String> {
    let mut builders = TokenStream::new();
    let mut markers = TokenStream::new();
    let mut methods = TokenStream::new();
    let (followed, follow) = follow(model)?;
    builders.extend(followed);
    methods.extend(follow);
    for op in &model.operations {
        builders.extend(builder(op)?);
        methods.extend(client_method(op));
        if op.created.is_some() {
            markers.extend(created_marker(op, model)?);
        }
    }
    let imports = (!model.operations.is_empty()).then(|| {
        quote! {
            #[allow(unused_imports)]
            use super::types;
            #[allow(unused_imports, reason = "no operation may be on")]
            use progenitor_client::{Error, ResponseValue};
        }
    });
    Ok(quote! {
        /// Operation builders: each runs through the client's runtime.
        pub mod operations {
            #imports

            #builders
        }

        /// One marker type per operation that creates a resource: the second parameter
        /// of the [`Created`](crate::Created) value it returns.
        pub mod created {
            #[allow(unused_imports)]
            use super::types;

            #markers
        }

        impl crate::Client {
            #methods
        }
    })
}

/// What closes the file: `crate::Href` for each link type (`links`), under the features
/// of the types it names.
pub fn hrefs(gated: &Gated, links: &[String]) -> Result<TokenStream, String> {
    let mut hrefs = TokenStream::new();
    for link in links {
        let cfg = gated.cfg_of(link);
        let link = ty(link)?;
        hrefs.extend(quote! {
            #cfg
            impl crate::Href for #link {
                fn href(&self) -> &str {
                    self.href.as_str()
                }
            }
        });
    }
    Ok(hrefs)
}

/// The `types` module, which opens the file: typify's items, gated.
pub fn types_module(items: Vec<syn::Item>) -> syn::Item {
    let mut module: syn::ItemMod = syn::parse_quote! {
        /// Types used as operation parameters and responses.
        #[allow(clippy::all)]
        #[allow(
            missing_docs,
            reason = "typify leaves its builders and undescribed fields undocumented"
        )]
        #[allow(
            non_camel_case_types,
            reason = "typify names the enum values `+1` and `-1` `plus1` and `minus1`"
        )]
        #[allow(unused_imports, reason = "no type may be on, with no feature on")]
        pub mod types {}
    };
    if let Some((_, contents)) = module.content.as_mut() {
        *contents = items;
    }
    syn::Item::Mod(module)
}

/// The `GET` operations a link can lead to: those that need nothing but their path, the
/// most specific template first (more literal segments), then document order.
fn followable(model: &Model) -> Vec<&OperationModel> {
    let mut gets: Vec<&OperationModel> = model
        .operations
        .iter()
        .filter(|op| {
            op.method == "GET"
                && op.request.is_none()
                && op.created.is_none()
                // A byte stream is no HAL resource (and has no `Debug`).
                && op.success.body != SuccessBody::Bytes
                && op
                    .parameters
                    .iter()
                    .all(|p| p.location == "path" || !p.required)
        })
        .collect();
    let literals = |op: &OperationModel| {
        op.path
            .split('/')
            .filter(|s| !s.is_empty() && !s.starts_with('{'))
            .count()
    };
    gets.sort_by_key(|op| std::cmp::Reverse(literals(op)));
    gets
}

/// For reading `op` from a URL matched against `template`: a binding per template
/// variable (`param_0`, .., by position, so no variable's name can shadow `client`), and
/// the setter calls that pass each, parsed, to `op`'s builder.
fn path_setters(
    op: &OperationModel,
    template: &str,
) -> Result<(Vec<Ident>, Vec<TokenStream>), String> {
    let variables = crate::document::template_variables(template).unwrap_or_default();
    let bindings: Vec<Ident> = (0..variables.len())
        .map(|i| format_ident!("param_{i}"))
        .collect();
    let mut setters = Vec::new();
    for (variable, binding) in variables.iter().zip(&bindings) {
        let Some(parameter) = op
            .parameters
            .iter()
            .find(|p| p.location == "path" && p.name == *variable)
        else {
            continue;
        };
        let setter = ident(&parameter.setter);
        let value = param_type(parameter)?;
        // typify gives some types no `FromStr` (an untagged enum of a `uuid` or `latest`):
        // serde reads those from the text as a JSON string. A `content` one holds JSON.
        let parse = if parameter.style == ParamStyle::Json {
            quote! { parse_param_json }
        } else if parameter.from_str {
            quote! { parse_param }
        } else {
            quote! { parse_param_string }
        };
        setters.push(quote! {
            .#setter(crate::location::#parse::<#value>(&#binding, #variable)?)
        });
    }
    Ok((bindings, setters))
}

/// `operations::Followed` and `Client::follow`: a link read as the typed body of the `GET`
/// operation its path matches, else as untyped JSON.
fn follow(model: &Model) -> Result<(TokenStream, TokenStream), String> {
    let gets = followable(model);
    let mut variants = TokenStream::new();
    let mut arms = TokenStream::new();
    for op in &gets {
        let variant = ident(&op.type_name);
        let success = success_type(op);
        let cfg = gate::cfg(&op.features);
        let doc = format!(" `GET {}`: [`crate::Client::{}`].", op.path, op.method_name);
        variants.extend(quote! {
            #[doc = #doc]
            #cfg
            #variant(crate::ResponseValue<#success>),
        });
        let (bindings, setters) = path_setters(op, &op.path)?;
        let count = bindings.len();
        let method = ident(&op.method_name);
        let template = &op.path;
        arms.extend(quote! {
            #cfg
            {
                if let Some([#(#bindings),*]) = crate::links::matches::<#count>(self, &url, #template) {
                    let response = self.#method() #(#setters)* .send().await?;
                    return Ok(operations::Followed::#variant(response));
                }
            }
        });
    }
    let accept = gets
        .iter()
        .find_map(|op| op.accept.as_deref())
        .unwrap_or("application/json");
    let security = match gets.first().map_or(Security::Bearer, |op| op.security) {
        Security::Bearer => quote! { Bearer },
        Security::Basic => quote! { Basic },
        Security::None => quote! { None },
    };
    let typed = (!gets.is_empty()).then(|| {
        quote! {
            // A query names what no setter is told: only a bare path is read typed.
            if url.query().is_none() {
                #arms
            }
        }
    });
    let followed = quote! {
        /// What [`Client::follow`](crate::Client::follow) read: the typed body of the `GET`
        /// operation whose path a link matches, else untyped JSON.
        #[derive(Debug)]
        pub enum Followed {
            #variants
            /// A link on the client's origin that no operation's path matches, or one with
            /// a query: untyped JSON.
            Untyped(crate::ResponseValue<::serde_json::Value>),
        }
    };
    let method = quote! {
        /// Follows a HAL link (`_links.<rel>`, or any [`Href`](crate::Href)) on the client's
        /// origin, with the client's credentials: a link to another origin is
        /// [`LocationError::ForeignHost`](crate::LocationError::ForeignHost), one that is not
        /// a URI reference [`LocationError::Malformed`](crate::LocationError::Malformed).
        /// The answer is typed when the link's path matches a `GET` operation of the
        /// document (see [`Followed`](operations::Followed) for which).
        pub async fn follow<L: crate::Href + ?Sized>(
            &self,
            link: &L,
        ) -> Result<operations::Followed, crate::Error> {
            let url = crate::links::url(self, link.href())?;
            #typed
            let response = crate::links::get_json(
                self,
                url,
                #accept,
                crate::runtime::Security::#security,
            )
            .await?;
            Ok(operations::Followed::Untyped(response))
        }
    };
    Ok((followed, method))
}

fn ty(source: &str) -> Result<syn::Type, String> {
    syn::parse_str(source).map_err(|e| format!("typify's type `{source}` does not parse: {e}"))
}

fn ident(name: &str) -> Ident {
    format_ident!("{name}")
}

/// ` text` lines for `#[doc]`, one per line of `text`.
fn doc_lines(text: &str) -> TokenStream {
    let mut docs = TokenStream::new();
    let mut in_list = false;
    for line in text.trim().lines() {
        let line = line.trim_end();
        let item = is_list_item(line);
        // Markdown would fold a line after a list item into the item ("lazy
        // continuation"); a blank line keeps it a paragraph, as the author meant.
        if in_list && !item && !line.is_empty() && !line.starts_with(char::is_whitespace) {
            docs.extend(quote! { #[doc = ""] });
        }
        in_list = item || (in_list && line.starts_with(char::is_whitespace));
        let line = format!(" {line}");
        docs.extend(quote! { #[doc = #line] });
    }
    docs
}

/// Whether a Markdown line starts a list item (`- `, `* `, `+ `, `1. `, `1) `).
fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    if ["- ", "* ", "+ "]
        .iter()
        .any(|marker| line.starts_with(marker))
    {
        return true;
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

/// Appends literal path text to the URL being built.
fn push_text(text: &str) -> TokenStream {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => quote! { url.push(#c); },
        _ => quote! { url.push_str(#text); },
    }
}

fn param_type(parameter: &ParameterModel) -> Result<syn::Type, String> {
    ty(parameter
        .rust_type
        .as_deref()
        .unwrap_or("::serde_json::Value"))
}

/// The `Client` method that starts `op`'s builder.
fn client_method(op: &OperationModel) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.type_name);
    let mut text = String::new();
    if let Some(summary) = op
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        text.push_str(summary);
        text.push_str("\n\n");
    }
    if let Some(description) = op
        .description
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        text.push_str(description);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{} {}`: set the parameters on the returned builder, then `.send().await`.",
        op.method, op.path
    ));
    if op.deprecated {
        text.push_str("\n\nThe document marks this operation deprecated.");
    }
    let docs = doc_lines(&text);
    let cfg = gate::cfg(&op.features);
    quote! {
        #docs
        #cfg
        pub fn #method(&self) -> operations::#builder<'_> {
            operations::#builder::new(self)
        }
    }
}

/// What a request body field holds, by how it is set.
enum Body {
    /// A typed body with a typify struct builder: `body` and `body_map`.
    Built {
        ty: Box<syn::Type>,
        builder: Box<syn::Type>,
    },
    /// A typed body without one.
    Typed { ty: Box<syn::Type> },
    /// Bytes the runtime sends itself (multipart, text, binary).
    Raw,
}

fn body(op: &OperationModel) -> Result<Option<Body>, String> {
    let Some(request) = &op.request else {
        return Ok(None);
    };
    Ok(Some(match request.kind {
        BodyKind::Json | BodyKind::Form => {
            let body_type = ty(request
                .rust_type
                .as_deref()
                .unwrap_or("::serde_json::Value"))?;
            match &request.builder {
                Some(builder) => Body::Built {
                    ty: Box::new(body_type),
                    builder: Box::new(ty(builder)?),
                },
                None => Body::Typed {
                    ty: Box::new(body_type),
                },
            }
        }
        BodyKind::Multipart | BodyKind::Text | BodyKind::Bytes => Body::Raw,
    }))
}

/// The builder of `op`, its `send`, its `CallOptions` impl and its error enum.
fn builder(op: &OperationModel) -> Result<TokenStream, String> {
    let name = ident(&op.type_name);
    let method = &op.method_name;
    let head = format!(
        " `{} {}`: started by [`Client::{method}`][start].",
        op.method, op.path
    );
    let link = format!(" [start]: crate::Client::{method}");
    let body = body(op)?;

    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for parameter in &op.parameters {
        let field = ident(&parameter.field);
        let setter = ident(&parameter.setter);
        let value = param_type(parameter)?;
        fields.push(quote! { #field: Option<Result<#value, String>>, });
        let what = format!("the `{}` {} parameter", parameter.name, parameter.location);
        let text = match parameter.description.as_deref().map(str::trim) {
            Some(description) if !description.is_empty() => format!("Sets {what}: {description}"),
            _ => format!("Sets {what}."),
        };
        let docs = doc_lines(&text);
        let failed = format!("the value given for {what} could not be converted");
        setters.push(quote! {
            #docs
            pub fn #setter<V>(mut self, value: V) -> Self
            where
                V: ::std::convert::TryInto<#value>,
            {
                self.#field = Some(value.try_into().map_err(|_| #failed.to_string()));
                self
            }
        });
    }
    let (body_field, body_init, body_setters) = match &body {
        None => (None, None, TokenStream::new()),
        Some(kind) => {
            let request = op.request.as_ref().ok_or("a body without a request")?;
            let text = match request.description.as_deref().map(str::trim) {
                Some(description) if !description.is_empty() => {
                    format!("Sets the request body: {description}")
                }
                _ => "Sets the request body.".to_string(),
            };
            let docs = doc_lines(&text);
            match kind {
                Body::Built { ty, builder } => (
                    Some(quote! { body: Result<#builder, String>, }),
                    Some(quote! { body: Ok(::std::default::Default::default()), }),
                    quote! {
                        #docs
                        pub fn body<V>(mut self, value: V) -> Self
                        where
                            V: ::std::convert::TryInto<#ty>,
                            <V as ::std::convert::TryInto<#ty>>::Error: ::std::fmt::Display,
                        {
                            self.body = value
                                .try_into()
                                .map(From::from)
                                .map_err(|e| format!("the request body could not be converted: {e}"));
                            self
                        }

                        /// Edits the request body through its typed builder.
                        pub fn body_map<F>(mut self, f: F) -> Self
                        where
                            F: ::std::ops::FnOnce(#builder) -> #builder,
                        {
                            self.body = self.body.map(f);
                            self
                        }
                    },
                ),
                Body::Typed { ty } => (
                    Some(quote! { body: Option<Result<#ty, String>>, }),
                    Some(quote! { body: None, }),
                    quote! {
                        #docs
                        pub fn body<V>(mut self, value: V) -> Self
                        where
                            V: ::std::convert::TryInto<#ty>,
                            <V as ::std::convert::TryInto<#ty>>::Error: ::std::fmt::Display,
                        {
                            self.body = Some(
                                value
                                    .try_into()
                                    .map_err(|e| format!("the request body could not be converted: {e}")),
                            );
                            self
                        }
                    },
                ),
                Body::Raw => {
                    let media = &request.media_type;
                    let (param, encode) = match request.kind {
                        BodyKind::Multipart => {
                            (quote! { form: crate::Multipart }, quote! { form.encode() })
                        }
                        BodyKind::Text => (
                            quote! { text: impl Into<String> },
                            quote! { Ok(crate::body::RawBody::new(text.into(), #media)) },
                        ),
                        _ => (
                            quote! { bytes: impl Into<::bytes::Bytes> },
                            quote! { Ok(crate::body::RawBody::new(bytes, #media)) },
                        ),
                    };
                    let text = format!("{text}\n\nSent as `{media}`.");
                    let docs = doc_lines(&text);
                    (
                        Some(quote! { body: Option<Result<crate::body::RawBody, String>>, }),
                        Some(quote! { body: None, }),
                        quote! {
                            #docs
                            pub fn body(mut self, #param) -> Self {
                                self.body = Some(#encode);
                                self
                            }
                        },
                    )
                }
            }
        }
    };
    let inits = op.parameters.iter().map(|p| {
        let field = ident(&p.field);
        quote! { #field: None, }
    });
    let raw_send = raw_send(op, body.as_ref())?;
    let send = send(op, body.as_ref());
    let paging = match &op.paging {
        Some(paging) => pages(op, paging)?,
        None => TokenStream::new(),
    };
    let errors = errors(op)?;
    let cfg = gate::cfg(&op.features);
    Ok(quote! {
        #[doc = #head]
        ///
        #[doc = #link]
        #cfg
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #name<'a> {
            client: &'a crate::Client,
            options: Option<Box<crate::RequestOptions>>,
            #(#fields)*
            #body_field
        }

        #cfg
        impl<'a> #name<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                Self {
                    client,
                    options: None,
                    #(#inits)*
                    #body_init
                }
            }

            #(#setters)*

            #body_setters

            /// Sets this call's options (timeout, retry policy, `Idempotency-Key`, extra
            /// headers, response size limit), replacing any set before; see
            /// [`RequestOptions`](crate::RequestOptions). The same settings one at a time
            /// are the methods of [`CallOptions`](crate::CallOptions).
            pub fn options(mut self, options: crate::RequestOptions) -> Self {
                self.options = Some(Box::new(options));
                self
            }

            #send

            #paging

            #raw_send
        }

        #cfg
        impl crate::CallOptions for #name<'_> {
            fn options_mut(&mut self) -> &mut crate::RequestOptions {
                self.options.get_or_insert_default()
            }
        }

        #errors
    })
}

/// `send`: the whole call through the runtime, each attempt a `raw_send`.
fn send(op: &OperationModel, body: Option<&Body>) -> TokenStream {
    let OperationModel {
        operation_id,
        method,
        path,
        ..
    } = op;
    let builder = ident(&op.type_name);
    let security = match op.security {
        Security::Bearer => quote! { Bearer },
        Security::Basic => quote! { Basic },
        Security::None => quote! { None },
    };
    let success = success_type(op);
    let (output, finish) = match op.created {
        Some(_) => (
            quote! { crate::Created<#success, super::created::#builder> },
            quote! { send_created },
        ),
        None => (quote! { crate::ResponseValue<#success> }, quote! { send }),
    };
    let with_body = matches!(body, Some(Body::Raw)).then(|| {
        let required = op.request.as_ref().is_some_and(|r| r.required);
        quote! {
            let options = crate::runtime::with_body(options, self.body.take(), #required)?;
        }
    });
    let errors_doc = (!op.errors.is_empty()).then(|| {
        let text = format!(
            " An error status is [`Error::Api`](crate::Error::Api); [`{}Error::from_api`] types \
             its body.",
            op.type_name
        );
        quote! {
            ///
            #[doc = #text]
        }
    });
    quote! {
        /// Sends the request through the client's runtime.
        #errors_doc
        pub async fn send(mut self) -> Result<#output, crate::Error> {
            const OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                id: #operation_id,
                method: #method,
                path: #path,
                security: crate::runtime::Security::#security,
            };
            let client = self.client;
            let options = self.options.take().map(|options| *options).unwrap_or_default();
            #with_body
            crate::runtime::#finish(client, &OPERATION, options, move |call| {
                self.clone().raw_send(call)
            })
            .await
        }
    }
}

/// `pages` and `items`: the list as streams, through [`crate::pagination`]'s engine (in
/// the client), which this reads each page for.
fn pages(op: &OperationModel, paging: &PagingModel) -> Result<TokenStream, String> {
    let page = success_type(op);
    let item = ty(&paging.item_type)?;
    let setter = ident(&paging.offset_setter);
    let field = ident(&paging.offset_field);
    let (start, offset) = match &paging.offset_type {
        Scalar::Integer(name) if name == "u64" => (quote! { *offset }, quote! { offset }),
        Scalar::Integer(_) => (
            quote! { u64::try_from(*offset).unwrap_or(0) },
            quote! { offset },
        ),
        Scalar::Text => (
            quote! { offset.parse().unwrap_or(0) },
            quote! { offset.to_string() },
        ),
    };
    let count = match reach(quote! { page }, &paging.items) {
        Reach::Direct(items) => quote! { #items.len() },
        Reach::Optional(items) => quote! { #items.map_or(0, |items| items.len()) },
    };
    let total = match &paging.total {
        None => quote! { None },
        Some((steps, Scalar::Integer(name))) => {
            let unsigned = name == "u64";
            match (reach(quote! { page }, steps), unsigned) {
                (Reach::Direct(total), true) => quote! { Some(#total) },
                (Reach::Direct(total), false) => quote! { u64::try_from(#total).ok() },
                (Reach::Optional(total), true) => quote! { #total.copied() },
                (Reach::Optional(total), false) => {
                    quote! { #total.and_then(|total| u64::try_from(*total).ok()) }
                }
            }
        }
        Some((_, Scalar::Text)) => return Err("a list's `total` is not an integer".into()),
    };
    let (next, linked) = match &paging.next {
        None => (quote! { None }, false),
        Some(steps) => match reach(quote! { page }, steps) {
            Reach::Direct(href) => (quote! { Some(#href.as_str()) }, true),
            Reach::Optional(href) => (quote! { #href.map(|href| href.as_str()) }, true),
        },
    };
    let split = split(&paging.items);
    Ok(quote! {
        /// Every page of the list, from the offset set here (or the first), as a
        /// [`Stream`](::futures_core::Stream) (read it with `futures::StreamExt`). Each
        /// page is one [`send`](Self::send) with this call's options. The stream ends
        /// after the last page, or after an error; [`pagination`](crate::pagination)
        /// says how the end and each next offset are found.
        pub fn pages(
            self,
        ) -> impl ::futures_core::Stream<Item = Result<#page, crate::Error>> + 'a {
            fn cursor(page: &#page) -> crate::pagination::Cursor<'_> {
                crate::pagination::Cursor {
                    count: #count,
                    total: #total,
                    next: #next,
                    linked: #linked,
                }
            }
            let start = match &self.#field {
                Some(Ok(offset)) => #start,
                _ => 0,
            };
            crate::pagination::pages(
                start,
                move |offset| match offset {
                    Some(offset) => self.clone().#setter(#offset).send(),
                    None => self.clone().send(),
                },
                cursor,
            )
        }

        /// Every item of every page, in order, as a stream: [`pages`](Self::pages),
        /// holding one page at a time.
        pub fn items(
            self,
        ) -> impl ::futures_core::Stream<Item = Result<#item, crate::Error>> + 'a {
            fn split(page: #page) -> Vec<#item> {
                #split
            }
            crate::pagination::items(self.pages(), split)
        }
    })
}

/// A value reached through fields: a place (`page.embedded.items`), or an `Option` of a
/// reference once an optional field or a map entry is on the way.
enum Reach {
    Direct(TokenStream),
    Optional(TokenStream),
}

/// Borrows the field at the end of `steps` from `value`.
fn reach(value: TokenStream, steps: &[FieldStep]) -> Reach {
    let mut reach = Reach::Direct(value);
    for step in steps {
        reach = match (reach, step) {
            (Reach::Direct(e), FieldStep::Field { name, optional }) => {
                let name = ident(name);
                if *optional {
                    Reach::Optional(quote! { #e.#name.as_ref() })
                } else {
                    Reach::Direct(quote! { #e.#name })
                }
            }
            (Reach::Direct(e), FieldStep::Key(key)) => Reach::Optional(quote! { #e.get(#key) }),
            (Reach::Optional(e), FieldStep::Field { name, optional }) => {
                let name = ident(name);
                if *optional {
                    Reach::Optional(quote! { #e.and_then(|v| v.#name.as_ref()) })
                } else {
                    Reach::Optional(quote! { #e.map(|v| &v.#name) })
                }
            }
            (Reach::Optional(e), FieldStep::Key(key)) => {
                Reach::Optional(quote! { #e.and_then(|v| v.get(#key)) })
            }
        };
    }
    reach
}

/// Moves the items (at the end of `steps`) out of `page`: none when a field on the way is
/// absent.
fn split(steps: &[FieldStep]) -> TokenStream {
    let mut expr = quote! { page };
    let mut optional_seen = false;
    for step in steps {
        let FieldStep::Field { name, optional } = step else {
            continue;
        };
        let name = ident(name);
        expr = match (optional_seen, *optional) {
            (false, false) => quote! { #expr.#name },
            (false, true) => quote! { #expr.#name },
            (true, false) => quote! { #expr.map(|v| v.#name) },
            (true, true) => quote! { #expr.and_then(|v| v.#name) },
        };
        optional_seen |= *optional;
    }
    if optional_seen {
        quote! { #expr.unwrap_or_default() }
    } else {
        expr
    }
}

fn success_type(op: &OperationModel) -> TokenStream {
    let source = op.success.rust_type.as_deref().unwrap_or("()");
    source.parse().unwrap_or_else(|_| quote! { () })
}

/// `raw_send`: one attempt, from the builder's fields to the decoded success body.
fn raw_send(op: &OperationModel, body: Option<&Body>) -> Result<TokenStream, String> {
    let success = success_type(op);
    let mut reads = TokenStream::new();
    for parameter in &op.parameters {
        let field = ident(&parameter.field);
        let read = if parameter.required {
            let missing = format!(
                "the `{}` {} parameter is required: call `.{}(..)`",
                parameter.name, parameter.location, parameter.setter
            );
            quote! { crate::request::required(&self.#field, #missing)? }
        } else {
            quote! { crate::request::optional(&self.#field)? }
        };
        reads.extend(quote! { let #field = #read; });
        // A `content: application/json` parameter goes on as its JSON text, a string.
        if parameter.style == ParamStyle::Json {
            let location = parameter.location;
            let name = &parameter.name;
            let text = quote! { crate::params::json_text(#location, #name, value) };
            reads.extend(if parameter.required {
                quote! { let #field = &{ let value = #field; #text.map_err(Error::InvalidRequest)? }; }
            } else {
                quote! {
                    let #field = #field.map(|value| #text).transpose().map_err(Error::InvalidRequest)?;
                    let #field = #field.as_ref();
                }
            });
        }
    }

    // The path: the template's text around each variable's encoded value.
    let variables = crate::document::template_variables(&op.path)
        .ok_or_else(|| format!("the path template `{}` does not parse", op.path))?;
    let mut path = Vec::new();
    let mut rest = op.path.as_str();
    for variable in &variables {
        let marker = format!("{{{variable}}}");
        let at = rest
            .find(&marker)
            .ok_or("a template variable not in the template")?;
        let text = &rest[..at];
        if !text.is_empty() {
            path.push(push_text(text));
        }
        rest = &rest[at + marker.len()..];
        let parameter = op
            .parameters
            .iter()
            .find(|p| p.location == "path" && p.name == *variable)
            .ok_or_else(|| format!("no path parameter declares `{{{variable}}}`"))?;
        let field = ident(&parameter.field);
        let name = &parameter.name;
        path.push(quote! {
            url.push_str(
                &crate::params::path_segment(#name, #field).map_err(Error::InvalidRequest)?,
            );
        });
    }
    if !rest.is_empty() {
        path.push(push_text(rest));
    }

    let query: Vec<TokenStream> = op
        .parameters
        .iter()
        .filter(|p| p.location == "query")
        .map(|p| {
            let field = ident(&p.field);
            let name = &p.name;
            let style = match p.style {
                ParamStyle::Form { explode } => {
                    quote! { crate::params::QueryStyle::Form { explode: #explode } }
                }
                // Only path and header parameters are `simple`; a query one reads as `form`.
                // A JSON one is a string by now.
                ParamStyle::Simple | ParamStyle::Json => {
                    quote! { crate::params::QueryStyle::Form { explode: true } }
                }
                ParamStyle::SpaceDelimited => quote! { crate::params::QueryStyle::SpaceDelimited },
                ParamStyle::PipeDelimited => quote! { crate::params::QueryStyle::PipeDelimited },
                ParamStyle::DeepObject => quote! { crate::params::QueryStyle::DeepObject },
            };
            quote! { query.push(#name, &#field, #style).map_err(Error::InvalidRequest)?; }
        })
        .collect();
    let query = (!query.is_empty()).then(|| {
        quote! {
            let mut query = crate::params::Query::new();
            #(#query)*
            query.apply(&mut url);
        }
    });

    let headers = op
        .parameters
        .iter()
        .filter(|p| p.location == "header")
        .map(|p| {
            let field = ident(&p.field);
            let name = &p.name;
            let lower = p.name.to_ascii_lowercase();
            let put = quote! {
                let value =
                    crate::params::header_value(#name, value).map_err(Error::InvalidRequest)?;
                request = request.header(#lower, value);
            };
            if p.required {
                quote! { let value = #field; #put }
            } else {
                quote! { if let Some(value) = #field { #put } }
            }
        });
    let cookies: Vec<TokenStream> = op
        .parameters
        .iter()
        .filter(|p| p.location == "cookie")
        .map(|p| {
            let field = ident(&p.field);
            let name = &p.name;
            quote! { cookies.push(#name, &#field)?; }
        })
        .collect();
    let cookies = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies = crate::request::Cookies::default();
            #(#cookies)*
            if let Some(value) = cookies.header() {
                request = request.header(::reqwest::header::COOKIE, value);
            }
        }
    });

    let accept = op.accept.as_deref().map(|accept| {
        quote! {
            request = request.header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static(#accept),
            );
        }
    });
    let method = ident(&op.method);
    let (read_body, send_body) = match (body, op.request.as_ref()) {
        (Some(Body::Built { ty, .. }), Some(request)) => (
            Some(quote! {
                let body: #ty = crate::request::built(&self.body)?;
                let body = Some(&body);
            }),
            Some(request),
        ),
        (Some(Body::Typed { .. }), Some(request)) => {
            let required = request.required;
            (
                Some(quote! { let body = crate::request::typed(&self.body, #required)?; }),
                Some(request),
            )
        }
        _ => (None, None),
    };
    let send_body = send_body.map(|request| {
        let media = &request.media_type;
        match request.kind {
            BodyKind::Form => quote! { request = crate::request::form(request, body, #media)?; },
            _ => quote! { request = crate::request::json(request, body, #media)?; },
        }
    });

    let arms = op.success.statuses.iter().map(|status| {
        let pattern = match status {
            openapiv3::StatusCode::Code(code) => {
                let code = Literal::u16_unsuffixed(*code);
                quote! { #code }
            }
            openapiv3::StatusCode::Range(digit) => {
                let (low, high) = (
                    Literal::u16_unsuffixed(digit * 100),
                    Literal::u16_unsuffixed(digit * 100 + 99),
                );
                quote! { #low..=#high }
            }
        };
        let value = match op.success.body {
            SuccessBody::Empty => quote! { Ok(crate::hooks::empty(response)) },
            SuccessBody::Json(_) | SuccessBody::Value => {
                quote! { crate::hooks::json(response).await }
            }
            SuccessBody::Bytes => quote! { Ok(crate::hooks::stream(response)) },
        };
        quote! { #pattern => #value, }
    });
    let changed = accept.is_some()
        || op
            .parameters
            .iter()
            .any(|p| matches!(p.location, "header" | "cookie"))
        || send_body.is_some();
    let mutable = changed.then(|| quote! { mut });
    Ok(quote! {
        async fn raw_send(
            self,
            call: ::std::sync::Arc<crate::runtime::CallContext>,
        ) -> Result<ResponseValue<#success>, Error<()>> {
            #reads
            #read_body
            let mut url = String::from(self.client.base());
            #(#path)*
            #[allow(unused_mut)]
            let mut url = crate::request::url(&url)?;
            #query
            let #mutable request = self.client.http().request(::reqwest::Method::#method, url);
            #accept
            #(#headers)*
            #cookies
            #send_body
            let mut request = request.build()?;
            crate::hooks::pre(&call, &mut request).map_err(Error::InvalidRequest)?;
            let response = crate::hooks::exec(self.client.http(), request, &call).await?;
            match response.status().as_u16() {
                #(#arms)*
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    })
}

/// The operation's error enum, one variant per declared error status, and its `from_api`,
/// which matches in order: exact statuses, ranges, `default`. Nothing without errors.
fn errors(op: &OperationModel) -> Result<TokenStream, String> {
    if op.errors.is_empty() {
        return Ok(TokenStream::new());
    }
    let name = format_ident!("{}Error", op.type_name);
    let mut rows: Vec<(u8, TokenStream, TokenStream)> = Vec::new();
    for error in &op.errors {
        let variant = ident(&error.variant);
        let doc = match error.description.trim() {
            "" => format!(" `{}`.", error.status.label()),
            text => format!(" `{}`: {text}", error.status.label()),
        };
        let payload = match (&error.schema, &error.rust_type) {
            (ErrorSchema::Component(_) | ErrorSchema::Inline { .. }, Some(source)) => {
                Some(ty(source)?)
            }
            _ => None,
        };
        let (rank, status) = match &error.status {
            ErrorStatus::Code(code) => {
                let code = Literal::u16_unsuffixed(*code);
                (0, quote! { #code })
            }
            ErrorStatus::Range(digit) => {
                let (low, high) = (
                    Literal::u16_unsuffixed(digit * 100),
                    Literal::u16_unsuffixed(digit * 100 + 99),
                );
                (1, quote! { #low..=#high })
            }
            ErrorStatus::Default => (2, quote! { _ }),
        };
        let (declaration, decode) = match payload {
            Some(ty) => (
                quote! { #[doc = #doc] #variant(#ty), },
                quote! { api.decode_body::<#ty>().ok().map(Self::#variant) },
            ),
            None => (
                quote! { #[doc = #doc] #variant, },
                quote! { Some(Self::#variant) },
            ),
        };
        rows.push((rank, declaration, quote! { #status => #decode, }));
    }
    rows.sort_by_key(|(rank, ..)| *rank);
    // A `default` row ends the match itself.
    let rest = (rows.last().map(|(rank, ..)| *rank) != Some(2)).then(|| quote! { _ => None, });
    let declarations = rows.iter().map(|(_, declaration, _)| declaration);
    let arms = rows.iter().map(|(.., arm)| arm);
    let doc = format!(
        " The error bodies `{}` declares, by status.",
        op.operation_id
    );
    let cfg = gate::cfg(&op.features);
    Ok(quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug, Clone)]
        pub enum #name {
            #(#declarations)*
        }

        #cfg
        impl #name {
            /// Types `api`'s body by its status; `None` if the status is undeclared or the
            /// body does not match.
            pub fn from_api(api: &crate::ApiError) -> Option<Self> {
                match api.status().as_u16() {
                    #(#arms)*
                    #rest
                }
            }
        }
    })
}

/// The marker type of a creating operation, the second parameter of the `Created` value it
/// returns, and, when its target is known, `retrieve()` on that `Created`.
fn created_marker(op: &OperationModel, model: &Model) -> Result<TokenStream, String> {
    let marker = ident(&op.type_name);
    let success = success_type(op);
    let doc = format!(
        " Marks what `{}` created (`{} {}`).",
        op.operation_id, op.method, op.path
    );
    let target = op
        .created
        .as_ref()
        .and_then(|c| c.retrieve.as_ref())
        .map(|r| (r, &model.operations[r.operation]))
        // A GET that itself creates would return a `Created`, not a body: not followed.
        .filter(|(_, get)| get.created.is_none());
    let retrieve = match target {
        None => None,
        Some((retrieve, get)) => {
            let (bindings, setters) = path_setters(get, &retrieve.template)?;
            let get_method = ident(&get.method_name);
            let get_success = success_type(get);
            let template = &retrieve.template;
            let doc = format!(
                " Reads the created resource back with `{}` (`GET {template}`); see \
                 [`Created`](crate::Created) for which `Location`s it follows.",
                get.operation_id
            );
            // Both operations' features: the marker's, and the one that reads it back.
            let cfg = if op.features == get.features {
                gate::cfg(&op.features)
            } else {
                gate::cfg_all(&[&op.features, &get.features])
            };
            Some(quote! {
                #cfg
                impl crate::Created<#success, #marker> {
                    #[doc = #doc]
                    pub async fn retrieve(
                        &self,
                        client: &crate::Client,
                    ) -> Result<crate::ResponseValue<#get_success>, crate::Error> {
                        let [#(#bindings),*] = self.path_params(client, #template)?;
                        client.#get_method() #(#setters)* .send().await
                    }
                }
            })
        }
    };
    let cfg = gate::cfg(&op.features);
    Ok(quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug, Clone, Copy)]
        pub enum #marker {}

        #retrieve
    })
}
