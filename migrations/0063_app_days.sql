-- What app sessions add up to per device, local day and app, kept as long as device-days: the app
-- usage by category reads it, and device_days.session_starts (the quarter hours a session started
-- in) is what a cart's rollup reads. Raw sessions are then kept only long enough to count a session
-- sent again once (APP_SESSION_RETENTION_DAYS), as check-ins are (docs/privacy.md).
CREATE TABLE app_days (
  tenant_id  uuid NOT NULL,
  device_id  uuid NOT NULL,
  -- The local day the sessions started on, in the device's establishment's time zone (as device_days).
  day        date NOT NULL,
  app_id     text NOT NULL,
  -- The category the source sent ('' for none); the tenant's catalogue wins when reading.
  category   text NOT NULL,
  seconds    integer NOT NULL,
  sessions   integer NOT NULL,
  PRIMARY KEY (tenant_id, device_id, day, app_id, category)
);

-- safe: a nullable column without a default is a catalogue change; no rewrite, no long lock.
SET LOCAL lock_timeout = '5s';
ALTER TABLE device_days ADD COLUMN session_starts bit(96);

-- Carried over from the sessions stored so far, on each device's current establishment's days (as
-- ingestion placed them, unless the device moved since). Workers of the previous version must be
-- stopped while this runs: sessions they store after it would be missing here.
INSERT INTO app_days (tenant_id, device_id, day, app_id, category, seconds, sessions)
SELECT u.tenant_id, u.device_id, (u.started_at AT TIME ZONE COALESCE(e.time_zone, t.time_zone))::date, u.app_id,
       COALESCE(u.category, ''), sum(u.duration_s), count(*)
FROM app_usage u
JOIN devices d ON d.tenant_id = u.tenant_id AND d.id = u.device_id
JOIN tenants t ON t.id = u.tenant_id
LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
GROUP BY 1, 2, 3, 4, 5;

UPDATE device_days dd SET session_starts = s.starts
FROM (
  SELECT u.tenant_id, u.device_id, l.day,
         bit_or(set_bit(repeat('0', 96)::bit(96), (extract(hour FROM l.local) * 4 + floor(extract(minute FROM l.local) / 15))::int, 1)) AS starts
  FROM app_usage u
  JOIN devices d ON d.tenant_id = u.tenant_id AND d.id = u.device_id
  JOIN tenants t ON t.id = u.tenant_id
  LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
  CROSS JOIN LATERAL (SELECT u.started_at AT TIME ZONE COALESCE(e.time_zone, t.time_zone) AS local) l0
  CROSS JOIN LATERAL (SELECT l0.local, l0.local::date AS day) l
  GROUP BY 1, 2, 3
) s
WHERE dd.tenant_id = s.tenant_id AND dd.device_id = s.device_id AND dd.day = s.day;
