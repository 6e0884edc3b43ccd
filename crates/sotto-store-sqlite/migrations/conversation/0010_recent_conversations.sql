-- The team's list and the analytics read a tenant's most recently active conversations, across
-- its sites: an index in that order, so that they read no more rows than they show.
CREATE INDEX conversations_by_recency ON conversations (tenant_id, updated_at);
