//! Code progenitor lacks, added to progenitor's own syntax tree and read off the
//! [`crate::model`].
//!
//! progenitor's `builder` module becomes the public `operations` module, and each builder in
//! it is extended in place rather than wrapped, so no setter is emitted twice:
//! - its struct gets the hand-written `crate::Client` it runs through and the per-call
//!   `crate::RequestOptions` (set through the hand-written `CallOptions` trait);
//! - progenitor's `send` becomes the private `raw_send`, one attempt, without the
//!   `api-version` header progenitor adds and with the spec's `Accept` and `Content-Type`
//!   (which [`crate::adapt`] hid from progenitor) in place of `application/json`. It takes
//!   the attempt's context from the runtime and hands it to the hand-written hooks in place
//!   of progenitor's `ClientHooks` calls;
//! - setters progenitor left undocumented get the spec's descriptions;
//! - ordinary Rust follows it, emitted from the model: the new `send`, which runs
//!   `raw_send` through the runtime (auth, retries, typed errors) with the operation's
//!   real method and path, the `CallOptions` impl, and the error enum with its `from_api`;
//! - when it creates a resource, a marker type for its `crate::Created` value, with
//!   `retrieve()` when the `Location` names a `GET` operation of the document.
//!
//! progenitor's `impl Client` methods move, docs and all, to the hand-written
//! `crate::Client`. The hand-written hooks take no generated type, so the hand-written code
//! never names anything generated.

use std::collections::HashMap;

use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::{FnArg, ImplItem, ImplItemFn, Item, ReturnType, Type, parse_quote};

use crate::model::{BodyKind, ErrorSchema, ErrorStatus, Model, OperationModel, Security};

/// The module progenitor names `builder`, as the client exposes it.
pub const OPERATIONS_MODULE: &str = "operations";

/// What progenitor decided for each operation, as plain data, by builder name: the mock
/// stage reads it, possibly on another thread (syntax trees cannot cross threads).
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// By the operation's type name (its builder's name).
    pub operations: HashMap<String, OperationFacts>,
}

/// [`Facts`] of one operation.
#[derive(Debug, Clone)]
pub struct OperationFacts {
    /// `T` of the success `ResponseValue<T>`, as Rust source.
    pub success: String,
    /// What the `body` setter converts into, as Rust source, when progenitor has one.
    pub body: Option<String>,
    /// The variants of `<Op>Error`, in the model's order of errors: name, and whether it
    /// carries a body.
    pub error_variants: Vec<(String, bool)>,
}

/// What is known of one operation once progenitor's output has been read.
struct Operation<'m> {
    op: &'m OperationModel,
    /// The `Client` method that starts it.
    method: Ident,
    /// `T` of progenitor's `ResponseValue<T>`.
    success: Type,
    /// Each setter and the type it converts into, when it says.
    setters: Vec<(Ident, Option<Type>)>,
}

