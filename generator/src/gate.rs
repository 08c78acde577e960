//! Stage: the cargo features. Each operation is behind the features of its tags
//! ([`OperationModel::features`](crate::model::OperationModel::features)); each type is
//! behind the features of the operations that use it, directly or through other types, so
//! that a build with one tag's feature compiles that tag's operations and the types they
//! need, and nothing else. A type no operation uses is behind `full`, the feature of every
//! tag, with what only it uses.
//!
//! Which type uses which is read from typify's items: a type's items (its definition,
//! its impls, its builder) use every name they mention, including the `defaults::` function
//! a `serde(default = "..")` string names. A mention that is not a use (an enum variant
//! named like a type) only turns a type on more often than it must, never less.
//!
//! One kind of item is never compiled: typify writes a builder (`types::builder::T`,
//! `T::builder()`) for every struct, but only a value the client sends is built by a user.
//! Builders stay for the types a request body or a parameter reaches; the others, most of
//! them on a real document (the responses' types), are dropped.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};

use crate::model::Model;

/// Which features turn on which types.
pub struct Gated {
    /// The features that turn on each gated type (or `defaults::` function), by name.
    features: BTreeMap<String, BTreeSet<String>>,
}

impl Gated {
    /// The `#[cfg]` under which code mentioning the types in `rust_type` (a Rust type, as
    /// typify writes it) compiles; nothing when they are ungated.
    pub fn cfg_of(&self, rust_type: &str) -> TokenStream {
        let tokens: TokenStream = rust_type.parse().unwrap_or_default();
        let mut names = BTreeSet::new();
        mentions(tokens, &mut names);
        self.requirement(&names)
    }

