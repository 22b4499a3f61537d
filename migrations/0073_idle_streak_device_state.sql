-- GET /v1/renewal-forecast's redeployment split counts the idle devices that are in service and
-- flagged obsolete: it joined each idle device of the tenant to its row in devices and probed its
-- flags, 2.3 s for a tenant of 300,000 devices with 104,000 idle. Each idle streak row now also
-- carries what that join read, as the device is now:
--   in_service_here  the device is in service, not in stock, and still in this row's establishment;
--   first_obsolete   the first date of its obsolescence flags (null: not flagged).
-- The count is then one range of the streak key per establishment (packages/store/src/redeployment.ts);
-- what changes with time alone (offline now, never connected) is read from device_last_seen's index.
--
-- Why triggers: every writer of devices and of the flags keeps the copies equal, as for
-- device_last_seen (0062). A device deleted takes its flags with it (the foreign key), so its rows
-- lose first_obsolete through the flags' trigger and are no longer counted. The rollup fills both columns when it writes a streak row
-- (packages/store/src/device-idle-streaks.ts); a row the previous version writes during an upgrade
-- has them null and is not counted until its establishment-day is rolled up again.
-- The triggers take the lock a rollup holds while it writes an establishment's streaks (the
-- advisory lock 'periods:<tenant>:<establishment>'), so a device changed while a rollup writes its
-- rows waits for it and then sees them. On Citus that lock is taken on the coordinator by the
-- rollup and on a worker by the trigger, so the two do not exclude each other (docs/scale-out.md).
ALTER TABLE device_idle_streaks ADD COLUMN in_service_here boolean, ADD COLUMN first_obsolete date;

-- safe: the index is built while devices and device_obsolescence are locked below anyway; the
-- streak table is written by the rollup only, which waits for those seconds (rollups are retried).
SET LOCAL lock_timeout = '10s';
-- The triggers find a device's streak rows by this key.
CREATE INDEX device_idle_streaks_device ON device_idle_streaks (tenant_id, device_id);

