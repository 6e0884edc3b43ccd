//! `sotto db copy`: an SQLite installation copied into empty PostgreSQL databases, as stored
//! (nothing is decrypted). Runs before any store is opened.

use anyhow::{Context, Result};
use clap::Subcommand;

use crate::common::print_json;

/// Database commands.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Copy an SQLite installation into empty PostgreSQL databases, as stored: nothing is
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
        /// PostgreSQL URL of the target key store (the conversation store's when not given).
        #[arg(long)]
        to_keys: Option<String>,
    },
}

/// Runs a database command.
pub async fn run(command: &DbCommand) -> Result<()> {
    let DbCommand::Copy {
        from,
        to,
        to_conversations,
        to_keys,
    } = command;
    let source = from
        .strip_prefix("sqlite:")
        .context("--from must be sqlite:DIR, the data directory to copy")?;
    let urls = sotto_app::PgUrls {
        main: to,
        conversations: to_conversations,
        keys: to_keys.as_deref().unwrap_or(to_conversations),
    };
    let report =
        sotto_app::setup::db_copy::copy_sqlite_to_postgres(std::path::Path::new(source), urls)
            .await?;
    print_json(&report)?;
    eprintln!(
        "Copied. Nodes on the target need this installation's master key: copy {source}/master.key or set SOTTO_MASTER_KEY."
    );
    Ok(())
}
