//! Objection to storage (GDPR art. 21): from the moment a visitor objects, nothing of theirs is
//! stored (answers still work, and their history lives only in their browser), and what was
//! stored is erased at once. The objection can be withdrawn. Both are requests in the register.

use serde::Serialize;
use sotto_core::dsr::{RequestKind, RequestStatus, due_at};
use sotto_core::{RequestId, TenantId, UnixTime, VisitorId};
use sotto_store::{ConversationStore, MainStore, RequestRecord, Subject};
use tracing::instrument;

use crate::rights::erasure::Receipt;
use crate::team::access::Actor;
use crate::tenancy::sites::OpenSite;
use crate::{AppResult, Sotto};

/// Where a visitor's objection stands after a request.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ObjectionState {
    /// Storage is off for this visitor.
    pub objecting: bool,
    /// Since when, if objecting.
    pub since: Option<UnixTime>,
    /// The receipt of the erasure that came with the objection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erasure: Option<Receipt>,
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The visitor objects to storage (`objecting`: storage stops now, and what was stored is
    /// erased) or withdraws their objection (their next messages are stored again).
    #[instrument(skip_all, fields(site = %site.id(), objecting))]
    pub async fn set_objection(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
        objecting: bool,
        actor: &Actor,
    ) -> AppResult<ObjectionState> {
        let tenant = site.tenant();
        let pseudonym = self.pseudonym_of(tenant, visitor).await?;
        let subject = Subject::Visitor(pseudonym);
        let now = sotto_core::now();
        let kind = if objecting {
            RequestKind::Objection
        } else {
            RequestKind::ObjectionWithdrawn
        };
        // A visitor who holds nothing: the marker changes, the request is only counted, and
        // there is nothing to erase. Withdrawing an objection that stands changes what is
        // stored from now on: registered in full.
        let standing = !objecting
            && self
                .conversations
                .objection_since(tenant, &pseudonym)
                .await?
                .is_some();
        let counted = !standing && self.counted_instead(site, &pseudonym, kind, actor).await?;
        if !counted {
            self.record_completed_request(tenant, kind, subject, actor, now)
                .await?;
        }
        if !objecting {
            self.conversations
                .withdraw_objection(tenant, &pseudonym)
                .await?;
            return Ok(ObjectionState {
                objecting,
                since: None,
                erasure: None,
            });
        }
        // Recorded before the erasure: every turn checks it in the transaction that would store
        // it, so no turn stores anything from now on, even one that began before.
        self.conversations
            .record_objection(tenant, &pseudonym, now)
            .await?;
        let erasure = if counted {
            self.receipt_of_nothing(tenant, actor)?
        } else {
            self.erase(tenant, subject, actor).await?
        };
        Ok(ObjectionState {
            objecting,
            since: self
                .conversations
                .objection_since(tenant, &pseudonym)
                .await?,
            erasure: Some(erasure),
        })
    }

    /// Adds a request that is carried out at once to the register.
    pub(crate) async fn record_completed_request(
        &self,
        tenant: TenantId,
        kind: RequestKind,
        subject: Subject,
        actor: &Actor,
        now: UnixTime,
    ) -> AppResult<()> {
        let id = RequestId::random();
        self.conversations
            .record_request(&RequestRecord {
                tenant_id: tenant,
                id,
                kind,
                subject,
                channel: actor.channel(),
                status: RequestStatus::Completed,
                received_at: now,
                due_at: due_at(now),
                completed_at: Some(now),
                counts: self.conversations.count_held(tenant, &subject).await?,
                receipt_mac: None,
            })
            .await?;
        self.audit(tenant, actor, kind.as_str(), &id.to_string())
            .await
    }
}
