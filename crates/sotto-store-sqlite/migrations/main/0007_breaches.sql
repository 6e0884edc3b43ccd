-- The breach register: one row per personal-data breach a tenant recorded; the details are a
-- JSON document of the app layer.
CREATE TABLE breaches (
    tenant_id   TEXT    NOT NULL REFERENCES tenants (tenant_id),
    breach_id   TEXT    NOT NULL,
    detected_at INTEGER NOT NULL,
    closed_at   INTEGER,
    updated_at  INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, breach_id)
);
