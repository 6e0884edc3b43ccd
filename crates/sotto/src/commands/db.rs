//! `sotto db copy`: an SQLite installation copied into two empty PostgreSQL databases, as
//! stored (nothing is decrypted). Runs before any store is opened.

use anyhow::{Context, Result};
use clap::Subcommand;

use crate::common::print_json;

/// Database commands.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Copy an SQLite installation into two empty PostgreSQL databases, as stored: nothing is
    /// decrypted. Nodes on the target need the same master key.
    Copy {
        /// Source: `sqlite:DIR`, the data directory of the installation.
        #[arg(long)]
        from: String,
        /// PostgreSQL URL of the target main store.
        #[arg(long)]
        to: String,
        /// PostgreSQL URL of the target conversation store.
        #[arg(long)]
        to_conversations: String,
    },
}

/// Runs a database command.
pub async fn run(command: &DbCommand) -> Result<()> {
    let DbCommand::Copy {
        from,
        to,
        to_conversations,
    } = command;
    let source = from
        .strip_prefix("sqlite:")
        .context("--from must be sqlite:DIR, the data directory to copy")?;
    let report = sotto_app::setup::db_copy::copy_sqlite_to_postgres(
        std::path::Path::new(source),
        to,
        to_conversations,
    )
    .await?;
    print_json(&report)?;
    eprintln!(
        "Copied. Nodes on the target need this installation's master key: copy {source}/master.key or set SOTTO_MASTER_KEY."
    );
    Ok(())
}
