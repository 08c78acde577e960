//! Stage 1b: turn an OpenAPI 3.1 document into the OpenAPI 3.0 shape that openapiv3 and
//! progenitor read. Runs on the parsed YAML, before openapiv3's typed parse; 3.0 documents
//! never come here.
//!
//! Nodes are edited in place so that JSON pointers into the original file stay valid: keys
//! keep their names and sequences their indices. A node that has to move (a `$ref` wrapped in
//! `allOf`, one branch per type of a type array, an inlined path item, a hoisted `$defs`
//! entry) is recorded in [`Moves`], which maps pointers into the result back to the node the
//! user wrote.
//!
//! [`hoist_inner_refs`] runs on every document, 3.0 or converted 3.1: a schema `$ref` into
//! a component (`#/components/schemas/A/allOf/0`) is valid, but progenitor follows only
//! whole components, so the target becomes one.

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};

use heck::ToUpperCamelCase;
use serde_yaml::{Mapping, Value};

/// The version a converted document declares.
pub const TARGET_VERSION: &str = "3.0.3";

/// HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// JSON Schema 2020-12 keywords that 3.0 lacks and progenitor could not use; dropped.
fn is_dropped(keyword: &str) -> bool {
    matches!(
        keyword,
        "$schema"
            | "$comment"
            | "$vocabulary"
            | "$dynamicRef"
            | "$dynamicAnchor"
            | "if"
            | "then"
            | "else"
            | "dependentSchemas"
            | "dependentRequired"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "contains"
            | "minContains"
            | "maxContains"
            | "propertyNames"
            | "contentSchema"
    )
}

/// Annotations a wrapped `$ref` keeps; they become docs on the generated field.
const REF_NOTES: &[&str] = &[
    "description",
    "title",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// Keywords that apply to one JSON type only; a type array splits them between its branches.
const STRING_KEYWORDS: &[&str] = &["pattern", "minLength", "maxLength"];
const NUMBER_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const ARRAY_KEYWORDS: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];

/// Whether `version` names an OpenAPI 3.1 document, which [`normalize`] converts.
pub fn converts(version: &str) -> bool {
    version.starts_with("3.1.")
}

/// Where the nodes that [`normalize`] moved or made came from in the original document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moves(Vec<(String, String)>);

impl Moves {
    /// The pointer in the original document of the node at `pointer` in the converted one:
    /// the node itself, or the node it was made from.
    pub fn original(&self, pointer: &str) -> String {
        let mut pointer = pointer.to_string();
        // A moved node can sit inside another moved node (a wrapped `$ref` in an inlined path
        // item); each step maps one move. The bound only guards against a cycle.
        for _ in 0..16 {
            let found = self
                .0
                .iter()
                .filter(|(made, _)| {
                    pointer
                        .strip_prefix(made.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                })
                .max_by_key(|(made, _)| made.len());
            let Some((made, from)) = found else { break };
            pointer = format!("{from}{}", &pointer[made.len()..]);
        }
        pointer
    }

    /// True when nothing moved.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds the moves of a later pass, whose pointers are into this pass's result.
    pub fn extend(&mut self, later: Moves) {
        self.0.extend(later.0);
    }
}

/// A 3.1 construct with no 3.0 equivalent, at its pointer in the converted document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Where it is (map it through [`Moves::original`] for the user's file).
    pub pointer: String,
    /// What cannot be converted.
    pub message: String,
    /// How to write it instead.
    pub fix: String,
}

/// What [`normalize`] did to a document.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// Nodes that moved or were made from others.
    pub moves: Moves,
    /// Constructs left unconverted; the document must not be used when there are any.
    pub refusals: Vec<Refusal>,
}

/// Converts the OpenAPI 3.1 `document` to OpenAPI 3.0.3 in place, in one pass over the tree.
pub fn normalize(document: &mut Value) -> Normalized {
    let mut walk = Walk::default();
    if let Value::Mapping(root) = document {
        walk.document(root);
    }
    walk.resolve_named_refs(document);
    Normalized {
        moves: Moves(walk.moves),
        refusals: walk.refusals,
    }
}

/// Where a schema sits; some conversions depend on it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place<'a> {
    /// A named entry of `components/schemas` (or a `$defs` entry hoisted there).
    Component(&'a str),
    /// The value of a `properties` entry, which becomes a struct field.
    Property,
    /// Anywhere else.
    Other,
}

/// What a schema holds that the conversion acts on, from one scan of its keys: most schemas
/// need nothing, and a hash lookup per rule would cost more than the scan.
#[derive(Default)]
struct Found {
    names: bool,
    dropped: bool,
    defs: bool,
    reference: bool,
    examples: bool,
    constant: bool,
    exclusive: bool,
    content: bool,
    patterns: bool,
    tuple: bool,
    types: bool,
    unions: bool,
    children: bool,
}

impl Found {
    fn scan(map: &Mapping) -> Self {
        let mut found = Found::default();
        for (name, value) in map {
            let Some(name) = name.as_str() else { continue };
            match name {
                "$anchor" | "$id" => found.names = true,
                "$defs" | "definitions" => found.defs = true,
                "$ref" => found.reference = true,
                "examples" => found.examples = true,
                "const" => found.constant = true,
                "exclusiveMinimum" | "exclusiveMaximum" => found.exclusive |= value.is_number(),
                "contentEncoding" | "contentMediaType" => found.content = true,
                "patternProperties" => found.patterns = true,
                "prefixItems" => found.tuple = true,
                "items" => {
                    found.tuple |= value.is_bool();
                    found.children = true;
                }
                "type" => found.types = value.is_sequence() || value.as_str() == Some("null"),
                "oneOf" | "anyOf" => {
                    found.unions = true;
                    found.children = true;
                }
                "properties" | "additionalProperties" | "allOf" | "not" => found.children = true,
                name => found.dropped |= is_dropped(name),
            }
        }
        // These make or move schemas (branches, `items`, `additionalProperties`) to convert.
        found.children |= found.types || found.tuple || found.patterns;
        found
    }
}

/// A `$defs` entry on its way to `components/schemas`.
struct Hoisted {
    name: String,
    schema: Value,
    from: String,
}

#[derive(Default)]
struct Walk {
    /// The pointer of the node being converted, in the converted document.
    at: String,
    moves: Vec<(String, String)>,
    refusals: Vec<Refusal>,
    /// `components/pathItems`, taken out of the document and inlined where referenced.
    path_items: Mapping,
    hoisted: VecDeque<Hoisted>,
    /// `$anchor`s (as `#name`) and `$id`s, with the pointer of the schema declaring each.
    names: BTreeMap<String, String>,
    /// Pointers of schemas whose `$ref` is not a JSON pointer (an anchor or an `$id`).
    named_refs: Vec<String>,
}

/// A mapping key as pointer text; borrowed in the usual case of a string key.
fn key_text(key: &Value) -> Option<Cow<'_, str>> {
    match key {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        _ => None,
    }
}

fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

fn pointer_with(base: &str, token: &str) -> String {
    let mut pointer = base.to_string();
    push_token(&mut pointer, token);
    pointer
}

fn key(name: &str) -> Value {
    Value::String(name.to_string())
}

impl Walk {
    fn enter(&mut self, token: &str) -> usize {
        let len = self.at.len();
        push_token(&mut self.at, token);
        len
    }

    fn leave(&mut self, len: usize) {
        self.at.truncate(len);
    }

    fn here(&self, token: &str) -> String {
        pointer_with(&self.at, token)
    }

    /// Here plus `suffix`, an already escaped relative pointer such as `allOf/0`.
    fn below(&self, suffix: &str) -> String {
        if suffix.is_empty() {
            self.at.clone()
        } else {
            format!("{}/{suffix}", self.at)
        }
    }

    /// Records that the node at `made` came from `from`, both relative to here.
    fn moved(&mut self, made: &str, from: &str) {
        self.moves.push((self.below(made), self.below(from)));
    }

    fn refuse(&mut self, pointer: String, message: impl Into<String>, fix: impl Into<String>) {
        self.refusals.push(Refusal {
            pointer,
            message: message.into(),
            fix: fix.into(),
        });
    }

    /// Runs `f` on `map[name]`, if present, with the pointer moved there.
    fn child(&mut self, map: &mut Mapping, name: &str, f: impl FnOnce(&mut Self, &mut Value)) {
        if let Some(value) = map.get_mut(name) {
            let len = self.enter(name);
            f(self, value);
            self.leave(len);
        }
    }

