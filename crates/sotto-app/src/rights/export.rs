//! Access and portability (GDPR arts. 15 and 20): everything Sotto holds on a visitor, as
//! machine-readable JSON and as a page a person can read. Each export is itself a request in
//! the register (kind `access`, completed at once).

use serde::Serialize;
use sotto_core::dsr::RequestKind;
use sotto_core::lead::LeadPurpose;
use sotto_core::{
    Citation, ConversationId, LeadId, Phase, Pseudonym, RequestId, SiteId, TenantId, UnixTime,
    VisitorId,
};
use sotto_pii::EntityType;
use sotto_store::{ConversationStore, MainStore, Subject, TenantRecord};
use tracing::instrument;

use crate::chat::stored_message::open_stored_message;
use crate::chat::votes::Direction;
use crate::knowledge::inspect::PageVersionView;
use crate::rights::requests::RequestView;
use crate::team::access::Actor;
use crate::tenancy::sites::OpenSite;
use crate::{AppError, AppResult, Sotto};

/// The version of the export's shape.
pub const EXPORT_FORMAT: &str = "sotto-export/v1";

/// Who holds the data (the controller).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Controller {
    /// Tenant id.
    pub tenant_id: TenantId,
    /// The business's name.
    pub name: String,
}

/// One stored message, as stored (personal data the policy redacted stays redacted: that is
/// what Sotto holds).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ExportedMessage {
    /// `visitor` or `assistant`.
    pub role: &'static str,
    /// Text.
    pub text: String,
    /// Cited pages.
    pub citations: Vec<Citation>,
    /// The page the visitor was on (path only, as stored).
    pub page_url: Option<String>,
    /// Types of personal data the text held when it arrived.
    pub personal_data_found: Vec<EntityType>,
    /// The visitor's vote on this answer, with their comment, if they voted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote: Option<ExportedVote>,
    /// Creation time.
    pub created_at: UnixTime,
}

/// A visitor's vote on an answer, as stored.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ExportedVote {
    /// `up` or `down`.
    pub vote: Direction,
    /// Their comment (as the tenant's policy stored it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When they voted.
    pub voted_at: UnixTime,
}

/// One conversation with all its messages.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ExportedConversation {
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
    /// Every message, oldest first.
    pub messages: Vec<ExportedMessage>,
    /// The pages its answers cited, each as it was when cited (the version its citations
    /// name), once per version; a version no longer kept is left out.
    pub cited_pages: Vec<PageVersionView>,
}

/// An e-mail address the visitor left, with why.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ExportedEmail {
    /// The lead.
    pub lead_id: LeadId,
    /// The site it was left on.
    pub site_id: SiteId,
    /// Why it was left.
    pub purpose: LeadPurpose,
    /// The address.
    pub email: String,
    /// The conversation it was about.
    pub conversation_id: Option<ConversationId>,
    /// When it was left.
    pub created_at: UnixTime,
}

/// Everything held on one visitor.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct VisitorExport {
    /// [`EXPORT_FORMAT`].
    pub format: &'static str,
    /// When it was made.
    pub exported_at: UnixTime,
    /// The controller.
    pub controller: Controller,
    /// Since when the visitor objects to storage, if they do.
    pub objecting_since: Option<UnixTime>,
    /// Every conversation on every site of the controller, most recent first.
    pub conversations: Vec<ExportedConversation>,
    /// The visitor's requests, this one included, most recent first.
    pub requests: Vec<RequestView>,
    /// Their consent answers, oldest first, as the consent ledger holds them.
    pub consents: Vec<crate::consent::ledger::ConsentEventView>,
    /// The e-mail addresses they left, most recent first.
    pub emails: Vec<ExportedEmail>,
}

/// How an export's access request goes into the register.
pub(crate) enum Registration {
    /// Recorded now, as completed.
    New,
    /// Entered earlier by the team; completed now.
    Entered(RequestId),
    /// From a visitor who held nothing: only counted ([`Sotto::counted_instead`]).
    Counted,
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The export a visitor asks for from the widget.
    #[instrument(skip_all, fields(site = %site.id()))]
    pub async fn export_visitor(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
        actor: &Actor,
    ) -> AppResult<VisitorExport> {
        self.export_by_id(site.tenant(), visitor, actor, Some(site))
            .await
    }

    /// The export of a visitor of a tenant known by their browser id (operator, team).
    pub async fn export_tenant_visitor(
        &self,
        tenant: TenantId,
        visitor: &VisitorId,
        actor: &Actor,
    ) -> AppResult<VisitorExport> {
        self.export_by_id(tenant, visitor, actor, None).await
    }

    /// The export of a visitor known by their browser id; asked from the widget of `widget`
    /// by a visitor who holds nothing, it is counted rather than registered.
    async fn export_by_id(
        &self,
        tenant: TenantId,
        visitor: &VisitorId,
        actor: &Actor,
        widget: Option<&OpenSite>,
    ) -> AppResult<VisitorExport> {
        let record = self
            .main
            .tenant(tenant)
            .await?
            .ok_or(AppError::NotFound("tenant"))?;
        let pseudonym = self.pseudonym_of(tenant, visitor).await?;
        let registration = match widget {
            Some(site)
                if self
                    .counted_instead(site, &pseudonym, RequestKind::Access, actor)
                    .await? =>
            {
                Registration::Counted
            }
            _ => Registration::New,
        };
        self.export_pseudonym(record, pseudonym, actor, registration)
            .await
    }

