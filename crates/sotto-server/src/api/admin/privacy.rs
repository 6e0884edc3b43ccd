//! The admin API of privacy settings and compliance documents: the tenant's privacy profile,
//! each site's consent mode, every published version of its notice and questions, the
//! verification of the consent ledger, the register of processing and the breach register.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use sotto_app::compliance::breaches::{BreachChange, BreachDetails, BreachView};
use sotto_app::compliance::notice::TextView;
use sotto_app::compliance::register::ProcessingRegister;
use sotto_app::consent::ledger::ConsentCheck;
use sotto_app::consent::privacy_settings::{PrivacyProfile, SitePrivacy};
use sotto_app::{ConversationStore, MainStore};
use sotto_core::access::Permission::*;
use sotto_core::{ErrorCode, SiteId};
use tracing::instrument;

use super::auth::Admin;
use super::reply;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{IdPath, JsonBody, QueryParams};
use crate::{ApiError, AppState};

/// `GET /api/v1/admin/privacy`.
pub static GET_PROFILE: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/privacy",
    "getPrivacyProfile",
    "The controller details the privacy notice prints: legal name, address, contact and DPO e-mail.",
)
.team(ManageSettings)
.returns(200, schema::<PrivacyProfile>);
/// `PUT /api/v1/admin/privacy`.
pub static PUT_PROFILE: Endpoint = Endpoint::new(
    Verb::Put,
    "/api/v1/admin/privacy",
    "putPrivacyProfile",
    "Replaces the privacy profile; every site's notice gets a new version on its next read.",
)
.team(ManageSettings)
.body(schema::<PrivacyProfile>)
.returns(200, schema::<PrivacyProfile>);
/// `GET /api/v1/admin/sites/{site}/privacy`.
pub static GET_SITE_PRIVACY: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites/{site}/privacy",
    "getSitePrivacy",
    "How the site asks before storing conversations.",
)
.team(ManageSites)
.returns(200, schema::<SitePrivacy>);
/// `PUT /api/v1/admin/sites/{site}/privacy`.
pub static PUT_SITE_PRIVACY: Endpoint = Endpoint::new(
    Verb::Put,
    "/api/v1/admin/sites/{site}/privacy",
    "putSitePrivacy",
    "Sets the site's consent mode (`legitimate_interest` or `opt_in`); the notice and questions get new versions.",
)
.team(ManageSites)
.body(schema::<SitePrivacy>)
.returns(200, schema::<SitePrivacy>);
/// `GET /api/v1/admin/sites/{site}/texts`.
pub static TEXT_HISTORY: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites/{site}/texts",
    "textHistory",
    "Every published version of the site's privacy notice and consent questions, in English and French.",
)
.team(ReadAnalytics)
.returns(200, schema::<Texts>);
/// `GET /api/v1/admin/consents/verify`.
pub static VERIFY_CONSENTS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/consents/verify",
    "verifyConsents",
    "Recomputes the tenant's consent ledger and names the first event that was edited, inserted or removed.",
)
.team(ReadAudit)
.returns(200, schema::<ConsentCheck>);

/// `GET /api/v1/admin/register`.
pub static REGISTER: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/register",
    "processingRegister",
    "The register of processing activities (GDPR art. 30) generated from the live configuration: JSON, or `?format=md|html`.",
)
.team(ReadAnalytics)
.returns(200, schema::<ProcessingRegister>);

/// `GET /api/v1/admin/breaches`.
pub static LIST_BREACHES: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/breaches",
    "listBreaches",
    "The breach register: every breach with the time the authority must be notified by (detection + 72 hours), hours left, overdue ones flagged, and drafted notifications.",
)
.team(ManageSettings)
.returns(200, schema::<Breaches>);
/// `POST /api/v1/admin/breaches`.
pub static OPEN_BREACH: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/breaches",
    "openBreach",
    "Records a breach; its 72 hours run from `detected_at` (now when absent).",
)
.team(ManageSettings)
.body(schema::<BreachDetails>)
.returns(201, schema::<BreachView>);
/// `PATCH /api/v1/admin/breaches/{breach}`.
pub static UPDATE_BREACH: Endpoint = Endpoint::new(
    Verb::Patch,
    "/api/v1/admin/breaches/{breach}",
    "updateBreach",
    "Changes a breach; `authority_notified` / `subjects_notified` record the notifications.",
)
.team(ManageSettings)
.body(schema::<BreachChange>)
.returns(200, schema::<BreachView>);
/// `POST /api/v1/admin/breaches/{breach}/close`.
pub static CLOSE_BREACH: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/breaches/{breach}/close",
    "closeBreach",
    "Closes a breach; it stays in the register.",
)
.team(ManageSettings)
.returns(200, schema::<BreachView>);