    /// Runs `f` on every entry of the mapping `node`.
    fn entries(&mut self, node: &mut Value, mut f: impl FnMut(&mut Self, &str, &mut Value)) {
        let Value::Mapping(map) = node else { return };
        for (name, value) in map.iter_mut() {
            let Some(name) = key_text(name) else { continue };
            let len = self.enter(&name);
            f(self, &name, value);
            self.leave(len);
        }
    }

    /// Runs `f` on every item of the sequence `node`.
    fn each_item(&mut self, node: &mut Value, mut f: impl FnMut(&mut Self, &mut Value)) {
        let Value::Sequence(items) = node else { return };
        for (index, item) in items.iter_mut().enumerate() {
            let len = self.enter(&index.to_string());
            f(self, item);
            self.leave(len);
        }
    }

    fn document(&mut self, root: &mut Mapping) {
        root.insert(key("openapi"), key(TARGET_VERSION));
        // New in 3.1 and of no use to a client: webhooks are calls the API makes, not takes.
        for name in ["jsonSchemaDialect", "$schema", "webhooks"] {
            root.shift_remove(name);
        }
        if let Some(Value::Mapping(info)) = root.get_mut("info") {
            info.shift_remove("summary");
            if let Some(Value::Mapping(license)) = info.get_mut("license") {
                license.shift_remove("identifier");
            }
        }
        if matches!(root.get("paths"), None | Some(Value::Null)) {
            root.insert(key("paths"), Value::Mapping(Mapping::new()));
        }
        if let Some(Value::Mapping(components)) = root.get_mut("components")
            && let Some(Value::Mapping(path_items)) = components.shift_remove("pathItems")
        {
            self.path_items = path_items;
        }
        self.child(root, "paths", |w, paths| {
            w.entries(paths, |w, _, item| w.path_item(item))
        });
        self.child(root, "components", |w, components| w.components(components));
    }

    /// Keeps only the `$ref` of a Reference Object (3.1 allows `summary` and `description`
    /// beside it, 3.0 nothing). True when `node` is one.
    fn reference(&mut self, node: &mut Value) -> bool {
        let Value::Mapping(map) = node else {
            return false;
        };
        if !map.contains_key("$ref") {
            return false;
        }
        if map.len() > 1 {
            map.retain(|name, _| name.as_str() == Some("$ref"));
        }
        true
    }

    fn path_item(&mut self, node: &mut Value) {
        let Value::Mapping(item) = node else { return };
        self.inline_path_item(item);
        self.child(item, "parameters", |w, list| {
            w.each_item(list, |w, parameter| w.parameter(parameter))
        });
        for method in METHODS {
            self.child(item, method, |w, operation| w.operation(operation));
        }
    }

    /// Replaces a `$ref` to `components/pathItems` (new in 3.1) with a copy of its target;
    /// fields written beside the `$ref` win.
    fn inline_path_item(&mut self, item: &mut Mapping) {
        // The target may itself be a reference; the bound guards against a cycle.
        for _ in 0..16 {
            let Some(Value::String(target)) = item.get("$ref") else {
                return;
            };
            let Some(name) = target.strip_prefix("#/components/pathItems/") else {
                return;
            };
            let name = crate::diagnostic::unescape_token(name);
            let Some(Value::Mapping(found)) = self.path_items.get(name.as_str()) else {
                let target = target.clone();
                self.refuse(
                    self.here("$ref"),
                    format!("`$ref` `{target}` points nowhere"),
                    "define the path item under `components/pathItems`, or write it here",
                );
                return;
            };
            let found = found.clone();
            let from = pointer_with("/components/pathItems", &name);
            item.shift_remove("$ref");
            for (field, value) in found {
                let Some(field_name) = key_text(&field) else {
                    continue;
                };
                if item.contains_key(&field) {
                    continue;
                }
                let made = (self.here(&field_name), pointer_with(&from, &field_name));
                self.moves.push(made);
                item.insert(field, value);
            }
        }
    }

    fn operation(&mut self, node: &mut Value) {
        let Value::Mapping(operation) = node else {
            return;
        };
        self.child(operation, "parameters", |w, list| {
            w.each_item(list, |w, parameter| w.parameter(parameter))
        });
        self.child(operation, "requestBody", |w, body| w.request_body(body));
        // Optional since 3.1; openapiv3 requires the field.
        if !operation.contains_key("responses") {
            operation.insert(key("responses"), Value::Mapping(Mapping::new()));
            self.moved("responses", "");
        }
        self.child(operation, "responses", |w, responses| {
            w.entries(responses, |w, _, response| w.response(response))
        });
        self.child(operation, "callbacks", |w, callbacks| {
            w.entries(callbacks, |w, _, callback| {
                if !w.reference(callback) {
                    w.entries(callback, |w, _, item| w.path_item(item));
                }
            })
        });
    }

    /// A Parameter or Header Object.
    fn parameter(&mut self, node: &mut Value) {
        if self.reference(node) {
            return;
        }
        let Value::Mapping(parameter) = node else {
            return;
        };
        self.child(parameter, "schema", |w, schema| {
            w.schema(schema, Place::Other)
        });
        self.child(parameter, "content", |w, content| w.content(content));
        self.child(parameter, "examples", |w, examples| w.references(examples));
    }

    /// Every entry of a map of objects that may be references (examples, links).
    fn references(&mut self, node: &mut Value) {
        self.entries(node, |w, _, entry| {
            w.reference(entry);
        });
    }

    fn request_body(&mut self, node: &mut Value) {
        if self.reference(node) {
            return;
        }
        let Value::Mapping(body) = node else { return };
        self.child(body, "content", |w, content| w.content(content));
    }

    fn response(&mut self, node: &mut Value) {
        if self.reference(node) {
            return;
        }
        let Value::Mapping(response) = node else {
            return;
        };
        self.child(response, "headers", |w, headers| {
            w.entries(headers, |w, _, header| w.parameter(header))
        });
        self.child(response, "content", |w, content| w.content(content));
        self.child(response, "links", |w, links| w.references(links));
    }

    fn content(&mut self, node: &mut Value) {
        self.entries(node, |w, _, media| {
            let Value::Mapping(media) = media else { return };
            w.child(media, "schema", |w, schema| w.schema(schema, Place::Other));
            w.child(media, "examples", |w, examples| w.references(examples));
            w.child(media, "encoding", |w, encodings| {
                w.entries(encodings, |w, _, encoding| {
                    let Value::Mapping(encoding) = encoding else {
                        return;
                    };
                    w.child(encoding, "headers", |w, headers| {
                        w.entries(headers, |w, _, header| w.parameter(header))
                    });
                })
            });
        });
    }

    fn components(&mut self, node: &mut Value) {
        let Value::Mapping(components) = node else {
            return;
        };
        self.child(components, "schemas", |w, schemas| {
            w.component_schemas(schemas)
        });
        self.child(components, "responses", |w, responses| {
            w.entries(responses, |w, _, response| w.response(response))
        });
        self.child(components, "parameters", |w, parameters| {
            w.entries(parameters, |w, _, parameter| w.parameter(parameter))
        });
        self.child(components, "headers", |w, headers| {
            w.entries(headers, |w, _, header| w.parameter(header))
        });
        self.child(components, "requestBodies", |w, bodies| {
            w.entries(bodies, |w, _, body| w.request_body(body))
        });
        self.child(components, "examples", |w, examples| w.references(examples));
        self.child(components, "links", |w, links| w.references(links));
        self.child(components, "callbacks", |w, callbacks| {
            w.entries(callbacks, |w, _, callback| {
                if !w.reference(callback) {
                    w.entries(callback, |w, _, item| w.path_item(item));
                }
            })
        });
        if let Some(Value::Mapping(schemes)) = components.get_mut("securitySchemes") {
            // `mutualTLS` (new in 3.1) is set up on the HTTP client, not per request, and
            // openapiv3 rejects the type.
            schemes.retain(|_, scheme| {
                scheme.get("type").and_then(Value::as_str) != Some("mutualTLS")
            });
            for scheme in schemes.values_mut() {
                self.reference(scheme);
            }
        }
    }

