//! The public widget API. The visitor is identified only by the `Sotto-Visitor` header; every
//! route checks the request origin against the site before doing anything else.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_DISPOSITION;
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sotto_app::chat::turn::{ConversationView, TurnReply, VisitorMessage};
use sotto_app::compliance::notice::SitePrivacyTexts;
use sotto_app::consent::ledger::{ConsentAnswer, ConsentProof, ConsentState};
use sotto_app::leads::capture::{EmailOffer, EmailOutcome};
use sotto_app::rights::erasure::Receipt;
use sotto_app::rights::export::VisitorExport;
use sotto_app::rights::objection::ObjectionState;
use sotto_app::team::access::Actor;
use sotto_app::tenancy::sites::OpenSite;
use sotto_app::tenancy::sites::WidgetSettings;
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::{ConversationId, SiteId, VisitorId};
use tracing::instrument;

use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{JsonBody, VISITOR_HEADER, Visitor};
use crate::origin::{self, AllowedOrigin};
use crate::{ApiError, AppState};

/// `GET /api/v1/sites/{site}/settings`.
pub static SETTINGS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/sites/{site}/settings",
    "widgetSettings",
    "What the widget shows before the first message: language and privacy notice link.",
)
.widget(false)
.returns(200, schema::<WidgetSettings>);
/// `POST /api/v1/sites/{site}/messages`.
pub static SEND_MESSAGE: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/sites/{site}/messages",
    "sendMessage",
    "One chat turn: the visitor's message in, the cited answer out.",
)
.widget(true)
.body(schema::<VisitorMessage>)
.returns(200, schema::<TurnReply>);
/// `POST /api/v1/sites/{site}/messages/stream`.
pub static STREAM_MESSAGE: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/sites/{site}/messages/stream",
    "streamMessage",
    "sendMessage as server-sent events: `delta` events ({\"text\"}) as a language model writes the answer, then one `done` event (the TurnReply as stored, authoritative) or one `error` event ({\"error\":{\"code\",\"message\"}}).",
)
.widget(true)
.body(schema::<VisitorMessage>)
.returns_text("text/event-stream");
/// `GET /api/v1/sites/{site}/me/conversations`.
pub static MY_CONVERSATIONS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/sites/{site}/me/conversations",
    "myConversations",
    "The visitor's conversations on the site, with their last messages (team members' replies included, as role `agent`), and whether the visitor's messages are stored. The widget asks again every few seconds while it is open.",
)
.widget(true)
.returns(200, schema::<Conversations>);
/// `DELETE /api/v1/sites/{site}/me`.
pub static ERASE_ME: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/sites/{site}/me",
    "eraseMe",
    "Erases everything the visitor has with the site's owner, at once; returns the receipt.",
)
.widget(true)
.returns(200, schema::<Receipt>);
/// `POST /api/v1/sites/{site}/me/objection`.
pub static OBJECT: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/sites/{site}/me/objection",
    "object",
    "The visitor objects to storage: nothing more is stored, and what was is erased.",
)
.widget(true)
.returns(200, schema::<ObjectionState>);
/// `DELETE /api/v1/sites/{site}/me/objection`.
pub static WITHDRAW_OBJECTION: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/sites/{site}/me/objection",
    "withdrawObjection",
    "The visitor withdraws their objection: their next messages are stored again.",
)
.widget(true)
.returns(200, schema::<ObjectionState>);
/// `GET /api/v1/sites/{site}/me/export`.
pub static EXPORT_ME: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/sites/{site}/me/export",
    "exportMe",
    "Everything held on the visitor, as a JSON download, or a readable page with `?format=html`.",
)
.widget(true)
.returns(200, schema::<VisitorExport>);
/// `DELETE /api/v1/sites/{site}/me/conversations/{conversation}`.
pub static ERASE_MY_CONVERSATION: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/sites/{site}/me/conversations/{conversation}",
    "eraseMyConversation",
    "Erases one of the visitor's conversations; returns the receipt.",
)
.widget(true)
.returns(200, schema::<Receipt>);

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

/// The widget API routes, each with its CORS preflight.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    let api = Api::default()
        .add(&SETTINGS, settings::<M, C>)
        .add(&SEND_MESSAGE, send_message::<M, C>)
        .add(&STREAM_MESSAGE, stream_message::<M, C>)
        .add(&MY_CONVERSATIONS, my_conversations::<M, C>)
        .add(&ERASE_ME, erase_me::<M, C>)
        .add(&OBJECT, objection::<M, C, true>)
        .add(&WITHDRAW_OBJECTION, objection::<M, C, false>)
        .add(&EXPORT_ME, export_me::<M, C>)
        .add(&ERASE_MY_CONVERSATION, erase_my_conversation::<M, C>)
        .add(&PRIVACY_TEXTS, privacy_texts::<M, C>)
        .add(&MY_CONSENTS, my_consents::<M, C>)
        .add(&GIVE_CONSENT, answer_consent::<M, C>)
        .add(&MY_CONSENT_PROOF, my_consent_proof::<M, C>)
        .add(&LEAVE_EMAIL, leave_email::<M, C>);
    let mut paths: Vec<&'static str> = api.endpoints().iter().map(|e| e.path).collect();
    paths.sort_unstable();
    paths.dedup();
    paths
        .into_iter()
        .fold(api, |api, path| api.preflight(path, preflight::<M, C>))
}

