//! Sites: a tenant's websites, the origins allowed to call the widget API, and the public
//! settings the widget reads.

use serde::Serialize;
use sotto_core::{SiteId, TenantId};
use sotto_knowledge::Language;
use sotto_store::{ConversationStore, MainStore, SiteRecord};
use tracing::{info, warn};

use super::appearance::{WidgetAppearance, appearance_key};
use crate::team::access::Actor;
use crate::{AppError, AppResult, Sotto};

/// What a new site needs.
#[derive(Debug, Clone)]
pub struct NewSite {
    /// Owning tenant.
    pub tenant: TenantId,
    /// Requested id; a random one when `None`.
    pub id: Option<SiteId>,
    /// Origins allowed to embed the widget (`https://shop.example`).
    pub origins: Vec<String>,
    /// The site's privacy notice, linked from the widget.
    pub privacy_notice_url: Option<String>,
    /// Content and interface language (`en` when `None`).
    pub language: Option<String>,
    /// Days conversations are kept after their last message
    /// ([`sotto_core::limits::DEFAULT_RETENTION_DAYS`] when `None`).
    pub retention_days: Option<u32>,
}

/// A site as shown to its owner.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct SiteView {
    /// Public id.
    pub site_id: SiteId,
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Allowed origins.
    pub origins: Vec<String>,
    /// Privacy notice URL.
    pub privacy_notice_url: Option<String>,
    /// Language.
    pub language: String,
    /// Days conversations are kept after their last message.
    pub retention_days: u32,
}

/// What the widget needs to know about a site; nothing private.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct WidgetSettings {
    /// Interface language.
    pub language: String,
    /// The site's own general privacy policy, when it has one.
    pub privacy_notice_url: Option<String>,
    /// The assistant's privacy notice, written by Sotto from the live settings; linked from
    /// the widget's first line.
    pub notice_url: String,
    /// How the site asks before storing conversations (`opt_in`: the widget asks first).
    pub consent_mode: sotto_core::consent::ConsentMode,
    /// Whether the widget may ask for an e-mail address (with a stated purpose).
    pub email_capture: bool,
    /// Whether it may offer a summary by e-mail (e-mail capture on, and an SMTP relay
    /// configured).
    pub summary_by_email: bool,
    /// How the widget looks and greets on this site.
    pub appearance: WidgetAppearance,
}

impl From<SiteRecord> for SiteView {
    fn from(site: SiteRecord) -> Self {
        Self {
            site_id: site.id,
            tenant_id: site.tenant_id,
            origins: site.origins,
            privacy_notice_url: site.privacy_notice_url,
            language: site.language,
            retention_days: site.retention_days,
        }
    }
}

/// Normalizes an origin to `scheme://host[:port]`, lower-cased; `None` when it is not one.
pub fn normalize_origin(origin: &str) -> Option<String> {
    let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))?;
    let valid = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    valid.then_some(origin)
}

/// Refuses a retention outside [`sotto_core::limits::RETENTION_DAYS`].
fn checked_retention(days: u32) -> AppResult<u32> {
    let range = sotto_core::limits::RETENTION_DAYS;
    if range.contains(&days) {
        Ok(days)
    } else {
        Err(AppError::Invalid(format!(
            "retention must be {} to {} days",
            range.start(),
            range.end()
        )))
    }
}

/// Origins as stored: at least one, each normalised, without repeats.
fn normalized_origins(given: &[String]) -> AppResult<Vec<String>> {
    if given.is_empty() {
        return Err(AppError::Invalid("a site needs at least one origin".into()));
    }
    let mut origins = Vec::with_capacity(given.len());
    for origin in given {
        let normalized = normalize_origin(origin).ok_or_else(|| {
            AppError::Invalid(format!(
                "{origin:?} is not an origin like https://shop.example"
            ))
        })?;
        if !origins.contains(&normalized) {
            origins.push(normalized);
        }
    }
    Ok(origins)
}

