-- Answers a site's team approved for questions its pages answered badly (issue 24): the
-- team's words, not a visitor's data. `answers_version` tells nodes when to read them again.
ALTER TABLE sites ADD COLUMN answers_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE approved_answers (
    tenant_id  TEXT    NOT NULL,
    site_id    TEXT    NOT NULL,
    answer_id  TEXT    NOT NULL,
    enabled    INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, site_id, answer_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id) ON DELETE CASCADE
);
