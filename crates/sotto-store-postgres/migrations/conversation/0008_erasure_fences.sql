-- When each visitor was last erased (`at`, in milliseconds since the epoch): a turn that began
-- before that moment is not stored, so that a turn racing an erasure cannot bring the visitor
-- back. Kept for a day, then dropped (no turn lasts that long).
CREATE TABLE erasure_fences (
    tenant_id TEXT   NOT NULL,
    pseudonym BYTEA  NOT NULL,
    at        BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, pseudonym)
);

ALTER TABLE erasure_fences ENABLE ROW LEVEL SECURITY;
ALTER TABLE erasure_fences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON erasure_fences
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
