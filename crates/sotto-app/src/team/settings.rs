//! What a tenant's team configures and counts: its sites, its personal-data settings, and
//! figures without content for every role. Every change goes to the audit log.

use serde::{Deserialize, Serialize};
use sotto_core::SiteId;
use sotto_core::access::Permission;
use sotto_core::dsr::RequestStatus;
use sotto_store::{ConversationStore, MainStore, Subject};

use crate::chat::pii_settings::PiiSettings;
use crate::team::access::Caller;
use crate::tenancy::sites::{NewSite, SiteView};
use crate::{AppResult, Sotto};

/// A site as the team creates it (the tenant is the caller's).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamNewSite {
    /// Requested id; random when absent.
    pub site_id: Option<SiteId>,
    /// Origins allowed to embed the widget.
    pub origins: Vec<String>,
    /// The site's privacy notice.
    pub privacy_notice_url: Option<String>,
    /// Content and interface language.
    pub language: Option<String>,
    /// Days conversations are kept after their last message.
    pub retention_days: Option<u32>,
}

/// A change to a site: each field given is changed.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteChange {
    /// Days conversations are kept after their last message.
    #[serde(default)]
    pub retention_days: Option<u32>,
    /// The origins allowed to call the widget API (replacing the current ones).
    #[serde(default)]
    pub origins: Option<Vec<String>>,
}

/// Figures without content, for every role.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct TeamStats {
    /// Sites.
    pub sites: usize,
    /// Conversations stored.
    pub conversations: u64,
    /// Messages stored.
    pub messages: u64,
    /// Visitors with stored data.
    pub visitors: u64,
    /// Requests not completed.
    pub open_requests: usize,
    /// Requests not completed and past due.
    pub overdue_requests: usize,
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The caller's tenant's sites.
    pub async fn team_sites(&self, caller: &Caller) -> AppResult<Vec<SiteView>> {
        caller.require(Permission::ReadAnalytics)?;
        let sites = self.main.sites_of(caller.tenant).await?;
        Ok(sites.into_iter().map(SiteView::from).collect())
    }

    /// Creates a site for the caller's tenant.
    pub async fn team_create_site(&self, caller: &Caller, new: TeamNewSite) -> AppResult<SiteView> {
        caller.require(Permission::ManageSites)?;
        let new = NewSite {
            tenant: caller.tenant,
            id: new.site_id,
            origins: new.origins,
            privacy_notice_url: new.privacy_notice_url,
            language: new.language,
            retention_days: new.retention_days,
        };
        self.create_site(new, &caller.actor).await
    }

    /// Changes a site of the caller's tenant; another tenant's site is not found.
    pub async fn team_change_site(
        &self,
        caller: &Caller,
        site: &SiteId,
        change: SiteChange,
    ) -> AppResult<SiteView> {
        caller.require(Permission::ManageSites)?;
        let mut view: SiteView = self.caller_site(caller, site).await?.into();
        if let Some(origins) = &change.origins {
            view = self.set_origins(site, origins, &caller.actor).await?;
        }
        if let Some(days) = change.retention_days {
            view = self.set_retention(site, days, &caller.actor).await?;
        }
        Ok(view)
    }

    /// The caller's tenant's personal-data settings.
    pub async fn team_settings(&self, caller: &Caller) -> AppResult<PiiSettings> {
        caller.require(Permission::ManageSettings)?;
        self.pii_settings(caller.tenant).await
    }

    /// Replaces the caller's tenant's personal-data settings.
    pub async fn team_change_settings(
        &self,
        caller: &Caller,
        settings: PiiSettings,
    ) -> AppResult<PiiSettings> {
        caller.require(Permission::ManageSettings)?;
        self.set_pii_settings(caller.tenant, settings, &caller.actor)
            .await
    }

    /// Counts of what the caller's tenant holds, and of its pending requests.
    pub async fn team_stats(&self, caller: &Caller) -> AppResult<TeamStats> {
        caller.require(Permission::ReadAnalytics)?;
        let held = self
            .conversations
            .count_held(caller.tenant, &Subject::Tenant)
            .await?;
        let register = self
            .request_register(caller.tenant, sotto_core::now())
            .await?;
        Ok(TeamStats {
            sites: self.main.sites_of(caller.tenant).await?.len(),
            conversations: held.conversations,
            messages: held.messages,
            visitors: held.visitor_keys,
            open_requests: register
                .iter()
                .filter(|r| r.status != RequestStatus::Completed)
                .count(),
            overdue_requests: register.iter().filter(|r| r.overdue).count(),
        })
    }
}
