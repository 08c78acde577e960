//! Stage 4: run progenitor on the adapted spec, then add what progenitor lacks.
//!
//! progenitor and typify panic on some inputs (`assert!`, `todo!`, `unwrap`). Every call runs
//! under [`guard::catch`]; when the whole spec fails, progenitor is re-run on smaller copies of
//! it to name the operation or schema responsible.

use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};

use crate::diagnostic::escape_token;
use crate::guard::{self, CaughtPanic};
use crate::load::Loaded;
use crate::model::Model;
use crate::{Error, extras};

/// progenitor's settings for this client: builder methods, one merged `Client`, and
/// progenitor's empty default hooks (the extras call the hand-written ones instead).
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Optional)
        // Ordered maps keep serialized bodies and Debug output stable.
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

/// Why progenitor produced no tokens.
#[derive(Debug)]
enum Failure {
    /// It returned an error.
    Refused(String),
    /// It panicked.
    Panicked(CaughtPanic),
}

/// Generates the client: progenitor's output extended by [`extras`], as one syntax tree,
/// and the facts about it that the mock stage reads.
///
/// progenitor's tokens are parsed once; [`crate::format`] prints this tree without parsing
/// it again.
pub fn generate(loaded: &Loaded, adapted: &OpenAPI, model: &Model) -> Result<Generated, Error> {
    let mut warnings = Vec::new();
    let mut retyped: Option<OpenAPI> = None;
    // Each round can only remove an enum, so the rounds are bounded by the enums there are.
    let (progenitor, needs) = loop {
        let spec = retyped.as_ref().unwrap_or(adapted);
        match run_progenitor(spec) {
            Ok(generated) => break generated,
            Err(Failure::Panicked(panic)) if unnameable_enum(&panic.message).is_some() => {
                let values = unnameable_enum(&panic.message).unwrap_or_default();
                let Some(plain) = without_enum(spec, &values) else {
                    let (pointer, context, failure) = narrow(spec, Failure::Panicked(panic));
                    return Err(failure_error(loaded, &pointer, &context, failure));
                };
                warnings.extend(enum_warnings(loaded, &values));
                retyped = Some(plain);
            }
            Err(failure) => {
                let (pointer, context, failure) = narrow(spec, failure);
                return Err(failure_error(loaded, &pointer, &context, failure));
            }
        }
    };
    let mut file: syn::File = syn::parse2(progenitor).map_err(|e| Error::Format(e.to_string()))?;
    let facts = match guard::catch(|| extras::extend(&mut file, model)) {
        Ok(Ok(facts)) => facts,
        Ok(Err(message)) => {
            return Err(failure_error(
                loaded,
                "/paths",
                "the client extensions",
                Failure::Refused(message),
            ));
        }
        Err(panic) => {
            return Err(failure_error(
                loaded,
                "/paths",
                "the client extensions",
                Failure::Panicked(panic),
            ));
        }
    };
    Ok(Generated {
        file,
        facts,
        needs,
        warnings,
    })
}

/// What [`generate`] produces.
pub struct Generated {
    /// progenitor's output, extended.
    pub file: syn::File,
    /// What the mock stage reads of it.
    pub facts: extras::Facts,
    /// The crates it needs.
    pub needs: Needs,
    /// What typify could not take as written, and how it was read instead.
    pub warnings: Vec<crate::Diagnostic>,
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

/// Runs progenitor once, turning both its errors and its panics into a [`Failure`].
fn run_progenitor(spec: &OpenAPI) -> Result<(TokenStream, Needs), Failure> {
    let settings = settings();
    let run = || {
        let mut generator = Generator::new(&settings);
        let tokens = generator.generate_tokens(spec)?;
        let types = generator.get_type_space();
        Ok::<_, progenitor_impl::Error>((
            tokens,
            Needs {
                regress: types.uses_regress(),
            },
        ))
    };
    match guard::catch(run) {
        Ok(Ok(generated)) => Ok(generated),
        Ok(Err(error)) => Err(Failure::Refused(error.to_string())),
        Err(panic) => Err(Failure::Panicked(panic)),
    }
}

/// Finds the schema or operation that makes progenitor fail: first the components alone,
/// then each schema with what it references, else each operation on its own.
fn narrow(spec: &OpenAPI, whole: Failure) -> (String, String, Failure) {
    let mut bare = spec.clone();
    bare.paths.paths.clear();
    if run_progenitor(&bare).is_err() {
        let schemas = spec
            .components
            .as_ref()
            .map(|c| c.schemas.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        for name in schemas {
            let mut single = bare.clone();
            if let Some(components) = single.components.as_mut() {
                let keep = reachable_schemas(spec, &name);
                components.schemas.retain(|key, _| keep.contains(key));
            }
            if let Err(failure) = run_progenitor(&single) {
                return (
                    format!("/components/schemas/{}", escape_token(&name)),
                    format!("schema `{name}`"),
                    failure,
                );
            }
        }
        return ("/components".into(), "the components".into(), whole);
    }
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let mut single = spec.clone();
            let mut only = item.clone();
            for (other, slot) in [
                ("get", &mut only.get),
                ("put", &mut only.put),
                ("post", &mut only.post),
                ("delete", &mut only.delete),
                ("options", &mut only.options),
                ("head", &mut only.head),
                ("patch", &mut only.patch),
                ("trace", &mut only.trace),
            ] {
                if other != method {
                    *slot = None;
                }
            }
            single.paths.paths.clear();
            single
                .paths
                .paths
                .insert(path.clone(), ReferenceOr::Item(only));
            if let Err(failure) = run_progenitor(&single) {
                let name = match &operation.operation_id {
                    Some(id) => format!("operation `{id}` ({} {path})", method.to_uppercase()),
                    None => format!("operation {} {path}", method.to_uppercase()),
                };
                return (
                    format!("/paths/{}/{method}", escape_token(path)),
                    name,
                    failure,
                );
            }
        }
    }
    ("/paths".into(), "the client".into(), whole)
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
