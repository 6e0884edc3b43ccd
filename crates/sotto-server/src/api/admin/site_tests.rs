//! A site's own answer tests: listed with their latest results and the run history, written,
//! changed, deleted, seeded from approved answers, and run on demand (they also run after every
//! crawl and import).

use super::auth::Admin;
use super::{id, no_content, reply};
use crate::AppState;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{IdPath, IdPaths, JsonBody};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use sotto_app::knowledge::site_test_results::{RunSummary, TestRun};
use sotto_app::knowledge::site_tests::{SiteTestInput, SiteTestView};
use sotto_app::{ConversationStore, MainStore};
use sotto_core::SiteId;
use sotto_core::access::Permission::*;
use tracing::instrument;

/// `GET /api/v1/admin/sites/{site}/tests`.
pub static LIST_TESTS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites/{site}/tests",
    "listSiteTests",
    "The site's answer tests, oldest first, each with its result in the latest run (since when it fails, and which cited pages changed or went since it last passed), and the latest runs, newest first.",
)
.team(ReadAnalytics)
.returns(200, schema::<SiteTests>);

/// `POST /api/v1/admin/sites/{site}/tests`.
pub static CREATE_TEST: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites/{site}/tests",
    "createSiteTest",
    "Adds an answer test: a question and the fact a right answer must state. 400 when it holds personal data (tests are kept in the clear).",
)
.team(EditAnswers)
.body(schema::<SiteTestInput>)
.returns(201, schema::<SiteTestView>);

/// `PUT /api/v1/admin/sites/{site}/tests/{test}`.
pub static UPDATE_TEST: Endpoint = Endpoint::new(
    Verb::Put,
    "/api/v1/admin/sites/{site}/tests/{test}",
    "updateSiteTest",
    "Replaces an answer test; its earlier results no longer count.",
)
.team(EditAnswers)
.body(schema::<SiteTestInput>)
.returns(200, schema::<SiteTestView>);

/// `DELETE /api/v1/admin/sites/{site}/tests/{test}`.
pub static DELETE_TEST: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/admin/sites/{site}/tests/{test}",
    "deleteSiteTest",
    "Deletes an answer test.",
)
.team(EditAnswers);

/// `POST /api/v1/admin/sites/{site}/tests/run`.
pub static RUN_TESTS: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites/{site}/tests/run",
    "runSiteTests",
    "Runs the site's answer tests now, as visitors would ask them, storing no conversation; a test that newly fails is posted to the site's webhook (`site_tests.failed`). 400 when the site has no tests.",
)
.team(EditAnswers)
.returns(200, schema::<TestRun>);

/// `POST /api/v1/admin/sites/{site}/tests/seed`.
pub static SEED_TESTS: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites/{site}/tests/seed",
    "seedSiteTests",
    "Adds a test for each switched-on approved answer no test asks yet (its first question; the sentence of its reply stating a value); returns the tests added.",
)
.team(EditAnswers)
.returns(200, schema::<Tests>);

/// The routes of this resource.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&LIST_TESTS, list_tests::<M, C>)
        .add(&CREATE_TEST, create_test::<M, C>)
        .add(&UPDATE_TEST, update_test::<M, C>)
        .add(&DELETE_TEST, delete_test::<M, C>)
        .add(&RUN_TESTS, run_tests::<M, C>)
        .add(&SEED_TESTS, seed_tests::<M, C>)
}

/// `{"tests": [...], "runs": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct SiteTests {
    tests: Vec<SiteTestView>,
    runs: Vec<RunSummary>,
}

/// `{"tests": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Tests {
    tests: Vec<SiteTestView>,
}

#[instrument(skip_all)]
async fn list_tests<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    let listed = async {
        Ok(SiteTests {
            tests: sotto.site_tests(&caller, &site).await?,
            runs: sotto.site_test_history(&caller, &site).await?,
        })
    };
    reply(StatusCode::OK, listed.await)
}

#[instrument(skip_all)]
async fn create_test<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
    JsonBody(input): JsonBody<SiteTestInput>,
) -> Response {
    reply(
        StatusCode::CREATED,
        sotto.create_site_test(&caller, &site, &input).await,
    )
}

#[instrument(skip_all)]
async fn update_test<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPaths(site, test): IdPaths,
    JsonBody(input): JsonBody<SiteTestInput>,
) -> Response {
    let result = match id::<SiteId>(&site, "site") {
        Ok(site) => sotto.update_site_test(&caller, &site, &test, &input).await,
        Err(error) => Err(error),
    };
    reply(StatusCode::OK, result)
}

#[instrument(skip_all)]
async fn delete_test<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPaths(site, test): IdPaths,
) -> Response {
    no_content(match id::<SiteId>(&site, "site") {
        Ok(site) => sotto.delete_site_test(&caller, &site, &test).await,
        Err(error) => Err(error),
    })
}

#[instrument(skip_all)]
async fn run_tests<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_run_site_tests(&caller, &site).await,
    )
}

#[instrument(skip_all)]
async fn seed_tests<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    let seeded = sotto
        .seed_site_tests(&caller, &site)
        .await
        .map(|tests| Tests { tests });
    reply(StatusCode::OK, seeded)
}
