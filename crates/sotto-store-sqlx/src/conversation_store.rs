//! Every [`ConversationStore`](sotto_store::ConversationStore) operation written once for both
//! sqlx backends, in PostgreSQL's `$n` placeholders (which SQLite binds too). A backend
//! implements [`Access`](crate::Access) and invokes
//! [`conversation_store!`](crate::conversation_store) with the few operations whose code
//! differs (its schema version, closing, checkpointing and job locks).

/// Implements [`ConversationStore`](sotto_store::ConversationStore) for `$store`, which
/// implements [`Access`](crate::Access): the items in braces (`schema_version`, `close`,
/// `checkpoint`, `JobLock`, `try_lock_job`, `unlock_job`) and every other operation as written
/// here. The invoking crate depends on `sqlx`, `sotto-core`, `sotto-store` and `tracing`.
#[macro_export]
macro_rules! conversation_store {
    ($store:ty, $field:ident: $access:ty { $($specific:tt)* }) => {
        impl $store {
            /// Reads a conversation row (selected with `conversation_sql::CONVERSATION_COLUMNS`).
            fn conversation_from_row(row: &<<$access as $crate::Access>::Db as sqlx::Database>::Row) -> sotto_store::StoreResult<sotto_store::ConversationRecord> {
                use sqlx::Row as _;
                Ok(sotto_store::ConversationRecord {
                    tenant_id: sotto_store::decode::tenant_id(row.try_get("tenant_id").map_err($crate::backend)?)?,
                    id: sotto_store::decode::conversation_id(row.try_get("conversation_id").map_err($crate::backend)?)?,
                    site_id: sotto_store::decode::site_id(row.try_get("site_id").map_err($crate::backend)?)?,
                    pseudonym: sotto_store::decode::pseudonym(row.try_get("pseudonym").map_err($crate::backend)?)?,
                    phase: sotto_store::decode::phase(row.try_get("phase").map_err($crate::backend)?)?,
                    created_at: row.try_get("created_at").map_err($crate::backend)?,
                    updated_at: row.try_get("updated_at").map_err($crate::backend)?,
                })
            }

            /// Stores a turn in one transaction (see `ConversationStore::record_turn`).
            async fn write_turn(access: &$access, turn: &sotto_store::TurnRecord) -> sotto_store::StoreResult<bool> {
                let c = &turn.conversation;
                let tenant_text = c.tenant_id.to_string();
                let conversation_text = c.id.to_string();
                let pseudonym = c.pseudonym.as_bytes().to_vec();
                let mut tx = $crate::Access::write(access, c.tenant_id).await?;
                if let Some(guard) = &turn.guard {
                    Self::lock_visitor(&mut tx, &tenant_text, &pseudonym).await?;
                    use sqlx::Row as _;
                    let check = sqlx::query($crate::dsr_sql::TURN_CHECK)
                        .bind(&tenant_text)
                        .bind(&pseudonym)
                        .bind(guard.began_at_ms)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                    let fenced: bool = check.try_get("fenced").map_err($crate::backend)?;
                    let stored: Option<Vec<u8>> = check.try_get("wrapped_key").map_err($crate::backend)?;
                    if fenced {
                        return Ok(false);
                    }
                    if let Some(key) = &guard.visitor_key {
                        match stored {
                            Some(stored) if &stored != key => return Ok(false),
                            Some(_) => {}
                            None => {
                                sqlx::query(
                                    "INSERT INTO visitors (tenant_id, pseudonym, wrapped_key, created_at) VALUES ($1, $2, $3, $4)",
                                )
                                .bind(&tenant_text)
                                .bind(&pseudonym)
                                .bind(key.clone())
                                .bind(c.updated_at)
                                .execute(&mut *tx)
                                .await
                                .map_err($crate::backend)?;
                            }
                        }
                    }
                }
                let starts = turn.messages.first().is_none_or(|m| m.seq == 0);
                let written = if starts {
                    sqlx::query(
                        "INSERT INTO conversations (tenant_id, conversation_id, site_id, pseudonym, phase, created_at, updated_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)
                         ON CONFLICT (tenant_id, conversation_id) DO NOTHING",
                    )
                    .bind(&tenant_text)
                    .bind(&conversation_text)
                    .bind(c.site_id.as_str())
                    .bind(&pseudonym)
                    .bind(c.phase.as_str())
                    .bind(c.created_at)
                    .bind(c.updated_at)
                    .execute(&mut *tx)
                    .await
                } else {
                    sqlx::query(
                        "UPDATE conversations SET phase = $3, updated_at = $4
                         WHERE tenant_id = $1 AND conversation_id = $2",
                    )
                    .bind(&tenant_text)
                    .bind(&conversation_text)
                    .bind(c.phase.as_str())
                    .bind(c.updated_at)
                    .execute(&mut *tx)
                    .await
                }
                .map_err($crate::backend)?;
                if written.rows_affected() != 1 {
                    return Ok(false);
                }
                if !turn.messages.is_empty() {
                    // One statement for all of the turn's messages.
                    let mut insert = sqlx::QueryBuilder::<<$access as $crate::Access>::Db>::new(
                        "INSERT INTO messages (tenant_id, conversation_id, seq, message_id, role, body, page_path, sealing, created_at) ",
                    );
                    insert.push_values(&turn.messages, |mut row, m| {
                        row.push_bind(tenant_text.clone())
                            .push_bind(conversation_text.clone())
                            .push_bind(m.seq)
                            .push_bind(m.id.to_string())
                            .push_bind(m.role.as_str())
                            .push_bind(m.body.as_slice())
                            .push_bind(m.page_path.as_deref())
                            .push_bind(m.sealing.as_i64())
                            .push_bind(m.created_at);
                    });
                    insert.build().execute(&mut *tx).await.map_err($crate::backend)?;
                }
                for step in &turn.phase_steps {
                    sqlx::query($crate::lead_sql::INSERT_PHASE_STEP)
                        .bind(&tenant_text)
                        .bind(&conversation_text)
                        .bind(step.phase.as_str())
                        .bind($crate::lead_sql::phase_rank(step.phase))
                        .bind(step.cause.as_str())
                        .bind(step.at)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                }
                tx.commit().await.map_err($crate::backend)?;
                Ok(true)
            }

            /// Stores a vote in one transaction (see `ConversationStore::record_vote`).
            async fn write_vote(
                access: &$access,
                tenant: sotto_core::TenantId,
                pseudonym: &sotto_core::Pseudonym,
                vote: &sotto_store::VoteRecord,
                replaces: Option<&[u8]>,
                tally: Option<&sotto_store::VoteTally>,
            ) -> sotto_store::StoreResult<bool> {
                use sqlx::Row as _;
                let tenant_text = tenant.to_string();
                let conversation_text = vote.conversation_id.to_string();
                let message_text = vote.message_id.to_string();
                let mut tx = $crate::Access::write(access, tenant).await?;
                Self::lock_visitor(&mut tx, &tenant_text, pseudonym.as_bytes()).await?;
                let check = sqlx::query($crate::vote_sql::VOTE_CHECK)
                    .bind(&tenant_text)
                    .bind(&conversation_text)
                    .bind(vote.seq)
                    .bind(&message_text)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                let answer_stored: bool = check.try_get("answer_stored").map_err($crate::backend)?;
                let stored: Option<Vec<u8>> = check.try_get("body").map_err($crate::backend)?;
                if !answer_stored || stored.as_deref() != replaces {
                    return Ok(false);
                }
                sqlx::query($crate::vote_sql::UPSERT_VOTE)
                    .bind(&tenant_text)
                    .bind(&conversation_text)
                    .bind(vote.seq)
                    .bind(&message_text)
                    .bind(vote.body.as_slice())
                    .bind(vote.sealing.as_i64())
                    .bind(vote.voted_at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                if let Some(tally) = tally {
                    Self::tally_statement(tenant, tally)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                }
                tx.commit().await.map_err($crate::backend)?;
                Ok(true)
            }

            /// The statement that adds `tally` to tenant `tenant`'s weekly vote counts.
            fn tally_statement(
                tenant: sotto_core::TenantId,
                tally: &sotto_store::VoteTally,
            ) -> $crate::Statement<'_, <$access as $crate::Access>::Db> {
                sqlx::query($crate::vote_sql::ADD_TALLY)
                    .bind(tenant.to_string())
                    .bind(tally.site_id.as_str())
                    .bind(tally.week)
                    .bind(tally.kind.as_str())
                    .bind(tally.up)
                    .bind(tally.down)
            }

            /// Binds the subject's key, if it has one, as the statement's last parameter.
            fn bind_subject<'q>(
                query: $crate::Statement<'q, <$access as $crate::Access>::Db>,
                subject: &sotto_store::Subject,
            ) -> $crate::Statement<'q, <$access as $crate::Access>::Db> {
                match $crate::dsr_sql::subject_key(subject) {
                    Some($crate::dsr_sql::SubjectKey::Pseudonym(bytes) | $crate::dsr_sql::SubjectKey::EmailIndex(bytes)) => query.bind(bytes),
                    Some($crate::dsr_sql::SubjectKey::Conversation(id)) => query.bind(id),
                    None => query,
                }
            }

            /// Holds visitor `pseudonym`'s lock until `tx` ends (see `Access::LOCK_VISITOR`).
            async fn lock_visitor(
                tx: &mut <<$access as $crate::Access>::Db as sqlx::Database>::Connection,
                tenant: &str,
                pseudonym: &[u8],
            ) -> sotto_store::StoreResult<()> {
                let lock = <$access as $crate::Access>::LOCK_VISITOR;
                if !lock.is_empty() {
                    sqlx::query(lock)
                        .bind(tenant.to_owned())
                        .bind(pseudonym.to_vec())
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                }
                Ok(())
            }

            /// Reads a request row.
            fn request_from_row(row: &<<$access as $crate::Access>::Db as sqlx::Database>::Row) -> sotto_store::StoreResult<sotto_store::RequestRecord> {
                sotto_store::decode::request($crate::dsr_sql::stored_request(row)?)
            }

            /// The tenant's requests selected by `tail` (a condition and an order).
            async fn select_requests(
                &self,
                tenant: sotto_core::TenantId,
                tail: &str,
            ) -> sotto_store::StoreResult<Vec<sotto_store::RequestRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let statement = $crate::dsr_sql::select_requests(tail);
                let rows = sqlx::query(sqlx::AssertSqlSafe(statement))
                    .bind(tenant.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map(Self::request_from_row).collect()
            }
        }

        impl sotto_store::ConversationStore for $store {
            $($specific)*

            async fn ping(&self) -> sotto_store::StoreResult<()> {
                $crate::Access::ping(&self.$field).await
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn erase_idle_conversations(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                idle_before: sotto_core::UnixTime,
                batch: u32,
            ) -> sotto_store::StoreResult<Vec<sotto_core::ConversationId>> {
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                let ids: Vec<String> = sqlx::query_scalar(
                    "DELETE FROM conversations WHERE tenant_id = $1 AND conversation_id IN (
                         SELECT conversation_id FROM conversations
                         WHERE tenant_id = $1 AND site_id = $2 AND updated_at < $3 LIMIT $4)
                     RETURNING conversation_id",
                )
                .bind(tenant.to_string())
                .bind(site.as_str())
                .bind(idle_before)
                .bind(i64::from(batch))
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)?;
                ids.iter().map(|id| sotto_store::decode::conversation_id(id)).collect()
            }

            #[tracing::instrument(skip_all, fields(scope = subject.scope()))]
            async fn conversation_ids(
                &self,
                tenant: sotto_core::TenantId,
                subject: &sotto_store::Subject,
            ) -> sotto_store::StoreResult<Vec<sotto_core::ConversationId>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let statement = $crate::dsr_sql::conversation_ids(subject);
                let query = sqlx::query_scalar(sqlx::AssertSqlSafe(statement)).bind(tenant.to_string());
                let query = match $crate::dsr_sql::subject_key(subject) {
                    Some($crate::dsr_sql::SubjectKey::Pseudonym(bytes) | $crate::dsr_sql::SubjectKey::EmailIndex(bytes)) => query.bind(bytes),
                    Some($crate::dsr_sql::SubjectKey::Conversation(id)) => query.bind(id),
                    None => query,
                };
                let ids: Vec<String> = query.fetch_all(&mut *tx).await.map_err($crate::backend)?;
                ids.iter().map(|id| sotto_store::decode::conversation_id(id)).collect()
            }

            #[tracing::instrument(skip_all, fields(ids = ids.len()))]
            async fn stored_conversations(
                &self,
                tenant: sotto_core::TenantId,
                ids: &[sotto_core::ConversationId],
            ) -> sotto_store::StoreResult<Vec<sotto_core::ConversationId>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let mut select = sqlx::QueryBuilder::<<$access as $crate::Access>::Db>::new(
                    "SELECT conversation_id FROM conversations WHERE tenant_id = ",
                );
                select.push_bind(tenant.to_string()).push(" AND conversation_id IN (");
                let mut list = select.separated(", ");
                for id in ids {
                    list.push_bind(id.to_string());
                }
                select.push(")");
                let found: Vec<String> = select
                    .build_query_scalar()
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                found.iter().map(|id| sotto_store::decode::conversation_id(id)).collect()
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn count_idle_conversations(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                idle_before: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<sotto_store::HeldCounts> {
                use sqlx::Row as _;
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let row = sqlx::query($crate::dsr_sql::COUNT_IDLE)
                    .bind(tenant.to_string())
                    .bind(site.as_str())
                    .bind(idle_before)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                let count = |i: usize| row.try_get::<i64, _>(i).map_err($crate::backend);
                sotto_store::decode::held_counts([count(0)?, count(1)?, 0])
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn oldest_conversation_start(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
            ) -> sotto_store::StoreResult<Option<sotto_core::UnixTime>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                sqlx::query_scalar($crate::dsr_sql::OLDEST_CONVERSATION)
                    .bind(tenant.to_string())
                    .bind(site.as_str())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::backend)
            }

            #[tracing::instrument(skip_all, fields(site = %site))]
            async fn erase_old_leads(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                created_before: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<u64> {
                let statement = sqlx::query($crate::dsr_sql::ERASE_OLD_LEADS)
                    .bind(tenant.to_string())
                    .bind(site.as_str())
                    .bind(created_before);
                $crate::Access::execute(&self.$field, tenant, statement).await
            }

            #[tracing::instrument(skip_all)]
            async fn erase_orphan_visitors(
                &self,
                tenant: sotto_core::TenantId,
                created_before: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<u64> {
                let statement = sqlx::query($crate::dsr_sql::ERASE_ORPHAN_VISITORS)
                    .bind(tenant.to_string())
                    .bind(created_before);
                $crate::Access::execute(&self.$field, tenant, statement).await
            }

            #[tracing::instrument(skip_all)]
            async fn visitor_key(
                &self,
                tenant: sotto_core::TenantId,
                pseudonym: &sotto_core::Pseudonym,
            ) -> sotto_store::StoreResult<Option<Vec<u8>>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                sqlx::query_scalar(
                    "SELECT wrapped_key FROM visitors WHERE tenant_id = $1 AND pseudonym = $2",
                )
                .bind(tenant.to_string())
                .bind(pseudonym.as_bytes().as_slice())
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::backend)
            }

            #[tracing::instrument(skip_all)]
            async fn insert_visitor_key(
                &self,
                tenant: sotto_core::TenantId,
                pseudonym: &sotto_core::Pseudonym,
                wrapped_key: &[u8],
                created_at: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<Vec<u8>> {
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                sqlx::query(
                    "INSERT INTO visitors (tenant_id, pseudonym, wrapped_key, created_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (tenant_id, pseudonym) DO NOTHING",
                )
                .bind(tenant.to_string())
                .bind(pseudonym.as_bytes().as_slice())
                .bind(wrapped_key)
                .bind(created_at)
                .execute(&mut *tx)
                .await
                .map_err($crate::backend)?;
                let stored = sqlx::query_scalar(
                    "SELECT wrapped_key FROM visitors WHERE tenant_id = $1 AND pseudonym = $2",
                )
                .bind(tenant.to_string())
                .bind(pseudonym.as_bytes().as_slice())
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)?;
                Ok(stored)
            }

            #[tracing::instrument(skip_all)]
            async fn conversation(
                &self,
                tenant: sotto_core::TenantId,
                id: sotto_core::ConversationId,
            ) -> sotto_store::StoreResult<Option<sotto_store::ConversationRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let sql = $crate::conversation_sql::select_conversations("WHERE tenant_id = $1 AND conversation_id = $2");
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(tenant.to_string())
                    .bind(id.to_string())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                row.as_ref().map(Self::conversation_from_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn turn_context(
                &self,
                tenant: sotto_core::TenantId,
                pseudonym: &sotto_core::Pseudonym,
                conversation: Option<sotto_core::ConversationId>,
            ) -> sotto_store::StoreResult<sotto_store::TurnContext> {
                use sqlx::Row as _;
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let row = sqlx::query(sqlx::AssertSqlSafe($crate::conversation_sql::turn_context()))
                    .bind(tenant.to_string())
                    .bind(pseudonym.as_bytes().as_slice())
                    .bind(conversation.map(|id| id.to_string()))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                let found: Option<String> = row.try_get("conversation_id").map_err($crate::backend)?;
                Ok(sotto_store::TurnContext {
                    objection_since: row.try_get("objection_since").map_err($crate::backend)?,
                    visitor_key: row.try_get("visitor_key").map_err($crate::backend)?,
                    conversation: found.map(|_| Self::conversation_from_row(&row)).transpose()?,
                    message_count: row.try_get("message_count").map_err($crate::backend)?,
                })
            }

            #[tracing::instrument(skip_all)]
            async fn message_count(&self, tenant: sotto_core::TenantId, id: sotto_core::ConversationId) -> sotto_store::StoreResult<i64> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM messages WHERE tenant_id = $1 AND conversation_id = $2",
                )
                .bind(tenant.to_string())
                .bind(id.to_string())
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::backend)
            }

            #[tracing::instrument(skip_all, fields(messages = turn.messages.len()))]
            async fn record_turn(&self, turn: &sotto_store::TurnRecord) -> sotto_store::StoreResult<bool> {
                let (access, turn) = (self.$field.clone(), turn.clone());
                $crate::Access::run_writes(&self.$field, async move {
                    Self::write_turn(&access, &turn).await
                })
                .await
            }

            #[tracing::instrument(skip_all, fields(scope = subject.scope()))]
            async fn fence_subject(
                &self,
                tenant: sotto_core::TenantId,
                subject: &sotto_store::Subject,
                at_ms: i64,
            ) -> sotto_store::StoreResult<()> {
                let tenant_text = tenant.to_string();
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                let pseudonyms: Vec<Vec<u8>> = match subject {
                    sotto_store::Subject::Visitor(pseudonym) => vec![pseudonym.as_bytes().to_vec()],
                    sotto_store::Subject::Email(index) => sqlx::query_scalar($crate::dsr_sql::EMAIL_VISITORS)
                        .bind(&tenant_text)
                        .bind(index.0.to_vec())
                        .fetch_all(&mut *tx)
                        .await
                        .map_err($crate::backend)?,
                    sotto_store::Subject::Conversation(_) => Vec::new(),
                    sotto_store::Subject::Tenant => {
                        // A closed tenant keeps nothing, marks included (its key goes first).
                        sqlx::query($crate::dsr_sql::DROP_OLD_FENCES)
                            .bind(&tenant_text)
                            .bind(i64::MAX)
                            .execute(&mut *tx)
                            .await
                            .map_err($crate::backend)?;
                        Vec::new()
                    }
                };
                for pseudonym in &pseudonyms {
                    Self::lock_visitor(&mut tx, &tenant_text, pseudonym).await?;
                    sqlx::query($crate::dsr_sql::FENCE_VISITOR)
                        .bind(&tenant_text)
                        .bind(pseudonym.clone())
                        .bind(at_ms)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                }
                sqlx::query($crate::dsr_sql::DROP_OLD_FENCES)
                    .bind(&tenant_text)
                    .bind(at_ms - 86_400_000)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)
            }

            #[tracing::instrument(skip_all)]
            async fn conversations_of(
                &self,
                tenant: sotto_core::TenantId,
                site: &sotto_core::SiteId,
                pseudonym: &sotto_core::Pseudonym,
            ) -> sotto_store::StoreResult<Vec<sotto_store::ConversationRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let sql = $crate::conversation_sql::select_conversations(
                    "WHERE tenant_id = $1 AND site_id = $2 AND pseudonym = $3 ORDER BY updated_at DESC, created_at DESC, conversation_id DESC",
                );
                let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(tenant.to_string())
                    .bind(site.as_str())
                    .bind(pseudonym.as_bytes().as_slice())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map(Self::conversation_from_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn visitors_of(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<Vec<sotto_store::VisitorRecord>> {
                use sqlx::Row as _;
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query(
                    "SELECT tenant_id, pseudonym, wrapped_key, created_at FROM visitors WHERE tenant_id = $1 ORDER BY created_at, pseudonym",
                )
                .bind(tenant.to_string())
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::backend)?;
                rows.iter()
                    .map(|row| {
                        Ok(sotto_store::VisitorRecord {
                            tenant_id: sotto_store::decode::tenant_id(row.try_get("tenant_id").map_err($crate::backend)?)?,
                            pseudonym: sotto_store::decode::pseudonym(row.try_get("pseudonym").map_err($crate::backend)?)?,
                            wrapped_key: row.try_get("wrapped_key").map_err($crate::backend)?,
                            created_at: row.try_get("created_at").map_err($crate::backend)?,
                        })
                    })
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn recent_conversations(
                &self,
                tenant: sotto_core::TenantId,
                site: Option<&sotto_core::SiteId>,
                active_since: sotto_core::UnixTime,
                limit: u32,
            ) -> sotto_store::StoreResult<Vec<sotto_store::ConversationRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let sql = $crate::conversation_sql::select_conversations(
                    "WHERE tenant_id = $1 AND updated_at >= $2 AND ($3 IS NULL OR site_id = $3)
                     ORDER BY updated_at DESC, conversation_id DESC LIMIT $4",
                );
                let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(tenant.to_string())
                    .bind(active_since)
                    .bind(site.map(|s| s.as_str().to_owned()))
                    .bind(i64::from(limit))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map(Self::conversation_from_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn conversations_of_tenant(
                &self,
                tenant: sotto_core::TenantId,
            ) -> sotto_store::StoreResult<Vec<sotto_store::ConversationRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let sql = $crate::conversation_sql::select_conversations(
                    "WHERE tenant_id = $1 ORDER BY created_at, conversation_id",
                );
                let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(tenant.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map(Self::conversation_from_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn messages(
                &self,
                tenant: sotto_core::TenantId,
                conversation: sotto_core::ConversationId,
                limit: usize,
            ) -> sotto_store::StoreResult<Vec<sotto_store::MessageRecord>> {
                use sqlx::Row as _;
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query(
                    "SELECT seq, message_id, role, body, page_path, sealing, created_at FROM messages
                     WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY seq DESC LIMIT $3",
                )
                .bind(tenant.to_string())
                .bind(conversation.to_string())
                .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::backend)?;
                let mut messages = rows
                    .iter()
                    .map(|row| {
                        Ok(sotto_store::MessageRecord {
                            id: sotto_store::decode::message_id(row.try_get("message_id").map_err($crate::backend)?)?,
                            seq: row.try_get("seq").map_err($crate::backend)?,
                            role: sotto_store::decode::role(row.try_get("role").map_err($crate::backend)?)?,
                            body: row.try_get("body").map_err($crate::backend)?,
                            page_path: row.try_get("page_path").map_err($crate::backend)?,
                            sealing: sotto_store::decode::sealing(row.try_get("sealing").map_err($crate::backend)?)?,
                            created_at: row.try_get("created_at").map_err($crate::backend)?,
                        })
                    })
                    .collect::<sotto_store::StoreResult<Vec<_>>>()?;
                messages.reverse();
                Ok(messages)
            }

            #[tracing::instrument(skip_all, fields(scope = subject.scope()))]
            async fn count_held(&self, tenant: sotto_core::TenantId, subject: &sotto_store::Subject) -> sotto_store::StoreResult<sotto_store::HeldCounts> {
                use sqlx::Row as _;
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let statement = $crate::dsr_sql::count_held(subject);
                let query = sqlx::query(sqlx::AssertSqlSafe(statement)).bind(tenant.to_string());
                let row = Self::bind_subject(query, subject)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                let count = |i: usize| row.try_get::<i64, _>(i).map_err($crate::backend);
                sotto_store::decode::held_counts([count(0)?, count(1)?, count(2)?])
            }

            #[tracing::instrument(skip_all, fields(scope = subject.scope()))]
            async fn shred_keys(&self, tenant: sotto_core::TenantId, subject: &sotto_store::Subject) -> sotto_store::StoreResult<u64> {
                let statement = $crate::dsr_sql::shred_keys(subject);
                let query = sqlx::query(sqlx::AssertSqlSafe(statement)).bind(tenant.to_string());
                $crate::Access::execute(&self.$field, tenant, Self::bind_subject(query, subject)).await
            }

            #[tracing::instrument(skip_all, fields(scope = subject.scope()))]
            async fn erase_conversations(
                &self,
                tenant: sotto_core::TenantId,
                subject: &sotto_store::Subject,
                batch: u32,
            ) -> sotto_store::StoreResult<u64> {
                let statement = $crate::dsr_sql::erase_conversations(subject);
                let query = sqlx::query(sqlx::AssertSqlSafe(statement))
                    .bind(tenant.to_string())
                    .bind(i64::from(batch));
                $crate::Access::execute(&self.$field, tenant, Self::bind_subject(query, subject)).await
            }

            #[tracing::instrument(skip_all, fields(scope = subject.scope()))]
            async fn erase_leads(&self, tenant: sotto_core::TenantId, subject: &sotto_store::Subject) -> sotto_store::StoreResult<u64> {
                let statement = $crate::dsr_sql::erase_leads(subject);
                let query = sqlx::query(sqlx::AssertSqlSafe(statement)).bind(tenant.to_string());
                $crate::Access::execute(&self.$field, tenant, Self::bind_subject(query, subject)).await
            }

            #[tracing::instrument(skip_all)]
            async fn phase_steps(
                &self,
                tenant: sotto_core::TenantId,
                conversation: sotto_core::ConversationId,
            ) -> sotto_store::StoreResult<Vec<sotto_store::PhaseStep>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::lead_sql::PHASE_STEPS)
                    .bind(tenant.to_string())
                    .bind(conversation.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::lead_sql::phase_step).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn record_vote(
                &self,
                tenant: sotto_core::TenantId,
                pseudonym: &sotto_core::Pseudonym,
                vote: &sotto_store::VoteRecord,
                replaces: Option<&[u8]>,
                tally: Option<&sotto_store::VoteTally>,
            ) -> sotto_store::StoreResult<bool> {
                let access = self.$field.clone();
                let (pseudonym, vote) = (*pseudonym, vote.clone());
                let (replaces, tally) = (replaces.map(<[u8]>::to_vec), tally.cloned());
                $crate::Access::run_writes(&self.$field, async move {
                    Self::write_vote(&access, tenant, &pseudonym, &vote, replaces.as_deref(), tally.as_ref()).await
                })
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn erase_vote_tallies(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<u64> {
                let statement = sqlx::query("DELETE FROM vote_tallies WHERE tenant_id = $1").bind(tenant.to_string());
                $crate::Access::execute(&self.$field, tenant, statement).await
            }

            #[tracing::instrument(skip_all)]
            async fn add_vote_tally(&self, tenant: sotto_core::TenantId, tally: &sotto_store::VoteTally) -> sotto_store::StoreResult<()> {
                $crate::Access::execute(&self.$field, tenant, Self::tally_statement(tenant, tally))
                    .await
                    .map(|_| ())
            }

            #[tracing::instrument(skip_all)]
            async fn votes(
                &self,
                tenant: sotto_core::TenantId,
                conversation: sotto_core::ConversationId,
            ) -> sotto_store::StoreResult<Vec<sotto_store::VoteRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::vote_sql::VOTES_OF)
                    .bind(tenant.to_string())
                    .bind(conversation.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::vote_sql::vote).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn vote_tallies(
                &self,
                tenant: sotto_core::TenantId,
                site: Option<&sotto_core::SiteId>,
                since: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<Vec<sotto_store::VoteTally>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query($crate::vote_sql::TALLIES)
                    .bind(tenant.to_string())
                    .bind(since)
                    .bind(site.map(|s| s.as_str().to_owned()))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::vote_sql::tally).collect()
            }

            #[tracing::instrument(skip_all, fields(purpose = lead.purpose.as_str()))]
            async fn record_lead(&self, lead: &sotto_store::LeadRecord) -> sotto_store::StoreResult<()> {
                let statement = sqlx::query($crate::lead_sql::INSERT_LEAD)
                    .bind(lead.tenant_id.to_string())
                    .bind(lead.id.to_string())
                    .bind(lead.site_id.as_str())
                    .bind(lead.conversation_id.map(|c| c.to_string()))
                    .bind(lead.pseudonym.as_bytes().as_slice())
                    .bind(lead.purpose.as_str())
                    .bind(&lead.email)
                    .bind(lead.email_index.0.as_slice())
                    .bind(lead.created_at)
                    .bind(lead.sealing.as_i64());
                $crate::Access::execute(&self.$field, lead.tenant_id, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn leads(
                &self,
                tenant: sotto_core::TenantId,
                visitor: Option<&sotto_core::Pseudonym>,
            ) -> sotto_store::StoreResult<Vec<sotto_store::LeadRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = match visitor {
                    Some(pseudonym) => {
                        sqlx::query(sqlx::AssertSqlSafe($crate::lead_sql::leads_of_visitor()))
                            .bind(tenant.to_string())
                            .bind(pseudonym.as_bytes().to_vec())
                            .fetch_all(&mut *tx)
                            .await
                    }
                    None => {
                        sqlx::query(sqlx::AssertSqlSafe($crate::lead_sql::leads_of_tenant()))
                            .bind(tenant.to_string())
                            .fetch_all(&mut *tx)
                            .await
                    }
                }
                .map_err($crate::backend)?;
                rows.iter().map($crate::lead_sql::lead).collect()
            }

            #[tracing::instrument(skip_all, fields(kind = request.kind.as_str()))]
            async fn record_request(&self, request: &sotto_store::RequestRecord) -> sotto_store::StoreResult<()> {
                let (pseudonym, conversation) = $crate::dsr_sql::request_subject_columns(&request.subject);
                let statement = sqlx::query($crate::dsr_sql::INSERT_REQUEST)
                    .bind(request.tenant_id.to_string())
                    .bind(request.id.to_string())
                    .bind(request.kind.as_str())
                    .bind(request.subject.scope())
                    .bind(pseudonym)
                    .bind(conversation)
                    .bind(request.channel.as_str())
                    .bind(request.status.as_str())
                    .bind(request.received_at)
                    .bind(request.due_at)
                    .bind(request.completed_at)
                    .bind(request.counts.conversations as i64)
                    .bind(request.counts.messages as i64)
                    .bind(request.counts.visitor_keys as i64)
                    .bind(request.receipt_mac.clone());
                $crate::Access::execute(&self.$field, request.tenant_id, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn complete_request(
                &self,
                tenant: sotto_core::TenantId,
                id: sotto_core::RequestId,
                completed_at: sotto_core::UnixTime,
                receipt_mac: &[u8],
            ) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::dsr_sql::COMPLETE_REQUEST)
                    .bind(tenant.to_string())
                    .bind(id.to_string())
                    .bind(completed_at)
                    .bind(receipt_mac.to_vec());
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn start_request(
                &self,
                tenant: sotto_core::TenantId,
                id: sotto_core::RequestId,
                counts: sotto_store::HeldCounts,
            ) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::dsr_sql::START_REQUEST)
                    .bind(tenant.to_string())
                    .bind(id.to_string())
                    .bind(counts.conversations as i64)
                    .bind(counts.messages as i64)
                    .bind(counts.visitor_keys as i64);
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn holds_anything(
                &self,
                tenant: sotto_core::TenantId,
                pseudonym: &sotto_core::Pseudonym,
            ) -> sotto_store::StoreResult<bool> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                sqlx::query_scalar($crate::dsr_sql::HOLDS_ANYTHING)
                    .bind(tenant.to_string())
                    .bind(pseudonym.as_bytes().as_slice())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::backend)
            }

            #[tracing::instrument(skip_all)]
            async fn count_unrecorded_request(
                &self,
                tenant: sotto_core::TenantId,
                counted: &sotto_store::UnrecordedRequests,
            ) -> sotto_store::StoreResult<()> {
                let statement = sqlx::query($crate::dsr_sql::COUNT_UNRECORDED)
                    .bind(tenant.to_string())
                    .bind(counted.site_id.as_str())
                    .bind(counted.day)
                    .bind(counted.kind.as_str())
                    .bind(counted.count);
                $crate::Access::execute(&self.$field, tenant, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn unrecorded_requests(
                &self,
                tenant: sotto_core::TenantId,
            ) -> sotto_store::StoreResult<Vec<sotto_store::UnrecordedRequests>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows: Vec<(String, i64, String, i64)> = sqlx::query_as($crate::dsr_sql::UNRECORDED_OF)
                    .bind(tenant.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.into_iter().map(sotto_store::decode::unrecorded_requests).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn request(&self, tenant: sotto_core::TenantId, id: sotto_core::RequestId) -> sotto_store::StoreResult<Option<sotto_store::RequestRecord>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let statement = $crate::dsr_sql::select_requests($crate::dsr_sql::ONE_REQUEST);
                let row = sqlx::query(sqlx::AssertSqlSafe(statement))
                    .bind(tenant.to_string())
                    .bind(id.to_string())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                row.as_ref().map(Self::request_from_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn requests_of(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<Vec<sotto_store::RequestRecord>> {
                self.select_requests(tenant, $crate::dsr_sql::REGISTER).await
            }

            #[tracing::instrument(skip_all)]
            async fn record_objection(
                &self,
                tenant: sotto_core::TenantId,
                pseudonym: &sotto_core::Pseudonym,
                since: sotto_core::UnixTime,
            ) -> sotto_store::StoreResult<()> {
                let statement = sqlx::query($crate::dsr_sql::RECORD_OBJECTION)
                    .bind(tenant.to_string())
                    .bind(pseudonym.as_bytes().to_vec())
                    .bind(since);
                $crate::Access::execute(&self.$field, tenant, statement).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn withdraw_objection(
                &self,
                tenant: sotto_core::TenantId,
                pseudonym: &sotto_core::Pseudonym,
            ) -> sotto_store::StoreResult<bool> {
                let statement = sqlx::query($crate::dsr_sql::WITHDRAW_OBJECTION)
                    .bind(tenant.to_string())
                    .bind(pseudonym.as_bytes().to_vec());
                Ok($crate::Access::execute(&self.$field, tenant, statement).await? > 0)
            }

            #[tracing::instrument(skip_all)]
            async fn objection_since(
                &self,
                tenant: sotto_core::TenantId,
                pseudonym: &sotto_core::Pseudonym,
            ) -> sotto_store::StoreResult<Option<sotto_core::UnixTime>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                sqlx::query_scalar($crate::dsr_sql::OBJECTION_SINCE)
                    .bind(tenant.to_string())
                    .bind(pseudonym.as_bytes().as_slice())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)
            }

            #[tracing::instrument(skip_all)]
            async fn objections_of(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<Vec<(sotto_core::Pseudonym, sotto_core::UnixTime)>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows: Vec<(Vec<u8>, i64)> = sqlx::query_as($crate::dsr_sql::OBJECTIONS_OF)
                    .bind(tenant.to_string())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.into_iter()
                    .map(|(pseudonym, since)| Ok((sotto_store::decode::pseudonym(&pseudonym)?, since)))
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn unfinished_erasures(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<Vec<sotto_store::RequestRecord>> {
                self.select_requests(tenant, $crate::dsr_sql::UNFINISHED_ERASURES).await
            }

            #[tracing::instrument(skip_all)]
            async fn append_consent(
                &self,
                tenant: sotto_core::TenantId,
                facts: &sotto_store::ConsentFacts,
                digest: &[u8],
                linker: sotto_store::ConsentLinker<'_>,
            ) -> sotto_store::StoreResult<sotto_store::ConsentEvent> {
                let tenant_text = tenant.to_string();
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                sqlx::query($crate::consent_sql::ENSURE_CONSENT_HEAD)
                    .bind(&tenant_text)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                // Where several nodes write, a row lock on the head serializes appends.
                let lock = <$access as $crate::Access>::LOCK_ROW;
                let head: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "{}{lock}",
                    $crate::consent_sql::CONSENT_HEAD
                )))
                .bind(&tenant_text)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::backend)?;
                let previous: Vec<u8> = sqlx::query_scalar($crate::consent_sql::CONSENT_LINK)
                    .bind(&tenant_text)
                    .bind(head)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?
                    .unwrap_or_default();
                let event = sotto_store::ConsentEvent {
                    tenant_id: tenant,
                    seq: head + 1,
                    facts: Some(facts.clone()),
                    digest: digest.to_vec(),
                    link: linker(head + 1, &previous),
                };
                $crate::consent_sql::bind_consent(sqlx::query($crate::consent_sql::INSERT_CONSENT), &event, facts)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                sqlx::query($crate::consent_sql::SET_CONSENT_HEAD)
                    .bind(&tenant_text)
                    .bind(event.seq)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                tx.commit().await.map_err($crate::backend)?;
                Ok(event)
            }

            #[tracing::instrument(skip_all)]
            async fn consent_events(
                &self,
                tenant: sotto_core::TenantId,
                after: i64,
                limit: usize,
            ) -> sotto_store::StoreResult<Vec<sotto_store::ConsentEvent>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query(sqlx::AssertSqlSafe($crate::consent_sql::consent_events()))
                    .bind(tenant.to_string())
                    .bind(after)
                    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::consent_sql::consent_event).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn consent_head(&self, tenant: sotto_core::TenantId) -> sotto_store::StoreResult<i64> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let head: Option<i64> = sqlx::query_scalar($crate::consent_sql::CONSENT_HEAD)
                    .bind(tenant.to_string())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                Ok(head.unwrap_or(0))
            }

            #[tracing::instrument(skip_all)]
            async fn consents_of(
                &self,
                tenant: sotto_core::TenantId,
                pseudonym: &sotto_core::Pseudonym,
            ) -> sotto_store::StoreResult<Vec<sotto_store::ConsentEvent>> {
                let mut tx = $crate::Access::read(&self.$field, tenant).await?;
                let rows = sqlx::query(sqlx::AssertSqlSafe($crate::consent_sql::consents_of()))
                    .bind(tenant.to_string())
                    .bind(pseudonym.as_bytes().to_vec())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map($crate::consent_sql::consent_event).collect()
            }

            #[tracing::instrument(skip_all, fields(scope = subject.scope()))]
            async fn forget_consents(&self, tenant: sotto_core::TenantId, subject: &sotto_store::Subject) -> sotto_store::StoreResult<u64> {
                let mut tx = $crate::Access::write(&self.$field, tenant).await?;
                let mut forgotten = 0;
                for statement in $crate::consent_sql::forget_consents(subject) {
                    let query = sqlx::query(sqlx::AssertSqlSafe(statement)).bind(tenant.to_string());
                    let done = Self::bind_subject(query, subject)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::backend)?;
                    forgotten = forgotten.max(done.rows_affected());
                }
                tx.commit().await.map_err($crate::backend)?;
                Ok(forgotten)
            }
        }
    };
}
