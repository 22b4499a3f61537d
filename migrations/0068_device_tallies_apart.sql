-- device_tallies (0067) counted devices per kind, status, unmanaged AND hour of last contact: the
-- groups times the hours of the last 31 days, 7,700 rows for a tenant of 300,000 devices (a
-- 22 ms read). The summary only wants each of them apart (by kind, by status, unmanaged, by
-- hour), so both tables now hold two kinds of rows:
--   a group row:  kind, status, unmanaged, seen_hour = 'infinity' (no hour);
--   an hour row:  kind = '*', status = '*', unmanaged = false, seen_hour the hour.
-- A device is counted once in each. Check-ins (hour moves) only write hour rows; inventory changes
-- (kind, status, unmanaged) only group rows. The tenant's tallies are then a few dozen group rows
-- and at most one row per hour of the last 31 days (plus never and the folded old hours).

CREATE OR REPLACE FUNCTION device_tallies_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO device_tally_changes (tenant_id, kind, status, unmanaged, seen_hour, devices)
    SELECT tenant_id, kind, status, unmanaged_since IS NOT NULL, 'infinity', count(*) FROM new_devices GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT tenant_id, '*', '*', false, device_tally_hour(last_contact), count(*) FROM new_devices GROUP BY 1, 5;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO device_tally_changes (tenant_id, kind, status, unmanaged, seen_hour, devices)
    SELECT tenant_id, kind, status, unmanaged_since IS NOT NULL, 'infinity', -count(*) FROM old_devices GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT tenant_id, '*', '*', false, device_tally_hour(last_contact), -count(*) FROM old_devices GROUP BY 1, 5;
  ELSE
    -- Devices that changed neither cancel out: only groups and hours whose count moved are written.
    INSERT INTO device_tally_changes (tenant_id, kind, status, unmanaged, seen_hour, devices)
    WITH c AS (
      SELECT tenant_id, kind, status, unmanaged_since IS NOT NULL AS unmanaged, device_tally_hour(last_contact) AS seen_hour, 1 AS n
      FROM new_devices
      UNION ALL
      SELECT tenant_id, kind, status, unmanaged_since IS NOT NULL, device_tally_hour(last_contact), -1 FROM old_devices)
    SELECT tenant_id, kind, status, unmanaged, 'infinity', sum(n) FROM c GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
    UNION ALL
    SELECT tenant_id, '*', '*', false, seen_hour, sum(n) FROM c GROUP BY 1, 5 HAVING sum(n) <> 0;
  END IF;
  RETURN NULL;
END
$$;

-- Citus (row trigger): the same two kinds of rows, per device.
CREATE OR REPLACE FUNCTION device_tallies_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  same_group boolean := TG_OP = 'UPDATE' AND (NEW.kind, NEW.status, NEW.unmanaged_since IS NULL) = (OLD.kind, OLD.status, OLD.unmanaged_since IS NULL);
  same_hour boolean := TG_OP = 'UPDATE' AND device_tally_hour(NEW.last_contact) = device_tally_hour(OLD.last_contact);
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO device_tally_changes (tenant_id, kind, status, unmanaged, seen_hour, devices)
    SELECT OLD.tenant_id, OLD.kind, OLD.status, OLD.unmanaged_since IS NOT NULL, 'infinity', -1 WHERE NOT same_group
    UNION ALL
    SELECT OLD.tenant_id, '*', '*', false, device_tally_hour(OLD.last_contact), -1 WHERE NOT same_hour;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO device_tally_changes (tenant_id, kind, status, unmanaged, seen_hour, devices)
    SELECT NEW.tenant_id, NEW.kind, NEW.status, NEW.unmanaged_since IS NOT NULL, 'infinity', 1 WHERE NOT same_group
    UNION ALL
    SELECT NEW.tenant_id, '*', '*', false, device_tally_hour(NEW.last_contact), 1 WHERE NOT same_hour;
  END IF;
  RETURN NULL;
END
$$;

-- safe: devices is locked (SHARE ROW EXCLUSIVE) while the counts are rewritten in the new shape, so
-- no device write lands between; batches wait in the outbox for those seconds. Hours more than 31
-- days old are written as one, as the worker's fold does (packages/store/src/device-tallies.ts).
SET LOCAL lock_timeout = '10s';
LOCK TABLE devices IN SHARE ROW EXCLUSIVE MODE;
DELETE FROM device_tally_changes;
DELETE FROM device_tallies;
INSERT INTO device_tallies (tenant_id, kind, status, unmanaged, seen_hour, devices)
SELECT tenant_id, kind, status, unmanaged_since IS NOT NULL, 'infinity', count(*) FROM devices GROUP BY 1, 2, 3, 4
UNION ALL
SELECT tenant_id, '*', '*', false, hour, count(*)
FROM (SELECT tenant_id, CASE WHEN last_contact < now() - interval '31 days' THEN '1970-01-01 00:00:00+00'::timestamptz
                             ELSE device_tally_hour(last_contact) END AS hour
      FROM devices) d
GROUP BY 1, 5;
