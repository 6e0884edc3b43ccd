//! `sotto tenant`: tenants created and closed, and the two settings documents kept per tenant
//! (personal-data settings, privacy profile), printed or replaced from a JSON file.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use sotto_app::team::access::Actor;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::TenantId;

use crate::common::{print_json, read_json};

/// Tenant commands.
#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant; prints its id and a first admin API key as JSON.
    Create {
        /// The business's name.
        #[arg(long)]
        name: String,
    },
    /// Print a tenant's personal-data settings, or replace them with a JSON file
    /// (`{"policy":{"actions":{"PHONE":"mask"}},"patterns":[{"label","pattern"}],"terms":[…]}`).
    Pii {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// The new settings.
        #[arg(long, value_name = "FILE")]
        set: Option<PathBuf>,
    },
    /// Print a tenant's privacy profile (what the notice says about the controller), or
    /// replace it with a JSON file
    /// (`{"controller_name","address","contact_email","dpo_email"}`, each optional).
    Privacy {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// The new profile.
        #[arg(long, value_name = "FILE")]
        set: Option<PathBuf>,
    },
    /// Close the tenant's account: its key first, then its conversations, visitors, sites,
    /// search indexes, knowledge and API keys; prints the receipt. Irreversible.
    Close {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
    },
}

/// Runs a tenant command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: TenantCommand,
) -> Result<()> {
    match command {
        TenantCommand::Create { name } => print_json(&sotto.create_tenant(&name).await?),
        TenantCommand::Pii { tenant, set: None } => print_json(&sotto.pii_settings(tenant).await?),
        TenantCommand::Pii {
            tenant,
            set: Some(file),
        } => {
            let settings = read_json(&file, "valid personal-data settings")?;
            print_json(
                &sotto
                    .set_pii_settings(tenant, settings, &Actor::Cli)
                    .await?,
            )
        }
        TenantCommand::Privacy { tenant, set: None } => {
            print_json(&sotto.privacy_profile(tenant).await?)
        }
        TenantCommand::Privacy {
            tenant,
            set: Some(file),
        } => {
            let profile = read_json(&file, "a privacy profile")?;
            print_json(
                &sotto
                    .set_privacy_profile(tenant, profile, &Actor::Cli)
                    .await?,
            )
        }
        TenantCommand::Close { tenant } => {
            print_json(&sotto.close_tenant(tenant, &Actor::Cli).await?)
        }
    }
}
