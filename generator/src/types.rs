//! Stage: the types. progenitor (through typify) generates every type the client uses, and
//! typify's type space is asked for the Rust type of each parameter, body and response,
//! which this stage writes into the [`Model`]. progenitor never sees an operation: the
//! generator emits those itself ([`crate::emit`]).
//!
//! An operation's schema that is a `$ref` takes the component's type. An inline schema
//! goes one of two ways:
//! - shapes typify names nothing for (a string with a format, an array of `$ref`s) are
//!   asked of a small probe type space, with a stand-in for each component they name, and
//!   keep the type typify gives (`::uuid::Uuid`, `::std::vec::Vec<types::Pet>`);
//! - the rest (objects, enums, combinators, and what the probe answers with a new named
//!   type) move to the components under the name progenitor would give them
//!   (`CreatePetBody`, `ListPetsStatus`), so typify generates one type for each.
//!
//! progenitor and typify panic on some inputs (`assert!`, `todo!`, `unwrap`). Every call
//! runs under [`guard::catch`]; when the whole document fails, progenitor is re-run on
//! smaller copies of it to name the schema responsible.

use std::collections::{BTreeSet, HashMap};

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind};
use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use typify::{TypeDetails, TypeId, TypeSpace};

use crate::diagnostic::escape_token;
use crate::guard::{self, CaughtPanic};
use crate::load::Loaded;
use crate::model::{ErrorSchema, FieldStep, Model, PagingModel, Scalar, SuccessBody};
use crate::{Error, adapt};

/// progenitor's settings for the types: typify's struct builders, and ordered maps, which
/// keep serialized bodies and Debug output stable.
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_map_type("::std::collections::BTreeMap");
    settings
}

/// Crates the generated code needs beyond the client runtime's own dependencies, as typify
/// reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// `regress`, for `pattern` checks.
    pub regress: bool,
}

/// What [`generate`] produces.
pub struct Generated {
    /// The items of the `types` module, as typify emits them.
    pub types: proc_macro2::TokenStream,
    /// The crates they need.
    pub needs: Needs,
    /// What typify could not take as written, and how it was read instead.
    pub warnings: Vec<crate::Diagnostic>,
    /// The types of HAL links (structs with a required `href`), which `Client::follow`
    /// takes.
    pub links: Vec<String>,
}

/// Where an operation's schema sits in the model.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Parameter(usize, usize),
    Body(usize),
    Success(usize),
    Error(usize, usize),
}

/// An inline schema of an operation, on its way to a type.
struct Inline {
    slot: Slot,
    schema: Schema,
    /// The component name it gets if it moves to the components.
    name: String,
    place: Place,
}

/// Where a schema is in the user's document, for errors.
#[derive(Debug, Clone)]
struct Place {
    pointer: String,
    /// How messages name it: "the request body of operation `x` (POST /x)".
    what: String,
}

/// The type of one component, as typify made it.
struct Named {
    ident: String,
    /// Whether typify gives it `FromStr`.
    from_str: bool,
    builder: Option<String>,
    /// Whether it is a link: a struct with a required `href` string.
    link: bool,
    /// How to read it as a page of a HAL list, when it is one.
    list: Option<ListShape>,
}

/// A HAL list page, as typify typed it: where its items, `total` and next link are.
#[derive(Debug, Clone)]
struct ListShape {
    item_type: String,
    items: Vec<FieldStep>,
    total: Option<(Vec<FieldStep>, Scalar)>,
    next: Option<Vec<FieldStep>>,
}

