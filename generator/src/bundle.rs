//! Stage 1b: a document split over several local files made one. Runs on the parsed YAML of
//! the root document, before [`crate::lenient`] and [`crate::normalize`].
//!
//! Each `$ref` to a local file (`file.yml`, `file.yml#/pointer`, `../dir/file.yml#/x`,
//! relative to the file holding it) is followed; each file is read and parsed once.
//!
//! - A schema (a `$ref` where OpenAPI expects one) becomes an entry of
//!   `components/schemas`, named after its last pointer token or its file's stem; a name the
//!   root document or an earlier schema holds gets a number (`pet`, `pet2`), in document
//!   order. An entry of the root's `components/schemas` that is only such a `$ref` is the
//!   schema itself, under its own name. Schemas may refer to themselves.
//! - Anything else (a description, a path item, an operation, a parameter, a response) is
//!   inlined where the `$ref` stood; a cycle of them has no finite reading and is refused.
//! - A `$ref` inside another file to `#/...` points into that file; a `$ref` to the root
//!   file is a local one.
//! - Remote `$ref`s (`https://...`) are left for validation to refuse.
//!
//! [`Origins`] maps each node brought in back to its file and pointer there, so a
//! diagnostic names the file the user wrote it in.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::Diagnostic;
use crate::diagnostic::{escape_token, unescape_token};

/// One problem found while bundling, at `pointer` in file `file` (an index of
/// [`Bundled::files`], 0 for the root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The file holding the `$ref`.
    pub file: usize,
    /// JSON pointer of the `$ref` in that file.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// Where each node brought in from another file came from: a pointer in the bundled
/// document maps to a file (an index of [`Bundled::files`]) and a pointer in it.
#[derive(Debug, Clone, Default)]
pub struct Origins(BTreeMap<String, Origin>);

/// Where one node brought in came from.
#[derive(Debug, Clone)]
struct Origin {
    /// The file and pointer of the node.
    from: Target,
    /// For a node inlined in place of a `$ref`, that `$ref`'s file and pointer: the node as a
    /// whole is where it is used.
    used: Option<Target>,
}

impl Origins {
    /// The file and pointer of the node at `pointer` in the bundled document; `None` for a
    /// node of the root file, whose pointer is its own. An inlined node as a whole is its
    /// `$ref`.
    pub fn original(&self, pointer: &str) -> Option<(usize, String)> {
        // The longest recorded prefix that ends at a token boundary.
        let mut end = pointer.len();
        loop {
            if let Some(origin) = self.0.get(&pointer[..end]) {
                if end == pointer.len()
                    && let Some(used) = &origin.used
                {
                    return Some(used.clone());
                }
                let (file, from) = &origin.from;
                return Some((*file, format!("{from}{}", &pointer[end..])));
            }
            end = pointer[..end].rfind('/')?;
        }
    }

    fn insert(&mut self, pointer: String, from: Target, used: Option<Target>) {
        self.0.insert(pointer, Origin { from, used });
    }

    /// True when nothing came from another file.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What bundling did.
#[derive(Debug, Default)]
pub struct Bundled {
    /// The files read, as named in messages: the root first.
    pub files: Vec<PathBuf>,
    /// Where each node brought in came from.
    pub origins: Origins,
    /// `$ref`s that could not be followed.
    pub refusals: Vec<Refusal>,
    /// Diagnostics of the other files themselves (not YAML, not UTF-8), already located.
    pub errors: Vec<Diagnostic>,
}

/// Parses one file's text; `usize` is its index in [`Bundled::files`], the path names it in
/// messages. Errors come back located in that file.
pub type Parse<'a> = dyn FnMut(&str, usize, &Path) -> Result<Value, Vec<Diagnostic>> + 'a;

/// Bundles `root` (read from `root_path`) in place, reading the files it refers to and
/// handing each text to `parse`.
pub fn bundle(root: &mut Value, root_path: &Path, parse: &mut Parse<'_>) -> Bundled {
    if !has_file_ref(root) {
        return Bundled {
            files: vec![root_path.to_path_buf()],
            ..Bundled::default()
        };
    }
    let mut bundler = Bundler {
        files: vec![File {
            path: root_path.to_path_buf(),
            value: None,
        }],
        by_path: HashMap::new(),
        parse,
        names: HashMap::new(),
        taken: HashMap::new(),
        schemas: Vec::new(),
        inlining: Vec::new(),
        origins: Origins::default(),
        refusals: Vec::new(),
        errors: Vec::new(),
    };
    if let Ok(canonical) = std::fs::canonicalize(root_path) {
        bundler.by_path.insert(canonical, Some(0));
    }
    bundler.reserve_root_schemas(root);
    let mut at = Walk {
        pointer: String::new(),
        file: 0,
        file_pointer: String::new(),
    };
    bundler.walk(root, Ctx::Other, &mut at);
    let schemas = std::mem::take(&mut bundler.schemas);
    if !schemas.is_empty()
        && let Some(map) = components_schemas(root)
    {
        for (name, schema) in schemas {
            map.insert(Value::String(name), schema);
        }
    }
    Bundled {
        files: bundler.files.into_iter().map(|f| f.path).collect(),
        origins: bundler.origins,
        refusals: bundler.refusals,
        errors: bundler.errors,
    }
}

/// What a node is, for the `$ref`s in it: where OpenAPI expects a schema, a map or list of
/// schemas, a literal value (an example), or anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Other,
    Schema,
    Schemas,
    SchemaList,
    Literal,
}

