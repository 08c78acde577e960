//! `bare-corpus DOC...`: what bare progenitor-impl makes of each document, with the
//! generator's settings (`generator::types::settings()`): the document parsed as
//! progenitor's users parse it (`serde_yaml` into `openapiv3::OpenAPI`), then
//! `Generator::generate_tokens`, with its panics caught. One Markdown table row per
//! document: `| name | outcome |`, for the corpus table in `tests/corpus/real/README.md`.
#![forbid(unsafe_code)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Instant;

use progenitor_impl::Generator;

fn main() {
    // progenitor's panics are outcomes here, not crashes: keep their messages off stderr.
    std::panic::set_hook(Box::new(|_| {}));
    for path in std::env::args_os().skip(1).map(PathBuf::from) {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("| `{name}` | {} |", outcome(&path));
    }
}

fn outcome(path: &std::path::Path) -> String {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => return format!("unreadable: {error}"),
    };
    let spec: openapiv3::OpenAPI = match serde_yaml::from_str(&text) {
        Ok(spec) => spec,
        Err(error) => {
            return format!(
                "refused: the document does not parse as OpenAPI 3.0 ({})",
                first_line(&error.to_string())
            );
        }
    };
    let settings = generator::types::settings();
    let start = Instant::now();
    match catch_unwind(AssertUnwindSafe(|| {
        Generator::new(&settings).generate_tokens(&spec)
    })) {
        Ok(Ok(_)) => format!("generates ({} ms)", start.elapsed().as_millis()),
        Ok(Err(error)) => format!("refused: {}", first_line(&error.to_string())),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            format!("panics: {}", first_line(message))
        }
    }
}

/// The first line of `text`, at most 120 characters, with `|` escaped for a table cell.
fn first_line(text: &str) -> String {
    let line: String = text
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(120)
        .collect();
    line.replace('|', "\\|")
}