/// Generates the types and writes each operation's Rust types into `model`.
pub fn generate(loaded: &Loaded, model: &mut Model) -> Result<Generated, Error> {
    let mut document = adapt::types_document(&loaded.spec, model);
    let components = document.components.get_or_insert_with(Default::default);
    let mut taken: BTreeSet<String> = components
        .schemas
        .keys()
        .map(|k| crate::model::type_name(k))
        .collect();

    // Every schema an operation uses: a component's, or an inline one.
    let mut refs: Vec<(Slot, String)> = Vec::new();
    let mut inline: Vec<Inline> = Vec::new();
    for (o, op) in model.operations.iter().enumerate() {
        let of = format!(
            "operation `{}` ({} {})",
            op.operation_id, op.method, op.path
        );
        let mut slots: Vec<(Slot, &ReferenceOr<Schema>, String, Place)> = Vec::new();
        for (p, parameter) in op.parameters.iter().enumerate() {
            let name = format!(
                "{}{}",
                op.type_name,
                crate::model::type_name(&parameter.name)
            );
            let place = Place {
                pointer: parameter.pointer.clone(),
                what: format!("parameter `{}` of {of}", parameter.name),
            };
            slots.push((Slot::Parameter(o, p), &parameter.schema, name, place));
        }
        if let Some(request) = &op.request
            && let Some(schema) = &request.schema
        {
            let place = Place {
                pointer: format!("{}/schema", request.pointer),
                what: format!("the request body of {of}"),
            };
            slots.push((
                Slot::Body(o),
                schema,
                format!("{}Body", op.type_name),
                place,
            ));
        }
        if let SuccessBody::Json(schema) = &op.success.body {
            let place = Place {
                pointer: op.success.pointer.clone(),
                what: format!("the success response body of {of}"),
            };
            let name = format!("{}Response", op.type_name);
            slots.push((Slot::Success(o), schema, name, place));
        }
        for (e, error) in op.errors.iter().enumerate() {
            match &error.schema {
                ErrorSchema::Component(name) => {
                    refs.push((Slot::Error(o, e), model.schema_key(name).to_string()))
                }
                ErrorSchema::Inline { name, .. } => refs.push((Slot::Error(o, e), name.clone())),
                ErrorSchema::None | ErrorSchema::NotJson => {}
            }
        }
        for (slot, schema, name, place) in slots {
            let key = component(schema).map(|name| model.schema_key(&name).to_string());
            match (key, schema) {
                (Some(key), _) if components.schemas.contains_key(&key) => refs.push((slot, key)),
                (_, ReferenceOr::Item(schema)) => {
                    let mut schema = schema.clone();
                    adapt::rename_refs(&mut schema, model);
                    inline.push(Inline {
                        slot,
                        schema,
                        name,
                        place,
                    })
                }
                // A `$ref` outside `components/schemas` stays untyped JSON.
                (_, ReferenceOr::Reference { .. }) => {}
            }
        }
    }

    // The probe answers for the shapes it may type; what it would name, and every other
    // inline schema, moves to the components.
    let (probed, mut hoisted): (Vec<Inline>, Vec<Inline>) =
        inline.into_iter().partition(|i| probeable(&i.schema));
    let mut plain: Vec<(Slot, (String, bool))> = Vec::new();
    let answers = ask_probe(&probed, &components.schemas);
    for (candidate, answer) in probed.into_iter().zip(answers) {
        match answer {
            Some(ident) => plain.push((candidate.slot, ident)),
            None => hoisted.push(candidate),
        }
    }
    // A renamed component is reported where the document has it.
    let mut places: HashMap<String, Place> = model
        .schema_keys
        .iter()
        .map(|(name, key)| {
            let place = Place {
                pointer: format!("/components/schemas/{}", escape_token(name)),
                what: format!("schema `{name}`"),
            };
            (key.clone(), place)
        })
        .collect();
    for candidate in hoisted {
        let key = unique(&candidate.name, &mut taken);
        components
            .schemas
            .insert(key.clone(), ReferenceOr::Item(candidate.schema));
        places.insert(key.clone(), candidate.place);
        refs.push((candidate.slot, key));
    }
    adapt::distinct_inline_names(&mut components.schemas);
    adapt::scalar_any_of(&mut components.schemas);

    let (run, warnings) = run_types(loaded, document, &places)?;
    let mut lists: Vec<(usize, ListShape)> = Vec::new();
    for (slot, key) in refs {
        let Some(found) = run.named.get(&key) else {
            return Err(bug(
                loaded,
                format!("typify made no type for component `{key}`"),
            ));
        };
        set(model, slot, found.ident.clone(), found.builder.clone());
        set_from_str(model, slot, found.from_str);
        if let (Slot::Success(o), Some(list)) = (slot, &found.list) {
            lists.push((o, list.clone()));
        }
    }
    let mut links: Vec<String> = run
        .named
        .values()
        .filter(|n| n.link)
        .map(|n| n.ident.clone())
        .collect();
    links.sort();
    links.dedup();
    for (slot, (ident, from_str)) in plain {
        set(model, slot, ident, None);
        set_from_str(model, slot, from_str);
    }
    // After every parameter has its type: the offset's decides.
    for (o, list) in lists {
        let op = &mut model.operations[o];
        op.paging = paging(op, list);
    }
    for op in &mut model.operations {
        op.success.rust_type.get_or_insert_with(|| {
            match op.success.body {
                SuccessBody::Empty => "()",
                SuccessBody::Value | SuccessBody::Json(_) => "::serde_json::Value",
                SuccessBody::Bytes => "crate::ByteStream",
            }
            .to_string()
        });
    }
    Ok(Generated {
        types: run.tokens,
        needs: run.needs,
        warnings,
        links,
    })
}