impl Ctx {
    fn child(self, key: &str, pointer: &str) -> Ctx {
        match self {
            // `pointer` is the parent's: an entry of the root's `components/schemas`.
            Ctx::Other if pointer == "/components/schemas" => Ctx::Schema,
            Ctx::Other => match key {
                "schema" => Ctx::Schema,
                "example" => Ctx::Literal,
                _ => Ctx::Other,
            },
            Ctx::Schema => match key {
                "properties" | "patternProperties" | "$defs" | "definitions"
                | "dependentSchemas" => Ctx::Schemas,
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "if"
                | "then"
                | "else"
                | "propertyNames"
                | "additionalItems"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "contentSchema" => Ctx::Schema,
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => Ctx::SchemaList,
                "example" | "examples" | "default" | "enum" | "const" => Ctx::Literal,
                _ => Ctx::Other,
            },
            Ctx::Schemas | Ctx::SchemaList => Ctx::Schema,
            Ctx::Literal => Ctx::Literal,
        }
    }
}

/// Where the walk is: in the bundled document, and in the file the node came from.
struct Walk {
    pointer: String,
    file: usize,
    file_pointer: String,
}

struct File {
    /// As named in messages.
    path: PathBuf,
    /// The parsed file; `None` for the root (walked in place) and for a file that failed.
    value: Option<Value>,
}

/// One `$ref` target: a file and a pointer in it.
type Target = (usize, String);

struct Bundler<'p, 'a> {
    files: Vec<File>,
    /// Canonical path to file index; `None` for a file that could not be read or parsed.
    by_path: HashMap<PathBuf, Option<usize>>,
    parse: &'p mut Parse<'a>,
    /// The component name of each schema target brought in.
    names: HashMap<Target, String>,
    /// Names in `components/schemas`, by their folded form ([`fold`]).
    taken: HashMap<String, ()>,
    /// The schemas brought in, in the order first met.
    schemas: Vec<(String, Value)>,
    /// The non-schema targets being inlined, outermost first, to find cycles.
    inlining: Vec<Target>,
    origins: Origins,
    refusals: Vec<Refusal>,
    errors: Vec<Diagnostic>,
}

