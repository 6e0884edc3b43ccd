//! The register of data subject requests as the tenant's team sees it: every request with its
//! channel, due date and status, and which are overdue. It shows no pseudonym: a request is
//! known by its id, which is also its receipt's.
//!
//! A request from the widget by a visitor who holds nothing (no key, conversation, lead or
//! consent answer) is answered like any other but not registered: anyone can send such
//! requests with made-up visitor ids, and each would otherwise be rows, an audit entry and a
//! checkpoint the operator pays for. The register counts them per site, day and kind.

use serde::Serialize;
use sotto_core::dsr::{Channel, RequestKind, RequestStatus};
use sotto_core::{Pseudonym, RequestId, SiteId, TenantId, UnixTime};
use sotto_store::{ConversationStore, MainStore, RequestRecord, UnrecordedRequests};

use crate::rights::erasure::ErasedCounts;
use crate::team::access::Actor;
use crate::tenancy::sites::OpenSite;
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

/// Requests of one kind from visitors who held nothing, on one site and day (UTC).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UnrecordedView {
    /// The site.
    pub site_id: SiteId,
    /// The day, `YYYY-MM-DD`.
    pub day: String,
    /// What was asked.
    pub kind: RequestKind,
    /// How many.
    pub count: i64,
}

impl From<UnrecordedRequests> for UnrecordedView {
    fn from(counted: UnrecordedRequests) -> Self {
        Self {
            site_id: counted.site_id,
            day: crate::compliance::html::date(counted.day),
            kind: counted.kind,
            count: counted.count,
        }
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Counts a visitor's request from the widget instead of registering it when the stores
    /// hold nothing on the visitor; returns whether it was counted (the caller then answers
    /// without registering).
    pub(crate) async fn counted_instead(
        &self,
        site: &OpenSite,
        pseudonym: &Pseudonym,
        kind: RequestKind,
        actor: &Actor,
    ) -> AppResult<bool> {
        let tenant = site.tenant();
        if !matches!(actor, Actor::Visitor)
            || self.conversations.holds_anything(tenant, pseudonym).await?
        {
            return Ok(false);
        }
        self.conversations
            .count_unrecorded_request(
                tenant,
                &UnrecordedRequests {
                    site_id: site.id().clone(),
                    day: sotto_core::now() / 86_400,
                    kind,
                    count: 1,
                },
            )
            .await?;
        Ok(true)
    }

    /// A tenant's counts of requests from visitors who held nothing, most recent day first.
    pub async fn unrecorded_requests(&self, tenant: TenantId) -> AppResult<Vec<UnrecordedView>> {
        self.keyring.tenant_key(&self.main, tenant).await?;
        Ok(self
            .conversations
            .unrecorded_requests(tenant)
            .await?
            .into_iter()
            .map(UnrecordedView::from)
            .collect())
    }

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
