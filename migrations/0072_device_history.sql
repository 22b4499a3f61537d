-- Reports for a past date (`as_of`, docs/api.md) read a device's status, kind, assignment and
-- establishment as they stood at the end of that local day, and the contacts its sources had
-- reported by then, so the report gives the same answer tomorrow. Until now they read the devices
-- row as it is now: a device retired, moved or re-kinded later changed yesterday's report.
--
-- device_history: effective-dated rows, one per device and local day its reported attributes
-- changed on (the last change of a day wins: a report is as of the end of a day, never within one).
-- The row with the latest valid_on at or before a day is the device's state that day. Narrow on
-- purpose (issue 14 counts bytes per device): only what the as_of reports read of a device.
CREATE TABLE device_history (
  tenant_id         uuid NOT NULL,
  device_id         uuid NOT NULL,
  -- Local day (the establishment's time zone) from whose end the row holds.
  valid_on          date NOT NULL,
  establishment_id  uuid,
  kind              text NOT NULL,
  status            text NOT NULL,
  assignment        text,
  PRIMARY KEY (tenant_id, device_id, valid_on),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);

-- device_contact_days: the local days on which a source reported a contact in an inventory
-- (GLPI's last inventory, a pushed inventory's last_contact). Check-ins and app sessions leave a
-- device-day; an inventory's contact left only devices.last_contact, which the next one overwrites,
-- so a device known from an inventory source read as never seen in every past report. One row per
-- device and day, kept as long as device-days (retention class device_days).
CREATE TABLE device_contact_days (
  tenant_id  uuid NOT NULL,
  device_id  uuid NOT NULL,
  day        date NOT NULL,
  PRIMARY KEY (tenant_id, device_id, day),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);

CREATE FUNCTION device_history_day(tenant uuid, establishment uuid, at timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (at AT TIME ZONE COALESCE((SELECT e.time_zone FROM establishments e WHERE e.tenant_id = tenant AND e.id = establishment),
                                   'Europe/Paris'))::date
$$;

-- A device's first row holds from the day it was first seen. A change made while the device is
-- still provisional (created by a check-in, waiting for its first inventory), or in the transaction
-- that wrote its latest row (a device created and inventoried in one batch), rewrites that row: the
-- first inventory says what the device was from the start, as its earlier data is then counted at
-- its placement (packages/store/src/device-days.ts, followPlacement). Any other change holds from
-- today, or from the latest row's day if a time zone puts that later.
-- Row triggers on plain PostgreSQL too: Citus refuses statement triggers on distributed tables, and
-- the WHEN clause keeps check-ins (most writes of devices) from calling the function at all.
CREATE FUNCTION device_history_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  latest date;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO device_history (tenant_id, device_id, valid_on, establishment_id, kind, status, assignment)
    VALUES (NEW.tenant_id, NEW.id, device_history_day(NEW.tenant_id, NEW.establishment_id, LEAST(NEW.first_seen, now())),
            NEW.establishment_id, NEW.kind, NEW.status, NEW.assignment);
    RETURN NULL;
  END IF;
  SELECT max(valid_on) INTO latest FROM device_history WHERE tenant_id = NEW.tenant_id AND device_id = NEW.id;
  UPDATE device_history SET establishment_id = NEW.establishment_id, kind = NEW.kind, status = NEW.status, assignment = NEW.assignment
  WHERE tenant_id = NEW.tenant_id AND device_id = NEW.id AND valid_on = latest
    AND (OLD.provisional OR xmin = pg_current_xact_id()::xid);
  IF FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO device_history (tenant_id, device_id, valid_on, establishment_id, kind, status, assignment)
  VALUES (NEW.tenant_id, NEW.id, GREATEST(device_history_day(NEW.tenant_id, NEW.establishment_id, now()), latest),
          NEW.establishment_id, NEW.kind, NEW.status, NEW.assignment)
  ON CONFLICT (tenant_id, device_id, valid_on) DO UPDATE SET establishment_id = EXCLUDED.establishment_id, kind = EXCLUDED.kind,
    status = EXCLUDED.status, assignment = EXCLUDED.assignment;
  RETURN NULL;
END
$$;

-- safe: devices is locked (SHARE ROW EXCLUSIVE) from here to the end of the backfill, so no write
-- lands between the copy and the triggers; batches wait in the outbox for those seconds.
SET LOCAL lock_timeout = '10s';
LOCK TABLE devices IN SHARE ROW EXCLUSIVE MODE;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    -- The history is co-located with devices by tenant: a device's row and its history share a node.
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
  END IF;
  CREATE TRIGGER device_history_insert AFTER INSERT ON devices FOR EACH ROW EXECUTE FUNCTION device_history_row();
  CREATE TRIGGER device_history_update AFTER UPDATE OF establishment_id, kind, status, assignment ON devices FOR EACH ROW
    WHEN ((OLD.establishment_id, OLD.kind, OLD.status, OLD.assignment) IS DISTINCT FROM (NEW.establishment_id, NEW.kind, NEW.status, NEW.assignment))
    EXECUTE FUNCTION device_history_row();
END
$$;

-- Backfill: what is known of each device is its current state, from the day it was first seen.
INSERT INTO device_history (tenant_id, device_id, valid_on, establishment_id, kind, status, assignment)
SELECT d.tenant_id, d.id, (LEAST(d.first_seen, now()) AT TIME ZONE COALESCE(e.time_zone, 'Europe/Paris'))::date,
       d.establishment_id, d.kind, d.status, d.assignment
FROM devices d LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id;

-- And each source record's first and last reported contact, the only ones kept so far.
INSERT INTO device_contact_days (tenant_id, device_id, day)
SELECT DISTINCT ds.tenant_id, ds.device_id, (c.at AT TIME ZONE COALESCE(e.time_zone, 'Europe/Paris'))::date
FROM device_sources ds
JOIN devices d ON d.tenant_id = ds.tenant_id AND d.id = ds.device_id
LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
CROSS JOIN LATERAL (VALUES (ds.first_contact), (ds.last_contact)) AS c(at)
WHERE c.at IS NOT NULL;