impl Bundler<'_, '_> {
    /// The root's own schema names are taken; an entry that is only a `$ref` to another file
    /// names that file's schema.
    fn reserve_root_schemas(&mut self, root: &Value) {
        let Some(map) = root
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_mapping)
        else {
            return;
        };
        for name in map.keys().filter_map(Value::as_str) {
            self.taken.insert(fold(name), ());
        }
        for (name, schema) in map {
            let (Some(name), Some(reference)) = (name.as_str(), schema.get("$ref")) else {
                continue;
            };
            let Some(reference) = reference.as_str() else {
                continue;
            };
            let pointer = format!("/components/schemas/{}/$ref", escape_token(name));
            if let Some(target) = self.target(reference, 0, &pointer) {
                self.names.entry(target).or_insert_with(|| name.to_string());
            }
        }
    }

    fn walk(&mut self, node: &mut Value, ctx: Ctx, at: &mut Walk) {
        if ctx == Ctx::Literal {
            return;
        }
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let reference = reference.to_string();
            self.reference(node, &reference, ctx, at);
            return;
        }
        match node {
            Value::Mapping(map) => {
                for (key, child) in map.iter_mut() {
                    let Some(key) = key_text(key) else { continue };
                    let child_ctx = ctx.child(&key, &at.pointer);
                    let token = escape_token(&key);
                    descend(at, &token, |at| self.walk(child, child_ctx, at));
                }
            }
            Value::Sequence(items) => {
                // A list in a schema's place (old JSON Schema `items: [...]`) is of schemas.
                let child_ctx = match ctx {
                    Ctx::SchemaList | Ctx::Schema => Ctx::Schema,
                    other => other,
                };
                for (index, child) in items.iter_mut().enumerate() {
                    descend(at, &index.to_string(), |at| self.walk(child, child_ctx, at));
                }
            }
            Value::Tagged(tagged) => self.walk(&mut tagged.value, ctx, at),
            _ => {}
        }
    }

    /// Follows the `$ref` of `node`, replacing `node` with a local `$ref` or with its target.
    fn reference(&mut self, node: &mut Value, reference: &str, ctx: Ctx, at: &mut Walk) {
        if is_remote(reference) || (at.file == 0 && reference.starts_with('#')) {
            return;
        }
        let ref_pointer = format!("{}/$ref", at.file_pointer);
        let Some(target) = self.target(reference, at.file, &ref_pointer) else {
            return;
        };
        if target.0 == 0 {
            // Into the root document: a local reference.
            set_ref(node, format!("#{}", target.1));
            return;
        }
        let Some(value) = self.resolve(&target, reference, at.file, &ref_pointer) else {
            return;
        };
        if matches!(ctx, Ctx::Schema) {
            let own = self.names.get(&target).is_some_and(|name| {
                at.pointer == format!("/components/schemas/{}", escape_token(name))
            });
            if !own {
                let name = self.schema(target, value);
                set_ref(
                    node,
                    format!("#/components/schemas/{}", escape_token(&name)),
                );
                return;
            }
        }
        if self.inlining.contains(&target) {
            self.refusals.push(Refusal {
                file: at.file,
                pointer: ref_pointer,
                message: format!(
                    "`$ref` `{reference}` refers back to itself through `{}`; it cannot be inlined",
                    self.files[target.0].path.display()
                ),
                fix: "break the cycle: only schemas may refer to themselves".into(),
            });
            return;
        }
        let mut value = value;
        self.inlining.push(target.clone());
        self.origins.insert(
            at.pointer.clone(),
            target.clone(),
            Some((at.file, ref_pointer.clone())),
        );
        let mut inner = Walk {
            pointer: std::mem::take(&mut at.pointer),
            file: target.0,
            file_pointer: target.1,
        };
        self.walk(&mut value, ctx, &mut inner);
        at.pointer = inner.pointer;
        self.inlining.pop();
        // Keys beside the `$ref` (a 3.1 `description`) override the target's.
        if let (Value::Mapping(siblings), Value::Mapping(target)) = (&*node, &mut value) {
            for (key, sibling) in siblings {
                if key.as_str() != Some("$ref") {
                    target.insert(key.clone(), sibling.clone());
                }
            }
        }
        *node = value;
    }

    /// The component name of schema `target`, bringing it in when first met.
    fn schema(&mut self, target: Target, value: Value) -> String {
        if let Some(name) = self.names.get(&target) {
            return name.clone();
        }
        let stem = match target.1.rsplit('/').next() {
            Some(last) if !target.1.is_empty() => unescape_token(last),
            _ => file_stem(&self.files[target.0].path),
        };
        let name = self.free_name(&stem);
        self.names.insert(target.clone(), name.clone());
        let index = self.schemas.len();
        self.schemas.push((name.clone(), Value::Null));
        let pointer = format!("/components/schemas/{}", escape_token(&name));
        self.origins.insert(pointer.clone(), target.clone(), None);
        let mut value = value;
        let mut at = Walk {
            pointer,
            file: target.0,
            file_pointer: target.1,
        };
        self.walk(&mut value, Ctx::Schema, &mut at);
        self.schemas[index].1 = value;
        name
    }

    /// `stem`, or `stem2`, `stem3`, ...: the first whose folded form no schema holds.
    fn free_name(&mut self, stem: &str) -> String {
        let stem = if stem.is_empty() { "schema" } else { stem };
        let mut name = stem.to_string();
        let mut n = 1;
        while self.taken.contains_key(&fold(&name)) {
            n += 1;
            name = format!("{stem}{n}");
        }
        self.taken.insert(fold(&name), ());
        name
    }

    /// The file and pointer `reference` names, read from file `from`; `None` after a
    /// refusal at `ref_pointer` (in file `from`).
    fn target(&mut self, reference: &str, from: usize, ref_pointer: &str) -> Option<Target> {
        let (path, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, fragment),
            None => (reference, ""),
        };
        let fragment = percent_decode(fragment);
        let file = if path.is_empty() {
            from
        } else {
            self.file(&percent_decode(path), reference, from, ref_pointer)?
        };
        if !fragment.is_empty() && !fragment.starts_with('/') {
            self.refusals.push(Refusal {
                file: from,
                pointer: ref_pointer.to_string(),
                message: format!("`$ref` `{reference}` has a fragment that is not a JSON pointer"),
                fix: "write the fragment as a JSON pointer: `file.yml#/path/to/node`".into(),
            });
            return None;
        }
        Some((file, fragment))
    }

    /// The index of the file at `path` (relative to file `from`'s directory), read and parsed
    /// when first met.
    fn file(
        &mut self,
        path: &str,
        reference: &str,
        from: usize,
        ref_pointer: &str,
    ) -> Option<usize> {
        let named = normalize_path(
            &self.files[from]
                .path
                .parent()
                .unwrap_or(Path::new(""))
                .join(path),
        );
        let refuse = |this: &mut Self, why: String| {
            this.refusals.push(Refusal {
                file: from,
                pointer: ref_pointer.to_string(),
                message: format!(
                    "`$ref` `{reference}`: cannot read `{}`: {why}",
                    named.display()
                ),
                fix: format!(
                    "create `{}`, or correct the path (it is relative to the directory of the file holding the `$ref`)",
                    named.display()
                ),
            });
            None
        };
        let canonical = match std::fs::canonicalize(&named) {
            Ok(canonical) => canonical,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return refuse(self, "no such file".into());
            }
            Err(e) => return refuse(self, e.to_string()),
        };
        if let Some(known) = self.by_path.get(&canonical) {
            return *known;
        }
        let text = match std::fs::read(&canonical).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => return refuse(self, "it is not valid UTF-8".into()),
            Err(e) => return refuse(self, e.to_string()),
        };
        let index = self.files.len();
        match (self.parse)(&text, index, &named) {
            Ok(value) => {
                self.files.push(File {
                    path: named,
                    value: Some(value),
                });
                self.by_path.insert(canonical, Some(index));
                Some(index)
            }
            Err(errors) => {
                self.errors.extend(errors);
                self.files.push(File {
                    path: named,
                    value: None,
                });
                self.by_path.insert(canonical, None);
                None
            }
        }
    }

    /// A copy of the node `target` names; `None` after a refusal.
    fn resolve(
        &mut self,
        target: &Target,
        reference: &str,
        from: usize,
        ref_pointer: &str,
    ) -> Option<Value> {
        let root = self.files[target.0].value.as_ref()?;
        let mut node = root;
        for token in target.1.split('/').skip(1).map(unescape_token) {
            let next = match node {
                // By hash first: a file's `components/schemas` may have thousands.
                Value::Mapping(map) => map.get(token.as_str()).or_else(|| {
                    map.iter()
                        .find(|(key, _)| key_text(key).as_deref() == Some(token.as_str()))
                        .map(|(_, value)| value)
                }),
                Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            let Some(next) = next else {
                let keys = match node {
                    Value::Mapping(map) => map
                        .keys()
                        .filter_map(key_text)
                        .take(12)
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    _ => String::new(),
                };
                let fix = if keys.is_empty() {
                    "point it at a node that exists in that file".to_string()
                } else {
                    format!("point it at a node that exists; `{token}` is not one of {keys}")
                };
                self.refusals.push(Refusal {
                    file: from,
                    pointer: ref_pointer.to_string(),
                    message: format!(
                        "`$ref` `{reference}` points nowhere in `{}`",
                        self.files[target.0].path.display()
                    ),
                    fix,
                });
                return None;
            };
            node = next;
        }
        Some(node.clone())
    }
}

