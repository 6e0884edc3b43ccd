//! Job locks on SQLite: an exclusive advisory lock on a file beside the database, so that a
//! server and a CLI command on the same data directory never run the same job at once. The
//! operating system releases it when the process ends, however it ends.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use sotto_store::{Job, StoreError, StoreResult};

/// A held job lock: the locked file.
#[derive(Debug)]
pub struct JobLockFile {
    file: File,
}

impl JobLockFile {
    /// Locks `<database>.<job>.lock`; `None` when another holder has it.
    pub(crate) fn try_lock(database: &Path, job: Job) -> StoreResult<Option<Self>> {
        let mut name = database.as_os_str().to_owned();
        name.push(format!(".{}.lock", job.name()));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&name)
            .map_err(io_error)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self { file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(error)) => Err(io_error(error)),
        }
    }

    /// Releases the lock.
    pub(crate) fn unlock(self) -> StoreResult<()> {
        self.file.unlock().map_err(io_error)
    }
}

fn io_error(error: std::io::Error) -> StoreError {
    StoreError::Backend(format!("job lock file: {error}"))
}
