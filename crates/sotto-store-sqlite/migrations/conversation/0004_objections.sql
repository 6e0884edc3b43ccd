-- Visitors who objected to storage (GDPR art. 21): nothing of theirs is stored while a row is
-- here. The row holds the pseudonym and the time, nothing else.
CREATE TABLE objections (
    tenant_id TEXT    NOT NULL,
    pseudonym BLOB    NOT NULL,
    since     INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, pseudonym)
);
