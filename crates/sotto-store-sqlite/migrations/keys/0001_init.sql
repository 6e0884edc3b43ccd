-- Key store: each conversation's key, wrapped by its visitor's key, in a file of its own (not
-- in conversations.db), so that it is backed up on its own, short schedule and an erasure
-- reaches every backup of the content. No visitor identifier is kept here.
CREATE TABLE conversation_keys (
    tenant_id       TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    wrapped_key     BLOB    NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id)
);
CREATE INDEX conversation_keys_by_age ON conversation_keys (tenant_id, created_at);
