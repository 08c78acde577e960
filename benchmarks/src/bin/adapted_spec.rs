//! `adapted-spec [SPEC] OUT.json`: writes the spec as progenitor sees it after the
//! generator's adapt stage (vendor `+json` media types renamed to `application/json`),
//! for the build-cost script's build.rs crate: progenitor rejects the vendor types.
#![forbid(unsafe_code)]

use std::path::PathBuf;

fn main() {
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let out = args.pop().expect("usage: adapted-spec [SPEC] OUT.json");
    let spec = args.pop().unwrap_or_else(benchmarks::real_spec_path);
    let loaded = generator::load::load(&spec).unwrap_or_else(|e| panic!("{e}"));
    let adapted = generator::adapt::adapt(&loaded.spec, &generator::model::build(&loaded.spec));
    let json = serde_json::to_string_pretty(&adapted).expect("OpenAPI serializes");
    std::fs::write(&out, json).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
}
