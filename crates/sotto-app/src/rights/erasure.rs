//! Erasure (GDPR art. 17) of one visitor, one conversation, everyone who left an e-mail address,
//! or a whole tenant, in an order that survives a crash:
//!
//! 1. the request is recorded in the register, with what the stores hold on the subject;
//! 2. the keys are destroyed (crypto-shredding): the subject's conversation keys in the key
//!    store, so that no copy of their messages and of the addresses left about them (in WAL
//!    frames, free pages or backups of the conversation store) can be read with the key store
//!    as it stands from then on; then the wrapped visitor keys, which also seal addresses left
//!    without a stored conversation and what was stored before conversation keys (those copies
//!    stay readable with a backup of the conversation store taken before, until it expires:
//!    see the README);
//! 3. the subject's consent events are forgotten (their fields go; digests and links stay, so
//!    the ledger still verifies), and the rows are deleted, in batches, leads last (an e-mail
//!    subject finds its visitors through them);
//! 4. the conversation and key stores are checkpointed, so that SQLite's `secure_delete` has
//!    zeroed the freed pages and the WALs are empty;
//! 5. the request is completed with a receipt.
//!
//! Every step is idempotent: an erasure interrupted anywhere after step 1 is carried out again
//! from step 2 when Sotto next starts ([`Sotto::resume_erasures`]).

use serde::{Deserialize, Serialize};
use sotto_core::dsr::{Channel, RequestKind, RequestStatus, due_at};
use sotto_core::lead::normalized_email;
use sotto_core::{ConversationId, Pseudonym, RequestId, TenantId, UnixTime, VisitorId};
use sotto_store::{
    ConversationStore, EmailIndex, HeldCounts, Job, KeyStore, KeysToShred, MainStore,
    RequestRecord, Subject,
};
use tracing::{info, instrument};

use crate::team::access::Actor;
use crate::tenancy::sites::OpenSite;
use crate::{AppError, AppResult, Sotto};

/// Conversations deleted per statement: a large erasure never holds the database for long.
const BATCH: u32 = 200;

/// What an erasure removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ErasedCounts {
    /// Conversations.
    pub conversations: u64,
    /// Messages in them.
    pub messages: u64,
    /// Wrapped visitor keys destroyed.
    pub visitor_keys: u64,
}

impl From<HeldCounts> for ErasedCounts {
    fn from(held: HeldCounts) -> Self {
        Self {
            conversations: held.conversations,
            messages: held.messages,
            visitor_keys: held.visitor_keys,
        }
    }
}

/// Proof of an erasure, given to whoever asked for it. It holds no personal data (no visitor
/// id, no pseudonym, no content), and its MAC lets this installation check later that it
/// issued the receipt and that nothing in it changed (`sotto dsr verify`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// The request in the register.
    pub request_id: RequestId,
    /// The tenant (the controller) whose data it was.
    pub tenant_id: TenantId,
    /// `visitor`, `conversation`, `email` or `tenant`.
    pub scope: String,
    /// Where the request came from.
    pub channel: Channel,
    /// When it was received.
    pub received_at: UnixTime,
    /// When the erasure was complete.
    pub completed_at: UnixTime,
    /// What went.
    pub erased: ErasedCounts,
    /// HMAC-SHA256 of the fields above under a key derived from the master key, in hex.
    pub mac: String,
}

impl Receipt {
    /// The bytes the MAC covers: every field, in a fixed order, with a version label.
    fn signed_bytes(&self) -> Vec<u8> {
        format!(
            "sotto-receipt/v1\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
            self.request_id,
            self.tenant_id,
            self.scope,
            self.channel.as_str(),
            self.received_at,
            self.completed_at,
            self.erased.conversations,
            self.erased.messages,
            self.erased.visitor_keys
        )
        .into_bytes()
    }
}

/// What checking a receipt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ReceiptCheck {
    /// The MAC matches: this installation issued the receipt, unchanged.
    pub authentic: bool,
    /// The register holds the request, completed, with the same MAC; or, for an erasure that
    /// found nothing (a visitor who held nothing, whose request is only counted), the receipt
    /// says nothing was erased.
    pub registered: bool,
}