/// How `op` pages, when it is a `GET` with an integer `offset` query parameter (or a
/// string one, as some documents type it) and its success body is the list `list`.
fn paging(op: &crate::model::OperationModel, list: ListShape) -> Option<PagingModel> {
    if op.method != "GET" {
        return None;
    }
    let offset = op
        .parameters
        .iter()
        .find(|p| p.location == "query" && p.name == "offset")?;
    let offset_type = scalar(offset.rust_type.as_deref()?)?;
    Some(PagingModel {
        offset_setter: offset.setter.clone(),
        offset_field: offset.field.clone(),
        offset_type,
        item_type: list.item_type,
        items: list.items,
        total: list.total,
        next: list.next,
    })
}

/// An integer type, or a string, by typify's name for it.
fn scalar(ty: &str) -> Option<Scalar> {
    // Type strings come from token streams: `:: std :: string :: String`.
    let ty: String = ty.split_whitespace().collect();
    match ty.as_str() {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => Some(Scalar::Integer(ty)),
        "::std::string::String" | "String" => Some(Scalar::Text),
        _ => None,
    }
}

/// The type behind an `Option`, and whether there was one.
fn unwrap_option<'a>(space: &'a TypeSpace, id: &TypeId) -> Option<(typify::Type<'a>, bool)> {
    let ty = space.get_type(id).ok()?;
    let inner = match ty.details() {
        TypeDetails::Option(inner) => Some(inner),
        _ => None,
    };
    match inner {
        Some(inner) => Some((space.get_type(&inner).ok()?, true)),
        None => Some((ty, false)),
    }
}

/// A struct's property, by its Rust name, with the type behind any `Option`.
fn property<'a>(
    space: &'a TypeSpace,
    ty: &typify::Type<'a>,
    name: &str,
) -> Option<(FieldStep, typify::Type<'a>)> {
    let TypeDetails::Struct(details) = ty.details() else {
        return None;
    };
    let found = details.properties_info().find(|p| p.name == name)?;
    let (inner, optional) = unwrap_option(space, &found.type_id)?;
    let step = FieldStep::Field {
        name: found.name.to_string(),
        optional,
    };
    Some((step, inner))
}

/// Whether `ty` is a HAL link: a struct with a required `href` that is a string.
fn is_link(space: &TypeSpace, ty: &typify::Type<'_>) -> bool {
    let Some((step, href)) = property(space, ty, "href") else {
        return false;
    };
    matches!(
        step,
        FieldStep::Field {
            optional: false,
            ..
        }
    ) && is_text(&href)
}

