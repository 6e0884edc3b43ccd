-- Conversation store: pseudonymous visitors, wrapped visitor keys, conversations and sealed
-- messages. Message bodies and page paths are ciphertext only.
CREATE TABLE visitors (
    tenant_id   TEXT    NOT NULL,
    pseudonym   BYTEA    NOT NULL,
    wrapped_key BYTEA    NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, pseudonym)
);

CREATE TABLE conversations (
    tenant_id       TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    site_id         TEXT    NOT NULL,
    pseudonym       BYTEA    NOT NULL,
    phase           TEXT    NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id)
);
CREATE INDEX conversations_by_visitor ON conversations (tenant_id, site_id, pseudonym, updated_at);

CREATE TABLE messages (
    tenant_id       TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    seq             BIGINT NOT NULL,
    message_id      TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    body            BYTEA    NOT NULL,
    page_path       BYTEA,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id, seq),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, conversation_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX messages_by_id ON messages (tenant_id, message_id);
