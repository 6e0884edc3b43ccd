-- Team access: API keys get a role, a label and a revocation time; members sign in with an
-- argon2id password; the audit log is append-only and chained by MACs, its head kept on the
-- tenant row so that removing the last entries shows.
ALTER TABLE api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'owner';
ALTER TABLE api_keys ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN revoked_at BIGINT;

CREATE TABLE members (
    tenant_id     TEXT   NOT NULL REFERENCES tenants (tenant_id),
    member_id     TEXT   NOT NULL,
    email         TEXT   NOT NULL,
    display_name  TEXT   NOT NULL,
    role          TEXT   NOT NULL,
    password_hash TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, member_id),
    UNIQUE (tenant_id, email)
);

ALTER TABLE tenants ADD COLUMN audit_head BIGINT NOT NULL DEFAULT 0;

CREATE TABLE audit_log (
    tenant_id TEXT   NOT NULL REFERENCES tenants (tenant_id),
    seq       BIGINT NOT NULL,
    at        BIGINT NOT NULL,
    actor     TEXT   NOT NULL,
    action    TEXT   NOT NULL,
    object    TEXT   NOT NULL,
    mac       BYTEA  NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

ALTER TABLE members ENABLE ROW LEVEL SECURITY;
ALTER TABLE members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON members
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

-- Append-only: no entry is ever changed, and entries go only with their tenant, once account
-- closure has destroyed the tenant's key.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND NOT EXISTS (
        SELECT 1 FROM tenants WHERE tenant_id = OLD.tenant_id AND length(wrapped_key) > 0
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