/// Extends progenitor's output `file` with everything the client adds, in place, and
/// returns the [`Facts`] later stages need.
pub fn extend(file: &mut syn::File, model: &Model) -> Result<Facts, String> {
    let by_name: HashMap<&str, &OperationModel> = model
        .operations
        .iter()
        .map(|op| (op.type_name.as_str(), op))
        .collect();
    let methods = take_client_methods(file);
    // typify documents what the document describes; its builders and conversions it does not.
    if let Some(Item::Mod(types)) = file
        .items
        .iter_mut()
        .find(|item| matches!(item, Item::Mod(module) if module.ident == "types"))
    {
        types.attrs.push(parse_quote!(#[allow(
            missing_docs,
            reason = "typify leaves its builders and undescribed fields undocumented"
        )]));
        types.attrs.push(parse_quote!(#[allow(
            non_camel_case_types,
            reason = "typify names the enum values `+1` and `-1` `plus1` and `minus1`"
        )]));
    }
    let module = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(module) if module.ident == "builder" => Some(module),
            _ => None,
        })
        .ok_or("progenitor emitted no `builder` module")?;
    module.ident = format_ident!("{OPERATIONS_MODULE}");
    module.attrs = vec![
        parse_quote!(#[doc = " Operation builders: each runs through the client's runtime."]),
        parse_quote!(#[allow(
            clippy::redundant_field_names,
            reason = "progenitor's builder `new` initialises `client: client`"
        )]),
    ];
    let items = &mut module
        .content
        .as_mut()
        .ok_or("progenitor's `builder` module is empty")?
        .1;

    // Read everything first: progenitor's signatures are what the extras copy.
    let impls = builder_impls(items);
    let mut operations: Vec<Operation<'_>> = Vec::new();
    for method in &methods {
        let builder = method.builder.to_string();
        let op = *by_name.get(builder.as_str()).ok_or_else(|| {
            format!("no operation in the spec matches progenitor's builder `{builder}`")
        })?;
        let functions = impls
            .get(&builder)
            .ok_or_else(|| format!("progenitor emitted no impl for `{builder}`"))?;
        let send = functions
            .iter()
            .find(|f| f.sig.ident == "send")
            .ok_or_else(|| format!("progenitor's `{builder}` has no `send`"))?;
        let success = success_type(send)
            .ok_or_else(|| format!("cannot read the success type of `{builder}::send`"))?;
        let setters = functions
            .iter()
            .filter(|f| is_setter(f))
            .map(|f| (f.sig.ident.clone(), setter_target(f)))
            .collect();
        operations.push(Operation {
            op,
            method: method.function.sig.ident.clone(),
            success,
            setters,
        });
    }
    drop(impls);
    let index: HashMap<&str, usize> = operations
        .iter()
        .enumerate()
        .map(|(i, o)| (o.op.type_name.as_str(), i))
        .collect();

    let templates = Templates::new();
    let old = std::mem::take(items);
    // Each builder gains its row (and at most a `body` setter): no regrowing on the way.
    items.reserve(old.len() + 2 * operations.len() + 2);
    for mut item in old {
        let added = match &mut item {
            Item::Struct(strukt) => {
                if let Some(&i) = index.get(strukt.ident.to_string().as_str()) {
                    extend_struct(strukt, &operations[i], &templates);
                }
                None
            }
            Item::Impl(block) if block.trait_.is_none() => {
                match type_name(&block.self_ty)
                    .and_then(|name| index.get(name.to_string().as_str()).copied())
                {
                    Some(i) => {
                        extend_builder_impl(block, &operations[i], &templates)?;
                        Some(i)
                    }
                    None => None,
                }
            }
            _ => None,
        };
        items.push(item);
        if let Some(i) = added {
            items.extend(operation_items(&operations[i])?);
        }
    }

    items.push(parse_quote! {
        /// progenitor's client, which the builders send through, made on first use.
        fn raw_client(client: &crate::Client) -> &super::Client {
            client.raw(super::Client::new_with_client)
        }
    });

    let mut created: Vec<Item> = Vec::new();
    for operation in operations.iter().filter(|o| o.op.created.is_some()) {
        created.extend(created_marker(operation, &operations, model, &index)?);
    }
    let tail = quote! {
        /// One marker type per operation that creates a resource: the second parameter
        /// of the [`Created`](crate::Created) value it returns.
        pub mod created {
            #[allow(unused_imports)]
            use super::{types, ByteStream, ResponseValue};
        }
    };
    let tail: syn::File =
        syn::parse2(tail).map_err(|e| format!("the client extensions do not parse: {e}"))?;
    file.items.extend(tail.items);
    let created_module = file.items.iter_mut().find_map(|item| match item {
        Item::Mod(module) if module.ident == "created" => module.content.as_mut(),
        _ => None,
    });
    created_module
        .ok_or("the `created` module is missing")?
        .1
        .extend(created);

    // progenitor's `Client` methods, moved with their docs onto the hand-written client.
    let mut client: syn::ItemImpl = parse_quote!(impl crate::Client {});
    for ClientMethod {
        mut function,
        builder,
    } in methods
    {
        (function.sig.output, function.block) = templates.client_method(&builder);
        client.items.push(ImplItem::Fn(function));
    }
    file.items.push(Item::Impl(client));
    Ok(facts(&operations))
}

