-- GET /v1/fleet/summary counted every device of the tenant at each request (about 850 ms at 90,000
-- devices): its last-seen buckets are relative to now. It now reads counts per kind, status,
-- unmanaged and hour of last contact instead: the buckets are sums of whole hours, and only the
-- three hours that hold a bucket's edge (now - 1, 7 and 30 days) are counted exactly from
-- device_last_seen's index (packages/store/src/device-tallies.ts).
--
-- Why an append-only change table rather than counters updated in place: every stored batch moves
-- devices to the current hour, and a counter row updated by each batch would be a lock every batch of
-- a tenant waits on until it commits. Writers only insert here; readers add the pending changes to
-- the folded counts, so an answer is exact (one snapshot) however long ago the worker last folded
-- (the fold-device-tallies maintenance task, every minute).
--
-- Why triggers: every writer of devices keeps the counts, as for device_last_seen (0062).
-- Deleting the tenant deletes both tables' rows (the foreign keys), including changes its devices'
-- deletion inserted during offboarding.
CREATE TABLE device_tallies (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind        text NOT NULL,
  status      text NOT NULL,
  unmanaged   boolean NOT NULL,
  -- The UTC hour of last_contact; '-infinity' for a device that never connected; 1970-01-01 for
  -- every hour more than 31 days before the last fold (all in the oldest bucket for good).
  seen_hour   timestamptz NOT NULL,
  devices     integer NOT NULL,
  PRIMARY KEY (tenant_id, kind, status, unmanaged, seen_hour)
);

CREATE TABLE device_tally_changes (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind        text NOT NULL,
  status      text NOT NULL,
  unmanaged   boolean NOT NULL,
  seen_hour   timestamptz NOT NULL,
  -- Positive for devices that entered this group, negative for those that left it.
  devices     integer NOT NULL
);
CREATE INDEX device_tally_changes_tenant ON device_tally_changes (tenant_id);

CREATE FUNCTION device_tally_hour(last_contact timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(date_bin('1 hour', last_contact, '1970-01-01 00:00:00+00'), '-infinity'::timestamptz)
$$;

-- One function for the three statement triggers: each declares the transition tables its operation
-- has. An update inserts only the groups whose count changed (a check-in within the same hour, most
-- of them, inserts nothing).
CREATE FUNCTION device_tallies_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO device_tally_changes (tenant_id, kind, status, unmanaged, seen_hour, devices)
    SELECT tenant_id, kind, status, unmanaged_since IS NOT NULL, device_tally_hour(last_contact), count(*)
    FROM new_devices GROUP BY 1, 2, 3, 4, 5;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO device_tally_changes (tenant_id, kind, status, unmanaged, seen_hour, devices)
    SELECT tenant_id, kind, status, unmanaged_since IS NOT NULL, device_tally_hour(last_contact), -count(*)
    FROM old_devices GROUP BY 1, 2, 3, 4, 5;
  ELSE
    INSERT INTO device_tally_changes (tenant_id, kind, status, unmanaged, seen_hour, devices)
    SELECT tenant_id, kind, status, unmanaged, seen_hour, sum(n)
    FROM (SELECT tenant_id, kind, status, unmanaged_since IS NOT NULL AS unmanaged, device_tally_hour(last_contact) AS seen_hour, 1 AS n
          FROM new_devices
          UNION ALL
          SELECT tenant_id, kind, status, unmanaged_since IS NOT NULL, device_tally_hour(last_contact), -1 FROM old_devices) c
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0;
  END IF;
  RETURN NULL;
END
$$;

-- Citus refuses statement triggers on a distributed table: there a row trigger with the same effect
-- (as 0062 does for device_last_seen).
CREATE FUNCTION device_tallies_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.kind, NEW.status, NEW.unmanaged_since IS NULL, device_tally_hour(NEW.last_contact))
                        = (OLD.kind, OLD.status, OLD.unmanaged_since IS NULL, device_tally_hour(OLD.last_contact)) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO device_tally_changes (tenant_id, kind, status, unmanaged, seen_hour, devices)
    VALUES (OLD.tenant_id, OLD.kind, OLD.status, OLD.unmanaged_since IS NOT NULL, device_tally_hour(OLD.last_contact), -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO device_tally_changes (tenant_id, kind, status, unmanaged, seen_hour, devices)
    VALUES (NEW.tenant_id, NEW.kind, NEW.status, NEW.unmanaged_since IS NOT NULL, device_tally_hour(NEW.last_contact), 1);
  END IF;
  RETURN NULL;
END
$$;

-- safe: devices is locked (SHARE ROW EXCLUSIVE) from here to the end of the backfill, so no write
-- lands between the counts and the triggers; batches wait in the outbox for those seconds.
SET LOCAL lock_timeout = '10s';
LOCK TABLE devices IN SHARE ROW EXCLUSIVE MODE;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
    CREATE TRIGGER device_tallies_row AFTER INSERT OR UPDATE OR DELETE ON devices FOR EACH ROW EXECUTE FUNCTION device_tallies_row();
  ELSE
    CREATE TRIGGER device_tallies_insert AFTER INSERT ON devices
      REFERENCING NEW TABLE AS new_devices FOR EACH STATEMENT EXECUTE FUNCTION device_tallies_changed();
    CREATE TRIGGER device_tallies_update AFTER UPDATE ON devices
      REFERENCING OLD TABLE AS old_devices NEW TABLE AS new_devices FOR EACH STATEMENT EXECUTE FUNCTION device_tallies_changed();
    CREATE TRIGGER device_tallies_delete AFTER DELETE ON devices
      REFERENCING OLD TABLE AS old_devices FOR EACH STATEMENT EXECUTE FUNCTION device_tallies_changed();
  END IF;
END
$$;

INSERT INTO device_tallies (tenant_id, kind, status, unmanaged, seen_hour, devices)
SELECT tenant_id, kind, status, unmanaged_since IS NOT NULL, device_tally_hour(last_contact), count(*)
FROM devices GROUP BY 1, 2, 3, 4, 5;
