//! [`ConversationStore`] on PostgreSQL.

use sotto_core::{ConversationId, Pseudonym, RequestId, SiteId, TenantId, UnixTime};
use sotto_store::{
    ConsentEvent, ConsentFacts, ConsentLinker, ConversationRecord, ConversationStore, HeldCounts,
    Job, LeadRecord, MessageRecord, PhaseStep, RequestRecord, StoreResult, Subject, TurnRecord,
    VisitorRecord,
};
use sotto_store_sqlx::consent_sql as consent;
use sotto_store_sqlx::dsr_sql::{self as sql, SubjectKey};
use sotto_store_sqlx::lead_sql as leads;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::{Postgres, Row};
use tracing::instrument;

use crate::job_lock::PgJobLock;
use crate::pool::{backend, connect, execute_scoped, scoped};
use sotto_store::decode as rows;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/conversation");

/// The conversation store in a PostgreSQL database (or schema), separate from the main store's.
#[derive(Clone, Debug)]
pub struct PgConversationStore {
    pool: sqlx::PgPool,
    schema_version: i64,
}

impl PgConversationStore {
    /// Connects to the conversation store's database at `url` and applies pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let (pool, schema_version) = connect(url, &MIGRATOR).await?;
        Ok(Self {
            pool,
            schema_version,
        })
    }
}

fn conversation_from_row(row: &PgRow) -> StoreResult<ConversationRecord> {
    Ok(ConversationRecord {
        tenant_id: rows::tenant_id(row.try_get("tenant_id").map_err(backend)?)?,
        id: rows::conversation_id(row.try_get("conversation_id").map_err(backend)?)?,
        site_id: rows::site_id(row.try_get("site_id").map_err(backend)?)?,
        pseudonym: rows::pseudonym(row.try_get("pseudonym").map_err(backend)?)?,
        phase: rows::phase(row.try_get("phase").map_err(backend)?)?,
        created_at: row.try_get("created_at").map_err(backend)?,
        updated_at: row.try_get("updated_at").map_err(backend)?,
    })
}

type Query<'q> = sqlx::query::Query<'q, Postgres, PgArguments>;

/// Binds the subject's key, if it has one, as the statement's last parameter.
fn bind_subject<'q>(query: Query<'q>, subject: &Subject) -> Query<'q> {
    match sql::subject_key(subject) {
        Some(SubjectKey::Pseudonym(bytes) | SubjectKey::EmailIndex(bytes)) => query.bind(bytes),
        Some(SubjectKey::Conversation(id)) => query.bind(id),
        None => query,
    }
}

fn request_from_row(row: &PgRow) -> StoreResult<RequestRecord> {
    rows::request(sql::stored_request(row)?)
}

const CONVERSATION_COLUMNS: &str =
    "tenant_id, conversation_id, site_id, pseudonym, phase, created_at, updated_at";

impl PgConversationStore {
    async fn select_requests(
        &self,
        tenant: TenantId,
        tail: &str,
    ) -> StoreResult<Vec<RequestRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let statement = sql::select_requests(tail);
        let rows = sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(tenant.to_string())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(request_from_row).collect()
    }
}

