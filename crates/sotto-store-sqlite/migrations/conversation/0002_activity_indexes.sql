-- The retention sweep finds idle conversations by site and last activity; erasures find a
-- visitor's conversations across sites.
CREATE INDEX conversations_by_activity ON conversations (tenant_id, site_id, updated_at);
CREATE INDEX conversations_by_pseudonym ON conversations (tenant_id, pseudonym);
