//! The module graphs of the generator and of the client crate, read with syn.
//!
//! Rules checked:
//! - **no circle**: no module reaches itself through imports, in either crate;
//! - **one-way stages**: a generator module imports only modules of its own or an earlier
//!   stage ([`STAGES`]: load -> normalise -> select -> model -> validate -> adapt -> types -> gate ->
//!   emit -> format -> output);
//! - **one operation model**: outside `model` (and `document`, which is the document's own
//!   shape, read by `model`), no type holds an operation's facts (a type
//!   named `*Operation*` or `Op`, or one with both a `method` and a `path` field), except
//!   the ones [`KNOWN_SECOND_MODELS`] lists until they are folded into the model;
//! - **hand-written never reaches generated** in the client crate.
//!
//! An edge is any `use` or path in code that starts at `crate`, `super` or `self` and names
//! another top-level module, directly or through an item the crate root re-exports. Paths
//! inside macro bodies (`quote!`) and doc links are not code of this crate, so they are not
//! edges.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

mod common;
use common::workspace_root;

/// Generated modules of the client crate. The mocks' generated part is a child of the
/// hand-written `mock` module, and a unit of its own here.
const GENERATED: &[&str] = &["generated", "mock::operations"];

/// The generator's top-level modules by stage, in data-flow order. The first row is shared
/// by every stage and imports no stage. `bundle`, `lenient` and `normalize` sit before `load`
/// because `load` hands the YAML to them between the YAML parse and the typed one. `report`
/// reads the stages to compare two documents; no stage reads it.
const STAGES: &[&[&str]] = &[
    &["diagnostic", "document", "error", "guard"],
    &["bundle", "lenient", "normalize"],
    &["load"],
    &["select"],
    &["model"],
    &["validate"],
    &["adapt"],
    &["types"],
    &["gate"],
    &["emit", "mocks"],
    &["format"],
    &["output"],
    &["report"],
];

/// Types outside `model` that still hold operation facts of their own, as `module::Type`.
/// Each is to be folded into the model; the test fails when one goes without its entry
/// here going too, and when a new one appears.
const KNOWN_SECOND_MODELS: &[&str] = &["report::surface::Op"];

/// One crate's modules, as read from its source.
struct Crate {
    /// Top-level module -> the other top-level modules it refers to.
    graph: BTreeMap<String, BTreeSet<String>>,
    /// Types that look like operation models: `module::path::Type` -> top-level module.
    operation_types: BTreeSet<String>,
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The file of out-of-line module `name` declared in a file of directory `dir`.
fn module_file(dir: &Path, name: &str) -> PathBuf {
    let flat = dir.join(format!("{name}.rs"));
    if flat.exists() {
        flat
    } else {
        dir.join(name).join("mod.rs")
    }
}

/// `extra_units`: nested modules (`mock::operations`) counted apart from their parent.
fn read_crate(src: &Path, root_file: &str, extra_units: &[&str]) -> Crate {
    let root = parse(&src.join(root_file));
    let mut units: BTreeSet<String> = root
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(module) if module.content.is_none() => Some(module.ident.to_string()),
            _ => None,
        })
        .collect();
    units.extend(extra_units.iter().map(|u| u.to_string()));
    // `pub use module::{A, B as C};` in the crate root: each name to the module behind it.
    let mut reexports = BTreeMap::new();
    for item in &root.items {
        if let syn::Item::Use(item) = item {
            for (path, name) in flatten(&item.tree) {
                if let Some(first) = path.first().filter(|first| units.contains(*first)) {
                    reexports.insert(name, first.clone());
                }
            }
        }
    }
    let mut reader = Reader {
        units: &units,
        reexports: &reexports,
        module: Vec::new(),
        graph: units.iter().map(|u| (u.clone(), BTreeSet::new())).collect(),
        operation_types: BTreeSet::new(),
    };
    for unit in units.iter().filter(|u| !u.contains("::")) {
        reader.read_file(&module_file(src, unit), vec![unit.clone()]);
    }
    Crate {
        graph: reader.graph,
        operation_types: reader.operation_types,
    }
}

/// `use` tree -> each full path it imports and the name it binds (`*` binds `*`).
fn flatten(tree: &syn::UseTree) -> Vec<(Vec<String>, String)> {
    fn walk(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                walk(&path.tree, prefix, out);
                prefix.pop();
            }
            syn::UseTree::Name(name) => {
                let mut full = prefix.clone();
                full.push(name.ident.to_string());
                out.push((full, name.ident.to_string()));
            }
            syn::UseTree::Rename(rename) => {
                let mut full = prefix.clone();
                full.push(rename.ident.to_string());
                out.push((full, rename.rename.to_string()));
            }
            syn::UseTree::Glob(_) => out.push((prefix.clone(), "*".into())),
            syn::UseTree::Group(group) => group.items.iter().for_each(|t| walk(t, prefix, out)),
        }
    }
    let mut out = Vec::new();
    walk(tree, &mut Vec::new(), &mut out);
    out
}

