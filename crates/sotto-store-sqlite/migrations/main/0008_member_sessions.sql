-- Sign-in sessions of the admin UI: the secret only as a SHA-256 hash, an absolute expiry,
-- and gone with the member (or the tenant) they belong to.
CREATE TABLE member_sessions (
    tenant_id   TEXT    NOT NULL,
    session_id  TEXT    NOT NULL,
    member_id   TEXT    NOT NULL,
    secret_hash BLOB    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, session_id),
    FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, member_id) ON DELETE CASCADE
);
