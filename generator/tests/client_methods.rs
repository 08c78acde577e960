//! `validate::CLIENT_METHODS` must name every method the hand-written client has: an
//! operation named like one would not compile, or would shadow it.

use std::collections::BTreeSet;

mod common;
use common::workspace_root;

#[test]
fn every_method_of_the_hand_written_client_is_reserved() {
    let src = workspace_root().join("generated-client/src");
    let mut methods = BTreeSet::new();
    let mut files = vec![];
    for entry in std::fs::read_dir(&src).expect("the client's sources") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("generated.rs") {
            files.push(path);
        }
    }
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let file = syn::parse_file(&text).expect("the client's sources parse");
        for item in file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(ty) = &*block.self_ty else {
                continue;
            };
            if ty.path.segments.last().is_none_or(|s| s.ident != "Client") {
                continue;
            }
            for member in block.items {
                if let syn::ImplItem::Fn(function) = member {
                    methods.insert(function.sig.ident.to_string());
                }
            }
        }
    }
    assert!(
        methods.contains("builder"),
        "found {methods:?} in {files:?}"
    );
    let missing: Vec<_> = methods
        .iter()
        .filter(|m| !generator::validate::CLIENT_METHODS.contains(&m.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "Client methods missing from validate::CLIENT_METHODS: {missing:?}"
    );
    // The generator emits `follow` on every client.
    assert!(generator::validate::CLIENT_METHODS.contains(&"follow"));
}
