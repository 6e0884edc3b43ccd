//! `sotto backup`: consistent copies of an embedded installation's stores, the content
//! (`main.db`, `conversations.db`) and the key store (`keys.db`) into two different places, so
//! that each is kept on its own schedule. A copy of the content is unreadable, for whatever was
//! erased after it was taken, beside any key store copied after that erasure; key-store copies
//! must therefore be kept no longer than the month an erasure may take (the README says so).
//! The master key is never copied: it is the operator's to keep apart.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::setup::key_store::InstalledKeyStore;
use crate::{AppError, AppResult, SqliteSotto};

/// Where a backup wrote its files.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct BackupReport {
    /// The content's copies (`main.db`, `conversations.db`), when asked for.
    pub content: Vec<PathBuf>,
    /// The key store's copy (`keys.db`), when asked for.
    pub keys: Option<PathBuf>,
}

impl SqliteSotto {
    /// Copies the content into `content_dir` and the key store into `keys_dir` (either may be
    /// left out; the two may not be the same place). Each file is a consistent snapshot taken
    /// while the server runs on; none may exist yet.
    pub async fn backup(
        &self,
        content_dir: Option<&Path>,
        keys_dir: Option<&Path>,
    ) -> AppResult<BackupReport> {
        if content_dir.is_none() && keys_dir.is_none() {
            return Err(AppError::Invalid(
                "say where to: the content (--to), the key store (--keys-to), or both".into(),
            ));
        }
        if let (Some(content), Some(keys)) = (content_dir, keys_dir)
            && same_place(content, keys)?
        {
            return Err(AppError::Invalid(
                "the key store's copy must go somewhere else than the content's: kept together, an erasure would not reach the backups".into(),
            ));
        }
        let mut report = BackupReport {
            content: Vec::new(),
            keys: None,
        };
        if let Some(dir) = content_dir {
            let (main, conversations) = (dir.join("main.db"), dir.join("conversations.db"));
            prepare(dir)?;
            self.main.backup_into(&main).await?;
            self.conversations.backup_into(&conversations).await?;
            report.content = vec![main, conversations];
        }
        if let Some(dir) = keys_dir {
            let keys = dir.join("keys.db");
            prepare(dir)?;
            let InstalledKeyStore::Sqlite(store) = &self.keys else {
                return Err(AppError::Setup(
                    "an embedded installation keeps its keys in keys.db".into(),
                ));
            };
            store.backup_into(&keys).await?;
            report.keys = Some(keys);
        }
        Ok(report)
    }
}

/// Creates a backup directory (owner only) if it is missing.
fn prepare(dir: &Path) -> AppResult<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| AppError::Setup(format!("cannot create {}: {e}", dir.display())))
}

/// Whether two directories, existing or not, are the same place.
fn same_place(a: &Path, b: &Path) -> AppResult<bool> {
    let resolved = |path: &Path| -> AppResult<PathBuf> {
        let absolute = std::path::absolute(path)
            .map_err(|e| AppError::Invalid(format!("{}: {e}", path.display())))?;
        Ok(absolute.canonicalize().unwrap_or(absolute))
    };
    Ok(resolved(a)? == resolved(b)?)
}
