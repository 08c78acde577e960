//! Code progenitor lacks, emitted with quote and read off progenitor's own output and the
//! [`crate::model`].
//!
//! For every operation this adds:
//! - an `OPERATION_*` constant with the spec's real method, path, `Accept` and
//!   `Content-Type` (which [`crate::adapt`] hid from progenitor);
//! - a public builder in `operations` that wraps progenitor's builder, forwards each of its
//!   setters (signatures copied from progenitor's output, so they cannot drift), and whose
//!   `send` runs through the client's runtime (auth, retries, typed errors). Per-call
//!   options come from the hand-written `CallOptions` trait;
//! - when the operation creates a resource, a marker type for its `crate::Created` value,
//!   with `retrieve()` when the `Location` names a `GET` operation of the document;
//! - when it declares error responses, an enum of their typed bodies;
//! - a method on the hand-written `crate::Client` that starts the builder.
//!
//! It also binds progenitor's client to the hand-written hooks, which take no generated
//! type, so the hand-written code never names anything generated.

use std::collections::HashMap;

use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::{FnArg, ImplItem, ImplItemFn, Item, Pat, ReturnType, Type};

use crate::model::{BodyKind, ErrorSchema, ErrorStatus, Model, OperationModel, Security};

/// One `impl Client` method progenitor generated, and the builder it returns.
struct ClientMethod<'a> {
    method: &'a ImplItemFn,
    builder: Ident,
}

/// What is known of one operation's wrapper once progenitor's output has been read.
struct Wrapper<'a> {
    op: &'a OperationModel,
    method: &'a ImplItemFn,
    builder: Ident,
    setters: Vec<&'a ImplItemFn>,
    /// `T` of progenitor's `ResponseValue<T>`.
    success: Type,
}

/// Emits the extensions for every operation in `file` (progenitor's output).
pub fn emit(file: &syn::File, model: &Model) -> Result<TokenStream, String> {
    let builder_items = builder_module(file).ok_or("progenitor emitted no `builder` module")?;
    // Indexed once: matching each builder by scanning would be quadratic in operations.
    let ops: HashMap<&str, &OperationModel> = model.operations.iter().map(|op| (op.type_name.as_str(), op)).collect();
    let impls = builder_impls(builder_items);
    let mut wrappers = Vec::new();
    for ClientMethod { method, builder } in client_methods_of(file) {
        let name = builder.to_string();
        let op = *ops.get(name.as_str()).ok_or_else(|| format!("no operation in the spec matches progenitor's builder `{builder}`"))?;
        let builder_impl = impls.get(&name).ok_or_else(|| format!("progenitor emitted no impl for `{builder}`"))?;
        let send = builder_impl.iter().find(|f| f.sig.ident == "send").ok_or_else(|| format!("progenitor's `{builder}` has no `send`"))?;
        let success = success_type(send).ok_or_else(|| format!("cannot read the success type of `{builder}::send`"))?;
        let setters = builder_impl.iter().copied().filter(|f| is_setter(f)).collect();
        wrappers.push(Wrapper { op, method, builder, setters, success });
    }
    let by_index: HashMap<&str, usize> = wrappers.iter().enumerate().map(|(i, w)| (w.op.type_name.as_str(), i)).collect();

    let mut items = Vec::new();
    let mut client_methods = Vec::new();
    let mut created = Vec::new();
    for wrapper in &wrappers {
        items.push(operation_constant(wrapper.op));
        items.push(builder(wrapper));
        items.extend(errors(wrapper.op));
        if wrapper.op.created.is_some() {
            created.push(created_marker(wrapper, &wrappers, model, &by_index));
        }
        let client_method = &wrapper.method.sig.ident;
        let docs = wrapper.method.attrs.iter().filter(|a| a.path().is_ident("doc"));
        let builder = &wrapper.builder;
        client_methods.push(quote! {
            #(#docs)*
            pub fn #client_method(&self) -> operations::#builder<'_> {
                operations::#builder::new(self)
            }
        });
    }
    // Always present: the hand-written crate root re-exports it.
    let created_module = quote! {
        /// One marker type per operation that creates a resource: the second parameter
        /// of the [`Created`](crate::Created) value it returns.
        pub mod created {
            #[allow(unused_imports)]
            use super::{types, ByteStream, ResponseValue};
            #(#created)*
        }
    };

    Ok(quote! {
        impl ClientHooks for Client {
            async fn pre<E>(&self, request: &mut reqwest::Request, _info: &OperationInfo) -> Result<(), Error<E>> {
                crate::hooks::pre(request).map_err(Error::InvalidRequest)
            }
            fn exec(&self, request: reqwest::Request, _info: &OperationInfo) -> impl ::std::future::Future<Output = reqwest::Result<reqwest::Response>> {
                crate::hooks::exec(&self.client, request)
            }
        }

        /// Operation builders that run through the client's runtime.
        pub mod operations {
            #[allow(unused_imports)]
            use super::{types, ByteStream, ResponseValue};
            use super::builder as raw;
            use crate::runtime::Operation;

            fn raw(client: &crate::Client) -> &super::Client {
                client.raw(super::Client::new_with_client)
            }

            #(#items)*
        }

        #created_module

        impl crate::Client {
            #(#client_methods)*
        }
    })
}

