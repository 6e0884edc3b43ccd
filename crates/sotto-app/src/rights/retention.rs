//! The retention sweep: conversations idle for longer than their site's retention are erased
//! and their keys shredded in the key store, then visitors left without any conversation
//! (their pseudonym and wrapped key), then conversation keys whose conversation is gone (a
//! crash between the two steps, a turn refused after its key was stored), then the earlier
//! versions of pages that no stored conversation can have cited. It runs in
//! every server on a timer and from `sotto retention run`; a job lock lets only one process or
//! node sweep at a time. Erasing is idempotent and goes in small batches, so an interrupted
//! sweep simply finishes on the next run.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use sotto_core::{ConversationId, SiteId, TenantId, UnixTime, limits::RETENTION_DAYS};
use sotto_store::{ConversationStore, Job, KeyStore, KeysToShred, MainStore, SiteRecord};
use tracing::{info, warn};

use crate::{AppResult, Sotto};

/// Conversations erased per statement: small enough that chat turns never wait long.
const BATCH: u32 = 500;

const DAY: i64 = 86_400;

/// What one sweep did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SweepOutcome {
    /// This process swept.
    Swept {
        /// Conversations erased, with their messages.
        conversations: u64,
        /// Visitors erased (pseudonym and wrapped key).
        visitors: u64,
        /// Conversation keys shredded whose conversation was already gone.
        stray_keys: u64,
        /// Earlier versions of pages dropped: superseded before the oldest stored
        /// conversation of their site began.
        page_versions: u64,
    },
    /// Another process or node was sweeping; nothing was done.
    Skipped,
}