    /// The versions of pages `messages` cite, each once, as the main store keeps them.
    async fn cited_versions(
        &self,
        tenant: TenantId,
        site: &SiteId,
        messages: &[ExportedMessage],
    ) -> AppResult<Vec<PageVersionView>> {
        let mut cited: Vec<(&str, &str)> = messages
            .iter()
            .flat_map(|m| &m.citations)
            .filter_map(|c| Some((c.url.as_str(), c.version.as_ref()?.digest.as_str())))
            .collect();
        cited.sort_unstable();
        cited.dedup();
        let mut versions = Vec::new();
        for (url, digest) in cited {
            if let Some(version) = self.main.page_version(tenant, site, url, digest).await? {
                versions.push(PageVersionView::from(version));
            }
        }
        Ok(versions)
    }

    /// Everything held on the visitor behind a pseudonym, with the access request registered
    /// as `registration` says.
    pub(crate) async fn export_pseudonym(
        &self,
        record: TenantRecord,
        pseudonym: Pseudonym,
        actor: &Actor,
        registration: Registration,
    ) -> AppResult<VisitorExport> {
        let tenant = record.id;
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let subject = Subject::Visitor(pseudonym);
        let now = sotto_core::now();
        match registration {
            Registration::New => {
                self.record_completed_request(tenant, RequestKind::Access, subject, actor, now)
                    .await?
            }
            Registration::Entered(id) => {
                self.conversations
                    .complete_request(tenant, id, now, &[])
                    .await?;
                self.audit(tenant, actor, RequestKind::Access.as_str(), &id.to_string())
                    .await?
            }
            Registration::Counted => {}
        }

        let mut conversations = Vec::new();
        let mut emails = Vec::new();
        if let Some(sealer) = self
            .sealer_for(tenant, &tenant_key, &pseudonym, false)
            .await?
        {
            for lead in self.conversations.leads(tenant, Some(&pseudonym)).await? {
                let address_sealer = self.lead_sealer(tenant, &sealer, &lead).await?;
                if !address_sealer.can_open(lead.sealing) {
                    continue;
                }
                emails.push(ExportedEmail {
                    email: address_sealer.open_email(tenant, lead.id, lead.sealing, &lead.email)?,
                    lead_id: lead.id,
                    site_id: lead.site_id,
                    purpose: lead.purpose,
                    conversation_id: lead.conversation_id,
                    created_at: lead.created_at,
                });
            }
            for site in self.main.sites_of(tenant).await? {
                for conversation in self
                    .conversations
                    .conversations_of(tenant, &site.id, &pseudonym)
                    .await?
                {
                    let sealer = self
                        .message_sealer(tenant, &sealer, conversation.id, false)
                        .await?;
                    let mut votes = self.opened_votes(tenant, &sealer, conversation.id).await?;
                    let messages = self
                        .conversations
                        .messages(tenant, conversation.id, usize::MAX)
                        .await?
                        .iter()
                        .filter(|m| sealer.can_open(m.sealing))
                        .map(|m| {
                            let opened = open_stored_message(&sealer, tenant, conversation.id, m)?;
                            Ok(ExportedMessage {
                                role: opened.view.role,
                                text: opened.view.text,
                                citations: opened.view.citations,
                                page_url: opened.page_path,
                                personal_data_found: opened.personal_data,
                                vote: votes.iter().position(|v| v.message_id == m.id).map(|i| {
                                    let v = votes.swap_remove(i);
                                    ExportedVote {
                                        vote: v.vote,
                                        comment: v.comment,
                                        voted_at: v.voted_at,
                                    }
                                }),
                                created_at: opened.view.created_at,
                            })
                        })
                        .collect::<AppResult<Vec<_>>>()?;
                    let cited_pages = self.cited_versions(tenant, &site.id, &messages).await?;
                    conversations.push(ExportedConversation {
                        id: conversation.id,
                        site_id: conversation.site_id,
                        phase: conversation.phase,
                        created_at: conversation.created_at,
                        updated_at: conversation.updated_at,
                        messages,
                        cited_pages,
                    });
                }
            }
        }
        conversations.sort_by_key(|c| std::cmp::Reverse(c.updated_at));
        let requests = self
            .conversations
            .requests_of(tenant)
            .await?
            .into_iter()
            .filter(|r| r.subject == subject)
            .map(|r| RequestView::new(r, now))
            .collect();
        Ok(VisitorExport {
            format: EXPORT_FORMAT,
            exported_at: now,
            controller: Controller {
                tenant_id: tenant,
                name: record.name,
            },
            objecting_since: self
                .conversations
                .objection_since(tenant, &pseudonym)
                .await?,
            conversations,
            requests,
            consents: crate::consent::ledger::held_events(
                &self.conversations.consents_of(tenant, &pseudonym).await?,
            ),
            emails,
        })
    }
}
