//! The SQL of a site's allowed origins, written once for both backends in PostgreSQL's `$n`
//! placeholders (which SQLite binds too).

/// One row when the tenant `$1` has the site `$2`.
pub const SITE_KNOWN: &str = "SELECT 1 FROM sites WHERE tenant_id = $1 AND site_id = $2";

/// Removes every origin of the site `$2` of tenant `$1`.
pub const DELETE_ORIGINS: &str = "DELETE FROM site_origins WHERE tenant_id = $1 AND site_id = $2";

/// Stores origin `$4` at position `$3` of the site `$2` of tenant `$1`.
pub const INSERT_ORIGIN: &str =
    "INSERT INTO site_origins (tenant_id, site_id, position, origin) VALUES ($1, $2, $3, $4)";
