//! The change report (`generator -- --report-against`) on a large edit: the real spec copied
//! `copies` times (operations, paths and schemas renamed per copy, so every copy has its own
//! types), against the same document with a field added to every copy of `ExchangeSession`.
//! `generator/tests/report.rs` checks what this report says; this measures how long it takes.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use serde_yaml::{Mapping, Value};

use crate::stats::Samples;

/// Timings of the report on one pair of documents.
#[derive(Debug, Default, Clone)]
pub struct Measured {
    /// Operations in each document.
    pub operations: usize,
    /// Changes the report found (one per copy).
    pub changes: usize,
    /// Bytes of each document's YAML (before, after).
    pub bytes: (usize, usize),
    /// `generator::load::load_str` of both documents.
    pub load: Samples,
    /// `generator::report::compare` of the loaded documents.
    pub compare: Samples,
    /// Both, end to end: what `--report-against FILE` costs after reading the files.
    pub total: Samples,
}

/// The real spec copied `copies` times (`4 * copies` operations), before and after the edit.
pub fn documents(copies: usize) -> (String, String) {
    (copied(copies, false), copied(copies, true))
}

/// Copy `n` of the real spec lives under `/v{n}{path}`, with its operationIds and schema
/// names suffixed `V{n}` and its `$ref`s pointing at its own schemas; `edit` adds an optional
/// `expires` to every copy of `ExchangeSession`.
fn copied(copies: usize, edit: bool) -> String {
    fn rename(value: &mut Value, suffix: &str) {
        match value {
            Value::String(s) if s.starts_with("#/components/schemas/") => s.push_str(suffix),
            Value::Mapping(map) => map.iter_mut().for_each(|(_, v)| rename(v, suffix)),
            Value::Sequence(items) => items.iter_mut().for_each(|v| rename(v, suffix)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(crate::real_spec_path()).expect("the real spec");
    let spec: Value = serde_yaml::from_str(&text).expect("the real spec is YAML");
    let (paths, schemas) = (
        spec["paths"].as_mapping().expect("paths"),
        spec["components"]["schemas"].as_mapping().expect("schemas"),
    );
    let (mut out_paths, mut out_schemas) = (Mapping::new(), Mapping::new());
    for copy in 0..copies {
        let suffix = format!("V{copy}");
        for (path, item) in paths {
            let mut item = item.clone();
            for method in ["get", "post"] {
                if let Some(Value::String(id)) = item
                    .get_mut(method)
                    .and_then(|op| op.get_mut("operationId"))
                {
                    id.push_str(&suffix);
                }
            }
            rename(&mut item, &suffix);
            out_paths.insert(
                format!("/v{copy}{}", path.as_str().expect("a path")).into(),
                item,
            );
        }
        for (name, schema) in schemas {
            let mut schema = schema.clone();
            rename(&mut schema, &suffix);
            if edit && name.as_str() == Some("ExchangeSession") {
                schema["properties"]["expires"] =
                    serde_yaml::from_str("{type: string, format: date-time}").expect("YAML");
            }
            out_schemas.insert(
                format!("{}{suffix}", name.as_str().expect("a name")).into(),
                schema,
            );
        }
    }
    let mut out = spec.clone();
    out["paths"] = out_paths.into();
    out["components"]["schemas"] = out_schemas.into();
    // The shared responses name the first copy's error schema.
    rename(&mut out["components"]["responses"], "V0");
    serde_yaml::to_string(&out).expect("YAML")
}

/// Loads and compares the documents of [`documents`]`(copies)` `rounds` times, after one
/// unrecorded warm-up round; the documents and the report are dropped outside the timing.
pub fn run(copies: usize, rounds: usize, mut progress: impl FnMut(&str)) -> Measured {
    let (before, after) = documents(copies);
    let mut measured = Measured {
        operations: crate::synth::operation_count(&before),
        bytes: (before.len(), after.len()),
        ..Measured::default()
    };
    for round in 0..=rounds {
        let started = Instant::now();
        let old = generator::load::load_str(black_box(&before), Path::new("before.yaml"))
            .expect("the document loads");
        let new = generator::load::load_str(black_box(&after), Path::new("after.yaml"))
            .expect("the edited document loads");
        let loaded = started.elapsed();
        let report = generator::report::compare(&old, &new).expect("the documents compare");
        let total = started.elapsed();
        assert_eq!(
            report.changes.len(),
            copies,
            "one change per copy\n{}",
            report.markdown()
        );
        measured.changes = report.changes.len();
        if round > 0 {
            measured.load.push(loaded);
            measured.compare.push(total - loaded);
            measured.total.push(total);
            progress(&format!("change report round {round}/{rounds}"));
        }
    }
    measured
}