/// A `String`, or typify's newtype of one.
fn is_text(ty: &typify::Type<'_>) -> bool {
    match ty.details() {
        TypeDetails::String => true,
        TypeDetails::Newtype(_) => ty.has_impl(typify::TypeSpaceImpl::FromStr),
        _ => false,
    }
}

/// How to read `ty` as a page of a HAL list: `_embedded` holding exactly one array, with
/// an integer `total` and a `_links.next.href` when it has them.
fn list_shape(space: &TypeSpace, ty: &typify::Type<'_>) -> Option<ListShape> {
    let (embedded, embedded_ty) = property(space, ty, "embedded")?;
    let TypeDetails::Struct(inner) = embedded_ty.details() else {
        return None;
    };
    let mut lists = inner.properties_info().filter_map(|p| {
        let (list, optional) = unwrap_option(space, &p.type_id)?;
        match list.details() {
            TypeDetails::Vec(item) => Some((p.name.to_string(), optional, item)),
            _ => None,
        }
    });
    let (field, optional, item) = lists.next()?;
    if lists.next().is_some() {
        return None;
    }
    let item_type = space.get_type(&item).ok()?.ident().to_string();
    let total = property(space, ty, "total").and_then(|(step, total)| match total.details() {
        TypeDetails::Builtin(name) => match scalar(name)? {
            Scalar::Integer(name) => Some((vec![step], Scalar::Integer(name))),
            Scalar::Text => None,
        },
        _ => None,
    });
    let next = property(space, ty, "links").and_then(|(links, links_ty)| {
        let (next, next_ty) = entry(space, &links_ty, "next")?;
        let (href, href_ty) = property(space, &next_ty, "href")?;
        is_text(&href_ty).then(|| vec![links, next, href])
    });
    Some(ListShape {
        item_type,
        items: vec![
            embedded,
            FieldStep::Field {
                name: field,
                optional,
            },
        ],
        total,
        next,
    })
}

/// A struct's property or a string-keyed map's entry, with the type behind any `Option`.
fn entry<'a>(
    space: &'a TypeSpace,
    ty: &typify::Type<'a>,
    name: &str,
) -> Option<(FieldStep, typify::Type<'a>)> {
    match ty.details() {
        TypeDetails::Map(key, value) => {
            let key = space.get_type(&key).ok()?;
            if !is_text(&key) {
                return None;
            }
            let (value, _) = unwrap_option(space, &value)?;
            Some((FieldStep::Key(name.to_string()), value))
        }
        _ => property(space, ty, name),
    }
}

/// Records whether a parameter's type has `FromStr`.
fn set_from_str(model: &mut Model, slot: Slot, from_str: bool) {
    if let Slot::Parameter(o, p) = slot {
        model.operations[o].parameters[p].from_str = from_str;
    }
}

/// Writes a found type into its slot.
fn set(model: &mut Model, slot: Slot, ident: String, builder: Option<String>) {
    match slot {
        Slot::Parameter(o, p) => model.operations[o].parameters[p].rust_type = Some(ident),
        Slot::Body(o) => {
            if let Some(request) = model.operations[o].request.as_mut() {
                request.rust_type = Some(ident);
                request.builder = builder;
            }
        }
        Slot::Success(o) => model.operations[o].success.rust_type = Some(ident),
        Slot::Error(o, e) => model.operations[o].errors[e].rust_type = Some(ident),
    }
}

