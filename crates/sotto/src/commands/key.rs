//! `sotto key`: a tenant's admin API keys. The operator acts as the tenant's owner
//! ([`Caller::operator`]).

use anyhow::{Context, Result};
use clap::Subcommand;
use sotto_app::team::access::Caller;
use sotto_app::team::members::NewKey;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::TenantId;
use sotto_core::access::TeamRole;

use super::member::team_role;
use crate::common::print_json;

/// Admin API key commands.
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Issue a key; prints its token once.
    Create {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// owner, admin, agent or viewer.
        #[arg(long, value_parser = team_role, default_value = "owner")]
        role: TeamRole,
        /// What the key is for.
        #[arg(long, default_value = "issued at the command line")]
        label: String,
    },
    /// List a tenant's keys (never their secrets).
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
    },
    /// Revoke a key at once.
    Revoke {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// The key id (the 12 hex digits after `sotto_`).
        #[arg(long = "key", required_unless_present = "legacy_key")]
        key: Option<String>,
        /// The key id as the previous release took it, positional (hidden; read as
        /// `--key` before the command runs).
        #[arg(hide = true, conflicts_with = "key")]
        legacy_key: Option<String>,
    },
}

/// Runs a key command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: KeyCommand,
) -> Result<()> {
    match command {
        KeyCommand::Create {
            tenant,
            role,
            label,
        } => print_json(
            &sotto
                .create_key(&Caller::operator(tenant), NewKey { label, role })
                .await?,
        ),
        KeyCommand::List { tenant } => print_json(&sotto.keys(&Caller::operator(tenant)).await?),
        KeyCommand::Revoke { tenant, key, .. } => {
            let key = key.context("give --key")?;
            print_json(&sotto.revoke_key(&Caller::operator(tenant), &key).await?)
        }
    }
}
