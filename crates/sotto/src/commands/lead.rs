//! `sotto lead`: the e-mail addresses visitors left with a tenant (each read audited), and
//! erasure of everyone who left one address.

use anyhow::Result;
use clap::Subcommand;
use sotto_app::team::access::Actor;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::{SiteId, TenantId};

use crate::common::print_json;

/// Lead commands.
#[derive(Debug, Subcommand)]
pub enum LeadCommand {
    /// Print the addresses visitors left, most recent first, with their purpose, consents and
    /// conversation (each read is written to the audit log).
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// Only this site's.
        #[arg(long)]
        site: Option<SiteId>,
    },
    /// Erase everyone who left this address (found through its blind index): each such
    /// visitor whole, and every lead with the address; prints the receipt.
    Erase {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// The e-mail address.
        #[arg(long)]
        email: String,
    },
}

/// Runs a lead command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: LeadCommand,
) -> Result<()> {
    match command {
        LeadCommand::List { tenant, site } => {
            print_json(&sotto.leads(tenant, site.as_ref(), &Actor::Cli).await?)
        }
        LeadCommand::Erase { tenant, email } => {
            print_json(&sotto.erase_email(tenant, &email, &Actor::Cli).await?)
        }
    }
}
