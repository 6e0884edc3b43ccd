//! The site's webhook: when a site names one, each new lead (`lead.created`), each
//! conversation that asks for a person (`conversation.handoff`: ids, cause and a link to the
//! conversation page, never what the visitor wrote) and each run of its answer tests with a
//! test newly failing (`site_tests.failed`) is posted to it as JSON,
//! signed with the site's webhook key (`Sotto-Signature: t=…,v1=…`, see [`sotto_crypto::webhook`]), through
//! the guarded outbound client (no private or loopback address unless the operator allows it).
//! Delivery runs in the background with retries, so the visitor never waits for the tenant's
//! system (a command that posted waits for its deliveries before it ends); failures are logged without the address. The team reads the signing key (an
//! audited settings read) and can rotate it.

use std::time::Duration;

use serde::Serialize;
use sotto_core::access::Permission;
use sotto_core::{ConversationId, PhaseCause, SiteId, TenantId};
use sotto_crypto::TenantKey;
use sotto_crypto::webhook::{SIGNATURE_HEADER, signature};
use sotto_knowledge::outbound::OutboundClient;
use sotto_store::{ConversationStore, MainStore};
use tracing::{info, warn};

use crate::consent::privacy_settings::{SitePrivacy, site_key};
use crate::leads::capture::LeadView;
use crate::team::access::{Actor, Caller};
use crate::{AppResult, Sotto};

/// Deliveries tried per lead.
const ATTEMPTS: u32 = 4;
/// The first wait between attempts; doubled after each.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// A site's webhook and the key its calls are signed with.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WebhookKey {
    /// Where leads are posted, if anywhere.
    pub url: Option<String>,
    /// Rotations so far.
    pub generation: u32,
    /// The signing key (hex): the receiver computes `HMAC-SHA256(key, "<t>.<body>")` and
    /// compares it with `v1` of the `Sotto-Signature` header.
    pub secret: String,
}

/// The body of a webhook call.
#[derive(Serialize)]
struct LeadEvent<'a> {
    event: &'static str,
    lead: &'a LeadView,
}

/// The body of a `conversation.handoff` call: who to look at and why, nothing the visitor
/// wrote (the team reads the conversation behind the link, signed in, and that read is
/// audited).
#[derive(Serialize)]
struct HandoffEvent<'a> {
    event: &'static str,
    site_id: &'a SiteId,
    conversation_id: ConversationId,
    /// What asked for a person: `contact_cue` (the visitor's words) or `model`.
    cause: &'static str,
    /// The conversation's page in the admin UI.
    link: String,
    at: i64,
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Tells the site's webhook, if it has one, that `conversation` now asks for a person.
    pub(crate) fn post_handoff(
        &self,
        tenant_key: &TenantKey,
        settings: &SitePrivacy,
        site: &SiteId,
        conversation: ConversationId,
        cause: PhaseCause,
    ) {
        let event = HandoffEvent {
            event: "conversation.handoff",
            site_id: site,
            conversation_id: conversation,
            cause: cause.as_str(),
            link: format!(
                "{}/admin/conversations/{conversation}",
                self.config().public_url()
            ),
            at: sotto_core::now(),
        };
        self.post_event(tenant_key, settings, site, &event);
    }

    /// Posts a new lead to the site's webhook, if it has one, in the background.
    pub(crate) fn post_lead(
        &self,
        tenant_key: &TenantKey,
        settings: &SitePrivacy,
        lead: &LeadView,
    ) {
        let event = LeadEvent {
            event: "lead.created",
            lead,
        };
        self.post_event(tenant_key, settings, &lead.site_id, &event);
    }

    /// Posts `event` to `site`'s webhook, if it has one, signed, in the background.
    pub(crate) fn post_event<T: Serialize>(
        &self,
        tenant_key: &TenantKey,
        settings: &SitePrivacy,
        site: &SiteId,
        event: &T,
    ) {
        let Some(url) = settings.lead_webhook.as_deref() else {
            return;
        };
        let Ok(url) = url::Url::parse(url) else {
            return;
        };
        let Ok(body) = serde_json::to_vec(event) else {
            return;
        };
        let key = tenant_key.webhook_signing_key(site.as_str(), settings.webhook_generation);
        let header = signature(&key, sotto_core::now(), &body);
        let client = self.webhooks.clone();
        self.deliveries.spawn(deliver(client, url, body, header));
    }

    /// A site's webhook and its signing key (admins; the read is audited).
    pub async fn team_webhook_key(&self, caller: &Caller, site: &SiteId) -> AppResult<WebhookKey> {
        caller.require(Permission::ManageSettings)?;
        self.caller_site(caller, site).await?;
        self.webhook_key(site, &caller.actor).await
    }

    /// Replaces a site's webhook signing key with the next one (admins).
    pub async fn team_rotate_webhook_key(
        &self,
        caller: &Caller,
        site: &SiteId,
    ) -> AppResult<WebhookKey> {
        caller.require(Permission::ManageSettings)?;
        self.caller_site(caller, site).await?;
        self.rotate_webhook_key(site, &caller.actor).await
    }

    /// A site's webhook and its signing key; the read is audited.
    pub async fn webhook_key(&self, site: &SiteId, actor: &Actor) -> AppResult<WebhookKey> {
        let tenant = self.site_record(site).await?.tenant_id;
        let settings = self.site_privacy(tenant, site).await?;
        self.audit(tenant, actor, "webhook.key.read", site.as_str())
            .await?;
        self.signing_key_of(tenant, site, settings).await
    }

    /// Replaces a site's webhook signing key with the next one; the old one stops verifying.
    pub async fn rotate_webhook_key(&self, site: &SiteId, actor: &Actor) -> AppResult<WebhookKey> {
        let tenant = self.site_record(site).await?.tenant_id;
        let mut settings = self.site_privacy(tenant, site).await?;
        settings.webhook_generation += 1;
        self.put_settings(tenant, &site_key(site), &settings)
            .await?;
        self.audit(tenant, actor, "webhook.key.rotate", site.as_str())
            .await?;
        info!(site = %site, "webhook key rotated");
        self.signing_key_of(tenant, site, settings).await
    }

    async fn signing_key_of(
        &self,
        tenant: TenantId,
        site: &SiteId,
        settings: SitePrivacy,
    ) -> AppResult<WebhookKey> {
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let key = tenant_key.webhook_signing_key(site.as_str(), settings.webhook_generation);
        Ok(WebhookKey {
            url: settings.lead_webhook,
            generation: settings.webhook_generation,
            secret: key.to_hex_zeroizing().to_string(),
        })
    }
}

/// Posts `body` until the receiver answers 2xx or the attempts run out.
async fn deliver(client: OutboundClient, url: url::Url, body: Vec<u8>, header: String) {
    let mut backoff = FIRST_BACKOFF;
    for attempt in 1..=ATTEMPTS {
        let outcome = match client.request(reqwest::Method::POST, &url) {
            Ok(request) => client
                .send(
                    request
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .header(SIGNATURE_HEADER, &header)
                        .body(body.clone()),
                )
                .await
                .map(|response| response.status()),
            Err(refused) => {
                warn!(%refused, "the webhook's address is refused");
                return;
            }
        };
        match outcome {
            Ok(status) if status.is_success() => {
                info!(attempt, "event delivered to the webhook");
                return;
            }
            Ok(status) => warn!(attempt, %status, "the webhook refused a delivery"),
            Err(error) => warn!(attempt, %error, "the webhook could not be reached"),
        }
        if attempt < ATTEMPTS {
            tokio::time::sleep(backoff).await;
            backoff *= 2;
        }
    }
}
