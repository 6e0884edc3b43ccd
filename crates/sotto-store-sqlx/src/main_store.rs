//! Every [`MainStore`](sotto_store::MainStore) operation written once for both sqlx backends,
//! in PostgreSQL's `$n` placeholders (which SQLite binds too). A backend implements
//! [`Access`](crate::Access) and invokes [`main_store!`](crate::main_store) with the few
//! operations whose code differs (its schema version, closing, checkpointing).

/// Implements [`MainStore`](sotto_store::MainStore) for `$store`, which implements
/// [`Access`](crate::Access): the items in braces (`schema_version`, `close`, `checkpoint`)
/// and every other operation as written here. The invoking crate depends on `sqlx`,
/// `sotto-core`, `sotto-store` and `tracing`.
#[macro_export]
macro_rules! main_store {
    ($store:ty, $field:ident: $access:ty { $($specific:tt)* }) => {
        impl $store {
            /// Reads a tenant row.
            fn tenant_from_row(row: &<<$access as $crate::Access>::Db as sqlx::Database>::Row) -> sotto_store::StoreResult<sotto_store::TenantRecord> {
                use sqlx::Row as _;
                Ok(sotto_store::TenantRecord {
                    id: sotto_store::decode::tenant_id(row.try_get("tenant_id").map_err($crate::backend)?)?,
                    name: row.try_get("name").map_err($crate::backend)?,
                    wrapped_key: row.try_get("wrapped_key").map_err($crate::backend)?,
                    created_at: row.try_get("created_at").map_err($crate::backend)?,
                })
            }

            /// Reads a passage row (`heading`, `text`) of a page or a page version.
            fn chunk_from_row(row: &<<$access as $crate::Access>::Db as sqlx::Database>::Row) -> sotto_store::StoreResult<sotto_store::KnowledgeChunk> {
                use sqlx::Row as _;
                Ok(sotto_store::KnowledgeChunk {
                    heading: row.try_get("heading").map_err($crate::backend)?,
                    text: row.try_get("text").map_err($crate::backend)?,
                })
            }

            /// Removes one page; its chunks follow by cascade.
            async fn delete_page(
                tx: &mut <<$access as $crate::Access>::Db as sqlx::Database>::Connection,
                tenant: &str,
                site: &sotto_core::SiteId,
                url: &str,
            ) -> sotto_store::StoreResult<()> {
                sqlx::query("DELETE FROM knowledge_pages WHERE tenant_id = $1 AND site_id = $2 AND url = $3")
                    .bind(tenant.to_owned())
                    .bind(site.as_str().to_owned())
                    .bind(url.to_owned())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(())
            }

            /// Keeps stored page `url` as a version superseded `at`, then removes it: before a
            /// crawl or an import replaces or removes it.
            async fn supersede_page(
                tx: &mut <<$access as $crate::Access>::Db as sqlx::Database>::Connection,
                tenant: &str,
                site: &sotto_core::SiteId,
                url: &str,
                at: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<()> {
                for statement in [$crate::page_version_sql::SUPERSEDE_PAGE, $crate::page_version_sql::SUPERSEDE_CHUNKS] {
                    sqlx::query(statement)
                        .bind(tenant.to_owned())
                        .bind(site.as_str().to_owned())
                        .bind(url.to_owned())
                        .bind(at)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                }
                Self::delete_page(tx, tenant, site, url).await
            }

            /// The superseded versions of a site, or only version `only` (URL, digest).
            async fn superseded_versions(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                only: Option<(&str, &str)>,
            ) -> sotto_store::StoreResult<Vec<sotto_store::PageVersionRecord>> {
                use sqlx::Row as _;
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let (url, digest) = (only.map(|o| o.0.to_owned()), only.map(|o| o.1.to_owned()));
                let version_rows = sqlx::query($crate::page_version_sql::SUPERSEDED_VERSIONS)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .bind(url.clone())
                    .bind(digest.clone())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                let chunk_rows = sqlx::query($crate::page_version_sql::SUPERSEDED_CHUNKS)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .bind(url)
                    .bind(digest)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                let mut versions = version_rows
                    .iter()
                    .map(|row| {
                        Ok(sotto_store::PageVersionRecord {
                            url: row.try_get("url").map_err($crate::backend)?,
                            title: row.try_get("title").map_err($crate::backend)?,
                            language: row.try_get("language").map_err($crate::backend)?,
                            digest: row.try_get("content_hash").map_err($crate::backend)?,
                            stored_at: row.try_get("stored_at").map_err($crate::backend)?,
                            superseded_at: Some(row.try_get("superseded_at").map_err($crate::backend)?),
                            chunks: Vec::new(),
                        })
                    })
                    .collect::<sotto_store::StoreResult<Vec<_>>>()?;
                let by_key: std::collections::HashMap<(String, String), usize> = versions
                    .iter()
                    .enumerate()
                    .map(|(i, v)| ((v.url.clone(), v.digest.clone()), i))
                    .collect();
                for row in &chunk_rows {
                    let key: (String, String) = (
                        row.try_get("url").map_err($crate::backend)?,
                        row.try_get("content_hash").map_err($crate::backend)?,
                    );
                    let index = by_key
                        .get(&key)
                        .ok_or_else(|| sotto_store::StoreError::Corrupt("version passage without version".into()))?;
                    versions[*index].chunks.push(Self::chunk_from_row(row)?);
                }
                Ok(versions)
            }

            /// Runs `statement` (in the parameters of `INSERT_APPROVED`) for `answer` and bumps
            /// its site's answers version when it changed a row, in one transaction.
            async fn write_approved(
                &self,
                statement: &'static str,
                answer: &sotto_store::ApprovedAnswerRecord,
            ) -> sotto_store::StoreResult<bool> {
                let mut tx = $crate::Access::write(&self.$field, answer.tenant_id).await?;
                let changed = sqlx::query(statement)
                    .bind(answer.tenant_id.to_string())
                    .bind(answer.site_id.as_str().to_owned())
                    .bind(answer.id.clone())
                    .bind(answer.enabled)
                    .bind(answer.body.clone())
                    .bind(answer.created_at)
                    .bind(answer.updated_at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?
                    .rows_affected()
                    == 1;
                Self::bump_answers_version(&mut tx, answer.tenant_id, &answer.site_id, changed).await?;
                tx.commit().await.map_err($crate::backend)?;
                Ok(changed)
            }

            /// Bumps a site's answers version inside the caller's transaction, when `changed`.
            async fn bump_answers_version(
                tx: &mut <<$access as $crate::Access>::Db as sqlx::Database>::Connection,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                changed: bool,
            ) -> sotto_store::StoreResult<()> {
                if changed {
                    sqlx::query($crate::approved_sql::BUMP_ANSWERS_VERSION)
                        .bind(tenant.to_string())
                        .bind(site.as_str().to_owned())
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                }
                Ok(())
            }

            /// Stores a site's origins in order, inside the caller's transaction.
            async fn insert_origins(
                tx: &mut <<$access as $crate::Access>::Db as sqlx::Database>::Connection,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                origins: &[String],
            ) -> sotto_store::StoreResult<()> {
                for (position, origin) in origins.iter().enumerate() {
                    sqlx::query($crate::site_sql::INSERT_ORIGIN)
                        .bind(tenant.to_string())
                        .bind(site.as_str().to_owned())
                        .bind(position as i64)
                        .bind(origin.clone())
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                }
                Ok(())
            }
        }

        impl sotto_store::MainStore for $store {
            $($specific)*

            async fn ping(&self) -> sotto_store::StoreResult<()> {
                $crate::Access::ping(&self.$field).await
            }

            #[tracing::instrument(skip_all)]
            async fn create_tenant(&self, tenant: &sotto_store::TenantRecord) -> sotto_store::StoreResult<()> {
                let mut tx = $crate::Access::write(&self.$field, tenant.id).await?;
                sqlx::query(
                    "INSERT INTO tenants (tenant_id, name, wrapped_key, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(tenant.id.to_string())
                .bind(&tenant.name)
                .bind(&tenant.wrapped_key)
                .bind(tenant.created_at)
                .execute(&mut *tx)
                .await
                .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)
            }

            #[tracing::instrument(skip_all)]
            async fn tenant(&self, id: sotto_core::TenantId) -> sotto_store::StoreResult<Option<sotto_store::TenantRecord>> {
                let mut tx = $crate::Access::read(&self.$field, id).await?;
                let row = sqlx::query(
                    "SELECT tenant_id, name, wrapped_key, created_at FROM tenants WHERE tenant_id = $1",
                )
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::backend)?;
                row.as_ref().map(Self::tenant_from_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn tenants_named(&self, name: &str) -> sotto_store::StoreResult<Vec<sotto_store::TenantRecord>> {
                let mut tx = $crate::Access::lookup(&self.$field).await?;
                let rows = sqlx::query(
                    "SELECT tenant_id, name, wrapped_key, created_at FROM tenants WHERE name = $1 ORDER BY created_at, tenant_id",
                )
                .bind(name)
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::backend)?;
                rows.iter().map(Self::tenant_from_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn insert_api_key(&self, key: &sotto_store::ApiKeyRecord) -> sotto_store::StoreResult<()> {
                let statement = sqlx::query($crate::team_sql::INSERT_API_KEY)
                    .bind(key.tenant_id.to_string())
                    .bind(&key.key_id)
                    .bind(&key.secret_hash)
                    .bind(key.role.as_str())
                    .bind(&key.label)
                    .bind(key.created_at)
                    .bind(key.revoked_at);
                $crate::Access::execute(&self.$field, key.tenant_id, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn api_key(&self, key_id: &str) -> sotto_store::StoreResult<Option<sotto_store::ApiKeyRecord>> {
                let mut tx = $crate::Access::lookup(&self.$field).await?;
                let row = sqlx::query($crate::team_sql::API_KEY_BY_ID)
                    .bind(key_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                row.as_ref().map($crate::team_sql::api_key).transpose()
            }

            #[tracing::instrument(skip_all, fields(site = %site.id))]
            async fn create_site(&self, site: &sotto_store::SiteRecord) -> sotto_store::StoreResult<()> {
                let mut tx = $crate::Access::write(&self.$field, site.tenant_id).await?;
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
                .map_err($crate::backend)?;
                Self::insert_origins(&mut tx, site.tenant_id, &site.id, &site.origins).await?;
                tx.commit().await.map_err($crate::backend)
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn set_origins(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                origins: &[String],
            ) -> sotto_store::StoreResult<bool> {
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                let known = sqlx::query($crate::site_sql::SITE_KNOWN)
                    .bind(tenant.to_string())
                    .bind(site.as_str())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?
                    .is_some();
                if !known {
                    return Ok(false);
                }
                sqlx::query($crate::site_sql::DELETE_ORIGINS)
                    .bind(tenant.to_string())
                    .bind(site.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                Self::insert_origins(&mut tx, tenant, site, origins).await?;
                tx.commit().await.map_err($crate::backend)?;
                Ok(true)
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn set_retention(&self, tenant: sotto_core::TenantId, site: &sotto_core::SiteId, days: u32) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query(
                    "UPDATE sites SET retention_days = $1 WHERE tenant_id = $2 AND site_id = $3",
                )
                .bind(i64::from(days))
                .bind(tenant.to_string())
                .bind(site.as_str());
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? == 1)
            }

            #[tracing::instrument(skip_all, fields(site = %id))]
            async fn site(&self, id: &sotto_core::SiteId) -> sotto_store::StoreResult<Option<sotto_store::SiteRecord>> {
                use sqlx::Row as _;
                let mut tx = $crate::Access::lookup(&self.$field).await?;
                let Some(row) = sqlx::query(
                    "SELECT tenant_id, site_id, privacy_notice_url, language, retention_days, knowledge_version, answers_version, created_at
                     FROM sites WHERE site_id = $1",
                )
                .bind(id.as_str())
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::backend)?
                else {
                    return Ok(None);
                };
                let tenant_text: String = row.try_get("tenant_id").map_err($crate::backend)?;
                $crate::Access::enter_tenant(&self.$field, &mut tx, &tenant_text).await?;
                let origins = sqlx::query_scalar::<_, String>(
                    "SELECT origin FROM site_origins WHERE tenant_id = $1 AND site_id = $2 ORDER BY position",
                )
                .bind(&tenant_text)
                .bind(id.as_str())
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::backend)?;
                Ok(Some(sotto_store::SiteRecord {
                    tenant_id: sotto_store::decode::tenant_id(&tenant_text)?,
                    id: sotto_store::decode::site_id(row.try_get("site_id").map_err($crate::backend)?)?,
                    origins,
                    privacy_notice_url: row.try_get("privacy_notice_url").map_err($crate::backend)?,
                    language: row.try_get("language").map_err($crate::backend)?,
                    retention_days: sotto_store::decode::retention_days(row.try_get("retention_days").map_err($crate::backend)?)?,
                    knowledge_version: row.try_get("knowledge_version").map_err($crate::backend)?,
                    answers_version: row.try_get("answers_version").map_err($crate::backend)?,
                    created_at: row.try_get("created_at").map_err($crate::backend)?,
                }))
            }

            #[tracing::instrument(skip_all, fields(site = %site, pages = pages.len()))]
            async fn upsert_pages(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                pages: &[sotto_store::KnowledgePage],
                mode: sotto_store::ImportMode,
            ) -> sotto_store::StoreResult<sotto_store::ImportOutcome> {
                let tenant_text = tenant.to_string();
                let now = sotto_core::now();
                let mut outcome = sotto_store::ImportOutcome::default();
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                for page in pages {
                    let existing: Option<String> = sqlx::query_scalar(
                        "SELECT content_hash FROM knowledge_pages WHERE tenant_id = $1 AND site_id = $2 AND url = $3",
                    )
                    .bind(&tenant_text)
                    .bind(site.as_str())
                    .bind(&page.url)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                    match existing {
                        Some(hash) if hash == page.content_hash => {
                            sqlx::query($crate::crawl_sql::SET_VALIDATORS)
                                .bind(&tenant_text)
                                .bind(site.as_str())
                                .bind(&page.url)
                                .bind(&page.etag)
                                .bind(&page.last_modified)
                                .execute(&mut *tx)
                                .await
                                .map_err($crate::backend)?;
                            outcome.unchanged += 1;
                            continue;
                        }
                        Some(_) => {
                            outcome.updated += 1;
                            Self::supersede_page(&mut tx, &tenant_text, site, &page.url, now).await?;
                        }
                        None => outcome.added += 1,
                    }
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
                    .bind(page.stored_at.unwrap_or(now))
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
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
                        .map_err($crate::backend)?;
                    }
                }
                if mode == sotto_store::ImportMode::Replace {
                    let stored: Vec<String> = sqlx::query_scalar(
                        "SELECT url FROM knowledge_pages WHERE tenant_id = $1 AND site_id = $2",
                    )
                    .bind(&tenant_text)
                    .bind(site.as_str())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                    for url in stored
                        .iter()
                        .filter(|url| !pages.iter().any(|p| &p.url == *url))
                    {
                        Self::supersede_page(&mut tx, &tenant_text, site, url, now).await?;
                        outcome.removed += 1;
                    }
                }
                if outcome.added + outcome.updated + outcome.removed > 0 {
                    sqlx::query("UPDATE sites SET knowledge_version = knowledge_version + 1 WHERE tenant_id = $1 AND site_id = $2")
                        .bind(&tenant_text)
                        .bind(site.as_str())
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                }
                outcome.knowledge_version = sqlx::query_scalar(
                    "SELECT knowledge_version FROM sites WHERE tenant_id = $1 AND site_id = $2",
                )
                .bind(&tenant_text)
                .bind(site.as_str())
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)?;
                Ok(outcome)
            }

            #[tracing::instrument(skip_all)]
            async fn tenants(&self) -> sotto_store::StoreResult<Vec<sotto_store::TenantRecord>> {
                let mut tx = $crate::Access::lookup(&self.$field).await?;
                let rows = sqlx::query("SELECT tenant_id, name, wrapped_key, created_at FROM tenants ORDER BY created_at, tenant_id")
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map(Self::tenant_from_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn pii_settings(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<Option<String>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                sqlx::query_scalar("SELECT pii_settings FROM tenants WHERE tenant_id = $1")
                    .bind(tenant.to_string())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)
            }

            #[tracing::instrument(skip_all)]
            async fn set_pii_settings(&self, tenant: sotto_core::TenantId, settings: &str) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query("UPDATE tenants SET pii_settings = $1 WHERE tenant_id = $2")
                    .bind(settings.to_owned())
                    .bind(tenant.to_string());
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn settings_document(&self, tenant: sotto_core::TenantId, key: &str) -> sotto_store::StoreResult<Option<String>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                sqlx::query_scalar($crate::consent_sql::SETTINGS_DOCUMENT)
                    .bind(tenant.to_string())
                    .bind(key.to_owned())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)
            }

            #[tracing::instrument(skip_all)]
            async fn put_settings_document(
                &self,
                tenant: sotto_core::TenantId,
                key: &str,
                body: &str,
                updated_at: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<()> {
                let statement = sqlx::query($crate::consent_sql::PUT_SETTINGS_DOCUMENT)
                    .bind(tenant.to_string())
                    .bind(key.to_owned())
                    .bind(body.to_owned())
                    .bind(updated_at);
                $crate::Access::execute(&self.$field, tenant, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn published_texts(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
            ) -> sotto_store::StoreResult<Vec<sotto_store::PublishedText>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::consent_sql::PUBLISHED_TEXTS)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::consent_sql::published_text).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn put_breach(&self, breach: &sotto_store::BreachRecord) -> sotto_store::StoreResult<()> {
                let statement = sqlx::query($crate::consent_sql::PUT_BREACH)
                    .bind(breach.tenant_id.to_string())
                    .bind(breach.id.clone())
                    .bind(breach.detected_at)
                    .bind(breach.closed_at)
                    .bind(breach.updated_at)
                    .bind(breach.body.clone());
                $crate::Access::execute(&self.$field, breach.tenant_id, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn breaches_of(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<Vec<sotto_store::BreachRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::consent_sql::BREACHES_OF)
                    .bind(tenant.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::consent_sql::breach).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn publish_text(&self, text: &sotto_store::PublishedText) -> sotto_store::StoreResult<()> {
                let statement = $crate::consent_sql::bind_text(sqlx::query($crate::consent_sql::PUBLISH_TEXT), text);
                $crate::Access::execute(&self.$field, text.tenant_id, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all, fields(site = %answer.site_id))]
            async fn insert_approved_answer(&self, answer: &sotto_store::ApprovedAnswerRecord) -> sotto_store::StoreResult<bool> {
                self.write_approved($crate::approved_sql::INSERT_APPROVED, answer).await
            }

            #[tracing::instrument(skip_all, fields(site = %answer.site_id))]
            async fn update_approved_answer(&self, answer: &sotto_store::ApprovedAnswerRecord) -> sotto_store::StoreResult<bool> {
                self.write_approved($crate::approved_sql::UPDATE_APPROVED, answer).await
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn delete_approved_answer(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                id: &str,
            ) -> sotto_store::StoreResult<bool> {
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                let deleted = sqlx::query($crate::approved_sql::DELETE_APPROVED)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .bind(id.to_owned())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?
                    .rows_affected()
                    == 1;
                Self::bump_answers_version(&mut tx, tenant, site, deleted).await?;
                tx.commit().await.map_err($crate::backend)?;
                Ok(deleted)
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn approved_answers(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
            ) -> sotto_store::StoreResult<Vec<sotto_store::ApprovedAnswerRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::approved_sql::APPROVED_OF)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::approved_sql::approved_answer).collect()
            }

            #[tracing::instrument(skip_all, fields(site = %test.site_id))]
            async fn insert_site_test(&self, test: &sotto_store::SiteTestRecord) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::site_test_sql::INSERT_TEST)
                    .bind(test.tenant_id.to_string())
                    .bind(test.site_id.as_str().to_owned())
                    .bind(test.id.clone())
                    .bind(test.body.clone())
                    .bind(test.created_at)
                    .bind(test.updated_at);
                Ok($crate::Access::execute(&self.$field, test.tenant_id, statement).await? == 1)
            }

            #[tracing::instrument(skip_all, fields(site = %test.site_id))]
            async fn update_site_test(&self, test: &sotto_store::SiteTestRecord) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::site_test_sql::UPDATE_TEST)
                    .bind(test.tenant_id.to_string())
                    .bind(test.site_id.as_str().to_owned())
                    .bind(test.id.clone())
                    .bind(test.body.clone())
                    .bind(test.updated_at);
                Ok($crate::Access::execute(&self.$field, test.tenant_id, statement).await? == 1)
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn delete_site_test(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                id: &str,
            ) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::site_test_sql::DELETE_TEST)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .bind(id.to_owned());
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? == 1)
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn site_tests(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
            ) -> sotto_store::StoreResult<Vec<sotto_store::SiteTestRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::site_test_sql::TESTS_OF)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::site_test_sql::site_test).collect()
            }

            #[tracing::instrument(skip_all, fields(site = %run.site_id))]
            async fn record_site_test_run(&self, run: &sotto_store::SiteTestRunRecord, keep: u32) -> sotto_store::StoreResult<bool> {
                let mut tx = $crate::Access::write(&self.$field, run.tenant_id).await?;
                let stored = sqlx::query($crate::site_test_sql::INSERT_RUN)
                    .bind(run.tenant_id.to_string())
                    .bind(run.site_id.as_str().to_owned())
                    .bind(run.id.clone())
                    .bind(run.ran_at)
                    .bind(run.body.clone())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?
                    .rows_affected()
                    == 1;
                sqlx::query($crate::site_test_sql::PRUNE_RUNS)
                    .bind(run.tenant_id.to_string())
                    .bind(run.site_id.as_str().to_owned())
                    .bind(i64::from(keep))
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)?;
                Ok(stored)
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn site_test_runs(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                limit: u32,
            ) -> sotto_store::StoreResult<Vec<sotto_store::SiteTestRunRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::site_test_sql::RUNS_OF)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .bind(i64::from(limit))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::site_test_sql::site_test_run).collect()
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn page_version(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                url: &str,
                digest: &str,
            ) -> sotto_store::StoreResult<Option<sotto_store::PageVersionRecord>> {
                use sqlx::Row as _;
                let current = {
                    let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                    let row = sqlx::query($crate::page_version_sql::CURRENT_VERSION)
                        .bind(tenant.to_string())
                        .bind(site.as_str().to_owned())
                        .bind(url.to_owned())
                        .bind(digest.to_owned())
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                    match row {
                        None => None,
                        Some(row) => {
                            let chunks = sqlx::query($crate::page_version_sql::CURRENT_CHUNKS)
                                .bind(tenant.to_string())
                                .bind(site.as_str().to_owned())
                                .bind(url.to_owned())
                                .fetch_all(&mut *tx)
                                .await
                                .map_err($crate::backend)?
                                .iter()
                                .map(Self::chunk_from_row)
                                .collect::<sotto_store::StoreResult<Vec<_>>>()?;
                            Some(sotto_store::PageVersionRecord {
                                url: row.try_get("url").map_err($crate::backend)?,
                                title: row.try_get("title").map_err($crate::backend)?,
                                language: row.try_get("language").map_err($crate::backend)?,
                                digest: row.try_get("content_hash").map_err($crate::backend)?,
                                stored_at: row.try_get("stored_at").map_err($crate::backend)?,
                                superseded_at: None,
                                chunks,
                            })
                        }
                    }
                };
                if current.is_some() {
                    return Ok(current);
                }
                Ok(self.superseded_versions(tenant, site, Some((url, digest))).await?.pop())
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn superseded_page_versions(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
            ) -> sotto_store::StoreResult<Vec<sotto_store::PageVersionRecord>> {
                self.superseded_versions(tenant, site, None).await
            }

            #[tracing::instrument(skip_all, fields(site = %site, versions = versions.len()))]
            async fn keep_page_versions(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                versions: &[sotto_store::PageVersionRecord],
            ) -> sotto_store::StoreResult<()> {
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                for version in versions {
                    sqlx::query($crate::page_version_sql::INSERT_VERSION)
                        .bind(tenant.to_string())
                        .bind(site.as_str().to_owned())
                        .bind(version.url.clone())
                        .bind(version.digest.clone())
                        .bind(version.title.clone())
                        .bind(version.language.clone())
                        .bind(version.stored_at)
                        .bind(version.superseded_at.unwrap_or_else(sotto_core::now))
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                    for (position, chunk) in version.chunks.iter().enumerate() {
                        sqlx::query($crate::page_version_sql::INSERT_VERSION_CHUNK)
                            .bind(tenant.to_string())
                            .bind(site.as_str().to_owned())
                            .bind(version.url.clone())
                            .bind(version.digest.clone())
                            .bind(position as i64)
                            .bind(chunk.heading.clone())
                            .bind(chunk.text.clone())
                            .execute(&mut *tx)
                            .await
                            .map_err($crate::backend)?;
                    }
                }
                tx.commit().await.map_err($crate::backend)?;
                Ok(())
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn prune_page_versions(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                superseded_before: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<u64> {
                let statement = sqlx::query($crate::page_version_sql::PRUNE_VERSIONS)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .bind(superseded_before);
                $crate::Access::execute(&self.$field, tenant, statement).await
            }

            #[tracing::instrument(skip_all)]
            async fn shred_tenant_key(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::dsr_sql::SHRED_TENANT_KEY).bind(tenant.to_string());
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn delete_tenant(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<()> {
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                for statement in $crate::dsr_sql::DELETE_TENANT {
                    sqlx::query(statement)
                        .bind(tenant.to_string())
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                }
                tx.commit().await.map_err($crate::backend)
            }

            #[tracing::instrument(skip_all)]
            async fn api_keys_of(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<Vec<sotto_store::ApiKeyRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::team_sql::API_KEYS_OF)
                    .bind(tenant.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::team_sql::api_key).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn revoke_api_key(
                &self,
                tenant: sotto_core::TenantId,
                key_id: &str,
                at: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::team_sql::REVOKE_API_KEY)
                    .bind(tenant.to_string())
                    .bind(key_id)
                    .bind(at);
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? > 0)
            }

            #[tracing::instrument(skip_all)]
            async fn insert_member(&self, member: &sotto_store::MemberRecord) -> sotto_store::StoreResult<()> {
                let statement = sqlx::query($crate::team_sql::INSERT_MEMBER)
                    .bind(member.tenant_id.to_string())
                    .bind(member.id.to_string())
                    .bind(&member.email)
                    .bind(&member.display_name)
                    .bind(member.role.as_str())
                    .bind(&member.password_hash)
                    .bind(member.created_at)
                    .bind(i64::from(member.must_change_password));
                $crate::Access::execute(&self.$field, member.tenant_id, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn set_member_password(
                &self,
                tenant: sotto_core::TenantId,
                member: sotto_core::MemberId,
                password_hash: &str,
                must_change: bool,
                keep_session: Option<&str>,
            ) -> sotto_store::StoreResult<bool> {
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                let changed = sqlx::query($crate::team_sql::SET_MEMBER_PASSWORD)
                    .bind(tenant.to_string())
                    .bind(member.to_string())
                    .bind(password_hash)
                    .bind(i64::from(must_change))
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?
                    .rows_affected()
                    == 1;
                sqlx::query($crate::team_sql::END_OTHER_SESSIONS)
                    .bind(tenant.to_string())
                    .bind(member.to_string())
                    .bind(keep_session.unwrap_or(""))
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)?;
                Ok(changed)
            }

            #[tracing::instrument(skip_all)]
            async fn members_of(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<Vec<sotto_store::MemberRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::team_sql::MEMBERS_OF)
                    .bind(tenant.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::team_sql::member).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn insert_session(&self, session: &sotto_store::SessionRecord) -> sotto_store::StoreResult<()> {
                let mut tx = $crate::Access::write(&self.$field, session.tenant_id).await?;
                sqlx::query($crate::team_sql::DELETE_EXPIRED_SESSIONS)
                    .bind(session.tenant_id.to_string())
                    .bind(session.created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                sqlx::query($crate::team_sql::INSERT_SESSION)
                    .bind(session.tenant_id.to_string())
                    .bind(&session.session_id)
                    .bind(session.member_id.to_string())
                    .bind(&session.secret_hash)
                    .bind(session.created_at)
                    .bind(session.expires_at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)
            }

            #[tracing::instrument(skip_all)]
            async fn session(
                &self,
                tenant: sotto_core::TenantId,
                session_id: &str,
            ) -> sotto_store::StoreResult<Option<(sotto_store::SessionRecord, sotto_store::MemberRecord)>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let row = sqlx::query($crate::team_sql::SESSION)
                    .bind(tenant.to_string())
                    .bind(session_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                row.as_ref().map($crate::team_sql::session).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn delete_session(&self, tenant: sotto_core::TenantId, session_id: &str) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::team_sql::DELETE_SESSION)
                    .bind(tenant.to_string())
                    .bind(session_id);
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? > 0)
            }

            #[tracing::instrument(skip_all)]
            async fn delete_member(&self, tenant: sotto_core::TenantId, member: sotto_core::MemberId) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::team_sql::DELETE_MEMBER)
                    .bind(tenant.to_string())
                    .bind(member.to_string());
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? > 0)
            }

            #[tracing::instrument(skip_all)]
            async fn append_audit(
                &self,
                tenant: sotto_core::TenantId,
                draft: &sotto_store::AuditDraft,
                seal: sotto_store::AuditSeal<'_>,
            ) -> sotto_store::StoreResult<sotto_store::AuditEntry> {
                let tenant_text = tenant.to_string();
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                // Where several nodes write, a row lock on the tenant serializes appends.
                let lock = <$access as $crate::Access>::LOCK_ROW;
                let head: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "{}{lock}",
                    $crate::team_sql::AUDIT_HEAD
                )))
                .bind(&tenant_text)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::backend)?
                .ok_or(sotto_store::StoreError::UnknownTenant)?;
                let previous: Vec<u8> = sqlx::query_scalar($crate::team_sql::AUDIT_MAC)
                    .bind(&tenant_text)
                    .bind(head)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?
                    .unwrap_or_default();
                let entry = sotto_store::AuditEntry {
                    tenant_id: tenant,
                    seq: head + 1,
                    draft: draft.clone(),
                    mac: seal(head + 1, &previous),
                };
                sqlx::query($crate::team_sql::INSERT_AUDIT)
                    .bind(&tenant_text)
                    .bind(entry.seq)
                    .bind(draft.at)
                    .bind(&draft.actor)
                    .bind(&draft.action)
                    .bind(&draft.object)
                    .bind(&entry.mac)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                sqlx::query($crate::team_sql::SET_AUDIT_HEAD)
                    .bind(&tenant_text)
                    .bind(entry.seq)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)?;
                Ok(entry)
            }

            #[tracing::instrument(skip_all)]
            async fn audit_entries(
                &self,
                tenant: sotto_core::TenantId,
                after: i64,
                limit: usize,
            ) -> sotto_store::StoreResult<Vec<sotto_store::AuditEntry>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::team_sql::AUDIT_ENTRIES)
                    .bind(tenant.to_string())
                    .bind(after)
                    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::team_sql::audit_entry).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn audit_head(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<i64> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let head: Option<i64> = sqlx::query_scalar($crate::team_sql::AUDIT_HEAD)
                    .bind(tenant.to_string())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(head.unwrap_or(0))
            }

            #[tracing::instrument(skip_all)]
            async fn sites_of(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<Vec<sotto_store::SiteRecord>> {
                let ids: Vec<String> = {
                    let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                    sqlx::query_scalar(
                        "SELECT site_id FROM sites WHERE tenant_id = $1 ORDER BY created_at, site_id",
                    )
                    .bind(tenant.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?
                };
                let mut sites = Vec::with_capacity(ids.len());
                for id in ids {
                    if let Some(site) = self.site(&sotto_store::decode::site_id(&id)?).await? {
                        sites.push(site);
                    }
                }
                Ok(sites)
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn begin_crawl(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                start_url: &str,
                trigger: &str,
                at: sotto_core::UnixTime,
                stale_before: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::crawl_sql::BEGIN_CRAWL)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .bind(start_url.to_owned())
                    .bind(trigger.to_owned())
                    .bind(at)
                    .bind(stale_before);
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? == 1)
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn record_crawl_progress(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                done: u64,
                known: u64,
            ) -> sotto_store::StoreResult<()> {
                let statement = sqlx::query($crate::crawl_sql::CRAWL_PROGRESS)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .bind($crate::crawl_sql::count_column(done))
                    .bind($crate::crawl_sql::count_column(known));
                $crate::Access::execute(&self.$field, tenant, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn finish_crawl(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                at: sotto_core::UnixTime,
                end: sotto_store::CrawlEnd<'_>,
            ) -> sotto_store::StoreResult<()> {
                let (state, report, error) = $crate::crawl_sql::end_columns(end);
                let statement = sqlx::query($crate::crawl_sql::FINISH_CRAWL)
                    .bind(tenant.to_string())
                    .bind(site.as_str().to_owned())
                    .bind(state)
                    .bind(at)
                    .bind(report.map(str::to_owned))
                    .bind(error.map(str::to_owned));
                $crate::Access::execute(&self.$field, tenant, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn crawl_run(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
            ) -> sotto_store::StoreResult<Option<sotto_store::CrawlRunRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let row = sqlx::query($crate::crawl_sql::CRAWL_RUN)
                    .bind(tenant.to_string())
                    .bind(site.as_str())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                row.as_ref().map($crate::crawl_sql::crawl_run).transpose()
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn pages(&self, tenant: sotto_core::TenantId, site: &sotto_core::SiteId) -> sotto_store::StoreResult<Vec<sotto_store::KnowledgePage>> {
                use sqlx::Row as _;
                let tenant_text = tenant.to_string();
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let page_rows = sqlx::query(
                    "SELECT url, title, language, content_hash, updated_at, etag, last_modified FROM knowledge_pages WHERE tenant_id = $1 AND site_id = $2 ORDER BY url",
                )
                .bind(&tenant_text)
                .bind(site.as_str())
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::backend)?;
                let chunk_rows = sqlx::query(
                    "SELECT url, heading, text FROM knowledge_chunks WHERE tenant_id = $1 AND site_id = $2 ORDER BY url, position",
                )
                .bind(&tenant_text)
                .bind(site.as_str())
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::backend)?;
                let mut pages = page_rows
                    .iter()
                    .map(|row| {
                        Ok(sotto_store::KnowledgePage {
                            url: row.try_get("url").map_err($crate::backend)?,
                            title: row.try_get("title").map_err($crate::backend)?,
                            language: row.try_get("language").map_err($crate::backend)?,
                            content_hash: row.try_get("content_hash").map_err($crate::backend)?,
                            stored_at: Some(row.try_get("updated_at").map_err($crate::backend)?),
                            etag: row.try_get("etag").map_err($crate::backend)?,
                            last_modified: row.try_get("last_modified").map_err($crate::backend)?,
                            chunks: Vec::new(),
                        })
                    })
                    .collect::<sotto_store::StoreResult<Vec<_>>>()?;
                let by_url: std::collections::HashMap<String, usize> = pages
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.url.clone(), i))
                    .collect();
                for row in &chunk_rows {
                    let url: &str = row.try_get("url").map_err($crate::backend)?;
                    let index = by_url
                        .get(url)
                        .ok_or_else(|| sotto_store::StoreError::Corrupt("chunk without page".into()))?;
                    pages[*index].chunks.push(Self::chunk_from_row(row)?);
                }
                Ok(pages)
            }
        }
    };
}