/// The site of any widget route; other path parameters are left to each route.
#[derive(Deserialize)]
struct SitePath {
    site: String,
}

/// Resolves the site (once per request) and checks the request origin against it.
async fn site_access<M: MainStore, C: ConversationStore>(
    sotto: &AppState<M, C>,
    site: &str,
    headers: &HeaderMap,
) -> Result<(OpenSite, AllowedOrigin), ApiError> {
    let site_id: SiteId = site
        .parse()
        .map_err(|_| ApiError::not_found("site not found"))?;
    let open = sotto.open_site(&site_id).await?;
    let allowed = origin::check(headers, open.origins(), &sotto.config().public_url())?;
    Ok((open, allowed))
}

/// Runs `handler` after the origin check, and puts the CORS headers on the JSON it returns.
async fn with_site<M, C, T, F>(
    sotto: &AppState<M, C>,
    site: &str,
    headers: &HeaderMap,
    handler: F,
) -> Response
where
    M: MainStore,
    C: ConversationStore,
    T: Serialize,
    F: AsyncFnOnce(OpenSite) -> Result<T, ApiError>,
{
    with_site_response(sotto, site, headers, async |open| {
        handler(open).await.map(|body| Json(body).into_response())
    })
    .await
}

/// [`with_site`] for handlers that act for the visitor named by the `Sotto-Visitor` header.
async fn with_visitor<M, C, T, F>(
    sotto: &AppState<M, C>,
    site: &str,
    headers: &HeaderMap,
    visitor: Result<Visitor, ApiError>,
    handler: F,
) -> Response
where
    M: MainStore,
    C: ConversationStore,
    T: Serialize,
    F: AsyncFnOnce(OpenSite, VisitorId) -> Result<T, AppError>,
{
    with_site(sotto, site, headers, async |open| {
        let Visitor(visitor) = visitor?;
        Ok(handler(open, visitor).await?)
    })
    .await
}

/// [`with_site`] for handlers that shape their own response.
async fn with_site_response<M, C, F>(
    sotto: &AppState<M, C>,
    site: &str,
    headers: &HeaderMap,
    handler: F,
) -> Response
where
    M: MainStore,
    C: ConversationStore,
    F: AsyncFnOnce(OpenSite) -> Result<Response, ApiError>,
{
    match site_access(sotto, site, headers).await {
        Err(error) => error.into_response(),
        Ok((site, allowed)) => {
            let visitor = headers
                .get(VISITOR_HEADER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<VisitorId>().ok());
            if let Err(limited) = sotto.limits().check_widget(site.id(), visitor.as_ref()) {
                return allowed.apply(ApiError::from(limited));
            }
            match handler(site).await {
                Ok(response) => allowed.apply(response),
                Err(error) => allowed.apply(error),
            }
        }
    }
}

#[instrument(skip_all)]
async fn preflight<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(SitePath { site }): Path<SitePath>,
    headers: HeaderMap,
) -> Response {
    match site_access(&sotto, &site, &headers).await {
        Ok((_, allowed)) => allowed.preflight(),
        Err(error) => error.into_response(),
    }
}

#[instrument(skip_all)]
async fn settings<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
) -> Response {
    with_site(&sotto, &site, &headers, async |open| {
        Ok(sotto.widget_settings(&open).await?)
    })
    .await
}

#[instrument(skip_all)]
async fn send_message<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
    body: Result<JsonBody<VisitorMessage>, ApiError>,
) -> Response {
    with_site(&sotto, &site, &headers, async |open| {
        let Visitor(visitor) = visitor?;
        let JsonBody(message) = body?;
        Ok(sotto.send_message(&open, &visitor, message).await?)
    })
    .await
}

#[instrument(skip_all)]
async fn stream_message<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
    body: Result<JsonBody<VisitorMessage>, ApiError>,
) -> Response {
    with_site_response(&sotto, &site, &headers, async |open| {
        let Visitor(visitor) = visitor?;
        let JsonBody(message) = body?;
        crate::turn_stream::stream_turn(sotto.clone(), open, visitor, message).await
    })
    .await
}

/// The visitor's conversations, as `{"conversations": [...], "storing": true}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Conversations {
    conversations: Vec<ConversationView>,
    /// Whether the visitor's messages are stored here. When they are, a conversation the
    /// widget remembers but that is missing here was erased (by the site's team, or by
    /// retention), and the widget forgets it too; when they are not, the browser's copy is
    /// the only one.
    storing: bool,
}

