//! The change report: what a spec edit does to the generated crate's public API, in Rust
//! terms (`cargo run -p generator -- --report-against REV_OR_FILE`).
//!
//! Both documents go through [`crate::load`], [`crate::select`] and [`crate::model`]; the API
//! each would generate is read off the model and the document progenitor sees, and the two
//! are compared item by item. Every change is classified by a row of [`rules::RULES`].

pub mod rules;

mod diff;
mod surface;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use rules::{RULES, Rule, RuleId, Verdict};

use crate::load::{self, Loaded};
use crate::select::{self, Selection};
use crate::{Error, guard, model};

/// One change to the generated API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The rule that classifies it.
    pub rule: RuleId,
    /// The generated item it touches, such as `types::ExchangeSession::created`.
    pub item: String,
    /// What changed, in a sentence.
    pub detail: String,
}

impl Change {
    /// The verdict of its rule.
    pub fn verdict(&self) -> Verdict {
        self.rule.rule().verdict
    }
}

/// Every change between two documents' generated APIs.
#[derive(Debug, Clone)]
pub struct Report {
    /// How the report names the current document.
    pub spec: String,
    /// How it names the document compared against.
    pub baseline: String,
    /// The changes: operations in document order, then types by name.
    pub changes: Vec<Change>,
}

impl Report {
    /// The strongest verdict of any change; [`Verdict::None`] when nothing changed.
    pub fn verdict(&self) -> Verdict {
        self.changes
            .iter()
            .map(Change::verdict)
            .max()
            .unwrap_or(Verdict::None)
    }

    /// How many changes have `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.changes
            .iter()
            .filter(|c| c.verdict() == verdict)
            .count()
    }

    /// The report as Markdown: the verdict, then the changes grouped by verdict.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# API change report\n");
        let _ = writeln!(out, "`{}` compared with `{}`.\n", self.spec, self.baseline);
        let counts = format!(
            "{} breaking, {} additive, {} without API change",
            self.count(Verdict::Breaking),
            self.count(Verdict::Additive),
            self.count(Verdict::None)
        );
        let advice = match self.verdict() {
            Verdict::Breaking => {
                "Code that uses the crate may stop compiling, or fail where it worked: release it as a new major version (a new minor one while the version is 0.x)."
            }
            Verdict::Additive => {
                "Existing code keeps compiling and working: release it as a new minor version."
            }
            Verdict::None if self.changes.is_empty() => "The generated API does not change.",
            Verdict::None => "The generated API does not change; only what goes on the wire does.",
        };
        let _ = writeln!(
            out,
            "**Verdict: {}** ({counts}). {advice}",
            self.verdict().label()
        );
        for (verdict, title) in [
            (Verdict::Breaking, "Breaking"),
            (Verdict::Additive, "Additive"),
            (Verdict::None, "No API change"),
        ] {
            let changes: Vec<&Change> = self
                .changes
                .iter()
                .filter(|c| c.verdict() == verdict)
                .collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n## {title}\n");
            for change in changes {
                let _ = writeln!(
                    out,
                    "- `{}`: {} (`{}`)",
                    change.item,
                    change.detail,
                    change.rule.rule().name
                );
            }
        }
        out
    }
}

/// Compares the generated API of `after` with that of `before`.
pub fn compare(before: &Loaded, after: &Loaded) -> Result<Report, Error> {
    let read = |loaded: &Loaded| {
        guard::catch(|| {
            let model = model::build(&loaded.spec);
            surface::read(&loaded.spec, &model)
        })
        .map_err(|panic| Error::Generate {
            diagnostic: Box::new(loaded.diagnostic(
                "",
                "the generator crashed while reading the operations for the report",
                "this is a generator bug; rerun with --verbose and report it",
            )),
            panic: Some(Box::new(panic)),
        })
    };
    let (old, new) = (read(before)?, read(after)?);
    Ok(Report {
        spec: after.path.display().to_string(),
        baseline: before.path.display().to_string(),
        changes: diff::diff(&old, &new),
    })
}

/// The report of the spec at `spec` against `rev_or_file`: a file when one exists at that
/// path, else a git revision whose copy of `spec` is read with `git show`. Both documents
/// are cut to `selection` first.
pub fn against(spec: &Path, rev_or_file: &str, selection: &Selection) -> Result<Report, Error> {
    let after = select::select(load::load(spec)?, selection)?;
    let before = select::select(baseline(spec, rev_or_file)?, selection)?;
    compare(&before, &after)
}

/// Loads the document to compare against: the file `rev_or_file`, or `spec` as it is at the
/// git revision `rev_or_file`.
pub fn baseline(spec: &Path, rev_or_file: &str) -> Result<Loaded, Error> {
    let file = Path::new(rev_or_file);
    if file.is_file() {
        return load::load(file);
    }
    let dir = spec
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `REV:./name` is resolved against `-C dir`, so the spec may sit anywhere in the work tree.
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("show")
        .arg(format!("{rev_or_file}:./{name}"))
        .output();
    let fail = |source: std::io::Error| Error::Io {
        path: PathBuf::from(rev_or_file),
        action: format!("not a file, nor a git revision that has {}", spec.display()),
        source,
    };
    let output = output.map_err(fail)?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said
            .lines()
            .next()
            .unwrap_or("git show failed")
            .trim_start_matches("fatal: ")
            .to_string();
        return Err(fail(std::io::Error::other(said)));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    load::load_str(
        &text,
        Path::new(&format!("{rev_or_file}:{}", spec.display())),
    )
}
