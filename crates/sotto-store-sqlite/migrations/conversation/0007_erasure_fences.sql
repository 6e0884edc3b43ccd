-- When each visitor was last erased (`at`, in milliseconds since the epoch): a turn that began
-- before that moment is not stored, so that a turn racing an erasure cannot bring the visitor
-- back. Kept for a day, then dropped (no turn lasts that long).
CREATE TABLE erasure_fences (
    tenant_id TEXT    NOT NULL,
    pseudonym BLOB    NOT NULL,
    at        INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, pseudonym)
);
