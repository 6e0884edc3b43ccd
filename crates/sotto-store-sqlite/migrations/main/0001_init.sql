-- Main store: tenants, sites, API-key hashes, knowledge. No visitor identifier of any kind.
-- Every tenant-owned table leads its primary key with tenant_id.
CREATE TABLE tenants (
    tenant_id   TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    wrapped_key BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX tenants_by_name ON tenants (name, created_at);

CREATE TABLE api_keys (
    tenant_id   TEXT    NOT NULL REFERENCES tenants (tenant_id),
    key_id      TEXT    NOT NULL,
    secret_hash BLOB    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, key_id)
);
-- Lookup from a bearer token, before the tenant is known.
CREATE UNIQUE INDEX api_keys_by_key_id ON api_keys (key_id);

CREATE TABLE sites (
    tenant_id          TEXT    NOT NULL REFERENCES tenants (tenant_id),
    site_id            TEXT    NOT NULL,
    privacy_notice_url TEXT,
    language           TEXT    NOT NULL,
    knowledge_version  INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, site_id)
);
-- Lookup from a public widget URL, before the tenant is known.
CREATE UNIQUE INDEX sites_by_site_id ON sites (site_id);

CREATE TABLE site_origins (
    tenant_id TEXT    NOT NULL,
    site_id   TEXT    NOT NULL,
    position  INTEGER NOT NULL,
    origin    TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, site_id, position),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id) ON DELETE CASCADE
);

CREATE TABLE knowledge_pages (
    tenant_id    TEXT    NOT NULL,
    site_id      TEXT    NOT NULL,
    url          TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    language     TEXT,
    content_hash TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, site_id, url),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id) ON DELETE CASCADE
);

CREATE TABLE knowledge_chunks (
    tenant_id TEXT    NOT NULL,
    site_id   TEXT    NOT NULL,
    url       TEXT    NOT NULL,
    position  INTEGER NOT NULL,
    heading   TEXT    NOT NULL,
    text      TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, site_id, url, position),
    FOREIGN KEY (tenant_id, site_id, url) REFERENCES knowledge_pages (tenant_id, site_id, url) ON DELETE CASCADE
);
