//! Same spec, same bytes: 20 runs in this process, and a run in a child process (with its
//! own HashMap seeds), all byte-identical.

mod common;

use common::{fixture_out_dir, run_cli, workspace_root};

#[test]
fn generation_is_byte_identical_across_runs_and_processes() {
    let spec = workspace_root().join(generator::DEFAULT_SPEC);
    let first = generator::generate_client(&spec).expect("the real spec generates");
    for run in 1..20 {
        let again = generator::generate_client(&spec).expect("the real spec generates");
        assert!(again == first, "run {run} differs from run 0");
    }

    let out = fixture_out_dir();
    let out_arg = out.path().to_string_lossy().into_owned();
    let child = run_cli(&["--out", &out_arg]);
    assert_eq!(
        child.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&child.stderr)
    );
    for file in &first {
        let mut written =
            std::fs::read_to_string(out.path().join(&file.path)).expect("child wrote the file");
        if file.section {
            // Only the lines between the markers are the child's.
            let [begin, end] = generator::output::SECTION;
            let start = written.find(begin).expect("the section opens") + begin.len() + 1;
            let stop = written.find(end).expect("the section closes");
            written = written[start..stop].to_string();
        }
        assert!(
            written == file.contents,
            "{} differs between this process and the child",
            file.path.display()
        );
        let root = workspace_root().to_string_lossy().into_owned();
        assert!(!written.contains(&root), "absolute path in the output");
    }
}
