//! The register of data subject requests as the tenant's team sees it: every request with its
//! channel, due date and status, and which are overdue. It shows no pseudonym: a request is
//! known by its id, which is also its receipt's.

use serde::Serialize;
use sotto_core::dsr::{Channel, RequestKind, RequestStatus};
use sotto_core::{RequestId, TenantId, UnixTime};
use sotto_store::{ConversationStore, MainStore, RequestRecord};

use crate::rights::erasure::ErasedCounts;
use crate::{AppResult, Sotto};

/// One request of the register.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RequestView {
    /// Identifier.
    pub id: RequestId,
    /// What was asked.
    pub kind: RequestKind,
    /// `visitor`, `conversation` or `tenant`.
    pub scope: &'static str,
    /// Where it came from.
    pub channel: Channel,
    /// Where it stands.
    pub status: RequestStatus,
    /// When it was received.
    pub received_at: UnixTime,
    /// When it must be answered by (received + 30 days).
    pub due_at: UnixTime,
    /// When it was carried out.
    pub completed_at: Option<UnixTime>,
    /// Not completed and past its due date.
    pub overdue: bool,
    /// What the stores held on the subject when the request was taken up.
    pub held: ErasedCounts,
}

impl RequestView {
    pub(crate) fn new(record: RequestRecord, now: UnixTime) -> Self {
        Self {
            id: record.id,
            kind: record.kind,
            scope: record.subject.scope(),
            channel: record.channel,
            status: record.status,
            received_at: record.received_at,
            due_at: record.due_at,
            completed_at: record.completed_at,
            overdue: record.status != RequestStatus::Completed && now > record.due_at,
            held: record.counts.into(),
        }
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// A tenant's register as of `now`, most recently received first.
    pub async fn request_register(
        &self,
        tenant: TenantId,
        now: UnixTime,
    ) -> AppResult<Vec<RequestView>> {
        self.keyring.tenant_key(&self.main, tenant).await?;
        Ok(self
            .conversations
            .requests_of(tenant)
            .await?
            .into_iter()
            .map(|record| RequestView::new(record, now))
            .collect())
    }
}