/// The component a schema names: `$ref: '#/components/schemas/X'`, or an `allOf` of that
/// one reference alone (a common way to describe a use of it).
fn component(schema: &ReferenceOr<Schema>) -> Option<String> {
    let reference = match schema {
        ReferenceOr::Reference { reference } => reference,
        ReferenceOr::Item(Schema {
            schema_data,
            schema_kind: SchemaKind::AllOf { all_of },
        }) if all_of.len() == 1 && !schema_data.nullable => match &all_of[0] {
            ReferenceOr::Reference { reference } => reference,
            ReferenceOr::Item(_) => return None,
        },
        ReferenceOr::Item(_) => return None,
    };
    let name = reference.strip_prefix("#/components/schemas/")?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// Whether typify might type `schema` without naming anything: scalars, and arrays and
/// maps of scalars and `$ref`s. The probe decides.
fn probeable(schema: &Schema) -> bool {
    use openapiv3::Type;
    if schema.schema_data.title.is_some() {
        return false;
    }
    let inner = |item: &ReferenceOr<Box<Schema>>| match item {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(schema) => probeable(schema),
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.is_empty(),
        SchemaKind::Type(Type::Number(n)) => n.enumeration.is_empty(),
        SchemaKind::Type(Type::Boolean(b)) => b.enumeration.is_empty(),
        SchemaKind::Type(Type::Array(a)) => a.items.as_ref().is_none_or(inner),
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.is_empty()
                && match &o.additional_properties {
                    None | Some(openapiv3::AdditionalProperties::Any(_)) => true,
                    Some(openapiv3::AdditionalProperties::Schema(s)) => match &**s {
                        ReferenceOr::Reference { .. } => true,
                        ReferenceOr::Item(s) => probeable(s),
                    },
                }
        }
        SchemaKind::Any(any) => *any == Default::default(),
        _ => false,
    }
}

/// Asks typify for the type of each probed schema, with a stand-in `{}` for each component
/// they name. `Some` for a type made of builtins and components only; `None` where typify
/// would name a new type (the schema then moves to the components), or the probe failed.
fn ask_probe(
    probe: &[Inline],
    schemas: &indexmap::IndexMap<String, ReferenceOr<Schema>>,
) -> Vec<Option<(String, bool)>> {
    if probe.is_empty() {
        return Vec::new();
    }
    let mut document = OpenAPI {
        openapi: "3.0.3".into(),
        ..Default::default()
    };
    let components = document.components.get_or_insert_with(Default::default);
    // The stand-ins first, so that their type ids come first.
    let mut named = BTreeSet::new();
    for candidate in probe {
        let mut refs = Vec::new();
        collect_refs(
            &serde_json::to_value(&candidate.schema).unwrap_or_default(),
            &mut refs,
        );
        named.extend(
            refs.into_iter()
                .filter_map(|r| component(&ReferenceOr::Reference { reference: r })),
        );
    }
    let stand_ins: Vec<String> = named
        .into_iter()
        .filter(|n| schemas.contains_key(n))
        .collect();
    for name in &stand_ins {
        components
            .schemas
            .insert(name.clone(), ReferenceOr::Item(crate::model::any()));
    }
    let mut taken: BTreeSet<String> = stand_ins
        .iter()
        .map(|k| crate::model::type_name(k))
        .collect();
    let keys: Vec<String> = probe
        .iter()
        .map(|_| unique("GeneratorProbe", &mut taken))
        .collect();
    for (key, candidate) in keys.iter().zip(probe) {
        components
            .schemas
            .insert(key.clone(), ReferenceOr::Item(candidate.schema.clone()));
    }
    let settings = settings();
    let answer = guard::catch(|| {
        let mut generator = Generator::new(&settings);
        generator.generate_tokens(&document).ok()?;
        let space = generator.get_type_space();
        let types: Vec<_> = space
            .iter_types()
            .take(stand_ins.len() + keys.len())
            .collect();
        if types.len() != stand_ins.len() + keys.len() {
            return None;
        }
        let stand_in_names: BTreeSet<String> =
            types[..stand_ins.len()].iter().map(|t| t.name()).collect();
        Some(
            types[stand_ins.len()..]
                .iter()
                .map(|ty| {
                    let TypeDetails::Newtype(newtype) = ty.details() else {
                        return None;
                    };
                    let inner = newtype.inner();
                    plain(space, &inner, &stand_in_names)
                        .then(|| space.get_type(&inner).ok())
                        .flatten()
                        .map(|t| {
                            let from_str = t.has_impl(typify::TypeSpaceImpl::FromStr);
                            (t.ident().to_string(), from_str)
                        })
                })
                .collect::<Vec<_>>(),
        )
    });
    match answer {
        Ok(Some(answers)) => answers,
        _ => vec![None; probe.len()],
    }
}

