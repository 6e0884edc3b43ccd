//! What an installation is made of: its configuration, data directory and master key, the
//! tenant keys held in memory, the mail relay, the demo, and moving between backends.
//!
//! - [`config`]: `sotto.toml` + `SOTTO_*` environment + command-line overrides.
//! - [`data_dir`]: the data directory, its database files and the master key file.
//! - [`keyring`]: tenant keys unwrapped once and kept in memory (zeroized on drop).
//! - [`key_store`]: the store of conversation keys the installation runs on.
//! - [`mail`]: the SMTP relay (`[smtp]`) that sends what visitors ask for.
//! - [`demo`]: the demo tenant, site and website shipped in the binary.
//! - [`backup`]: consistent copies of the SQLite stores, the keys apart from the content.
//! - [`db_copy`]: moving an installation between backends without decrypting anything.
//! - [`migration`]: PostgreSQL migrations applied by the tables' owner role.

pub mod backup;
pub mod config;
pub mod data_dir;
pub mod db_copy;
pub mod demo;
pub mod key_store;
pub mod keyring;
pub mod mail;
pub mod migration;
