-- Sign-in sessions of the admin UI: the secret only as a SHA-256 hash, an absolute expiry,
-- and gone with the member (or the tenant) they belong to.
CREATE TABLE member_sessions (
    tenant_id   TEXT   NOT NULL,
    session_id  TEXT   NOT NULL,
    member_id   TEXT   NOT NULL,
    secret_hash BYTEA  NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, session_id),
    FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, member_id) ON DELETE CASCADE
);

ALTER TABLE member_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE member_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON member_sessions
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
