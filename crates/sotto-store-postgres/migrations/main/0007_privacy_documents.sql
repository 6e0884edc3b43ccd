-- Settings documents of a tenant (JSON of the app layer): `privacy` for the tenant's
-- controller details, `site:<id>` for a site's consent mode and notice settings.
CREATE TABLE settings_documents (
    tenant_id  TEXT   NOT NULL REFERENCES tenants (tenant_id),
    key        TEXT   NOT NULL,
    body       TEXT   NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

-- Every version of every text shown to visitors (privacy notices, consent questions), kept so
-- that each consent event can be matched with the exact words shown.
CREATE TABLE published_texts (
    tenant_id    TEXT   NOT NULL,
    site_id      TEXT   NOT NULL,
    kind         TEXT   NOT NULL,
    language     TEXT   NOT NULL,
    version      BIGINT NOT NULL,
    sha256       BYTEA  NOT NULL,
    body         TEXT   NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, site_id, kind, language, version),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id) ON DELETE CASCADE
);

ALTER TABLE settings_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE settings_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON settings_documents
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

ALTER TABLE published_texts ENABLE ROW LEVEL SECURITY;
ALTER TABLE published_texts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON published_texts
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
