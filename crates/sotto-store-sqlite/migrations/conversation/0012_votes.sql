-- Visitors' votes on answers: sealed with the answer's key in the answer's place, and deleted
-- with the answer (and so with its conversation: erasure, objection, retention).
CREATE TABLE votes (
    tenant_id       TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    message_id      TEXT    NOT NULL,
    body            BLOB    NOT NULL,
    sealing         INTEGER NOT NULL,
    voted_at        INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id, seq),
    FOREIGN KEY (tenant_id, conversation_id, seq) REFERENCES messages (tenant_id, conversation_id, seq) ON DELETE CASCADE
);

-- Each site's votes per week and kind of answer: counts only, kept when what they count goes,
-- and counting the votes of visitors whose conversations are not stored.
CREATE TABLE vote_tallies (
    tenant_id TEXT    NOT NULL,
    site_id   TEXT    NOT NULL,
    week      INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    up        INTEGER NOT NULL,
    down      INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, site_id, week, kind)
);
