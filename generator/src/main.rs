//! `cargo run -p generator [-- --check] [--spec PATH] [--out DIR] [--operations ID,..] [--tags TAG,..] [--verbose]`
//! `cargo run -p generator -- --report-against REV_OR_FILE [--fail-on-breaking] [--spec PATH]`
//!
//! Exit codes: 0 success; 1 the spec is invalid, `--check` found stale output or
//! `--fail-on-breaking` found a breaking change; 2 usage or I/O errors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::Parser;
use generator::output::{self, CheckOutcome};
use generator::select::Selection;
use generator::{DEFAULT_OUT, DEFAULT_SPEC, Error, guard};

/// Regenerates the dwolla-exchange-sessions client from the OpenAPI spec.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Compare the generated code with the checked-in files instead of writing; exit 1 with a
    /// unified diff when they differ.
    #[arg(long)]
    check: bool,
    /// The OpenAPI 3.0.x or 3.1.x document to read.
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// Generate only these operations (by operationId), and what they reference.
    #[arg(long, value_name = "ID,..", value_delimiter = ',')]
    operations: Vec<String>,
    /// Generate only the operations with one of these tags, and what they reference.
    #[arg(long, value_name = "TAG,..", value_delimiter = ',')]
    tags: Vec<String>,
    /// The client crate's directory (the generated file goes in its `src/`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Instead of generating, print a Markdown report of what changed in the generated API
    /// since the spec at this git revision (e.g. `HEAD`, `origin/main`) or in this file.
    #[arg(long, value_name = "REV_OR_FILE", conflicts_with_all = ["check", "out"])]
    report_against: Option<String>,
    /// With `--report-against`: exit 1 when any change breaks the generated API.
    #[arg(long, requires = "report_against")]
    fail_on_breaking: bool,
    /// When progenitor crashes, also print its panic message and backtrace.
    #[arg(long, short)]
    verbose: bool,
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const NOTE: Style = AnsiColor::Cyan.on_default().bold();

fn main() -> ExitCode {
    let cli = Cli::parse();
    guard::capture_backtraces(cli.verbose);
    // Anything that still panics is a generator bug; report it without the default hook's text.
    match guard::catch(|| run(&cli)) {
        Ok(code) => code,
        Err(panic) => {
            let mut stderr = anstream::stderr();
            let _ = writeln!(
                stderr,
                "{ERROR}error:{ERROR:#} the generator crashed; this is a bug — rerun with --verbose and report it"
            );
            if cli.verbose {
                let _ = writeln!(stderr, "{NOTE}note:{NOTE:#} {panic}");
            }
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli) -> ExitCode {
    let root = workspace_root();
    let spec = cli
        .spec
        .clone()
        .unwrap_or_else(|| relative_to_cwd(&root.join(DEFAULT_SPEC)));
    let out = cli
        .out
        .clone()
        .unwrap_or_else(|| relative_to_cwd(&root.join(DEFAULT_OUT)));
    let mut stderr = anstream::stderr();

    let selection = Selection {
        operations: cli.operations.clone(),
        tags: cli.tags.clone(),
    };
    if let Some(baseline) = &cli.report_against {
        return run_report(cli, &spec, baseline, &selection);
    }
    let result =
        generator::generate_with_warnings(&spec, &selection).and_then(|(files, warnings)| {
            for warning in &warnings {
                let _ = writeln!(stderr, "{warning}");
            }
            if cli.check {
                Ok((Vec::new(), output::check(&out, &files)?))
            } else {
                Ok((output::write(&out, &files)?, CheckOutcome::UpToDate))
            }
        });
    match result {
        Ok((written, CheckOutcome::UpToDate)) => {
            if cli.check {
                let _ = writeln!(
                    stderr,
                    "generated client is up to date with {}",
                    spec.display()
                );
            } else if written.is_empty() {
                let _ = writeln!(
                    stderr,
                    "generated client already up to date in {}",
                    out.display()
                );
            } else {
                for path in &written {
                    let _ = writeln!(stderr, "wrote {}", path.display());
                }
            }
            ExitCode::SUCCESS
        }
        Ok((_, CheckOutcome::Stale(diff))) => {
            print_diff(&diff);
            let _ = writeln!(
                stderr,
                "{ERROR}error:{ERROR:#} the checked-in client is stale — run `{}` and commit the result",
                generator::REGENERATE_COMMAND
            );
            let _ = writeln!(
                stderr,
                "{NOTE}note:{NOTE:#} `{} -- --report-against HEAD` says what the spec edit does to the crate's API",
                generator::REGENERATE_COMMAND
            );
            ExitCode::from(1)
        }
        Err(error) => {
            report(&error, cli.verbose);
            ExitCode::from(error.exit_code())
        }
    }
}

/// The report goes to stdout; `--fail-on-breaking` turns a breaking verdict into exit 1.
fn run_report(cli: &Cli, spec: &Path, baseline: &str, selection: &Selection) -> ExitCode {
    match generator::report::against(spec, baseline, selection) {
        Ok(report) => {
            let _ = write!(anstream::stdout(), "{}", report.markdown());
            if cli.fail_on_breaking && report.verdict() == generator::report::Verdict::Breaking {
                let _ = writeln!(
                    anstream::stderr(),
                    "{ERROR}error:{ERROR:#} the spec edit breaks the generated API (--fail-on-breaking)"
                );
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            report(&error, cli.verbose);
            ExitCode::from(error.exit_code())
        }
    }
}

fn report(error: &Error, verbose: bool) {
    let mut stderr = anstream::stderr();
    for line in error.to_string().lines() {
        let _ = match line.strip_prefix("error:") {
            Some(rest) => writeln!(stderr, "{ERROR}error:{ERROR:#}{rest}"),
            None => writeln!(stderr, "{line}"),
        };
    }
    if let Some(panic) = error.panic()
        && verbose
    {
        let _ = writeln!(stderr, "{NOTE}note:{NOTE:#} progenitor {panic}");
    }
}

/// The diff goes to stdout (it is the command's output); colors only on a terminal.
fn print_diff(diff: &str) {
    let mut stdout = anstream::stdout();
    for line in diff.lines() {
        let style = match line.as_bytes().first() {
            Some(b'+') if !line.starts_with("+++") => AnsiColor::Green.on_default(),
            Some(b'-') if !line.starts_with("---") => AnsiColor::Red.on_default(),
            Some(b'@') => AnsiColor::Cyan.on_default(),
            _ => Style::new(),
        };
        let _ = writeln!(stdout, "{style}{line}{style:#}");
    }
}

/// Defaults are relative to the workspace root, so the CLI works from any directory.
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Messages show paths relative to the current directory when they are below it.
fn relative_to_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}