    fn component_schemas(&mut self, node: &mut Value) {
        let Value::Mapping(schemas) = node else {
            return;
        };
        for (name, schema) in schemas.iter_mut() {
            let Some(name) = key_text(name) else { continue };
            let len = self.enter(&name);
            self.schema(schema, Place::Component(&name));
            self.leave(len);
        }
        // `$defs` entries become components of their own, which progenitor can reference.
        while let Some(Hoisted {
            name,
            mut schema,
            from,
        }) = self.hoisted.pop_front()
        {
            if schemas.contains_key(name.as_str()) {
                self.refuse(
                    from,
                    format!("this `$defs` entry would become `components/schemas/{name}`, which already exists"),
                    "rename the `$defs` entry or the component, or move the entry to `components/schemas` yourself",
                );
                continue;
            }
            let len = self.enter(&name);
            self.moves.push((self.at.clone(), from));
            self.schema(&mut schema, Place::Component(&name));
            self.leave(len);
            schemas.insert(key(&name), schema);
        }
    }

    /// Converts one Schema Object and everything under it.
    fn schema(&mut self, node: &mut Value, place: Place<'_>) {
        let map = match node {
            Value::Mapping(map) => map,
            // Boolean schemas are new in 3.1: `true` accepts anything.
            Value::Bool(true) => {
                *node = Value::Mapping(Mapping::new());
                return;
            }
            Value::Bool(false) => {
                self.refuse(
                    self.at.clone(),
                    "the schema `false` accepts no value, which OpenAPI 3.0 cannot express here",
                    "remove it, or write a schema for the values it should accept",
                );
                return;
            }
            _ => return,
        };
        let found = Found::scan(map);
        if found.names {
            for name in ["$anchor", "$id"] {
                if let Some(Value::String(id)) = map.shift_remove(name) {
                    let id = if name == "$anchor" {
                        format!("#{id}")
                    } else {
                        id
                    };
                    self.names.entry(id).or_insert_with(|| self.at.clone());
                }
            }
        }
        if found.dropped {
            map.retain(|name, _| !name.as_str().is_some_and(is_dropped));
        }
        if found.defs {
            self.defs(map, place);
        }
        if found.reference && self.schema_reference(map, place) {
            return;
        }
        if found.examples {
            self.examples(map);
        }
        if found.constant {
            self.constant(map);
        }
        if found.exclusive {
            self.exclusive(map, "exclusiveMinimum", "minimum", |bound, inclusive| {
                inclusive > bound
            });
            self.exclusive(map, "exclusiveMaximum", "maximum", |bound, inclusive| {
                inclusive < bound
            });
        }
        if found.content {
            self.content_keywords(map);
        }
        if found.patterns {
            self.pattern_properties(map);
        }
        if found.tuple {
            self.tuple(map);
        }
        if found.types {
            self.types(map);
        }
        if found.unions {
            self.null_branch(map);
        }
        if found.children {
            self.subschemas(map);
        }
    }

    /// `$defs` of a component are hoisted to components of their own; others are dropped,
    /// and a `$ref` into them is reported by validation.
    fn defs(&mut self, map: &mut Mapping, place: Place<'_>) {
        for defs in ["$defs", "definitions"] {
            let Some(Value::Mapping(entries)) = map.shift_remove(defs) else {
                continue;
            };
            let Place::Component(parent) = place else {
                continue;
            };
            for (entry, schema) in entries {
                let Some(entry) = key_text(&entry) else {
                    continue;
                };
                let from = pointer_with(&self.here(defs), &entry);
                let name = format!("{parent}_{entry}");
                self.hoisted.push_back(Hoisted { name, schema, from });
            }
        }
    }

    /// A `$ref` may have siblings in 3.1, and they apply too; 3.0 ignores them. Annotations are
    /// dropped except on properties, where they document the field; anything else is kept
    /// next to the `$ref` in an `allOf`. True when `map` holds a `$ref`.
    fn schema_reference(&mut self, map: &mut Mapping, place: Place<'_>) -> bool {
        let Some(Value::String(target)) = map.get_mut("$ref") else {
            return false;
        };
        if let Some(hoisted) = defs_reference(target) {
            *target = hoisted;
        }
        let named = !target.starts_with("#/");
        if map.len() == 1 {
            if named {
                self.named_refs.push(self.at.clone());
            }
            return true;
        }
        let reference = map.shift_remove("$ref").unwrap_or(Value::Null);
        let mut nullable = false;
        let mut notes = Mapping::new();
        let mut rest = Mapping::new();
        for (name, value) in std::mem::take(map) {
            match name.as_str() {
                Some("nullable") => nullable |= value == Value::Bool(true),
                // The target says what the type is; a sibling `type` only adds null.
                Some("type") => nullable |= types_of(&value).contains(&"null"),
                Some(note) if REF_NOTES.contains(&note) => {
                    notes.insert(name, value);
                }
                Some("summary" | "example" | "examples" | "default" | "externalDocs" | "xml") => {}
                Some(extension) if extension.starts_with("x-") => {}
                _ => {
                    rest.insert(name, value);
                }
            }
        }
        if !nullable && rest.is_empty() && (place != Place::Property || notes.is_empty()) {
            map.insert(key("$ref"), reference);
            if named {
                self.named_refs.push(self.at.clone());
            }
            return true;
        }
        *map = notes;
        if nullable {
            map.insert(key("nullable"), Value::Bool(true));
        }
        let mut all_of = vec![Value::Mapping(Mapping::from_iter([(
            key("$ref"),
            reference,
        )]))];
        self.moved("allOf/0", "");
        if named {
            self.named_refs.push(self.below("allOf/0"));
        }
        if !rest.is_empty() {
            let mut rest = Value::Mapping(rest);
            self.moved("allOf/1", "");
            let len = self.at.len();
            self.at = self.below("allOf/1");
            self.schema(&mut rest, Place::Other);
            self.leave(len);
            all_of.push(rest);
        }
        map.insert(key("allOf"), Value::Sequence(all_of));
        true
    }

    /// `examples` (an array in 3.1) -> `example` (one value in 3.0).
    fn examples(&mut self, map: &mut Mapping) {
        let Some(examples) = map.shift_remove("examples") else {
            return;
        };
        if let Value::Sequence(mut examples) = examples
            && !examples.is_empty()
            && !map.contains_key("example")
        {
            map.insert(key("example"), examples.swap_remove(0));
            self.moved("example", "examples/0");
        }
    }

    /// `const: x` -> `enum: [x]`, with the type that `x` has when none is given.
    fn constant(&mut self, map: &mut Mapping) {
        let Some(value) = map.shift_remove("const") else {
            return;
        };
        if !map.contains_key("type") {
            let kind = match &value {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_f64() => Some("number"),
                Value::Number(_) => Some("integer"),
                _ => None,
            };
            if let Some(kind) = kind {
                map.insert(key("type"), key(kind));
                self.moved("type", "const");
            }
        }
        map.insert(key("enum"), Value::Sequence(vec![value]));
        self.moved("enum", "const");
    }

    /// A numeric `exclusiveMinimum: n` (3.1) -> `minimum: n` + `exclusiveMinimum: true` (3.0),
    /// unless an existing `minimum` is the stricter bound. Likewise for the maximum.
    fn exclusive(
        &mut self,
        map: &mut Mapping,
        exclusive: &str,
        inclusive: &str,
        inclusive_wins: fn(f64, f64) -> bool,
    ) {
        let Some(Value::Number(bound)) = map.get(exclusive) else {
            return;
        };
        let bound = bound.clone();
        let wins = match map.get(inclusive) {
            Some(Value::Number(existing)) => inclusive_wins(
                bound.as_f64().unwrap_or(0.0),
                existing.as_f64().unwrap_or(0.0),
            ),
            _ => false,
        };
        if wins {
            map.shift_remove(exclusive);
            return;
        }
        map.insert(key(inclusive), Value::Number(bound));
        map.insert(key(exclusive), Value::Bool(true));
        self.moved(inclusive, exclusive);
    }

    /// `contentEncoding: base64` -> `format: byte`; a binary `contentMediaType` -> `format:
    /// binary` (how 3.0 describes files).
    fn content_keywords(&mut self, map: &mut Mapping) {
        let encoding = map.shift_remove("contentEncoding");
        let media = map.shift_remove("contentMediaType");
        let format = match (
            encoding.as_ref().and_then(Value::as_str),
            media.as_ref().and_then(Value::as_str),
        ) {
            (Some("base64" | "base64url"), _) => Some(("byte", "contentEncoding")),
            (None, Some(media)) if is_binary_media(media) => Some(("binary", "contentMediaType")),
            _ => None,
        };
        let Some((format, from)) = format else { return };
        if !map.contains_key("format") {
            map.insert(key("format"), key(format));
            self.moved("format", from);
        }
        if !map.contains_key("type") {
            map.insert(key("type"), key("string"));
            self.moved("type", from);
        }
    }

