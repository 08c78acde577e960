//! Code progenitor lacks, emitted with quote and read off progenitor's own output.
//!
//! For every operation this adds:
//! - an `OPERATION_*` constant with the spec's real method, path, `Accept` and
//!   `Content-Type` (which [`crate::adapt`] hid from progenitor);
//! - a public builder in `operations` that wraps progenitor's builder, forwards each of its
//!   setters (signatures copied from progenitor's output, so they cannot drift), adds
//!   per-call options, and whose `send` runs through the client's runtime (auth, retries,
//!   typed errors). A `201` with a `Location` header returns `crate::Created`;
//! - a method on the hand-written `crate::Client` that starts that builder.

use std::collections::HashMap;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::{FnArg, ImplItem, ImplItemFn, Item, Pat, ReturnType, Type};

use crate::adapt::{Adapted, OperationWire};

/// The per-call option methods every emitted builder has. A spec parameter may only map to
/// one of these when it is a header the runtime owns ([`RUNTIME_HEADERS`]).
pub const OPTION_METHODS: &[&str] = &["options", "timeout", "retry", "idempotency_key", "header"];

/// Request headers the runtime sets itself: the spec declares them truthfully, and the
/// builder's option method of the same name sets them (on every attempt of a retry).
pub const RUNTIME_HEADERS: &[&str] = &["Idempotency-Key"];

/// One `impl Client` method progenitor generated, and the builder it returns.
struct ClientMethod<'a> {
    method: &'a ImplItemFn,
    builder: Ident,
}

/// Emits the extensions for every operation in `file` (progenitor's output).
pub fn emit(file: &syn::File, adapted: &Adapted) -> Result<TokenStream, String> {
    let builder_items = builder_module(file).ok_or("progenitor emitted no `builder` module")?;
    // Indexed once: matching each builder by scanning would be quadratic in operations.
    let wires: HashMap<String, &OperationWire> =
        adapted.operations.iter().map(|op| (op.operation_id.to_upper_camel_case(), op)).collect();
    let impls = builder_impls(builder_items);
    let mut wrappers = Vec::new();
    let mut client_methods = Vec::new();
    let mut constants = Vec::new();

    for ClientMethod { method, builder } in client_methods_of(file) {
        let name = builder.to_string();
        let wire = *wires
            .get(&name)
            .ok_or_else(|| format!("no operation in the spec matches progenitor's builder `{builder}`"))?;
        let builder_impl = impls.get(&name).ok_or_else(|| format!("progenitor emitted no impl for `{builder}`"))?;
        let const_ident = format_ident!("OPERATION_{}", wire.operation_id.to_shouty_snake_case());
        constants.push(operation_constant(&const_ident, wire));

        let setters = builder_impl.iter().filter_map(|f| forward_setter(f, wire)).collect::<Vec<_>>();
        let send = builder_impl
            .iter()
            .find(|f| f.sig.ident == "send")
            .ok_or_else(|| format!("progenitor's `{builder}` has no `send`"))?;
        let success = success_type(send).ok_or_else(|| format!("cannot read the success type of `{builder}::send`"))?;
        let (output, finish) = if wire.location {
            (quote! { crate::Created }, quote! { .map(crate::Created::from_response) })
        } else {
            (quote! { ResponseValue<#success> }, quote! {})
        };

        let client_method = &method.sig.ident;
        let docs = method.attrs.iter().filter(|a| a.path().is_ident("doc"));
        let builder_doc = format!(
            "Builder for [`Client::{client_method}`](crate::Client::{client_method}): `{} {}`.",
            wire.method, wire.path
        );
        let send_doc = format!(
            "Sends `{} {}` through the client's runtime: authentication, retries and per-call options apply.",
            wire.method, wire.path
        );
        wrappers.push(quote! {
            #[doc = #builder_doc]
            #[derive(Debug, Clone)]
            #[must_use = "a request does nothing until `.send().await`"]
            pub struct #builder<'a> {
                client: &'a crate::Client,
                raw: raw::#builder<'a>,
                options: crate::RequestOptions,
            }

            impl<'a> #builder<'a> {
                pub(crate) fn new(client: &'a crate::Client) -> Self {
                    Self {
                        client,
                        raw: raw::#builder::new(client.raw()),
                        options: crate::RequestOptions::default(),
                    }
                }

                #(#setters)*

                /// Replaces this call's options (retries, timeout, idempotency key, headers).
                pub fn options(self, options: crate::RequestOptions) -> Self {
                    Self { options, ..self }
                }

                /// Sets this call's total timeout per attempt, overriding the client's.
                pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                    Self { options: self.options.timeout(timeout), ..self }
                }

                /// Sets this call's retry policy, overriding the client's.
                pub fn retry(self, policy: crate::RetryPolicy) -> Self {
                    Self { options: self.options.retry(policy), ..self }
                }

                /// Sets the `Idempotency-Key` sent on every attempt of this call.
                pub fn idempotency_key(self, key: impl Into<String>) -> Self {
                    Self { options: self.options.idempotency_key(key), ..self }
                }

                /// Adds a header to this call.
                pub fn header(self, name: reqwest::header::HeaderName, value: reqwest::header::HeaderValue) -> Self {
                    Self { options: self.options.header(name, value), ..self }
                }

                #[doc = #send_doc]
                pub async fn send(self) -> Result<#output, crate::Error> {
                    let Self { client, raw, options } = self;
                    crate::runtime::send(client, &#const_ident, options, move || raw.clone().send())
                        .await
                        #finish
                }
            }
        });
        client_methods.push(quote! {
            #(#docs)*
            pub fn #client_method(&self) -> operations::#builder<'_> {
                operations::#builder::new(self)
            }
        });
    }

    let error_body = match &adapted.error_schema {
        Some(name) => {
            let ident = format_ident!("{}", name.to_upper_camel_case());
            quote! { types::#ident }
        }
        None => quote! { ::serde_json::Value },
    };

    Ok(quote! {
        /// The body of every API error, as declared by the spec's shared error schema.
        pub type ErrorBody = #error_body;

        /// Operation builders that run through the client's runtime.
        pub mod operations {
            #[allow(unused_imports)]
            use super::{types, ResponseValue};
            use super::builder as raw;
            use crate::runtime::Operation;

            #(#constants)*
            #(#wrappers)*
        }

        impl crate::Client {
            #(#client_methods)*
        }
    })
}

