//! The audit log: every read of conversation content, export, erasure, settings change, and
//! member or key change, with actor, action, object and time. Entries are chained per tenant by
//! an HMAC under a key derived from the master key; `sotto audit verify` recomputes the chain
//! and names the first entry that was edited, inserted or removed.

use serde::Serialize;
use sotto_core::access::Permission;
use sotto_core::{TenantId, UnixTime};
use sotto_store::{AuditDraft, AuditEntry, ConversationStore, MainStore};

use crate::team::access::{Actor, Caller};
use crate::{AppResult, Sotto};

/// The most entries one page of the log returns.
pub const MAX_PAGE: usize = 500;

/// One entry as owners read it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct AuditView {
    /// Position in the tenant's log, from 1.
    pub seq: i64,
    /// When.
    pub at: UnixTime,
    /// Who: `key:<id>`, `member:<id>`, `cli`, `visitor` or `system`.
    pub actor: String,
    /// What.
    pub action: String,
    /// Which object (an id).
    pub object: String,
    /// The entry's MAC, hex.
    pub mac: String,
}

/// The outcome of [`Sotto::verify_audit`].
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct AuditCheck {
    /// The tenant checked.
    pub tenant_id: TenantId,
    /// Entries read.
    pub entries: i64,
    /// The head recorded on the tenant.
    pub head: i64,
    /// Whether every entry is intact, in place, and the last is the head.
    pub intact: bool,
    /// The first broken entry's sequence number and what is wrong with it.
    pub problem: Option<String>,
    /// The last entry's MAC (hex): write it down elsewhere to detect a rollback later.
    pub head_mac: Option<String>,
}

/// The bytes an entry's MAC covers: every field, length-prefixed, then the previous MAC.
fn mac_input(tenant: TenantId, seq: i64, draft: &AuditDraft, previous: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    let tenant = tenant.to_string();
    let fields: [&[u8]; 5] = [
        tenant.as_bytes(),
        draft.actor.as_bytes(),
        draft.action.as_bytes(),
        draft.object.as_bytes(),
        previous,
    ];
    out.extend_from_slice(b"sotto/audit/v1");
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(&draft.at.to_be_bytes());
    for field in fields {
        out.extend_from_slice(&(field.len() as u64).to_be_bytes());
        out.extend_from_slice(field);
    }
    out
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Appends an entry to the tenant's audit log.
    pub(crate) async fn audit(
        &self,
        tenant: TenantId,
        actor: &Actor,
        action: &str,
        object: &str,
    ) -> AppResult<()> {
        let draft = AuditDraft {
            at: sotto_core::now(),
            actor: actor.audit_name(),
            action: action.to_owned(),
            object: object.to_owned(),
        };
        let master = self.keyring.master();
        let seal = |seq: i64, previous: &[u8]| {
            master
                .audit_mac(&mac_input(tenant, seq, &draft, previous))
                .map(|mac| mac.to_vec())
                .unwrap_or_default()
        };
        self.main.append_audit(tenant, &draft, &seal).await?;
        Ok(())
    }

    /// A page of the caller's tenant's audit log (owners only), after `after`.
    pub async fn audit_log(
        &self,
        caller: &Caller,
        after: i64,
        limit: usize,
    ) -> AppResult<Vec<AuditView>> {
        caller.require(Permission::ReadAudit)?;
        let entries = self
            .main
            .audit_entries(caller.tenant, after, limit.clamp(1, MAX_PAGE))
            .await?;
        Ok(entries.iter().map(view).collect())
    }

    /// Every tenant of the installation (whose logs `sotto audit verify` checks).
    pub async fn tenant_ids(&self) -> AppResult<Vec<TenantId>> {
        Ok(self.main.tenants().await?.iter().map(|t| t.id).collect())
    }

    /// [`Self::verify_audit`] of the caller's tenant, for its owners.
    pub async fn team_verify_audit(&self, caller: &Caller) -> AppResult<AuditCheck> {
        caller.require(Permission::ReadAudit)?;
        self.verify_audit(caller.tenant).await
    }

    /// Recomputes the tenant's chain from the first entry to the head.
    pub async fn verify_audit(&self, tenant: TenantId) -> AppResult<AuditCheck> {
        let head = self.main.audit_head(tenant).await?;
        let mut check = AuditCheck {
            tenant_id: tenant,
            entries: 0,
            head,
            intact: true,
            problem: None,
            head_mac: None,
        };
        let mut previous: Vec<u8> = Vec::new();
        let mut expected_seq = 1;
        'pages: loop {
            let entries = self
                .main
                .audit_entries(tenant, expected_seq - 1, MAX_PAGE)
                .await?;
            if entries.is_empty() {
                break;
            }
            for entry in &entries {
                if let Some(problem) = self.entry_problem(tenant, entry, expected_seq, &previous)? {
                    check.problem = Some(problem);
                    break 'pages;
                }
                check.entries += 1;
                expected_seq += 1;
                previous.clone_from(&entry.mac);
            }
        }
        if check.problem.is_none() && check.entries != head {
            check.problem = Some(format!(
                "the log ends at entry {} but its head says {head}: entries were removed",
                check.entries
            ));
        }
        check.intact = check.problem.is_none();
        check.head_mac = (!previous.is_empty()).then(|| hex::encode(&previous));
        Ok(check)
    }

    fn entry_problem(
        &self,
        tenant: TenantId,
        entry: &AuditEntry,
        expected_seq: i64,
        previous: &[u8],
    ) -> AppResult<Option<String>> {
        if entry.seq != expected_seq {
            return Ok(Some(format!(
                "entry {expected_seq} is missing (the next is {})",
                entry.seq
            )));
        }
        let input = mac_input(tenant, entry.seq, &entry.draft, previous);
        Ok(
            (!self.keyring.master().verify_audit_mac(&input, &entry.mac)?)
                .then(|| format!("entry {} was changed or forged", entry.seq)),
        )
    }
}

fn view(entry: &AuditEntry) -> AuditView {
    AuditView {
        seq: entry.seq,
        at: entry.draft.at,
        actor: entry.draft.actor.clone(),
        action: entry.draft.action.clone(),
        object: entry.draft.object.clone(),
        mac: hex::encode(&entry.mac),
    }
}
