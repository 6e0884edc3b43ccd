-- Rights requests from visitors who held nothing (no key, conversation, lead, consent answer
-- or objection): not entered in the register one by one (anyone can send them, and each row
-- would be a write anyone could multiply), only counted here, per site, day and kind.
CREATE TABLE unrecorded_requests (
    tenant_id TEXT    NOT NULL,
    site_id   TEXT    NOT NULL,
    day       INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, site_id, day, kind)
);
