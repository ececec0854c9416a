//! The two small files beside the database that keep its history honest (see
//! ARCHITECTURE.md, "Epochs"):
//!
//! - `wijkgids.lock`: held (an exclusive advisory lock) by a serving server and by
//!   `restore`, so the file is never replaced under a running server.
//! - `wijkgids.restore.lock`: held exclusively by `restore`, and shared by every
//!   other command that opens the database (`user`, `import`, `backup`, ...), so
//!   none of them writes to a file `restore` is about to replace.
//! - `wijkgids.history`: the cursor (`epoch.seq`) of the last change this folder's
//!   server handed out. A database that comes back with that epoch but ends before
//!   that change was rolled back (a copy put back by hand, a snapshot), and gets a
//!   new epoch at open.

use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use wijkgids_core::sync::Cursor;

use super::StoreError;

/// An exclusive lock on the data folder of the database at `database`, held until
/// dropped (or the process ends).
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

impl DataLock {
    /// Takes the lock, or says who holds it.
    pub fn take(database: &Path) -> Result<DataLock, StoreError> {
        let file = lock_file(database, "lock", File::try_lock, || StoreError::InUse {
            path: database.display().to_string(),
        })?;
        Ok(DataLock { _file: file })
    }
}

/// The lock `restore` holds exclusively and other commands share, held until
/// dropped (or the process ends).
#[derive(Debug)]
pub struct RestoreLock {
    _file: File,
}

impl RestoreLock {
    /// For `restore`: refused while another command uses the database.
    pub fn exclusive(database: &Path) -> Result<RestoreLock, StoreError> {
        let file = lock_file(database, "restore.lock", File::try_lock, || {
            StoreError::CommandRunning {
                path: database.display().to_string(),
            }
        })?;
        Ok(RestoreLock { _file: file })
    }

    /// For a command beside a server: refused while `restore` runs.
    pub fn shared(database: &Path) -> Result<RestoreLock, StoreError> {
        let file = lock_file(database, "restore.lock", File::try_lock_shared, || {
            StoreError::Restoring {
                path: database.display().to_string(),
            }
        })?;
        Ok(RestoreLock { _file: file })
    }
}

/// Opens the file with `extension` beside `database` and locks it with `try_lock`;
/// `held` is the error when another process holds it.
fn lock_file(
    database: &Path,
    extension: &str,
    try_lock: fn(&File) -> Result<(), TryLockError>,
    held: impl FnOnce() -> StoreError,
) -> Result<File, StoreError> {
    let path = database.with_extension(extension);
    let error = |source| StoreError::DataDir {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(error)?;
    match try_lock(&file) {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(held()),
        Err(TryLockError::Error(source)) => Err(error(source)),
    }
}

/// Where the server notes the last change it handed out.
pub(crate) fn history_path(database: &Path) -> PathBuf {
    database.with_extension("history")
}

/// The last change noted for this folder; `None` if never noted or unreadable.
pub(crate) fn read_history(database: &Path) -> Option<Cursor> {
    let path = history_path(database);
    let text = std::fs::read_to_string(&path).ok()?;
    let cursor = text.trim().parse().ok();
    if cursor.is_none() {
        tracing::warn!("{} cannot be read; ignored", path.display());
    }
    cursor
}

/// Notes `cursor` (write a temporary file, then rename it over the old one, so a
/// reader never sees half of it). Not synced to disk: after a power cut the file
/// may hold an older change, which only makes the rollback check less sharp, never
/// wrong. A failure is logged, not returned: the change itself is committed.
pub(crate) fn note_history(database: &Path, cursor: &Cursor) {
    let path = history_path(database);
    let temp = path.with_extension(format!("history.{}", std::process::id()));
    let written = File::create(&temp)
        .and_then(|mut file| writeln!(file, "{cursor}"))
        .and_then(|()| std::fs::rename(&temp, &path));
    if let Err(err) = written {
        tracing::warn!("cannot note the last change in {}: {err}", path.display());
        let _ = std::fs::remove_file(&temp);
    }
}
