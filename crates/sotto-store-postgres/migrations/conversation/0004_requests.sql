-- The request register: every access, erasure and objection request, with no more personal
-- data than the pseudonym. It outlives the data an erasure removed: it is the proof.
CREATE TABLE requests (
    tenant_id          TEXT    NOT NULL,
    request_id         TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    scope              TEXT    NOT NULL,
    pseudonym          BYTEA,
    conversation_id    TEXT,
    channel            TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    received_at        BIGINT  NOT NULL,
    due_at             BIGINT  NOT NULL,
    completed_at       BIGINT,
    held_conversations BIGINT  NOT NULL,
    held_messages      BIGINT  NOT NULL,
    held_keys          BIGINT  NOT NULL,
    receipt_mac        BYTEA,
    PRIMARY KEY (tenant_id, request_id)
);
CREATE INDEX requests_by_status ON requests (tenant_id, status, due_at);

ALTER TABLE requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON requests
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
