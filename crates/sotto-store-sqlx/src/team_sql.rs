//! The SQL of team access (API keys, members) and of the audit log, written once for both
//! backends in PostgreSQL's `$n` placeholders (which SQLite binds too), with the row decoders both share.

use sotto_core::access::TeamRole;
use sotto_store::decode as rows;
use sotto_store::{
    ApiKeyRecord, AuditDraft, AuditEntry, MemberRecord, SessionRecord, StoreError, StoreResult,
};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::backend;

/// Adds a key.
pub const INSERT_API_KEY: &str = "INSERT INTO api_keys (tenant_id, key_id, secret_hash, role, label, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
/// One key by its public id: `$1`.
pub const API_KEY_BY_ID: &str = "SELECT tenant_id, key_id, secret_hash, role, label, created_at, revoked_at FROM api_keys WHERE key_id = $1";
/// A tenant's keys: `$1`.
pub const API_KEYS_OF: &str = "SELECT tenant_id, key_id, secret_hash, role, label, created_at, revoked_at FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, key_id";
/// Revokes a key: `$1` tenant, `$2` key id, `$3` time.
pub const REVOKE_API_KEY: &str = "UPDATE api_keys SET revoked_at = $3 WHERE tenant_id = $1 AND key_id = $2 AND revoked_at IS NULL";

/// Adds a member.
pub const INSERT_MEMBER: &str = "INSERT INTO members (tenant_id, member_id, email, display_name, role, password_hash, created_at, must_change_password) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
/// A tenant's members: `$1`.
pub const MEMBERS_OF: &str = "SELECT tenant_id, member_id, email, display_name, role, password_hash, created_at, must_change_password FROM members WHERE tenant_id = $1 ORDER BY created_at, member_id";
/// Sets a member's password hash (`$3`) and whether they must change it (`$4`): `$1` tenant,
/// `$2` member.
pub const SET_MEMBER_PASSWORD: &str = "UPDATE members SET password_hash = $3, must_change_password = $4 WHERE tenant_id = $1 AND member_id = $2";
/// Ends a member's sessions but one: `$1` tenant, `$2` member, `$3` the session kept.
pub const END_OTHER_SESSIONS: &str =
    "DELETE FROM member_sessions WHERE tenant_id = $1 AND member_id = $2 AND session_id <> $3";
/// Removes a member: `$1` tenant, `$2` member.
pub const DELETE_MEMBER: &str = "DELETE FROM members WHERE tenant_id = $1 AND member_id = $2";

/// Opens a session.
pub const INSERT_SESSION: &str = "INSERT INTO member_sessions (tenant_id, session_id, member_id, secret_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)";
/// Drops the expired sessions of tenant `$1` at time `$2`.
pub const DELETE_EXPIRED_SESSIONS: &str =
    "DELETE FROM member_sessions WHERE tenant_id = $1 AND expires_at <= $2";
/// One session and its member: `$1` tenant, `$2` session id.
pub const SESSION: &str = "SELECT s.session_id, s.member_id, s.secret_hash, s.created_at AS session_created_at, s.expires_at, m.tenant_id, m.email, m.display_name, m.role, m.password_hash, m.created_at, m.must_change_password FROM member_sessions s JOIN members m ON m.tenant_id = s.tenant_id AND m.member_id = s.member_id WHERE s.tenant_id = $1 AND s.session_id = $2";
/// Ends a session: `$1` tenant, `$2` session id.
pub const DELETE_SESSION: &str =
    "DELETE FROM member_sessions WHERE tenant_id = $1 AND session_id = $2";

/// The head of a tenant's audit chain: `$1` tenant. PostgreSQL appends `FOR UPDATE`.
pub const AUDIT_HEAD: &str = "SELECT audit_head FROM tenants WHERE tenant_id = $1";
/// The MAC of one entry: `$1` tenant, `$2` seq.
pub const AUDIT_MAC: &str = "SELECT mac FROM audit_log WHERE tenant_id = $1 AND seq = $2";
/// Appends an entry: `$1` tenant, `$2` seq, `$3` at, `$4` actor, `$5` action, `$6` object,
/// `$7` MAC.
pub const INSERT_AUDIT: &str = "INSERT INTO audit_log (tenant_id, seq, at, actor, action, object, mac) VALUES ($1, $2, $3, $4, $5, $6, $7)";
/// Moves the head: `$1` tenant, `$2` seq.
pub const SET_AUDIT_HEAD: &str = "UPDATE tenants SET audit_head = $2 WHERE tenant_id = $1";
/// Entries after `$2`, at most `$3`: `$1` tenant.
pub const AUDIT_ENTRIES: &str = "SELECT tenant_id, seq, at, actor, action, object, mac FROM audit_log WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";

fn role(text: &str) -> StoreResult<TeamRole> {
    TeamRole::parse(text).ok_or_else(|| StoreError::Corrupt("role column".into()))
}

/// Reads an API key row of either backend.
pub fn api_key<R>(row: &R) -> StoreResult<ApiKeyRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(ApiKeyRecord {
        tenant_id: rows::tenant_id(&row.try_get::<String, _>("tenant_id").map_err(backend)?)?,
        key_id: row.try_get("key_id").map_err(backend)?,
        secret_hash: row.try_get("secret_hash").map_err(backend)?,
        role: role(&row.try_get::<String, _>("role").map_err(backend)?)?,
        label: row.try_get("label").map_err(backend)?,
        created_at: row.try_get("created_at").map_err(backend)?,
        revoked_at: row.try_get("revoked_at").map_err(backend)?,
    })
}

/// Decodes a row of [`SESSION`]: the session and its member.
pub fn session<R>(row: &R) -> StoreResult<(SessionRecord, MemberRecord)>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    let member = member(row)?;
    let session = SessionRecord {
        tenant_id: member.tenant_id,
        session_id: row.try_get("session_id").map_err(backend)?,
        member_id: member.id,
        secret_hash: row.try_get("secret_hash").map_err(backend)?,
        created_at: row.try_get("session_created_at").map_err(backend)?,
        expires_at: row.try_get("expires_at").map_err(backend)?,
    };
    Ok((session, member))
}

/// Reads a member row of either backend.
pub fn member<R>(row: &R) -> StoreResult<MemberRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    let id: String = row.try_get("member_id").map_err(backend)?;
    Ok(MemberRecord {
        tenant_id: rows::tenant_id(&row.try_get::<String, _>("tenant_id").map_err(backend)?)?,
        id: id
            .parse()
            .map_err(|_| StoreError::Corrupt("member_id column".into()))?,
        email: row.try_get("email").map_err(backend)?,
        display_name: row.try_get("display_name").map_err(backend)?,
        role: role(&row.try_get::<String, _>("role").map_err(backend)?)?,
        password_hash: row.try_get("password_hash").map_err(backend)?,
        created_at: row.try_get("created_at").map_err(backend)?,
        must_change_password: row
            .try_get::<i64, _>("must_change_password")
            .map_err(backend)?
            != 0,
    })
}

/// Reads an audit log row of either backend.
pub fn audit_entry<R>(row: &R) -> StoreResult<AuditEntry>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(AuditEntry {
        tenant_id: rows::tenant_id(&row.try_get::<String, _>("tenant_id").map_err(backend)?)?,
        seq: row.try_get("seq").map_err(backend)?,
        draft: AuditDraft {
            at: row.try_get("at").map_err(backend)?,
            actor: row.try_get("actor").map_err(backend)?,
            action: row.try_get("action").map_err(backend)?,
            object: row.try_get("object").map_err(backend)?,
        },
        mac: row.try_get("mac").map_err(backend)?,
    })
}
