-- A connector token may create only so many push sources implicitly (CONNECTOR_MAX_PUSH_SOURCES):
-- the source records the token that created it, and the cap counts those rows.
SET LOCAL lock_timeout = '10s';
ALTER TABLE sources ADD COLUMN created_by_token_id uuid;
-- safe: sources holds one row per MDM source of a tenant (tens per tenant), so the build is instant.
CREATE INDEX sources_created_by_token ON sources (tenant_id, created_by_token_id) WHERE created_by_token_id IS NOT NULL;