struct Reader<'a> {
    units: &'a BTreeSet<String>,
    reexports: &'a BTreeMap<String, String>,
    /// The module being read, from the crate root (`["report", "surface"]`).
    module: Vec<String>,
    graph: BTreeMap<String, BTreeSet<String>>,
    operation_types: BTreeSet<String>,
}

impl Reader<'_> {
    fn read_file(&mut self, path: &Path, module: Vec<String>) {
        let file = parse(path);
        let saved = std::mem::replace(&mut self.module, module);
        self.visit_file(&file);
        // Out-of-line children live beside `mod.rs`, or in a directory named after the file.
        let dir = if path.file_name().is_some_and(|n| n == "mod.rs") {
            path.parent().unwrap().to_path_buf()
        } else {
            path.with_extension("")
        };
        for item in &file.items {
            if let syn::Item::Mod(child) = item
                && child.content.is_none()
            {
                let mut module = self.module.clone();
                module.push(child.ident.to_string());
                self.read_file(&module_file(&dir, &child.ident.to_string()), module);
            }
        }
        self.module = saved;
    }

    /// Records the edge a path from the current module makes, if any.
    fn edge(&mut self, segments: &[String]) {
        let absolute: Vec<String> = match segments.first().map(String::as_str) {
            Some("crate") => segments[1..].to_vec(),
            Some("super") => {
                let mut base = self.module.clone();
                let mut rest = segments;
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
                base.extend(rest.iter().cloned());
                base
            }
            Some("self") => {
                let mut base = self.module.clone();
                base.extend(segments[1..].iter().cloned());
                base
            }
            _ => return,
        };
        let Some(first) = absolute.first() else {
            return;
        };
        let target = match self.unit_of(&absolute) {
            Some(unit) => Some(unit),
            None => self.reexports.get(first).cloned(),
        };
        let unit = self
            .unit_of(&self.module)
            .expect("every file read is in a unit");
        if let Some(target) = target.filter(|t| *t != unit) {
            self.graph.get_mut(&unit).unwrap().insert(target);
        }
    }

    /// The longest prefix of `path` that is a unit.
    fn unit_of(&self, path: &[String]) -> Option<String> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].join("::"))
            .find(|p| self.units.contains(p))
    }

    fn check_type(&mut self, ident: &syn::Ident, fields: Option<&syn::Fields>) {
        if self.module[0] == "model" || self.module[0] == "document" {
            return;
        }
        let name = ident.to_string();
        let field_names: BTreeSet<String> = fields
            .into_iter()
            .flatten()
            .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
            .collect();
        let looks_like_an_operation = name.contains("Operation")
            || name == "Op"
            || (field_names.contains("method") && field_names.contains("path"));
        if looks_like_an_operation {
            self.operation_types
                .insert(format!("{}::{name}", self.module.join("::")));
        }
    }
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if module.content.is_some() {
            self.module.push(module.ident.to_string());
            syn::visit::visit_item_mod(self, module);
            self.module.pop();
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        for (path, _) in flatten(&item.tree) {
            self.edge(&path);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.edge(&segments);
        syn::visit::visit_path(self, path);
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        self.check_type(&item.ident, Some(&item.fields));
        syn::visit::visit_item_struct(self, item);
    }

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        self.check_type(&item.ident, None);
        syn::visit::visit_item_enum(self, item);
    }
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

/// Every edge from a module to one of a later stage, as `from -> to`; a module that no
/// stage lists is reported as such.
fn back_edges(graph: &BTreeMap<String, BTreeSet<String>>, stages: &[&[&str]]) -> Vec<String> {
    let stage = |module: &str| stages.iter().position(|row| row.contains(&module));
    let mut found = Vec::new();
    for (from, edges) in graph {
        let Some(from_stage) = stage(from) else {
            found.push(format!("`{from}` is in no stage: add it to STAGES"));
            continue;
        };
        for to in edges {
            match stage(to) {
                Some(to_stage) if to_stage <= from_stage => {}
                _ => found.push(format!("{from} -> {to}")),
            }
        }
    }
    found
}

fn generator() -> Crate {
    read_crate(&workspace_root().join("generator/src"), "lib.rs", &[])
}

#[test]
fn the_generator_has_no_import_circle() {
    let graph = generator().graph;
    assert!(graph.len() > 10, "{graph:?}");
    assert_eq!(cycle(&graph), None, "{graph:#?}");
}

