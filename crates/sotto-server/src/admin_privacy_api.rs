//! The admin API of privacy settings and compliance texts: the tenant's privacy profile, each
//! site's consent mode, every published version of its notice and questions, and the
//! verification of the consent ledger.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use sotto_app::consent::ConsentCheck;
use sotto_app::notice::TextView;
use sotto_app::privacy_settings::{PrivacyProfile, SitePrivacy};
use sotto_app::register::ProcessingRegister;
use sotto_app::{ConversationStore, MainStore};
use sotto_core::access::Permission::*;
use sotto_core::{ErrorCode, SiteId};
use tracing::instrument;

use crate::admin_api::reply;
use crate::auth::Admin;
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
