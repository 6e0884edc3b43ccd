-- Settings documents of a tenant (JSON of the app layer): `privacy` for the tenant's
-- controller details, `site:<id>` for a site's consent mode and notice settings.
CREATE TABLE settings_documents (
    tenant_id  TEXT    NOT NULL REFERENCES tenants (tenant_id),
    key        TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

-- Every version of every text shown to visitors (privacy notices, consent questions), kept so
-- that each consent event can be matched with the exact words shown.
CREATE TABLE published_texts (
    tenant_id    TEXT    NOT NULL,
    site_id      TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    language     TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    sha256       BLOB    NOT NULL,
    body         TEXT    NOT NULL,
    published_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, site_id, kind, language, version),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id) ON DELETE CASCADE
);
