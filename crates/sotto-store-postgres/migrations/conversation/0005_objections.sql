-- Visitors who objected to storage (GDPR art. 21): nothing of theirs is stored while a row is
-- here. The row holds the pseudonym and the time, nothing else.
CREATE TABLE objections (
    tenant_id TEXT   NOT NULL,
    pseudonym BYTEA  NOT NULL,
    since     BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, pseudonym)
);

ALTER TABLE objections ENABLE ROW LEVEL SECURITY;
ALTER TABLE objections FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON objections
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
