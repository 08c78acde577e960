//! `cargo run -p generator [-- --check] [--spec PATH] [--out DIR]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use generator::output::{self, CheckOutcome};
use generator::{DEFAULT_OUT, DEFAULT_SPEC};

/// Regenerates the dwolla-exchange-sessions client from the OpenAPI spec.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Compare the generated code with the checked-in files instead of writing; exit 1 with a
    /// unified diff when they differ.
    #[arg(long)]
    check: bool,
    /// The OpenAPI 3.0.x spec to read.
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// The client crate's directory (the generated file goes in its `src/`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let spec = cli.spec.unwrap_or_else(|| root.join(DEFAULT_SPEC));
    let out = cli.out.unwrap_or_else(|| root.join(DEFAULT_OUT));

    let result = generator::generate_client(&spec).and_then(|files| {
        if cli.check {
            output::check(&out, &files)
        } else {
            output::write(&out, &files).map(|()| CheckOutcome::UpToDate)
        }
    });
    match result {
        Ok(CheckOutcome::UpToDate) => {
            if cli.check {
                eprintln!("generated client is up to date with {}", spec.display());
            } else {
                eprintln!("wrote {}", out.join(generator::GENERATED_FILE).display());
            }
            ExitCode::SUCCESS
        }
        Ok(CheckOutcome::Stale(diff)) => {
            print!("{diff}");
            eprintln!("error: the checked-in client is stale — run `{}` and commit the result", generator::REGENERATE_COMMAND);
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// Defaults are relative to the workspace root, so the CLI works from any directory.
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}
