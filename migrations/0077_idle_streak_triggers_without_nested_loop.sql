-- 0073's statement triggers compared each transition table's row with the other's through a join
-- on the key, which the planner costs at one row per transition table: a nested loop, N² row pairs.
-- The daily re-evaluation rewrites every flag of a page of 5,000 devices (10,000 flags, 10^8 pairs):
-- 12-15 s per page in that one query, against 0.2 s for the write itself; an update of devices
-- (every stored batch) has the same shape. Here the rows that changed are found with EXCEPT, which
-- hashes (or sorts) each side once; EXCEPT, like IS DISTINCT FROM, takes two nulls as equal. The
-- keys of an UPDATE's old and new rows are the same set, so "new rows not among the old" are the
-- rows whose watched columns moved. Same behaviour otherwise, locks included; Citus runs 0073's row
-- triggers instead and does not call these functions.

-- The devices whose watched columns moved, with their new values; with their old ones, swapped.
CREATE OR REPLACE FUNCTION idle_streaks_devices_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM (SELECT tenant_id, id, status, assignment, establishment_id FROM new_devices
                  EXCEPT SELECT tenant_id, id, status, assignment, establishment_id FROM old_devices) moved LIMIT 1;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  -- The establishments the devices leave and those they join.
  PERFORM vigie_lock_streak_establishments(array_agg(x.tenant_id), array_agg(x.establishment_id)) FROM (
    (SELECT tenant_id, id, status, assignment, establishment_id FROM new_devices
     EXCEPT SELECT tenant_id, id, status, assignment, establishment_id FROM old_devices)
    UNION ALL
    (SELECT tenant_id, id, status, assignment, establishment_id FROM old_devices
     EXCEPT SELECT tenant_id, id, status, assignment, establishment_id FROM new_devices)) x;
  UPDATE device_idle_streaks s
  SET in_service_here = n.status = 'in_service' AND n.assignment IS DISTINCT FROM 'stock' AND n.establishment_id IS NOT DISTINCT FROM s.establishment_id
  FROM (SELECT tenant_id, id, status, assignment, establishment_id FROM new_devices
        EXCEPT SELECT tenant_id, id, status, assignment, establishment_id FROM old_devices) n
  WHERE s.tenant_id = n.tenant_id AND s.device_id = n.id
    AND s.in_service_here IS DISTINCT FROM
        (n.status = 'in_service' AND n.assignment IS DISTINCT FROM 'stock' AND n.establishment_id IS NOT DISTINCT FROM s.establishment_id);
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION idle_streaks_flags_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tenant_ids uuid[];
  device_ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(tenant_id), array_agg(device_id) INTO tenant_ids, device_ids FROM new_flags;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(tenant_id), array_agg(device_id) INTO tenant_ids, device_ids FROM old_flags;
  ELSE
    SELECT array_agg(tenant_id), array_agg(device_id) INTO tenant_ids, device_ids FROM (
      SELECT tenant_id, device_id, reason, applies_from FROM new_flags
      EXCEPT SELECT tenant_id, device_id, reason, applies_from FROM old_flags) moved;
  END IF;
  IF device_ids IS NOT NULL THEN
    PERFORM idle_streaks_rewrite_first_obsolete(tenant_ids, device_ids);
  END IF;
  RETURN NULL;
END
$$;