/// Whether a type is built of builtins and the named stand-ins only.
fn plain(space: &TypeSpace, id: &TypeId, stand_ins: &BTreeSet<String>) -> bool {
    let Ok(ty) = space.get_type(id) else {
        return false;
    };
    match ty.details() {
        TypeDetails::Enum(_) | TypeDetails::Struct(_) | TypeDetails::Newtype(_) => {
            stand_ins.contains(&ty.name())
        }
        TypeDetails::Option(inner)
        | TypeDetails::Vec(inner)
        | TypeDetails::Set(inner)
        | TypeDetails::Box(inner)
        | TypeDetails::Array(inner, _) => plain(space, &inner, stand_ins),
        TypeDetails::Map(key, value) => {
            plain(space, &key, stand_ins) && plain(space, &value, stand_ins)
        }
        TypeDetails::Tuple(mut items) => items.all(|item| plain(space, &item, stand_ins)),
        TypeDetails::Builtin(_) | TypeDetails::Unit | TypeDetails::String => true,
    }
}

/// `base` as a type name no component has yet.
fn unique(base: &str, taken: &mut BTreeSet<String>) -> String {
    crate::model::unique_name(&crate::model::type_name(base), taken)
}

/// A failure of the generator's own reading of typify: our bug, not the document's.
fn bug(loaded: &Loaded, message: String) -> Error {
    Error::Generate {
        diagnostic: Box::new(loaded.diagnostic(
            "",
            format!("the generator could not read typify's types: {message}"),
            "this is a generator bug; rerun with --verbose and report it",
        )),
        panic: None,
    }
}

/// What one progenitor run on the types document gives.
struct Run {
    /// typify's types.
    tokens: proc_macro2::TokenStream,
    /// Each component's type, by its key.
    named: HashMap<String, Named>,
    needs: Needs,
}

/// Runs progenitor on the types document, retrying without an enum typify cannot name,
/// and returns the run and the warnings. `places` locate the moved inline schemas in the
/// user's document, for errors.
fn run_types(
    loaded: &Loaded,
    document: OpenAPI,
    places: &HashMap<String, Place>,
) -> Result<(Run, Vec<crate::Diagnostic>), Error> {
    let mut warnings = Vec::new();
    let mut spec = document;
    // Each round can only remove an enum, so the rounds are bounded by the enums there are.
    loop {
        match run_progenitor(&spec) {
            Ok(run) => return Ok((run, warnings)),
            Err(Failure::Panicked(panic)) if unnameable_enum(&panic.message).is_some() => {
                let values = unnameable_enum(&panic.message).unwrap_or_default();
                let Some(plain) = without_enum(&spec, &values) else {
                    let (pointer, context, failure) =
                        narrow(&spec, places, Failure::Panicked(panic));
                    return Err(failure_error(loaded, &pointer, &context, failure));
                };
                warnings.extend(enum_warnings(loaded, &values));
                spec = plain;
            }
            Err(failure) => {
                let (pointer, context, failure) = narrow(&spec, places, failure);
                return Err(failure_error(loaded, &pointer, &context, failure));
            }
        }
    }
}

/// Why progenitor produced no tokens.
#[derive(Debug)]
enum Failure {
    /// It returned an error.
    Refused(String),
    /// It panicked.
    Panicked(CaughtPanic),
}

/// The values of a string enum typify found no distinct variant names for (`ASC` and
/// `asc`), from its panic.
fn unnameable_enum(message: &str) -> Option<Vec<String>> {
    let list = message.strip_prefix("Failed to make unique variant names for [")?;
    let list = list.strip_suffix(']')?;
    Some(list.split(',').map(str::to_string).collect())
}

