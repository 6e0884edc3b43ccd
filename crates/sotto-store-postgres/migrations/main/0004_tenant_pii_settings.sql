-- Each tenant's personal-data policy and rules, as a JSON document of the app layer.
ALTER TABLE tenants ADD COLUMN pii_settings TEXT NOT NULL DEFAULT '{}';
