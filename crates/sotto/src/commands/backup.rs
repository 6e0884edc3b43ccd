//! `sotto backup --to DIR --keys-to DIR`: consistent copies of the embedded installation's
//! content and, somewhere else, of its key store, taken while the server runs on. PostgreSQL
//! installations back up each database with the database's own tools (README, "Backups").

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use sotto_app::SqliteSotto;

use crate::common::print_json;

/// Where `sotto backup` writes.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Directory for the content's copy (`main.db`, `conversations.db`).
    #[arg(long)]
    pub to: Option<PathBuf>,
    /// Directory for the key store's copy (`keys.db`); not the content's. Keep these copies
    /// no longer than a month, so that every erasure reaches every backup.
    #[arg(long)]
    pub keys_to: Option<PathBuf>,
}

/// Writes the copies and prints where they are.
pub async fn run(sotto: &SqliteSotto, args: &BackupArgs) -> Result<()> {
    let report = sotto
        .backup(args.to.as_deref(), args.keys_to.as_deref())
        .await?;
    print_json(&report)
}
