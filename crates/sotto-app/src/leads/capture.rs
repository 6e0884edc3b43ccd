//! E-mail capture: a visitor leaves an address only for a purpose the widget states (to be
//! contacted about what they asked, or to get a summary of the conversation), with the
//! marketing question asked apart and unticked. The address is sealed with the visitor's key
//! (erasing the visitor shreds it) and findable only through its blind index; it is kept only
//! when the visitor agreed to be written to (`email_followup`) or to receive marketing. A
//! summary asked for alone is sent and the address forgotten; it goes only to an address the
//! visitor confirmed with a code (the `confirmation` module).
//!
//! The tenant's team gets each lead with its conversation through the admin API (an audited
//! content read) and, when the site names one, through a webhook signed with HMAC
//! (the `lead_webhook` module).

use serde::{Deserialize, Serialize};
use sotto_core::access::Permission;
use sotto_core::consent::ConsentPurpose;
use sotto_core::lead::{LeadPurpose, normalized_email};
use sotto_core::{ConversationId, LeadId, Phase, Pseudonym, SiteId, TenantId, UnixTime, VisitorId};
use sotto_store::{ConversationRecord, ConversationStore, EmailIndex, LeadRecord, MainStore};
use tracing::{info, instrument};

use crate::chat::sealing::{MessageSealer, Sealer};
use crate::chat::stored_message::{MessageView, open_stored_message};
use crate::consent::ledger::{ConsentAnswer, ConsentState, latest_answers};
use crate::leads::confirmation::{Budget, CODE_WINDOW_SECONDS, CodeContext};
use crate::setup::mail::Outgoing;
use crate::team::access::{Actor, Caller};
use crate::tenancy::sites::OpenSite;
use crate::{AppError, AppResult, Sotto};

/// What the widget sends when a visitor leaves their address.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailOffer {
    /// Why they leave it.
    pub purpose: LeadPurpose,
    /// The address as typed.
    pub email: String,
    /// The conversation it is about (required for a summary).
    #[serde(default)]
    pub conversation_id: Option<ConversationId>,
    /// Their answers to the questions shown beside the field: `email_followup` (required to
    /// be contacted) and `marketing` (only when they ticked the separate box).
    #[serde(default)]
    pub answers: Vec<ConsentAnswer>,
    /// Language of the summary (`en` or `fr`; the site's otherwise).
    #[serde(default)]
    pub language: Option<String>,
    /// For a summary: the code e-mailed to the address after a first request without one.
    #[serde(default)]
    pub confirmation_code: Option<String>,
}

/// What came of an [`EmailOffer`].
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EmailOutcome {
    /// The lead, when the address is kept (the visitor agreed to be written to or to receive
    /// marketing); `None` when it was only used to send a summary.
    pub lead_id: Option<LeadId>,
    /// Whether a summary was sent.
    pub summary_sent: bool,
    /// Whether a code was sent to the address instead, to be sent back with the same offer
    /// (a summary goes only to an address the visitor showed they read).
    pub confirmation_sent: bool,
    /// Where the visitor now stands on each consent purpose.
    pub consents: ConsentState,
}

/// A lead as the tenant's team sees it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LeadView {
    /// Identifier.
    pub id: LeadId,
    /// The site it was left on.
    pub site_id: SiteId,
    /// Why the visitor left it.
    pub purpose: LeadPurpose,
    /// The address.
    pub email: String,
    /// When it was left.
    pub created_at: UnixTime,
    /// Whether the visitor's latest answer lets the tenant write to them about their request.
    pub may_contact: bool,
    /// Whether their latest answer lets the tenant send them marketing.
    pub marketing: bool,
    /// The conversation it is about, if it is still stored.
    pub conversation_id: Option<ConversationId>,
    /// That conversation's phase.
    pub phase: Option<Phase>,
    /// That conversation, oldest message first, as the tenant's policy stored it.
    pub conversation: Vec<MessageView>,
}