#[instrument(skip_all)]
async fn my_conversations<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
) -> Response {
    with_visitor(&sotto, &site, &headers, visitor, async |open, visitor| {
        let conversations = sotto.visitor_conversations(&open, &visitor).await?;
        let storing = sotto.consent_state(&open, &visitor).await?.storing;
        Ok(Conversations {
            conversations,
            storing,
        })
    })
    .await
}

/// Erases everything the visitor has with the site's owner, at once; returns the receipt.
#[instrument(skip_all)]
async fn erase_me<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
) -> Response {
    with_visitor(&sotto, &site, &headers, visitor, async |open, visitor| {
        sotto.erase_visitor(&open, &visitor, &Actor::Visitor).await
    })
    .await
}

/// Erases one of the visitor's conversations; returns the receipt.
#[instrument(skip_all)]
async fn erase_my_conversation<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path((site, conversation)): Path<(String, String)>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
) -> Response {
    with_visitor(&sotto, &site, &headers, visitor, async |open, visitor| {
        let conversation: ConversationId = conversation
            .parse()
            .map_err(|_| AppError::NotFound("conversation"))?;
        sotto
            .erase_visitor_conversation(&open, &visitor, conversation, &Actor::Visitor)
            .await
    })
    .await
}

/// `?format=html` for the readable page; JSON otherwise.
#[derive(Deserialize)]
struct ExportFormat {
    #[serde(default)]
    format: Option<String>,
}

/// Everything held on the visitor, as a download: JSON, or HTML with `?format=html`.
#[instrument(skip_all)]
async fn export_me<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
    format: Result<Query<ExportFormat>, axum::extract::rejection::QueryRejection>,
) -> Response {
    with_site_response(&sotto, &site, &headers, async |open| {
        let Visitor(visitor) = visitor?;
        let html = match format.ok().and_then(|Query(f)| f.format).as_deref() {
            None | Some("json") => false,
            Some("html") => true,
            Some(_) => {
                return Err(ApiError::new(
                    sotto_core::ErrorCode::BadRequest,
                    "format is json or html",
                ));
            }
        };
        let export = sotto
            .export_visitor(&open, &visitor, &Actor::Visitor)
            .await?;
        Ok(if html {
            (
                [(CONTENT_DISPOSITION, "attachment; filename=\"my-data.html\"")],
                Html(export.to_html()),
            )
                .into_response()
        } else {
            (
                [(CONTENT_DISPOSITION, "attachment; filename=\"my-data.json\"")],
                Json(export),
            )
                .into_response()
        })
    })
    .await
}

/// The visitor objects to storage (`POST`: nothing more is stored, and what was is erased)
/// or withdraws their objection (`DELETE`: their next messages are stored again).
#[instrument(skip_all)]
async fn objection<M: MainStore, C: ConversationStore, const OBJECTING: bool>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
) -> Response {
    with_visitor(&sotto, &site, &headers, visitor, async |open, visitor| {
        sotto
            .set_objection(&open, &visitor, OBJECTING, &Actor::Visitor)
            .await
    })
    .await
}

/// `?lang=` of the privacy routes.
#[derive(Deserialize)]
struct LanguageQuery {
    lang: Option<String>,
}

#[instrument(skip_all)]
async fn privacy_texts<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    query: Result<Query<LanguageQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    with_site(&sotto, &site, &headers, async |open| {
        let language = query.ok().and_then(|Query(q)| q.lang);
        Ok(sotto.privacy_texts(&open, language.as_deref()).await?)
    })
    .await
}

#[instrument(skip_all)]
async fn my_consents<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
) -> Response {
    with_visitor(&sotto, &site, &headers, visitor, async |open, visitor| {
        sotto.consent_state(&open, &visitor).await
    })
    .await
}

#[instrument(skip_all)]
async fn leave_email<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
    body: Result<JsonBody<EmailOffer>, ApiError>,
) -> Response {
    with_site(&sotto, &site, &headers, async |open| {
        let Visitor(visitor) = visitor?;
        let JsonBody(offer) = body?;
        Ok(sotto.leave_email(&open, &visitor, offer).await?)
    })
    .await
}

#[instrument(skip_all)]
async fn answer_consent<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
    body: Result<JsonBody<ConsentAnswer>, ApiError>,
) -> Response {
    with_site(&sotto, &site, &headers, async |open| {
        let Visitor(visitor) = visitor?;
        let JsonBody(answer) = body?;
        Ok(sotto.record_consent(&open, &visitor, answer).await?)
    })
    .await
}

#[instrument(skip_all)]
async fn my_consent_proof<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
) -> Response {
    with_visitor(&sotto, &site, &headers, visitor, async |open, visitor| {
        sotto.my_consent_proof(&open, &visitor).await
    })
    .await
}
