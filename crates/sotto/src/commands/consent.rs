//! `sotto consent`: the consent ledger's hash chain verified, a visitor's proof exported, and a
//! proof checked on its own.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Subcommand;
use sotto_app::consent::ledger::{ConsentProof, check_consent_proof};
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::{TenantId, VisitorId};

use crate::common::{check_tenants, print_json, read_json};

/// Consent ledger commands.
#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Recompute the consent ledger of one tenant (every tenant's without `--tenant`); exits
    /// non-zero when an event was edited, inserted or removed.
    Verify {
        /// Tenant id.
        #[arg(long)]
        tenant: Option<TenantId>,
    },
    /// Print a visitor's consent proof as JSON: their events, the hash chain through them and
    /// the questions they were shown.
    Proof {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// The visitor's id (the UUID their browser keeps).
        #[arg(long)]
        visitor: VisitorId,
    },
    /// Check a consent proof (a JSON file, or `-` for stdin) on its own, with no store and no
    /// key; exits non-zero when it does not hold.
    CheckProof {
        /// The proof.
        proof: PathBuf,
    },
}

/// `sotto consent check-proof`: needs no configuration and touches no store.
pub fn check_proof(path: &Path) -> Result<()> {
    let proof: ConsentProof = read_json(path, "a Sotto consent proof")?;
    let check = check_consent_proof(&proof);
    print_json(&check)?;
    anyhow::ensure!(
        check.valid,
        "the consent proof does not hold: {}",
        check.problem.unwrap_or_default()
    );
    Ok(())
}

/// Runs a consent command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: ConsentCommand,
) -> Result<()> {
    match command {
        ConsentCommand::Verify { tenant } => {
            check_tenants(
                sotto,
                tenant,
                "the consent ledger",
                async |tenant| sotto.verify_consents(tenant).await,
                |check| check.problem.clone(),
            )
            .await
        }
        ConsentCommand::Proof { tenant, visitor } => {
            print_json(&sotto.consent_proof(tenant, &visitor).await?)
        }
        ConsentCommand::CheckProof { proof } => check_proof(&proof),
    }
}
