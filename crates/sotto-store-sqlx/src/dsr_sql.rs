//! The SQL of data subject rights (the request register, erasures, objections, account
//! closure, retention counts), written once for both backends in
//! PostgreSQL's `$n` placeholders (which SQLite binds too). The
//! subject's key, when it has one, is always the last parameter.

use sotto_store::decode::{REQUEST_COLUMNS, StoredRequest};
use sotto_store::{StoreResult, Subject};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::backend;

/// The value that selects a subject's rows, to bind as the statement's last parameter.
pub enum SubjectKey {
    /// A visitor's pseudonym.
    Pseudonym(Vec<u8>),
    /// An e-mail address's blind index.
    EmailIndex(Vec<u8>),
    /// A conversation id.
    Conversation(String),
}

/// The subject's key, if the subject has one (a tenant has none).
pub fn subject_key(subject: &Subject) -> Option<SubjectKey> {
    match subject {
        Subject::Visitor(pseudonym) => Some(SubjectKey::Pseudonym(pseudonym.as_bytes().to_vec())),
        Subject::Conversation(id) => Some(SubjectKey::Conversation(id.to_string())),
        Subject::Email(index) => Some(SubjectKey::EmailIndex(index.0.to_vec())),
        Subject::Tenant => None,
    }
}

/// The pseudonyms of everyone who left the address whose blind index is `$n`: how an e-mail
/// subject reaches its visitors. Leads are deleted last, so an interrupted erasure finds them
/// again.
fn visitors_with_email(n: u8) -> String {
    format!(
        "AND pseudonym IN (SELECT pseudonym FROM leads WHERE tenant_id = $1 AND email_index = ${n})"
    )
}

/// The condition on `conversations` rows of the subject; its key is parameter `$n`.
fn conversations_of(subject: &Subject, n: u8) -> String {
    match subject {
        Subject::Visitor(_) => format!("AND pseudonym = ${n}"),
        Subject::Conversation(_) => format!("AND conversation_id = ${n}"),
        Subject::Email(_) => visitors_with_email(n),
        Subject::Tenant => String::new(),
    }
}

/// The condition on `visitors` rows of the subject; its key is parameter `$n`.
fn visitors_of(subject: &Subject, n: u8) -> String {
    match subject {
        Subject::Visitor(_) => format!("AND pseudonym = ${n}"),
        Subject::Conversation(_) => "AND 1 = 0".to_owned(),
        Subject::Email(_) => visitors_with_email(n),
        Subject::Tenant => String::new(),
    }
}

/// The condition on `leads` rows of the subject; its key is parameter `$n`.
fn leads_of(subject: &Subject, n: u8) -> String {
    match subject {
        Subject::Conversation(_) => format!("AND conversation_id = ${n}"),
        other => conversations_of(other, n),
    }
}

/// The condition on `consent_events` rows of the subject (none for a conversation); its key is
/// parameter `$n`.
pub fn consents_of(subject: &Subject, n: u8) -> String {
    visitors_of(subject, n)
}

/// Deletes the subject's leads: `$1` tenant, `$2` key.
pub fn erase_leads(subject: &Subject) -> String {
    format!(
        "DELETE FROM leads WHERE tenant_id = $1 {}",
        leads_of(subject, 2)
    )
}

/// Deletes the visitors of tenant `$1` created before `$2` who have no conversation and no
/// lead left.
pub const ERASE_ORPHAN_VISITORS: &str =
    "DELETE FROM visitors WHERE tenant_id = $1 AND created_at < $2
     AND NOT EXISTS (SELECT 1 FROM conversations c
                     WHERE c.tenant_id = visitors.tenant_id AND c.pseudonym = visitors.pseudonym)
     AND NOT EXISTS (SELECT 1 FROM leads l
                     WHERE l.tenant_id = visitors.tenant_id AND l.pseudonym = visitors.pseudonym)";

/// Deletes the leads of site `$2` of tenant `$1` left before `$3` (retention).
pub const ERASE_OLD_LEADS: &str =
    "DELETE FROM leads WHERE tenant_id = $1 AND site_id = $2 AND created_at < $3";

/// The request register's `pseudonym` and `conversation_id` columns for a subject: an e-mail
/// subject keeps its blind index where a visitor keeps their pseudonym (both keyed hashes).
pub fn request_subject_columns(subject: &Subject) -> (Option<Vec<u8>>, Option<String>) {
    match subject {
        Subject::Visitor(p) => (Some(p.as_bytes().to_vec()), None),
        Subject::Email(index) => (Some(index.0.to_vec()), None),
        Subject::Conversation(c) => (None, Some(c.to_string())),
        Subject::Tenant => (None, None),
    }
}

/// Counts conversations, messages and visitor keys: `$1` tenant, `$2` key.
pub fn count_held(subject: &Subject) -> String {
    let conversations = conversations_of(subject, 2);
    let visitors = visitors_of(subject, 2);
    format!(
        "SELECT (SELECT COUNT(*) FROM conversations WHERE tenant_id = $1 {conversations}),
                (SELECT COUNT(*) FROM messages WHERE tenant_id = $1 AND conversation_id IN (
                     SELECT conversation_id FROM conversations WHERE tenant_id = $1 {conversations})),
                (SELECT COUNT(*) FROM visitors WHERE tenant_id = $1 {visitors})"
    )
}

