//! Where a settings form ends: back on the settings page of its site with "Saved", or on a
//! page saying why the change was refused. Shared by the settings page's forms.

use axum::response::Response;
use sotto_app::AppError;
use sotto_core::SiteId;

use super::i18n::Lang;
use super::layout::{Section, failure};
use super::session::{TeamSession, redirect};

fn back(site: &str) -> Response {
    let site = site
        .parse::<SiteId>()
        .map(|s| s.to_string())
        .unwrap_or_default();
    redirect(&format!("/admin/settings?site={site}&saved=1"), &[])
}

/// Where a settings form ends: back to the settings of `site` once `saving` succeeded, or
/// the page saying why it could not.
pub async fn saved<T>(
    lang: Lang,
    session: &TeamSession,
    site: &str,
    saving: impl std::future::Future<Output = Result<T, AppError>>,
) -> Response {
    match saving.await {
        Ok(_) => back(site),
        Err(error) => failure(lang, session, Section::Settings, error),
    }
}
