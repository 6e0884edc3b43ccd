//! The SQL of a site's answer tests and their runs, written once for both backends in
//! PostgreSQL's `$n` placeholders (which SQLite binds too), with the row decoders both share.

use sotto_store::decode as rows;
use sotto_store::{SiteTestRecord, SiteTestRunRecord, StoreResult};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::backend;

/// Stores a new test, only on a site of the tenant and under a free id: `$1` tenant, `$2`
/// site, `$3` id, `$4` body, `$5` created at, `$6` updated at.
pub const INSERT_TEST: &str =
    "INSERT INTO site_tests (tenant_id, site_id, test_id, body, created_at, updated_at)
     SELECT $1, $2, $3, $4, $5, $6
     WHERE EXISTS (SELECT 1 FROM sites WHERE tenant_id = $1 AND site_id = $2)
     ON CONFLICT (tenant_id, site_id, test_id) DO NOTHING";

/// Replaces a stored test's body (`$4`) and change time (`$5`): `$1` tenant, `$2` site, `$3`
/// id.
pub const UPDATE_TEST: &str = "UPDATE site_tests SET body = $4, updated_at = $5
     WHERE tenant_id = $1 AND site_id = $2 AND test_id = $3";

/// Deletes test `$3` of tenant `$1`'s site `$2`.
pub const DELETE_TEST: &str =
    "DELETE FROM site_tests WHERE tenant_id = $1 AND site_id = $2 AND test_id = $3";

/// Tenant `$1`'s site `$2`'s tests, oldest first.
pub const TESTS_OF: &str = "SELECT tenant_id, site_id, test_id, body, created_at, updated_at
     FROM site_tests WHERE tenant_id = $1 AND site_id = $2 ORDER BY created_at, test_id";

/// Stores a run: `$1` tenant, `$2` site, `$3` id, `$4` ran at, `$5` body.
pub const INSERT_RUN: &str = "INSERT INTO site_test_runs (tenant_id, site_id, run_id, ran_at, body)
     SELECT $1, $2, $3, $4, $5
     WHERE EXISTS (SELECT 1 FROM sites WHERE tenant_id = $1 AND site_id = $2)";

/// Deletes tenant `$1`'s site `$2`'s runs but the newest `$3`.
pub const PRUNE_RUNS: &str = "DELETE FROM site_test_runs WHERE tenant_id = $1 AND site_id = $2
     AND run_id NOT IN (SELECT run_id FROM site_test_runs WHERE tenant_id = $1 AND site_id = $2
                        ORDER BY ran_at DESC, run_id DESC LIMIT $3)";

/// Tenant `$1`'s site `$2`'s newest `$3` runs, newest first.
pub const RUNS_OF: &str = "SELECT tenant_id, site_id, run_id, ran_at, body FROM site_test_runs
     WHERE tenant_id = $1 AND site_id = $2 ORDER BY ran_at DESC, run_id DESC LIMIT $3";

/// Decodes a row of [`TESTS_OF`].
pub fn site_test<R>(row: &R) -> StoreResult<SiteTestRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(SiteTestRecord {
        tenant_id: rows::tenant_id(&row.try_get::<String, _>("tenant_id").map_err(backend)?)?,
        site_id: rows::site_id(&row.try_get::<String, _>("site_id").map_err(backend)?)?,
        id: row.try_get("test_id").map_err(backend)?,
        body: row.try_get("body").map_err(backend)?,
        created_at: row.try_get("created_at").map_err(backend)?,
        updated_at: row.try_get("updated_at").map_err(backend)?,
    })
}

/// Decodes a row of [`RUNS_OF`].
pub fn site_test_run<R>(row: &R) -> StoreResult<SiteTestRunRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(SiteTestRunRecord {
        tenant_id: rows::tenant_id(&row.try_get::<String, _>("tenant_id").map_err(backend)?)?,
        site_id: rows::site_id(&row.try_get::<String, _>("site_id").map_err(backend)?)?,
        id: row.try_get("run_id").map_err(backend)?,
        ran_at: row.try_get("ran_at").map_err(backend)?,
        body: row.try_get("body").map_err(backend)?,
    })
}
