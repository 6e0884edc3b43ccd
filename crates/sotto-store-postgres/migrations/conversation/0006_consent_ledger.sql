-- The consent ledger: one hash chain per tenant. A forgotten event keeps only its sequence
-- number, digest and link; its other columns are NULL.
CREATE TABLE consent_events (
    tenant_id    TEXT    NOT NULL,
    seq          BIGINT  NOT NULL,
    site_id      TEXT,
    pseudonym    BYTEA,
    purpose      TEXT,
    granted      BOOLEAN,
    language     TEXT,
    text_version BIGINT,
    text_sha256  BYTEA,
    at           BIGINT,
    salt         BYTEA,
    digest       BYTEA   NOT NULL,
    link         BYTEA   NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX consent_events_by_visitor ON consent_events (tenant_id, pseudonym, seq);

-- The last sequence number of each tenant's ledger, so that removing the last events shows.
CREATE TABLE consent_heads (
    tenant_id TEXT   NOT NULL PRIMARY KEY,
    seq       BIGINT NOT NULL
);

ALTER TABLE consent_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON consent_events
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

ALTER TABLE consent_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON consent_heads
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