    /// `patternProperties` with one value schema -> `additionalProperties` (a typed map);
    /// otherwise dropped.
    fn pattern_properties(&mut self, map: &mut Mapping) {
        let Some(Value::Mapping(patterns)) = map.shift_remove("patternProperties") else {
            return;
        };
        let mut values = patterns.iter();
        let Some((pattern, first)) = values.next() else {
            return;
        };
        if map.contains_key("additionalProperties") || values.any(|(_, other)| other != first) {
            return;
        }
        let from = pointer_with("patternProperties", &key_text(pattern).unwrap_or_default());
        map.insert(key("additionalProperties"), first.clone());
        self.moved("additionalProperties", &from);
    }

    /// `prefixItems` (tuples, 3.1) and boolean `items` have no 3.0 form: the array keeps one
    /// item schema, the shared one when every position has the same, else any value.
    fn tuple(&mut self, map: &mut Mapping) {
        let prefix = map.shift_remove("prefixItems");
        let closed = map.get("items") == Some(&Value::Bool(false));
        if map.get("items").is_some_and(Value::is_bool) {
            map.shift_remove("items");
        }
        let length = match prefix {
            Some(Value::Sequence(positions)) => {
                let rest = map.get("items");
                let shared = positions
                    .first()
                    .filter(|first| positions.iter().chain(rest).all(|other| other == *first))
                    .cloned();
                let (items, from) = match shared {
                    Some(shared) => (shared, "prefixItems/0"),
                    None => (Value::Mapping(Mapping::new()), "prefixItems"),
                };
                map.insert(key("items"), items);
                self.moved("items", from);
                positions.len()
            }
            _ => 0,
        };
        // `items: false` closes the array after the prefix. With a prefix, `items` is a node
        // made here, so the bound is said to come from the prefix.
        if closed && !map.contains_key("maxItems") {
            map.insert(key("maxItems"), Value::from(length));
            self.moved(
                "maxItems",
                if length == 0 { "items" } else { "prefixItems" },
            );
        }
    }

