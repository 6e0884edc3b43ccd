-- Visitors' votes on answers: sealed with the answer's key in the answer's place, and deleted
-- with the answer (and so with its conversation: erasure, objection, retention).
CREATE TABLE votes (
    tenant_id       TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    seq             BIGINT  NOT NULL,
    message_id      TEXT    NOT NULL,
    body            BYTEA   NOT NULL,
    sealing         BIGINT  NOT NULL,
    voted_at        BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id, seq),
    FOREIGN KEY (tenant_id, conversation_id, seq) REFERENCES messages (tenant_id, conversation_id, seq) ON DELETE CASCADE
);

-- Each site's votes per week and kind of answer: counts only, kept when what they count goes,
-- and counting the votes of visitors whose conversations are not stored.
CREATE TABLE vote_tallies (
    tenant_id TEXT    NOT NULL,
    site_id   TEXT    NOT NULL,
    week      BIGINT  NOT NULL,
    kind      TEXT    NOT NULL,
    up        BIGINT  NOT NULL,
    down      BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, site_id, week, kind)
);

ALTER TABLE votes ENABLE ROW LEVEL SECURITY;
ALTER TABLE votes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON votes
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

ALTER TABLE vote_tallies ENABLE ROW LEVEL SECURITY;
ALTER TABLE vote_tallies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON vote_tallies
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
