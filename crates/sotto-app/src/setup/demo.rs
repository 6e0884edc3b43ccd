//! The demo: a tenant, a site with id `demo`, and the small website of a fictional EU business
//! (Maison Verte, a plant shop) shipped inside the binary. The server renders the same pages at
//! `/demo/…` with the widget embedded, and citations link back to them.

use std::borrow::Cow;

use rust_embed::RustEmbed;
use serde::Serialize;
use sotto_core::{SiteId, TenantId};
use sotto_store::{ConversationStore, ImportMode, MainStore};

use crate::knowledge::import::ImportReport;
use crate::team::access::{Actor, Caller};
use crate::tenancy::appearance::WidgetAppearance;
use crate::tenancy::sites::NewSite;
use crate::{AppError, AppResult, Sotto};

/// The demo site's id.
pub const DEMO_SITE_ID: &str = "demo";
/// The demo tenant's name.
pub const DEMO_TENANT_NAME: &str = "Maison Verte (Sotto demo)";
/// Path under the server's public URL where the demo website is served.
pub const DEMO_PATH: &str = "/demo";

#[derive(RustEmbed)]
#[folder = "../../demo-site/"]
#[include = "*.md"]
struct DemoSiteFiles;

/// The Markdown source of a demo page, by its path under [`DEMO_PATH`] (`""` or `"/"` for the
/// home page, `"/shipping"`, `"/products/"`).
pub fn page_source(path: &str) -> Option<Cow<'static, [u8]>> {
    let path = path.trim_start_matches('/');
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.md")
    } else {
        format!("{path}.md")
    };
    DemoSiteFiles::get(&file).map(|f| f.data)
}

/// A demo page ready to be laid out: its title and its body as HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPage {
    /// Page title.
    pub title: String,
    /// Body rendered from Markdown; raw HTML in the source is escaped, not passed through.
    pub body_html: String,
}

/// Renders the demo page at `path` (see [`page_source`]).
pub fn render_page(path: &str) -> Option<DemoPage> {
    use pulldown_cmark::{Event, Parser, html};
    let source = page_source(path)?;
    let source = String::from_utf8_lossy(&source);
    let (front, body) = sotto_knowledge::extract::markdown::split_front_matter(&source);
    let title = front
        .iter()
        .find(|(k, _)| k == "title")
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| "Maison Verte".to_owned());
    let events = Parser::new(body).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut body_html = String::new();
    html::push_html(&mut body_html, events);
    Some(DemoPage { title, body_html })
}

/// What `sotto demo` set up.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DemoSetup {
    /// The demo tenant.
    pub tenant_id: TenantId,
    /// The demo site (`demo`).
    pub site_id: SiteId,
    /// A fresh admin API key for the demo tenant (shown once).
    pub api_key: String,
    /// The import of the demo website.
    pub import: ImportReport,
}

/// The demo's team member, who signs in to the admin UI.
pub const DEMO_MEMBER_EMAIL: &str = "owner@maison-verte.example";

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The demo tenant's owner member with a fresh password (the member is replaced, so any
    /// session of an earlier run ends): what `sotto demo` prints to sign in to `/admin`.
    pub async fn demo_member(
        &self,
        tenant: TenantId,
    ) -> AppResult<crate::team::members::AddedMember> {
        let caller = Caller::operator(tenant);
        if let Some(existing) = self
            .members(&caller)
            .await?
            .into_iter()
            .find(|m| m.email == DEMO_MEMBER_EMAIL)
        {
            self.remove_member(&caller, existing.id).await?;
        }
        // The operator who runs the demo is the one who signs in with the printed password:
        // nobody else knows it, so it need not be changed.
        self.insert_member(
            &caller,
            crate::team::members::NewMember {
                email: DEMO_MEMBER_EMAIL.into(),
                display_name: "Demo owner".into(),
                role: sotto_core::access::TeamRole::Owner,
            },
            None,
            false,
        )
        .await
    }

    /// Creates the demo tenant and site on first run (reuses them after), writes the demo
    /// website to `<data dir>/demo-site/` and imports it with URLs under the public URL.
    pub async fn ensure_demo(&self) -> AppResult<DemoSetup> {
        let site_id: SiteId = DEMO_SITE_ID
            .parse()
            .map_err(|_| AppError::Setup("demo site id".into()))?;
        let public_url = self.config().public_url();
        let (tenant_id, first_key) = match self.main.site(&site_id).await? {
            Some(site) => (site.tenant_id, None),
            None => {
                let (tenant_id, first_key) =
                    match self.main.tenants_named(DEMO_TENANT_NAME).await?.first() {
                        Some(existing) => (existing.id, None),
                        None => {
                            let created = self.create_tenant(DEMO_TENANT_NAME).await?;
                            (created.tenant_id, Some(created.api_key))
                        }
                    };
                self.create_site(
                    NewSite {
                        tenant: tenant_id,
                        id: Some(site_id.clone()),
                        origins: vec![public_url.clone()],
                        privacy_notice_url: Some(format!("{public_url}{DEMO_PATH}/privacy")),
                        language: Some("en".into()),
                        retention_days: None,
                    },
                    &Actor::System,
                )
                .await?;
                self.set_site_appearance(&site_id, demo_appearance(), &Actor::System)
                    .await?;
                (tenant_id, first_key)
            }
        };
        let folder = self.config().data_dir.join("demo-site");
        write_demo_files(&folder)?;
        let import = self
            .import_folder(
                &site_id,
                &folder,
                Some(&format!("{public_url}{DEMO_PATH}")),
                ImportMode::Replace,
                |_, _| {},
            )
            .await?;
        let api_key = match first_key {
            Some(key) => key,
            None => self.issue_api_key(tenant_id).await?,
        };
        Ok(DemoSetup {
            tenant_id,
            site_id,
            api_key,
            import,
        })
    }
}

/// The demo shop's widget: its green, a greeting and three questions its pages answer.
fn demo_appearance() -> WidgetAppearance {
    WidgetAppearance {
        accent_color: "#1e6b34".into(),
        title: Some("Maison Verte assistant".into()),
        greeting: Some(
            "Hello! Ask me about our plants, pots, delivery or returns: I answer from this website's pages."
                .into(),
        ),
        suggested_questions: vec![
            "How long does delivery to Finland take?".into(),
            "Can I return a pot?".into(),
            "What are your opening hours?".into(),
        ],
        ..WidgetAppearance::default()
    }
}

fn write_demo_files(folder: &std::path::Path) -> AppResult<()> {
    let setup = |e: std::io::Error| {
        AppError::Setup(format!(
            "cannot write the demo website to {}: {e}",
            folder.display()
        ))
    };
    for name in DemoSiteFiles::iter() {
        let Some(file) = DemoSiteFiles::get(&name) else {
            continue;
        };
        let path = folder.join(name.as_ref());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(setup)?;
        }
        std::fs::write(&path, &file.data).map_err(setup)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_pages_resolve_by_path() {
        assert!(page_source("").is_some());
        assert!(page_source("/").is_some());
        assert!(page_source("/shipping").is_some());
        assert!(page_source("/products/").is_some());
        assert!(page_source("/products/indoor-plants").is_some());
        assert!(page_source("/missing").is_none());
        assert!(page_source("/../Cargo").is_none());
        assert!(DemoSiteFiles::iter().count() >= 20, "about 20 pages");
        let page = render_page("/shipping").unwrap();
        assert_eq!(page.title, "Shipping and delivery");
        assert!(page.body_html.contains("<h2>Delivery times</h2>"));
        assert!(
            !page.body_html.contains("title:"),
            "front matter is not rendered"
        );
    }
}
