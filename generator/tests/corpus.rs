//! Every broken spec in `tests/corpus/` fails with exit code 1, pinned error text, no panic
//! text, and an untouched output folder.

mod common;

use common::{fixture_out_dir, run_cli, snapshot_dir};

#[test]
fn every_broken_spec_is_reported_and_nothing_is_written() {
    let cases = common::yaml_files("tests/corpus");
    assert!(
        cases.len() >= 25,
        "the corpus has only {} cases",
        cases.len()
    );

    for case in cases {
        let name = case
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let out = fixture_out_dir();
        let before = snapshot_dir(out.path());
        let spec = format!("tests/corpus/{name}.yaml");
        let out_arg = out.path().to_string_lossy().into_owned();
        let output = run_cli(&["--spec", &spec, "--out", &out_arg]);

        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: exit code\n{stderr}");
        assert!(
            !stdout.contains("panicked") && !stderr.contains("panicked"),
            "{name}: panic text\n{stderr}"
        );
        assert!(stdout.is_empty(), "{name}: unexpected stdout\n{stdout}");
        assert!(
            stderr.starts_with(&format!("error: {spec}:")),
            "{name}: message does not name the file and line\n{stderr}"
        );
        assert_eq!(
            snapshot_dir(out.path()),
            before,
            "{name}: the output folder changed"
        );
        insta::assert_snapshot!(name, stderr);
    }
}

/// Shapes the check pass once refused and the pipeline now adapts: each must generate.
/// (The valid corpus, `tests/corpus/valid/`, also compiles its clients.)
#[test]
fn every_accepted_spec_generates() {
    let cases = common::yaml_files("tests/corpus/accepted");
    assert!(
        cases.len() >= 10,
        "the accepted corpus has only {} cases",
        cases.len()
    );
    for case in cases {
        let files =
            generator::generate_client(&case).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        assert!(
            files
                .iter()
                .any(|f| f.path.ends_with("generated.rs")
                    && f.contents.contains("pub mod operations")),
            "{}",
            case.display()
        );
    }
}

/// progenitor or typify panic on these documents; the diagnostic names the one schema or
/// operation responsible, at the line and column of its key, and the panic is shown only
/// with `--verbose`.
#[test]
fn an_engine_panic_is_narrowed_to_the_one_responsible() {
    for (name, line, key, pointer, culprit) in [
        (
            "progenitor_panics_schema",
            103,
            "Status:",
            "/components/schemas/Status",
            "schema `Status`",
        ),
        (
            "progenitor_panics_operation",
            37,
            "schema:",
            "/paths/~1exchange-sessions~1{id}/get/responses/200/content/\
             application~1vnd.dwolla.v1.hal+json/schema",
            "the success response body of operation `retrieveCustomerExchangeSession` \
             (GET /exchange-sessions/{id})",
        ),
    ] {
        let spec = format!("tests/corpus/{name}.yaml");
        let text = std::fs::read_to_string(common::workspace_root().join(&spec)).expect("read");
        let at = text.lines().nth(line - 1).expect("the line exists");
        let column = at.len() - at.trim_start().len() + 1;
        assert!(
            at.trim_start().starts_with(key),
            "{spec}:{line} is `{at}`, not the key `{key}`"
        );

        let out = fixture_out_dir();
        let out_arg = out.path().to_string_lossy().into_owned();
        let output = run_cli(&["--spec", &spec, "--out", &out_arg, "--verbose"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}\n{stderr}");
        let expected = format!(
            "error: {spec}:{line}:{column} ({pointer}): progenitor crashed while generating {culprit} — "
        );
        assert!(
            stderr.starts_with(&expected),
            "{name}: expected `{expected}…`\n{stderr}"
        );
        assert!(
            stderr.contains("\nnote: progenitor panicked at "),
            "{name}: the engine no longer panics here, so this case tests nothing\n{stderr}"
        );
    }
}
