-- The REST last_seen is now the last contact a source reported, null for a device that never
-- connected (API 1.1, docs/api.md "Changes"): it is read from last_contact. The old last_seen
-- columns, COALESCE(last_contact, first_seen) on devices and the first sighting on device_sources,
-- are no longer written by this release; the previous one still reads them, so they are only made
-- nullable here and dropped in the next release (docs/operations.md, "Upgrades").
-- safe: DROP NOT NULL is a catalogue change, no scan and no rewrite.
SET LOCAL lock_timeout = '5s';

-- device_last_seen (0062), the narrow copy whose index pages devices in last_seen order, now copies
-- what that order sorts by: COALESCE(last_contact, '-infinity'), a device never connected sorting
-- as the oldest contact (packages/store/src/device-listing.ts, SORT_EXPRESSIONS). Same statement
-- triggers, watching last_contact instead of the column no longer written.
CREATE OR REPLACE FUNCTION device_last_seen_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO device_last_seen (tenant_id, device_id, last_seen)
  SELECT tenant_id, id, COALESCE(last_contact, '-infinity'::timestamptz) FROM new_devices;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION device_last_seen_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE device_last_seen r SET last_seen = COALESCE(n.last_contact, '-infinity'::timestamptz)
  FROM new_devices n JOIN old_devices o ON o.tenant_id = n.tenant_id AND o.id = n.id
  WHERE n.last_contact IS DISTINCT FROM o.last_contact AND r.tenant_id = n.tenant_id AND r.device_id = n.id;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION device_last_seen_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO device_last_seen (tenant_id, device_id, last_seen) VALUES (NEW.tenant_id, NEW.id, COALESCE(NEW.last_contact, '-infinity'::timestamptz));
  ELSIF NEW.last_contact IS DISTINCT FROM OLD.last_contact THEN
    UPDATE device_last_seen SET last_seen = COALESCE(NEW.last_contact, '-infinity'::timestamptz) WHERE tenant_id = NEW.tenant_id AND device_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;

-- The functions are replaced before the tables are altered: on Citus a function command may not
-- follow a parallel operation on a distributed table in one transaction.
ALTER TABLE devices ALTER COLUMN last_seen DROP NOT NULL;
ALTER TABLE device_sources ALTER COLUMN last_seen DROP NOT NULL;

-- safe: one pass over the narrow copy under the same lock as 0062's backfill (devices SHARE ROW
-- EXCLUSIVE), so no device write lands between the copy and the new trigger bodies.
LOCK TABLE devices IN SHARE ROW EXCLUSIVE MODE;
UPDATE device_last_seen r SET last_seen = COALESCE(d.last_contact, '-infinity'::timestamptz)
FROM devices d WHERE d.tenant_id = r.tenant_id AND d.id = r.device_id
  AND r.last_seen IS DISTINCT FROM COALESCE(d.last_contact, '-infinity'::timestamptz);
