-- Conversation store: pseudonymous visitors, wrapped visitor keys, conversations and sealed
-- messages. Message bodies and page paths are ciphertext only.
CREATE TABLE visitors (
    tenant_id   TEXT    NOT NULL,
    pseudonym   BLOB    NOT NULL,
    wrapped_key BLOB    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, pseudonym)
);

CREATE TABLE conversations (
    tenant_id       TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    site_id         TEXT    NOT NULL,
    pseudonym       BLOB    NOT NULL,
    phase           TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id)
);
CREATE INDEX conversations_by_visitor ON conversations (tenant_id, site_id, pseudonym, updated_at);

CREATE TABLE messages (
    tenant_id       TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    message_id      TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    body            BLOB    NOT NULL,
    page_path       BLOB,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id, seq),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, conversation_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX messages_by_id ON messages (tenant_id, message_id);
