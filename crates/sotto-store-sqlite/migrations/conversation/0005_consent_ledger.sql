-- The consent ledger: one hash chain per tenant. A forgotten event keeps only its sequence
-- number, digest and link; its other columns are NULL.
CREATE TABLE consent_events (
    tenant_id    TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    site_id      TEXT,
    pseudonym    BLOB,
    purpose      TEXT,
    granted      INTEGER,
    language     TEXT,
    text_version INTEGER,
    text_sha256  BLOB,
    at           INTEGER,
    salt         BLOB,
    digest       BLOB    NOT NULL,
    link         BLOB    NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX consent_events_by_visitor ON consent_events (tenant_id, pseudonym, seq);

-- The last sequence number of each tenant's ledger, so that removing the last events shows.
CREATE TABLE consent_heads (
    tenant_id TEXT    NOT NULL PRIMARY KEY,
    seq       INTEGER NOT NULL
);