CREATE FUNCTION vigie_lock_streak_establishments(tenant_ids uuid[], establishment_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted, as lockAllUntilCommit takes its keys, so two lockers never wait on each other in a cycle.
  PERFORM pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (
    SELECT DISTINCT 'periods:' || t || ':' || e AS k FROM unnest(tenant_ids, establishment_ids) AS x(t, e) WHERE e IS NOT NULL
  ) keys ORDER BY k;
END
$$;

-- Statement triggers: a stored batch updates devices without changing any of the three columns
-- watched, so the common case is one join of the transition tables that finds nothing.
CREATE FUNCTION idle_streaks_devices_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM new_devices n JOIN old_devices o ON o.tenant_id = n.tenant_id AND o.id = n.id
  WHERE (n.status, n.assignment, n.establishment_id) IS DISTINCT FROM (o.status, o.assignment, o.establishment_id) LIMIT 1;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  PERFORM vigie_lock_streak_establishments(array_agg(x.tenant_id), array_agg(x.establishment_id))
  FROM new_devices n JOIN old_devices o ON o.tenant_id = n.tenant_id AND o.id = n.id
  CROSS JOIN LATERAL (VALUES (o.tenant_id, o.establishment_id), (n.tenant_id, n.establishment_id)) AS x(tenant_id, establishment_id)
  WHERE (n.status, n.assignment, n.establishment_id) IS DISTINCT FROM (o.status, o.assignment, o.establishment_id);
  UPDATE device_idle_streaks s
  SET in_service_here = n.status = 'in_service' AND n.assignment IS DISTINCT FROM 'stock' AND n.establishment_id IS NOT DISTINCT FROM s.establishment_id
  FROM new_devices n JOIN old_devices o ON o.tenant_id = n.tenant_id AND o.id = n.id
  WHERE (n.status, n.assignment, n.establishment_id) IS DISTINCT FROM (o.status, o.assignment, o.establishment_id)
    AND s.tenant_id = n.tenant_id AND s.device_id = n.id
    AND s.in_service_here IS DISTINCT FROM
        (n.status = 'in_service' AND n.assignment IS DISTINCT FROM 'stock' AND n.establishment_id IS NOT DISTINCT FROM s.establishment_id);
  RETURN NULL;
END
$$;

-- A device's first obsolescence date, from its flags as they are now.
CREATE FUNCTION idle_streaks_first_obsolete(tenant uuid, device uuid) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT min(applies_from) FROM device_obsolescence WHERE tenant_id = tenant AND device_id = device
$$;

-- Devices whose first date may have moved: every device of an insert or a delete; of an update
-- (each evaluation rewrites every flag) only those whose date moved.
CREATE FUNCTION idle_streaks_rewrite_first_obsolete(tenant_ids uuid[], device_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM vigie_lock_streak_establishments(array_agg(d.tenant_id), array_agg(d.establishment_id))
  FROM unnest(tenant_ids, device_ids) AS x(t, id) JOIN devices d ON d.tenant_id = x.t AND d.id = x.id;
  UPDATE device_idle_streaks s SET first_obsolete = f.first
  FROM (SELECT t, id, idle_streaks_first_obsolete(t, id) AS first FROM (SELECT DISTINCT t, id FROM unnest(tenant_ids, device_ids) AS x(t, id)) x) f
  WHERE s.tenant_id = f.t AND s.device_id = f.id AND s.first_obsolete IS DISTINCT FROM f.first;
END
$$;

CREATE FUNCTION idle_streaks_flags_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tenant_ids uuid[];
  device_ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(tenant_id), array_agg(device_id) INTO tenant_ids, device_ids FROM new_flags;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(tenant_id), array_agg(device_id) INTO tenant_ids, device_ids FROM old_flags;
  ELSE
    SELECT array_agg(n.tenant_id), array_agg(n.device_id) INTO tenant_ids, device_ids
    FROM new_flags n JOIN old_flags o ON o.tenant_id = n.tenant_id AND o.device_id = n.device_id AND o.reason = n.reason
    WHERE n.applies_from IS DISTINCT FROM o.applies_from;
  END IF;
  IF device_ids IS NOT NULL THEN
    PERFORM idle_streaks_rewrite_first_obsolete(tenant_ids, device_ids);
  END IF;
  RETURN NULL;
END
$$;

-- Citus refuses statement triggers on a distributed table: there, row triggers with the same
-- effect, without the lock (see above).
CREATE FUNCTION idle_streaks_device_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.status, NEW.assignment, NEW.establishment_id) IS DISTINCT FROM (OLD.status, OLD.assignment, OLD.establishment_id) THEN
    UPDATE device_idle_streaks s
    SET in_service_here = NEW.status = 'in_service' AND NEW.assignment IS DISTINCT FROM 'stock' AND NEW.establishment_id IS NOT DISTINCT FROM s.establishment_id
    WHERE s.tenant_id = NEW.tenant_id AND s.device_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION idle_streaks_flag_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  flag device_obsolescence := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.applies_from IS NOT DISTINCT FROM OLD.applies_from THEN
    RETURN NULL;
  END IF;
  UPDATE device_idle_streaks SET first_obsolete = idle_streaks_first_obsolete(flag.tenant_id, flag.device_id)
  WHERE tenant_id = flag.tenant_id AND device_id = flag.device_id
    AND first_obsolete IS DISTINCT FROM idle_streaks_first_obsolete(flag.tenant_id, flag.device_id);
  RETURN NULL;
END
$$;

-- safe: devices and device_obsolescence are locked (SHARE ROW EXCLUSIVE) from here to the end of
-- the backfill, so no write lands between the copies and the triggers; batches wait in the outbox
-- and the evaluation retries.
LOCK TABLE devices, device_obsolescence IN SHARE ROW EXCLUSIVE MODE;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
    CREATE TRIGGER idle_streaks_device_row AFTER UPDATE ON devices FOR EACH ROW EXECUTE FUNCTION idle_streaks_device_row();
    CREATE TRIGGER idle_streaks_flag_row AFTER INSERT OR UPDATE OR DELETE ON device_obsolescence FOR EACH ROW EXECUTE FUNCTION idle_streaks_flag_row();
  ELSE
    CREATE TRIGGER idle_streaks_devices_update AFTER UPDATE ON devices
      REFERENCING OLD TABLE AS old_devices NEW TABLE AS new_devices FOR EACH STATEMENT EXECUTE FUNCTION idle_streaks_devices_changed();
    CREATE TRIGGER idle_streaks_flags_insert AFTER INSERT ON device_obsolescence
      REFERENCING NEW TABLE AS new_flags FOR EACH STATEMENT EXECUTE FUNCTION idle_streaks_flags_changed();
    CREATE TRIGGER idle_streaks_flags_update AFTER UPDATE ON device_obsolescence
      REFERENCING OLD TABLE AS old_flags NEW TABLE AS new_flags FOR EACH STATEMENT EXECUTE FUNCTION idle_streaks_flags_changed();
    CREATE TRIGGER idle_streaks_flags_delete AFTER DELETE ON device_obsolescence
      REFERENCING OLD TABLE AS old_flags FOR EACH STATEMENT EXECUTE FUNCTION idle_streaks_flags_changed();
  END IF;
END
$$;

-- Backfill, so the count is right as soon as the new version serves. A row whose device is gone
-- keeps in_service_here null: not counted.
UPDATE device_idle_streaks s
SET in_service_here = d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock' AND d.establishment_id IS NOT DISTINCT FROM s.establishment_id,
    first_obsolete = f.first
FROM devices d
LEFT JOIN (SELECT tenant_id, device_id, min(applies_from) AS first FROM device_obsolescence GROUP BY 1, 2) f
  ON f.tenant_id = d.tenant_id AND f.device_id = d.id
WHERE d.tenant_id = s.tenant_id AND d.id = s.device_id;
