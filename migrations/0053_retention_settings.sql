-- A tenant's own retention per data class (setting retention_days, @vigie/contracts RetentionDays):
-- only the classes it changes, validated by the API against each class's bounds; {} = the defaults.
SET LOCAL lock_timeout = '5s';
ALTER TABLE tenant_rollup_settings ADD COLUMN retention_days jsonb NOT NULL DEFAULT '{}';

-- Days before device_data_before have lost (some of) their per-device rows to retention: their
-- rollups are kept as computed, never recomputed from what is left (that would count one-to-one
-- devices, whose days go first, as unused).
CREATE TABLE tenant_retention_state (
  tenant_id           uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  device_data_before  date NOT NULL,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