/// Refuses what a lead cannot be made of, before anything is recorded.
fn checked_offer(offer: &EmailOffer) -> AppResult<String> {
    let address = normalized_email(&offer.email)
        .ok_or_else(|| AppError::Invalid("this is not an e-mail address".into()))?;
    if offer
        .answers
        .iter()
        .any(|a| a.purpose == ConsentPurpose::ConversationStorage)
    {
        return Err(AppError::Invalid(
            "only the e-mail questions are answered here".into(),
        ));
    }
    if offer.purpose == LeadPurpose::Contact && !grants(offer, ConsentPurpose::EmailFollowup) {
        return Err(AppError::Invalid(
            "to be contacted, agree to be written to about your request".into(),
        ));
    }
    if offer.purpose == LeadPurpose::Summary && offer.conversation_id.is_none() {
        return Err(AppError::Invalid("a summary needs a conversation".into()));
    }
    Ok(address)
}

fn grants(offer: &EmailOffer, purpose: ConsentPurpose) -> bool {
    offer
        .answers
        .iter()
        .any(|a| a.purpose == purpose && a.granted)
}

/// The message that carries a confirmation code: subject and body.
fn code_text(controller: &str, french: bool, code: &str) -> (String, String) {
    if french {
        (
            format!("Votre code : {code}"),
            format!(
                "Votre code pour recevoir le résumé de votre conversation avec {controller} : {code}\n\nIl est valable 15 à 30 minutes. Si vous n'avez rien demandé, ignorez ce message : rien ne sera envoyé sans ce code.\n"
            ),
        )
    } else {
        (
            format!("Your code: {code}"),
            format!(
                "Your code to receive the summary of your conversation with {controller}: {code}\n\nIt is valid for 15 to 30 minutes. If you did not ask for anything, ignore this message: nothing is sent without this code.\n"
            ),
        )
    }
}