/// Counts the conversations of site `$2` idle since before `$3`, and their messages, for a
/// retention dry run: `$1` tenant.
pub const COUNT_IDLE: &str = "SELECT (SELECT COUNT(*) FROM conversations WHERE tenant_id = $1 AND site_id = $2 AND updated_at < $3),
            (SELECT COUNT(*) FROM messages WHERE tenant_id = $1 AND conversation_id IN (
                 SELECT conversation_id FROM conversations
                 WHERE tenant_id = $1 AND site_id = $2 AND updated_at < $3))";

/// When tenant `$1`'s site `$2`'s oldest stored conversation began (NULL when none is).
pub const OLDEST_CONVERSATION: &str =
    "SELECT MIN(created_at) FROM conversations WHERE tenant_id = $1 AND site_id = $2";

/// The ids of the subject's conversations: `$1` tenant, `$2` key.
pub fn conversation_ids(subject: &Subject) -> String {
    format!(
        "SELECT conversation_id FROM conversations WHERE tenant_id = $1 {}",
        conversations_of(subject, 2)
    )
}

/// Deletes the subject's wrapped keys: `$1` tenant, `$2` key.
pub fn shred_keys(subject: &Subject) -> String {
    format!(
        "DELETE FROM visitors WHERE tenant_id = $1 {}",
        visitors_of(subject, 2)
    )
}

/// Deletes a batch of the subject's conversations (messages cascade): `$1` tenant, `$2` batch
/// size, `$3` key.
pub fn erase_conversations(subject: &Subject) -> String {
    format!(
        "DELETE FROM conversations WHERE tenant_id = $1 AND conversation_id IN (
             SELECT conversation_id FROM conversations WHERE tenant_id = $1 {} LIMIT $2)",
        conversations_of(subject, 3)
    )
}

/// Destroys a tenant's wrapped key (account closure): `$1` tenant. The row stays, keyless,
/// until the closure is complete.
pub const SHRED_TENANT_KEY: &str =
    "UPDATE tenants SET wrapped_key = substr(wrapped_key, 1, 0) WHERE tenant_id = $1";

/// Deletes everything of tenant `$1` from the main store, children first.
pub const DELETE_TENANT: [&str; 17] = [
    "DELETE FROM audit_log WHERE tenant_id = $1",
    "DELETE FROM site_test_runs WHERE tenant_id = $1",
    "DELETE FROM site_tests WHERE tenant_id = $1",
    "DELETE FROM page_version_chunks WHERE tenant_id = $1",
    "DELETE FROM page_versions WHERE tenant_id = $1",
    "DELETE FROM approved_answers WHERE tenant_id = $1",
    "DELETE FROM breaches WHERE tenant_id = $1",
    "DELETE FROM published_texts WHERE tenant_id = $1",
    "DELETE FROM settings_documents WHERE tenant_id = $1",
    "DELETE FROM crawl_runs WHERE tenant_id = $1",
    "DELETE FROM members WHERE tenant_id = $1",
    "DELETE FROM knowledge_chunks WHERE tenant_id = $1",
    "DELETE FROM knowledge_pages WHERE tenant_id = $1",
    "DELETE FROM site_origins WHERE tenant_id = $1",
    "DELETE FROM sites WHERE tenant_id = $1",
    "DELETE FROM api_keys WHERE tenant_id = $1",
    "DELETE FROM tenants WHERE tenant_id = $1",
];

/// Adds a request; parameters in the order of [`REQUEST_COLUMNS`].
pub const INSERT_REQUEST: &str = "INSERT INTO requests (tenant_id, request_id, kind, scope, pseudonym, conversation_id, channel, status, received_at, due_at, completed_at, held_conversations, held_messages, held_keys, receipt_mac)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";

/// Completes a request not completed yet: `$1` tenant, `$2` request, `$3` completion time,
/// `$4` receipt MAC.
pub const COMPLETE_REQUEST: &str =
    "UPDATE requests SET status = 'completed', completed_at = $3, receipt_mac = $4
     WHERE tenant_id = $1 AND request_id = $2 AND status <> 'completed'";

/// Starts an open request: `$1` tenant, `$2` request, `$3`..`$5` what is held.
pub const START_REQUEST: &str = "UPDATE requests SET status = 'in_progress',
         held_conversations = $3, held_messages = $4, held_keys = $5
     WHERE tenant_id = $1 AND request_id = $2 AND status = 'open'";

/// Whether tenant `$1` holds anything on visitor `$2`.
pub const HOLDS_ANYTHING: &str = "SELECT
     EXISTS (SELECT 1 FROM visitors WHERE tenant_id = $1 AND pseudonym = $2)
     OR EXISTS (SELECT 1 FROM conversations WHERE tenant_id = $1 AND pseudonym = $2)
     OR EXISTS (SELECT 1 FROM leads WHERE tenant_id = $1 AND pseudonym = $2)
     OR EXISTS (SELECT 1 FROM consent_events WHERE tenant_id = $1 AND pseudonym = $2)";

