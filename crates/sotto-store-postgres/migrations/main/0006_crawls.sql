-- Conditional recrawl: the validators the site last sent for each page. Crawl runs: where
-- each site's latest crawl stands (one row per site), visible to its tenant only.
ALTER TABLE knowledge_pages ADD COLUMN etag TEXT;
ALTER TABLE knowledge_pages ADD COLUMN last_modified TEXT;

CREATE TABLE crawl_runs (
    tenant_id   TEXT   NOT NULL,
    site_id     TEXT   NOT NULL,
    start_url   TEXT   NOT NULL,
    started_by  TEXT   NOT NULL,
    state       TEXT   NOT NULL,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT,
    pages_done  BIGINT NOT NULL,
    pages_known BIGINT NOT NULL,
    report      TEXT,
    error       TEXT,
    PRIMARY KEY (tenant_id, site_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id) ON DELETE CASCADE
);

ALTER TABLE crawl_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE crawl_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON crawl_runs
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));