/// The plain-text summary of a conversation.
fn summary_text(controller: &str, french: bool, messages: &[MessageView]) -> (String, String) {
    let (subject, intro, you, assistant, source, outro) = if french {
        (
            format!("Votre conversation avec {controller}"),
            format!("Voici la conversation que vous avez eue avec l'assistant de {controller}."),
            "Vous",
            "Assistant",
            "Source",
            "Vous recevez ce message parce que vous l'avez demandé.",
        )
    } else {
        (
            format!("Your conversation with {controller}"),
            format!("Here is the conversation you had with the assistant of {controller}."),
            "You",
            "Assistant",
            "Source",
            "You receive this message because you asked for it.",
        )
    };
    let mut body = format!("{intro}\n\n");
    for message in messages {
        let who = if message.role == "visitor" {
            you
        } else {
            assistant
        };
        body.push_str(&format!("{who}: {}\n", message.text));
        for citation in &message.citations {
            body.push_str(&format!(
                "  {source}: {} <{}>\n",
                citation.title, citation.url
            ));
        }
        body.push('\n');
    }
    body.push_str(outro);
    body.push('\n');
    (subject, body)
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Takes the address a visitor leaves in the widget: records their answers to the questions
    /// shown, keeps the address (sealed) when they agreed to be written to or to receive
    /// marketing, tells the tenant (webhook), and sends the summary they asked for.
    #[instrument(skip_all, fields(site = %site.id(), purpose = offer.purpose.as_str()))]
    pub async fn leave_email(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
        offer: EmailOffer,
    ) -> AppResult<EmailOutcome> {
        let tenant = site.tenant();
        let settings = self.site_privacy(tenant, site.id()).await?;
        if !settings.email_capture {
            return Err(AppError::Invalid(
                "this site does not ask for e-mail addresses".into(),
            ));
        }
        let address = checked_offer(&offer)?;
        if offer.purpose == LeadPurpose::Summary && self.mailer.is_none() {
            return Err(AppError::Invalid(
                "this installation sends no e-mail".into(),
            ));
        }
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let pseudonym = self.privacy.pseudonym(&tenant_key, visitor);
        if !self.storage_allowed(tenant, site.id(), &pseudonym).await? {
            return Err(AppError::Invalid(
                "nothing of yours is stored on this site, so no address can be kept either".into(),
            ));
        }
        let conversation = match offer.conversation_id {
            Some(id) => Some(
                self.conversations
                    .conversation(tenant, id)
                    .await?
                    .filter(|c| c.site_id == *site.id() && c.pseudonym == pseudonym)
                    .ok_or(AppError::NotFound("conversation"))?,
            ),
            None => None,
        };
        if offer.purpose == LeadPurpose::Summary {
            let index = EmailIndex(tenant_key.email_blind_index(&address));
            let context = CodeContext {
                tenant,
                visitor: &pseudonym,
                address: &index,
            };
            match offer.confirmation_code.as_deref() {
                None => {
                    self.send_confirmation_code(site, &pseudonym, &address, &context)
                        .await?;
                    return Ok(EmailOutcome {
                        lead_id: None,
                        summary_sent: false,
                        confirmation_sent: true,
                        consents: self.consent_state(site, visitor).await?,
                    });
                }
                Some(code) => {
                    self.mail_limits
                        .take(&[Budget::VisitorTries(tenant, &pseudonym)])?;
                    if !self.code_matches(&context, code)? {
                        return Err(AppError::Invalid(
                            "this code is not the one sent, or it has expired".into(),
                        ));
                    }
                    self.mail_limits.take(&[
                        Budget::VisitorMails(tenant, &pseudonym),
                        Budget::SiteMails(site.id()),
                    ])?;
                }
            }
        }
        let keep = grants(&offer, ConsentPurpose::EmailFollowup)
            || grants(&offer, ConsentPurpose::Marketing);
        for answer in offer.answers.iter().cloned() {
            self.record_consent(site, visitor, answer).await?;
        }
        let sealer = self
            .sealer_for(tenant, &tenant_key, &pseudonym, true)
            .await?
            .ok_or(AppError::NotFound("visitor key"))?;
        // The conversation's sealer opens its messages and seals the address left about it.
        let conversation_sealer = match &conversation {
            Some(c) => self.message_sealer(tenant, &sealer, c.id, false).await?,
            None => sealer.messages(None),
        };
        let messages = match &conversation {
            Some(c) => self.transcript(&conversation_sealer, tenant, c.id).await?,
            None => Vec::new(),
        };
        let lead_id = if keep {
            let id = LeadId::random();
            let record = LeadRecord {
                tenant_id: tenant,
                id,
                site_id: site.id().clone(),
                conversation_id: conversation.as_ref().map(|c| c.id),
                pseudonym,
                purpose: offer.purpose,
                email: conversation_sealer.seal_email(tenant, id, &address)?,
                email_index: EmailIndex(tenant_key.email_blind_index(&address)),
                created_at: sotto_core::now(),
                sealing: conversation_sealer.sealing(),
            };
            self.conversations.record_lead(&record).await?;
            info!("lead recorded");
            let consents =
                latest_answers(&self.conversations.consents_of(tenant, &pseudonym).await?);
            let view = lead_view(
                &record,
                address.clone(),
                &consents,
                conversation.as_ref(),
                messages.clone(),
            );
            self.post_lead(&tenant_key, &settings, &view);
            Some(record.id)
        } else {
            None
        };
        let summary_sent = match (offer.purpose, &self.mailer) {
            (LeadPurpose::Summary, Some(mailer)) => {
                let (controller, _) = self.controller_of(tenant).await?;
                let french = offer.language.as_deref().unwrap_or(&site.0.language) == "fr";
                let (subject, body) = summary_text(&controller, french, &messages);
                mailer
                    .send(Outgoing {
                        to: &address,
                        subject: &subject,
                        body,
                    })
                    .await?;
                info!("summary sent");
                true
            }
            _ => false,
        };
        Ok(EmailOutcome {
            lead_id,
            summary_sent,
            confirmation_sent: false,
            consents: self.consent_state(site, visitor).await?,
        })
    }

    /// Sends the code that confirms an address, in a message of fixed wording (the
    /// controller's name, the code): nothing the visitor typed.
    async fn send_confirmation_code(
        &self,
        site: &OpenSite,
        pseudonym: &Pseudonym,
        address: &str,
        context: &CodeContext<'_>,
    ) -> AppResult<()> {
        let Some(mailer) = &self.mailer else {
            return Err(AppError::Invalid(
                "this installation sends no e-mail".into(),
            ));
        };
        self.mail_limits.take(&[
            Budget::VisitorMails(context.tenant, pseudonym),
            Budget::SiteMails(site.id()),
        ])?;
        let code = self
            .keyring
            .master()
            .confirmation_code(&context.bytes(sotto_core::now()))?;
        let (controller, _) = self.controller_of(context.tenant).await?;
        let (subject, body) = code_text(&controller, site.0.language == "fr", &code);
        mailer
            .send(Outgoing {
                to: address,
                subject: &subject,
                body,
            })
            .await?;
        info!("confirmation code sent");
        Ok(())
    }

    /// Whether `code` is the one made for `context` in this window or the last.
    fn code_matches(&self, context: &CodeContext<'_>, code: &str) -> AppResult<bool> {
        let now = sotto_core::now();
        let master = self.keyring.master();
        for at in [now, now - CODE_WINDOW_SECONDS] {
            let expected = master.confirmation_code(&context.bytes(at))?;
            if sotto_crypto::session::same_token(&expected, code.trim()) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The leads of the caller's tenant (of one site, when given), most recent first, each
    /// with its address and conversation: every lead read is written to the audit log.
    pub async fn team_leads(
        &self,
        caller: &Caller,
        site: Option<&SiteId>,
    ) -> AppResult<Vec<LeadView>> {
        caller.require(Permission::ReadConversations)?;
        self.leads(caller.tenant, site, &caller.actor).await
    }

    /// The leads of a tenant (of one site, when given), most recent first, each read written
    /// to the audit log under `actor`.
    pub async fn leads(
        &self,
        tenant: TenantId,
        site: Option<&SiteId>,
        actor: &Actor,
    ) -> AppResult<Vec<LeadView>> {
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let mut views = Vec::new();
        for record in self.conversations.leads(tenant, None).await? {
            if site.is_some_and(|s| *s != record.site_id) {
                continue;
            }
            let Some(sealer) = self
                .sealer_for(tenant, &tenant_key, &record.pseudonym, false)
                .await?
            else {
                continue;
            };
            let address_sealer = self.lead_sealer(tenant, &sealer, &record).await?;
            if !address_sealer.can_open(record.sealing) {
                // Its conversation's key was shredded: erased, though the row came back.
                continue;
            }
            self.audit(tenant, actor, "lead.read", &record.id.to_string())
                .await?;
            let address =
                address_sealer.open_email(tenant, record.id, record.sealing, &record.email)?;
            let consents = latest_answers(
                &self
                    .conversations
                    .consents_of(tenant, &record.pseudonym)
                    .await?,
            );
            let conversation = match record.conversation_id {
                Some(id) => self.conversations.conversation(tenant, id).await?,
                None => None,
            };
            let messages = match &conversation {
                Some(c) => self.transcript(&address_sealer, tenant, c.id).await?,
                None => Vec::new(),
            };
            views.push(lead_view(
                &record,
                address,
                &consents,
                conversation.as_ref(),
                messages,
            ));
        }
        Ok(views)
    }

    /// Erases everyone who left `email` with the caller's tenant (a request that reached the
    /// tenant by e-mail names an address, not a browser).
    pub async fn team_erase_email(
        &self,
        caller: &Caller,
        email: &str,
    ) -> AppResult<crate::rights::erasure::Receipt> {
        caller.require(Permission::EraseData)?;
        self.erase_email(caller.tenant, email, &caller.actor).await
    }

    /// The sealer of a lead's address: its conversation's key, when it has one.
    pub(crate) async fn lead_sealer<'s>(
        &self,
        tenant: TenantId,
        sealer: &'s Sealer,
        lead: &LeadRecord,
    ) -> AppResult<MessageSealer<'s>> {
        match lead.conversation_id {
            Some(conversation) => {
                self.message_sealer(tenant, sealer, conversation, false)
                    .await
            }
            None => Ok(sealer.messages(None)),
        }
    }

    /// Every message of a conversation, opened with its sealer; those whose key was shredded
    /// are left out.
    async fn transcript(
        &self,
        sealer: &MessageSealer<'_>,
        tenant: TenantId,
        conversation: ConversationId,
    ) -> AppResult<Vec<MessageView>> {
        self.conversations
            .messages(tenant, conversation, usize::MAX)
            .await?
            .iter()
            .filter(|m| sealer.can_open(m.sealing))
            .map(|m| open_stored_message(sealer, tenant, conversation, m).map(|o| o.view))
            .collect()
    }
}

