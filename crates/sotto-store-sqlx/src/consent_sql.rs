//! The SQL of the consent ledger, settings documents, published texts and breaches, written once for
//! both backends in PostgreSQL's `$n` placeholders (which SQLite binds too), with the row decoders both share.

use sotto_core::consent::ConsentPurpose;
use sotto_store::decode as rows;
use sotto_store::{
    BreachRecord, ConsentEvent, ConsentFacts, PublishedText, StoreError, StoreResult, Subject,
    TextKind,
};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::backend;

/// The columns every consent event query selects, in the order [`consent_event`] reads them.
const EVENT_COLUMNS: &str = "tenant_id, seq, site_id, pseudonym, purpose, granted, language, text_version, text_sha256, at, salt, digest, link";

/// Creates tenant `$1`'s head at 0 before its first event (a no-op after).
pub const ENSURE_CONSENT_HEAD: &str =
    "INSERT INTO consent_heads (tenant_id, seq) VALUES ($1, 0) ON CONFLICT (tenant_id) DO NOTHING";
/// The last sequence number of tenant `$1`'s ledger.
pub const CONSENT_HEAD: &str = "SELECT seq FROM consent_heads WHERE tenant_id = $1";
/// The link of event `$2` of tenant `$1`.
pub const CONSENT_LINK: &str = "SELECT link FROM consent_events WHERE tenant_id = $1 AND seq = $2";
/// Moves tenant `$1`'s head to `$2`.
pub const SET_CONSENT_HEAD: &str = "UPDATE consent_heads SET seq = $2 WHERE tenant_id = $1";
/// Appends an event; parameters in the order of [`EVENT_COLUMNS`].
pub const INSERT_CONSENT: &str = "INSERT INTO consent_events (tenant_id, seq, site_id, pseudonym, purpose, granted, language, text_version, text_sha256, at, salt, digest, link)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

/// Up to `$3` events of tenant `$1` after sequence number `$2`.
pub fn consent_events() -> String {
    format!(
        "SELECT {EVENT_COLUMNS} FROM consent_events WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
    )
}

/// Every event of visitor `$2` of tenant `$1`, oldest first.
pub fn consents_of() -> String {
    format!(
        "SELECT {EVENT_COLUMNS} FROM consent_events WHERE tenant_id = $1 AND pseudonym = $2 ORDER BY seq"
    )
}

/// The statements that forget a subject's events: `$1` tenant, then the subject's key. A
/// tenant's ledger goes whole (the account is closed); a conversation has no events.
pub fn forget_consents(subject: &Subject) -> Vec<String> {
    match subject {
        Subject::Conversation(_) => Vec::new(),
        Subject::Tenant => vec![
            "DELETE FROM consent_events WHERE tenant_id = $1".to_owned(),
            "DELETE FROM consent_heads WHERE tenant_id = $1".to_owned(),
        ],
        visitors => vec![format!(
            "UPDATE consent_events SET site_id = NULL, pseudonym = NULL, purpose = NULL, granted = NULL,
                 language = NULL, text_version = NULL, text_sha256 = NULL, at = NULL, salt = NULL
             WHERE tenant_id = $1 {}",
            crate::dsr_sql::consents_of(visitors, 2)
        )],
    }
}

/// A settings document: `$1` tenant, `$2` key.
pub const SETTINGS_DOCUMENT: &str =
    "SELECT body FROM settings_documents WHERE tenant_id = $1 AND key = $2";
/// Creates or replaces a settings document: `$1` tenant, `$2` key, `$3` body, `$4` time.
pub const PUT_SETTINGS_DOCUMENT: &str = "INSERT INTO settings_documents (tenant_id, key, body, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at";
/// Every published text of site `$2` of tenant `$1`.
pub const PUBLISHED_TEXTS: &str = "SELECT tenant_id, site_id, kind, language, version, sha256, body, published_at FROM published_texts
     WHERE tenant_id = $1 AND site_id = $2 ORDER BY kind, language, version";
/// Publishes a text; parameters in the order of [`PUBLISHED_TEXTS`]' columns.
pub const PUBLISH_TEXT: &str = "INSERT INTO published_texts (tenant_id, site_id, kind, language, version, sha256, body, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// Records or replaces a breach: `$1` tenant, `$2` id, `$3` detected, `$4` closed, `$5`
/// updated, `$6` body.
pub const PUT_BREACH: &str = "INSERT INTO breaches (tenant_id, breach_id, detected_at, closed_at, updated_at, body) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, breach_id) DO UPDATE SET detected_at = excluded.detected_at, closed_at = excluded.closed_at,
         updated_at = excluded.updated_at, body = excluded.body";
/// Every breach of tenant `$1`, most recently detected first.
pub const BREACHES_OF: &str =
    "SELECT tenant_id, breach_id, detected_at, closed_at, updated_at, body FROM breaches
     WHERE tenant_id = $1 ORDER BY detected_at DESC, breach_id";