/// `{"breaches": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Breaches {
    /// Most recently detected first.
    pub breaches: Vec<BreachView>,
}

/// `{"texts": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Texts {
    /// Versions by kind, language and version.
    pub texts: Vec<TextView>,
}

/// The routes of this module.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&GET_PROFILE, get_profile::<M, C>)
        .add(&PUT_PROFILE, put_profile::<M, C>)
        .add(&GET_SITE_PRIVACY, get_site_privacy::<M, C>)
        .add(&PUT_SITE_PRIVACY, put_site_privacy::<M, C>)
        .add(&TEXT_HISTORY, text_history::<M, C>)
        .add(&VERIFY_CONSENTS, verify_consents::<M, C>)
        .add(&REGISTER, register::<M, C>)
        .add(&LIST_BREACHES, list_breaches::<M, C>)
        .add(&OPEN_BREACH, open_breach::<M, C>)
        .add(&UPDATE_BREACH, update_breach::<M, C>)
        .add(&CLOSE_BREACH, close_breach::<M, C>)
}

#[instrument(skip_all)]
async fn get_profile<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
) -> Response {
    reply(StatusCode::OK, sotto.team_privacy_profile(&caller).await)
}

#[instrument(skip_all)]
async fn put_profile<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    JsonBody(profile): JsonBody<PrivacyProfile>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_set_privacy_profile(&caller, profile).await,
    )
}

#[instrument(skip_all)]
async fn get_site_privacy<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_site_privacy(&caller, &site).await,
    )
}

#[instrument(skip_all)]
async fn put_site_privacy<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
    JsonBody(settings): JsonBody<SitePrivacy>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_set_site_privacy(&caller, &site, settings).await,
    )
}

#[instrument(skip_all)]
async fn text_history<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    let texts = sotto.team_text_history(&caller, &site).await;
    reply(StatusCode::OK, texts.map(|texts| Texts { texts }))
}

#[instrument(skip_all)]
async fn verify_consents<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
) -> Response {
    reply(StatusCode::OK, sotto.team_verify_consents(&caller).await)
}

/// `?format=` of the register.
#[derive(serde::Deserialize)]
struct RegisterFormat {
    format: Option<String>,
}

#[instrument(skip_all)]
async fn register<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    QueryParams(query): QueryParams<RegisterFormat>,
) -> Response {
    let register = match sotto.team_processing_register(&caller).await {
        Ok(register) => register,
        Err(error) => return ApiError::from(error).into_response(),
    };
    match query.format.as_deref() {
        None | Some("json") => (StatusCode::OK, Json(register)).into_response(),
        Some("md") => (
            [(CONTENT_TYPE, "text/markdown; charset=utf-8")],
            register.to_markdown(),
        )
            .into_response(),
        Some("html") => Html(register.to_html()).into_response(),
        Some(_) => {
            ApiError::new(ErrorCode::BadRequest, "format is json, md or html").into_response()
        }
    }
}

#[instrument(skip_all)]
async fn list_breaches<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
) -> Response {
    let breaches = sotto.team_breaches(&caller).await;
    reply(
        StatusCode::OK,
        breaches.map(|breaches| Breaches { breaches }),
    )
}

#[instrument(skip_all)]
async fn open_breach<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    JsonBody(details): JsonBody<BreachDetails>,
) -> Response {
    reply(
        StatusCode::CREATED,
        sotto.team_open_breach(&caller, details).await,
    )
}

#[instrument(skip_all)]
async fn update_breach<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    Path(breach): Path<String>,
    JsonBody(change): JsonBody<BreachChange>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_update_breach(&caller, &breach, change).await,
    )
}

#[instrument(skip_all)]
async fn close_breach<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    Path(breach): Path<String>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_close_breach(&caller, &breach).await,
    )
}