/// Runs `f` one token deeper, in the bundled document and in the node's file alike.
fn descend(at: &mut Walk, token: &str, f: impl FnOnce(&mut Walk)) {
    let (pointer, file_pointer) = (at.pointer.len(), at.file_pointer.len());
    at.pointer.push('/');
    at.pointer.push_str(token);
    at.file_pointer.push('/');
    at.file_pointer.push_str(token);
    f(at);
    at.pointer.truncate(pointer);
    at.file_pointer.truncate(file_pointer);
}

/// Replaces the `$ref` of mapping `node`, keeping the keys beside it.
fn set_ref(node: &mut Value, reference: String) {
    if let Value::Mapping(map) = node {
        map.insert(Value::String("$ref".into()), Value::String(reference));
    }
}

/// The root's `components/schemas`, made if missing; `None` when something else is there.
fn components_schemas(root: &mut Value) -> Option<&mut Mapping> {
    let root = root.as_mapping_mut()?;
    let components = root
        .entry(Value::String("components".into()))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if components.is_null() {
        *components = Value::Mapping(Mapping::new());
    }
    let schemas = components
        .as_mapping_mut()?
        .entry(Value::String("schemas".into()))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if schemas.is_null() {
        *schemas = Value::Mapping(Mapping::new());
    }
    schemas.as_mapping_mut()
}

