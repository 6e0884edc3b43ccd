//! A tenant's sites (listed, created, changed), how their widget looks, their crawls, the
//! versions of their pages that answers cited, and the tenant's personal-data settings.

use super::auth::Admin;
use super::reply;
use crate::AppState;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{IdPath, JsonBody, QueryParams};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use sotto_app::chat::pii_settings::PiiSettings;
use sotto_app::knowledge::crawling::{CrawlRequest, CrawlStatus};
use sotto_app::knowledge::inspect::PageVersionView;
use sotto_app::team::settings::{SiteChange, TeamNewSite};
use sotto_app::tenancy::appearance::WidgetAppearance;
use sotto_app::tenancy::sites::SiteView;
use sotto_app::{ConversationStore, MainStore};
use sotto_core::SiteId;
use sotto_core::access::Permission::*;
use tracing::instrument;

/// `GET /api/v1/admin/sites`.
pub static LIST_SITES: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites",
    "listSites",
    "The tenant's sites.",
)
.team(ReadAnalytics)
.returns(200, schema::<Sites<SiteView>>);

/// `POST /api/v1/admin/sites`.
pub static CREATE_SITE: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites",
    "createSite",
    "Creates a site.",
)
.team(ManageSites)
.body(schema::<TeamNewSite>)
.returns(201, schema::<SiteView>);

/// `PATCH /api/v1/admin/sites/{site}`.
pub static CHANGE_SITE: Endpoint = Endpoint::new(
    Verb::Patch,
    "/api/v1/admin/sites/{site}",
    "changeSite",
    "Changes a site's retention period.",
)
.team(ManageSites)
.body(schema::<SiteChange>)
.returns(200, schema::<SiteView>);

/// `GET /api/v1/admin/sites/{site}/appearance`.
pub static GET_APPEARANCE: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites/{site}/appearance",
    "getAppearance",
    "How the site's widget looks and greets: colours, corner and offsets, launcher label, title, greeting and suggested questions.",
)
.team(ManageSites)
.returns(200, schema::<WidgetAppearance>);

/// `PUT /api/v1/admin/sites/{site}/appearance`.
pub static PUT_APPEARANCE: Endpoint = Endpoint::new(
    Verb::Put,
    "/api/v1/admin/sites/{site}/appearance",
    "putAppearance",
    "Replaces how the site's widget looks and greets (missing fields take their defaults). 400 when the text colour has under 4.5:1 against the accent colour, or the accent colour under 3:1 against white (WCAG AA), or a text is too long; the widget reads it on its next page load.",
)
.team(ManageSites)
.body(schema::<WidgetAppearance>)
.returns(200, schema::<WidgetAppearance>);

/// `POST /api/v1/admin/sites/{site}/crawl`.
pub static START_CRAWL: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites/{site}/crawl",
    "startCrawl",
    "Starts crawling the site's live pages into its knowledge (from `url`, or the site's first origin); follow it with getCrawl. 409 while a crawl of the site runs.",
)
.team(ManageSites)
.body(schema::<CrawlRequest>)
.returns(202, schema::<CrawlStatus>);

/// `GET /api/v1/admin/sites/{site}/crawl`.
pub static GET_CRAWL: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites/{site}/crawl",
    "getCrawl",
    "Where the site's latest crawl stands: progress while it runs, its report once finished.",
)
.team(ReadAnalytics)
.returns(200, schema::<CrawlStatus>);

/// `GET /api/v1/admin/sites/{site}/page-versions`.
pub static GET_PAGE_VERSION: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites/{site}/page-versions",
    "getPageVersion",
    "The text of page `?url=` in the version `?digest=` an answer's citation names: what the site said when the answer was given, kept while a stored conversation may hold such an answer. 404 when that version is no longer kept.",
)
.team(ReadAnalytics)
.returns(200, schema::<PageVersionView>);

/// `GET /api/v1/admin/settings`.
pub static GET_SETTINGS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/settings",
    "getSettings",
    "The tenant's personal-data policy and rules.",
)
.team(ManageSettings)
.returns(200, schema::<PiiSettings>);

/// `PUT /api/v1/admin/settings`.
pub static PUT_SETTINGS: Endpoint = Endpoint::new(
    Verb::Put,
    "/api/v1/admin/settings",
    "putSettings",
    "Replaces the tenant's personal-data policy and rules.",
)
.team(ManageSettings)
.body(schema::<PiiSettings>)
.returns(200, schema::<PiiSettings>);

/// The routes of this resource.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&LIST_SITES, list_sites::<M, C>)
        .add(&CREATE_SITE, create_site::<M, C>)
        .add(&CHANGE_SITE, change_site::<M, C>)
        .add(&GET_APPEARANCE, get_appearance::<M, C>)
        .add(&PUT_APPEARANCE, put_appearance::<M, C>)
        .add(&START_CRAWL, start_crawl::<M, C>)
        .add(&GET_CRAWL, get_crawl::<M, C>)
        .add(&GET_PAGE_VERSION, get_page_version::<M, C>)
        .add(&GET_SETTINGS, get_settings::<M, C>)
        .add(&PUT_SETTINGS, put_settings::<M, C>)
}

/// `{"sites": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Sites<T> {
    sites: Vec<T>,
}

#[instrument(skip_all)]
async fn list_sites<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
) -> Response {
    let sites = sotto.team_sites(&caller).await.map(|sites| Sites { sites });
    reply(StatusCode::OK, sites)
}

#[instrument(skip_all)]
async fn create_site<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    JsonBody(new): JsonBody<TeamNewSite>,
) -> Response {
    reply(
        StatusCode::CREATED,
        sotto.team_create_site(&caller, new).await,
    )
}

#[instrument(skip_all)]
async fn change_site<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
    JsonBody(change): JsonBody<SiteChange>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_change_site(&caller, &site, change).await,
    )
}

#[instrument(skip_all)]
async fn start_crawl<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
    JsonBody(request): JsonBody<CrawlRequest>,
) -> Response {
    reply(
        StatusCode::ACCEPTED,
        sotto.team_start_crawl(&caller, &site, request).await,
    )
}

#[instrument(skip_all)]
async fn get_crawl<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_crawl_status(&caller, &site).await,
    )
}

/// `?url=&digest=` of a page version.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageVersionQuery {
    url: String,
    digest: String,
}

#[instrument(skip_all)]
async fn get_page_version<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
    QueryParams(q): QueryParams<PageVersionQuery>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto
            .team_page_version(&caller, &site, &q.url, &q.digest)
            .await,
    )
}

#[instrument(skip_all)]
async fn get_appearance<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_site_appearance(&caller, &site).await,
    )
}

#[instrument(skip_all)]
async fn put_appearance<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
    JsonBody(appearance): JsonBody<WidgetAppearance>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto
            .team_set_site_appearance(&caller, &site, appearance)
            .await,
    )
}

#[instrument(skip_all)]
async fn get_settings<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
) -> Response {
    reply(StatusCode::OK, sotto.team_settings(&caller).await)
}

#[instrument(skip_all)]
async fn put_settings<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    JsonBody(settings): JsonBody<PiiSettings>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_change_settings(&caller, settings).await,
    )
}
