//! The visitor privacy notice and the consent questions of each site, published as versions:
//! the words are written from the live configuration on every read, and when they differ from
//! the latest stored version a new version is stored. So a settings change shows in the notice
//! at once, and every version ever shown stays available as proof.

use serde::{Deserialize, Serialize};
use sotto_core::consent::ConsentPurpose;
use sotto_core::{SiteId, UnixTime};
use sotto_store::{ConversationStore, MainStore, PublishedText, SiteRecord, StoreError, TextKind};
use tracing::info;

use crate::compliance::html::{text, time};
use crate::compliance::notice_text::{
    NoticeFacts, ProcessorFacts, consent_question, notice_body, notice_language,
};
use crate::{AppError, AppResult, Sotto};

/// A published text as the widget and the admin API show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct TextView {
    /// `notice`, or the consent purpose the question is for.
    pub kind: String,
    /// Language.
    pub language: String,
    /// Version, from 1.
    pub version: i64,
    /// SHA-256 of `text`, hex: what a consent event records.
    pub sha256: String,
    /// When this version was published.
    pub published_at: UnixTime,
    /// The exact words.
    pub text: String,
}

impl From<&PublishedText> for TextView {
    fn from(published: &PublishedText) -> Self {
        Self {
            kind: published.kind.as_str().to_owned(),
            language: published.language.clone(),
            version: published.version,
            sha256: hex::encode(&published.sha256),
            published_at: published.published_at,
            text: published.body.clone(),
        }
    }
}

/// The current notice of a site in one language, with the question of every consent purpose.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct CurrentTexts {
    /// The notice.
    pub notice: TextView,
    /// One question per purpose, in the order of [`ConsentPurpose::ALL`].
    pub questions: Vec<TextView>,
}

/// What the widget shows about privacy on a site: how it asks, and the exact words.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct SitePrivacyTexts {
    /// How the site asks before storing conversations.
    pub consent_mode: sotto_core::consent::ConsentMode,
    /// Where the notice is served as a page.
    pub notice_url: String,
    /// The notice and the consent questions.
    #[serde(flatten)]
    pub texts: CurrentTexts,
}