fn facts(operations: &[Operation<'_>]) -> Facts {
    let operations = operations
        .iter()
        .map(|o| {
            let source = |ty: &Type| quote!(#ty).to_string();
            let body = o
                .setters
                .iter()
                .find(|(name, _)| name == "body")
                .and_then(|(_, ty)| ty.as_ref())
                .map(source);
            let error_variants =
                o.op.errors
                    .iter()
                    .map(|e| {
                        (
                            e.variant.clone(),
                            matches!(
                                e.schema,
                                ErrorSchema::Component(_) | ErrorSchema::Inline { .. }
                            ),
                        )
                    })
                    .collect();
            (
                o.op.type_name.clone(),
                OperationFacts {
                    success: source(&o.success),
                    body,
                    error_variants,
                },
            )
        })
        .collect();
    Facts { operations }
}

/// One `impl Client` method progenitor generated, and the builder it returns.
struct ClientMethod {
    function: ImplItemFn,
    builder: Ident,
}

/// Takes progenitor's operation methods out of its inherent `impl Client` blocks, dropping
/// a block they leave empty.
fn take_client_methods(file: &mut syn::File) -> Vec<ClientMethod> {
    let mut taken = Vec::new();
    for item in &mut file.items {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() || type_name(&block.self_ty).is_none_or(|n| n != "Client") {
            continue;
        }
        let mut kept = Vec::new();
        for member in std::mem::take(&mut block.items) {
            match member {
                ImplItem::Fn(function)
                    if function.sig.ident != "new" && function.sig.ident != "new_with_client" =>
                {
                    match output_type(&function).and_then(type_name) {
                        Some(builder) => taken.push(ClientMethod { function, builder }),
                        None => kept.push(ImplItem::Fn(function)),
                    }
                }
                other => kept.push(other),
            }
        }
        block.items = kept;
    }
    file.items.retain(|item| !matches!(item, Item::Impl(block) if block.trait_.is_none() && block.items.is_empty()));
    taken
}

fn output_type(function: &ImplItemFn) -> Option<&Type> {
    match &function.sig.output {
        ReturnType::Type(_, ty) => Some(ty),
        ReturnType::Default => None,
    }
}

/// Syntax the extras add to every builder, parsed once per run and cloned per operation.
struct Templates {
    must_use: syn::Attribute,
    runtime_client: syn::Field,
    runtime_options: syn::Field,
    runtime_body: syn::Field,
    /// `-> operations::Builder<'_>`, whose `Builder` is replaced.
    method_output: ReturnType,
    /// `{ operations::Builder::new(self) }`, whose `Builder` is replaced.
    method_block: syn::Block,
    /// What each builder's `new` becomes: crate-visible, taking the hand-written client.
    new_vis: syn::Visibility,
    new_inputs: syn::punctuated::Punctuated<FnArg, syn::Token![,]>,
    new_client: syn::Stmt,
    init_client: syn::FieldValue,
    init_options: syn::FieldValue,
    init_body: syn::FieldValue,
    /// `raw_send`'s added parameter, and the calls to the hand-written hooks with it that
    /// replace progenitor's `ClientHooks` calls.
    call_input: FnArg,
    pre: syn::Stmt,
    exec: syn::Stmt,
    /// The hand-written `crate::hooks::{json, empty, stream}`, in place of progenitor's
    /// `ResponseValue::{from_response, empty, stream}`, which copy the response's headers.
    success: [(&'static str, syn::Expr); 3],
}

impl Templates {
    fn new() -> Self {
        Self {
            must_use: parse_quote!(#[must_use = "a request does nothing until `.send().await`"]),
            runtime_client: parse_quote!(runtime_client: &'a crate::Client),
            // Boxed and only when set: the builder is moved into the call and cloned per attempt.
            runtime_options: parse_quote!(runtime_options: Option<Box<crate::RequestOptions>>),
            runtime_body: parse_quote!(runtime_body: Option<Result<crate::body::RawBody, String>>),
            method_output: parse_quote!(-> operations::Builder<'_>),
            method_block: parse_quote!({ operations::Builder::new(self) }),
            new_vis: parse_quote!(pub(crate)),
            new_inputs: parse_quote!(runtime_client: &'a crate::Client),
            new_client: parse_quote!(let client = raw_client(runtime_client);),
            init_client: parse_quote!(runtime_client),
            init_options: parse_quote!(runtime_options: None),
            init_body: parse_quote!(runtime_body: None),
            call_input: parse_quote!(runtime_call: ::std::sync::Arc<crate::runtime::CallContext>),
            pre: parse_quote!(crate::hooks::pre(&runtime_call, &mut request).map_err(Error::InvalidRequest)?;),
            exec: parse_quote!(let result = crate::hooks::exec(&client.client, request, &runtime_call).await;),
            success: [
                ("from_response", parse_quote!(crate::hooks::json)),
                ("empty", parse_quote!(crate::hooks::empty)),
                ("stream", parse_quote!(crate::hooks::stream)),
            ],
        }
    }

    /// The body and output of the `Client` method that starts `builder`.
    fn client_method(&self, builder: &Ident) -> (ReturnType, syn::Block) {
        struct Rename<'a>(&'a Ident);
        impl syn::visit_mut::VisitMut for Rename<'_> {
            fn visit_path_segment_mut(&mut self, segment: &mut syn::PathSegment) {
                if segment.ident == "Builder" {
                    segment.ident = self.0.clone();
                }
                syn::visit_mut::visit_path_segment_mut(self, segment);
            }
        }
        let (mut output, mut block) = (self.method_output.clone(), self.method_block.clone());
        syn::visit_mut::VisitMut::visit_return_type_mut(&mut Rename(builder), &mut output);
        syn::visit_mut::VisitMut::visit_block_mut(&mut Rename(builder), &mut block);
        (output, block)
    }
}

/// `#[doc = text]`, built without parsing.
fn doc_attr(text: &str) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: format_ident!("doc").into(),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::Str(syn::LitStr::new(text, proc_macro2::Span::call_site())),
            }),
        }),
    }
}

/// Adds the runtime's fields to a builder struct and points its docs at the client method.
fn extend_struct(strukt: &mut syn::ItemStruct, operation: &Operation<'_>, templates: &Templates) {
    let op = operation.op;
    let method = &operation.method;
    let doc = format!(
        " `{} {}`: started by [`Client::{method}`][start].",
        op.method, op.path
    );
    // A reference link: the target alone on its line stays within the width.
    let target = String::new();
    let link = format!(" [start]: crate::Client::{method}");
    strukt.attrs.retain(|a| !a.path().is_ident("doc"));
    strukt
        .attrs
        .splice(0..0, [doc_attr(&doc), doc_attr(&target), doc_attr(&link)]);
    strukt.attrs.push(templates.must_use.clone());
    let syn::Fields::Named(fields) = &mut strukt.fields else {
        return;
    };
    fields.named.push(templates.runtime_client.clone());
    fields.named.push(templates.runtime_options.clone());
    if own_body(op).is_some() {
        fields.named.push(templates.runtime_body.clone());
    }
}

