//! What a tenant's team does with conversations and data subject requests: list
//! conversations (no content), read one (content: audited), erase or export on a visitor's
//! behalf, and keep the request register, including requests that reached the tenant by
//! e-mail or letter. Every function takes the [`Caller`], whose tenant scopes every query.

use serde::{Deserialize, Serialize};
use sotto_core::access::Permission;
use sotto_core::dsr::{Channel, RequestKind, RequestStatus, due_at};
use sotto_core::{ConversationId, Phase, PhaseCause, RequestId, SiteId, UnixTime};
use sotto_store::{
    ConversationRecord, ConversationStore, MainStore, MessageRecord, RequestRecord, Role, Subject,
    TurnRecord,
};

use crate::chat::stored_message::{Body, Draft, MessageView, open_stored_message, seal_message};
use crate::chat::turn::checked_text;
use crate::chat::votes::OpenedVote;
use crate::rights::erasure::Receipt;
use crate::rights::export::{Registration, VisitorExport};
use crate::rights::requests::RequestView;
use crate::team::access::Caller;
use crate::{AppError, AppResult, Sotto};

/// The most conversations one list returns.
pub const MAX_LIST: usize = 200;

/// A conversation in a list: metadata only.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ConversationSummary {
    /// Identifier.
    pub id: ConversationId,
    /// The site it happened on.
    pub site_id: SiteId,
    /// Phase.
    pub phase: Phase,
    /// Creation time.
    pub created_at: UnixTime,
    /// Last activity.
    pub updated_at: UnixTime,
    /// Messages stored.
    pub messages: i64,
    /// The visitor asked to be contacted and no team member has replied since.
    pub needs_human: bool,
}

/// A conversation with every message, as an agent reads it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ConversationDetail {
    /// The metadata.
    #[serde(flatten)]
    pub summary: ConversationSummary,
    /// Every message, oldest first; personal data appears as the tenant's policy stored it.
    pub messages: Vec<MessageView>,
    /// The phases it entered, in order, with what moved it.
    pub phases: Vec<PhaseStepView>,
    /// The visitor's votes on its answers (each names its answer), in the answers' order.
    pub votes: Vec<OpenedVote>,
}

/// A conversation entering a phase.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct PhaseStepView {
    /// The phase entered.
    pub phase: Phase,
    /// What moved it there.
    pub cause: PhaseCause,
    /// When.
    pub at: UnixTime,
}

/// Which requests to list.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestFilter {
    /// Every request.
    #[default]
    All,
    /// Not completed yet.
    Open,
    /// Not completed and past due.
    Overdue,
}

/// A request that reached the tenant outside Sotto (an e-mail, a letter), entered by a team
/// member. It names the conversation the visitor pointed to; the request covers that
/// conversation's visitor.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnteredRequest {
    /// What the visitor asked for: `erasure`, `access` or `objection`.
    pub kind: RequestKind,
    /// A conversation of the visitor.
    pub conversation_id: ConversationId,
    /// When the tenant received it (now when absent): the 30 days run from then.
    pub received_at: Option<UnixTime>,
}

/// What carrying out an entered request produced.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fulfilment {
    /// The visitor's data is erased; the receipt is for them.
    Erasure {
        /// The receipt.
        receipt: Receipt,
    },
    /// The visitor's data, for the team to send them.
    Access {
        /// The export.
        export: Box<VisitorExport>,
    },
    /// Nothing more of the visitor is stored, and what was is erased.
    Objection {
        /// The erasure's receipt.
        receipt: Receipt,
    },
}

