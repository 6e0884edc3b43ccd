//! `sotto conversation erase`: one conversation erased now, with its receipt.

use anyhow::Result;
use clap::Subcommand;
use sotto_app::team::access::Actor;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::{ConversationId, TenantId};

use crate::common::print_json;

/// Conversation commands.
#[derive(Debug, Subcommand)]
pub enum ConversationCommand {
    /// Erase one conversation now; prints the receipt.
    Erase {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// Conversation id.
        #[arg(long)]
        conversation: ConversationId,
    },
}

/// Runs a conversation command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: ConversationCommand,
) -> Result<()> {
    let ConversationCommand::Erase {
        tenant,
        conversation,
    } = command;
    print_json(
        &sotto
            .erase_tenant_conversation(tenant, conversation, &Actor::Cli)
            .await?,
    )
}
