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
        format!(
            "[package]\nname = \"fixture\"\n\n[dependencies]\n{}\n{}\n",
            generator::output::SECTION[0],
            generator::output::SECTION[1]
        ),
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

/// Writes `contents` to `path` (creating its directory) unless it already holds them, through
/// a temporary file and a rename, so that a concurrent reader never sees half a file and
/// cargo sees an unchanged file as unchanged.
pub fn write_if_changed(path: &Path, contents: &[u8]) {
    if std::fs::read(path).is_ok_and(|old| old == contents) {
        return;
    }
    let dir = path.parent().expect("a file has a directory");
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let file_name = path.file_name().expect("a file name").to_string_lossy();
    let temporary = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, contents).unwrap_or_else(|e| panic!("{}: {e}", temporary.display()));
    std::fs::rename(&temporary, path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Makes `dir` a copy of the client crate with `files` (the generator's output for some
/// document) in place of its generated files, as `scripts/lib/client-copy.sh` does: its own
/// workspace (the root's `[workspace]` tables but `members`), the root's lock file, path
/// dependencies made absolute, no examples (they walk the default spec's operations), and
/// `dev_dependencies` (lines of TOML) added to its own. Files already as they should be are
/// left alone, so cargo rebuilds only what changed since the last copy at `dir`.
pub fn client_copy(dir: &Path, files: &[generator::GeneratedFile], dev_dependencies: &str) {
    let root = workspace_root();
    let client = root.join(generator::DEFAULT_OUT);
    let read =
        |path: &Path| std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));

    let mut stack = vec![PathBuf::from("src")];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(client.join(&next)).expect("read the client crate") {
            let relative = next.join(entry.expect("dir entry").file_name());
            if client.join(&relative).is_dir() {
                stack.push(relative);
            } else if !files.iter().any(|f| f.path == relative) {
                write_if_changed(&dir.join(&relative), &read(&client.join(&relative)));
            }
        }
    }
    for file in files.iter().filter(|f| !f.section) {
        write_if_changed(&dir.join(&file.path), file.contents.as_bytes());
    }
    write_if_changed(&dir.join("README.md"), &read(&client.join("README.md")));
    write_if_changed(&dir.join("Cargo.lock"), &read(&root.join("Cargo.lock")));

    let mut manifest = String::from_utf8(read(&client.join("Cargo.toml"))).expect("UTF-8");
    // The document's own section: its crates and its features.
    if let Some(section) = files.iter().find(|f| f.section) {
        let [open, close] = generator::output::SECTION;
        let body = manifest.find(open).expect("the section opens") + open.len() + 1;
        let end = body + manifest[body..].find(close).expect("the section closes");
        manifest.replace_range(body..end, &section.contents);
    }
    let mut out = String::new();
    let mut in_example = false;
    for line in manifest.lines() {
        if line.trim() == "[[example]]" {
            in_example = true;
        } else if in_example {
            in_example = !line.trim().is_empty();
        } else {
            out.push_str(line);
            out.push('\n');
            if line.trim() == "[dev-dependencies]" {
                out.push_str(dev_dependencies);
                out.push('\n');
            }
        }
    }
    if !manifest
        .lines()
        .any(|line| line.trim() == "[dev-dependencies]")
    {
        out.push_str(&format!("\n[dev-dependencies]\n{dev_dependencies}\n"));
    }
    let out = out.replace("path = \"../", &format!("path = \"{}/", root.display()));
    let workspace = String::from_utf8(read(&root.join("Cargo.toml"))).expect("UTF-8");
    let mut tables = String::from("\n");
    let mut in_members = false;
    for line in workspace.lines() {
        if in_members || line.trim_start().starts_with("members") {
            // `members = [...]`, over one line or several.
            in_members = !line.contains(']');
        } else {
            tables.push_str(line);
            tables.push('\n');
        }
    }
    write_if_changed(&dir.join("Cargo.toml"), (out + &tables).as_bytes());
}
