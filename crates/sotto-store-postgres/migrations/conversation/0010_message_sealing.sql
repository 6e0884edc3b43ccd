-- Which key sealed each message: 1, the visitor key with associated data v1 (every message
-- stored before this migration); 2, the conversation's own key from the key store, with
-- associated data v2 (binding the role and position too).
ALTER TABLE messages ADD COLUMN sealing BIGINT NOT NULL DEFAULT 1;
