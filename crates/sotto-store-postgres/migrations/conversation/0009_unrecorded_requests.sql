-- Rights requests from visitors who held nothing (no key, conversation, lead, consent answer
-- or objection): not entered in the register one by one (anyone can send them, and each row
-- would be a write anyone could multiply), only counted here, per site, day and kind.
CREATE TABLE unrecorded_requests (
    tenant_id TEXT   NOT NULL,
    site_id   TEXT   NOT NULL,
    day       BIGINT NOT NULL,
    kind      TEXT   NOT NULL,
    count     BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, site_id, day, kind)
);

ALTER TABLE unrecorded_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE unrecorded_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON unrecorded_requests
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
