-- The request register: every access, erasure and objection request, with no more personal
-- data than the pseudonym. It outlives the data an erasure removed: it is the proof.
CREATE TABLE requests (
    tenant_id          TEXT    NOT NULL,
    request_id         TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    scope              TEXT    NOT NULL,
    pseudonym          BLOB,
    conversation_id    TEXT,
    channel            TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    received_at        INTEGER NOT NULL,
    due_at             INTEGER NOT NULL,
    completed_at       INTEGER,
    held_conversations INTEGER NOT NULL,
    held_messages      INTEGER NOT NULL,
    held_keys          INTEGER NOT NULL,
    receipt_mac        BLOB,
    PRIMARY KEY (tenant_id, request_id)
);
CREATE INDEX requests_by_status ON requests (tenant_id, status, due_at);
