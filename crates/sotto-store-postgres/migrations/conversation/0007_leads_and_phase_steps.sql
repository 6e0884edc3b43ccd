-- Leads: e-mail addresses visitors left for a stated purpose, sealed with the visitor's key and
-- findable only through their blind index. No foreign key to conversations: an erasure by
-- address finds its visitors through these rows, so they are deleted last, on purpose.
CREATE TABLE leads (
    tenant_id       TEXT    NOT NULL,
    lead_id         TEXT    NOT NULL,
    site_id         TEXT    NOT NULL,
    conversation_id TEXT,
    pseudonym       BYTEA    NOT NULL,
    purpose         TEXT    NOT NULL,
    email           BYTEA    NOT NULL,
    email_index     BYTEA    NOT NULL,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, lead_id)
);
CREATE INDEX leads_by_email ON leads (tenant_id, email_index);
CREATE INDEX leads_by_visitor ON leads (tenant_id, pseudonym);
CREATE INDEX leads_by_age ON leads (tenant_id, site_id, created_at);

-- The phases each conversation entered, and why; they go with the conversation.
CREATE TABLE phase_steps (
    tenant_id       TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    phase           TEXT    NOT NULL,
    rank            BIGINT  NOT NULL,
    cause           TEXT    NOT NULL,
    at              BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id, phase),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, conversation_id) ON DELETE CASCADE
);

ALTER TABLE leads ENABLE ROW LEVEL SECURITY;
ALTER TABLE leads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON leads
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

ALTER TABLE phase_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE phase_steps FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON phase_steps
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
