//! What the compliance documents say about the controller and how each site asks for consent:
//! the tenant's privacy profile (controller, contact, DPO) and each site's consent mode. Both
//! are JSON settings documents in the main store; every change goes to the audit log, and the
//! privacy notice, generated from them, gets a new version on its next read.

use serde::{Deserialize, Serialize};
use sotto_core::access::Permission;
use sotto_core::consent::ConsentMode;
use sotto_core::lead::looks_like_email;
use sotto_core::limits::MAX_PAGE_URL_BYTES;
use sotto_core::{SiteId, TenantId};
use sotto_store::{ConversationStore, MainStore};
use tracing::info;

use crate::team::access::{Actor, Caller};
use crate::{AppError, AppResult, Sotto};

/// The settings document key of a tenant's profile.
const PROFILE_KEY: &str = "privacy";
/// Longest value of a profile field.
const MAX_FIELD: usize = 300;

/// The controller's details, printed in the privacy notice and the register of processing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivacyProfile {
    /// Legal name of the controller (the tenant's name when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller_name: Option<String>,
    /// Postal address of the controller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Where visitors write about their data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// The data protection officer's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo_email: Option<String>,
}

/// How one site asks before it stores conversations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SitePrivacy {
    /// `legitimate_interest` (stored from the first message, with the right to object) or
    /// `opt_in` (stored only after the visitor agreed in the widget).
    #[serde(default)]
    pub consent_mode: ConsentMode,
    /// Whether the widget may ask for an e-mail address: when a visitor asks for contact (with
    /// a stated purpose and a separate, unticked marketing box), and for a summary by e-mail
    /// when an SMTP relay is configured. Off by default.
    #[serde(default)]
    pub email_capture: bool,
    /// Where each new lead is posted, signed with the site's webhook key (`http(s)` URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_webhook: Option<String>,
    /// How many times the webhook signing key was rotated (kept by Sotto: a change of
    /// settings never resets it).
    #[serde(default)]
    pub webhook_generation: u32,
}

impl SitePrivacy {
    fn checked(self) -> AppResult<Self> {
        if let Some(url) = &self.lead_webhook {
            let parsed = url::Url::parse(url)
                .map_err(|_| AppError::Invalid("lead_webhook is not a URL".into()))?;
            if !matches!(parsed.scheme(), "https" | "http") || url.len() > MAX_PAGE_URL_BYTES {
                return Err(AppError::Invalid(format!(
                    "lead_webhook must be an http(s) URL of at most {MAX_PAGE_URL_BYTES} bytes"
                )));
            }
        }
        Ok(self)
    }
}

impl PrivacyProfile {
    fn checked(self) -> AppResult<Self> {
        let fields = [
            ("controller_name", &self.controller_name),
            ("address", &self.address),
            ("contact_email", &self.contact_email),
            ("dpo_email", &self.dpo_email),
        ];
        for (name, value) in fields {
            if let Some(value) = value
                && (value.trim().is_empty() || value.chars().count() > MAX_FIELD)
            {
                return Err(AppError::Invalid(format!(
                    "{name} must be 1 to {MAX_FIELD} characters"
                )));
            }
        }
        for (name, value) in [
            ("contact_email", &self.contact_email),
            ("dpo_email", &self.dpo_email),
        ] {
            if let Some(address) = value
                && !looks_like_email(address)
            {
                return Err(AppError::Invalid(format!(
                    "{name} is not an e-mail address"
                )));
            }
        }
        Ok(self)
    }
}

