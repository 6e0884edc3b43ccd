-- Conditional recrawl: the validators the site last sent for each page. Crawl runs: where
-- each site's latest crawl stands (one row per site).
ALTER TABLE knowledge_pages ADD COLUMN etag TEXT;
ALTER TABLE knowledge_pages ADD COLUMN last_modified TEXT;

CREATE TABLE crawl_runs (
    tenant_id   TEXT    NOT NULL,
    site_id     TEXT    NOT NULL,
    start_url   TEXT    NOT NULL,
    started_by  TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    pages_done  INTEGER NOT NULL,
    pages_known INTEGER NOT NULL,
    report      TEXT,
    error       TEXT,
    PRIMARY KEY (tenant_id, site_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id) ON DELETE CASCADE
);
