-- Team access: API keys get a role, a label and a revocation time; members sign in with an
-- argon2id password; the audit log is append-only and chained by MACs, its head kept on the
-- tenant row so that removing the last entries shows.
ALTER TABLE api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'owner';
ALTER TABLE api_keys ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN revoked_at INTEGER;

CREATE TABLE members (
    tenant_id     TEXT    NOT NULL REFERENCES tenants (tenant_id),
    member_id     TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, member_id),
    UNIQUE (tenant_id, email)
);

ALTER TABLE tenants ADD COLUMN audit_head INTEGER NOT NULL DEFAULT 0;

CREATE TABLE audit_log (
    tenant_id TEXT    NOT NULL REFERENCES tenants (tenant_id),
    seq       INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    object    TEXT    NOT NULL,
    mac       BLOB    NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

-- Append-only: no entry is ever changed, and entries go only with their tenant, once account
-- closure has destroyed the tenant's key.
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_leaves_only_with_its_tenant BEFORE DELETE ON audit_log
WHEN (SELECT length(wrapped_key) FROM tenants WHERE tenant_id = OLD.tenant_id) > 0
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
