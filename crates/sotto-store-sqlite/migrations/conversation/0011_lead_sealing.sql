-- Which key sealed each lead's address: 1, the visitor key (every lead left before this
-- migration, and those without a stored conversation); 2, the key of its conversation in the
-- key store, so that erasing the conversation reaches backups of the address too.
ALTER TABLE leads ADD COLUMN sealing INTEGER NOT NULL DEFAULT 1;