    /// All of: any of the features of each gated name in `names`.
    fn requirement(&self, names: &BTreeSet<String>) -> TokenStream {
        let needs: BTreeSet<&BTreeSet<String>> =
            names.iter().filter_map(|n| self.features.get(n)).collect();
        let terms: Vec<TokenStream> = needs.into_iter().map(any).collect();
        match terms.as_slice() {
            [] => TokenStream::new(),
            [one] => quote! { #[cfg(#one)] },
            _ => quote! { #[cfg(all(#(#terms),*))] },
        }
    }
}

/// `#[cfg(..)]` for code that any of `features` turns on.
pub fn cfg(features: &[String]) -> TokenStream {
    let set: BTreeSet<String> = features.iter().cloned().collect();
    if set.is_empty() {
        return TokenStream::new();
    }
    let any = any(&set);
    quote! { #[cfg(#any)] }
}

/// `#[cfg(..)]` for code that needs one of each of `sets` on.
pub fn cfg_all(sets: &[&[String]]) -> TokenStream {
    let terms: Vec<TokenStream> = sets
        .iter()
        .map(|set| any(&set.iter().cloned().collect()))
        .collect();
    quote! { #[cfg(all(#(#terms),*))] }
}

/// `feature = "a"`, or `any(feature = "a", feature = "b")`.
fn any(features: &BTreeSet<String>) -> TokenStream {
    let terms: Vec<TokenStream> = features.iter().map(|f| quote! { feature = #f }).collect();
    match terms.as_slice() {
        [one] => one.clone(),
        _ => quote! { any(#(#terms),*) },
    }
}

/// One of typify's items, with what gating reads of it, read once.
struct Entry {
    /// Its place among the file's items; an inline module's items share the module's.
    slot: usize,
    /// The inline module it is in (`builder`, `defaults`, `error`), if any.
    module: Option<String>,
    /// The name it belongs to ([`owner`]).
    owner: Option<String>,
    /// Every name it mentions ([`uses_of`]).
    names: BTreeSet<String>,
    item: syn::Item,
}

/// Typify's file as [`Entry`]s, and its inline modules emptied, by slot.
fn entries(file: syn::File) -> (Vec<Entry>, Vec<Option<syn::ItemMod>>) {
    let mut entries = Vec::new();
    let mut modules = Vec::new();
    let mut add = |slot: usize, module: Option<&str>, item: syn::Item| {
        let mut names = BTreeSet::new();
        mentions(uses_of(&item), &mut names);
        entries.push(Entry {
            slot,
            module: module.map(str::to_string),
            owner: owner(&item, module),
            names,
            item,
        });
    };
    for (slot, item) in file.items.into_iter().enumerate() {
        match item {
            syn::Item::Mod(mut inner) if inner.content.is_some() => {
                let name = inner.ident.to_string();
                if let Some((_, items)) = inner.content.as_mut() {
                    for item in std::mem::take(items) {
                        add(slot, Some(&name), item);
                    }
                }
                modules.push(Some(inner));
            }
            item => {
                add(slot, None, item);
                modules.push(None);
            }
        }
    }
    (entries, modules)
}

/// The file's items again, in their order; `builder` and `defaults` go when left empty.
fn reassemble(entries: Vec<Entry>, mut modules: Vec<Option<syn::ItemMod>>) -> Vec<syn::Item> {
    let mut slots: Vec<Vec<syn::Item>> = modules.iter().map(|_| Vec::new()).collect();
    for entry in entries {
        slots[entry.slot].push(entry.item);
    }
    let mut items = Vec::new();
    for (slot, contents) in slots.into_iter().enumerate() {
        match modules[slot].take() {
            Some(mut module) => {
                let droppable = module.ident == "builder" || module.ident == "defaults";
                if contents.is_empty() && droppable {
                    continue;
                }
                if let Some((_, items)) = module.content.as_mut() {
                    *items = contents;
                }
                items.push(syn::Item::Mod(module));
            }
            None => items.extend(contents),
        }
    }
    items
}

/// Puts each of typify's items behind the features that need it: the gated items, and
/// which features turn on which type.
pub fn gate(types: TokenStream, model: &Model) -> Result<(Vec<syn::Item>, Gated), String> {
    let file: syn::File =
        syn::parse2(types).map_err(|e| format!("typify's types do not parse: {e}"))?;
    let (mut entries, modules) = entries(file);
    prune_builders(&mut entries, model);

    // The names that can be gated: the types, and the `defaults::` functions.
    let known: BTreeSet<String> = entries
        .iter()
        .filter(|e| e.module.is_none() || e.module.as_deref() == Some("defaults"))
        .filter_map(|e| match e.module {
            None => defined(&e.item),
            Some(_) => e.owner.clone(),
        })
        .collect();
    // What each name's items mention.
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in &entries {
        if let Some(owner) = entry.owner.as_ref().filter(|o| known.contains(*o)) {
            uses.entry(owner.clone())
                .or_default()
                .extend(entry.names.iter().filter(|n| known.contains(*n)).cloned());
        }
    }

    // Each feature's operations, and every name they reach.
    let mut roots: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for op in &model.operations {
        let mut names = BTreeSet::new();
        for rust_type in op_types(op) {
            mentions(rust_type.parse().unwrap_or_default(), &mut names);
        }
        names.retain(|n| known.contains(n));
        for feature in &op.features {
            roots
                .entry(feature)
                .or_default()
                .extend(names.iter().cloned());
        }
    }
    let mut features: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (feature, start) in roots {
        for name in reach(&uses, start) {
            features
                .entry(name)
                .or_default()
                .insert(feature.to_string());
        }
    }
    // What no operation uses (a schema a user can only decode by hand) is behind `full`, and
    // so is what only it uses: `full` turns on every tag, so whatever else it uses is on too.
    let unused: BTreeSet<String> = known
        .iter()
        .filter(|n| !features.contains_key(*n))
        .cloned()
        .collect();
    for name in reach(&uses, unused) {
        features
            .entry(name)
            .or_insert_with(|| BTreeSet::from([crate::model::FULL_FEATURE.to_string()]));
    }

    let gated = Gated { features };
    for entry in &mut entries {
        // typify's `error` module serves every builder; a component named like a name it
        // mentions (`Error`) must not gate it.
        if entry.module.as_deref() == Some("error") {
            continue;
        }
        let cfg = match entry.owner.as_ref().filter(|o| known.contains(*o)) {
            Some(owner) => match gated.features.get(owner) {
                Some(set) => {
                    let any = any(set);
                    quote! { #[cfg(#any)] }
                }
                None => TokenStream::new(),
            },
            None => gated.requirement(&entry.names),
        };
        if !cfg.is_empty() {
            let attrs: syn::Attribute = syn::parse_quote!(#cfg);
            push_attr(&mut entry.item, attrs);
        }
    }
    Ok((reassemble(entries, modules), gated))
}

/// Drops typify's builders of the types no request reaches: the `builder` module's items
/// for them, and their `T::builder()`.
fn prune_builders(entries: &mut Vec<Entry>, model: &Model) {
    let mut uses: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for entry in entries.iter() {
        if let Some(owner) = &entry.owner {
            uses.entry(owner)
                .or_default()
                .extend(entry.names.iter().cloned());
        }
    }
    let uses: BTreeMap<String, BTreeSet<String>> = uses
        .into_iter()
        .map(|(owner, names)| (owner.to_string(), names))
        .collect();
    let mut sent = BTreeSet::new();
    for op in &model.operations {
        let request = op.request.iter().flat_map(|r| [&r.rust_type, &r.builder]);
        let parameters = op.parameters.iter().map(|p| &p.rust_type);
        for rust_type in request.chain(parameters).flatten() {
            mentions(rust_type.parse().unwrap_or_default(), &mut sent);
        }
    }
    let keep = reach(&uses, sent);
    entries.retain(|entry| {
        let builder = entry.module.as_deref() == Some("builder")
            || (entry.module.is_none() && is_builder_fn(&entry.item));
        !(builder && entry.owner.as_ref().is_some_and(|o| !keep.contains(o)))
    });
    unused_defaults(entries);
}

/// Drops the `defaults::` functions nothing calls any more: a dropped builder's `Default`
/// may have been the only caller (typify's `default_i64`), and rustc denies dead code.
fn unused_defaults(entries: &mut Vec<Entry>) {
    // The names outside `defaults`: a call's path segments, and the `defaults::f` of a
    // `serde(default = "..")` string. A same-named identifier elsewhere only keeps a function.
    let in_defaults = |entry: &Entry| entry.module.as_deref() == Some("defaults");
    let used: BTreeSet<String> = entries
        .iter()
        .filter(|e| !in_defaults(e))
        .flat_map(|e| e.names.iter().cloned())
        .collect();
    // typify's `defaults::` functions call none of the others.
    entries.retain(|entry| match (&entry.item, in_defaults(entry)) {
        (syn::Item::Fn(f), true) => {
            let name = f.sig.ident.to_string();
            used.contains(&name) || used.contains(&format!("defaults::{name}"))
        }
        _ => true,
    });
}

/// Whether `item` is typify's `impl T { pub fn builder() -> builder::T }`.
fn is_builder_fn(item: &syn::Item) -> bool {
    let syn::Item::Impl(block) = item else {
        return false;
    };
    block.trait_.is_none()
        && !block.items.is_empty()
        && block
            .items
            .iter()
            .all(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "builder"))
}

/// Every Rust type an operation's code names.
fn op_types(op: &crate::model::OperationModel) -> Vec<&str> {
    let mut types: Vec<&str> = op
        .parameters
        .iter()
        .filter_map(|p| p.rust_type.as_deref())
        .collect();
    if let Some(request) = &op.request {
        types.extend(request.rust_type.as_deref());
        types.extend(request.builder.as_deref());
    }
    types.extend(op.success.rust_type.as_deref());
    types.extend(op.errors.iter().filter_map(|e| e.rust_type.as_deref()));
    if let Some(paging) = &op.paging {
        types.push(&paging.item_type);
    }
    types
}

/// Every name reachable from `start` through `uses`, `start` included.
fn reach(uses: &BTreeMap<String, BTreeSet<String>>, start: BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = start.into_iter().collect();
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone())
            && let Some(next) = uses.get(&name)
        {
            stack.extend(next.iter().filter(|n| !seen.contains(*n)).cloned());
        }
    }
    seen
}

/// The type a top-level item defines.
fn defined(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        syn::Item::Union(u) => Some(u.ident.to_string()),
        _ => None,
    }
}

/// The name an item belongs to: the type it defines or implements (its builder's items
/// belong to it too), or the `defaults::` function it is. `error`'s items belong to none.
fn owner(item: &syn::Item, module: Option<&str>) -> Option<String> {
    match (module, item) {
        (Some("error"), _) => None,
        (Some("defaults"), syn::Item::Fn(f)) => Some(format!("defaults::{}", f.sig.ident)),
        (_, syn::Item::Impl(block)) => match &*block.self_ty {
            syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        (_, item) => defined(item),
    }
}

/// The tokens of `item` that can name other items: all of them, but for an enum's variant
/// names, which are declarations (Adyen's `TargetType::BalanceAccount` beside a type
/// `BalanceAccount` would otherwise turn that type on with every tag that uses the enum).
fn uses_of(item: &syn::Item) -> TokenStream {
    let syn::Item::Enum(enumeration) = item else {
        return item.to_token_stream();
    };
    let mut tokens = TokenStream::new();
    for attr in &enumeration.attrs {
        attr.to_tokens(&mut tokens);
    }
    enumeration.generics.to_tokens(&mut tokens);
    for variant in &enumeration.variants {
        for attr in &variant.attrs {
            attr.to_tokens(&mut tokens);
        }
        variant.fields.to_tokens(&mut tokens);
        if let Some((_, discriminant)) = &variant.discriminant {
            discriminant.to_tokens(&mut tokens);
        }
    }
    tokens
}

/// Adds every identifier in `tokens` to `names`, and the `defaults::f` a string names.
fn mentions(tokens: TokenStream, names: &mut BTreeSet<String>) {
    // How much of `Self::` precedes: what follows it is a variant or an associated item.
    let mut self_path = 0;
    for tree in tokens {
        let after_self = self_path == 3;
        self_path = match (&tree, self_path) {
            (TokenTree::Ident(ident), _) if ident == "Self" => 1,
            (TokenTree::Punct(p), 1 | 2) if p.as_char() == ':' => self_path + 1,
            _ => 0,
        };
        match tree {
            TokenTree::Ident(_) if after_self => {}
            TokenTree::Ident(ident) => {
                names.insert(ident.to_string());
            }
            TokenTree::Group(group) => mentions(group.stream(), names),
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                if let Some(at) = text.find("defaults::") {
                    let rest = &text[at + "defaults::".len()..];
                    let end = rest
                        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    names.insert(format!("defaults::{}", &rest[..end]));
                }
            }
            TokenTree::Punct(_) => {}
        }
    }
}

/// Adds `attr` to an item's attributes.
fn push_attr(item: &mut syn::Item, attr: syn::Attribute) {
    let attrs = match item {
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Union(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        _ => return,
    };
    attrs.push(attr);
}