/// Reads a breach row (selected with [`BREACHES_OF`]) of either backend.
pub fn breach<R>(row: &R) -> StoreResult<BreachRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    let tenant: String = row.try_get("tenant_id").map_err(backend)?;
    Ok(BreachRecord {
        tenant_id: rows::tenant_id(&tenant)?,
        id: row.try_get("breach_id").map_err(backend)?,
        detected_at: row.try_get("detected_at").map_err(backend)?,
        closed_at: row.try_get("closed_at").map_err(backend)?,
        updated_at: row.try_get("updated_at").map_err(backend)?,
        body: row.try_get("body").map_err(backend)?,
    })
}

/// Reads a consent event row (selected with [`EVENT_COLUMNS`]) of either backend.
pub fn consent_event<R>(row: &R) -> StoreResult<ConsentEvent>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> bool: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    let tenant: String = row.try_get("tenant_id").map_err(backend)?;
    let pseudonym: Option<Vec<u8>> = row.try_get("pseudonym").map_err(backend)?;
    let facts = match pseudonym {
        None => None,
        Some(pseudonym) => {
            let site: String = row.try_get("site_id").map_err(backend)?;
            let purpose: String = row.try_get("purpose").map_err(backend)?;
            Some(ConsentFacts {
                site_id: rows::site_id(&site)?,
                pseudonym: rows::pseudonym(&pseudonym)?,
                purpose: ConsentPurpose::parse(&purpose)
                    .ok_or_else(|| StoreError::Corrupt("consent purpose column".into()))?,
                granted: row.try_get("granted").map_err(backend)?,
                language: row.try_get("language").map_err(backend)?,
                text_version: row.try_get("text_version").map_err(backend)?,
                text_sha256: row.try_get("text_sha256").map_err(backend)?,
                at: row.try_get("at").map_err(backend)?,
                salt: row.try_get("salt").map_err(backend)?,
            })
        }
    };
    Ok(ConsentEvent {
        tenant_id: rows::tenant_id(&tenant)?,
        seq: row.try_get("seq").map_err(backend)?,
        facts,
        digest: row.try_get("digest").map_err(backend)?,
        link: row.try_get("link").map_err(backend)?,
    })
}

/// Reads a published text row (selected with [`PUBLISHED_TEXTS`]) of either backend.
pub fn published_text<R>(row: &R) -> StoreResult<PublishedText>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    let tenant: String = row.try_get("tenant_id").map_err(backend)?;
    let site: String = row.try_get("site_id").map_err(backend)?;
    let kind: String = row.try_get("kind").map_err(backend)?;
    Ok(PublishedText {
        tenant_id: rows::tenant_id(&tenant)?,
        site_id: rows::site_id(&site)?,
        kind: TextKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt("text kind column".into()))?,
        language: row.try_get("language").map_err(backend)?,
        version: row.try_get("version").map_err(backend)?,
        sha256: row.try_get("sha256").map_err(backend)?,
        body: row.try_get("body").map_err(backend)?,
        published_at: row.try_get("published_at").map_err(backend)?,
    })
}

/// Binds an event's columns to [`INSERT_CONSENT`] on either backend.
pub fn bind_consent<'q, DB>(
    query: sqlx::query::Query<'q, DB, DB::Arguments>,
    event: &ConsentEvent,
    facts: &ConsentFacts,
) -> sqlx::query::Query<'q, DB, DB::Arguments>
where
    DB: sqlx::Database,
    String: for<'e> sqlx::Encode<'e, DB> + Type<DB>,
    i64: for<'e> sqlx::Encode<'e, DB> + Type<DB>,
    bool: for<'e> sqlx::Encode<'e, DB> + Type<DB>,
    Vec<u8>: for<'e> sqlx::Encode<'e, DB> + Type<DB>,
{
    query
        .bind(event.tenant_id.to_string())
        .bind(event.seq)
        .bind(facts.site_id.as_str().to_owned())
        .bind(facts.pseudonym.as_bytes().to_vec())
        .bind(facts.purpose.as_str().to_owned())
        .bind(facts.granted)
        .bind(facts.language.clone())
        .bind(facts.text_version)
        .bind(facts.text_sha256.clone())
        .bind(facts.at)
        .bind(facts.salt.clone())
        .bind(event.digest.clone())
        .bind(event.link.clone())
}

/// Binds a text's columns to [`PUBLISH_TEXT`] on either backend.
pub fn bind_text<'q, DB>(
    query: sqlx::query::Query<'q, DB, DB::Arguments>,
    text: &PublishedText,
) -> sqlx::query::Query<'q, DB, DB::Arguments>
where
    DB: sqlx::Database,
    String: for<'e> sqlx::Encode<'e, DB> + Type<DB>,
    i64: for<'e> sqlx::Encode<'e, DB> + Type<DB>,
    Vec<u8>: for<'e> sqlx::Encode<'e, DB> + Type<DB>,
{
    query
        .bind(text.tenant_id.to_string())
        .bind(text.site_id.as_str().to_owned())
        .bind(text.kind.as_str().to_owned())
        .bind(text.language.clone())
        .bind(text.version)
        .bind(text.sha256.clone())
        .bind(text.body.clone())
        .bind(text.published_at)
}
