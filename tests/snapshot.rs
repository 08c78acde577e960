//! Pins the generated client source, and fails when the checked-in file is stale.
//!
//! Both tests call `generator::generate_client`, the same function the CLI uses to write
//! `generated-client/src/generated.rs`.

use std::path::{Path, PathBuf};

use generator::output::{self, CheckOutcome};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

fn generated() -> Vec<generator::GeneratedFile> {
    let spec = workspace_root().join(generator::DEFAULT_SPEC);
    generator::generate_client(&spec).unwrap_or_else(|e| panic!("generation failed:\n{e}"))
}

#[test]
fn generated_source_snapshot() {
    for file in generated() {
        let name = file
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("generated")
            .to_string();
        insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("generated", file.contents);
        });
    }
}

#[test]
fn checked_in_client_is_up_to_date() {
    let out = workspace_root().join(generator::DEFAULT_OUT);
    match output::check(&out, &generated()).expect("reading the checked-in client") {
        CheckOutcome::UpToDate => {}
        CheckOutcome::Stale(diff) => panic!(
            "generated-client is stale; run `{}` and commit.\n{diff}",
            generator::REGENERATE_COMMAND
        ),
    }
}
