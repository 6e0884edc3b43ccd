-- Earlier versions of a site's pages (issue 24): the text a crawl or an import replaced or
-- removed, kept while a stored conversation may have an answer that cited it.
CREATE TABLE page_versions (
    tenant_id     TEXT    NOT NULL,
    site_id       TEXT    NOT NULL,
    url           TEXT    NOT NULL,
    content_hash  TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    language      TEXT,
    stored_at     INTEGER NOT NULL,
    superseded_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, site_id, url, content_hash),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id) ON DELETE CASCADE
);

CREATE INDEX page_versions_superseded ON page_versions (tenant_id, site_id, superseded_at);

CREATE TABLE page_version_chunks (
    tenant_id    TEXT    NOT NULL,
    site_id      TEXT    NOT NULL,
    url          TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    heading      TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, site_id, url, content_hash, position),
    FOREIGN KEY (tenant_id, site_id, url, content_hash)
        REFERENCES page_versions (tenant_id, site_id, url, content_hash) ON DELETE CASCADE
);