impl ReceiptCheck {
    /// Both checks passed.
    pub fn is_valid(&self) -> bool {
        self.authentic && self.registered
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Erases everything a visitor has with the tenant of `site` (every site of that tenant:
    /// the pseudonym is the tenant's), at the visitor's request.
    #[instrument(skip_all, fields(site = %site.id()))]
    pub async fn erase_visitor(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
        actor: &Actor,
    ) -> AppResult<Receipt> {
        let tenant = site.tenant();
        let pseudonym = self.pseudonym_of(tenant, visitor).await?;
        if self
            .counted_instead(site, &pseudonym, RequestKind::Erasure, actor)
            .await?
        {
            return self.receipt_of_nothing(tenant, actor);
        }
        self.erase(tenant, Subject::Visitor(pseudonym), actor).await
    }

    /// The receipt of an erasure from a visitor who held nothing: it looks like any other
    /// (nothing tells whether the visitor ever wrote), but no request is registered for it.
    pub(crate) fn receipt_of_nothing(&self, tenant: TenantId, actor: &Actor) -> AppResult<Receipt> {
        let now = sotto_core::now();
        let mut receipt = Receipt {
            request_id: RequestId::random(),
            tenant_id: tenant,
            scope: "visitor".to_owned(),
            channel: actor.channel(),
            received_at: now,
            completed_at: now,
            erased: HeldCounts::default().into(),
            mac: String::new(),
        };
        self.sign(&mut receipt)?;
        Ok(receipt)
    }

    /// Sets a receipt's MAC; returns it.
    fn sign(&self, receipt: &mut Receipt) -> AppResult<Vec<u8>> {
        let mac = self.keyring.master().receipt_mac(&receipt.signed_bytes())?;
        receipt.mac = hex::encode(mac);
        Ok(mac.to_vec())
    }

    /// Erases one of the visitor's conversations on `site`; another visitor's conversation, or
    /// one on another site, is not found.
    #[instrument(skip_all, fields(site = %site.id()))]
    pub async fn erase_visitor_conversation(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
        conversation: ConversationId,
        actor: &Actor,
    ) -> AppResult<Receipt> {
        let tenant = site.0.tenant_id;
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let pseudonym = self.privacy.pseudonym(&tenant_key, visitor);
        self.conversations
            .conversation(tenant, conversation)
            .await?
            .filter(|c| c.site_id == site.0.id && c.pseudonym == pseudonym)
            .ok_or(AppError::NotFound("conversation"))?;
        self.erase(tenant, Subject::Conversation(conversation), actor)
            .await
    }

    /// Erases a visitor of a tenant known by their browser id, at the tenant's request (a
    /// visitor who wrote to the tenant, an operator).
    pub async fn erase_tenant_visitor(
        &self,
        tenant: TenantId,
        visitor: &VisitorId,
        actor: &Actor,
    ) -> AppResult<Receipt> {
        let pseudonym = self.pseudonym_of(tenant, visitor).await?;
        self.erase(tenant, Subject::Visitor(pseudonym), actor).await
    }

    /// Erases everyone who left `email` with a tenant (found through its blind index): each
    /// such visitor whole, and every lead with the address. An address nobody left is not
    /// found.
    pub async fn erase_email(
        &self,
        tenant: TenantId,
        email: &str,
        actor: &Actor,
    ) -> AppResult<Receipt> {
        let address = normalized_email(email)
            .ok_or_else(|| AppError::Invalid("this is not an e-mail address".into()))?;
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let subject = Subject::Email(EmailIndex(tenant_key.email_blind_index(&address)));
        // Whoever left an address has a key (an address is kept sealed under it).
        if self.conversations.count_held(tenant, &subject).await? == HeldCounts::default() {
            return Err(AppError::NotFound("e-mail address"));
        }
        self.erase(tenant, subject, actor).await
    }

    /// A visitor's pseudonym with a tenant.
    pub(crate) async fn pseudonym_of(
        &self,
        tenant: TenantId,
        visitor: &VisitorId,
    ) -> AppResult<Pseudonym> {
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        Ok(self.privacy.pseudonym(&tenant_key, visitor))
    }

    /// Erases one conversation of a tenant, at the tenant's request.
    pub async fn erase_tenant_conversation(
        &self,
        tenant: TenantId,
        conversation: ConversationId,
        actor: &Actor,
    ) -> AppResult<Receipt> {
        self.keyring.tenant_key(&self.main, tenant).await?;
        self.conversations
            .conversation(tenant, conversation)
            .await?
            .ok_or(AppError::NotFound("conversation"))?;
        self.erase(tenant, Subject::Conversation(conversation), actor)
            .await
    }

    /// Records the request, then carries it out.
    pub(crate) async fn erase(
        &self,
        tenant: TenantId,
        subject: Subject,
        actor: &Actor,
    ) -> AppResult<Receipt> {
        let now = sotto_core::now();
        let request = RequestRecord {
            tenant_id: tenant,
            id: RequestId::random(),
            kind: RequestKind::Erasure,
            subject,
            channel: actor.channel(),
            status: RequestStatus::InProgress,
            received_at: now,
            due_at: due_at(now),
            completed_at: None,
            counts: self.conversations.count_held(tenant, &subject).await?,
            receipt_mac: None,
        };
        self.conversations.record_request(&request).await?;
        if subject != Subject::Tenant {
            self.audit(tenant, actor, "erasure", &request.id.to_string())
                .await?;
        }
        self.carry_out_erasure(&request).await
    }

    /// Closes a tenant's account: its key first (everything sealed under it becomes
    /// unreadable in every copy), then every conversation (with its votes), visitor key, site,
    /// search index, weekly vote count, knowledge page and API key. The request register keeps the tenant's requests (their
    /// pseudonyms can no longer be linked to anyone: the secret that made them is gone).
    pub async fn close_tenant(&self, tenant: TenantId, actor: &Actor) -> AppResult<Receipt> {
        self.main
            .tenant(tenant)
            .await?
            .ok_or(AppError::NotFound("tenant"))?;
        self.erase(tenant, Subject::Tenant, actor).await
    }

    /// Steps 2 to 5 of an erasure whose request is recorded; for an account closure, the tenant
    /// key is destroyed first and the tenant's main-store rows go last.
    pub(crate) async fn carry_out_erasure(&self, request: &RequestRecord) -> AppResult<Receipt> {
        let (tenant, subject) = (request.tenant_id, &request.subject);
        let closing = *subject == Subject::Tenant;
        // First, so that a turn of the subject's visitors in flight stores nothing after this.
        self.conversations
            .fence_subject(tenant, subject, sotto_core::now_ms())
            .await?;
        if closing {
            self.main.shred_tenant_key(tenant).await?;
            self.keyring.forget(tenant);
        }
        // The keys of the subject's conversations first, in the key store: from here on no
        // copy of their messages, in any backup of the content, can be read.
        let mut shredded = if closing {
            self.keys.shred(tenant, KeysToShred::Tenant).await?
        } else {
            let ids = self.conversations.conversation_ids(tenant, subject).await?;
            self.keys
                .shred(tenant, KeysToShred::Conversations(&ids))
                .await?
        };
        shredded += self.conversations.shred_keys(tenant, subject).await?;
        let mut removed = shredded;
        removed += self.conversations.forget_consents(tenant, subject).await?;
        loop {
            let batch = self
                .conversations
                .erase_conversations(tenant, subject, BATCH)
                .await?;
            removed += batch;
            if batch < u64::from(BATCH) {
                break;
            }
        }
        // Last: an e-mail subject finds its visitors through their leads.
        removed += self.conversations.erase_leads(tenant, subject).await?;
        if closing {
            self.remove_site_indexes(tenant).await?;
            removed += self.conversations.erase_vote_tallies(tenant).await?;
        }
        // Nothing deleted, nothing to wipe: an erasure of nothing costs no checkpoint.
        if removed > 0 || closing {
            self.conversations.checkpoint().await?;
        }
        if shredded > 0 || closing {
            self.keys.checkpoint().await?;
        }
        let mut receipt = Receipt {
            request_id: request.id,
            tenant_id: tenant,
            scope: subject.scope().to_owned(),
            channel: request.channel,
            received_at: request.received_at,
            completed_at: sotto_core::now(),
            erased: request.counts.into(),
            mac: String::new(),
        };
        let mac = self.sign(&mut receipt)?;
        let receipt = if self
            .conversations
            .complete_request(tenant, request.id, receipt.completed_at, &mac)
            .await?
        {
            receipt
        } else {
            // Another process (a resumption at its start) completed it first: its receipt is
            // the request's one.
            let completed = self
                .conversations
                .request(tenant, request.id)
                .await?
                .ok_or(AppError::NotFound("request"))?;
            Receipt {
                completed_at: completed.completed_at.unwrap_or(receipt.completed_at),
                mac: hex::encode(completed.receipt_mac.unwrap_or_default()),
                ..receipt
            }
        };
        if closing {
            self.main.delete_tenant(tenant).await?;
            self.main.checkpoint().await?;
        }
        info!(
            scope = subject.scope(),
            conversations = receipt.erased.conversations,
            messages = receipt.erased.messages,
            "erasure complete"
        );
        Ok(receipt)
    }

    /// Carries out every erasure that was recorded but not completed (the process stopped in
    /// the middle); called when Sotto starts. Returns their receipts.
    pub async fn resume_erasures(&self) -> AppResult<Vec<Receipt>> {
        let mut receipts = Vec::new();
        // One process at a time; another that holds the lock finishes them.
        let Some(lock) = self.conversations.try_lock_job(Job::ResumeErasures).await? else {
            return Ok(receipts);
        };
        for tenant in self.main.tenants().await? {
            for request in self.conversations.unfinished_erasures(tenant.id).await? {
                info!(
                    scope = request.subject.scope(),
                    "resuming an interrupted erasure"
                );
                receipts.push(self.carry_out_erasure(&request).await?);
            }
            if tenant.wrapped_key.is_empty() {
                // A closure that completed its request but stopped before its last step.
                self.main.delete_tenant(tenant.id).await?;
                self.main.checkpoint().await?;
            }
        }
        self.conversations.unlock_job(lock).await?;
        Ok(receipts)
    }

    /// Deletes the search indexes of a tenant's sites from this node's data directory, and
    /// what it holds of their approved answers and test runs.
    async fn remove_site_indexes(&self, tenant: TenantId) -> AppResult<()> {
        for site in self.main.sites_of(tenant).await? {
            self.approved.forget(&site.id);
            self.site_test_runs.forget(&site.id);
            let indexes = self.indexes.clone();
            tokio::task::spawn_blocking(move || indexes.remove(site.id.as_str()))
                .await
                .map_err(|e| AppError::Setup(format!("index task failed: {e}")))??;
        }
        Ok(())
    }

    /// Checks a receipt: its MAC, and the register's record of the request.
    pub async fn verify_receipt(&self, receipt: &Receipt) -> AppResult<ReceiptCheck> {
        let mac = hex::decode(&receipt.mac)
            .map_err(|_| AppError::Invalid("the receipt's mac is not hex".into()))?;
        let authentic = self
            .keyring
            .master()
            .verify_receipt_mac(&receipt.signed_bytes(), &mac)?;
        let registered = match self
            .conversations
            .request(receipt.tenant_id, receipt.request_id)
            .await?
        {
            Some(r) => {
                r.status == RequestStatus::Completed
                    && r.completed_at == Some(receipt.completed_at)
                    && r.receipt_mac.as_deref() == Some(mac.as_slice())
            }
            None => authentic && receipt.erased == HeldCounts::default().into(),
        };
        Ok(ReceiptCheck {
            authentic,
            registered,
        })
    }
}
