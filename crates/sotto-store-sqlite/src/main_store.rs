//! [`MainStore`] on SQLite (`main.db`).

use std::path::Path;

use sotto_core::{MemberId, SiteId, TenantId, UnixTime};
use sotto_store::{
    ApiKeyRecord, AuditDraft, AuditEntry, AuditSeal, BreachRecord, CrawlEnd, CrawlRunRecord,
    ImportMode, ImportOutcome, KnowledgeChunk, KnowledgePage, MainStore, MemberRecord,
    PublishedText, SessionRecord, SiteRecord, StoreError, StoreResult, TenantRecord,
};
use sotto_store_sqlx::consent_sql as consent;
use sotto_store_sqlx::crawl_sql as crawl;
use sotto_store_sqlx::dsr_sql::{self as sql, for_sqlite};
use sotto_store_sqlx::site_sql as site;
use sotto_store_sqlx::team_sql as team;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use tracing::instrument;

use crate::pools::{Pools, backend};
use sotto_store::decode as rows;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/main");

/// The main store in one SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteMainStore {
    pools: Pools,
}

impl SqliteMainStore {
    /// Opens or creates `main.db` at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        Ok(Self {
            pools: Pools::open(path, &MIGRATOR).await?,
        })
    }
}

fn tenant_from_row(row: &SqliteRow) -> StoreResult<TenantRecord> {
    Ok(TenantRecord {
        id: rows::tenant_id(row.try_get("tenant_id").map_err(backend)?)?,
        name: row.try_get("name").map_err(backend)?,
        wrapped_key: row.try_get("wrapped_key").map_err(backend)?,
        created_at: row.try_get("created_at").map_err(backend)?,
    })
}

/// Removes one page; its chunks follow by cascade.
async fn delete_page(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    tenant: &str,
    site: &SiteId,
    url: &str,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM knowledge_pages WHERE tenant_id = ? AND site_id = ? AND url = ?")
        .bind(tenant)
        .bind(site.as_str())
        .bind(url)
        .execute(&mut **tx)
        .await
        .map_err(backend)?;
    Ok(())
}

impl MainStore for SqliteMainStore {
    fn schema_version(&self) -> i64 {
        self.pools.schema_version
    }

    async fn close(&self) {
        self.pools.close().await;
    }