impl ConversationStore for PgConversationStore {
    fn schema_version(&self) -> i64 {
        self.schema_version
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    async fn checkpoint(&self) -> StoreResult<()> {
        Ok(())
    }

    type JobLock = PgJobLock;

    async fn try_lock_job(&self, job: Job) -> StoreResult<Option<PgJobLock>> {
        PgJobLock::try_lock(&self.pool, job).await
    }

    async fn unlock_job(&self, lock: PgJobLock) -> StoreResult<()> {
        lock.unlock().await
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn erase_idle_conversations(
        &self,
        tenant: TenantId,
        site: &SiteId,
        idle_before: UnixTime,
        batch: u32,
    ) -> StoreResult<u64> {
        let statement = sqlx::query(
            "DELETE FROM conversations WHERE tenant_id = $1 AND conversation_id IN (
                 SELECT conversation_id FROM conversations
                 WHERE tenant_id = $1 AND site_id = $2 AND updated_at < $3 LIMIT $4)",
        )
        .bind(tenant.to_string())
        .bind(site.as_str())
        .bind(idle_before)
        .bind(i64::from(batch));
        execute_scoped(&self.pool, tenant, statement).await
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn count_idle_conversations(
        &self,
        tenant: TenantId,
        site: &SiteId,
        idle_before: UnixTime,
    ) -> StoreResult<HeldCounts> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let row = sqlx::query(sql::COUNT_IDLE)
            .bind(tenant.to_string())
            .bind(site.as_str())
            .bind(idle_before)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let count = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
        rows::held_counts([count(0)?, count(1)?, 0])
    }

    #[instrument(skip_all, fields(site = %site))]
    async fn erase_old_leads(
        &self,
        tenant: TenantId,
        site: &SiteId,
        created_before: UnixTime,
    ) -> StoreResult<u64> {
        let statement = sqlx::query(sql::ERASE_OLD_LEADS)
            .bind(tenant.to_string())
            .bind(site.as_str())
            .bind(created_before);
        execute_scoped(&self.pool, tenant, statement).await
    }

    #[instrument(skip_all)]
    async fn erase_orphan_visitors(
        &self,
        tenant: TenantId,
        created_before: UnixTime,
    ) -> StoreResult<u64> {
        let statement = sqlx::query(sql::ERASE_ORPHAN_VISITORS)
            .bind(tenant.to_string())
            .bind(created_before);
        execute_scoped(&self.pool, tenant, statement).await
    }

    #[instrument(skip_all)]
    async fn visitor_key(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
    ) -> StoreResult<Option<Vec<u8>>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        sqlx::query_scalar(
            "SELECT wrapped_key FROM visitors WHERE tenant_id = $1 AND pseudonym = $2",
        )
        .bind(tenant.to_string())
        .bind(pseudonym.as_bytes().as_slice())
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)
    }

    #[instrument(skip_all)]
    async fn insert_visitor_key(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
        wrapped_key: &[u8],
        created_at: UnixTime,
    ) -> StoreResult<Vec<u8>> {
        let mut tx = scoped(&self.pool, tenant).await?;
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
        .map_err(backend)?;
        let stored = sqlx::query_scalar(
            "SELECT wrapped_key FROM visitors WHERE tenant_id = $1 AND pseudonym = $2",
        )
        .bind(tenant.to_string())
        .bind(pseudonym.as_bytes().as_slice())
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(stored)
    }

    #[instrument(skip_all)]
    async fn conversation(
        &self,
        tenant: TenantId,
        id: ConversationId,
    ) -> StoreResult<Option<ConversationRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let sql = const_format_conversation_select("WHERE tenant_id = $1 AND conversation_id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(conversation_from_row).transpose()
    }

    #[instrument(skip_all)]
    async fn message_count(&self, tenant: TenantId, id: ConversationId) -> StoreResult<i64> {
        let mut tx = scoped(&self.pool, tenant).await?;
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE tenant_id = $1 AND conversation_id = $2",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)
    }

    #[instrument(skip_all, fields(messages = turn.messages.len()))]
    async fn record_turn(&self, turn: &TurnRecord) -> StoreResult<()> {
        let c = &turn.conversation;
        let tenant_text = c.tenant_id.to_string();
        let conversation_text = c.id.to_string();
        let mut tx = scoped(&self.pool, c.tenant_id).await?;
        sqlx::query(
            "INSERT INTO conversations (tenant_id, conversation_id, site_id, pseudonym, phase, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET phase = excluded.phase, updated_at = excluded.updated_at",
        )
        .bind(&tenant_text)
        .bind(&conversation_text)
        .bind(c.site_id.as_str())
        .bind(c.pseudonym.as_bytes().as_slice())
        .bind(c.phase.as_str())
        .bind(c.created_at)
        .bind(c.updated_at)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        for m in &turn.messages {
            sqlx::query(
                "INSERT INTO messages (tenant_id, conversation_id, seq, message_id, role, body, page_path, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&tenant_text)
            .bind(&conversation_text)
            .bind(m.seq)
            .bind(m.id.to_string())
            .bind(m.role.as_str())
            .bind(&m.body)
            .bind(&m.page_path)
            .bind(m.created_at)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        for step in &turn.phase_steps {
            sqlx::query(leads::INSERT_PHASE_STEP)
                .bind(&tenant_text)
                .bind(&conversation_text)
                .bind(step.phase.as_str())
                .bind(leads::phase_rank(step.phase))
                .bind(step.cause.as_str())
                .bind(step.at)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    #[instrument(skip_all)]
    async fn conversations_of(
        &self,
        tenant: TenantId,
        site: &SiteId,
        pseudonym: &Pseudonym,
    ) -> StoreResult<Vec<ConversationRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let sql = const_format_conversation_select(
            "WHERE tenant_id = $1 AND site_id = $2 AND pseudonym = $3 ORDER BY updated_at DESC, created_at DESC, conversation_id DESC",
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(site.as_str())
            .bind(pseudonym.as_bytes().as_slice())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(conversation_from_row).collect()
    }

    #[instrument(skip_all)]
    async fn visitors_of(&self, tenant: TenantId) -> StoreResult<Vec<VisitorRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = sqlx::query(
            "SELECT tenant_id, pseudonym, wrapped_key, created_at FROM visitors WHERE tenant_id = $1 ORDER BY created_at, pseudonym",
        )
        .bind(tenant.to_string())
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(VisitorRecord {
                    tenant_id: rows::tenant_id(row.try_get("tenant_id").map_err(backend)?)?,
                    pseudonym: rows::pseudonym(row.try_get("pseudonym").map_err(backend)?)?,
                    wrapped_key: row.try_get("wrapped_key").map_err(backend)?,
                    created_at: row.try_get("created_at").map_err(backend)?,
                })
            })
            .collect()
    }

    #[instrument(skip_all)]
    async fn conversations_of_tenant(
        &self,
        tenant: TenantId,
    ) -> StoreResult<Vec<ConversationRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let sql = const_format_conversation_select(
            "WHERE tenant_id = $1 ORDER BY created_at, conversation_id",
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(conversation_from_row).collect()
    }

    #[instrument(skip_all)]
    async fn messages(
        &self,
        tenant: TenantId,
        conversation: ConversationId,
        limit: usize,
    ) -> StoreResult<Vec<MessageRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = sqlx::query(
            "SELECT seq, message_id, role, body, page_path, created_at FROM messages
             WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY seq DESC LIMIT $3",
        )
        .bind(tenant.to_string())
        .bind(conversation.to_string())
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let mut messages = rows
            .iter()
            .map(|row| {
                Ok(MessageRecord {
                    id: rows::message_id(row.try_get("message_id").map_err(backend)?)?,
                    seq: row.try_get("seq").map_err(backend)?,
                    role: rows::role(row.try_get("role").map_err(backend)?)?,
                    body: row.try_get("body").map_err(backend)?,
                    page_path: row.try_get("page_path").map_err(backend)?,
                    created_at: row.try_get("created_at").map_err(backend)?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        messages.reverse();
        Ok(messages)
    }

    #[instrument(skip_all, fields(scope = subject.scope()))]
    async fn count_held(&self, tenant: TenantId, subject: &Subject) -> StoreResult<HeldCounts> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let statement = sql::count_held(subject);
        let query = sqlx::query(sqlx::AssertSqlSafe(statement)).bind(tenant.to_string());
        let row = bind_subject(query, subject)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let count = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
        rows::held_counts([count(0)?, count(1)?, count(2)?])
    }

    #[instrument(skip_all, fields(scope = subject.scope()))]
    async fn shred_keys(&self, tenant: TenantId, subject: &Subject) -> StoreResult<u64> {
        let statement = sql::shred_keys(subject);
        let query = sqlx::query(sqlx::AssertSqlSafe(statement)).bind(tenant.to_string());
        execute_scoped(&self.pool, tenant, bind_subject(query, subject)).await
    }

    #[instrument(skip_all, fields(scope = subject.scope()))]
    async fn erase_conversations(
        &self,
        tenant: TenantId,
        subject: &Subject,
        batch: u32,
    ) -> StoreResult<u64> {
        let statement = sql::erase_conversations(subject);
        let query = sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(tenant.to_string())
            .bind(i64::from(batch));
        execute_scoped(&self.pool, tenant, bind_subject(query, subject)).await
    }

    #[instrument(skip_all, fields(scope = subject.scope()))]
    async fn erase_leads(&self, tenant: TenantId, subject: &Subject) -> StoreResult<u64> {
        let statement = sql::erase_leads(subject);
        let query = sqlx::query(sqlx::AssertSqlSafe(statement)).bind(tenant.to_string());
        execute_scoped(&self.pool, tenant, bind_subject(query, subject)).await
    }

    #[instrument(skip_all)]
    async fn phase_steps(
        &self,
        tenant: TenantId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<PhaseStep>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = sqlx::query(leads::PHASE_STEPS)
            .bind(tenant.to_string())
            .bind(conversation.to_string())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(leads::phase_step).collect()
    }

    #[instrument(skip_all, fields(purpose = lead.purpose.as_str()))]
    async fn record_lead(&self, lead: &LeadRecord) -> StoreResult<()> {
        let statement = sqlx::query(leads::INSERT_LEAD)
            .bind(lead.tenant_id.to_string())
            .bind(lead.id.to_string())
            .bind(lead.site_id.as_str())
            .bind(lead.conversation_id.map(|c| c.to_string()))
            .bind(lead.pseudonym.as_bytes().as_slice())
            .bind(lead.purpose.as_str())
            .bind(&lead.email)
            .bind(lead.email_index.0.as_slice())
            .bind(lead.created_at);
        execute_scoped(&self.pool, lead.tenant_id, statement).await?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn leads(
        &self,
        tenant: TenantId,
        visitor: Option<&Pseudonym>,
    ) -> StoreResult<Vec<LeadRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = match visitor {
            Some(pseudonym) => {
                sqlx::query(sqlx::AssertSqlSafe(leads::leads_of_visitor()))
                    .bind(tenant.to_string())
                    .bind(pseudonym.as_bytes().to_vec())
                    .fetch_all(&mut *tx)
                    .await
            }
            None => {
                sqlx::query(sqlx::AssertSqlSafe(leads::leads_of_tenant()))
                    .bind(tenant.to_string())
                    .fetch_all(&mut *tx)
                    .await
            }
        }
        .map_err(backend)?;
        rows.iter().map(leads::lead).collect()
    }

    #[instrument(skip_all, fields(kind = request.kind.as_str()))]
    async fn record_request(&self, request: &RequestRecord) -> StoreResult<()> {
        let (pseudonym, conversation) = sql::request_subject_columns(&request.subject);
        let statement = sqlx::query(sql::INSERT_REQUEST)
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
        execute_scoped(&self.pool, request.tenant_id, statement).await?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn complete_request(
        &self,
        tenant: TenantId,
        id: RequestId,
        completed_at: UnixTime,
        receipt_mac: &[u8],
    ) -> StoreResult<()> {
        let statement = sqlx::query(sql::COMPLETE_REQUEST)
            .bind(tenant.to_string())
            .bind(id.to_string())
            .bind(completed_at)
            .bind(receipt_mac.to_vec());
        execute_scoped(&self.pool, tenant, statement).await?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn request(&self, tenant: TenantId, id: RequestId) -> StoreResult<Option<RequestRecord>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let statement = sql::select_requests(sql::ONE_REQUEST);
        let row = sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(request_from_row).transpose()
    }

    #[instrument(skip_all)]
    async fn requests_of(&self, tenant: TenantId) -> StoreResult<Vec<RequestRecord>> {
        self.select_requests(tenant, sql::REGISTER).await
    }

    #[instrument(skip_all)]
    async fn record_objection(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
        since: UnixTime,
    ) -> StoreResult<()> {
        let statement = sqlx::query(sql::RECORD_OBJECTION)
            .bind(tenant.to_string())
            .bind(pseudonym.as_bytes().to_vec())
            .bind(since);
        execute_scoped(&self.pool, tenant, statement).await?;
        Ok(())
    }

    #[instrument(skip_all)]
    async fn withdraw_objection(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
    ) -> StoreResult<bool> {
        let statement = sqlx::query(sql::WITHDRAW_OBJECTION)
            .bind(tenant.to_string())
            .bind(pseudonym.as_bytes().to_vec());
        Ok(execute_scoped(&self.pool, tenant, statement).await? > 0)
    }

    #[instrument(skip_all)]
    async fn objection_since(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
    ) -> StoreResult<Option<UnixTime>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        sqlx::query_scalar(sql::OBJECTION_SINCE)
            .bind(tenant.to_string())
            .bind(pseudonym.as_bytes().as_slice())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)
    }

    #[instrument(skip_all)]
    async fn objections_of(&self, tenant: TenantId) -> StoreResult<Vec<(Pseudonym, UnixTime)>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows: Vec<(Vec<u8>, i64)> = sqlx::query_as(sql::OBJECTIONS_OF)
            .bind(tenant.to_string())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.into_iter()
            .map(|(pseudonym, since)| Ok((rows::pseudonym(&pseudonym)?, since)))
            .collect()
    }

    #[instrument(skip_all)]
    async fn unfinished_erasures(&self, tenant: TenantId) -> StoreResult<Vec<RequestRecord>> {
        self.select_requests(tenant, sql::UNFINISHED_ERASURES).await
    }

    #[instrument(skip_all)]
    async fn append_consent(
        &self,
        tenant: TenantId,
        facts: &ConsentFacts,
        digest: &[u8],
        linker: ConsentLinker<'_>,
    ) -> StoreResult<ConsentEvent> {
        let tenant_text = tenant.to_string();
        let mut tx = scoped(&self.pool, tenant).await?;
        sqlx::query(consent::ENSURE_CONSENT_HEAD)
            .bind(&tenant_text)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        // The row lock on the head serializes appends across every node.
        let head: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "{} FOR UPDATE",
            consent::CONSENT_HEAD
        )))
        .bind(&tenant_text)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let previous: Vec<u8> = sqlx::query_scalar(consent::CONSENT_LINK)
            .bind(&tenant_text)
            .bind(head)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .unwrap_or_default();
        let event = ConsentEvent {
            tenant_id: tenant,
            seq: head + 1,
            facts: Some(facts.clone()),
            digest: digest.to_vec(),
            link: linker(head + 1, &previous),
        };
        consent::bind_consent(sqlx::query(consent::INSERT_CONSENT), &event, facts)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query(consent::SET_CONSENT_HEAD)
            .bind(&tenant_text)
            .bind(event.seq)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(event)
    }

    #[instrument(skip_all)]
    async fn consent_events(
        &self,
        tenant: TenantId,
        after: i64,
        limit: usize,
    ) -> StoreResult<Vec<ConsentEvent>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(consent::consent_events()))
            .bind(tenant.to_string())
            .bind(after)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(consent::consent_event).collect()
    }

    #[instrument(skip_all)]
    async fn consent_head(&self, tenant: TenantId) -> StoreResult<i64> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let head: Option<i64> = sqlx::query_scalar(consent::CONSENT_HEAD)
            .bind(tenant.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        Ok(head.unwrap_or(0))
    }

    #[instrument(skip_all)]
    async fn consents_of(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
    ) -> StoreResult<Vec<ConsentEvent>> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(consent::consents_of()))
            .bind(tenant.to_string())
            .bind(pseudonym.as_bytes().to_vec())
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        rows.iter().map(consent::consent_event).collect()
    }

    #[instrument(skip_all, fields(scope = subject.scope()))]
    async fn forget_consents(&self, tenant: TenantId, subject: &Subject) -> StoreResult<u64> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let mut forgotten = 0;
        for statement in consent::forget_consents(subject) {
            let query = sqlx::query(sqlx::AssertSqlSafe(statement)).bind(tenant.to_string());
            let done = bind_subject(query, subject)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            forgotten = forgotten.max(done.rows_affected());
        }
        tx.commit().await.map_err(backend)?;
        Ok(forgotten)
    }
}

fn const_format_conversation_select(tail: &str) -> String {
    format!("SELECT {CONVERSATION_COLUMNS} FROM conversations {tail}")
}