/// Adds `$5` to the count of unrecorded requests: `$1` tenant, `$2` site, `$3` day, `$4` kind.
pub const COUNT_UNRECORDED: &str =
    "INSERT INTO unrecorded_requests (tenant_id, site_id, day, kind, count) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, site_id, day, kind) DO UPDATE SET count = unrecorded_requests.count + excluded.count";

/// Tenant `$1`'s counts of unrecorded requests, most recent day first.
pub const UNRECORDED_OF: &str = "SELECT site_id, day, kind, count FROM unrecorded_requests
     WHERE tenant_id = $1 ORDER BY day DESC, site_id, kind";

/// Selects requests of tenant `$1`, with `tail` (conditions from `$2` on, then order).
pub fn select_requests(tail: &str) -> String {
    format!("SELECT {REQUEST_COLUMNS} FROM requests WHERE tenant_id = $1 {tail}")
}

/// Tail of [`select_requests`]: one request, `$2`.
pub const ONE_REQUEST: &str = "AND request_id = $2";
/// Tail of [`select_requests`]: the register, most recent first.
pub const REGISTER: &str = "ORDER BY received_at DESC, request_id";
/// Tail of [`select_requests`]: erasures left in progress, oldest first.
pub const UNFINISHED_ERASURES: &str = "AND kind IN ('erasure', 'objection') AND status = 'in_progress' ORDER BY received_at, request_id";

/// The visitors who left the address whose blind index is `$2` with tenant `$1`: whom an
/// erasure by e-mail address fences.
pub const EMAIL_VISITORS: &str =
    "SELECT DISTINCT pseudonym FROM leads WHERE tenant_id = $1 AND email_index = $2";

/// Marks visitor `$2` of tenant `$1` as erased at `$3` (milliseconds).
pub const FENCE_VISITOR: &str =
    "INSERT INTO erasure_fences (tenant_id, pseudonym, at) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, pseudonym) DO UPDATE SET at = excluded.at";

/// Drops tenant `$1`'s erasure marks older than `$2` (milliseconds).
pub const DROP_OLD_FENCES: &str = "DELETE FROM erasure_fences WHERE tenant_id = $1 AND at < $2";

/// What a turn of visitor `$2` of tenant `$1` that began at `$3` (milliseconds) checks before
/// it is stored, in one statement (each statement is a round trip inside the writer's
/// transaction): `fenced`, whether the visitor objects or was erased since, and
/// `wrapped_key`, the visitor's key as stored, if any.
pub const TURN_CHECK: &str = "SELECT
     (EXISTS (SELECT 1 FROM objections WHERE tenant_id = $1 AND pseudonym = $2)
      OR EXISTS (SELECT 1 FROM erasure_fences WHERE tenant_id = $1 AND pseudonym = $2 AND at >= $3)) AS fenced,
     (SELECT wrapped_key FROM visitors WHERE tenant_id = $1 AND pseudonym = $2) AS wrapped_key";

/// Records an objection unless one exists: `$1` tenant, `$2` pseudonym, `$3` since.
pub const RECORD_OBJECTION: &str =
    "INSERT INTO objections (tenant_id, pseudonym, since) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, pseudonym) DO NOTHING";
/// Removes an objection: `$1` tenant, `$2` pseudonym.
pub const WITHDRAW_OBJECTION: &str =
    "DELETE FROM objections WHERE tenant_id = $1 AND pseudonym = $2";
/// Every objection of tenant `$1`, oldest first.
pub const OBJECTIONS_OF: &str =
    "SELECT pseudonym, since FROM objections WHERE tenant_id = $1 ORDER BY since, pseudonym";
/// Since when a visitor objects: `$1` tenant, `$2` pseudonym.
pub const OBJECTION_SINCE: &str =
    "SELECT since FROM objections WHERE tenant_id = $1 AND pseudonym = $2";

/// Reads a request register row (selected with [`REQUEST_COLUMNS`]) of either backend.
pub fn stored_request<R>(row: &R) -> StoreResult<StoredRequest>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(StoredRequest {
        tenant_id: row.try_get("tenant_id").map_err(backend)?,
        request_id: row.try_get("request_id").map_err(backend)?,
        kind: row.try_get("kind").map_err(backend)?,
        scope: row.try_get("scope").map_err(backend)?,
        pseudonym: row.try_get("pseudonym").map_err(backend)?,
        conversation_id: row.try_get("conversation_id").map_err(backend)?,
        channel: row.try_get("channel").map_err(backend)?,
        status: row.try_get("status").map_err(backend)?,
        received_at: row.try_get("received_at").map_err(backend)?,
        due_at: row.try_get("due_at").map_err(backend)?,
        completed_at: row.try_get("completed_at").map_err(backend)?,
        held: [
            row.try_get("held_conversations").map_err(backend)?,
            row.try_get("held_messages").map_err(backend)?,
            row.try_get("held_keys").map_err(backend)?,
        ],
        receipt_mac: row.try_get("receipt_mac").map_err(backend)?,
    })
}
