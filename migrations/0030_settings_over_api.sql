-- Settings an operator steers over the API (GET/PATCH /v1/settings) instead of SQL. The times are
-- stored as the API shows them (local "HH:MM" in jsonb), so adding a setting stays a column here
-- and one line in @vigie/contracts RollupSettings.
ALTER TABLE tenant_rollup_settings
  ADD COLUMN presence_inference boolean NOT NULL DEFAULT true,
  ADD COLUMN presence_night     jsonb NOT NULL DEFAULT '{"from": "00:00", "to": "06:00"}',
  ADD COLUMN lesson_hours       jsonb NOT NULL DEFAULT '{"morning": {"from": "08:00", "to": "12:00"}, "afternoon": {"from": "13:30", "to": "17:30"}}',
  ADD COLUMN weekly_rhythm      text CHECK (weekly_rhythm IN ('wednesday_afternoon_off', 'wednesday_off', 'five_days'));

-- An establishment's own values over its tenant's (GET/PATCH /v1/establishments/{uai}/settings):
-- only the keys it sets, validated by the API; its weekly rhythm stays in establishments.rhythm.
CREATE TABLE establishment_rollup_settings (
  tenant_id         uuid NOT NULL,
  establishment_id  uuid NOT NULL,
  overrides         jsonb NOT NULL DEFAULT '{}',
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, establishment_id),
  FOREIGN KEY (tenant_id, establishment_id) REFERENCES establishments (tenant_id, id) ON DELETE CASCADE
);
