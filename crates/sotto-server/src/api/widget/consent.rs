//! What the visitor is told and agrees to: the site's privacy texts, the visitor's consents and
//! their proof, and an e-mail address left for a stated purpose.

use super::access::SiteAccess;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{JsonBody, Visitor};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use sotto_app::compliance::notice::SitePrivacyTexts;
use sotto_app::consent::ledger::{ConsentAnswer, ConsentProof, ConsentState};
use sotto_app::leads::capture::{EmailOffer, EmailOutcome};
use sotto_app::{ConversationStore, MainStore};
use tracing::instrument;

/// `GET /api/v1/sites/{site}/privacy`.
pub static PRIVACY_TEXTS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/sites/{site}/privacy",
    "privacyTexts",
    "The site's consent mode, its current privacy notice and the question of each consent purpose, each with its version and SHA-256, in `?lang=en|fr` (default: the site's language).",
)
.widget(false)
.returns(200, schema::<SitePrivacyTexts>);

/// `GET /api/v1/sites/{site}/me/consents`.
pub static MY_CONSENTS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/sites/{site}/me/consents",
    "myConsents",
    "Where the visitor stands: whether their messages are stored, and their latest answer per purpose.",
)
.widget(true)
.returns(200, schema::<ConsentState>);

/// `POST /api/v1/sites/{site}/me/consents`.
pub static GIVE_CONSENT: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/sites/{site}/me/consents",
    "answerConsent",
    "Records the visitor's answer (granted or withdrawn) to a question the site published, in the hash-chained consent ledger. Withdrawing conversation_storage erases what was stored.",
)
.widget(true)
.body(schema::<ConsentAnswer>)
.returns(200, schema::<ConsentState>);

/// `GET /api/v1/sites/{site}/me/consents/proof`.
pub static MY_CONSENT_PROOF: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/sites/{site}/me/consents/proof",
    "myConsentProof",
    "The visitor's consent proof: their events, the hash chain through them and the questions shown; anyone can check it (`sotto consent check-proof`).",
)
.widget(true)
.returns(200, schema::<ConsentProof>);

/// `POST /api/v1/sites/{site}/me/email`.
pub static LEAVE_EMAIL: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/sites/{site}/me/email",
    "leaveEmail",
    "The visitor leaves an e-mail address for a stated purpose (`contact`: to be written to about their request, which needs a granted `email_followup` answer; `summary`: a summary of the conversation by e-mail), with their answers to the questions shown (`marketing` only if they ticked the separate box). The address is kept, sealed, only with `email_followup` or `marketing` granted; the tenant gets the lead. `400` when the site does not ask for addresses; `502 unavailable` when the e-mail relay fails.",
)
.widget(true)
.body(schema::<EmailOffer>)
.returns(200, schema::<EmailOutcome>);

/// The routes of this resource.
pub(super) fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&PRIVACY_TEXTS, privacy_texts::<M, C>)
        .add(&MY_CONSENTS, my_consents::<M, C>)
        .add(&GIVE_CONSENT, answer_consent::<M, C>)
        .add(&MY_CONSENT_PROOF, my_consent_proof::<M, C>)
        .add(&LEAVE_EMAIL, leave_email::<M, C>)
}

/// `?lang=` of the privacy routes.
#[derive(Deserialize)]
struct LanguageQuery {
    lang: Option<String>,
}

#[instrument(skip_all)]
async fn privacy_texts<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    query: Result<Query<LanguageQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SitePrivacyTexts>, ApiError> {
    let language = query.ok().and_then(|Query(q)| q.lang);
    Ok(Json(sotto.privacy_texts(&site, language.as_deref()).await?))
}

#[instrument(skip_all)]
async fn my_consents<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
) -> Result<Json<ConsentState>, ApiError> {
    Ok(Json(sotto.consent_state(&site, &visitor).await?))
}

#[instrument(skip_all)]
async fn leave_email<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
    JsonBody(offer): JsonBody<EmailOffer>,
) -> Result<Json<EmailOutcome>, ApiError> {
    Ok(Json(sotto.leave_email(&site, &visitor, offer).await?))
}

#[instrument(skip_all)]
async fn answer_consent<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
    JsonBody(answer): JsonBody<ConsentAnswer>,
) -> Result<Json<ConsentState>, ApiError> {
    Ok(Json(sotto.record_consent(&site, &visitor, answer).await?))
}

#[instrument(skip_all)]
async fn my_consent_proof<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
) -> Result<Json<ConsentProof>, ApiError> {
    Ok(Json(sotto.my_consent_proof(&site, &visitor).await?))
}
