//! `gen-profile (ours|bare|stages) OPS [varied]`: one generation of a synthetic spec with OPS
//! operations (clones of the real spec, a multiple of 4; or, with `varied`, the document of
//! varied shapes), for profilers such as
//! `valgrind --tool=callgrind target/release/gen-profile ours 400`. With `KEEP_DOCUMENT=PATH`
//! it also writes the document there; with `REPEAT=N` it runs `ours` or `bare` N times and
//! prints the fastest.
#![forbid(unsafe_code)]

use std::time::Instant;

use benchmarks::generation::{self, Case, Document};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arm = args.first().map(String::as_str).unwrap_or("ours");
    let ops: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(400);
    let document = if args.get(2).is_some_and(|a| a == "varied") {
        Document::Varied(ops)
    } else {
        Document::Clones(if ops <= 4 { 0 } else { ops / 4 })
    };
    let case = Case::new(&document, 1);
    if let Some(keep) = std::env::var_os("KEEP_DOCUMENT") {
        std::fs::copy(&case.path, keep).expect("write KEEP_DOCUMENT");
    }
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    if repeat > 1 && (arm == "ours" || arm == "bare") {
        let fastest = (0..repeat)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(if arm == "ours" {
                    generation::ours(&case.path)
                } else {
                    generation::bare(&case.adapted)
                });
                start.elapsed()
            })
            .min()
            .unwrap_or_default();
        eprintln!(
            "{arm} {} ops: fastest of {repeat} in {fastest:?}",
            case.operations
        );
        return;
    }
    let start = Instant::now();
    let bytes = match arm {
        "ours" => generation::ours(&case.path).len(),
        "bare" => generation::bare(&case.adapted).len(),
        "stages" => {
            let mut stages: [benchmarks::stats::Samples; 6] = Default::default();
            generation::ours_staged(&case.path, &mut stages);
            for (name, samples) in generation::OURS_STAGES.iter().zip(&stages) {
                eprintln!("{name}: {:?}", samples.median());
            }
            0
        }
        other => panic!("unknown arm {other:?}: ours, bare or stages"),
    };
    eprintln!(
        "{arm} {} ops: {bytes} bytes in {:?}",
        case.operations,
        start.elapsed()
    );
}