fn operation_constant(op: &OperationModel) -> TokenStream {
    let ident = constant_ident(op);
    let OperationModel { operation_id, method, path, .. } = op;
    let option = |value: Option<&str>| match value {
        Some(value) => quote! { Some(#value) },
        None => quote! { None },
    };
    let accept = option(op.accept.as_deref());
    let content_type = option(op.request.as_ref().map(|r| r.media_type.as_str()));
    let security = match op.security {
        Security::Bearer => quote! { Bearer },
        Security::Basic => quote! { Basic },
        Security::None => quote! { None },
    };
    quote! {
        const #ident: Operation = Operation {
            id: #operation_id,
            method: #method,
            path: #path,
            accept: #accept,
            content_type: #content_type,
            security: crate::runtime::Security::#security,
        };
    }
}

fn constant_ident(op: &OperationModel) -> Ident {
    format_ident!("OPERATION_{}", op.method_name.to_ascii_uppercase())
}

fn builder(wrapper: &Wrapper<'_>) -> TokenStream {
    let Wrapper { op, method, builder, success, .. } = wrapper;
    let client_method = &method.sig.ident;
    let constant = constant_ident(op);
    let setters = wrapper.setters.iter().map(|f| forward_setter(f, op));
    let builder_doc = format!("`{} {}`: see [`Client::{client_method}`](crate::Client::{client_method}).", op.method, op.path);
    // Bodies the runtime sends itself; JSON and form bodies stay progenitor's.
    let own_body = op.request.as_ref().filter(|r| matches!(r.kind, BodyKind::Multipart | BodyKind::Text | BodyKind::Bytes));
    let (output, finish) = match &op.created {
        Some(_) => {
            let marker = &op.type_name;
            let marker = format_ident!("{marker}");
            (quote! { crate::Created<#success, super::created::#marker> }, quote! { crate::runtime::send_created })
        }
        None => (quote! { ResponseValue<#success> }, quote! { crate::runtime::send }),
    };
    let (body_field, body_init, body_setter, body_take) = match own_body {
        Some(request) => {
            let doc = match &request.description {
                Some(text) => format!("Sets the `{}` request body: {}", request.media_type, text.trim()),
                None => format!("Sets the `{}` request body.", request.media_type),
            };
            let media = &request.media_type;
            let (param, encode) = match request.kind {
                BodyKind::Multipart => (quote! { form: crate::Multipart }, quote! { form.encode() }),
                BodyKind::Text => (quote! { text: impl Into<String> }, quote! { Ok(crate::body::RawBody::new(text.into(), #media)) }),
                _ => (quote! { bytes: impl Into<::bytes::Bytes> }, quote! { Ok(crate::body::RawBody::new(bytes, #media)) }),
            };
            let required = request.required;
            (
                quote! { body: Option<Result<crate::body::RawBody, String>>, },
                quote! { body: None, },
                quote! {
                    #[doc = #doc]
                    pub fn body(self, #param) -> Self {
                        Self { body: Some(#encode), ..self }
                    }
                },
                quote! {
                    let options = crate::runtime::with_body(options, body, #required)?;
                },
            )
        }
        None => (quote! {}, quote! {}, quote! {}, quote! {}),
    };
    let fields = if own_body.is_some() { quote! { client, raw, options, body } } else { quote! { client, raw, options } };
    let error_doc = (!op.errors.is_empty()).then(|| {
        let errors = format_ident!("{}Error", op.type_name);
        let doc = format!("An error status comes back as [`Error::Api`](crate::Error::Api); [`{errors}::from_api`] types its body.");
        quote! { #[doc = ""] #[doc = #doc] }
    });
    quote! {
        #[doc = #builder_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #builder<'a> {
            client: &'a crate::Client,
            raw: raw::#builder<'a>,
            options: crate::RequestOptions,
            #body_field
        }

        impl<'a> #builder<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                Self {
                    client,
                    raw: raw::#builder::new(raw(client)),
                    options: crate::RequestOptions::default(),
                    #body_init
                }
            }

            #(#setters)*
            #body_setter

            /// Sends the request through the client's runtime: authentication, retries and
            /// per-call options apply.
            #error_doc
            pub async fn send(self) -> Result<#output, crate::Error> {
                let Self { #fields } = self;
                #body_take
                #finish(client, &#constant, options, move || raw.clone().send()).await
            }
        }

        impl crate::CallOptions for #builder<'_> {
            fn options_mut(&mut self) -> &mut crate::RequestOptions {
                &mut self.options
            }
        }
    }
}

/// The enum of an operation's typed error bodies, and its decoder.
fn errors(op: &OperationModel) -> Option<TokenStream> {
    if op.errors.is_empty() {
        return None;
    }
    let name = format_ident!("{}Error", op.type_name);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut ranges = Vec::new();
    let mut default = quote! { _ => None, };
    for error in &op.errors {
        let variant = variant_name(&error.status);
        let doc = match error.description.trim() {
            "" => format!("`{}`.", error.status.label()),
            text => format!("`{}`: {text}", error.status.label()),
        };
        let (payload, decode) = match &error.schema {
            ErrorSchema::None | ErrorSchema::NotJson => (quote! {}, quote! { Some(Self::#variant) }),
            ErrorSchema::Component(schema) | ErrorSchema::Inline { name: schema, .. } => {
                let ty = format_ident!("{}", crate::model::type_name(schema));
                (quote! { (types::#ty) }, quote! { api.decode_body().ok().map(Self::#variant) })
            }
        };
        variants.push(quote! { #[doc = #doc] #variant #payload, });
        match &error.status {
            ErrorStatus::Code(code) => arms.push(quote! { #code => #decode, }),
            ErrorStatus::Range(digit) => {
                let (low, high) = (digit * 100, digit * 100 + 99);
                ranges.push(quote! { #low..=#high => #decode, });
            }
            ErrorStatus::Default => default = quote! { _ => #decode, },
        }
    }
    let doc = format!("The error bodies `{}` declares, by status.", op.operation_id);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// Decodes `api`'s body by the schema the spec declares for its status. `None`
            /// when the status is not declared or the body does not match.
            pub fn from_api(api: &crate::ApiError) -> Option<Self> {
                match api.status().as_u16() {
                    #(#arms)*
                    #(#ranges)*
                    #default
                }
            }
        }
    })
}

fn variant_name(status: &ErrorStatus) -> Ident {
    match status {
        ErrorStatus::Code(code) => match http::StatusCode::from_u16(*code).ok().and_then(|s| s.canonical_reason()) {
            Some(reason) => format_ident!("{}", crate::model::type_name(reason)),
            None => format_ident!("Status{code}"),
        },
        ErrorStatus::Range(digit) => format_ident!("Status{digit}xx"),
        ErrorStatus::Default => format_ident!("Other"),
    }
}

/// The marker type of a creating operation, with `retrieve()` when its target is known.
fn created_marker(wrapper: &Wrapper<'_>, wrappers: &[Wrapper<'_>], model: &Model, by_index: &HashMap<&str, usize>) -> TokenStream {
    let op = wrapper.op;
    let marker = format_ident!("{}", op.type_name);
    let success = &wrapper.success;
    let doc = format!("Marks what `{}` created (`{} {}`).", op.operation_id, op.method, op.path);
    let target = op
        .created
        .as_ref()
        .and_then(|c| c.retrieve.as_ref())
        .and_then(|r| Some((r, by_index.get(model.operations[r.operation].type_name.as_str()).map(|&i| &wrappers[i])?)))
        // A GET that itself creates would return a `Created`, not a body: not followed.
        .filter(|(_, get)| get.op.created.is_none());
    let retrieve = target.map(|(retrieve, get)| {
        let variables = crate::document::template_variables(&retrieve.template).unwrap_or_default();
        let count = variables.len();
        let bindings: Vec<Ident> = (0..count).map(|i| format_ident!("p{i}")).collect();
        let setters = variables.iter().zip(&bindings).map(|(variable, binding)| {
            let setter = format_ident!("{}", crate::model::method_name(variable));
            let ty = get.setters.iter().find(|f| f.sig.ident == setter).and_then(|f| setter_target(f));
            match ty {
                Some(ty) => quote! { .#setter(crate::location::parse_param::<#ty>(&#binding, #variable)?) },
                None => quote! { .#setter(#binding) },
            }
        });
        let get_method = &get.method.sig.ident;
        let get_success = &get.success;
        let template = &retrieve.template;
        let doc = format!(
            "Reads the created resource back with `{}` (`GET {template}`), from the `Location` header. The `Location` must be on the client's own origin: credentials are never sent elsewhere.",
            get.op.operation_id
        );
        quote! {
            impl crate::Created<#success, #marker> {
                #[doc = #doc]
                pub async fn retrieve(&self, client: &crate::Client) -> Result<ResponseValue<#get_success>, crate::Error> {
                    let [#(#bindings),*] = self.path_params::<#count>(client, #template)?;
                    client.#get_method()#(#setters)*.send().await
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        pub enum #marker {}
        #retrieve
    }
}

pub(crate) fn builder_module(file: &syn::File) -> Option<&[Item]> {
    file.items.iter().find_map(|item| match item {
        Item::Mod(module) if module.ident == "builder" => module.content.as_ref().map(|(_, items)| items.as_slice()),
        _ => None,
    })
}

fn client_methods_of(file: &syn::File) -> Vec<ClientMethod<'_>> {
    file.items
        .iter()
        .filter_map(|item| match item {
            Item::Impl(block) if block.trait_.is_none() && type_name(&block.self_ty).is_some_and(|n| n == "Client") => Some(block),
            _ => None,
        })
        .flat_map(|block| block.items.iter())
        .filter_map(|item| match item {
            ImplItem::Fn(method) => {
                let ReturnType::Type(_, ty) = &method.sig.output else { return None };
                let builder = type_name(ty)?;
                Some(ClientMethod { method, builder })
            }
            _ => None,
        })
        .filter(|m| m.method.sig.ident != "new" && m.method.sig.ident != "new_with_client")
        .collect()
}

/// Each builder struct's inherent methods, by struct name.
pub(crate) fn builder_impls(items: &[Item]) -> HashMap<String, Vec<&ImplItemFn>> {
    let mut impls: HashMap<String, Vec<&ImplItemFn>> = HashMap::new();
    for item in items {
        let Item::Impl(block) = item else { continue };
        let Some(name) = type_name(&block.self_ty).filter(|_| block.trait_.is_none()) else { continue };
        let methods = block.items.iter().filter_map(|item| match item {
            ImplItem::Fn(f) => Some(f),
            _ => None,
        });
        impls.entry(name.to_string()).or_default().extend(methods);
    }
    impls
}

/// The last path segment of a type such as `builder::Foo<'_>`.
fn type_name(ty: &Type) -> Option<Ident> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.clone()),
        _ => None,
    }
}

/// progenitor's `fn x(mut self, ..) -> Self` setters.
fn is_setter(setter: &ImplItemFn) -> bool {
    let sig = &setter.sig;
    sig.ident != "new"
        && sig.asyncness.is_none()
        && matches!(&sig.output, ReturnType::Type(_, ty) if matches!(&**ty, Type::Path(p) if p.path.is_ident("Self")))
        && matches!(sig.inputs.first(), Some(FnArg::Receiver(_)))
}

/// `T` from a setter's `where V: std::convert::TryInto<T>`.
pub(crate) fn setter_target(setter: &ImplItemFn) -> Option<Type> {
    let predicates = &setter.sig.generics.where_clause.as_ref()?.predicates;
    predicates.iter().find_map(|predicate| {
        let syn::WherePredicate::Type(bound) = predicate else { return None };
        bound.bounds.iter().find_map(|b| {
            let syn::TypeParamBound::Trait(tr) = b else { return None };
            let last = tr.path.segments.last()?;
            if last.ident != "TryInto" {
                return None;
            }
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
            args.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
        })
    })
}

/// Re-emits one of progenitor's setters as a forwarding method.
fn forward_setter(setter: &ImplItemFn, op: &OperationModel) -> TokenStream {
    let sig = &setter.sig;
    let mut params = Vec::new();
    let mut args = Vec::new();
    for input in sig.inputs.iter().skip(1) {
        let FnArg::Typed(pat_type) = input else { continue };
        let Pat::Ident(pat) = &*pat_type.pat else { continue };
        let name = &pat.ident;
        let ty = &pat_type.ty;
        params.push(quote! { #name: #ty });
        args.push(name.clone());
    }
    let name = &sig.ident;
    let docs: Vec<_> = setter.attrs.iter().filter(|a| a.path().is_ident("doc")).collect();
    let doc = docs.is_empty().then(|| {
        let text = setter_doc(&name.to_string(), op);
        quote! { #[doc = #text] }
    });
    let generics = &sig.generics;
    let where_clause = &sig.generics.where_clause;
    quote! {
        #(#docs)*
        #doc
        pub fn #name #generics (self, #(#params),*) -> Self #where_clause {
            Self { raw: self.raw.#name(#(#args),*), ..self }
        }
    }
}

/// Rustdoc for a setter progenitor left undocumented, from the spec's descriptions.
fn setter_doc(setter: &str, op: &OperationModel) -> String {
    let described = |description: Option<&str>, fallback: String| match description {
        Some(text) => format!("{fallback}: {}", text.trim()),
        None => format!("{fallback}."),
    };
    match setter {
        "body" => described(op.request.as_ref().and_then(|r| r.description.as_deref()), "Sets the request body".into()),
        "body_map" => "Edits the request body through its typed builder.".into(),
        _ => match op.parameters.iter().find(|p| p.name.to_snake_case() == setter) {
            Some(p) => described(p.description.as_deref(), format!("Sets the `{}` {} parameter", p.name, p.location)),
            None => format!("Sets `{setter}`."),
        },
    }
}

/// `T` from progenitor's `async fn send(self) -> Result<ResponseValue<T>, Error<E>>`.
pub(crate) fn success_type(send: &ImplItemFn) -> Option<Type> {
    let ReturnType::Type(_, ty) = &send.sig.output else { return None };
    let result = last_generic_args(ty)?;
    let response_value = result.first()?;
    last_generic_args(response_value)?.into_iter().next()
}

fn last_generic_args(ty: &Type) -> Option<Vec<Type>> {
    let Type::Path(path) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else { return None };
    Some(
        args.args
            .iter()
            .filter_map(|arg| match arg {
                syn::GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
            .collect(),
    )
}
