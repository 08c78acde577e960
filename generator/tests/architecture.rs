//! The module graph of the generator and of the client crate has no circles, and the
//! client's hand-written modules never reach the generated ones.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod common;
use common::workspace_root;

/// Generated modules of the client crate (the mocks' generated part is a child of the
/// hand-written `mock` module, reached only through it).
const GENERATED: &[&str] = &["generated"];

/// Module -> the crate modules it refers to (`crate::module`, or `crate::Item` re-exported
/// by the crate root from `module`).
fn module_graph(src: &Path, root_file: &str) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<String> = std::fs::read_dir(src)
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            (path.extension()? == "rs" || path.is_dir()).then_some(stem)
        })
        .filter(|m| m != "lib" && m != "main")
        .collect();
    // `pub use module::{A, B};` in the crate root: items to the module that defines them.
    let root = std::fs::read_to_string(src.join(root_file)).unwrap();
    let mut reexports: BTreeMap<String, String> = BTreeMap::new();
    for line in root
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub use "))
    {
        let Some((module, items)) = line.trim_end_matches(';').split_once("::") else {
            continue;
        };
        if !modules.contains(module) {
            continue;
        }
        for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
            reexports.insert(item.trim().to_string(), module.to_string());
        }
    }
    let mut graph = BTreeMap::new();
    for module in &modules {
        let file = src.join(format!("{module}.rs"));
        let path = if file.exists() {
            file
        } else {
            src.join(module).join("mod.rs")
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        // Code only: a doc link is not an import.
        let text: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut edges = BTreeSet::new();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group[..group.find('}').unwrap_or(group.len())]
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or(""))
                    .collect(),
                None => vec![
                    rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                        .unwrap_or(""),
                ],
            };
            for name in names {
                let target = if modules.contains(name) {
                    Some(name.to_string())
                } else {
                    reexports.get(name).cloned()
                };
                if let Some(target) = target.filter(|t| t != module) {
                    edges.insert(target);
                }
            }
        }
        graph.insert(module.clone(), edges);
    }
    graph
}

fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut found = path[start..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_generator_has_no_import_circle() {
    let graph = module_graph(&workspace_root().join("generator/src"), "lib.rs");
    assert!(graph.len() > 10, "{graph:?}");
    assert_eq!(cycle(&graph), None, "{graph:#?}");
}

#[test]
fn the_client_has_no_import_circle_and_its_hand_written_half_never_reaches_the_generated_one() {
    let graph = module_graph(&workspace_root().join("generated-client/src"), "lib.rs");
    assert_eq!(cycle(&graph), None, "{graph:#?}");
    for (module, edges) in graph
        .iter()
        .filter(|(m, _)| !GENERATED.contains(&m.as_str()))
    {
        let reached: Vec<&String> = edges
            .iter()
            .filter(|e| GENERATED.contains(&e.as_str()))
            .collect();
        assert!(
            reached.is_empty(),
            "hand-written `{module}` refers to generated {reached:?}"
        );
    }
    assert!(
        graph["generated"].contains("operation"),
        "the check sees the generated module's edges: {graph:#?}"
    );
}

#[test]
fn a_circle_is_detected() {
    let graph = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".to_string(), "b".to_string(), "a".to_string()])
    );
}