/// progenitor's builder methods, changed in place: `new` takes the hand-written client,
/// `send` becomes the private `raw_send` (with the spec's media types), and undocumented
/// setters get the spec's words.
fn extend_builder_impl(
    block: &mut syn::ItemImpl,
    operation: &Operation<'_>,
    templates: &Templates,
) -> Result<(), String> {
    let op = operation.op;
    for member in &mut block.items {
        let ImplItem::Fn(function) = member else {
            continue;
        };
        if function.sig.ident == "new" {
            function.vis = templates.new_vis.clone();
            function.sig.inputs = templates.new_inputs.clone();
            function.block.stmts.insert(0, templates.new_client.clone());
            if let Some(syn::Stmt::Expr(syn::Expr::Struct(init), None)) =
                function.block.stmts.last_mut()
            {
                init.fields.push(templates.init_client.clone());
                init.fields.push(templates.init_options.clone());
                if own_body(op).is_some() {
                    init.fields.push(templates.init_body.clone());
                }
            }
        } else if function.sig.ident == "send" {
            function.sig.ident = format_ident!("raw_send");
            function.vis = syn::Visibility::Inherited;
            function.attrs.retain(|a| !a.path().is_ident("doc"));
            // progenitor sends `info.version` as an `api-version` header no API asked for.
            function
                .block
                .stmts
                .retain(|stmt| !appends_api_version(stmt));
            // A map left empty is neither made nor merged: one allocation less per attempt.
            let empty_headers = !appends_to(&mut function.block, "header_map");
            if empty_headers {
                function.block.stmts.retain(|stmt| !matches!(stmt, syn::Stmt::Local(local) if matches!(&local.pat, syn::Pat::Ident(p) if p.ident == "header_map")));
            }
            if let Some(syn::Stmt::Local(local)) = function.block.stmts.first_mut()
                && let syn::Pat::Struct(pattern) = &mut local.pat
            {
                pattern.rest = Some(syn::PatRest {
                    attrs: Vec::new(),
                    dot2_token: Default::default(),
                });
            }
            media_types(&mut function.block, op, empty_headers)
                .map_err(|e| format!("progenitor's `{}::send`: {e}", op.type_name))?;
            function.sig.inputs.push(templates.call_input.clone());
            call_hooks(&mut function.block, templates)
                .map_err(|e| format!("progenitor's `{}::send`: {e}", op.type_name))?;
            syn::visit_mut::VisitMut::visit_block_mut(
                &mut SuccessValues(templates),
                &mut function.block,
            );
            plain_path_params(&mut function.block, &operation.setters)
                .map_err(|e| format!("progenitor's `{}::send`: {e}", op.type_name))?;
        } else if is_setter(function) && !function.attrs.iter().any(|a| a.path().is_ident("doc")) {
            let text = setter_doc(&function.sig.ident.to_string(), op);
            function.attrs.insert(0, doc_attr(&text));
        }
    }
    Ok(())
}

