//! A site's approved answers: listed, written, changed (switched off too) and deleted by the
//! team. Saving answers the detectors' findings, so that an editor who typed someone's
//! personal data into an answer every visitor will read is warned.

use super::auth::Admin;
use super::{id, no_content, reply};
use crate::AppState;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{IdPath, IdPaths, JsonBody};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use sotto_app::knowledge::approved::{
    ApprovedAnswerInput, ApprovedAnswerView, SavedApprovedAnswer,
};
use sotto_app::{ConversationStore, MainStore};
use sotto_core::SiteId;
use sotto_core::access::Permission::*;
use tracing::instrument;

/// `GET /api/v1/admin/sites/{site}/answers`.
pub static LIST_ANSWERS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites/{site}/answers",
    "listApprovedAnswers",
    "The site's approved answers, switched-off ones included, oldest first.",
)
.team(ReadAnalytics)
.returns(200, schema::<Answers>);

/// `POST /api/v1/admin/sites/{site}/answers`.
pub static CREATE_ANSWER: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites/{site}/answers",
    "createApprovedAnswer",
    "Approves an answer: visitors whose question means the same as one of its questions get it (kind `approved`). `personal_data` lists what the detectors found in its text.",
)
.team(EditAnswers)
.body(schema::<ApprovedAnswerInput>)
.returns(201, schema::<SavedApprovedAnswer>);

/// `PUT /api/v1/admin/sites/{site}/answers/{answer}`.
pub static UPDATE_ANSWER: Endpoint = Endpoint::new(
    Verb::Put,
    "/api/v1/admin/sites/{site}/answers/{answer}",
    "updateApprovedAnswer",
    "Replaces an approved answer (`enabled: false` switches it off).",
)
.team(EditAnswers)
.body(schema::<ApprovedAnswerInput>)
.returns(200, schema::<SavedApprovedAnswer>);

/// `POST /api/v1/admin/sites/{site}/answers/{answer}/enable`.
pub static ENABLE_ANSWER: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites/{site}/answers/{answer}/enable",
    "enableApprovedAnswer",
    "Switches an approved answer on, as stored (also one saved switched off because the detectors found personal data in it).",
)
.team(EditAnswers)
.returns(200, schema::<ApprovedAnswerView>);

/// `POST /api/v1/admin/sites/{site}/answers/{answer}/disable`.
pub static DISABLE_ANSWER: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites/{site}/answers/{answer}/disable",
    "disableApprovedAnswer",
    "Switches an approved answer off: kept, given to nobody.",
)
.team(EditAnswers)
.returns(200, schema::<ApprovedAnswerView>);

/// `DELETE /api/v1/admin/sites/{site}/answers/{answer}`.
pub static DELETE_ANSWER: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/admin/sites/{site}/answers/{answer}",
    "deleteApprovedAnswer",
    "Deletes an approved answer.",
)
.team(EditAnswers);

/// The routes of this resource.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&LIST_ANSWERS, list_answers::<M, C>)
        .add(&CREATE_ANSWER, create_answer::<M, C>)
        .add(&UPDATE_ANSWER, update_answer::<M, C>)
        .add(&ENABLE_ANSWER, enable_answer::<M, C>)
        .add(&DISABLE_ANSWER, disable_answer::<M, C>)
        .add(&DELETE_ANSWER, delete_answer::<M, C>)
}

/// `{"answers": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Answers {
    answers: Vec<ApprovedAnswerView>,
}

#[instrument(skip_all)]
async fn list_answers<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    let answers = sotto
        .approved_answers(&caller, &site)
        .await
        .map(|answers| Answers { answers });
    reply(StatusCode::OK, answers)
}

#[instrument(skip_all)]
async fn create_answer<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
    JsonBody(input): JsonBody<ApprovedAnswerInput>,
) -> Response {
    reply(
        StatusCode::CREATED,
        sotto.create_approved_answer(&caller, &site, &input).await,
    )
}

#[instrument(skip_all)]
async fn update_answer<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPaths(site, answer): IdPaths,
    JsonBody(input): JsonBody<ApprovedAnswerInput>,
) -> Response {
    let result = match id::<SiteId>(&site, "site") {
        Ok(site) => {
            sotto
                .update_approved_answer(&caller, &site, &answer, &input)
                .await
        }
        Err(error) => Err(error),
    };
    reply(StatusCode::OK, result)
}

#[instrument(skip_all)]
async fn delete_answer<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPaths(site, answer): IdPaths,
) -> Response {
    no_content(match id::<SiteId>(&site, "site") {
        Ok(site) => sotto.delete_approved_answer(&caller, &site, &answer).await,
        Err(error) => Err(error),
    })
}

#[instrument(skip_all)]
async fn enable_answer<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPaths(site, answer): IdPaths,
) -> Response {
    switch(&sotto, &caller, &site, &answer, true).await
}

#[instrument(skip_all)]
async fn disable_answer<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPaths(site, answer): IdPaths,
) -> Response {
    switch(&sotto, &caller, &site, &answer, false).await
}

/// Switches `answer` of `site` on or off.
async fn switch<M: MainStore, C: ConversationStore>(
    sotto: &AppState<M, C>,
    caller: &sotto_app::team::access::Caller,
    site: &str,
    answer: &str,
    enabled: bool,
) -> Response {
    let result = match id::<SiteId>(site, "site") {
        Ok(site) => {
            sotto
                .set_approved_answer_enabled(caller, &site, answer, enabled)
                .await
        }
        Err(error) => Err(error),
    };
    reply(StatusCode::OK, result)
}
