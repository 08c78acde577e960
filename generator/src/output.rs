//! Stage 6: write the generated files atomically, or check them against what is on disk.

use std::io::Write;
use std::path::Path;

use similar::TextDiff;

use crate::{Error, GeneratedFile};

/// The result of [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    /// Every file on disk matches.
    UpToDate,
    /// Some files differ; the unified diff (disk -> generated) of each.
    Stale(String),
}

/// Writes `files` under `out_dir` as one set: every file is first written to a temporary
/// file beside its target, and only when all are written are they renamed into place.
/// On any error the old files are untouched and the temporary files are removed.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> Result<(), Error> {
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        let target = out_dir.join(&file.path);
        let dir = target.parent().unwrap_or(out_dir);
        let io_error = |source| Error::Io { path: target.clone(), source };
        let mut temp = tempfile::Builder::new().prefix(".generated-").tempfile_in(dir).map_err(io_error)?;
        temp.write_all(file.contents.as_bytes()).map_err(io_error)?;
        temp.as_file().sync_all().map_err(io_error)?;
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        temp.persist(&target).map_err(|e| Error::Io { path: target.clone(), source: e.error })?;
    }
    Ok(())
}

/// Compares `files` with what is under `out_dir`, in memory.
pub fn check(out_dir: &Path, files: &[GeneratedFile]) -> Result<CheckOutcome, Error> {
    let mut diffs = String::new();
    for file in files {
        let target = out_dir.join(&file.path);
        let current = match std::fs::read_to_string(&target) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(Error::Io { path: target, source }),
        };
        if current != file.contents {
            let name = target.display().to_string();
            let diff = TextDiff::from_lines(&current, &file.contents);
            diffs.push_str(&diff.unified_diff().context_radius(3).header(&format!("{name} (checked in)"), &format!("{name} (generated)")).to_string());
        }
    }
    Ok(if diffs.is_empty() { CheckOutcome::UpToDate } else { CheckOutcome::Stale(diffs) })
}
