//! The data directory: `main.db`, `conversations.db`, `keys.db`, `index/` and `master.key`. Created on first
//! start with owner-only permissions; a key file readable by others is refused, as ssh refuses
//! a private key with loose permissions.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use sotto_crypto::MasterKey;

use crate::AppError;

/// Environment variable that carries the master key (hex) instead of the key file, e.g. when
/// several nodes share one key from a secret manager.
pub const MASTER_KEY_ENV: &str = "SOTTO_MASTER_KEY";

/// Paths inside a prepared data directory.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// Creates the directory (mode 0700) and the index folder when missing.
    pub fn prepare(root: &Path) -> Result<Self, AppError> {
        let setup = |e: std::io::Error| {
            AppError::Setup(format!(
                "cannot prepare data directory {}: {e}",
                root.display()
            ))
        };
        if !root.exists() {
            std::fs::create_dir_all(root).map_err(setup)?;
        }
        // Only Sotto's user may enter it, whoever made it and whatever the umask was.
        let mode = std::fs::metadata(root).map_err(setup)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(root, std::fs::Permissions::from_mode(mode & 0o700))
                .map_err(setup)?;
        }
        std::fs::create_dir_all(root.join("index")).map_err(setup)?;
        Ok(Self {
            root: root.to_owned(),
        })
    }

    /// The directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }
    /// The main store's database.
    pub fn main_db(&self) -> PathBuf {
        self.root.join("main.db")
    }
    /// The conversation store's database.
    pub fn conversations_db(&self) -> PathBuf {
        self.root.join("conversations.db")
    }
    /// The key store's database: apart from `conversations.db`, so that it is backed up on its
    /// own schedule.
    pub fn keys_db(&self) -> PathBuf {
        self.root.join("keys.db")
    }
    /// Root of the per-site search indexes.
    pub fn index_dir(&self) -> PathBuf {
        self.root.join("index")
    }
    /// The master key file.
    pub fn master_key_file(&self) -> PathBuf {
        self.root.join("master.key")
    }

    /// The master key: from `SOTTO_MASTER_KEY` when set, else from the key file, which is
    /// created (mode 0600) with a fresh random key on first start.
    pub fn master_key(&self) -> Result<MasterKey, AppError> {
        if let Ok(value) = std::env::var(MASTER_KEY_ENV) {
            let value = zeroize::Zeroizing::new(value);
            return MasterKey::from_hex(&value).map_err(|_| {
                AppError::Setup(format!("{MASTER_KEY_ENV} must be 64 hexadecimal digits"))
            });
        }
        let path = self.master_key_file();
        if path.exists() {
            let mode = std::fs::metadata(&path)
                .map_err(|e| AppError::Setup(format!("cannot read {}: {e}", path.display())))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(AppError::Setup(format!(
                    "{} is readable by other users (mode {:o}); run chmod 600 on it",
                    path.display(),
                    mode & 0o777
                )));
            }
            let text =
                zeroize::Zeroizing::new(std::fs::read_to_string(&path).map_err(|e| {
                    AppError::Setup(format!("cannot read {}: {e}", path.display()))
                })?);
            return MasterKey::from_hex(&text).map_err(|_| {
                AppError::Setup(format!("{} does not hold a valid key", path.display()))
            });
        }
        let key = MasterKey::generate()?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| AppError::Setup(format!("cannot create {}: {e}", path.display())))?;
        file.write_all(key.to_hex_zeroizing().as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| AppError::Setup(format!("cannot write {}: {e}", path.display())))?;
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_start_creates_an_owner_only_key_that_is_reused() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::prepare(&dir.path().join("data")).unwrap();
        assert!(data.index_dir().is_dir());
        assert_eq!(
            std::fs::metadata(data.root()).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let first = data.master_key().unwrap();
        let mode = std::fs::metadata(data.master_key_file())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let again = data.master_key().unwrap();
        assert_eq!(*first.to_hex_zeroizing(), *again.to_hex_zeroizing());
    }

    #[test]
    fn an_existing_directory_open_to_others_is_closed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("made-by-the-operator");
        std::fs::create_dir(&root).unwrap();
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
        DataDir::prepare(&root).unwrap();
        assert_eq!(
            std::fs::metadata(&root).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }

    #[test]
    fn loose_permissions_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::prepare(dir.path()).unwrap();
        data.master_key().unwrap();
        std::fs::set_permissions(
            data.master_key_file(),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        let error = data.master_key().unwrap_err().to_string();
        assert!(error.contains("chmod 600"), "{error}");
    }
}