/// Puts the spec's `Accept` and, for the bodies progenitor sends, `Content-Type` on the
/// request progenitor builds (it knows only `application/json`), so the request hook need
/// not replace them on every attempt; drops `.headers(header_map)` when `empty_headers`.
fn media_types(
    block: &mut syn::Block,
    op: &OperationModel,
    empty_headers: bool,
) -> Result<(), String> {
    /// Rewrites the request-builder chain, innermost call first.
    struct Chain<'a> {
        accept: Option<&'a str>,
        json: Option<&'a str>,
        /// Whether to drop `.headers(header_map)`, and then whether it was found.
        drop_headers: bool,
        headers_found: bool,
        based: bool,
        json_found: bool,
    }
    impl syn::visit_mut::VisitMut for Chain<'_> {
        fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
            syn::visit_mut::visit_expr_mut(self, expr);
            let syn::Expr::MethodCall(call) = expr else {
                return;
            };
            if call.method == "header"
                && call
                    .args
                    .first()
                    .is_some_and(|name| names_const(name, "ACCEPT"))
            {
                // progenitor's `application/json`: the spec's, if any, is already on.
                *expr = take(&mut call.receiver);
            } else if self.drop_headers
                && call.method == "headers"
                && call
                    .args
                    .first()
                    .is_some_and(|map| names_const(map, "header_map"))
            {
                self.headers_found = true;
                *expr = take(&mut call.receiver);
            } else if call.method == "json" && call.args.len() == 1 {
                // reqwest's `json` keeps a `Content-Type` already set.
                if let Some(media) = self.json {
                    *call.receiver = with_header(take(&mut call.receiver), "CONTENT_TYPE", media);
                }
                self.json_found = true;
            } else if matches!(&*call.receiver, syn::Expr::Field(field) if matches!(&field.member, syn::Member::Named(name) if name == "client"))
            {
                // `client.client.get(url)`: where the chain starts.
                self.based = true;
                if let Some(media) = self.accept {
                    *expr = with_header(take(expr), "ACCEPT", media);
                }
            }
        }
    }
    /// The expression, leaving a placeholder: chains are rebuilt around their parts, not
    /// cloned or printed and parsed again.
    fn take(expr: &mut syn::Expr) -> syn::Expr {
        std::mem::replace(expr, syn::Expr::Verbatim(TokenStream::new()))
    }
    /// `receiver.header(::reqwest::header::NAME, ::reqwest::header::HeaderValue::from_static(media))`.
    fn with_header(receiver: syn::Expr, name: &str, media: &str) -> syn::Expr {
        let name = format_ident!("{name}");
        syn::Expr::MethodCall(syn::ExprMethodCall {
            attrs: Vec::new(),
            receiver: Box::new(receiver),
            dot_token: Default::default(),
            method: format_ident!("header"),
            turbofish: None,
            paren_token: Default::default(),
            args: parse_quote!(::reqwest::header::#name, ::reqwest::header::HeaderValue::from_static(#media)),
        })
    }
    let request = block
        .stmts
        .iter()
        .position(|stmt| matches!(stmt, syn::Stmt::Local(local) if matches!(&local.pat, syn::Pat::Ident(p) if p.ident == "request")))
        .ok_or("no `let request`")?;
    let syn::Stmt::Local(local) = &mut block.stmts[request] else {
        unreachable!()
    };
    let init = &mut local
        .init
        .as_mut()
        .ok_or("`let request` has no value")?
        .expr;
    let kind = op.request.as_ref().map(|r| (r.kind, r.media_type.as_str()));
    let json = match kind {
        Some((BodyKind::Json, media)) => Some(media),
        _ => None,
    };
    let mut chain = Chain {
        accept: op.accept.as_deref(),
        json,
        drop_headers: empty_headers,
        headers_found: false,
        based: false,
        json_found: false,
    };
    syn::visit_mut::VisitMut::visit_expr_mut(&mut chain, init);
    if !chain.based {
        return Err("the request builder does not start at `client.client`".into());
    }
    if empty_headers && !chain.headers_found {
        return Err("the request builder does not merge `header_map`".into());
    }
    if chain.json_found != json.is_some() {
        return Err("the request builder's JSON body does not match the spec's".into());
    }
    // progenitor-client's `form_urlencoded` appends its own `Content-Type`: replaced.
    if let Some((BodyKind::Form, media)) = kind {
        block.stmts.insert(
            request + 1,
            parse_quote!(request.headers_mut().insert(::reqwest::header::CONTENT_TYPE, ::reqwest::header::HeaderValue::from_static(#media));),
        );
    }
    Ok(())
}

/// Replaces progenitor's `ClientHooks` calls (`let info = ..; client.pre(..); let result =
/// client.exec(..); client.post(..);`), which see only the request, with the hand-written
/// hooks given the attempt's context.
fn call_hooks(block: &mut syn::Block, templates: &Templates) -> Result<(), String> {
    /// `client.NAME(..)`, awaited or not, with or without `?`.
    fn hook_call(mut expr: &syn::Expr) -> Option<&Ident> {
        loop {
            match expr {
                syn::Expr::Try(inner) => expr = &inner.expr,
                syn::Expr::Await(inner) => expr = &inner.base,
                syn::Expr::MethodCall(call) if names_const(&call.receiver, "client") => {
                    return Some(&call.method);
                }
                _ => return None,
            }
        }
    }
    // Each of the four statements is dropped (`info`, `post`) or replaced (`pre`, `exec`).
    let mut matched = 0;
    let old = std::mem::take(&mut block.stmts);
    block.stmts.reserve(old.len());
    for stmt in old {
        let replacement = match &stmt {
            syn::Stmt::Local(local) if matches!(&local.pat, syn::Pat::Ident(p) if p.ident == "info") => {
                Some(None)
            }
            syn::Stmt::Local(local)
                if local
                    .init
                    .as_ref()
                    .and_then(|init| hook_call(&init.expr))
                    .is_some_and(|m| m == "exec") =>
            {
                Some(Some(templates.exec.clone()))
            }
            syn::Stmt::Expr(expr, Some(_)) => match hook_call(expr) {
                Some(m) if m == "pre" => Some(Some(templates.pre.clone())),
                Some(m) if m == "post" => Some(None),
                _ => None,
            },
            _ => None,
        };
        match replacement {
            None => block.stmts.push(stmt),
            Some(new) => {
                matched += 1;
                block.stmts.extend(new);
            }
        }
    }
    if matched != 4 {
        return Err(
            "its hook calls are not `let info`, `client.pre`, `client.exec` and `client.post`"
                .into(),
        );
    }
    Ok(())
}

/// Replaces `ResponseValue::{from_response, empty, stream}(response)` with the hand-written
/// functions that move the response's headers into the value.
struct SuccessValues<'a>(&'a Templates);

impl syn::visit_mut::VisitMut for SuccessValues<'_> {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        syn::visit_mut::visit_expr_call_mut(self, call);
        let syn::Expr::Path(path) = &*call.func else {
            return;
        };
        let segments = &path.path.segments;
        if segments.len() != 2 || segments[0].ident != "ResponseValue" {
            return;
        }
        if let Some((_, function)) = self
            .0
            .success
            .iter()
            .find(|(name, _)| segments[1].ident == name)
        {
            *call.func = function.clone();
        }
    }
}

