-- Per-site retention: conversations idle for longer are erased by the retention sweep.
ALTER TABLE sites ADD COLUMN retention_days BIGINT NOT NULL DEFAULT 730;
