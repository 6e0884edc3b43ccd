-- Key store: each conversation's key, wrapped by its visitor's key, in a database of its own
-- (not the conversation store's), so that it is backed up on its own, short schedule and an
-- erasure reaches every backup of the content. No visitor identifier is kept here. Rows are
-- visible only inside a transaction that declared its tenant.
CREATE TABLE conversation_keys (
    tenant_id       TEXT   NOT NULL,
    conversation_id TEXT   NOT NULL,
    wrapped_key     BYTEA  NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id)
);
CREATE INDEX conversation_keys_by_age ON conversation_keys (tenant_id, created_at);

ALTER TABLE conversation_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversation_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON conversation_keys
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