/// `spec` with every `type: string` enum that holds all of `values` read as a plain string:
/// the one safe reading, since every value it lists is a string. `None` if there is none.
fn without_enum(spec: &OpenAPI, values: &[String]) -> Option<OpenAPI> {
    fn walk(node: &mut serde_json::Value, values: &[String], found: &mut bool) {
        match node {
            serde_json::Value::Object(map) => {
                let holds = map.get("type").and_then(|t| t.as_str()) == Some("string")
                    && map
                        .get("enum")
                        .and_then(|e| e.as_array())
                        .is_some_and(|items| {
                            values
                                .iter()
                                .all(|v| items.iter().any(|i| i.as_str() == Some(v)))
                        });
                if holds {
                    map.remove("enum");
                    *found = true;
                }
                map.values_mut()
                    .for_each(|child| walk(child, values, found));
            }
            serde_json::Value::Array(items) => items
                .iter_mut()
                .for_each(|child| walk(child, values, found)),
            _ => {}
        }
    }
    let mut json = serde_json::to_value(spec).ok()?;
    let mut found = false;
    walk(&mut json, values, &mut found);
    found.then(|| serde_json::from_value(json).ok()).flatten()
}

/// A warning at each enum of the document that holds all of `values`.
fn enum_warnings(loaded: &Loaded, values: &[String]) -> Vec<crate::Diagnostic> {
    fn walk(
        node: &serde_yaml::Value,
        pointer: &mut String,
        values: &[String],
        out: &mut Vec<String>,
    ) {
        match node {
            serde_yaml::Value::Mapping(map) => {
                if let Some(serde_yaml::Value::Sequence(items)) = map.get("enum")
                    && values
                        .iter()
                        .all(|v| items.iter().any(|i| i.as_str() == Some(v)))
                {
                    out.push(format!("{pointer}/enum"));
                }
                for (key, child) in map {
                    let Some(key) = key.as_str() else { continue };
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_token(key));
                    walk(child, pointer, values, out);
                    pointer.truncate(len);
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (index, child) in items.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{index}"));
                    walk(child, pointer, values, out);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut pointers = Vec::new();
    walk(&loaded.value, &mut String::new(), values, &mut pointers);
    let list = values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    pointers
        .into_iter()
        .map(|pointer| {
            loaded
                .diagnostic(
                    &pointer,
                    format!(
                        "enum values {list} differ only in case or punctuation, so they have \
                         no distinct Rust names; the field is a plain `String`"
                    ),
                    "make the values differ by more than case and punctuation to get an enum",
                )
                .warning()
        })
        .collect()
}

fn failure_error(loaded: &Loaded, pointer: &str, context: &str, failure: Failure) -> Error {
    let (message, panic) = match failure {
        Failure::Refused(message) => (
            format!(
                "progenitor cannot generate {context}: {}",
                one_line(&message)
            ),
            None,
        ),
        Failure::Panicked(panic) => (
            format!("progenitor crashed while generating {context}"),
            Some(Box::new(panic)),
        ),
    };
    let fix = if panic.is_some() {
        "change or simplify that part of the spec (rerun with --verbose to see progenitor's panic)"
    } else {
        "change or simplify that part of the spec"
    };
    Error::Generate {
        diagnostic: Box::new(loaded.diagnostic(pointer, message, fix)),
        panic,
    }
}

/// progenitor's messages can embed multi-line `Debug` dumps; the first line says what is wrong.
fn one_line(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default().trim_end();
    if message.lines().nth(1).is_some() {
        format!("{first} …")
    } else {
        first.to_string()
    }
}

/// Runs progenitor once on a document without operations, turning both its errors and
/// its panics into a [`Failure`].
fn run_progenitor(spec: &OpenAPI) -> Result<Run, Failure> {
    let settings = settings();
    let keys: Vec<String> = spec
        .components
        .iter()
        .flat_map(|c| c.schemas.keys().cloned())
        .collect();
    let run = || {
        let mut generator = Generator::new(&settings);
        let file = generator.generate_tokens(spec)?;
        let space = generator.get_type_space();
        // typify numbers the components first, in the order given, and lists its types
        // by number: the first types are the components'.
        let named = keys
            .iter()
            .zip(space.iter_types())
            .map(|(key, ty)| {
                let named = Named {
                    ident: ty.ident().to_string(),
                    from_str: ty.has_impl(typify::TypeSpaceImpl::FromStr),
                    builder: ty.builder().map(|b| b.to_string()),
                    link: is_link(space, &ty),
                    list: list_shape(space, &ty),
                };
                (key.clone(), named)
            })
            .collect();
        Ok::<_, progenitor_impl::Error>(Run {
            // progenitor's file holds typify's types in `mod types`; generating them again
            // (`to_stream`) would cost as much as the first time.
            tokens: types_module(file).unwrap_or_else(|| space.to_stream()),
            named,
            needs: Needs {
                regress: space.uses_regress(),
            },
        })
    };
    match guard::catch(run) {
        Ok(Ok(generated)) => Ok(generated),
        Ok(Err(error)) => Err(Failure::Refused(error.to_string())),
        Err(panic) => Err(Failure::Panicked(panic)),
    }
}

/// The contents of the `mod types { .. }` of progenitor's file.
fn types_module(file: proc_macro2::TokenStream) -> Option<proc_macro2::TokenStream> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut trees = file.into_iter();
    while let Some(tree) = trees.next() {
        if matches!(&tree, TokenTree::Ident(i) if i == "mod")
            && matches!(trees.next(), Some(TokenTree::Ident(i)) if i == "types")
            && let Some(TokenTree::Group(group)) = trees.next()
            && group.delimiter() == Delimiter::Brace
        {
            return Some(group.stream());
        }
    }
    None
}

/// Finds the schema that makes progenitor fail: each with what it references. A schema
/// moved from an operation is reported where the document has it (`places`).
fn narrow(
    spec: &OpenAPI,
    places: &HashMap<String, Place>,
    whole: Failure,
) -> (String, String, Failure) {
    let schemas = spec
        .components
        .as_ref()
        .map(|c| c.schemas.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    for name in schemas {
        let mut single = spec.clone();
        if let Some(components) = single.components.as_mut() {
            let keep = reachable_schemas(spec, &name);
            components.schemas.retain(|key, _| keep.contains(key));
        }
        if let Err(failure) = run_progenitor(&single) {
            return match places.get(&name) {
                Some(place) => (place.pointer.clone(), place.what.clone(), failure),
                None => (
                    format!("/components/schemas/{}", escape_token(&name)),
                    format!("schema `{name}`"),
                    failure,
                ),
            };
        }
    }
    ("/components".into(), "the components".into(), whole)
}

/// `name` and every schema it references, directly or not.
fn reachable_schemas(spec: &OpenAPI, name: &str) -> std::collections::BTreeSet<String> {
    let schemas = spec.components.as_ref().map(|c| &c.schemas);
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = vec![name.to_string()];
    while let Some(next) = queue.pop() {
        if !seen.insert(next.clone()) {
            continue;
        }
        let Some(schema) = schemas.and_then(|s| s.get(&next)) else {
            continue;
        };
        let mut refs = Vec::new();
        collect_refs(&serde_json::to_value(schema).unwrap_or_default(), &mut refs);
        queue.extend(
            refs.into_iter()
                .filter_map(|r| r.strip_prefix("#/components/schemas/").map(str::to_string)),
        );
    }
    seen
}

fn collect_refs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", serde_json::Value::String(target)) => out.push(target.clone()),
                    _ => collect_refs(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_types_read_from_progenitors_file_are_typifys_own() {
        let spec: OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Pet": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"},
                    "kind": {"$ref": "#/components/schemas/Kind"}
                }},
                "Kind": {"type": "string", "enum": ["cat", "dog"]}
            }}
        }))
        .unwrap();
        let mut generator = Generator::new(&settings());
        let file = generator.generate_tokens(&spec).unwrap();
        let read = types_module(file).expect("progenitor's file has `mod types`");
        let own = generator.get_type_space().to_stream();
        assert_eq!(read.to_string(), own.to_string());
        assert!(read.to_string().contains("pub struct Pet"));
    }
}
