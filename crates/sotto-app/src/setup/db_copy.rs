//! Moving an installation between backends (from the embedded SQLite files to PostgreSQL) by
//! copying every record as stored: ciphertext, wrapped keys, pseudonyms and hashes travel
//! unchanged and nothing is decrypted. The nodes that open the target need the same master key
//! (the key file, or `SOTTO_MASTER_KEY`).

use std::path::Path;

use serde::Serialize;
use sotto_core::{TenantId, UnixTime};
use sotto_store::{ConversationStore, ImportMode, KeyStore, MainStore, TurnRecord};
use sotto_store_postgres::{PgConversationStore, PgKeyStore, PgMainStore};
use sotto_store_sqlite::{SqliteConversationStore, SqliteKeyStore, SqliteMainStore};
use tracing::info;

use crate::knowledge::site_test_results::KEPT_RUNS;
use crate::setup::data_dir::DataDir;
use crate::{AppError, AppResult, PgUrls};

/// What a copy moved.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct CopyReport {
    /// Tenants.
    pub tenants: usize,
    /// API keys (hashes).
    pub api_keys: usize,
    /// Team members.
    pub members: usize,
    /// Audit log entries.
    pub audit_entries: usize,
    /// Data subject requests of the register.
    pub requests: usize,
    /// Visitors objecting to storage (they must stay unstored on the target).
    pub objections: usize,
    /// E-mail addresses visitors left (sealed, with their blind index).
    pub leads: usize,
    /// Sites.
    pub sites: usize,
    /// Knowledge pages.
    pub pages: usize,
    /// Approved answers.
    pub approved_answers: usize,
    /// Earlier versions of pages kept for the answers that cited them.
    pub page_versions: usize,
    /// Answer tests.
    pub site_tests: usize,
    /// Runs of answer tests.
    pub site_test_runs: usize,
    /// Visitors (pseudonyms with wrapped keys).
    pub visitors: usize,
    /// Conversations.
    pub conversations: usize,
    /// Messages (ciphertext).
    pub messages: usize,
    /// Votes on answers (ciphertext).
    pub votes: usize,
    /// Conversation keys (wrapped).
    pub conversation_keys: usize,
}

/// One installation's stores, read from or written to.
pub struct Stores<'a, M, C, K> {
    /// The main store.
    pub main: &'a M,
    /// The conversation store.
    pub conversations: &'a C,
    /// The key store.
    pub keys: &'a K,
}

/// Copies everything from one installation's stores into another's, empty, stores.
pub async fn copy_stores(
    from: Stores<'_, impl MainStore, impl ConversationStore, impl KeyStore>,
    to: Stores<'_, impl MainStore, impl ConversationStore, impl KeyStore>,
) -> AppResult<CopyReport> {
    let (from_main, from_conversations) = (from.main, from.conversations);
    let (to_main, to_conversations) = (to.main, to.conversations);
    if !to_main.tenants().await?.is_empty() {
        return Err(AppError::Conflict(
            "the target already holds tenants: copy into empty databases".into(),
        ));
    }
    let mut report = CopyReport::default();
    for tenant in from_main.tenants().await? {
        to_main.create_tenant(&tenant).await?;
        if let Some(settings) = from_main.pii_settings(tenant.id).await? {
            to_main.set_pii_settings(tenant.id, &settings).await?;
        }
        report.tenants += 1;
        for key in from_main.api_keys_of(tenant.id).await? {
            to_main.insert_api_key(&key).await?;
            report.api_keys += 1;
        }
        for member in from_main.members_of(tenant.id).await? {
            to_main.insert_member(&member).await?;
            report.members += 1;
        }
        copy_audit_log(from_main, to_main, tenant.id, &mut report).await?;
        for site in from_main.sites_of(tenant.id).await? {
            to_main.create_site(&site).await?;
            let pages = from_main.pages(tenant.id, &site.id).await?;
            to_main
                .upsert_pages(tenant.id, &site.id, &pages, ImportMode::Replace)
                .await?;
            report.sites += 1;
            report.pages += pages.len();
            let versions = from_main
                .superseded_page_versions(tenant.id, &site.id)
                .await?;
            to_main
                .keep_page_versions(tenant.id, &site.id, &versions)
                .await?;
            report.page_versions += versions.len();
            for answer in from_main.approved_answers(tenant.id, &site.id).await? {
                if !to_main.insert_approved_answer(&answer).await? {
                    return Err(AppError::Conflict(
                        "the target already holds an approved answer".into(),
                    ));
                }
                report.approved_answers += 1;
            }
            for test in from_main.site_tests(tenant.id, &site.id).await? {
                if !to_main.insert_site_test(&test).await? {
                    return Err(AppError::Conflict(
                        "the target already holds an answer test".into(),
                    ));
                }
                report.site_tests += 1;
            }
            // Oldest first, so that the target keeps the same newest runs.
            let mut runs = from_main
                .site_test_runs(tenant.id, &site.id, KEPT_RUNS)
                .await?;
            runs.reverse();
            for run in &runs {
                to_main.record_site_test_run(run, KEPT_RUNS).await?;
                report.site_test_runs += 1;
            }
        }
        for visitor in from_conversations.visitors_of(tenant.id).await? {
            to_conversations
                .insert_visitor_key(
                    tenant.id,
                    &visitor.pseudonym,
                    &visitor.wrapped_key,
                    visitor.created_at,
                )
                .await?;
            report.visitors += 1;
        }
        for conversation in from_conversations
            .conversations_of_tenant(tenant.id)
            .await?
        {
            let messages = from_conversations
                .messages(tenant.id, conversation.id, usize::MAX)
                .await?;
            report.messages += messages.len();
            report.conversations += 1;
            let (conversation_id, pseudonym) = (conversation.id, conversation.pseudonym);
            to_conversations
                .record_turn(&TurnRecord {
                    phase_steps: from_conversations
                        .phase_steps(tenant.id, conversation.id)
                        .await?,
                    conversation,
                    messages,
                    guard: None,
                })
                .await?
                .then_some(())
                .ok_or(AppError::Invalid(
                    "the target already holds a conversation".into(),
                ))?;
            for vote in from_conversations.votes(tenant.id, conversation_id).await? {
                if to_conversations
                    .record_vote(tenant.id, &pseudonym, &vote, None, None)
                    .await?
                {
                    report.votes += 1;
                }
            }
        }
        for tally in from_conversations
            .vote_tallies(tenant.id, None, UnixTime::MIN)
            .await?
        {
            to_conversations.add_vote_tally(tenant.id, &tally).await?;
        }
        copy_conversation_keys(from.keys, to.keys, tenant.id, &mut report).await?;
        for (pseudonym, since) in from_conversations.objections_of(tenant.id).await? {
            to_conversations
                .record_objection(tenant.id, &pseudonym, since)
                .await?;
            report.objections += 1;
        }
        for lead in from_conversations.leads(tenant.id, None).await? {
            to_conversations.record_lead(&lead).await?;
            report.leads += 1;
        }
        for request in from_conversations.requests_of(tenant.id).await? {
            to_conversations.record_request(&request).await?;
            report.requests += 1;
        }
        for counted in from_conversations.unrecorded_requests(tenant.id).await? {
            to_conversations
                .count_unrecorded_request(tenant.id, &counted)
                .await?;
        }
        info!(tenant = %tenant.id, "tenant copied");
    }
    Ok(report)
}

