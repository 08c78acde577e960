//! Benchmarks for issue 6: generation time, client overhead, decoding and the change report,
//! measured in interleaved rounds so that the machine's load hits both sides of every
//! comparison alike.
//! `benches/all.rs` runs them and writes `BENCHMARKS.md`; [`build_time`] measures the
//! crate-only build of generated clients (there too), `scripts/bench-build-cost.sh` what
//! dependents pay to compile from clean.
#![forbid(unsafe_code)]

pub mod build_time;
pub mod change_report;
pub mod client;
pub mod decode;
pub mod generation;
pub mod report;
pub mod stats;
pub mod synth;

use std::path::PathBuf;

/// The workspace root (this crate's parent directory).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benchmarks/ has a parent")
        .to_path_buf()
}

/// The real spec.
pub fn real_spec_path() -> PathBuf {
    workspace_root().join(generator::DEFAULT_SPEC)
}
