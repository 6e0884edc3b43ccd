-- Defence in depth: every row of the main store is visible only inside a transaction that
-- declared its tenant with set_config('sotto.tenant_id', <id>, true). The two lookups that
-- establish a tenant (a site id from a public URL, an API key id from a bearer token) and the
-- demo's tenant lookup by name may read tenants, sites and api_keys after declaring
-- set_config('sotto.lookup', 'on', true); they never write under it. FORCE applies the policies
-- to the owning role too; only a superuser bypasses them.

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
ALTER TABLE sites FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sites
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

ALTER TABLE site_origins ENABLE ROW LEVEL SECURITY;
ALTER TABLE site_origins FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON site_origins
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

ALTER TABLE knowledge_pages ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_pages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON knowledge_pages
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

ALTER TABLE knowledge_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON knowledge_chunks
    USING (tenant_id = current_setting('sotto.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('sotto.tenant_id', true));

CREATE POLICY tenant_lookup ON tenants FOR SELECT
    USING (current_setting('sotto.lookup', true) = 'on');

CREATE POLICY tenant_lookup ON api_keys FOR SELECT
    USING (current_setting('sotto.lookup', true) = 'on');

CREATE POLICY tenant_lookup ON sites FOR SELECT
    USING (current_setting('sotto.lookup', true) = 'on');
