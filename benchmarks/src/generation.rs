//! Our whole pipeline (`generator::generate_client`) against bare progenitor-impl +
//! prettyplease on the same adapted spec, in interleaved rounds.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use openapiv3::OpenAPI;
use progenitor_impl::Generator;

use crate::stats::Samples;

/// One document under test, written to a temp file.
pub struct Case {
    /// What the document is, for the report.
    pub label: String,
    /// Number of operations.
    pub operations: usize,
    /// The spec file (kept alive by `_dir`).
    pub path: PathBuf,
    /// The adapted spec, computed once outside the timing, for the bare arm.
    pub adapted: OpenAPI,
    /// Rounds to run.
    pub rounds: usize,
    _dir: tempfile::TempDir,
}

/// The documents the generation benchmark can run on.
#[derive(Debug, Clone)]
pub enum Document {
    /// The real spec with its operations cloned this many times (0 = the real spec).
    Clones(usize),
    /// [`crate::synth::varied`] with this many operations.
    Varied(usize),
    /// A document of the repository, by path from the workspace root.
    File(&'static str),
}

impl Document {
    /// The document's label and text.
    pub fn build(&self) -> (String, String, &'static str) {
        match self {
            Self::Clones(0) => (
                "real spec".into(),
                read(generator::DEFAULT_SPEC),
                "exchange-sessions.yaml",
            ),
            Self::Clones(copies) => (
                format!("real spec × {copies}"),
                crate::synth::cloned_operations(&read(generator::DEFAULT_SPEC), *copies),
                "exchange-sessions.yaml",
            ),
            Self::Varied(operations) => (
                "varied shapes, 3.1".into(),
                crate::synth::varied(*operations),
                "varied.yaml",
            ),
            Self::File(path) => (format!("`{path}`"), read(path), "document.yaml"),
        }
    }
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(crate::workspace_root().join(relative))
        .unwrap_or_else(|e| panic!("read {relative}: {e}"))
}

impl Case {
    /// Writes `document` to a temp file and adapts it once for the bare arm.
    pub fn new(document: &Document, rounds: usize) -> Self {
        let (label, text, file_name) = document.build();
        let operations = crate::synth::operation_count(&text);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(file_name);
        std::fs::write(&path, &text).expect("write the spec");
        let loaded = generator::load::load(&path).expect("the spec loads");
        let adapted = generator::adapt::adapt(&loaded.spec, &generator::model::build(&loaded.spec));
        Self {
            label,
            operations,
            path,
            adapted,
            rounds,
            _dir: dir,
        }
    }
}

/// Timings of one case.
#[derive(Debug, Default, Clone)]
pub struct Measured {
    /// What the document is.
    pub label: String,
    /// Operations in the spec.
    pub operations: usize,
    /// `generator::generate_client`, end to end.
    pub ours: Samples,
    /// `generate_tokens` + `syn::parse2` + `prettyplease::unparse`.
    pub bare: Samples,
    /// [`bare_from_file`]: bare plus reading, parsing and adapting the spec file.
    pub bare_loaded: Samples,
    /// Our stages, measured separately in the same rounds: [`OURS_STAGES`].
    pub ours_stages: [Samples; 6],
    /// Bare stages: tokens, parse, unparse.
    pub bare_stages: [Samples; 3],
    /// Bytes of formatted output (ours, bare).
    pub output_bytes: (usize, usize),
}

/// Names of [`Measured::ours_stages`].
pub const OURS_STAGES: [&str; 6] = [
    "load",
    "model+validate",
    "types (adapt + probe + progenitor's type space)",
    "gate + emit (typify's items parsed and gated; the operations, as tokens, in `ours` on a thread of their own)",
    "format (the types unparsed; the operations parsed and unparsed, in `ours` on a thread of their own)",
    "mocks (emit + parse + unparse; in `ours` beside format, on a thread of their own)",
];
/// Names of [`Measured::bare_stages`].
pub const BARE_STAGES: [&str; 3] = [
    "progenitor generate_tokens",
    "syn::parse2",
    "prettyplease::unparse",
];

/// Our end-to-end call.
pub fn ours(path: &Path) -> String {
    let files = generator::generate_client(path).expect("generation succeeds");
    files.into_iter().map(|f| f.contents).collect()
}

/// Bare progenitor with the generator's own settings (`generator::types::settings()`),
/// so both arms ask progenitor for the same code.
pub fn bare(adapted: &OpenAPI) -> String {
    let settings = generator::types::settings();
    let tokens = Generator::new(&settings)
        .generate_tokens(adapted)
        .expect("progenitor generates");
    let file: syn::File = syn::parse2(tokens).expect("progenitor's output parses");
    prettyplease::unparse(&file)
}

/// Bare progenitor as a build script would run it: read and parse the spec file
/// (serde_yaml into `OpenAPI`, once), adapt it, then [`bare`]. openapiv3 cannot read an
/// OpenAPI 3.1 document, so one is read through the generator's loader, which converts it.
pub fn bare_from_file(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read the spec");
    let spec: OpenAPI = serde_yaml::from_str(&text).unwrap_or_else(|_| {
        generator::load::load_str(&text, path)
            .expect("the spec loads")
            .spec
    });
    bare(&generator::adapt::adapt(
        &spec,
        &generator::model::build(&spec),
    ))
}

fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = black_box(f());
    (start.elapsed(), out)
}