    #[instrument(skip_all)]
    async fn create_tenant(&self, tenant: &TenantRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO tenants (tenant_id, name, wrapped_key, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(tenant.id.to_string())
        .bind(&tenant.name)
        .bind(&tenant.wrapped_key)
        .bind(tenant.created_at)
        .execute(&self.pools.writer)
        .await
        .map_err(backend)?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn tenant(&self, id: TenantId) -> StoreResult<Option<TenantRecord>> {
        let row = sqlx::query(
            "SELECT tenant_id, name, wrapped_key, created_at FROM tenants WHERE tenant_id = ?",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pools.reader)
        .await
        .map_err(backend)?;
        row.as_ref().map(tenant_from_row).transpose()
    }

    #[instrument(skip_all)]
    async fn tenants_named(&self, name: &str) -> StoreResult<Vec<TenantRecord>> {
        let rows = sqlx::query(
            "SELECT tenant_id, name, wrapped_key, created_at FROM tenants WHERE name = ? ORDER BY created_at, rowid",
        )
        .bind(name)
        .fetch_all(&self.pools.reader)
        .await
        .map_err(backend)?;
        rows.iter().map(tenant_from_row).collect()
    }

    #[instrument(skip_all)]
    async fn insert_api_key(&self, key: &ApiKeyRecord) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::INSERT_API_KEY)))
            .bind(key.tenant_id.to_string())
            .bind(&key.key_id)
            .bind(&key.secret_hash)
            .bind(key.role.as_str())
            .bind(&key.label)
            .bind(key.created_at)
            .bind(key.revoked_at)
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn api_key(&self, key_id: &str) -> StoreResult<Option<ApiKeyRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::API_KEY_BY_ID)))
            .bind(key_id)
            .fetch_optional(&self.pools.reader)
            .await
            .map_err(backend)?;
        row.as_ref().map(team::api_key).transpose()
    }

    #[instrument(skip_all, fields(site = %site.id))]
    async fn create_site(&self, site: &SiteRecord) -> StoreResult<()> {
        let mut tx = self.pools.writer.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO sites (tenant_id, site_id, privacy_notice_url, language, retention_days, knowledge_version, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(site.tenant_id.to_string())
        .bind(site.id.as_str())
        .bind(&site.privacy_notice_url)
        .bind(&site.language)
        .bind(i64::from(site.retention_days))
        .bind(site.knowledge_version)
        .bind(site.created_at)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        insert_origins(&mut tx, site.tenant_id, &site.id, &site.origins).await?;
        tx.commit().await.map_err(backend)
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn set_origins(
        &self,
        tenant: TenantId,
        site: &SiteId,
        origins: &[String],
    ) -> StoreResult<bool> {
        let mut tx = self.pools.writer.begin().await.map_err(backend)?;
        let known = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(site::SITE_KNOWN)))
            .bind(tenant.to_string())
            .bind(site.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .is_some();
        if !known {
            return Ok(false);
        }
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(site::DELETE_ORIGINS)))
            .bind(tenant.to_string())
            .bind(site.as_str())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        insert_origins(&mut tx, tenant, site, origins).await?;
        tx.commit().await.map_err(backend)?;
        Ok(true)
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn set_retention(&self, tenant: TenantId, site: &SiteId, days: u32) -> StoreResult<bool> {
        let updated =
            sqlx::query("UPDATE sites SET retention_days = ? WHERE tenant_id = ? AND site_id = ?")
                .bind(i64::from(days))
                .bind(tenant.to_string())
                .bind(site.as_str())
                .execute(&self.pools.writer)
                .await
                .map_err(backend)?;
        Ok(updated.rows_affected() == 1)
    }

    #[instrument(skip_all, fields(site = %id))]
    async fn site(&self, id: &SiteId) -> StoreResult<Option<SiteRecord>> {
        let Some(row) = sqlx::query(
            "SELECT tenant_id, site_id, privacy_notice_url, language, retention_days, knowledge_version, created_at
             FROM sites WHERE site_id = ?",
        )
        .bind(id.as_str())
        .fetch_optional(&self.pools.reader)
        .await
        .map_err(backend)?
        else {
            return Ok(None);
        };
        let tenant_text: String = row.try_get("tenant_id").map_err(backend)?;
        let origins = sqlx::query_scalar::<_, String>(
            "SELECT origin FROM site_origins WHERE tenant_id = ? AND site_id = ? ORDER BY position",
        )
        .bind(&tenant_text)
        .bind(id.as_str())
        .fetch_all(&self.pools.reader)
        .await
        .map_err(backend)?;
        Ok(Some(SiteRecord {
            tenant_id: rows::tenant_id(&tenant_text)?,
            id: rows::site_id(row.try_get("site_id").map_err(backend)?)?,
            origins,
            privacy_notice_url: row.try_get("privacy_notice_url").map_err(backend)?,
            language: row.try_get("language").map_err(backend)?,
            retention_days: rows::retention_days(row.try_get("retention_days").map_err(backend)?)?,
            knowledge_version: row.try_get("knowledge_version").map_err(backend)?,
            created_at: row.try_get("created_at").map_err(backend)?,
        }))
    }

    #[instrument(skip_all, fields(site = %site, pages = pages.len()))]
    async fn upsert_pages(
        &self,
        tenant: TenantId,
        site: &SiteId,
        pages: &[KnowledgePage],
        mode: ImportMode,
    ) -> StoreResult<ImportOutcome> {
        let tenant_text = tenant.to_string();
        let now = sotto_core::now();
        let mut outcome = ImportOutcome::default();
        let mut tx = self.pools.writer.begin().await.map_err(backend)?;
        for page in pages {
            let existing: Option<String> = sqlx::query_scalar(
                "SELECT content_hash FROM knowledge_pages WHERE tenant_id = ? AND site_id = ? AND url = ?",
            )
            .bind(&tenant_text)
            .bind(site.as_str())
            .bind(&page.url)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
            match existing {
                Some(hash) if hash == page.content_hash => {
                    sqlx::query(sqlx::AssertSqlSafe(for_sqlite(crawl::SET_VALIDATORS)))
                        .bind(&tenant_text)
                        .bind(site.as_str())
                        .bind(&page.url)
                        .bind(&page.etag)
                        .bind(&page.last_modified)
                        .execute(&mut *tx)
                        .await
                        .map_err(backend)?;
                    outcome.unchanged += 1;
                    continue;
                }
                Some(_) => outcome.updated += 1,
                None => outcome.added += 1,
            }
            delete_page(&mut tx, &tenant_text, site, &page.url).await?;
            sqlx::query(
                "INSERT INTO knowledge_pages (tenant_id, site_id, url, title, language, content_hash, etag, last_modified, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&tenant_text)
            .bind(site.as_str())
            .bind(&page.url)
            .bind(&page.title)
            .bind(&page.language)
            .bind(&page.content_hash)
            .bind(&page.etag)
            .bind(&page.last_modified)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            for (position, chunk) in page.chunks.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO knowledge_chunks (tenant_id, site_id, url, position, heading, text) VALUES (?, ?, ?, ?, ?, ?)",
                )
                .bind(&tenant_text)
                .bind(site.as_str())
                .bind(&page.url)
                .bind(position as i64)
                .bind(&chunk.heading)
                .bind(&chunk.text)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            }
        }
        if mode == ImportMode::Replace {
            let stored: Vec<String> = sqlx::query_scalar(
                "SELECT url FROM knowledge_pages WHERE tenant_id = ? AND site_id = ?",
            )
            .bind(&tenant_text)
            .bind(site.as_str())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
            for url in stored
                .iter()
                .filter(|url| !pages.iter().any(|p| &p.url == *url))
            {
                delete_page(&mut tx, &tenant_text, site, url).await?;
                outcome.removed += 1;
            }
        }
        if outcome.added + outcome.updated + outcome.removed > 0 {
            sqlx::query("UPDATE sites SET knowledge_version = knowledge_version + 1 WHERE tenant_id = ? AND site_id = ?")
                .bind(&tenant_text)
                .bind(site.as_str())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        outcome.knowledge_version = sqlx::query_scalar(
            "SELECT knowledge_version FROM sites WHERE tenant_id = ? AND site_id = ?",
        )
        .bind(&tenant_text)
        .bind(site.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(outcome)
    }

    #[instrument(skip_all)]
    async fn tenants(&self) -> StoreResult<Vec<TenantRecord>> {
        let rows = sqlx::query("SELECT tenant_id, name, wrapped_key, created_at FROM tenants ORDER BY created_at, rowid")
            .fetch_all(&self.pools.reader)
            .await
            .map_err(backend)?;
        rows.iter().map(tenant_from_row).collect()
    }

    #[instrument(skip_all)]
    async fn pii_settings(&self, tenant: TenantId) -> StoreResult<Option<String>> {
        sqlx::query_scalar("SELECT pii_settings FROM tenants WHERE tenant_id = ?")
            .bind(tenant.to_string())
            .fetch_optional(&self.pools.reader)
            .await
            .map_err(backend)
    }

    #[instrument(skip_all)]
    async fn set_pii_settings(&self, tenant: TenantId, settings: &str) -> StoreResult<bool> {
        let updated = sqlx::query("UPDATE tenants SET pii_settings = ? WHERE tenant_id = ?")
            .bind(settings)
            .bind(tenant.to_string())
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(updated.rows_affected() == 1)
    }

    #[instrument(skip_all)]
    async fn shred_tenant_key(&self, tenant: TenantId) -> StoreResult<bool> {
        let done = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(sql::SHRED_TENANT_KEY)))
            .bind(tenant.to_string())
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected() == 1)
    }

    #[instrument(skip_all)]
    async fn delete_tenant(&self, tenant: TenantId) -> StoreResult<()> {
        let mut tx = self.pools.writer.begin().await.map_err(backend)?;
        for statement in sql::DELETE_TENANT {
            sqlx::query(sqlx::AssertSqlSafe(for_sqlite(statement)))
                .bind(tenant.to_string())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn checkpoint(&self) -> StoreResult<()> {
        self.pools.checkpoint().await
    }

    #[instrument(skip_all)]
    async fn settings_document(&self, tenant: TenantId, key: &str) -> StoreResult<Option<String>> {
        sqlx::query_scalar(sqlx::AssertSqlSafe(for_sqlite(consent::SETTINGS_DOCUMENT)))
            .bind(tenant.to_string())
            .bind(key.to_owned())
            .fetch_optional(&self.pools.reader)
            .await
            .map_err(backend)
    }

    #[instrument(skip_all)]
    async fn put_settings_document(
        &self,
        tenant: TenantId,
        key: &str,
        body: &str,
        updated_at: UnixTime,
    ) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(
            consent::PUT_SETTINGS_DOCUMENT,
        )))
        .bind(tenant.to_string())
        .bind(key.to_owned())
        .bind(body.to_owned())
        .bind(updated_at)
        .execute(&self.pools.writer)
        .await
        .map_err(backend)?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn published_texts(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> StoreResult<Vec<PublishedText>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(consent::PUBLISHED_TEXTS)))
            .bind(tenant.to_string())
            .bind(site.as_str().to_owned())
            .fetch_all(&self.pools.reader)
            .await
            .map_err(backend)?;
        rows.iter().map(consent::published_text).collect()
    }

    #[instrument(skip_all)]
    async fn put_breach(&self, breach: &BreachRecord) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(consent::PUT_BREACH)))
            .bind(breach.tenant_id.to_string())
            .bind(breach.id.clone())
            .bind(breach.detected_at)
            .bind(breach.closed_at)
            .bind(breach.updated_at)
            .bind(breach.body.clone())
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn breaches_of(&self, tenant: TenantId) -> StoreResult<Vec<BreachRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(consent::BREACHES_OF)))
            .bind(tenant.to_string())
            .fetch_all(&self.pools.reader)
            .await
            .map_err(backend)?;
        rows.iter().map(consent::breach).collect()
    }

    #[instrument(skip_all)]
    async fn publish_text(&self, text: &PublishedText) -> StoreResult<()> {
        let insert = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(consent::PUBLISH_TEXT)));
        consent::bind_text(insert, text)
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn api_keys_of(&self, tenant: TenantId) -> StoreResult<Vec<ApiKeyRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::API_KEYS_OF)))
            .bind(tenant.to_string())
            .fetch_all(&self.pools.reader)
            .await
            .map_err(backend)?;
        rows.iter().map(team::api_key).collect()
    }

    #[instrument(skip_all)]
    async fn revoke_api_key(
        &self,
        tenant: TenantId,
        key_id: &str,
        at: UnixTime,
    ) -> StoreResult<bool> {
        let done = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::REVOKE_API_KEY)))
            .bind(tenant.to_string())
            .bind(key_id)
            .bind(at)
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected() > 0)
    }

    #[instrument(skip_all)]
    async fn insert_member(&self, member: &MemberRecord) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::INSERT_MEMBER)))
            .bind(member.tenant_id.to_string())
            .bind(member.id.to_string())
            .bind(&member.email)
            .bind(&member.display_name)
            .bind(member.role.as_str())
            .bind(&member.password_hash)
            .bind(member.created_at)
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn members_of(&self, tenant: TenantId) -> StoreResult<Vec<MemberRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::MEMBERS_OF)))
            .bind(tenant.to_string())
            .fetch_all(&self.pools.reader)
            .await
            .map_err(backend)?;
        rows.iter().map(team::member).collect()
    }

    #[instrument(skip_all)]
    async fn insert_session(&self, session: &SessionRecord) -> StoreResult<()> {
        let mut tx = self.pools.writer.begin().await.map_err(backend)?;
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(
            team::DELETE_EXPIRED_SESSIONS,
        )))
        .bind(session.tenant_id.to_string())
        .bind(session.created_at)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::INSERT_SESSION)))
            .bind(session.tenant_id.to_string())
            .bind(&session.session_id)
            .bind(session.member_id.to_string())
            .bind(&session.secret_hash)
            .bind(session.created_at)
            .bind(session.expires_at)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    #[instrument(skip_all)]
    async fn session(
        &self,
        tenant: TenantId,
        session_id: &str,
    ) -> StoreResult<Option<(SessionRecord, MemberRecord)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::SESSION)))
            .bind(tenant.to_string())
            .bind(session_id)
            .fetch_optional(&self.pools.reader)
            .await
            .map_err(backend)?;
        row.as_ref().map(team::session).transpose()
    }

    #[instrument(skip_all)]
    async fn delete_session(&self, tenant: TenantId, session_id: &str) -> StoreResult<bool> {
        let done = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::DELETE_SESSION)))
            .bind(tenant.to_string())
            .bind(session_id)
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected() > 0)
    }

    #[instrument(skip_all)]
    async fn delete_member(&self, tenant: TenantId, member: MemberId) -> StoreResult<bool> {
        let done = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::DELETE_MEMBER)))
            .bind(tenant.to_string())
            .bind(member.to_string())
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected() > 0)
    }

    #[instrument(skip_all)]
    async fn append_audit(
        &self,
        tenant: TenantId,
        draft: &AuditDraft,
        seal: AuditSeal<'_>,
    ) -> StoreResult<AuditEntry> {
        let tenant_text = tenant.to_string();
        // The single writer connection serializes appends: no other write runs in between.
        let mut tx = self.pools.writer.begin().await.map_err(backend)?;
        let head: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(for_sqlite(team::AUDIT_HEAD)))
            .bind(&tenant_text)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or(StoreError::UnknownTenant)?;
        let previous: Vec<u8> =
            sqlx::query_scalar(sqlx::AssertSqlSafe(for_sqlite(team::AUDIT_MAC)))
                .bind(&tenant_text)
                .bind(head)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .unwrap_or_default();
        let entry = AuditEntry {
            tenant_id: tenant,
            seq: head + 1,
            draft: draft.clone(),
            mac: seal(head + 1, &previous),
        };
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::INSERT_AUDIT)))
            .bind(&tenant_text)
            .bind(entry.seq)
            .bind(draft.at)
            .bind(&draft.actor)
            .bind(&draft.action)
            .bind(&draft.object)
            .bind(&entry.mac)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::SET_AUDIT_HEAD)))
            .bind(&tenant_text)
            .bind(entry.seq)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(entry)
    }

    #[instrument(skip_all)]
    async fn audit_entries(
        &self,
        tenant: TenantId,
        after: i64,
        limit: usize,
    ) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(team::AUDIT_ENTRIES)))
            .bind(tenant.to_string())
            .bind(after)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pools.reader)
            .await
            .map_err(backend)?;
        rows.iter().map(team::audit_entry).collect()
    }

    #[instrument(skip_all)]
    async fn audit_head(&self, tenant: TenantId) -> StoreResult<i64> {
        let head: Option<i64> =
            sqlx::query_scalar(sqlx::AssertSqlSafe(for_sqlite(team::AUDIT_HEAD)))
                .bind(tenant.to_string())
                .fetch_optional(&self.pools.reader)
                .await
                .map_err(backend)?;
        Ok(head.unwrap_or(0))
    }

    #[instrument(skip_all)]
    async fn sites_of(&self, tenant: TenantId) -> StoreResult<Vec<SiteRecord>> {
        let ids: Vec<String> = {
            sqlx::query_scalar(
                "SELECT site_id FROM sites WHERE tenant_id = ? ORDER BY created_at, site_id",
            )
            .bind(tenant.to_string())
            .fetch_all(&self.pools.reader)
            .await
            .map_err(backend)?
        };
        let mut sites = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(site) = self.site(&rows::site_id(&id)?).await? {
                sites.push(site);
            }
        }
        Ok(sites)
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn begin_crawl(
        &self,
        tenant: TenantId,
        site: &SiteId,
        start_url: &str,
        trigger: &str,
        at: UnixTime,
        stale_before: UnixTime,
    ) -> StoreResult<bool> {
        let done = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(crawl::BEGIN_CRAWL)))
            .bind(tenant.to_string())
            .bind(site.as_str())
            .bind(start_url)
            .bind(trigger)
            .bind(at)
            .bind(stale_before)
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected() == 1)
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn record_crawl_progress(
        &self,
        tenant: TenantId,
        site: &SiteId,
        done: u64,
        known: u64,
    ) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(crawl::CRAWL_PROGRESS)))
            .bind(tenant.to_string())
            .bind(site.as_str())
            .bind(crawl::count_column(done))
            .bind(crawl::count_column(known))
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn finish_crawl(
        &self,
        tenant: TenantId,
        site: &SiteId,
        at: UnixTime,
        end: CrawlEnd<'_>,
    ) -> StoreResult<()> {
        let (state, report, error) = crawl::end_columns(end);
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(crawl::FINISH_CRAWL)))
            .bind(tenant.to_string())
            .bind(site.as_str())
            .bind(state)
            .bind(at)
            .bind(report)
            .bind(error)
            .execute(&self.pools.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn crawl_run(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> StoreResult<Option<CrawlRunRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(for_sqlite(crawl::CRAWL_RUN)))
            .bind(tenant.to_string())
            .bind(site.as_str())
            .fetch_optional(&self.pools.reader)
            .await
            .map_err(backend)?;
        row.as_ref().map(crawl::crawl_run).transpose()
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn pages(&self, tenant: TenantId, site: &SiteId) -> StoreResult<Vec<KnowledgePage>> {
        let tenant_text = tenant.to_string();
        let page_rows = sqlx::query(
            "SELECT url, title, language, content_hash, etag, last_modified FROM knowledge_pages WHERE tenant_id = ? AND site_id = ? ORDER BY url",
        )
        .bind(&tenant_text)
        .bind(site.as_str())
        .fetch_all(&self.pools.reader)
        .await
        .map_err(backend)?;
        let chunk_rows = sqlx::query(
            "SELECT url, heading, text FROM knowledge_chunks WHERE tenant_id = ? AND site_id = ? ORDER BY url, position",
        )
        .bind(&tenant_text)
        .bind(site.as_str())
        .fetch_all(&self.pools.reader)
        .await
        .map_err(backend)?;
        let mut pages = page_rows
            .iter()
            .map(|row| {
                Ok(KnowledgePage {
                    url: row.try_get("url").map_err(backend)?,
                    title: row.try_get("title").map_err(backend)?,
                    language: row.try_get("language").map_err(backend)?,
                    content_hash: row.try_get("content_hash").map_err(backend)?,
                    etag: row.try_get("etag").map_err(backend)?,
                    last_modified: row.try_get("last_modified").map_err(backend)?,
                    chunks: Vec::new(),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let by_url: std::collections::HashMap<String, usize> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url.clone(), i))
            .collect();
        for row in &chunk_rows {
            let url: &str = row.try_get("url").map_err(backend)?;
            let index = by_url
                .get(url)
                .ok_or_else(|| sotto_store::StoreError::Corrupt("chunk without page".into()))?;
            pages[*index].chunks.push(KnowledgeChunk {
                heading: row.try_get("heading").map_err(backend)?,
                text: row.try_get("text").map_err(backend)?,
            });
        }
        Ok(pages)
    }
}

/// Stores a site's origins in order, inside the caller's transaction.
async fn insert_origins(
    tx: &mut sqlx::SqliteConnection,
    tenant: TenantId,
    site: &SiteId,
    origins: &[String],
) -> StoreResult<()> {
    for (position, origin) in origins.iter().enumerate() {
        sqlx::query(sqlx::AssertSqlSafe(for_sqlite(site::INSERT_ORIGIN)))
            .bind(tenant.to_string())
            .bind(site.as_str())
            .bind(position as i64)
            .bind(origin)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
    }
    Ok(())
}