    /// `type: [T, "null"]` -> `type: T` + `nullable: true`; `type: "null"` -> `enum: [null]`;
    /// several types -> a `oneOf` with one branch per type, each taking its own keywords.
    fn types(&mut self, map: &mut Mapping) {
        let mut kinds: Vec<&str> = Vec::new();
        let mut nullable = false;
        match map.get("type") {
            Some(Value::String(kind)) if kind == "null" => nullable = true,
            Some(value @ Value::Sequence(_)) => {
                for kind in types_of(value) {
                    if kind == "null" {
                        nullable = true;
                    } else if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
            }
            _ => return,
        }
        // Every integer is a number.
        if kinds.contains(&"number") {
            kinds.retain(|kind| *kind != "integer");
        }
        let kinds: Vec<String> = kinds.into_iter().map(str::to_string).collect();
        if kinds.is_empty() {
            map.shift_remove("type");
            if !map.contains_key("enum") {
                map.insert(key("enum"), Value::Sequence(vec![Value::Null]));
                self.moved("enum", "type");
            }
            return;
        }
        if nullable {
            map.insert(key("nullable"), Value::Bool(true));
            self.moved("nullable", "type");
        }
        if let [kind] = kinds.as_slice() {
            map.insert(key("type"), key(kind));
        } else {
            let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
            self.split_types(map, &kinds);
        }
    }

    fn split_types(&mut self, map: &mut Mapping, kinds: &[&str]) {
        map.shift_remove("type");
        let format = map.shift_remove("format");
        let mut values = match map.shift_remove("enum") {
            Some(Value::Sequence(values)) => values,
            _ => Vec::new(),
        };
        let mut branches = Vec::new();
        for kind in kinds {
            let mut branch = Mapping::new();
            branch.insert(key("type"), key(kind));
            let keywords = match *kind {
                "string" => STRING_KEYWORDS,
                "number" | "integer" => NUMBER_KEYWORDS,
                "array" => ARRAY_KEYWORDS,
                "object" => OBJECT_KEYWORDS,
                _ => &[],
            };
            // Each keyword has one branch (integer and number never both remain), so it moves.
            for name in keywords {
                if let Some(value) = map.shift_remove(*name) {
                    branch.insert(key(name), value);
                }
            }
            if let Some(Value::String(format)) = &format
                && format_kind(format, kinds) == Some(kind)
            {
                branch.insert(key("format"), key(format));
            }
            let (mine, rest): (Vec<Value>, Vec<Value>) = values
                .into_iter()
                .partition(|value| value_kind(value, kinds) == Some(kind));
            values = rest;
            if !mine.is_empty() {
                branch.insert(key("enum"), Value::Sequence(mine));
            }
            branches.push(Value::Mapping(branch));
        }
        // Keywords for types not in the union constrain nothing.
        for keywords in [
            STRING_KEYWORDS,
            NUMBER_KEYWORDS,
            ARRAY_KEYWORDS,
            OBJECT_KEYWORDS,
        ] {
            for name in keywords {
                map.shift_remove(*name);
            }
        }
        // A schema that already has a `oneOf` must match it too; the type union goes beside it.
        let slot = ["oneOf", "anyOf"]
            .into_iter()
            .find(|slot| !map.contains_key(*slot));
        match slot {
            Some(slot) => {
                for index in 0..branches.len() {
                    self.moved(&format!("{slot}/{index}"), "");
                }
                map.insert(key(slot), Value::Sequence(branches));
            }
            None => {
                let all_of = map
                    .entry(key("allOf"))
                    .or_insert_with(|| Value::Sequence(Vec::new()));
                if let Value::Sequence(all_of) = all_of {
                    self.moved(&format!("allOf/{}", all_of.len()), "");
                    all_of.push(Value::Mapping(Mapping::from_iter([(
                        key("oneOf"),
                        Value::Sequence(branches),
                    )])));
                }
            }
        }
    }

    /// A union whose last branch is only `null` (3.1 has no `nullable`) -> the other branches
    /// and `nullable: true`, which progenitor makes an `Option` of the union. With one other
    /// branch typify does that already; a null branch elsewhere stays, as removing it would
    /// renumber its siblings.
    fn null_branch(&mut self, map: &mut Mapping) {
        for union in ["oneOf", "anyOf"] {
            let Some(Value::Sequence(branches)) = map.get_mut(union) else {
                continue;
            };
            if branches.len() < 3 || !branches.last().is_some_and(is_null_schema) {
                continue;
            }
            branches.pop();
            let last = branches.len();
            map.insert(key("nullable"), Value::Bool(true));
            self.moved("nullable", &format!("{union}/{last}"));
        }
    }

    /// Converts the schemas below this one.
    fn subschemas(&mut self, map: &mut Mapping) {
        let mut absent = Vec::new();
        for (name, value) in map.iter_mut() {
            let Some(name) = name.as_str() else { continue };
            if !matches!(
                name,
                "properties"
                    | "items"
                    | "additionalProperties"
                    | "not"
                    | "allOf"
                    | "oneOf"
                    | "anyOf"
            ) {
                continue;
            }
            let len = self.enter(name);
            match (name, value) {
                ("properties", Value::Mapping(properties)) => {
                    // A `false` property may not appear at all: a struct without that field.
                    properties.retain(|name, property| {
                        let keep = *property != Value::Bool(false);
                        if !keep {
                            absent.push(name.clone());
                        }
                        keep
                    });
                    for (name, property) in properties.iter_mut() {
                        let Some(name) = key_text(name) else { continue };
                        let inner = self.enter(&name);
                        self.schema(property, Place::Property);
                        self.leave(inner);
                    }
                }
                ("additionalProperties", Value::Bool(_)) => {}
                ("items" | "additionalProperties" | "not", schema) => {
                    self.schema(schema, Place::Other)
                }
                ("allOf" | "oneOf" | "anyOf", schemas) => {
                    self.each_item(schemas, |w, schema| w.schema(schema, Place::Other))
                }
                _ => {}
            }
            self.leave(len);
        }
        if !absent.is_empty()
            && let Some(Value::Sequence(required)) = map.get_mut("required")
        {
            required.retain(|name| !absent.contains(name));
        }
    }

    /// Points `$ref`s by `$anchor` or `$id` at the schema that declares the name.
    fn resolve_named_refs(&mut self, document: &mut Value) {
        for at in std::mem::take(&mut self.named_refs) {
            let Some(Value::Mapping(map)) = node_mut(document, &at) else {
                continue;
            };
            let Some(Value::String(target)) = map.get_mut("$ref") else {
                continue;
            };
            if let Some(pointer) = self.names.get(target.as_str()) {
                *target = format!("#{pointer}");
            }
        }
    }
}

/// Hoists each schema that a `$ref` points at inside a component
/// (`#/components/schemas/WebhookEvent/allOf/0`, `#/components/parameters/Id/schema`) to a
/// component of its own (`WebhookEventAllOf0`, `IdSchema`; numbered if taken), leaves a
/// `$ref` to it in its place, so there is one type, and points the references at it. A
/// target that does not exist is left for [`crate::validate`] to report.
pub fn hoist_inner_refs(document: &mut Value) -> Moves {
    let mut refs = Vec::new();
    collect_schema_refs(document, &mut Vec::new(), &mut refs);
    let mut targets: Vec<Vec<String>> = Vec::new();
    for target in refs {
        let Some(tokens) = inner_schema_target(&target) else {
            continue;
        };
        if !targets.contains(&tokens) {
            targets.push(tokens);
        }
    }
    // Deepest first, so a target inside another is hoisted before its container is copied.
    targets.sort_by_key(|tokens| std::cmp::Reverse(tokens.len()));
    let mut taken: std::collections::BTreeSet<String> = document
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .into_iter()
        .flat_map(|m| m.keys())
        .filter_map(|k| key_text(k).map(|k| k.to_upper_camel_case()))
        .collect();
    let mut moves = Vec::new();
    let mut renamed: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for tokens in targets {
        let from = tokens
            .iter()
            .fold(String::new(), |p, t| pointer_with(&p, t));
        let base = hoisted_name(&tokens[2..]);
        let name = (1..)
            .map(|n| match n {
                1 => base.clone(),
                n => format!("{base}{n}"),
            })
            .find(|name| !taken.contains(&name.to_upper_camel_case()))
            .unwrap_or(base);
        let reference = pointer_with("#/components/schemas", &name);
        let Some(node) = node_mut(document, &from) else {
            continue;
        };
        if !node.is_mapping() {
            continue;
        }
        let mut stub = Mapping::new();
        stub.insert(key("$ref"), Value::String(reference.clone()));
        let schema = std::mem::replace(node, Value::Mapping(stub));
        let Some(schemas) = schemas_mut(document) else {
            continue;
        };
        schemas.insert(key(&name), schema);
        taken.insert(name.to_upper_camel_case());
        moves.push((pointer_with("/components/schemas", &name), from.clone()));
        renamed.insert(tokens, reference);
    }
    if !renamed.is_empty() {
        retarget(document, &renamed, false);
    }
    Moves(moves)
}

/// `components/schemas` of `document`, made if missing; `None` if `components` or it is
/// not a mapping (which the typed parse reports).
fn schemas_mut(document: &mut Value) -> Option<&mut Mapping> {
    let components = document
        .as_mapping_mut()?
        .entry(key("components"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    components
        .as_mapping_mut()?
        .entry(key("schemas"))
        .or_insert_with(|| Value::Mapping(Mapping::new()))
        .as_mapping_mut()
}

/// The component name for a schema at `tokens` (from the component's name on) inside
/// a component: the tokens that say what it is, in PascalCase (`properties`, `content`
/// and media types say nothing).
fn hoisted_name(tokens: &[String]) -> String {
    let words: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|t| !matches!(*t, "properties" | "content") && !t.contains('/'))
        .collect();
    words.join("_").to_upper_camel_case()
}

/// The tokens of `target` when it is a local pointer to a schema inside a component:
/// below `components/<section>/<name>`, in a schema position. `$defs` are
/// [`normalize`]'s (for 3.1), and a 3.0 document has none.
fn inner_schema_target(target: &str) -> Option<Vec<String>> {
    let fragment = target.strip_prefix("#/")?;
    let tokens: Vec<String> = fragment
        .split('/')
        .map(crate::diagnostic::unescape_token)
        .collect();
    let schema_position =
        tokens.get(1).is_some_and(|s| s == "schemas") || tokens.iter().any(|t| t == "schema");
    let in_defs = tokens.iter().any(|t| t == "$defs" || t == "definitions");
    (tokens.len() > 3 && tokens[0] == "components" && schema_position && !in_defs).then_some(tokens)
}

/// Every `$ref` string in a schema position (where a schema `$ref` belongs), skipping
/// literal data (examples, defaults, enums, extensions).
fn collect_schema_refs(node: &Value, tokens: &mut Vec<String>, out: &mut Vec<String>) {
    match node {
        Value::Mapping(map) => {
            for (name, value) in map {
                let Some(name) = key_text(name) else { continue };
                let schema_position = tokens.starts_with(&["components".into(), "schemas".into()])
                    || tokens.iter().any(|t| t == "schema");
                if name == "$ref" {
                    if let (true, Value::String(target)) = (schema_position, value) {
                        out.push(target.clone());
                    }
                    continue;
                }
                let in_properties = tokens.last().is_some_and(|t| t == "properties");
                if !in_properties
                    && (matches!(name.as_ref(), "example" | "examples" | "default" | "enum")
                        || name.starts_with("x-"))
                {
                    continue;
                }
                tokens.push(name.into_owned());
                collect_schema_refs(value, tokens, out);
                tokens.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                tokens.push(i.to_string());
                collect_schema_refs(item, tokens, out);
                tokens.pop();
            }
        }
        _ => {}
    }
}

/// Points every `$ref` to a target in `renamed` at its new place (skipping literal data,
/// as [`collect_schema_refs`] does).
fn retarget(node: &mut Value, renamed: &BTreeMap<Vec<String>, String>, in_properties: bool) {
    match node {
        Value::Mapping(map) => {
            for (name, value) in map.iter_mut() {
                let Some(name) = name.as_str() else { continue };
                if name == "$ref" {
                    if let Value::String(target) = value
                        && let Some(new) =
                            inner_schema_target(target).and_then(|tokens| renamed.get(&tokens))
                    {
                        *target = new.clone();
                    }
                } else if in_properties
                    || !(matches!(name, "example" | "examples" | "default" | "enum")
                        || name.starts_with("x-"))
                {
                    retarget(value, renamed, name == "properties" && !in_properties);
                }
            }
        }
        Value::Sequence(items) => items
            .iter_mut()
            .for_each(|item| retarget(item, renamed, false)),
        _ => {}
    }
}

/// `#/components/schemas/A/$defs/B` -> `#/components/schemas/A_B`, where [`Walk`] hoists it.
fn defs_reference(target: &str) -> Option<String> {
    let rest = target.strip_prefix("#/components/schemas/")?;
    let tokens: Vec<&str> = rest.split('/').collect();
    if tokens.len() < 3
        || tokens.len().is_multiple_of(2)
        || tokens
            .iter()
            .skip(1)
            .step_by(2)
            .any(|t| !matches!(*t, "$defs" | "definitions"))
    {
        return None;
    }
    let name = tokens
        .iter()
        .step_by(2)
        .map(|t| crate::diagnostic::unescape_token(t))
        .collect::<Vec<_>>()
        .join("_");
    Some(pointer_with("#/components/schemas", &name))
}

/// Whether `schema` accepts only null: `type: "null"`, `const: null` or `enum: [null]`.
fn is_null_schema(schema: &Value) -> bool {
    let Value::Mapping(map) = schema else {
        return false;
    };
    let null_only = match (map.get("type"), map.get("const"), map.get("enum")) {
        (Some(kind), None, None) => {
            !types_of(kind).is_empty() && types_of(kind).iter().all(|kind| *kind == "null")
        }
        (None, Some(Value::Null), None) => true,
        (None, None, Some(Value::Sequence(values))) => {
            !values.is_empty() && values.iter().all(Value::is_null)
        }
        _ => false,
    };
    null_only
        && map.keys().all(|name| {
            matches!(
                name.as_str(),
                Some("type" | "const" | "enum" | "description" | "title")
            )
        })
}

/// The type names in a `type` value: one string, or an array of them.
fn types_of(value: &Value) -> Vec<&str> {
    match value {
        Value::String(kind) => vec![kind.as_str()],
        Value::Sequence(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Which branch of a type union an enum value belongs to (an integer is also a number).
fn value_kind<'k>(value: &Value, kinds: &[&'k str]) -> Option<&'k str> {
    let wanted: &[&str] = match value {
        Value::String(_) => &["string"],
        Value::Bool(_) => &["boolean"],
        Value::Number(n) if n.is_f64() => &["number"],
        Value::Number(_) => &["integer", "number"],
        Value::Sequence(_) => &["array"],
        Value::Mapping(_) => &["object"],
        _ => &[],
    };
    wanted
        .iter()
        .find_map(|want| kinds.iter().find(|kind| *kind == want).copied())
}

/// Which branch of a type union a `format` belongs to.
fn format_kind<'k>(format: &str, kinds: &[&'k str]) -> Option<&'k str> {
    let wanted: &[&str] = match format {
        "int32" | "int64" => &["integer", "number"],
        "float" | "double" => &["number", "integer"],
        _ => &["string"],
    };
    wanted
        .iter()
        .find_map(|want| kinds.iter().find(|kind| *kind == want).copied())
}