#[test]
fn the_generators_stages_import_only_earlier_stages() {
    let graph = generator().graph;
    assert_eq!(
        back_edges(&graph, STAGES),
        Vec::<String>::new(),
        "{graph:#?}"
    );
    // The reader sees real edges, through `use` groups, `super::` and root re-exports.
    assert!(graph["validate"].contains("model"), "{graph:#?}");
    assert!(graph["report"].contains("model"), "{graph:#?}");
    assert!(
        graph["format"].contains("error"),
        "`crate::Error` is `error`'s: {graph:#?}"
    );
}

#[test]
fn only_the_model_holds_operation_facts() {
    let found = generator().operation_types;
    let known: BTreeSet<String> = KNOWN_SECOND_MODELS.iter().map(|s| s.to_string()).collect();
    let new: Vec<&String> = found.difference(&known).collect();
    let gone: Vec<&String> = known.difference(&found).collect();
    assert!(
        new.is_empty(),
        "a second operation model: {new:?}; read the facts from `model::OperationModel`"
    );
    assert!(
        gone.is_empty(),
        "folded into the model: remove {gone:?} from KNOWN_SECOND_MODELS"
    );
}

#[test]
fn the_client_has_no_import_circle_and_its_hand_written_half_never_reaches_the_generated_one() {
    let graph = read_crate(
        &workspace_root().join("generated-client/src"),
        "lib.rs",
        &GENERATED[1..],
    )
    .graph;
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
        graph["generated"].contains("runtime"),
        "the check sees the generated module's edges: {graph:#?}"
    );
    assert!(
        graph["mock::operations"].contains("generated"),
        "{graph:#?}"
    );
}

/// Writes `files` (path relative to `src/` -> contents) into a fresh directory.
fn scratch_crate(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn edges_are_found_through_super_groups_multi_line_reexports_and_nested_files() {
    let dir = scratch_crate(&[
        (
            "lib.rs",
            "mod a;\nmod b;\nmod c;\nmod d;\npub use c::{\n    One,\n    Two as Deux,\n};\n",
        ),
        // `super::` from a top-level module is the crate root.
        ("a.rs", "fn f() { super::b::g(); }\n"),
        // A group, and a multi-line root re-export under its new name.
        ("b.rs", "use crate::{\n    Deux,\n};\n"),
        ("c.rs", "pub struct One;\npub struct Two;\n"),
        // A nested file reaching out through two `super`s, and a path in a macro (no edge).
        ("d/mod.rs", "mod inner;\n"),
        (
            "d/inner.rs",
            "fn f() { super::super::a::f(); quote::quote!(crate::b::x); }\n",
        ),
    ]);
    let graph = read_crate(dir.path(), "lib.rs", &[]).graph;
    let edges = |m: &str| graph[m].iter().cloned().collect::<Vec<_>>();
    assert_eq!(edges("a"), ["b"]);
    assert_eq!(edges("b"), ["c"]);
    assert_eq!(edges("c"), Vec::<String>::new());
    assert_eq!(edges("d"), ["a"]);
}

#[test]
fn a_circle_is_detected() {
    let dir = scratch_crate(&[
        ("lib.rs", "mod a;\nmod b;\n"),
        ("a.rs", "use crate::b::X;\n"),
        ("b.rs", "use super::a::Y;\n"),
    ]);
    let graph = read_crate(dir.path(), "lib.rs", &[]).graph;
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".to_string(), "b".to_string(), "a".to_string()])
    );
}

#[test]
fn a_back_edge_and_an_unplaced_module_are_detected() {
    let dir = scratch_crate(&[
        ("lib.rs", "mod load;\nmod model;\nmod stray;\n"),
        ("load.rs", "fn f() { crate::model::build(); }\n"),
        ("model.rs", "use crate::load::Loaded;\n"),
        ("stray.rs", ""),
    ]);
    let graph = read_crate(dir.path(), "lib.rs", &[]).graph;
    assert_eq!(
        back_edges(&graph, &[&["load"], &["model"]]),
        ["load -> model", "`stray` is in no stage: add it to STAGES"]
    );
}

#[test]
fn a_second_operation_model_is_detected() {
    let dir = scratch_crate(&[
        ("lib.rs", "mod model;\nmod mocks;\n"),
        (
            "model.rs",
            "pub struct OperationModel { method: String, path: String }\n",
        ),
        (
            "mocks.rs",
            "struct Route { method: String, path: String }\nmod inner { struct OpInfo; \
             enum OperationKind {} }\n",
        ),
    ]);
    let found = read_crate(dir.path(), "lib.rs", &[]).operation_types;
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["mocks::Route", "mocks::inner::OperationKind"]
    );
}
