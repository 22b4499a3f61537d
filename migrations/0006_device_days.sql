-- One row per device and local day (the establishment's time zone). Every column converges under
-- duplicates and out-of-order arrival: presence is OR-ed, usage seconds are added only for app
-- sessions that were newly inserted, the measured value keeps the newest report.
CREATE TABLE device_days (
  tenant_id             uuid NOT NULL,
  device_id             uuid NOT NULL,
  day                   date NOT NULL,
  establishment_id      uuid,
  -- 96 quarter-hour slots of local wall-clock time; bit n set = seen on in slot n.
  presence              bit(96) NOT NULL DEFAULT repeat('0', 96)::bit(96),
  heartbeats            integer NOT NULL DEFAULT 0,
  usage_seconds         integer NOT NULL DEFAULT 0,
  measured_seconds      integer,
  measured_observed_at  timestamptz,
  -- What active_seconds rests on. Presence alone is never counted as use here: the rollup engine
  -- infers it separately and labels it.
  signal                text GENERATED ALWAYS AS (
                          CASE WHEN measured_seconds IS NOT NULL THEN 'measured'
                               WHEN usage_seconds > 0 THEN 'usage'
                               WHEN presence <> repeat('0', 96)::bit(96) THEN 'presence'
                               ELSE 'none' END) STORED,
  active_seconds        integer GENERATED ALWAYS AS (
                          COALESCE(measured_seconds, LEAST(usage_seconds, 86400))) STORED,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, device_id, day)
);
CREATE INDEX device_days_establishment ON device_days (tenant_id, establishment_id, day);