fn valid_http_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(char::is_whitespace)
        && url.len() <= 2048
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Creates a site for a tenant.
    pub async fn create_site(&self, new: NewSite, actor: &Actor) -> AppResult<SiteView> {
        if self.main.tenant(new.tenant).await?.is_none() {
            return Err(AppError::NotFound("tenant"));
        }
        let origins = normalized_origins(&new.origins)?;
        if let Some(url) = &new.privacy_notice_url
            && !valid_http_url(url)
        {
            return Err(AppError::Invalid(
                "the privacy notice URL must be an http(s) URL".into(),
            ));
        }
        let language = match new.language.as_deref() {
            None => Language::default(),
            Some(tag) => Language::from_tag(tag).ok_or_else(|| {
                AppError::Invalid(format!(
                    "unsupported language {tag:?}; use one of en, fr, de, fi, es, it, nl"
                ))
            })?,
        };
        let site = SiteRecord {
            tenant_id: new.tenant,
            id: new.id.unwrap_or_else(SiteId::random),
            origins,
            privacy_notice_url: new.privacy_notice_url,
            language: language.code().to_owned(),
            retention_days: checked_retention(
                new.retention_days
                    .unwrap_or(sotto_core::limits::DEFAULT_RETENTION_DAYS),
            )?,
            knowledge_version: 0,
            answers_version: 0,
            created_at: sotto_core::now(),
        };
        self.main
            .create_site(&site)
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict(_) => {
                    AppError::Conflict(format!("site id {} is taken", site.id))
                }
                other => other,
            })?;
        info!(tenant = %site.tenant_id, site = %site.id, "site created");
        self.audit(site.tenant_id, actor, "site.create", site.id.as_str())
            .await?;
        Ok(site.into())
    }

    /// Replaces the origins allowed to call a site's widget API; the next request checks
    /// against them.
    pub async fn set_origins(
        &self,
        site: &SiteId,
        origins: &[String],
        actor: &Actor,
    ) -> AppResult<SiteView> {
        let origins = normalized_origins(origins)?;
        let record = self.site_record(site).await?;
        if !self
            .main
            .set_origins(record.tenant_id, site, &origins)
            .await?
        {
            return Err(AppError::NotFound("site"));
        }
        info!(tenant = %record.tenant_id, site = %site, origins = origins.len(), "origins changed");
        self.audit(record.tenant_id, actor, "site.update", site.as_str())
            .await?;
        Ok(SiteView {
            origins,
            ..record.into()
        })
    }

    /// Changes how long a site's conversations are kept; the next sweep applies it.
    pub async fn set_retention(
        &self,
        site: &SiteId,
        days: u32,
        actor: &Actor,
    ) -> AppResult<SiteView> {
        let days = checked_retention(days)?;
        let record = self.site_record(site).await?;
        if !self
            .main
            .set_retention(record.tenant_id, site, days)
            .await?
        {
            return Err(AppError::NotFound("site"));
        }
        info!(tenant = %record.tenant_id, site = %site, days, "retention changed");
        self.audit(record.tenant_id, actor, "site.update", site.as_str())
            .await?;
        Ok(SiteView {
            retention_days: days,
            ..record.into()
        })
    }

    /// A site's record, or [`AppError::NotFound`].
    pub(crate) async fn site_record(&self, site: &SiteId) -> AppResult<SiteRecord> {
        self.main
            .site(site)
            .await?
            .ok_or(AppError::NotFound("site"))
    }

    /// The public settings the widget loads.
    pub async fn widget_settings(&self, site: &OpenSite) -> AppResult<WidgetSettings> {
        let record = site.record();
        let privacy = self.site_privacy(record.tenant_id, &record.id).await?;
        Ok(WidgetSettings {
            language: record.language.clone(),
            privacy_notice_url: record.privacy_notice_url.clone(),
            notice_url: self.notice_url(&record.id, &record.language),
            consent_mode: privacy.consent_mode,
            email_capture: privacy.email_capture,
            summary_by_email: privacy.email_capture && self.mailer.is_some(),
            // A stored appearance that cannot be read costs the site its look, never its
            // consent mode: the widget must still ask on an opt-in site.
            appearance: self
                .settings_of(record.tenant_id, &appearance_key(&record.id))
                .await
                .unwrap_or_else(|_| {
                    warn!(site = %record.id, "the stored appearance does not decode; the defaults apply");
                    WidgetAppearance::default()
                }),
        })
    }

    /// Resolves a site once per widget request: the server checks the request origin against
    /// it, then hands it to the use cases, so a request costs one site lookup.
    pub async fn open_site(&self, site: &SiteId) -> AppResult<OpenSite> {
        Ok(OpenSite(self.site_record(site).await?))
    }
}

/// A site resolved for one request (see [`Sotto::open_site`]).
#[derive(Debug, Clone)]
pub struct OpenSite(pub(crate) SiteRecord);

impl OpenSite {
    /// The site id.
    pub fn id(&self) -> &SiteId {
        &self.0.id
    }

    /// The tenant that owns the site.
    pub fn tenant(&self) -> TenantId {
        self.0.tenant_id
    }

    /// The origins allowed to call the widget API.
    pub fn origins(&self) -> &[String] {
        &self.0.origins
    }

    /// The site's content and interface language.
    pub fn language(&self) -> &str {
        &self.0.language
    }

    /// The site's record (settings, origins, retention).
    pub(crate) fn record(&self) -> &SiteRecord {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalized_and_checked() {
        assert_eq!(
            normalize_origin("https://Shop.Example/"),
            Some("https://shop.example".into())
        );
        assert_eq!(
            normalize_origin("http://127.0.0.1:8080"),
            Some("http://127.0.0.1:8080".into())
        );
        for bad in [
            "shop.example",
            "https://",
            "https://shop.example/path",
            "ftp://x",
            "https://a b",
        ] {
            assert_eq!(normalize_origin(bad), None, "{bad}");
        }
    }
}