fn operation_constant(ident: &Ident, wire: &OperationWire) -> TokenStream {
    let OperationWire { operation_id, method, path, .. } = wire;
    let option = |value: &Option<String>| match value {
        Some(value) => quote! { Some(#value) },
        None => quote! { None },
    };
    let accept = option(&wire.accept);
    let content_type = option(&wire.content_type);
    let doc = format!("`{operation_id}`: `{method} {path}` as the spec declares it.");
    quote! {
        #[doc = #doc]
        pub(crate) const #ident: Operation = Operation {
            id: #operation_id,
            method: #method,
            path: #path,
            accept: #accept,
            content_type: #content_type,
        };
    }
}

fn builder_module(file: &syn::File) -> Option<&[Item]> {
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
fn builder_impls(items: &[Item]) -> HashMap<String, Vec<&ImplItemFn>> {
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

/// Re-emits one of progenitor's `fn x(mut self, ..) -> Self` setters as a forwarding method.
fn forward_setter(setter: &ImplItemFn, wire: &OperationWire) -> Option<TokenStream> {
    let sig = &setter.sig;
    let skipped = ["new", "send"].iter().chain(OPTION_METHODS);
    if skipped.into_iter().any(|name| sig.ident == name) || sig.asyncness.is_some() {
        return None;
    }
    if !matches!(&sig.output, ReturnType::Type(_, ty) if matches!(&**ty, Type::Path(p) if p.path.is_ident("Self"))) {
        return None;
    }
    let mut inputs = sig.inputs.iter();
    let Some(FnArg::Receiver(_)) = inputs.next() else { return None };
    let mut params = Vec::new();
    let mut args = Vec::new();
    for input in inputs {
        let FnArg::Typed(pat_type) = input else { return None };
        let Pat::Ident(pat) = &*pat_type.pat else { return None };
        let name = &pat.ident;
        let ty = &pat_type.ty;
        params.push(quote! { #name: #ty });
        args.push(name.clone());
    }
    let name = &sig.ident;
    let docs: Vec<_> = setter.attrs.iter().filter(|a| a.path().is_ident("doc")).collect();
    let doc = docs.is_empty().then(|| {
        let text = setter_doc(&name.to_string(), wire);
        quote! { #[doc = #text] }
    });
    let generics = &sig.generics;
    let where_clause = &sig.generics.where_clause;
    Some(quote! {
        #(#docs)*
        #doc
        pub fn #name #generics (self, #(#params),*) -> Self #where_clause {
            Self { raw: self.raw.#name(#(#args),*), ..self }
        }
    })
}

/// Rustdoc for a setter progenitor left undocumented, from the spec's descriptions.
fn setter_doc(setter: &str, wire: &OperationWire) -> String {
    let described = |description: &Option<String>, fallback: String| match description {
        Some(text) => format!("{fallback}: {}", text.trim()),
        None => format!("{fallback}."),
    };
    match setter {
        "body" => described(&wire.body_description, "Sets the request body".into()),
        "body_map" => "Edits the request body through its typed builder.".into(),
        _ => match wire.parameters.iter().find(|(name, _)| name.to_snake_case() == setter) {
            Some((name, description)) => described(description, format!("Sets the `{name}` parameter")),
            None => format!("Sets `{setter}`."),
        },
    }
}

/// `T` from progenitor's `async fn send(self) -> Result<ResponseValue<T>, Error<E>>`.
fn success_type(send: &ImplItemFn) -> Option<Type> {
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