/// progenitor percent-encodes every path parameter's text; a UUID's or an integer's never
/// needs it, so those go into the URL as they are (their `Display` is the same text).
fn plain_path_params(
    block: &mut syn::Block,
    setters: &[(Ident, Option<Type>)],
) -> Result<(), String> {
    use syn::punctuated::Punctuated;
    let Some(url) = block.stmts.iter_mut().find_map(|stmt| match stmt {
        syn::Stmt::Local(local) if matches!(&local.pat, syn::Pat::Ident(p) if p.ident == "url") => {
            local.init.as_mut()
        }
        _ => None,
    }) else {
        return Err("no `let url`".into());
    };
    let syn::Expr::Macro(format) = &mut *url.expr else {
        return Ok(());
    };
    if !format.mac.path.is_ident("format") {
        return Ok(());
    }
    let mut args = format
        .mac
        .parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        .map_err(|e| format!("its URL does not parse: {e}"))?;
    for arg in args.iter_mut() {
        // `encode_path(&name.to_string())`
        let syn::Expr::Call(call) = arg else { continue };
        let (syn::Expr::Path(function), Some(syn::Expr::Reference(text))) =
            (&*call.func, call.args.first())
        else {
            continue;
        };
        let syn::Expr::MethodCall(to_string) = &*text.expr else {
            continue;
        };
        let syn::Expr::Path(name) = &*to_string.receiver else {
            continue;
        };
        let Some(name) = name.path.get_ident().cloned() else {
            continue;
        };
        let path_safe = setters
            .iter()
            .any(|(setter, ty)| *setter == name && ty.as_ref().is_some_and(path_safe));
        if function.path.is_ident("encode_path")
            && to_string.method == "to_string"
            && call.args.len() == 1
            && path_safe
        {
            *arg = parse_quote!(#name);
        }
    }
    format.mac.tokens = args.into_token_stream();
    Ok(())
}

/// Whether the text of a `ty` value is always path-safe: a UUID or an integer.
fn path_safe(ty: &Type) -> bool {
    const SAFE: &[&str] = &[
        "uuid::Uuid",
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "std::num::NonZeroU8",
        "std::num::NonZeroU16",
        "std::num::NonZeroU32",
        "std::num::NonZeroU64",
        "std::num::NonZeroU128",
        "std::num::NonZeroUsize",
        "std::num::NonZeroI8",
        "std::num::NonZeroI16",
        "std::num::NonZeroI32",
        "std::num::NonZeroI64",
        "std::num::NonZeroI128",
        "std::num::NonZeroIsize",
    ];
    let Type::Path(path) = ty else { return false };
    if path.qself.is_some() || path.path.segments.iter().any(|s| !s.arguments.is_none()) {
        return false;
    }
    let name = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::");
    SAFE.contains(&name.as_str())
}

/// Whether `expr` is a path ending in `name`, such as `::reqwest::header::ACCEPT` or `header_map`.
fn names_const(expr: &syn::Expr, name: &str) -> bool {
    matches!(expr, syn::Expr::Path(path) if path.path.segments.last().is_some_and(|s| s.ident == name))
}

/// `header_map.append(HeaderName::from_static("api-version"), ..);`
fn appends_api_version(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), Some(_)) = stmt else {
        return false;
    };
    let Some(syn::Expr::Call(name)) = call.args.first() else {
        return false;
    };
    call.method == "append"
        && matches!(name.args.first(), Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. })) if text.value() == "api-version")
}

/// Whether `block` calls `name.append(..)` anywhere.
fn appends_to(block: &mut syn::Block, name: &str) -> bool {
    struct Find<'a>(&'a str, bool);
    impl syn::visit_mut::VisitMut for Find<'_> {
        fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
            if call.method == "append"
                && matches!(&*call.receiver, syn::Expr::Path(path) if path.path.is_ident(self.0))
            {
                self.1 = true;
            }
            syn::visit_mut::visit_expr_method_call_mut(self, call);
        }
    }
    let mut find = Find(name, false);
    syn::visit_mut::VisitMut::visit_block_mut(&mut find, block);
    find.1
}

/// The request body the runtime sends itself (multipart, text, bytes); JSON and form bodies
/// stay progenitor's.
fn own_body(op: &OperationModel) -> Option<&crate::model::RequestModel> {
    op.request.as_ref().filter(|r| {
        matches!(
            r.kind,
            BodyKind::Multipart | BodyKind::Text | BodyKind::Bytes
        )
    })
}

