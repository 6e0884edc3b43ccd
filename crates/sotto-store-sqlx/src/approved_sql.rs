//! The SQL of a site's approved answers, written once for both backends in PostgreSQL's `$n`
//! placeholders (which SQLite binds too), with the row decoder both share.

use sotto_store::decode as rows;
use sotto_store::{ApprovedAnswerRecord, StoreResult};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::backend;

/// Stores a new approved answer, only on a site of the tenant and under a free id: `$1`
/// tenant, `$2` site, `$3` id, `$4` enabled, `$5` body, `$6` created at, `$7` updated at.
pub const INSERT_APPROVED: &str = "INSERT INTO approved_answers (tenant_id, site_id, answer_id, enabled, body, created_at, updated_at)
     SELECT $1, $2, $3, $4, $5, $6, $7
     WHERE EXISTS (SELECT 1 FROM sites WHERE tenant_id = $1 AND site_id = $2)
     ON CONFLICT (tenant_id, site_id, answer_id) DO NOTHING";

/// Replaces an existing approved answer, in the parameters of [`INSERT_APPROVED`] (the app
/// passes the time of the change as `$6`: the stored creation time stays, and an answer
/// created after the change began is not touched).
pub const UPDATE_APPROVED: &str =
    "UPDATE approved_answers SET enabled = $4, body = $5, updated_at = $7
     WHERE tenant_id = $1 AND site_id = $2 AND answer_id = $3 AND created_at <= $6";

/// Deletes approved answer `$3` of tenant `$1`'s site `$2`.
pub const DELETE_APPROVED: &str =
    "DELETE FROM approved_answers WHERE tenant_id = $1 AND site_id = $2 AND answer_id = $3";

/// Bumps the answers version of tenant `$1`'s site `$2`, in the transaction of the change.
pub const BUMP_ANSWERS_VERSION: &str =
    "UPDATE sites SET answers_version = answers_version + 1 WHERE tenant_id = $1 AND site_id = $2";

/// Tenant `$1`'s site `$2`'s approved answers, oldest first.
pub const APPROVED_OF: &str =
    "SELECT tenant_id, site_id, answer_id, enabled, body, created_at, updated_at
     FROM approved_answers WHERE tenant_id = $1 AND site_id = $2 ORDER BY created_at, answer_id";

/// Decodes a row of [`APPROVED_OF`].
pub fn approved_answer<R>(row: &R) -> StoreResult<ApprovedAnswerRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> bool: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(ApprovedAnswerRecord {
        tenant_id: rows::tenant_id(&row.try_get::<String, _>("tenant_id").map_err(backend)?)?,
        site_id: rows::site_id(&row.try_get::<String, _>("site_id").map_err(backend)?)?,
        id: row.try_get("answer_id").map_err(backend)?,
        enabled: row.try_get("enabled").map_err(backend)?,
        body: row.try_get("body").map_err(backend)?,
        created_at: row.try_get("created_at").map_err(backend)?,
        updated_at: row.try_get("updated_at").map_err(backend)?,
    })
}
