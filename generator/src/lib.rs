//! Turns the hand-written OpenAPI description in `spec/` into the source of the
//! `dwolla-exchange-sessions` client crate.
//!
//! The pipeline runs one way, one stage per module:
//! [`load`] (with [`bundle`] making a document of several files one, and [`normalize`] turning OpenAPI 3.1 into 3.0 between the YAML and the typed
//! parse) -> [`select`] (optional) -> [`model`] -> [`validate`] -> [`adapt`] -> [`types`]
//! (progenitor and typify) -> [`emit`] (the operations) and [`mocks`] -> [`format`] ->
//! [`output`] (write or check).
//! [`document`] holds the ways of reading a document that every stage shares; the facts
//! about each operation are computed once, in [`model`], and read by the later stages.
//!
//! [`report`] compares two documents by what each would generate, in Rust API terms.
//!
//! [`generate_client`] is the single entry point used by both the CLI and the snapshot
//! tests, so the checked-in file and the snapshot can never disagree.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod adapt;
pub mod bundle;
pub mod diagnostic;
pub mod document;
pub mod emit;
pub mod error;
pub mod format;
pub mod gate;
pub mod guard;
pub mod lenient;
pub mod load;
pub mod mocks;
pub mod model;
pub mod normalize;
pub mod output;
pub mod report;
pub mod select;
pub mod types;
pub mod validate;

use std::path::{Path, PathBuf};

pub use diagnostic::Diagnostic;
pub use error::Error;

/// The spec the CLI reads when `--spec` is not given, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/exchange-sessions.yaml";
/// The client crate the CLI writes when `--out` is not given, relative to the workspace root.
pub const DEFAULT_OUT: &str = "generated-client";
/// The generated file, relative to the client crate's directory.
pub const GENERATED_FILE: &str = "src/generated.rs";
/// The command that regenerates the client; named in the do-not-edit header.
pub const REGENERATE_COMMAND: &str = "cargo run -p generator";

/// The client crate's manifest: the generator keeps its section of dependencies that the
/// generated code needs beyond the runtime's own, and of the features of the document's
/// tags ([`output::SECTION`]).
pub const MANIFEST_FILE: &str = "Cargo.toml";

/// One file the generator produces, with its path relative to the client crate's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the client crate (for example `src/generated.rs`).
    pub path: PathBuf,
    /// The complete, formatted contents; for a [`section`](Self::section), the lines
    /// between its markers.
    pub contents: String,
    /// Whether `contents` replace only the generated section of a hand-written file.
    pub section: bool,
}

/// Runs the whole pipeline on the spec at `spec_path` and returns every generated file.
///
/// Nothing is written; see [`output::write`] and [`output::check`]. Messages name the spec
/// by `spec_path` as given, so pass a relative path to get relative messages.
pub fn generate_client(spec_path: &Path) -> Result<Vec<GeneratedFile>, Error> {
    generate_selected(spec_path, &select::Selection::default())
}

/// Like [`generate_client`], for only the operations `selection` names and the components
/// they reference.
pub fn generate_selected(
    spec_path: &Path,
    selection: &select::Selection,
) -> Result<Vec<GeneratedFile>, Error> {
    let loaded = select::select(load::load(spec_path)?, selection)?;
    generate_loaded(&loaded).map(|(files, _)| files)
}

/// Like [`generate_selected`], with the warnings: what the document says that has one safe
/// reading, located, and how the generator read it.
pub fn generate_with_warnings(
    spec_path: &Path,
    selection: &select::Selection,
) -> Result<(Vec<GeneratedFile>, Vec<Diagnostic>), Error> {
    let loaded = select::select(load::load(spec_path)?, selection)?;
    let (files, later) = generate_loaded(&loaded)?;
    let mut warnings = loaded.warnings.clone();
    warnings.extend(later);
    Ok((files, warnings))
}

/// Runs the whole pipeline on spec `text` held in memory; `spec_path` only names the spec in
/// messages and in the generated file's header.
///
/// Never panics on any input: a panic inside progenitor, typify or the formatter becomes an
/// [`Error::Generate`].
pub fn generate_source(text: &str, spec_path: &Path) -> Result<Vec<GeneratedFile>, Error> {
    let loaded = load::load_str(text, spec_path)?;
    generate_loaded(&loaded).map(|(files, _)| files)
}