/// The settings document key of a site's privacy settings.
pub(crate) fn site_key(site: &SiteId) -> String {
    format!("site:{site}")
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// A tenant's privacy profile (empty until set).
    pub async fn privacy_profile(&self, tenant: TenantId) -> AppResult<PrivacyProfile> {
        self.settings_of(tenant, PROFILE_KEY).await
    }

    /// The controller's name as the documents print it (the profile's legal name, or the
    /// tenant's name), with the profile.
    pub(crate) async fn controller_of(
        &self,
        tenant: TenantId,
    ) -> AppResult<(String, PrivacyProfile)> {
        let record = self
            .main
            .tenant(tenant)
            .await?
            .ok_or(AppError::NotFound("tenant"))?;
        let profile = self.privacy_profile(tenant).await?;
        Ok((
            profile.controller_name.clone().unwrap_or(record.name),
            profile,
        ))
    }

    /// Replaces a tenant's privacy profile.
    pub async fn set_privacy_profile(
        &self,
        tenant: TenantId,
        profile: PrivacyProfile,
        actor: &Actor,
    ) -> AppResult<PrivacyProfile> {
        self.main
            .tenant(tenant)
            .await?
            .ok_or(AppError::NotFound("tenant"))?;
        let profile = profile.checked()?;
        self.put_settings(tenant, PROFILE_KEY, &profile).await?;
        self.audit(tenant, actor, "settings.update", PROFILE_KEY)
            .await?;
        info!(%tenant, "privacy profile changed");
        Ok(profile)
    }

    /// A site's privacy settings (the defaults until set).
    pub async fn site_privacy(&self, tenant: TenantId, site: &SiteId) -> AppResult<SitePrivacy> {
        self.settings_of(tenant, &site_key(site)).await
    }

    /// Replaces a site's privacy settings.
    pub async fn set_site_privacy(
        &self,
        site: &SiteId,
        settings: SitePrivacy,
        actor: &Actor,
    ) -> AppResult<SitePrivacy> {
        let record = self.site_record(site).await?;
        let mut settings = settings.checked()?;
        settings.webhook_generation = self
            .site_privacy(record.tenant_id, site)
            .await?
            .webhook_generation;
        self.put_settings(record.tenant_id, &site_key(site), &settings)
            .await?;
        self.audit(record.tenant_id, actor, "site.update", site.as_str())
            .await?;
        info!(tenant = %record.tenant_id, site = %site, mode = settings.consent_mode.as_str(), "site privacy changed");
        Ok(settings)
    }

    /// The caller's tenant's privacy profile.
    pub async fn team_privacy_profile(&self, caller: &Caller) -> AppResult<PrivacyProfile> {
        caller.require(Permission::ManageSettings)?;
        self.privacy_profile(caller.tenant).await
    }

    /// Replaces the caller's tenant's privacy profile.
    pub async fn team_set_privacy_profile(
        &self,
        caller: &Caller,
        profile: PrivacyProfile,
    ) -> AppResult<PrivacyProfile> {
        caller.require(Permission::ManageSettings)?;
        self.set_privacy_profile(caller.tenant, profile, &caller.actor)
            .await
    }

    /// A site of the caller's tenant: its privacy settings.
    pub async fn team_site_privacy(
        &self,
        caller: &Caller,
        site: &SiteId,
    ) -> AppResult<SitePrivacy> {
        caller.require(Permission::ManageSites)?;
        self.caller_site(caller, site).await?;
        self.site_privacy(caller.tenant, site).await
    }

    /// Replaces the privacy settings of a site of the caller's tenant.
    pub async fn team_set_site_privacy(
        &self,
        caller: &Caller,
        site: &SiteId,
        settings: SitePrivacy,
    ) -> AppResult<SitePrivacy> {
        caller.require(Permission::ManageSites)?;
        self.caller_site(caller, site).await?;
        self.set_site_privacy(site, settings, &caller.actor).await
    }

    pub(crate) async fn settings_of<T: serde::de::DeserializeOwned + Default>(
        &self,
        tenant: TenantId,
        key: &str,
    ) -> AppResult<T> {
        match self.main.settings_document(tenant, key).await? {
            None => Ok(T::default()),
            Some(json) => serde_json::from_str(&json)
                .map_err(|_| AppError::Setup(format!("the stored {key} settings do not decode"))),
        }
    }

    pub(crate) async fn put_settings<T: Serialize>(
        &self,
        tenant: TenantId,
        key: &str,
        value: &T,
    ) -> AppResult<()> {
        let json = serde_json::to_string(value)
            .map_err(|_| AppError::Setup("settings do not encode".into()))?;
        Ok(self
            .main
            .put_settings_document(tenant, key, &json, sotto_core::now())
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_checked() {
        let good = PrivacyProfile {
            contact_email: Some("privacy@shop.example".into()),
            dpo_email: Some("dpo@shop.example".into()),
            ..PrivacyProfile::default()
        };
        assert!(good.clone().checked().is_ok());
        for bad in [
            "shop.example",
            "a@b",
            "a b@shop.example",
            "@shop.example",
            "a@.example",
        ] {
            let profile = PrivacyProfile {
                dpo_email: Some(bad.into()),
                ..good.clone()
            };
            assert!(profile.checked().is_err(), "{bad}");
        }
        let blank = PrivacyProfile {
            address: Some("  ".into()),
            ..good
        };
        assert!(blank.checked().is_err());
    }

    #[test]
    fn site_settings_default_to_legitimate_interest_and_refuse_unknown_fields() {
        let settings: SitePrivacy = serde_json::from_str("{}").unwrap();
        assert_eq!(settings.consent_mode, ConsentMode::LegitimateInterest);
        let opt_in: SitePrivacy = serde_json::from_str(r#"{"consent_mode":"opt_in"}"#).unwrap();
        assert_eq!(opt_in.consent_mode, ConsentMode::OptIn);
        assert!(serde_json::from_str::<SitePrivacy>(r#"{"mode":"opt_in"}"#).is_err());
    }
}
