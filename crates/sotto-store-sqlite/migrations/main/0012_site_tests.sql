-- A site's own answer tests (issue 24): questions the team keeps with the fact a right answer
-- must state, and the runs that asked them after crawls and imports (the newest kept).
CREATE TABLE site_tests (
    tenant_id  TEXT    NOT NULL,
    site_id    TEXT    NOT NULL,
    test_id    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, site_id, test_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id) ON DELETE CASCADE
);

CREATE TABLE site_test_runs (
    tenant_id TEXT    NOT NULL,
    site_id   TEXT    NOT NULL,
    run_id    TEXT    NOT NULL,
    ran_at    INTEGER NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, site_id, run_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id) ON DELETE CASCADE
);

CREATE INDEX site_test_runs_newest ON site_test_runs (tenant_id, site_id, ran_at);
