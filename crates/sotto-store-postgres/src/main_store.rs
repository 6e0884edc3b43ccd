//! [`MainStore`] on PostgreSQL.

use sotto_core::{MemberId, SiteId, TenantId, UnixTime};
use sotto_store::{
    ApiKeyRecord, AuditDraft, AuditEntry, AuditSeal, BreachRecord, CrawlEnd, CrawlRunRecord,
    ImportMode, ImportOutcome, KnowledgeChunk, KnowledgePage, MainStore, MemberRecord,
    PublishedText, SessionRecord, SiteRecord, StoreError, StoreResult, TenantRecord,
};
use sotto_store_sqlx::consent_sql as consent;
use sotto_store_sqlx::crawl_sql as crawl;
use sotto_store_sqlx::dsr_sql as sql;
use sotto_store_sqlx::site_sql as site;
use sotto_store_sqlx::team_sql as team;
use sqlx::Row;
use sqlx::postgres::PgRow;
use tracing::instrument;

use crate::pool::{backend, connect, declare_tenant, execute_scoped, lookup, scoped};
use sotto_store::decode as rows;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/main");

/// The main store in a PostgreSQL database (or schema).
#[derive(Clone, Debug)]
pub struct PgMainStore {
    pool: sqlx::PgPool,
    schema_version: i64,
}

impl PgMainStore {
    /// Connects to the main store's database at `url` and applies pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let (pool, schema_version) = connect(url, &MIGRATOR).await?;
        Ok(Self {
            pool,
            schema_version,
        })
    }
}

fn tenant_from_row(row: &PgRow) -> StoreResult<TenantRecord> {
    Ok(TenantRecord {
        id: rows::tenant_id(row.try_get("tenant_id").map_err(backend)?)?,
        name: row.try_get("name").map_err(backend)?,
        wrapped_key: row.try_get("wrapped_key").map_err(backend)?,
        created_at: row.try_get("created_at").map_err(backend)?,
    })
}

/// Removes one page; its chunks follow by cascade.
async fn delete_page(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    tenant: &str,
    site: &SiteId,
    url: &str,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM knowledge_pages WHERE tenant_id = $1 AND site_id = $2 AND url = $3")
        .bind(tenant)
        .bind(site.as_str())
        .bind(url)
        .execute(&mut **tx)
        .await
        .map_err(backend)?;
    Ok(())
}