/// Whether any `$ref` in `node` names a file (not `#...`, not remote).
fn has_file_ref(node: &Value) -> bool {
    match node {
        Value::Mapping(map) => map.iter().any(|(key, value)| {
            (key.as_str() == Some("$ref")
                && value
                    .as_str()
                    .is_some_and(|r| !r.starts_with('#') && !is_remote(r)))
                || has_file_ref(value)
        }),
        Value::Sequence(items) => items.iter().any(has_file_ref),
        Value::Tagged(tagged) => has_file_ref(&tagged.value),
        _ => false,
    }
}

/// A reference with a URI scheme (`https:`, `urn:`), which is not read from disk.
fn is_remote(reference: &str) -> bool {
    let Some((scheme, _)) = reference.split_once(':') else {
        return false;
    };
    // `C:` is a drive, not a scheme.
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A key as pointer text: strings as they are, numbers and booleans as written.
fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Names that typify would turn into one Rust name fold alike: letters and digits only,
/// lower-cased.
fn fold(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `a/b/../c` as `a/c`, without touching the file system (messages keep the user's
/// relative paths).
fn normalize_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                if matches!(last, Some(Component::Normal(_))) {
                    out.pop();
                } else if !matches!(last, Some(Component::RootDir | Component::Prefix(_))) {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Decodes `%XX` escapes; anything else stays as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_take_the_longest_prefix_at_a_token_boundary() {
        let mut origins = Origins::default();
        let used = Some((0, "/paths/~1a/get/$ref".to_string()));
        origins.insert("/paths/~1a/get".into(), (1, String::new()), used.clone());
        origins.insert(
            "/paths/~1a/get/responses/200".into(),
            (2, "/x".into()),
            None,
        );
        assert_eq!(
            origins.original("/paths/~1a/get/responses/200/description"),
            Some((2, "/x/description".into()))
        );
        assert_eq!(
            origins.original("/paths/~1a/get/summary"),
            Some((1, "/summary".into()))
        );
        assert_eq!(origins.original("/paths/~1a/get"), used);
        assert_eq!(origins.original("/paths/~1a/gets"), None);
    }

    #[test]
    fn paths_are_normalized_lexically() {
        assert_eq!(
            normalize_path(Path::new("spec/resources/a/../../shared/x.yml")),
            PathBuf::from("spec/shared/x.yml")
        );
        assert_eq!(
            normalize_path(Path::new("../x.yml")),
            PathBuf::from("../x.yml")
        );
    }

    #[test]
    fn schemes_are_remote_and_drives_are_not() {
        assert!(is_remote("https://example.com/a.yml"));
        assert!(!is_remote("C:/a.yml"));
        assert!(!is_remote("models/a.yml#/x"));
    }
}
