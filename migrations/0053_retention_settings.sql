-- A tenant's own retention per data class (setting retention_days, @vigie/contracts RetentionDays):
-- only the classes it changes, validated by the API against each class's bounds; {} = the defaults.
SET LOCAL lock_timeout = '5s';
ALTER TABLE tenant_rollup_settings ADD COLUMN retention_days jsonb NOT NULL DEFAULT '{}';
