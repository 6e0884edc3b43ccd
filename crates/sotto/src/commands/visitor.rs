//! `sotto visitor`: the operator's channel for a visitor's rights: erasure (every conversation
//! on every site of the tenant, and their key) and export, each recorded in the register.

use anyhow::Result;
use clap::Subcommand;
use sotto_app::team::access::Actor;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::{TenantId, VisitorId};

use crate::common::{PageFormat, print_json};

/// Visitor commands.
#[derive(Debug, Subcommand)]
pub enum VisitorCommand {
    /// Erase a visitor's data now (crypto-shredding, then deletion); prints the receipt.
    Erase {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// The visitor's id (the UUID their browser keeps).
        #[arg(long)]
        visitor: VisitorId,
    },
    /// Print everything held on a visitor (conversations with their messages, requests); the
    /// export is recorded in the register.
    Export {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// The visitor's id (the UUID their browser keeps).
        #[arg(long)]
        visitor: VisitorId,
        /// json, or html for a page to hand over.
        #[arg(long, value_enum, default_value = "json")]
        format: PageFormat,
    },
}

/// Runs a visitor command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: VisitorCommand,
) -> Result<()> {
    match command {
        VisitorCommand::Erase { tenant, visitor } => print_json(
            &sotto
                .erase_tenant_visitor(tenant, &visitor, &Actor::Cli)
                .await?,
        ),
        VisitorCommand::Export {
            tenant,
            visitor,
            format,
        } => {
            let export = sotto
                .export_tenant_visitor(tenant, &visitor, &Actor::Cli)
                .await?;
            match format {
                PageFormat::Html => {
                    println!("{}", export.to_html());
                    Ok(())
                }
                PageFormat::Json => print_json(&export),
            }
        }
    }
}
