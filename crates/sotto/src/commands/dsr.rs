//! `sotto dsr`: the register of data subject requests, and erasure receipts checked.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use sotto_app::rights::erasure::Receipt;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::TenantId;

use crate::common::{print_json, read_json};

/// Data subject request commands.
#[derive(Debug, Subcommand)]
pub enum DsrCommand {
    /// Print a tenant's request register (open, overdue and completed requests).
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
    },
    /// Print a tenant's counts of requests from visitors who held nothing (answered from the
    /// widget, counted per site, day and kind, not registered one by one).
    Unrecorded {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
    },
    /// Check an erasure receipt (a JSON file, or `-` for stdin): that this installation issued
    /// it unchanged, and that the register holds the completed request. Exits non-zero when
    /// either check fails.
    Verify {
        /// The receipt.
        receipt: PathBuf,
    },
}

/// Runs a request register command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: DsrCommand,
) -> Result<()> {
    match command {
        DsrCommand::List { tenant } => {
            print_json(&sotto.request_register(tenant, sotto_core::now()).await?)
        }
        DsrCommand::Unrecorded { tenant } => print_json(&sotto.unrecorded_requests(tenant).await?),
        DsrCommand::Verify { receipt } => {
            let receipt: Receipt = read_json(&receipt, "a Sotto erasure receipt")?;
            let check = sotto.verify_receipt(&receipt).await?;
            print_json(&check)?;
            anyhow::ensure!(
                check.is_valid(),
                "the receipt does not verify (authentic: {}, registered: {})",
                check.authentic,
                check.registered
            );
            Ok(())
        }
    }
}