/// The latest version of `kind` in `language` among `texts`.
fn latest<'a>(
    texts: &'a [PublishedText],
    kind: TextKind,
    language: &str,
) -> Option<&'a PublishedText> {
    texts
        .iter()
        .filter(|t| t.kind == kind && t.language == language)
        .max_by_key(|t| t.version)
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// What the notice of `site` describes, read from the configuration now.
    async fn notice_facts(&self, site: &SiteRecord) -> AppResult<NoticeFacts> {
        let (controller, profile) = self.controller_of(site.tenant_id).await?;
        let privacy = self.site_privacy(site.tenant_id, &site.id).await?;
        let model_refused = self.tenant_pii(site.tenant_id).await?.built_in_answers_only;
        Ok(NoticeFacts {
            controller,
            address: profile.address,
            contact_email: profile.contact_email,
            dpo_email: profile.dpo_email,
            origins: site.origins.clone(),
            site_policy_url: site.privacy_notice_url.clone(),
            retention_days: site.retention_days,
            consent_mode: privacy.consent_mode,
            model: crate::compliance::register::model_processor(&self.config().llm)
                .filter(|_| !model_refused)
                .map(|m| ProcessorFacts {
                    name: m.name,
                    country: m.country.unwrap_or_default(),
                    transfer_basis: m.transfer_basis,
                }),
            allowed_regions: self.config().residency.allowed_regions.join(", "),
            email_capture: privacy.email_capture,
            mail_relay: crate::compliance::register::mail_processor(&self.config().smtp)
                .filter(|_| privacy.email_capture)
                .map(|m| ProcessorFacts {
                    name: m.name,
                    country: m.country.unwrap_or_default(),
                    transfer_basis: m.transfer_basis,
                }),
        })
    }

    /// The current notice and questions of a site in `language` (English or French; other
    /// languages get English), publishing a new version of any that changed.
    pub async fn current_texts(&self, site: &SiteId, language: &str) -> AppResult<CurrentTexts> {
        let record = self.site_record(site).await?;
        let language = notice_language(language);
        let facts = self.notice_facts(&record).await?;
        let known = self.main.published_texts(record.tenant_id, site).await?;
        let notice = self
            .publish_if_changed(
                &record,
                &known,
                TextKind::Notice,
                language,
                notice_body(&facts, language),
            )
            .await?;
        let notice_sha = hex::encode(&notice.sha256);
        let mut questions = Vec::new();
        for purpose in ConsentPurpose::ALL {
            let words = consent_question(*purpose, language, &facts, notice.version, &notice_sha);
            let question = self
                .publish_if_changed(
                    &record,
                    &known,
                    TextKind::Consent(*purpose),
                    language,
                    words,
                )
                .await?;
            questions.push(TextView::from(&question));
        }
        Ok(CurrentTexts {
            notice: TextView::from(&notice),
            questions,
        })
    }

    /// Where a site's notice is served, in `language`.
    pub fn notice_url(&self, site: &SiteId, language: &str) -> String {
        format!(
            "{}/sites/{site}/privacy?lang={}",
            self.config().public_url(),
            notice_language(language)
        )
    }

    /// The privacy texts the widget shows on a site, in `language` (the site's by default).
    pub async fn privacy_texts(
        &self,
        site: &crate::tenancy::sites::OpenSite,
        language: Option<&str>,
    ) -> AppResult<SitePrivacyTexts> {
        let record = site.record();
        let language = notice_language(language.unwrap_or(&record.language));
        Ok(SitePrivacyTexts {
            consent_mode: self
                .site_privacy(record.tenant_id, &record.id)
                .await?
                .consent_mode,
            notice_url: self.notice_url(&record.id, language),
            texts: self.current_texts(&record.id, language).await?,
        })
    }

    /// One version of a site's notice (the current one when `version` is `None`).
    pub async fn notice_version(
        &self,
        site: &SiteId,
        language: &str,
        version: Option<i64>,
    ) -> AppResult<TextView> {
        let current = self.current_texts(site, language).await?.notice;
        let Some(version) = version.filter(|v| *v != current.version) else {
            return Ok(current);
        };
        let record = self.site_record(site).await?;
        let texts = self.main.published_texts(record.tenant_id, site).await?;
        texts
            .iter()
            .find(|t| {
                t.kind == TextKind::Notice && t.language == current.language && t.version == version
            })
            .map(TextView::from)
            .ok_or(AppError::NotFound("notice version"))
    }

    /// Every version of every text of a site of the caller's tenant, after publishing any
    /// change (the team's compliance view).
    pub async fn team_text_history(
        &self,
        caller: &crate::team::access::Caller,
        site: &SiteId,
    ) -> AppResult<Vec<TextView>> {
        caller.require(sotto_core::access::Permission::ReadAnalytics)?;
        let record = self.caller_site(caller, site).await?;
        for language in crate::compliance::notice_text::NOTICE_LANGUAGES {
            self.current_texts(site, language).await?;
        }
        let texts = self.main.published_texts(record.tenant_id, site).await?;
        Ok(texts.iter().map(TextView::from).collect())
    }

    /// Stores `body` as the next version of `kind` unless it is the latest version already
    /// among `known` (the site's texts, read once per request; read again after a conflict).
    async fn publish_if_changed(
        &self,
        site: &SiteRecord,
        known: &[PublishedText],
        kind: TextKind,
        language: &str,
        body: String,
    ) -> AppResult<PublishedText> {
        let sha256 = sotto_crypto::hash_chain::sha256(body.as_bytes()).to_vec();
        // Two tries: another node may publish the same change at the same moment.
        let mut reloaded: Option<Vec<PublishedText>> = None;
        for _ in 0..2 {
            let texts = reloaded.as_deref().unwrap_or(known);
            let previous = latest(texts, kind, language);
            if let Some(previous) = previous
                && previous.sha256 == sha256
            {
                return Ok(previous.clone());
            }
            let text = PublishedText {
                tenant_id: site.tenant_id,
                site_id: site.id.clone(),
                kind,
                language: language.to_owned(),
                version: previous.map_or(1, |p| p.version + 1),
                sha256: sha256.clone(),
                body: body.clone(),
                published_at: sotto_core::now(),
            };
            match self.main.publish_text(&text).await {
                Ok(()) => {
                    info!(site = %site.id, kind = kind.as_str(), language, version = text.version, "text published");
                    return Ok(text);
                }
                Err(StoreError::Conflict(_)) => {
                    reloaded = Some(self.main.published_texts(site.tenant_id, &site.id).await?);
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(AppError::Conflict(
            "the notice changed twice at once; try again".into(),
        ))
    }
}

/// A notice version as a self-contained HTML page (no script, no external resource), every
/// word escaped; `versions_url` is where earlier versions are listed.
pub fn notice_html(notice: &TextView) -> String {
    let mut out = String::with_capacity(notice.text.len() * 2);
    out.push_str("<!doctype html><html lang=\"");
    text(&mut out, &notice.language);
    out.push_str("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    let title = notice
        .text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# "))
        .unwrap_or("Privacy notice");
    text(&mut out, title);
    out.push_str("</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem}.meta{color:#4a4a4a;font-size:.9rem}</style></head><body><main>");
    for block in notice
        .text
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        let (tag, words) = if let Some(words) = block.strip_prefix("## ") {
            ("h2", words)
        } else if let Some(words) = block.strip_prefix("# ") {
            ("h1", words)
        } else {
            ("p", block)
        };
        out.push_str(&format!("<{tag}>"));
        text(&mut out, words);
        out.push_str(&format!("</{tag}>"));
        if tag == "h1" {
            let since = if notice.language == "fr" {
                format!(
                    "Version {}, en vigueur depuis le {}. SHA-256 ",
                    notice.version,
                    time(notice.published_at)
                )
            } else {
                format!(
                    "Version {}, in force since {}. SHA-256 ",
                    notice.version,
                    time(notice.published_at)
                )
            };
            out.push_str("<p class=\"meta\">");
            text(&mut out, &since);
            out.push_str("<code>");
            text(&mut out, &notice.sha256);
            out.push_str("</code></p>");
        }
    }
    out.push_str("</main></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_escapes_every_word_and_shows_the_version() {
        let notice = TextView {
            kind: "notice".into(),
            language: "en".into(),
            version: 4,
            sha256: "ab".repeat(32),
            published_at: 0,
            text: "# Notice of <Acme>\n\n## Who\n\nAcme & Co <script>x</script>\n".into(),
        };
        let html = notice_html(&notice);
        assert!(html.contains("<h1>Notice of &lt;Acme&gt;</h1>"));
        assert!(html.contains("<p>Acme &amp; Co &lt;script&gt;x&lt;/script&gt;</p>"));
        assert!(html.contains("Version 4, in force since 1970-01-01"));
        assert!(!html.contains("<script>"));
    }
}