/// A lead as the team sees it; `conversation` is the stored conversation it is about, if it
/// is still stored, and `messages` its messages.
fn lead_view(
    record: &LeadRecord,
    email: String,
    consents: &[crate::consent::ledger::ConsentEventView],
    conversation: Option<&ConversationRecord>,
    messages: Vec<MessageView>,
) -> LeadView {
    let granted = |purpose| consents.iter().any(|a| a.purpose == purpose && a.granted);
    LeadView {
        id: record.id,
        site_id: record.site_id.clone(),
        purpose: record.purpose,
        email,
        created_at: record.created_at,
        may_contact: granted(ConsentPurpose::EmailFollowup),
        marketing: granted(ConsentPurpose::Marketing),
        conversation_id: conversation.map(|c| c.id),
        phase: conversation.map(|c| c.phase),
        conversation: messages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotto_core::{Citation, MessageId};

    fn offer(purpose: LeadPurpose, answers: &[(ConsentPurpose, bool)]) -> EmailOffer {
        EmailOffer {
            purpose,
            email: " Ada@Example.org ".into(),
            conversation_id: Some(ConversationId::random()),
            answers: answers
                .iter()
                .map(|&(purpose, granted)| ConsentAnswer {
                    purpose,
                    granted,
                    language: "en".into(),
                    text_version: 1,
                    text_sha256: "00".into(),
                })
                .collect(),
            language: None,
            confirmation_code: None,
        }
    }

    #[test]
    fn contact_needs_the_follow_up_answer_and_a_real_address() {
        use ConsentPurpose::*;
        assert_eq!(
            checked_offer(&offer(LeadPurpose::Contact, &[(EmailFollowup, true)])).unwrap(),
            "ada@example.org"
        );
        assert!(checked_offer(&offer(LeadPurpose::Contact, &[])).is_err());
        assert!(checked_offer(&offer(LeadPurpose::Contact, &[(Marketing, true)])).is_err());
        assert!(checked_offer(&offer(LeadPurpose::Summary, &[])).is_ok());
        assert!(
            checked_offer(&offer(LeadPurpose::Summary, &[(ConversationStorage, true)])).is_err()
        );
        let mut bad = offer(LeadPurpose::Summary, &[]);
        bad.email = "ada".into();
        assert!(checked_offer(&bad).is_err());
        bad.email = "ada@example.org".into();
        bad.conversation_id = None;
        assert!(
            checked_offer(&bad).is_err(),
            "a summary needs a conversation"
        );
    }

    #[test]
    fn summaries_list_every_message_with_its_sources() {
        let message = |role, text: &str, citations| MessageView {
            id: MessageId::random(),
            role,
            text: text.into(),
            citations,
            kind: None,
            vote_token: None,
            created_at: 0,
        };
        let messages = [
            message("visitor", "When do you ship?", Vec::new()),
            message(
                "assistant",
                "Within two days.",
                vec![Citation {
                    url: "https://shop.example/shipping".into(),
                    title: "Shipping".into(),
                    snippet: String::new(),
                    version: None,
                }],
            ),
        ];
        let (subject, body) = summary_text("Acme", false, &messages);
        assert_eq!(subject, "Your conversation with Acme");
        assert!(body.contains("You: When do you ship?"), "{body}");
        assert!(body.contains("Assistant: Within two days."), "{body}");
        assert!(body.contains("Source: Shipping <https://shop.example/shipping>"));
        let (subject, body) = summary_text("Acme", true, &messages);
        assert_eq!(subject, "Votre conversation avec Acme");
        assert!(body.contains("Vous: When do you ship?"));
    }
}