/// One run of our pipeline, stage by stage, each stage timed into `stages`.
pub fn ours_staged(path: &Path, stages: &mut [Samples; 6]) {
    let (t, loaded) = timed(|| generator::load::load(path).expect("load"));
    stages[0].push(t);
    let (t, model) = timed(|| {
        let model = generator::model::build(&loaded.spec);
        generator::validate::validate(&loaded, &model).expect("valid");
        model
    });
    stages[1].push(t);
    let mut model = model;
    let (t, generated) = timed(|| generator::types::generate(&loaded, &mut model).expect("types"));
    stages[2].push(t);
    // The feature gating is timed with the emission it runs beside.
    let (t, (types, tokens, hrefs, gated)) = timed(|| {
        let (types, gated) = generator::gate::gate(generated.types, &model).expect("gate");
        let tokens = generator::emit::emit(&model).expect("emit");
        let hrefs = generator::emit::hrefs(&gated, &generated.links).expect("hrefs");
        (types, tokens, hrefs, gated)
    });
    stages[3].push(t);
    let (t, _) = timed(|| {
        let types = generator::format::format_items(vec![generator::emit::types_module(types)]);
        let operations = generator::format::format_part(tokens).expect("format");
        (
            types,
            operations,
            generator::format::format_part(hrefs).expect("format"),
        )
    });
    stages[4].push(t);
    let (t, _) = timed(|| {
        let mocks = generator::mocks::emit(&loaded.spec, &model, &gated);
        generator::format::format_tokens(mocks, "exchange-sessions.yaml").expect("mocks")
    });
    stages[5].push(t);
}

fn bare_staged(adapted: &OpenAPI, stages: &mut [Samples; 3]) {
    let settings = generator::types::settings();
    let (t, tokens) = timed(|| {
        Generator::new(&settings)
            .generate_tokens(adapted)
            .expect("tokens")
    });
    stages[0].push(t);
    let (t, file) = timed(|| syn::parse2::<syn::File>(tokens).expect("parse"));
    stages[1].push(t);
    let (t, _) = timed(|| prettyplease::unparse(&file));
    stages[2].push(t);
}

/// Runs every case. Each round visits every case that still has rounds left and runs the
/// arms back to back in an order that rotates every round, so drift in machine load lands
/// on every arm.
pub fn run(cases: &[Case], mut progress: impl FnMut(&str)) -> Vec<Measured> {
    let mut results: Vec<Measured> = cases
        .iter()
        .map(|case| Measured {
            label: case.label.clone(),
            operations: case.operations,
            output_bytes: (ours(&case.path).len(), bare(&case.adapted).len()),
            ..Measured::default()
        })
        .collect();
    let max_rounds = cases.iter().map(|c| c.rounds).max().unwrap_or(0);
    for round in 0..max_rounds {
        for (case, result) in cases.iter().zip(&mut results) {
            if round >= case.rounds {
                continue;
            }
            // Rotate the three arms' order every round.
            for slot in 0..3 {
                match (slot + round) % 3 {
                    0 => result.ours.push(timed(|| ours(&case.path)).0),
                    1 => result.bare.push(timed(|| bare(&case.adapted)).0),
                    _ => result
                        .bare_loaded
                        .push(timed(|| bare_from_file(&case.path)).0),
                }
            }
            ours_staged(&case.path, &mut result.ours_stages);
            bare_staged(&case.adapted, &mut result.bare_stages);
        }
        progress(&format!("generation round {}/{max_rounds}", round + 1));
    }
    results
}
