//! The SQL of the earlier versions of a site's pages, written once for both backends in
//! PostgreSQL's `$n` placeholders (which SQLite binds too).

/// Keeps the stored page `$3` of tenant `$1`'s site `$2` as a version superseded at `$4`,
/// before a crawl or an import replaces or removes it. A version met again (a page changed
/// back, then changed once more) is the same text: it takes the times of its latest period.
pub const SUPERSEDE_PAGE: &str = "INSERT INTO page_versions (tenant_id, site_id, url, content_hash, title, language, stored_at, superseded_at)
     SELECT tenant_id, site_id, url, content_hash, title, language, updated_at, $4 FROM knowledge_pages
     WHERE tenant_id = $1 AND site_id = $2 AND url = $3
     ON CONFLICT (tenant_id, site_id, url, content_hash)
     DO UPDATE SET stored_at = excluded.stored_at, superseded_at = excluded.superseded_at";

/// Copies the passages of the page of [`SUPERSEDE_PAGE`] (`$1`–`$3`) to its version.
pub const SUPERSEDE_CHUNKS: &str = "INSERT INTO page_version_chunks (tenant_id, site_id, url, content_hash, position, heading, text)
     SELECT c.tenant_id, c.site_id, c.url, p.content_hash, c.position, c.heading, c.text
     FROM knowledge_chunks c JOIN knowledge_pages p
       ON p.tenant_id = c.tenant_id AND p.site_id = c.site_id AND p.url = c.url
     WHERE c.tenant_id = $1 AND c.site_id = $2 AND c.url = $3
     ON CONFLICT (tenant_id, site_id, url, content_hash, position) DO NOTHING";

/// The current page `$3` of tenant `$1`'s site `$2` when its content hash is `$4`.
pub const CURRENT_VERSION: &str =
    "SELECT url, title, language, content_hash, updated_at AS stored_at
     FROM knowledge_pages WHERE tenant_id = $1 AND site_id = $2 AND url = $3 AND content_hash = $4";

/// The passages of the page of [`CURRENT_VERSION`] (`$1`–`$3`), in reading order.
pub const CURRENT_CHUNKS: &str = "SELECT heading, text FROM knowledge_chunks
     WHERE tenant_id = $1 AND site_id = $2 AND url = $3 ORDER BY position";

/// The superseded versions of tenant `$1`'s site `$2`, or only version `$4` of page `$3` when
/// both are given.
pub const SUPERSEDED_VERSIONS: &str =
    "SELECT url, title, language, content_hash, stored_at, superseded_at
     FROM page_versions WHERE tenant_id = $1 AND site_id = $2
       AND ($3 IS NULL OR (url = $3 AND content_hash = $4))
     ORDER BY url, stored_at, content_hash";

/// The passages of the versions of [`SUPERSEDED_VERSIONS`] (same parameters), in reading order.
pub const SUPERSEDED_CHUNKS: &str = "SELECT url, content_hash, heading, text
     FROM page_version_chunks WHERE tenant_id = $1 AND site_id = $2
       AND ($3 IS NULL OR (url = $3 AND content_hash = $4))
     ORDER BY url, content_hash, position";

/// Stores a superseded version as read from another store (`sotto db copy`): `$1` tenant,
/// `$2` site, `$3` URL, `$4` digest, `$5` title, `$6` language, `$7` stored at, `$8`
/// superseded at; a version already there stays.
pub const INSERT_VERSION: &str = "INSERT INTO page_versions (tenant_id, site_id, url, content_hash, title, language, stored_at, superseded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, site_id, url, content_hash) DO NOTHING";

/// Stores a passage of a version of [`INSERT_VERSION`]: `$1`–`$4` as there, `$5` position,
/// `$6` heading, `$7` text.
pub const INSERT_VERSION_CHUNK: &str = "INSERT INTO page_version_chunks (tenant_id, site_id, url, content_hash, position, heading, text)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, site_id, url, content_hash, position) DO NOTHING";

/// Deletes tenant `$1`'s site `$2`'s versions superseded before `$3` (passages cascade).
pub const PRUNE_VERSIONS: &str =
    "DELETE FROM page_versions WHERE tenant_id = $1 AND site_id = $2 AND superseded_at < $3";