/// Copies a tenant's audit log entry by entry, keeping each MAC, so the copy verifies as the
/// original does.
async fn copy_audit_log(
    from_main: &impl MainStore,
    to_main: &impl MainStore,
    tenant: TenantId,
    report: &mut CopyReport,
) -> AppResult<()> {
    const PAGE: usize = 1_000;
    let mut after = 0;
    loop {
        let entries = from_main.audit_entries(tenant, after, PAGE).await?;
        let Some(last) = entries.last() else {
            return Ok(());
        };
        after = last.seq;
        for entry in &entries {
            to_main
                .append_audit(tenant, &entry.draft, &|_, _| entry.mac.clone())
                .await?;
            report.audit_entries += 1;
        }
    }
}

/// Copies a tenant's conversation keys, page by page, as stored (wrapped).
async fn copy_conversation_keys(
    from: &impl KeyStore,
    to: &impl KeyStore,
    tenant: TenantId,
    report: &mut CopyReport,
) -> AppResult<()> {
    const PAGE: u32 = 1_000;
    let mut after = None;
    loop {
        let keys = from.keys_page(tenant, UnixTime::MAX, after, PAGE).await?;
        let Some(last) = keys.last() else {
            return Ok(());
        };
        after = Some(last.conversation_id);
        for key in &keys {
            to.insert_conversation_key(key).await?;
            report.conversation_keys += 1;
        }
    }
}

/// Copies the SQLite stores of the data directory `source` into the PostgreSQL databases.
pub async fn copy_sqlite_to_postgres(source: &Path, urls: PgUrls<'_>) -> AppResult<CopyReport> {
    if !source.join("main.db").exists() {
        return Err(AppError::Invalid(format!(
            "{} holds no main.db",
            source.display()
        )));
    }
    let data = DataDir::prepare(source)?;
    let from_main = SqliteMainStore::open(&data.main_db()).await?;
    let from_conversations = SqliteConversationStore::open(&data.conversations_db()).await?;
    let from_keys = SqliteKeyStore::open(&data.keys_db()).await?;
    let to_main = PgMainStore::connect(urls.main).await?;
    let to_conversations = PgConversationStore::connect(urls.conversations).await?;
    let to_keys = PgKeyStore::connect(urls.keys).await?;
    copy_stores(
        Stores {
            main: &from_main,
            conversations: &from_conversations,
            keys: &from_keys,
        },
        Stores {
            main: &to_main,
            conversations: &to_conversations,
            keys: &to_keys,
        },
    )
    .await
}