/// The summary of `record`, whose last stored message is `last`.
fn summary(record: &ConversationRecord, last: Option<&MessageRecord>) -> ConversationSummary {
    ConversationSummary {
        id: record.id,
        site_id: record.site_id.clone(),
        phase: record.phase,
        created_at: record.created_at,
        updated_at: record.updated_at,
        messages: last.map_or(0, |m| m.seq + 1),
        needs_human: record.phase == Phase::RequestingContact
            && last.is_some_and(|m| m.role != Role::Agent),
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The most recently active conversations of the caller's tenant (of one site if given).
    pub async fn team_conversations(
        &self,
        caller: &Caller,
        site: Option<&SiteId>,
        limit: usize,
    ) -> AppResult<Vec<ConversationSummary>> {
        caller.require(Permission::ReadConversations)?;
        let limit = u32::try_from(limit.clamp(1, MAX_LIST)).unwrap_or(1);
        let records = self
            .conversations
            .recent_conversations(caller.tenant, site, i64::MIN, limit)
            .await?;
        let mut out = Vec::with_capacity(records.len());
        for record in &records {
            let last = self
                .conversations
                .messages(caller.tenant, record.id, 1)
                .await?;
            out.push(summary(record, last.last()));
        }
        Ok(out)
    }

    /// One conversation with its messages; the read goes to the audit log first.
    pub async fn team_conversation(
        &self,
        caller: &Caller,
        id: ConversationId,
    ) -> AppResult<ConversationDetail> {
        caller.require(Permission::ReadConversations)?;
        let tenant = caller.tenant;
        let record = self.tenant_conversation(caller, id).await?;
        self.audit(tenant, &caller.actor, "conversation.read", &id.to_string())
            .await?;
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let stored = self.conversations.messages(tenant, id, usize::MAX).await?;
        let (messages, votes) = match self
            .sealer_for(tenant, &tenant_key, &record.pseudonym, false)
            .await?
        {
            Some(sealer) => {
                let sealer = self.message_sealer(tenant, &sealer, id, false).await?;
                let messages = stored
                    .iter()
                    .filter(|m| sealer.can_open(m.sealing))
                    .map(|m| open_stored_message(&sealer, tenant, id, m).map(|o| o.view))
                    .collect::<AppResult<Vec<_>>>()?;
                (messages, self.opened_votes(tenant, &sealer, id).await?)
            }
            None => (Vec::new(), Vec::new()),
        };
        let phases = self
            .conversations
            .phase_steps(tenant, id)
            .await?
            .into_iter()
            .map(|step| PhaseStepView {
                phase: step.phase,
                cause: step.cause,
                at: step.at,
            })
            .collect();
        Ok(ConversationDetail {
            summary: summary(&record, stored.last()),
            messages,
            phases,
            votes,
        })
    }

    /// A team member's reply in a conversation, sealed with the conversation's key like every
    /// message: the visitor's widget shows it while open and on their return. Audited.
    pub async fn team_reply(
        &self,
        caller: &Caller,
        id: ConversationId,
        text: &str,
    ) -> AppResult<MessageView> {
        caller.require(Permission::ReplyToVisitors)?;
        let text = checked_text(text)?;
        let tenant = caller.tenant;
        let mut record = self.tenant_conversation(caller, id).await?;
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let sealer = self
            .sealer_for(tenant, &tenant_key, &record.pseudonym, false)
            .await?
            .ok_or(AppError::NotFound("conversation"))?;
        let sealer = self.message_sealer(tenant, &sealer, id, false).await?;
        let now = sotto_core::now();
        let body = Body {
            text: text.to_owned(),
            citations: Vec::new(),
            pii: Vec::new(),
            outcome: None,
        };
        let seq = self.conversations.message_count(tenant, id).await?;
        let message = seal_message(
            &sealer,
            &record,
            Draft {
                seq,
                role: Role::Agent,
                body: &body,
                page_url: None,
            },
            now,
        )?;
        let view = MessageView {
            id: message.id,
            role: Role::Agent.as_str(),
            text: body.text,
            citations: Vec::new(),
            kind: None,
            vote_token: None,
            created_at: now,
        };
        record.updated_at = now;
        let stored = self
            .conversations
            .record_turn(&TurnRecord {
                conversation: record,
                messages: vec![message],
                phase_steps: Vec::new(),
                guard: None,
            })
            .await?;
        if !stored {
            return Err(AppError::NotFound("conversation"));
        }
        self.audit(tenant, &caller.actor, "conversation.reply", &id.to_string())
            .await?;
        Ok(view)
    }

    /// Erases one conversation of the caller's tenant.
    pub async fn team_erase_conversation(
        &self,
        caller: &Caller,
        id: ConversationId,
    ) -> AppResult<Receipt> {
        caller.require(Permission::EraseData)?;
        self.tenant_conversation(caller, id).await?;
        self.erase(caller.tenant, Subject::Conversation(id), &caller.actor)
            .await
    }

    /// Erases everything the visitor of a conversation has with the tenant: every
    /// conversation, lead and consent answer, and their key.
    pub async fn team_erase_visitor(
        &self,
        caller: &Caller,
        id: ConversationId,
    ) -> AppResult<Receipt> {
        caller.require(Permission::EraseData)?;
        let record = self.tenant_conversation(caller, id).await?;
        self.erase(
            caller.tenant,
            Subject::Visitor(record.pseudonym),
            &caller.actor,
        )
        .await
    }

    /// Everything held on the visitor of a conversation, for the team to send them.
    pub async fn team_export_visitor(
        &self,
        caller: &Caller,
        id: ConversationId,
    ) -> AppResult<VisitorExport> {
        caller.require(Permission::HandleRequests)?;
        let record = self.tenant_conversation(caller, id).await?;
        let tenant = self
            .main
            .tenant(caller.tenant)
            .await?
            .ok_or(AppError::NotFound("tenant"))?;
        self.export_pseudonym(tenant, record.pseudonym, &caller.actor, Registration::New)
            .await
    }

    /// The register, filtered, as of now.
    pub async fn team_requests(
        &self,
        caller: &Caller,
        filter: RequestFilter,
    ) -> AppResult<Vec<RequestView>> {
        caller.require(Permission::HandleRequests)?;
        let mut register = self
            .request_register(caller.tenant, sotto_core::now())
            .await?;
        register.retain(|r| match filter {
            RequestFilter::All => true,
            RequestFilter::Open => r.status != RequestStatus::Completed,
            RequestFilter::Overdue => r.overdue,
        });
        Ok(register)
    }

    /// Enters a request received by e-mail or letter; it stays `open` until carried out.
    pub async fn team_enter_request(
        &self,
        caller: &Caller,
        entered: EnteredRequest,
    ) -> AppResult<RequestView> {
        caller.require(Permission::HandleRequests)?;
        if matches!(entered.kind, RequestKind::ObjectionWithdrawn) {
            return Err(AppError::Invalid(
                "a request is an erasure, an access or an objection".into(),
            ));
        }
        let now = sotto_core::now();
        let received_at = entered.received_at.unwrap_or(now);
        if received_at > now {
            return Err(AppError::Invalid(
                "a request cannot be received in the future".into(),
            ));
        }
        let conversation = self
            .tenant_conversation(caller, entered.conversation_id)
            .await?;
        let subject = Subject::Visitor(conversation.pseudonym);
        let record = RequestRecord {
            tenant_id: caller.tenant,
            id: RequestId::random(),
            kind: entered.kind,
            subject,
            channel: Channel::Email,
            status: RequestStatus::Open,
            received_at,
            due_at: due_at(received_at),
            completed_at: None,
            counts: self
                .conversations
                .count_held(caller.tenant, &subject)
                .await?,
            receipt_mac: None,
        };
        self.conversations.record_request(&record).await?;
        self.audit(
            caller.tenant,
            &caller.actor,
            "request.enter",
            &record.id.to_string(),
        )
        .await?;
        Ok(RequestView::new(record, now))
    }

    /// Carries out an open request entered by the team.
    pub async fn team_fulfil_request(
        &self,
        caller: &Caller,
        id: RequestId,
    ) -> AppResult<Fulfilment> {
        caller.require(Permission::HandleRequests)?;
        let request = self
            .conversations
            .request(caller.tenant, id)
            .await?
            .filter(|r| r.status == RequestStatus::Open)
            .ok_or(AppError::NotFound("open request"))?;
        let Subject::Visitor(pseudonym) = request.subject else {
            return Err(AppError::NotFound("open request"));
        };
        Ok(match request.kind {
            RequestKind::Access => {
                let tenant = self
                    .main
                    .tenant(caller.tenant)
                    .await?
                    .ok_or(AppError::NotFound("tenant"))?;
                let export = self
                    .export_pseudonym(tenant, pseudonym, &caller.actor, Registration::Entered(id))
                    .await?;
                Fulfilment::Access {
                    export: Box::new(export),
                }
            }
            RequestKind::Erasure => {
                caller.require(Permission::EraseData)?;
                Fulfilment::Erasure {
                    receipt: self.fulfil_erasure(caller, request).await?,
                }
            }
            RequestKind::Objection | RequestKind::ObjectionWithdrawn => {
                caller.require(Permission::EraseData)?;
                // Recorded before the erasure, so that no turn stores anything in between.
                self.conversations
                    .record_objection(caller.tenant, &pseudonym, sotto_core::now())
                    .await?;
                Fulfilment::Objection {
                    receipt: self.fulfil_erasure(caller, request).await?,
                }
            }
        })
    }

    /// Erases the subject of an entered request under that request's id, so that its receipt
    /// is the request's, counting what is held now. The request is in progress from here, so
    /// that an interrupted erasure is resumed when Sotto next starts.
    async fn fulfil_erasure(&self, caller: &Caller, request: RequestRecord) -> AppResult<Receipt> {
        let counts = self
            .conversations
            .count_held(caller.tenant, &request.subject)
            .await?;
        if !self
            .conversations
            .start_request(caller.tenant, request.id, counts)
            .await?
        {
            return Err(AppError::NotFound("open request"));
        }
        self.audit(
            caller.tenant,
            &caller.actor,
            "erasure",
            &request.id.to_string(),
        )
        .await?;
        self.carry_out_erasure(&RequestRecord { counts, ..request })
            .await
    }

    /// A conversation of the caller's tenant, or not found.
    async fn tenant_conversation(
        &self,
        caller: &Caller,
        id: ConversationId,
    ) -> AppResult<ConversationRecord> {
        self.conversations
            .conversation(caller.tenant, id)
            .await?
            .ok_or(AppError::NotFound("conversation"))
    }
}
