//! Every valid document in `tests/corpus/valid/` generates a client, and each generated file
//! is pinned by a snapshot named after the document: `snapshots/corpus_valid/<document>@<file>.snap`.
//!
//! `scripts/check-corpus.sh` compiles those clients; this test pins their source. A document
//! that does not generate fails its test with the generator's diagnostics.
//!
//! A document is a `<name>.yaml`, or a directory `<name>/` whose `openapi.yaml` refers to
//! the files beside it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where the documents live, relative to this package (the directory tests run in).
const CORPUS: &str = "corpus/valid";
const SNAPSHOTS: &str = "snapshots/corpus_valid";

/// One test per document, so each passes or fails on its own.
macro_rules! documents {
    ($($name:ident),* $(,)?) => {
        const DOCUMENTS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
    };
}

documents!(
    bodies,
    collisions,
    created,
    dwolla,
    enum_collisions,
    errors,
    hal_lists,
    headers,
    lenient,
    multifile,
    name_readings,
    names,
    openapi31,
    openapi31_no_paths,
    responses,
    shapes
);

fn package_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The snapshot suffix for a generated file: its path inside `src/`, with `-` for `/`.
fn suffix(file: &Path) -> String {
    let inside = file.strip_prefix("src").unwrap_or(file);
    inside.to_string_lossy().replace(['/', '\\'], "-")
}

fn check(document: &str) {
    // A path relative to the package keeps absolute paths out of messages and output.
    let split = PathBuf::from(format!("{CORPUS}/{document}/openapi.yaml"));
    let spec = if package_dir().join(&split).is_file() {
        split
    } else {
        PathBuf::from(format!("{CORPUS}/{document}.yaml"))
    };
    assert!(
        package_dir().join(&spec).is_file(),
        "tests/{} is missing",
        spec.display()
    );
    let files = generator::generate_client(&spec).unwrap_or_else(|error| {
        panic!(
            "tests/{} does not generate a client:\n{error}",
            spec.display()
        )
    });

    let mut expected = BTreeSet::new();
    for file in &files {
        let suffix = suffix(&file.path);
        expected.insert(format!("{document}@{suffix}.snap"));
        insta::with_settings!({
            snapshot_path => SNAPSHOTS,
            prepend_module_to_snapshot => false,
            snapshot_suffix => suffix,
            description => format!("generated from tests/{}", spec.display()),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(document, file.contents);
        });
    }

    // A file the generator no longer writes must not keep a snapshot that looks pinned.
    let stale: Vec<_> = snapshot_names()
        .into_iter()
        .filter(|name| name.starts_with(&format!("{document}@")) && !expected.contains(name))
        .collect();
    assert!(
        stale.is_empty(),
        "{document}: snapshots of files the generator no longer writes: {stale:?}"
    );
}

fn snapshot_names() -> BTreeSet<String> {
    let dir = package_dir().join(SNAPSHOTS);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return BTreeSet::new();
    };
    entries
        .map(|entry| {
            entry
                .expect("reading the snapshot directory")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".snap"))
        .collect()
}

/// Adding a document without a test (or the reverse) is caught here.
#[test]
fn every_document_has_a_test() {
    let found: BTreeSet<String> = std::fs::read_dir(package_dir().join(CORPUS))
        .expect("tests/corpus/valid exists")
        .map(|entry| entry.expect("reading tests/corpus/valid").path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "yaml") || path.join("openapi.yaml").is_file()
        })
        .map(|path| {
            path.file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let listed: BTreeSet<String> = DOCUMENTS.iter().map(|name| (*name).to_string()).collect();
    assert_eq!(
        found, listed,
        "tests/corpus/valid/*.yaml, */openapi.yaml and the documents! list in tests/corpus_valid.rs differ"
    );
}

/// A snapshot whose document is gone would never be checked again.
#[test]
fn every_snapshot_has_a_document() {
    let orphans: Vec<_> = snapshot_names()
        .into_iter()
        .filter(|name| {
            !DOCUMENTS
                .iter()
                .any(|document| name.starts_with(&format!("{document}@")))
        })
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots in tests/{SNAPSHOTS} without a document: {orphans:?}"
    );
}