/// Whether a `contentMediaType` names bytes rather than text.
fn is_binary_media(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    !(media.starts_with("text/")
        || media.contains("json")
        || media.contains("xml")
        || media == "application/x-www-form-urlencoded")
}

/// The node at JSON `pointer` in `root`.
fn node_mut<'v>(root: &'v mut Value, pointer: &str) -> Option<&'v mut Value> {
    pointer
        .split('/')
        .skip(1)
        .try_fold(root, |node, token| match node {
            Value::Mapping(map) => {
                let token = crate::diagnostic::unescape_token(token);
                map.iter_mut()
                    .find(|(name, _)| key_text(name).as_deref() == Some(token.as_ref()))
                    .map(|(_, value)| value)
            }
            Value::Sequence(items) => items.get_mut(token.parse::<usize>().ok()?),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("test YAML parses")
    }

    /// Normalizes a whole document.
    fn run(text: &str) -> (Value, Normalized) {
        let mut document = yaml(text);
        let normalized = normalize(&mut document);
        (document, normalized)
    }

    /// Normalizes `text` as component schema `S` and returns what it became.
    fn schema(text: &str) -> Value {
        let mut document = yaml("openapi: 3.1.0\ncomponents:\n  schemas:\n    S: {}\n");
        document["components"]["schemas"]["S"] = yaml(text);
        let normalized = normalize(&mut document);
        assert!(normalized.refusals.is_empty(), "{:?}", normalized.refusals);
        document["components"]["schemas"]["S"].clone()
    }

    /// Normalizes `text` as property `p` of component schema `S` and returns what it became.
    fn property(text: &str) -> Value {
        let wrapped = schema(&format!(
            "type: object\nproperties:\n  p: {}",
            serde_json::to_string(&yaml(text)).expect("json")
        ));
        wrapped["properties"]["p"].clone()
    }

    #[test]
    fn document_fields_new_in_3_1_are_dropped_and_paths_added() {
        let (document, normalized) = run(
            "openapi: 3.1.1\njsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base\n\
             $schema: https://spec.openapis.org/oas/3.1/schema/2022-10-07\n\
             info: {title: t, version: '1', summary: s, license: {name: MIT, identifier: MIT}}\n\
             webhooks: {ping: {post: {responses: {'200': {description: ok}}}}}\n",
        );
        let expected = yaml(
            "openapi: 3.0.3\ninfo: {title: t, version: '1', license: {name: MIT}}\npaths: {}\n",
        );
        assert_eq!(document, expected);
        assert!(normalized.refusals.is_empty());
        let (document, _) = run("openapi: 3.1.0\npaths:\n");
        assert_eq!(document["paths"], yaml("{}"));
    }

    #[test]
    fn a_null_in_a_type_array_becomes_nullable() {
        assert_eq!(
            schema("type: [string, 'null']\nformat: date-time"),
            yaml("type: string\nformat: date-time\nnullable: true")
        );
        assert_eq!(
            schema("type: ['null', integer]"),
            yaml("type: integer\nnullable: true")
        );
        assert_eq!(schema("type: [string]"), yaml("type: string"));
    }

    #[test]
    fn an_object_with_null_keeps_its_properties() {
        assert_eq!(
            schema(
                "type: [object, 'null']\nrequired: [a]\nproperties: {a: {type: [string, 'null']}}"
            ),
            yaml(
                "type: object\nrequired: [a]\nproperties: {a: {type: string, nullable: true}}\nnullable: true"
            ),
        );
    }

    #[test]
    fn the_null_type_alone_becomes_an_enum_of_null() {
        assert_eq!(schema("type: 'null'"), yaml("enum: [null]"));
        assert_eq!(
            schema("type: ['null']\ndescription: d"),
            yaml("description: d\nenum: [null]")
        );
    }

    #[test]
    fn several_types_become_one_of_with_each_keyword_in_its_branch() {
        assert_eq!(
            schema(
                "type: [string, integer, 'null']\ndescription: d\nminLength: 1\nmaximum: 10\nformat: int64\nenum: [a, 1, null]"
            ),
            yaml(
                "description: d\nnullable: true\noneOf:\n\
                 - {type: string, minLength: 1, enum: [a]}\n\
                 - {type: integer, maximum: 10, format: int64, enum: [1]}"
            ),
        );
        assert_eq!(
            schema(
                "type: [array, object]\nitems: {type: [string, 'null']}\nproperties: {a: {const: x}}\nminItems: 1"
            ),
            yaml(
                "oneOf:\n\
                 - {type: array, items: {type: string, nullable: true}, minItems: 1}\n\
                 - {type: object, properties: {a: {type: string, enum: [x]}}}"
            ),
        );
    }

    #[test]
    fn integer_and_number_together_are_a_number() {
        assert_eq!(
            schema("type: [integer, number]\nminimum: 0"),
            yaml("type: number\nminimum: 0")
        );
        assert_eq!(
            schema("type: [number, string]\nenum: [1, 2.5, x]"),
            yaml("oneOf: [{type: number, enum: [1, 2.5]}, {type: string, enum: [x]}]")
        );
    }

    #[test]
    fn a_type_union_next_to_one_of_goes_into_any_of() {
        assert_eq!(
            schema("type: [string, integer]\noneOf: [{minLength: 1}, {minimum: 1}]"),
            yaml("oneOf: [{minLength: 1}, {minimum: 1}]\nanyOf: [{type: string}, {type: integer}]"),
        );
    }

    #[test]
    fn const_becomes_a_one_value_enum() {
        assert_eq!(schema("const: dog"), yaml("type: string\nenum: [dog]"));
        assert_eq!(schema("const: 3"), yaml("type: integer\nenum: [3]"));
        assert_eq!(schema("const: true"), yaml("type: boolean\nenum: [true]"));
        assert_eq!(schema("const: null"), yaml("enum: [null]"));
        assert_eq!(
            schema("type: string\nconst: a\nenum: [a, b]"),
            yaml("type: string\nenum: [a]")
        );
    }

    #[test]
    fn examples_become_the_first_example() {
        assert_eq!(
            schema("type: string\nexamples: [a, b]"),
            yaml("type: string\nexample: a")
        );
        assert_eq!(
            schema("type: string\nexample: x\nexamples: [a]"),
            yaml("type: string\nexample: x")
        );
        assert_eq!(schema("type: string\nexamples: []"), yaml("type: string"));
    }

    #[test]
    fn numeric_exclusive_bounds_become_boolean_ones() {
        assert_eq!(
            schema("type: integer\nexclusiveMinimum: 0"),
            yaml("type: integer\nexclusiveMinimum: true\nminimum: 0")
        );
        assert_eq!(
            schema("type: number\nexclusiveMaximum: 1.5\nmaximum: 2"),
            yaml("type: number\nexclusiveMaximum: true\nmaximum: 1.5")
        );
        // The stricter bound wins.
        assert_eq!(
            schema("type: integer\nminimum: 5\nexclusiveMinimum: 3"),
            yaml("type: integer\nminimum: 5")
        );
        assert_eq!(
            schema("type: integer\nmaximum: 1\nexclusiveMaximum: 3"),
            yaml("type: integer\nmaximum: 1")
        );
        // The 3.0 form is left alone.
        assert_eq!(
            schema("type: integer\nminimum: 0\nexclusiveMinimum: true"),
            yaml("type: integer\nminimum: 0\nexclusiveMinimum: true")
        );
    }

    #[test]
    fn content_keywords_become_string_formats() {
        assert_eq!(
            schema("type: string\ncontentEncoding: base64"),
            yaml("type: string\nformat: byte")
        );
        assert_eq!(
            schema("contentMediaType: image/png"),
            yaml("format: binary\ntype: string")
        );
        assert_eq!(
            schema("contentMediaType: application/octet-stream\ncontentEncoding: base64url"),
            yaml("format: byte\ntype: string")
        );
        assert_eq!(
            schema("type: string\ncontentMediaType: application/json"),
            yaml("type: string")
        );
        assert_eq!(
            schema("type: string\nformat: uri\ncontentMediaType: image/png"),
            yaml("type: string\nformat: uri")
        );
    }

    #[test]
    fn tuples_keep_one_item_schema() {
        assert_eq!(
            schema("type: array\nprefixItems: [{type: string}, {type: string}]"),
            yaml("type: array\nitems: {type: string}")
        );
        assert_eq!(
            schema("type: array\nprefixItems: [{type: string}, {type: integer}]\nitems: false"),
            yaml("type: array\nitems: {}\nmaxItems: 2")
        );
        assert_eq!(
            schema("type: array\nprefixItems: [{type: string}]\nitems: {type: integer}"),
            yaml("type: array\nitems: {}")
        );
        assert_eq!(
            schema("type: array\nitems: false"),
            yaml("type: array\nmaxItems: 0")
        );
        assert_eq!(schema("type: array\nitems: true"), yaml("type: array"));
    }

    #[test]
    fn one_pattern_property_schema_becomes_additional_properties() {
        assert_eq!(
            schema("type: object\npatternProperties: {'^x-': {type: string}}"),
            yaml("type: object\nadditionalProperties: {type: string}")
        );
        assert_eq!(
            schema(
                "type: object\npatternProperties: {'^a': {type: string}, '^b': {type: integer}}"
            ),
            yaml("type: object")
        );
        assert_eq!(
            schema(
                "type: object\nadditionalProperties: false\npatternProperties: {'^a': {type: string}}"
            ),
            yaml("type: object\nadditionalProperties: false"),
        );
    }

    #[test]
    fn json_schema_keywords_progenitor_cannot_use_are_dropped() {
        assert_eq!(
            schema(
                "type: object\n$schema: https://json-schema.org/draft/2020-12/schema\n$comment: c\n$id: https://example.com/s\n\
                 $anchor: s\nif: {required: [a]}\nthen: {required: [b]}\nelse: {}\ndependentRequired: {a: [b]}\n\
                 dependentSchemas: {a: {}}\nunevaluatedProperties: false\npropertyNames: {pattern: '^a'}\n\
                 contains: {type: string}\nminContains: 1\nmaxContains: 2\n$dynamicAnchor: meta"
            ),
            yaml("type: object"),
        );
    }

    #[test]
    fn boolean_schemas_become_objects_or_are_refused() {
        assert_eq!(
            schema(
                "type: object\nrequired: [b, c]\nproperties: {a: true, b: false, c: {type: string}}"
            ),
            yaml("type: object\nrequired: [c]\nproperties: {a: {}, c: {type: string}}")
        );
        assert_eq!(schema("true"), yaml("{}"));
        let (_, normalized) = run(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: false\n    B: {allOf: [{type: object}, false]}\n",
        );
        let pointers: Vec<&str> = normalized
            .refusals
            .iter()
            .map(|r| r.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            ["/components/schemas/A", "/components/schemas/B/allOf/1"]
        );
    }

    #[test]
    fn ref_siblings_are_dropped_where_they_document_nothing() {
        assert_eq!(
            schema("$ref: '#/components/schemas/T'\ndescription: d\nexamples: [1]\nx-a: 1"),
            yaml("$ref: '#/components/schemas/T'")
        );
        assert_eq!(
            property("$ref: '#/components/schemas/T'\ndefault: 1"),
            yaml("$ref: '#/components/schemas/T'")
        );
        let (document, _) = run(
            "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n\
             \x20         content:\n            application/json:\n              schema: {$ref: '#/components/schemas/T', summary: s}\n",
        );
        assert_eq!(
            document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            yaml("$ref: '#/components/schemas/T'")
        );
    }

    #[test]
    fn a_described_ref_property_is_wrapped_so_the_field_keeps_its_doc() {
        assert_eq!(
            property("$ref: '#/components/schemas/T'\ndescription: Who owns it.\nreadOnly: true"),
            yaml(
                "description: Who owns it.\nreadOnly: true\nallOf: [{$ref: '#/components/schemas/T'}]"
            ),
        );
    }

    #[test]
    fn a_nullable_ref_is_wrapped_with_nullable() {
        let wrapped = yaml("nullable: true\nallOf: [{$ref: '#/components/schemas/T'}]");
        assert_eq!(
            schema("$ref: '#/components/schemas/T'\nnullable: true"),
            wrapped
        );
        assert_eq!(
            schema("$ref: '#/components/schemas/T'\ntype: [object, 'null']"),
            wrapped
        );
        assert_eq!(
            schema("$ref: '#/components/schemas/T'\ntype: object"),
            yaml("$ref: '#/components/schemas/T'")
        );
    }

    #[test]
    fn a_ref_with_constraints_becomes_all_of() {
        assert_eq!(
            schema(
                "$ref: '#/components/schemas/T'\nrequired: [a]\nproperties: {a: {type: [string, 'null']}}"
            ),
            yaml(
                "allOf: [{$ref: '#/components/schemas/T'}, {required: [a], properties: {a: {type: string, nullable: true}}}]"
            ),
        );
    }

    #[test]
    fn reference_objects_keep_only_the_ref() {
        let (document, _) = run(
            "openapi: 3.1.0\npaths:\n  /a:\n    parameters: [{$ref: '#/components/parameters/P', description: d}]\n    post:\n\
             \x20     requestBody: {$ref: '#/components/requestBodies/B', summary: s}\n\
             \x20     responses: {'200': {$ref: '#/components/responses/R', description: d}}\n\
             components:\n  responses:\n    R:\n      description: ok\n      headers: {X: {$ref: '#/components/headers/H', description: d}}\n\
             \x20     content: {application/json: {examples: {e: {$ref: '#/components/examples/E', summary: s}}}}\n",
        );
        let only = |target: &str| yaml(&format!("$ref: '{target}'"));
        assert_eq!(
            document["paths"]["/a"]["parameters"][0],
            only("#/components/parameters/P")
        );
        assert_eq!(
            document["paths"]["/a"]["post"]["requestBody"],
            only("#/components/requestBodies/B")
        );
        assert_eq!(
            document["paths"]["/a"]["post"]["responses"]["200"],
            only("#/components/responses/R")
        );
        let response = &document["components"]["responses"]["R"];
        assert_eq!(response["headers"]["X"], only("#/components/headers/H"));
        assert_eq!(
            response["content"]["application/json"]["examples"]["e"],
            only("#/components/examples/E")
        );
    }

    #[test]
    fn a_null_branch_of_one_of_becomes_an_enum_of_null() {
        assert_eq!(
            property("oneOf: [{$ref: '#/components/schemas/T'}, {type: 'null'}]"),
            yaml("oneOf: [{$ref: '#/components/schemas/T'}, {enum: [null]}]"),
        );
    }

    #[test]
    fn a_trailing_null_branch_of_a_union_becomes_nullable() {
        assert_eq!(
            property("oneOf: [{type: string}, {type: integer}, {type: 'null'}]"),
            yaml("oneOf: [{type: string}, {type: integer}]\nnullable: true"),
        );
        assert_eq!(
            property("anyOf: [{type: string}, {$ref: '#/components/schemas/T'}, {const: null}]\nnullable: false").get("nullable"),
            Some(&Value::Bool(true))
        );
        // Elsewhere it stays, so that the other branches keep their places.
        assert_eq!(
            property("oneOf: [{type: 'null'}, {type: string}, {type: integer}]"),
            yaml("oneOf: [{enum: [null]}, {type: string}, {type: integer}]"),
        );
    }

    #[test]
    fn component_defs_become_components_and_refs_follow() {
        let (document, normalized) = run(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n\
             \x20       b: {$ref: '#/components/schemas/A/$defs/B'}\n\
             \x20       c: {$ref: '#/components/schemas/A/$defs/B/$defs/C'}\n\
             \x20     $defs:\n        B:\n          type: [string, integer]\n          $defs:\n            C: {const: c}\n",
        );
        assert!(normalized.refusals.is_empty());
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["A"],
            yaml(
                "type: object\nproperties: {b: {$ref: '#/components/schemas/A_B'}, c: {$ref: '#/components/schemas/A_B_C'}}"
            )
        );
        assert_eq!(
            schemas["A_B"],
            yaml("oneOf: [{type: string}, {type: integer}]")
        );
        assert_eq!(schemas["A_B_C"], yaml("type: string\nenum: [c]"));
        assert_eq!(
            normalized.moves.original("/components/schemas/A_B/oneOf/1"),
            "/components/schemas/A/$defs/B"
        );
        assert_eq!(
            normalized.moves.original("/components/schemas/A_B_C/enum"),
            "/components/schemas/A/$defs/B/$defs/C/const"
        );
    }

    #[test]
    fn a_defs_entry_that_would_replace_a_component_is_refused() {
        let (_, normalized) = run(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    A:\n      $defs: {B: {type: string}}\n    A_B: {type: integer}\n",
        );
        assert_eq!(normalized.refusals.len(), 1);
        assert_eq!(
            normalized.moves.original(&normalized.refusals[0].pointer),
            "/components/schemas/A/$defs/B"
        );
    }

    #[test]
    fn defs_outside_components_are_dropped() {
        assert_eq!(
            property("type: object\n$defs: {X: {type: string}}"),
            yaml("type: object")
        );
    }

    #[test]
    fn refs_by_anchor_or_id_point_at_the_schema() {
        let (document, _) = run(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {$anchor: a, type: string}\n    B: {$id: 'https://example.com/b', type: integer}\n\
             \x20   C:\n      type: object\n      properties:\n        a: {$ref: '#a'}\n        b: {$ref: 'https://example.com/b', description: d}\n\
             \x20       c: {$ref: 'https://example.com/other'}\n",
        );
        let properties = &document["components"]["schemas"]["C"]["properties"];
        assert_eq!(properties["a"], yaml("$ref: '#/components/schemas/A'"));
        assert_eq!(
            properties["b"],
            yaml("description: d\nallOf: [{$ref: '#/components/schemas/B'}]")
        );
        assert_eq!(properties["c"], yaml("$ref: 'https://example.com/other'"));
        assert_eq!(document["components"]["schemas"]["A"], yaml("type: string"));
    }

    #[test]
    fn path_item_refs_are_inlined() {
        let (document, normalized) = run(
            "openapi: 3.1.0\npaths:\n  /a:\n    $ref: '#/components/pathItems/A'\n    summary: mine\n\
             components:\n  pathItems:\n    A:\n      summary: theirs\n      get:\n        operationId: getA\n\
             \x20       responses: {'200': {description: ok, content: {application/json: {schema: {type: [string, 'null']}}}}}\n",
        );
        assert!(normalized.refusals.is_empty());
        let item = &document["paths"]["/a"];
        assert_eq!(item["summary"], yaml("mine"));
        assert_eq!(
            item["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            yaml("type: string\nnullable: true")
        );
        assert!(document["components"].get("pathItems").is_none());
        assert_eq!(
            normalized
                .moves
                .original("/paths/~1a/get/responses/200/content/application~1json/schema/nullable"),
            "/components/pathItems/A/get/responses/200/content/application~1json/schema/type",
        );
        assert_eq!(
            normalized.moves.original("/paths/~1a/summary"),
            "/paths/~1a/summary"
        );

        let (_, normalized) =
            run("openapi: 3.1.0\npaths:\n  /a: {$ref: '#/components/pathItems/Missing'}\n");
        assert_eq!(normalized.refusals.len(), 1);
        assert_eq!(normalized.refusals[0].pointer, "/paths/~1a/$ref");
    }

    #[test]
    fn an_operation_without_responses_gets_an_empty_map() {
        let (document, normalized) =
            run("openapi: 3.1.0\npaths:\n  /a:\n    delete: {operationId: deleteA}\n");
        assert_eq!(document["paths"]["/a"]["delete"]["responses"], yaml("{}"));
        assert_eq!(
            normalized.moves.original("/paths/~1a/delete/responses"),
            "/paths/~1a/delete"
        );
    }

    #[test]
    fn mutual_tls_schemes_are_dropped() {
        let (document, _) = run(
            "openapi: 3.1.0\ncomponents:\n  securitySchemes:\n    m: {type: mutualTLS}\n    b: {type: http, scheme: bearer}\n",
        );
        assert_eq!(
            document["components"]["securitySchemes"],
            yaml("b: {type: http, scheme: bearer}")
        );
    }

    #[test]
    fn moved_nodes_map_back_to_what_the_user_wrote() {
        let (_, normalized) = run(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n\
             \x20       p: {$ref: '#/components/schemas/T', description: d}\n\
             \x20       q: {type: [string, integer], exclusiveMinimum: 1}\n",
        );
        let moves = &normalized.moves;
        assert_eq!(
            moves.original("/components/schemas/S/properties/p/allOf/0/$ref"),
            "/components/schemas/S/properties/p/$ref"
        );
        assert_eq!(
            moves.original("/components/schemas/S/properties/q/oneOf/1/minimum"),
            "/components/schemas/S/properties/q/exclusiveMinimum"
        );
        assert_eq!(
            moves.original("/components/schemas/S/properties/q/oneOf/0"),
            "/components/schemas/S/properties/q"
        );
        // A pointer that only shares a prefix of characters is not moved.
        assert_eq!(
            moves.original("/components/schemas/S/properties/p/allOf/01"),
            "/components/schemas/S/properties/p/allOf/01"
        );
    }

    #[test]
    fn schemas_referenced_inside_components_become_components() {
        let mut document = yaml(
            "openapi: 3.0.3\n\
             components:\n\
             \x20 parameters:\n\
             \x20   Id: {name: id, in: path, schema: {type: string}}\n\
             \x20 schemas:\n\
             \x20   EventAllOf0: {type: integer}\n\
             \x20   Event:\n\
             \x20     allOf:\n\
             \x20       - properties:\n\
             \x20           at: {type: string}\n\
             \x20           by: {$ref: '#/components/parameters/Id/schema'}\n\
             \x20   Other:\n\
             \x20     allOf:\n\
             \x20       - $ref: '#/components/schemas/Event/allOf/0'\n\
             \x20       - properties:\n\
             \x20           at: {$ref: '#/components/schemas/Event/allOf/0/properties/at'}\n\
             \x20     example: {$ref: '#/components/schemas/Event/allOf/0'}\n",
        );
        let moves = hoist_inner_refs(&mut document);
        let schemas = &document["components"]["schemas"];
        // Deepest first; `EventAllOf0` is taken, so the next is numbered.
        assert_eq!(schemas["EventAllOf0At"], yaml("{type: string}"));
        assert_eq!(
            schemas["EventAllOf02"],
            yaml(
                "properties: {at: {$ref: '#/components/schemas/EventAllOf0At'}, \
                 by: {$ref: '#/components/schemas/IdSchema'}}"
            )
        );
        assert_eq!(schemas["IdSchema"], yaml("{type: string}"));
        assert_eq!(
            schemas["Event"]["allOf"][0],
            yaml("{$ref: '#/components/schemas/EventAllOf02'}")
        );
        assert_eq!(
            document["components"]["parameters"]["Id"]["schema"],
            yaml("{$ref: '#/components/schemas/IdSchema'}")
        );
        assert_eq!(
            schemas["Other"]["allOf"][0],
            yaml("{$ref: '#/components/schemas/EventAllOf02'}")
        );
        // Literal data keeps what it says.
        assert_eq!(
            schemas["Other"]["example"],
            yaml("{$ref: '#/components/schemas/Event/allOf/0'}")
        );
        assert_eq!(
            moves.original("/components/schemas/EventAllOf02/properties/at"),
            "/components/schemas/Event/allOf/0/properties/at"
        );
        assert_eq!(
            moves.original("/components/schemas/EventAllOf0At/type"),
            "/components/schemas/Event/allOf/0/properties/at/type"
        );
    }

    #[test]
    fn a_3_1_document_in_3_0_style_only_changes_its_version() {
        let text = include_str!("../../spec/exchange-sessions.yaml");
        let original = yaml(text);
        let mut document = original.clone();
        document["openapi"] = key("3.1.0");
        let normalized = normalize(&mut document);
        assert!(normalized.moves.is_empty() && normalized.refusals.is_empty());
        assert_eq!(document, original);
    }
}
