//! Stage 6: write the generated files atomically, or check them against what is on disk.

use std::io::Write;
use std::path::{Path, PathBuf};

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

fn io_error(path: &Path, action: &str) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    let action = action.to_string();
    move |source| Error::Io {
        path,
        action,
        source,
    }
}

/// Every directory the files go into must already exist: a typo in `--out` must not
/// silently create a new tree.
fn require_dirs(out_dir: &Path, files: &[GeneratedFile]) -> Result<(), Error> {
    let dirs = std::iter::once(out_dir.to_path_buf()).chain(
        files
            .iter()
            .filter_map(|f| out_dir.join(&f.path).parent().map(Path::to_path_buf)),
    );
    for dir in dirs {
        if !dir.is_dir() {
            return Err(Error::MissingDir(dir));
        }
    }
    Ok(())
}

/// Writes `files` under `out_dir` as one set: every file is first written to a temporary
/// file beside its target, and only when all are written are they renamed into place. If a
/// rename fails, the files already replaced get their old contents back. On any error the
/// old files are byte-identical and no temporary file is left. Unchanged files are not
/// touched. Returns the paths of the files it replaced or created.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, Error> {
    require_dirs(out_dir, files)?;
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        let target = out_dir.join(&file.path);
        let old = match std::fs::read(&target) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(io_error(&target, "cannot read the current file")(source)),
        };
        if old.as_deref() == Some(file.contents.as_bytes()) {
            continue;
        }
        let dir = target.parent().unwrap_or(out_dir);
        let mut temp = tempfile::Builder::new()
            .prefix(".generated-")
            .tempfile_in(dir)
            .map_err(io_error(dir, "cannot create a temporary file"))?;
        temp.write_all(file.contents.as_bytes())
            .map_err(io_error(temp.path(), "cannot write"))?;
        if let Some(permissions) = permissions(&target) {
            temp.as_file()
                .set_permissions(permissions)
                .map_err(io_error(temp.path(), "cannot set permissions on"))?;
        }
        temp.as_file()
            .sync_all()
            .map_err(io_error(temp.path(), "cannot write"))?;
        staged.push((temp, target, old));
    }
    // Temporary files not yet persisted are deleted when `staged` is dropped.
    let mut done: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    for (temp, target, old) in staged {
        if let Err(e) = temp.persist(&target) {
            roll_back(&done);
            return Err(io_error(&target, "cannot replace")(e.error));
        }
        done.push((target, old));
    }
    Ok(done.into_iter().map(|(target, _)| target).collect())
}

/// The mode the written file gets: the old file's, or on Unix an ordinary source file's.
/// Temporary files are created private (0600), which a source file must not end up with.
fn permissions(target: &Path) -> Option<std::fs::Permissions> {
    match std::fs::metadata(target) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(_) => default_permissions(),
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Puts back the files a failed [`write`] already replaced. Best effort: the original error
/// is the one reported.
fn roll_back(done: &[(PathBuf, Option<Vec<u8>>)]) {
    for (target, old) in done {
        let _ = match old {
            Some(bytes) => std::fs::write(target, bytes),
            None => std::fs::remove_file(target),
        };
    }
}

/// Compares `files` with what is under `out_dir`, in memory.
pub fn check(out_dir: &Path, files: &[GeneratedFile]) -> Result<CheckOutcome, Error> {
    require_dirs(out_dir, files)?;
    let mut diffs = String::new();
    for file in files {
        let target = out_dir.join(&file.path);
        let current = match std::fs::read_to_string(&target) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(io_error(&target, "cannot read")(source)),
        };
        if current != file.contents {
            let name = target.display().to_string();
            let diff = TextDiff::from_lines(&current, &file.contents);
            diffs.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("{name} (checked in)"),
                        &format!("{name} (generated)"),
                    )
                    .to_string(),
            );
        }
    }
    Ok(if diffs.is_empty() {
        CheckOutcome::UpToDate
    } else {
        CheckOutcome::Stale(diffs)
    })
}
