//! `gen-profile (ours|bare) OPS`: one generation of a synthetic spec with OPS
//! operations (a multiple of 4), for profilers such as
//! `valgrind --tool=callgrind target/release/gen-profile ours 400`.
#![forbid(unsafe_code)]

use std::time::Instant;

use benchmarks::generation::{self, Case};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arm = args.first().map(String::as_str).unwrap_or("ours");
    let ops: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(400);
    let real = std::fs::read_to_string(benchmarks::real_spec_path()).expect("read the real spec");
    let copies = if ops <= 4 { 0 } else { ops / 4 };
    let case = Case::new(&real, copies, 1);
    let start = Instant::now();
    let bytes = match arm {
        "ours" => generation::ours(&case.path).len(),
        "bare" => generation::bare(&case.adapted).len(),
        other => panic!("unknown arm {other:?}: ours or bare"),
    };
    eprintln!(
        "{arm} {} ops: {bytes} bytes in {:?}",
        case.operations,
        start.elapsed()
    );
}