impl MainStore for PgMainStore {
    fn schema_version(&self) -> i64 {
        self.schema_version
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    #[instrument(skip_all)]
    async fn create_tenant(&self, tenant: &TenantRecord) -> StoreResult<()> {
        let mut tx = scoped(&self.pool, tenant.id).await?;
        sqlx::query(
            "INSERT INTO tenants (tenant_id, name, wrapped_key, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(tenant.id.to_string())
        .bind(&tenant.name)
        .bind(&tenant.wrapped_key)
        .bind(tenant.created_at)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    #[instrument(skip_all)]
    async fn tenant(&self, id: TenantId) -> StoreResult<Option<TenantRecord>> {
        let mut tx = scoped(&self.pool, id).await?;
        let row = sqlx::query(
            "SELECT tenant_id, name, wrapped_key, created_at FROM tenants WHERE tenant_id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        row.as_ref().map(tenant_from_row).transpose()
    }

    #[instrument(skip_all)]
    async fn tenants_named(&self, name: &str) -> StoreResult<Vec<TenantRecord>> {
        let mut tx = lookup(&self.pool).await?;
        let rows = sqlx::query(
            "SELECT tenant_id, name, wrapped_key, created_at FROM tenants WHERE name = $1 ORDER BY created_at, tenant_id",
        )
        .bind(name)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        rows.iter().map(tenant_from_row).collect()
    }

    #[instrument(skip_all)]
    async fn insert_api_key(&self, key: &ApiKeyRecord) -> StoreResult<()> {
        let statement = sqlx::query(team::INSERT_API_KEY)
            .bind(key.tenant_id.to_string())
            .bind(&key.key_id)
            .bind(&key.secret_hash)
            .bind(key.role.as_str())
            .bind(&key.label)
            .bind(key.created_at)
            .bind(key.revoked_at);
        execute_scoped(&self.pool, key.tenant_id, statement).await?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn api_key(&self, key_id: &str) -> StoreResult<Option<ApiKeyRecord>> {
        let mut tx = lookup(&self.pool).await?;
        let row = sqlx::query(team::API_KEY_BY_ID)
            .bind(key_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(team::api_key).transpose()
    }

    #[instrument(skip_all, fields(site = %site.id))]
    async fn create_site(&self, site: &SiteRecord) -> StoreResult<()> {
        let mut tx = scoped(&self.pool, site.tenant_id).await?;
        sqlx::query(
            "INSERT INTO sites (tenant_id, site_id, privacy_notice_url, language, retention_days, knowledge_version, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
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
        let mut tx = scoped(&self.pool, tenant).await?;
        let known = sqlx::query(site::SITE_KNOWN)
            .bind(tenant.to_string())
            .bind(site.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .is_some();
        if !known {
            return Ok(false);
        }
        sqlx::query(site::DELETE_ORIGINS)
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
        let statement = sqlx::query(
            "UPDATE sites SET retention_days = $1 WHERE tenant_id = $2 AND site_id = $3",
        )
        .bind(i64::from(days))
        .bind(tenant.to_string())
        .bind(site.as_str());
        Ok(execute_scoped(&self.pool, tenant, statement).await? == 1)
    }

    #[instrument(skip_all, fields(site = %id))]
    async fn site(&self, id: &SiteId) -> StoreResult<Option<SiteRecord>> {
        let mut tx = lookup(&self.pool).await?;
        let Some(row) = sqlx::query(
            "SELECT tenant_id, site_id, privacy_notice_url, language, retention_days, knowledge_version, created_at
             FROM sites WHERE site_id = $1",
        )
        .bind(id.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        else {
            return Ok(None);
        };
        let tenant_text: String = row.try_get("tenant_id").map_err(backend)?;
        declare_tenant(&mut tx, &tenant_text).await?;
        let origins = sqlx::query_scalar::<_, String>(
            "SELECT origin FROM site_origins WHERE tenant_id = $1 AND site_id = $2 ORDER BY position",
        )
        .bind(&tenant_text)
        .bind(id.as_str())
        .fetch_all(&mut *tx)
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
        let mut tx = scoped(&self.pool, tenant).await?;
        for page in pages {
            let existing: Option<String> = sqlx::query_scalar(
                "SELECT content_hash FROM knowledge_pages WHERE tenant_id = $1 AND site_id = $2 AND url = $3",
            )
            .bind(&tenant_text)
            .bind(site.as_str())
            .bind(&page.url)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
            match existing {
                Some(hash) if hash == page.content_hash => {
                    sqlx::query(crawl::SET_VALIDATORS)
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
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
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
                    "INSERT INTO knowledge_chunks (tenant_id, site_id, url, position, heading, text) VALUES ($1, $2, $3, $4, $5, $6)",
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
                "SELECT url FROM knowledge_pages WHERE tenant_id = $1 AND site_id = $2",
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
            sqlx::query("UPDATE sites SET knowledge_version = knowledge_version + 1 WHERE tenant_id = $1 AND site_id = $2")
                .bind(&tenant_text)
                .bind(site.as_str())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        outcome.knowledge_version = sqlx::query_scalar(
            "SELECT knowledge_version FROM sites WHERE tenant_id = $1 AND site_id = $2",
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
        let mut tx = lookup(&self.pool).await?;
        let rows = sqlx::query("SELECT tenant_id, name, wrapped_key, created_at FROM tenants ORDER BY created_at, tenant_id")
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(tenant_from_row).collect()
    }

    #[instrument(skip_all)]
    async fn pii_settings(&self, tenant: TenantId) -> StoreResult<Option<String>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        sqlx::query_scalar("SELECT pii_settings FROM tenants WHERE tenant_id = $1")
            .bind(tenant.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)
    }

    #[instrument(skip_all)]
    async fn set_pii_settings(&self, tenant: TenantId, settings: &str) -> StoreResult<bool> {
        let statement = sqlx::query("UPDATE tenants SET pii_settings = $1 WHERE tenant_id = $2")
            .bind(settings.to_owned())
            .bind(tenant.to_string());
        Ok(execute_scoped(&self.pool, tenant, statement).await? == 1)
    }

    #[instrument(skip_all)]
    async fn settings_document(&self, tenant: TenantId, key: &str) -> StoreResult<Option<String>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        sqlx::query_scalar(consent::SETTINGS_DOCUMENT)
            .bind(tenant.to_string())
            .bind(key.to_owned())
            .fetch_optional(&mut *tx)
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
        let statement = sqlx::query(consent::PUT_SETTINGS_DOCUMENT)
            .bind(tenant.to_string())
            .bind(key.to_owned())
            .bind(body.to_owned())
            .bind(updated_at);
        execute_scoped(&self.pool, tenant, statement).await?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn published_texts(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> StoreResult<Vec<PublishedText>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = sqlx::query(consent::PUBLISHED_TEXTS)
            .bind(tenant.to_string())
            .bind(site.as_str().to_owned())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(consent::published_text).collect()
    }

    #[instrument(skip_all)]
    async fn put_breach(&self, breach: &BreachRecord) -> StoreResult<()> {
        let statement = sqlx::query(consent::PUT_BREACH)
            .bind(breach.tenant_id.to_string())
            .bind(breach.id.clone())
            .bind(breach.detected_at)
            .bind(breach.closed_at)
            .bind(breach.updated_at)
            .bind(breach.body.clone());
        execute_scoped(&self.pool, breach.tenant_id, statement).await?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn breaches_of(&self, tenant: TenantId) -> StoreResult<Vec<BreachRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = sqlx::query(consent::BREACHES_OF)
            .bind(tenant.to_string())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(consent::breach).collect()
    }

    #[instrument(skip_all)]
    async fn publish_text(&self, text: &PublishedText) -> StoreResult<()> {
        let statement = consent::bind_text(sqlx::query(consent::PUBLISH_TEXT), text);
        execute_scoped(&self.pool, text.tenant_id, statement).await?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn shred_tenant_key(&self, tenant: TenantId) -> StoreResult<bool> {
        let statement = sqlx::query(sql::SHRED_TENANT_KEY).bind(tenant.to_string());
        Ok(execute_scoped(&self.pool, tenant, statement).await? == 1)
    }

    #[instrument(skip_all)]
    async fn delete_tenant(&self, tenant: TenantId) -> StoreResult<()> {
        let mut tx = scoped(&self.pool, tenant).await?;
        for statement in sql::DELETE_TENANT {
            sqlx::query(statement)
                .bind(tenant.to_string())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn checkpoint(&self) -> StoreResult<()> {
        Ok(())
    }

    #[instrument(skip_all)]
    async fn api_keys_of(&self, tenant: TenantId) -> StoreResult<Vec<ApiKeyRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = sqlx::query(team::API_KEYS_OF)
            .bind(tenant.to_string())
            .fetch_all(&mut *tx)
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
        let statement = sqlx::query(team::REVOKE_API_KEY)
            .bind(tenant.to_string())
            .bind(key_id)
            .bind(at);
        Ok(execute_scoped(&self.pool, tenant, statement).await? > 0)
    }

    #[instrument(skip_all)]
    async fn insert_member(&self, member: &MemberRecord) -> StoreResult<()> {
        let statement = sqlx::query(team::INSERT_MEMBER)
            .bind(member.tenant_id.to_string())
            .bind(member.id.to_string())
            .bind(&member.email)
            .bind(&member.display_name)
            .bind(member.role.as_str())
            .bind(&member.password_hash)
            .bind(member.created_at);
        execute_scoped(&self.pool, member.tenant_id, statement).await?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn members_of(&self, tenant: TenantId) -> StoreResult<Vec<MemberRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = sqlx::query(team::MEMBERS_OF)
            .bind(tenant.to_string())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(team::member).collect()
    }

    #[instrument(skip_all)]
    async fn insert_session(&self, session: &SessionRecord) -> StoreResult<()> {
        let mut tx = scoped(&self.pool, session.tenant_id).await?;
        sqlx::query(team::DELETE_EXPIRED_SESSIONS)
            .bind(session.tenant_id.to_string())
            .bind(session.created_at)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query(team::INSERT_SESSION)
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
        let mut tx = scoped(&self.pool, tenant).await?;
        let row = sqlx::query(team::SESSION)
            .bind(tenant.to_string())
            .bind(session_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(team::session).transpose()
    }

    #[instrument(skip_all)]
    async fn delete_session(&self, tenant: TenantId, session_id: &str) -> StoreResult<bool> {
        let statement = sqlx::query(team::DELETE_SESSION)
            .bind(tenant.to_string())
            .bind(session_id);
        Ok(execute_scoped(&self.pool, tenant, statement).await? > 0)
    }

    #[instrument(skip_all)]
    async fn delete_member(&self, tenant: TenantId, member: MemberId) -> StoreResult<bool> {
        let statement = sqlx::query(team::DELETE_MEMBER)
            .bind(tenant.to_string())
            .bind(member.to_string());
        Ok(execute_scoped(&self.pool, tenant, statement).await? > 0)
    }

    #[instrument(skip_all)]
    async fn append_audit(
        &self,
        tenant: TenantId,
        draft: &AuditDraft,
        seal: AuditSeal<'_>,
    ) -> StoreResult<AuditEntry> {
        let tenant_text = tenant.to_string();
        let mut tx = scoped(&self.pool, tenant).await?;
        // The row lock on the tenant serializes appends across every node.
        let head: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "{} FOR UPDATE",
            team::AUDIT_HEAD
        )))
        .bind(&tenant_text)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or(StoreError::UnknownTenant)?;
        let previous: Vec<u8> = sqlx::query_scalar(team::AUDIT_MAC)
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
        sqlx::query(team::INSERT_AUDIT)
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
        sqlx::query(team::SET_AUDIT_HEAD)
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
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = sqlx::query(team::AUDIT_ENTRIES)
            .bind(tenant.to_string())
            .bind(after)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(team::audit_entry).collect()
    }

    #[instrument(skip_all)]
    async fn audit_head(&self, tenant: TenantId) -> StoreResult<i64> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let head: Option<i64> = sqlx::query_scalar(team::AUDIT_HEAD)
            .bind(tenant.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        Ok(head.unwrap_or(0))
    }

    #[instrument(skip_all)]
    async fn sites_of(&self, tenant: TenantId) -> StoreResult<Vec<SiteRecord>> {
        let ids: Vec<String> = {
            let mut tx = scoped(&self.pool, tenant).await?;
            sqlx::query_scalar(
                "SELECT site_id FROM sites WHERE tenant_id = $1 ORDER BY created_at, site_id",
            )
            .bind(tenant.to_string())
            .fetch_all(&mut *tx)
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
        let statement = sqlx::query(crawl::BEGIN_CRAWL)
            .bind(tenant.to_string())
            .bind(site.as_str().to_owned())
            .bind(start_url.to_owned())
            .bind(trigger.to_owned())
            .bind(at)
            .bind(stale_before);
        Ok(execute_scoped(&self.pool, tenant, statement).await? == 1)
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn record_crawl_progress(
        &self,
        tenant: TenantId,
        site: &SiteId,
        done: u64,
        known: u64,
    ) -> StoreResult<()> {
        let statement = sqlx::query(crawl::CRAWL_PROGRESS)
            .bind(tenant.to_string())
            .bind(site.as_str().to_owned())
            .bind(crawl::count_column(done))
            .bind(crawl::count_column(known));
        execute_scoped(&self.pool, tenant, statement).await?;
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
        let statement = sqlx::query(crawl::FINISH_CRAWL)
            .bind(tenant.to_string())
            .bind(site.as_str().to_owned())
            .bind(state)
            .bind(at)
            .bind(report.map(str::to_owned))
            .bind(error.map(str::to_owned));
        execute_scoped(&self.pool, tenant, statement).await?;
        Ok(())
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn crawl_run(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> StoreResult<Option<CrawlRunRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let row = sqlx::query(crawl::CRAWL_RUN)
            .bind(tenant.to_string())
            .bind(site.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(crawl::crawl_run).transpose()
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn pages(&self, tenant: TenantId, site: &SiteId) -> StoreResult<Vec<KnowledgePage>> {
        let tenant_text = tenant.to_string();
        let mut tx = scoped(&self.pool, tenant).await?;
        let page_rows = sqlx::query(
            "SELECT url, title, language, content_hash, etag, last_modified FROM knowledge_pages WHERE tenant_id = $1 AND site_id = $2 ORDER BY url",
        )
        .bind(&tenant_text)
        .bind(site.as_str())
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let chunk_rows = sqlx::query(
            "SELECT url, heading, text FROM knowledge_chunks WHERE tenant_id = $1 AND site_id = $2 ORDER BY url, position",
        )
        .bind(&tenant_text)
        .bind(site.as_str())
        .fetch_all(&mut *tx)
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
    tx: &mut sqlx::PgConnection,
    tenant: TenantId,
    site: &SiteId,
    origins: &[String],
) -> StoreResult<()> {
    for (position, origin) in origins.iter().enumerate() {
        sqlx::query(site::INSERT_ORIGIN)
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
