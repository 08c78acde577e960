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
pub fn generate(
    loaded: &Loaded,
    adapted: &OpenAPI,
    model: &Model,
) -> Result<(syn::File, extras::Facts, Needs), Error> {
    let (progenitor, needs) = run_progenitor(adapted).map_err(|failure| {
        let (pointer, context, failure) = narrow(adapted, failure);
        failure_error(loaded, &pointer, &context, failure)
    })?;
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
    Ok((file, facts, needs))
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
