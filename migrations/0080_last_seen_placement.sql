-- The fleet summary's offline count and the redeployment count's devices offline now (0073) walk
-- device_last_seen's index below the smallest offline threshold, then read each device's row in
-- devices for its status, assignment and establishment (whose setting is the threshold). With
-- 15,000 of 300,000 devices unseen for two weeks, that was 15,000 reads of the wide devices table,
-- which the planner turned into a scan of all of it (650 ms). The narrow copy now carries them too:
-- in_service (in service, not in stock) and establishment_id, so both counts read it alone.
--
-- Same triggers as 0062/0070 (statement triggers; the row trigger on Citus), now also watching
-- status, assignment and establishment_id; check-ins rewrite the row already.
-- On Citus a function command may not follow a parallel operation on a distributed table in one
-- transaction (0070): the functions are replaced first, the table is altered after.
CREATE OR REPLACE FUNCTION device_last_seen_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO device_last_seen (tenant_id, device_id, last_seen, in_service, establishment_id)
  SELECT tenant_id, id, COALESCE(last_contact, '-infinity'::timestamptz), status = 'in_service' AND assignment IS DISTINCT FROM 'stock', establishment_id
  FROM new_devices;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION device_last_seen_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE device_last_seen r
  SET last_seen = COALESCE(n.last_contact, '-infinity'::timestamptz),
      in_service = n.status = 'in_service' AND n.assignment IS DISTINCT FROM 'stock', establishment_id = n.establishment_id
  FROM new_devices n JOIN old_devices o ON o.tenant_id = n.tenant_id AND o.id = n.id
  WHERE (n.last_contact, n.status, n.assignment, n.establishment_id) IS DISTINCT FROM (o.last_contact, o.status, o.assignment, o.establishment_id)
    AND r.tenant_id = n.tenant_id AND r.device_id = n.id;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION device_last_seen_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO device_last_seen (tenant_id, device_id, last_seen, in_service, establishment_id)
    VALUES (NEW.tenant_id, NEW.id, COALESCE(NEW.last_contact, '-infinity'::timestamptz),
            NEW.status = 'in_service' AND NEW.assignment IS DISTINCT FROM 'stock', NEW.establishment_id);
  ELSIF (NEW.last_contact, NEW.status, NEW.assignment, NEW.establishment_id)
        IS DISTINCT FROM (OLD.last_contact, OLD.status, OLD.assignment, OLD.establishment_id) THEN
    UPDATE device_last_seen
    SET last_seen = COALESCE(NEW.last_contact, '-infinity'::timestamptz),
        in_service = NEW.status = 'in_service' AND NEW.assignment IS DISTINCT FROM 'stock', establishment_id = NEW.establishment_id
    WHERE tenant_id = NEW.tenant_id AND device_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;

ALTER TABLE device_last_seen ADD COLUMN in_service boolean, ADD COLUMN establishment_id uuid;

-- safe: one pass over the narrow copy under the same lock as 0062's backfill (devices SHARE ROW
-- EXCLUSIVE), so no device write lands between the copy and the new trigger bodies (14 s for
-- 300,000 devices at load 7).
SET LOCAL lock_timeout = '10s';
LOCK TABLE devices IN SHARE ROW EXCLUSIVE MODE;
UPDATE device_last_seen r
SET in_service = d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock', establishment_id = d.establishment_id
FROM devices d WHERE d.tenant_id = r.tenant_id AND d.id = r.device_id;