/// The items that follow an operation's builder: its `send` (which runs `raw_send` through
/// the runtime: auth, retries, typed errors), its `CallOptions` impl, its error enum and,
/// for a body the runtime sends, the `body` setter.
fn operation_items(operation: &Operation<'_>) -> Result<Vec<Item>, String> {
    let op = operation.op;
    let builder = format_ident!("{}", op.type_name);
    let success = &operation.success;
    let OperationModel {
        operation_id,
        method,
        path,
        ..
    } = op;
    let security = match op.security {
        Security::Bearer => quote! { Bearer },
        Security::Basic => quote! { Basic },
        Security::None => quote! { None },
    };
    let (output, finish) = match op.created {
        Some(_) => (
            quote! { crate::Created<#success, super::created::#builder> },
            quote! { send_created },
        ),
        None => (quote! { crate::ResponseValue<#success> }, quote! { send }),
    };
    let mut tokens = TokenStream::new();
    let with_body = own_body(op).map(|request| {
        let required = request.required;
        tokens.extend(body_setter(&builder, request));
        quote! {
            let options = crate::runtime::with_body(options, self.runtime_body.take(), #required)?;
        }
    });
    let errors = errors(op);
    let send_doc = errors.as_ref().map(|(name, _)| {
        let text = format!(
            " An error status is [`Error::Api`](crate::Error::Api); [`{name}::from_api`] types \
             its body."
        );
        quote! {
            ///
            #[doc = #text]
        }
    });
    tokens.extend(quote! {
        impl #builder<'_> {
            /// Sends the request through the client's runtime.
            #send_doc
            pub async fn send(mut self) -> Result<#output, crate::Error> {
                const OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                    id: #operation_id,
                    method: #method,
                    path: #path,
                    security: crate::runtime::Security::#security,
                };
                let client = self.runtime_client;
                let options =
                    self.runtime_options.take().map(|options| *options).unwrap_or_default();
                #with_body
                crate::runtime::#finish(client, &OPERATION, options, move |call| {
                    self.clone().raw_send(call)
                })
                .await
            }
        }

        impl crate::CallOptions for #builder<'_> {
            fn options_mut(&mut self) -> &mut crate::RequestOptions {
                self.runtime_options.get_or_insert_default()
            }
        }
    });
    if let Some((_, enum_tokens)) = errors {
        tokens.extend(enum_tokens);
    }
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("the extras of `{}` do not parse: {e}", op.type_name))?;
    Ok(file.items)
}