/// What a sweep as of a given time would erase on one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SiteDryRun {
    /// The site.
    pub site: SiteId,
    /// Its retention.
    pub retention_days: u32,
    /// Conversations idle for longer.
    pub conversations: u64,
    /// Their messages.
    pub messages: u64,
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// What a sweep as of `now` would erase, site by site, erasing nothing. Visitors left
    /// without conversations are not counted: whether one is left depends on every site.
    pub async fn retention_dry_run(&self, now: UnixTime) -> AppResult<Vec<SiteDryRun>> {
        let mut sites = Vec::new();
        for tenant in self.main.tenants().await? {
            for site in self.main.sites_of(tenant.id).await? {
                let idle_before = now - i64::from(site.retention_days) * DAY;
                let held = self
                    .conversations
                    .count_idle_conversations(tenant.id, &site.id, idle_before)
                    .await?;
                sites.push(SiteDryRun {
                    site: site.id,
                    retention_days: site.retention_days,
                    conversations: held.conversations,
                    messages: held.messages,
                });
            }
        }
        Ok(sites)
    }

    /// Runs one sweep as of `now`, unless another process or node is running one.
    pub async fn sweep_retention(&self, now: UnixTime) -> AppResult<SweepOutcome> {
        let Some(lock) = self.conversations.try_lock_job(Job::RetentionSweep).await? else {
            info!("retention sweep skipped: another node is sweeping");
            return Ok(SweepOutcome::Skipped);
        };
        let swept = self.sweep_locked(now).await;
        self.conversations.unlock_job(lock).await?;
        let outcome = swept?;
        if let SweepOutcome::Swept {
            conversations,
            visitors,
            stray_keys,
            page_versions,
        } = outcome
        {
            info!(
                conversations,
                visitors, stray_keys, page_versions, "retention sweep done"
            );
        }
        Ok(outcome)
    }

    async fn sweep_locked(&self, now: UnixTime) -> AppResult<SweepOutcome> {
        let (mut conversations, mut visitors, mut stray_keys, mut page_versions) = (0, 0, 0, 0);
        // A visitor key is stored with its first turn, or just before the first use of another
        // kind (an address left): only keys older than the shortest retention can be orphans
        // rather than about to be used.
        let orphan_cutoff = now - i64::from(*RETENTION_DAYS.start()) * DAY;
        for tenant in self.main.tenants().await? {
            for site in self.main.sites_of(tenant.id).await? {
                let idle_before = now - i64::from(site.retention_days) * DAY;
                loop {
                    let erased = self
                        .conversations
                        .erase_idle_conversations(tenant.id, &site.id, idle_before, BATCH)
                        .await?;
                    self.keys
                        .shred(tenant.id, KeysToShred::Conversations(&erased))
                        .await?;
                    conversations += erased.len() as u64;
                    if erased.len() < BATCH as usize {
                        break;
                    }
                }
                // Addresses visitors left are kept no longer than their conversations.
                self.conversations
                    .erase_old_leads(tenant.id, &site.id, idle_before)
                    .await?;
                page_versions += self.prune_page_versions(&site, now).await?;
            }
            visitors += self
                .conversations
                .erase_orphan_visitors(tenant.id, orphan_cutoff)
                .await?;
            stray_keys += self.shred_stray_keys(tenant.id, now - DAY).await?;
        }
        if conversations + visitors > 0 {
            self.conversations.checkpoint().await?;
        }
        if conversations + stray_keys > 0 {
            self.keys.checkpoint().await?;
        }
        Ok(SweepOutcome::Swept {
            conversations,
            visitors,
            stray_keys,
            page_versions,
        })
    }

    /// Drops the versions of a site's pages that no stored answer can cite: an answer cites
    /// the version its turn read, so a version superseded before the site's oldest stored
    /// conversation began, and before the oldest last pass its answer tests remember, is no
    /// one's, give or take a day for turns in flight and indexes a node has not rebuilt yet.
    async fn prune_page_versions(&self, site: &SiteRecord, now: UnixTime) -> AppResult<u64> {
        let oldest_conversation = self
            .conversations
            .oldest_conversation_start(site.tenant_id, &site.id)
            .await?;
        let latest_run = match self.latest_test_run(site).await {
            Ok(run) => run,
            Err(error) => {
                // Which versions its tests remember is unknown: keep them all this time.
                warn!(site = %site.id, %error, "page versions kept: the latest test run is unreadable");
                return Ok(0);
            }
        };
        let oldest_pass = latest_run.and_then(|run| {
            run.results
                .iter()
                .filter_map(|r| r.last_pass.as_ref().map(|p| p.at))
                .min()
        });
        let kept_from = [oldest_conversation, oldest_pass, Some(now)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(now);
        Ok(self
            .main
            .prune_page_versions(site.tenant_id, &site.id, kept_from - DAY)
            .await?)
    }

    /// Shreds a tenant's conversation keys made before `made_before` whose conversation is not
    /// stored; returns how many went. Keys younger than that may belong to a turn in flight.
    async fn shred_stray_keys(&self, tenant: TenantId, made_before: UnixTime) -> AppResult<u64> {
        let (mut shredded, mut after) = (0, None);
        loop {
            let page = self
                .keys
                .keys_page(tenant, made_before, after, BATCH)
                .await?;
            let Some(last) = page.last() else {
                return Ok(shredded);
            };
            after = Some(last.conversation_id);
            let ids: Vec<ConversationId> = page.iter().map(|k| k.conversation_id).collect();
            let stored: std::collections::HashSet<ConversationId> = self
                .conversations
                .stored_conversations(tenant, &ids)
                .await?
                .into_iter()
                .collect();
            let stray: Vec<ConversationId> =
                ids.into_iter().filter(|id| !stored.contains(id)).collect();
            shredded += self
                .keys
                .shred(tenant, KeysToShred::Conversations(&stray))
                .await?;
        }
    }

    /// Sweeps every `every`, forever (the server aborts it on shutdown). A failed sweep is
    /// logged and retried at the next tick.
    pub async fn sweep_retention_every(self: Arc<Self>, every: Duration) {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = self.sweep_retention(sotto_core::now()).await {
                warn!(%error, "retention sweep failed");
            }
        }
    }
}