/// The files, and the warnings of the stages after loading.
fn generate_loaded(loaded: &load::Loaded) -> Result<(Vec<GeneratedFile>, Vec<Diagnostic>), Error> {
    let mut model = guard::catch(|| model::build(&loaded.spec))
        .map_err(|panic| stage_panic(loaded, "reading the operations", panic))?;
    let mut warnings = validate::validate(loaded, &model)?;
    let types::Generated {
        types,
        needs,
        warnings: type_warnings,
        links,
    } = types::generate(loaded, &mut model)?;
    warnings.extend(type_warnings);
    let model = model;
    let spec_name = loaded
        .path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The operations need only the model, and the mock helpers the model and the gating, so
    // each is emitted and formatted on its own thread, beside the gating and formatting of
    // the types: syntax trees cannot cross threads, text can.
    let model = &model;
    let (types, operations, mocks) = std::thread::scope(|scope| {
        let operations =
            scope.spawn(|| guard::catch(|| emit::emit(model).map(format::format_part)));
        let gated = match guard::catch(|| gate::gate(types, model)) {
            Ok(Ok(gated)) => gated,
            Ok(Err(message)) => return Err(generator_failed(loaded, "gating the types", message)),
            Err(panic) => return Err(stage_panic(loaded, "gating the types", panic)),
        };
        let (types, gated) = gated;
        let hrefs = emit::hrefs(&gated, &links)
            .map_err(|message| generator_failed(loaded, "emitting the operations", message))?;
        let spec_name = &spec_name;
        let mocks = scope.spawn(move || {
            guard::catch(|| {
                format::format_tokens(mocks::emit(&loaded.spec, model, &gated), spec_name)
            })
        });
        let types = guard::catch(|| {
            let types = format::format_items(vec![emit::types_module(types)]);
            format::format_part(hrefs).map(|hrefs| (types, hrefs))
        });
        Ok((types, join(operations), join(mocks)))
    })?;
    let (types, hrefs) =
        types.map_err(|panic| stage_panic(loaded, "formatting the types", panic))??;
    let operations = operations
        .map_err(|panic| stage_panic(loaded, "emitting the operations", panic))?
        .map_err(|message| generator_failed(loaded, "emitting the operations", message))??;
    let contents = format!("{}\n{types}{operations}{hrefs}", format::header(&spec_name));
    let mocks =
        mocks.map_err(|panic| stage_panic(loaded, "generating the mock helpers", panic))??;
    Ok((
        vec![
            GeneratedFile {
                path: PathBuf::from(GENERATED_FILE),
                contents,
                section: false,
            },
            GeneratedFile {
                path: PathBuf::from(mocks::MOCK_FILE),
                contents: mocks,
                section: false,
            },
            GeneratedFile {
                path: PathBuf::from(MANIFEST_FILE),
                contents: manifest(&needs, model),
                section: true,
            },
        ],
        warnings,
    ))
}

/// The manifest's generated section: the crates the generated code uses beyond the
/// runtime's own, then the `[features]` table's generated entries.
fn manifest(needs: &types::Needs, model: &model::Model) -> String {
    let mut lines = String::new();
    if needs.regress {
        // The version typify-impl itself builds with, so the lock file already has it.
        lines.push_str("regress = \"0.12\"\n");
    }
    let features: std::collections::BTreeSet<&str> = model
        .operations
        .iter()
        .flat_map(|op| op.features.iter().map(String::as_str))
        .collect();
    let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    lines.push_str("\n[features]\n");
    lines.push_str("## Every operation (the features of all the tags), and the types none uses.\n");
    lines.push_str(&format!(
        "{} = [{}]\n",
        crate::model::FULL_FEATURE,
        quoted.join(", ")
    ));
    for feature in features {
        if feature == model::UNTAGGED_FEATURE {
            lines.push_str("## The operations without a tag, and the types they use.\n");
        } else {
            lines.push_str(&format!(
                "## The operations of the `{feature}` tag, and the types they use.\n"
            ));
        }
        lines.push_str(&format!("{feature} = []\n"));
    }
    lines
}

/// A failure of the generator's own stage: an error that says so.
fn generator_failed(loaded: &load::Loaded, stage: &str, message: String) -> Error {
    Error::Generate {
        diagnostic: Box::new(loaded.diagnostic(
            "",
            format!("the generator failed while {stage}: {message}"),
            "this is a generator bug; rerun with --verbose and report it",
        )),
        panic: None,
    }
}

/// A scoped thread's result; its panics are caught inside, so one here is resumed.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
}

/// A panic in the generator's own stages: still an error, never a crash.
fn stage_panic(loaded: &load::Loaded, stage: &str, panic: guard::CaughtPanic) -> Error {
    Error::Generate {
        diagnostic: Box::new(loaded.diagnostic(
            "",
            format!("the generator crashed while {stage}"),
            "this is a generator bug; rerun with --verbose and report it",
        )),
        panic: Some(Box::new(panic)),
    }
}