/// The `body` setter of a body the runtime sends itself (multipart, text, bytes).
fn body_setter(builder: &Ident, request: &crate::model::RequestModel) -> TokenStream {
    let doc = match &request.description {
        Some(text) => format!(
            "Sets the `{}` request body: {}",
            request.media_type,
            text.trim()
        ),
        None => format!("Sets the `{}` request body.", request.media_type),
    };
    let media = &request.media_type;
    let (param, encode) = match request.kind {
        BodyKind::Multipart => (quote! { form: crate::Multipart }, quote! { form.encode() }),
        BodyKind::Text => (
            quote! { text: impl Into<String> },
            quote! { Ok(crate::body::RawBody::new(text.into(), #media)) },
        ),
        _ => (
            quote! { bytes: impl Into<::bytes::Bytes> },
            quote! { Ok(crate::body::RawBody::new(bytes, #media)) },
        ),
    };
    let doc = format!(" {doc}");
    quote! {
        impl #builder<'_> {
            #[doc = #doc]
            pub fn body(self, #param) -> Self {
                Self { runtime_body: Some(#encode), ..self }
            }
        }
    }
}

/// The operation's error enum, one variant per declared error status, and its `from_api`,
/// which matches in order: exact statuses, ranges, `default`. `None` without errors.
fn errors(op: &OperationModel) -> Option<(Ident, TokenStream)> {
    if op.errors.is_empty() {
        return None;
    }
    let name = format_ident!("{}Error", op.type_name);
    let mut rows: Vec<(u8, TokenStream, TokenStream)> = op
        .errors
        .iter()
        .map(|error| {
            let variant = format_ident!("{}", error.variant);
            let doc = match error.description.trim() {
                "" => format!(" `{}`.", error.status.label()),
                text => format!(" `{}`: {text}", error.status.label()),
            };
            let payload = match &error.schema {
                ErrorSchema::None | ErrorSchema::NotJson => None,
                ErrorSchema::Component(schema) | ErrorSchema::Inline { name: schema, .. } => {
                    Some(format_ident!("{}", crate::model::type_name(schema)))
                }
            };
            let (rank, status) = match &error.status {
                ErrorStatus::Code(code) => (0, unsuffixed(*code)),
                ErrorStatus::Range(digit) => {
                    let (low, high) = (unsuffixed(digit * 100), unsuffixed(digit * 100 + 99));
                    (1, quote! { #low..=#high })
                }
                ErrorStatus::Default => (2, quote! { _ }),
            };
            let (declaration, decode) = match payload {
                Some(ty) => (
                    quote! { #[doc = #doc] #variant(types::#ty), },
                    quote! { api.decode_body::<types::#ty>().ok().map(Self::#variant) },
                ),
                None => (
                    quote! { #[doc = #doc] #variant, },
                    quote! { Some(Self::#variant) },
                ),
            };
            (rank, declaration, quote! { #status => #decode, })
        })
        .collect();
    rows.sort_by_key(|(rank, ..)| *rank);
    // A `default` row ends the match itself.
    let rest = (rows.last().map(|(rank, ..)| *rank) != Some(2)).then(|| quote! { _ => None, });
    let declarations = rows.iter().map(|(_, declaration, _)| declaration);
    let arms = rows.iter().map(|(.., arm)| arm);
    let doc = format!(
        " The error bodies `{}` declares, by status.",
        op.operation_id
    );
    let tokens = quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub enum #name {
            #(#declarations)*
        }

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
    };
    Some((name, tokens))
}

fn unsuffixed(value: u16) -> TokenStream {
    proc_macro2::Literal::u16_unsuffixed(value).into_token_stream()
}

/// The marker type of a creating operation, the second parameter of the `Created` value it
/// returns, and, when its target is known, `retrieve()` on that `Created`.
fn created_marker(
    operation: &Operation<'_>,
    operations: &[Operation<'_>],
    model: &Model,
    index: &HashMap<&str, usize>,
) -> Result<Vec<Item>, String> {
    let op = operation.op;
    let marker = format_ident!("{}", op.type_name);
    let success = &operation.success;
    let doc = format!(
        "Marks what `{}` created (`{} {}`).",
        op.operation_id, op.method, op.path
    );
    let target = op
        .created
        .as_ref()
        .and_then(|c| c.retrieve.as_ref())
        .and_then(|r| {
            Some((
                r,
                index
                    .get(model.operations[r.operation].type_name.as_str())
                    .map(|&i| &operations[i])?,
            ))
        })
        // A GET that itself creates would return a `Created`, not a body: not followed.
        .filter(|(_, get)| get.op.created.is_none());
    let retrieve = target.map(|(retrieve, get)| {
        let variables = crate::document::template_variables(&retrieve.template).unwrap_or_default();
        // Bound by position, so no variable's name can shadow `client`.
        let bindings: Vec<Ident> = (0..variables.len())
            .map(|i| format_ident!("param_{i}"))
            .collect();
        let setters = variables.iter().zip(&bindings).map(|(variable, binding)| {
            let setter = format_ident!("{}", crate::model::method_name(variable));
            let ty = get
                .setters
                .iter()
                .find(|(name, _)| *name == setter)
                .and_then(|(_, ty)| ty.as_ref());
            match ty {
                Some(ty) => quote! {
                    .#setter(crate::location::parse_param::<#ty>(&#binding, #variable)?)
                },
                None => quote! { .#setter(#binding) },
            }
        });
        let get_method = &get.method;
        let get_success = &get.success;
        let template = &retrieve.template;
        let doc = format!(
            " Reads the created resource back with `{}` (`GET {template}`); see \
             [`Created`](crate::Created) for which `Location`s it follows.",
            get.op.operation_id
        );
        quote! {
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
        }
    });
    let doc = format!(" {doc}");
    let tokens = quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        pub enum #marker {}

        #retrieve
    };
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        format!(
            "the `created` items of `{}` do not parse: {e}",
            op.type_name
        )
    })?;
    Ok(file.items)
}

/// Each builder struct's inherent methods, by struct name.
pub(crate) fn builder_impls(items: &[Item]) -> HashMap<String, Vec<&ImplItemFn>> {
    let mut impls: HashMap<String, Vec<&ImplItemFn>> = HashMap::new();
    for item in items {
        let Item::Impl(block) = item else { continue };
        let Some(name) = type_name(&block.self_ty).filter(|_| block.trait_.is_none()) else {
            continue;
        };
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
        let syn::WherePredicate::Type(bound) = predicate else {
            return None;
        };
        bound.bounds.iter().find_map(|b| {
            let syn::TypeParamBound::Trait(tr) = b else {
                return None;
            };
            let last = tr.path.segments.last()?;
            if last.ident != "TryInto" {
                return None;
            }
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            args.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
        })
    })
}

/// Rustdoc for a setter progenitor left undocumented, from the spec's descriptions.
fn setter_doc(setter: &str, op: &OperationModel) -> String {
    let described = |description: Option<&str>, fallback: String| match description {
        Some(text) => format!("{fallback}: {}", text.trim()),
        None => format!("{fallback}."),
    };
    match setter {
        "body" => described(
            op.request.as_ref().and_then(|r| r.description.as_deref()),
            "Sets the request body".into(),
        ),
        "body_map" => "Edits the request body through its typed builder.".into(),
        _ => match op
            .parameters
            .iter()
            .find(|p| p.name.to_snake_case() == setter)
        {
            Some(p) => described(
                p.description.as_deref(),
                format!("Sets the `{}` {} parameter", p.name, p.location),
            ),
            None => format!("Sets `{setter}`."),
        },
    }
}

/// `T` from progenitor's `async fn send(self) -> Result<ResponseValue<T>, Error<E>>`.
pub(crate) fn success_type(send: &ImplItemFn) -> Option<Type> {
    let ReturnType::Type(_, ty) = &send.sig.output else {
        return None;
    };
    let result = last_generic_args(ty)?;
    let response_value = result.first()?;
    last_generic_args(response_value)?.into_iter().next()
}

fn last_generic_args(ty: &Type) -> Option<Vec<Type>> {
    let Type::Path(path) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
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
