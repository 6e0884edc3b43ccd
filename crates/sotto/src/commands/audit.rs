//! `sotto audit`: a tenant's audit log, listed and verified. The operator acts as the tenant's
//! owner ([`Caller::operator`]).

use anyhow::Result;
use clap::Subcommand;
use sotto_app::team::access::Caller;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::TenantId;

use crate::common::{check_tenants, print_json};

/// Audit log commands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the chain of one tenant's log (every tenant's without `--tenant`); exits
    /// non-zero when an entry was edited, inserted or removed.
    Verify {
        /// Tenant id.
        #[arg(long)]
        tenant: Option<TenantId>,
    },
    /// Print a tenant's log.
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// Only entries after this sequence number.
        #[arg(long, default_value_t = 0)]
        after: i64,
        /// At most this many entries.
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
}

/// Runs an audit command; `verify` fails when any chain is broken.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: AuditCommand,
) -> Result<()> {
    match command {
        AuditCommand::List {
            tenant,
            after,
            limit,
        } => print_json(
            &sotto
                .audit_log(&Caller::operator(tenant), after, limit)
                .await?,
        ),
        AuditCommand::Verify { tenant } => {
            check_tenants(
                sotto,
                tenant,
                "the audit log",
                async |tenant| sotto.verify_audit(tenant).await,
                |check| check.problem.clone(),
            )
            .await
        }
    }
}
