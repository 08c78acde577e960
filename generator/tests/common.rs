//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root; the CLI runs from here so messages carry relative paths.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ has a parent")
        .to_path_buf()
}

/// The `.yaml` files directly in `dir` (relative to the workspace root), sorted.
pub fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(workspace_root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

/// Runs the real CLI binary from the workspace root.
pub fn run_cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .current_dir(workspace_root())
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .output()
        .expect("the generator binary runs")
}

/// A client-crate-like output folder with an old generated file in it.
pub fn fixture_out_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("src/mock")).expect("src dirs");
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"fixture\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("src/lib.rs"), "mod generated;\n").expect("write");
    std::fs::write(
        dir.path().join("src/generated.rs"),
        "// old generated code\n",
    )
    .expect("write");
    dir
}

/// Every file under `dir` (relative path -> bytes), to compare a folder before and after.
pub fn snapshot_dir(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                files.insert(
                    path.strip_prefix(dir).expect("under dir").to_path_buf(),
                    bytes,
                );
            }
        }
    }
    files
}

/// Every node's path from the root of a YAML document, the root's (empty) path first.
pub fn node_paths(value: &serde_yaml::Value) -> Vec<Vec<serde_yaml::Value>> {
    fn walk(
        value: &serde_yaml::Value,
        path: &mut Vec<serde_yaml::Value>,
        out: &mut Vec<Vec<serde_yaml::Value>>,
    ) {
        out.push(path.clone());
        match value {
            serde_yaml::Value::Mapping(map) => {
                for (key, child) in map {
                    path.push(key.clone());
                    walk(child, path, out);
                    path.pop();
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (index, child) in items.iter().enumerate() {
                    path.push(serde_yaml::Value::from(index));
                    walk(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

/// The node at `path` (as [`node_paths`] gives it).
pub fn node_mut<'v>(
    root: &'v mut serde_yaml::Value,
    path: &[serde_yaml::Value],
) -> Option<&'v mut serde_yaml::Value> {
    path.iter().try_fold(root, |node, key| match node {
        serde_yaml::Value::Mapping(map) => map.get_mut(key),
        serde_yaml::Value::Sequence(items) => items.get_mut(usize::try_from(key.as_u64()?).ok()?),
        _ => None,
    })
}
