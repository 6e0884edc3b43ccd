-- The breach register: one row per personal-data breach a tenant recorded; the details are a
-- JSON document of the app layer.
CREATE TABLE breaches (
    tenant_id   TEXT   NOT NULL REFERENCES tenants (tenant_id),
    breach_id   TEXT   NOT NULL,
    detected_at BIGINT NOT NULL,
    closed_at   BIGINT,
    updated_at  BIGINT NOT NULL,
    body        TEXT   NOT NULL,
    PRIMARY KEY (tenant_id, breach_id)
);

ALTER TABLE breaches ENABLE ROW LEVEL SECURITY;
ALTER TABLE breaches FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON breaches
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
