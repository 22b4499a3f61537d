-- GET /v1/devices pages newest contact first by default: without an index on last_seen that read and
-- sorted every device of the tenant per page (0.6-2 s at 30,000 devices, growing with the fleet).
-- devices keeps no such index on purpose (0025): every stored batch moves last_seen, and an indexed
-- column would make those updates non-HOT, writing each of devices' indexes (the trigram GIN above
-- all) per device per batch. This narrow copy carries the index instead: a batch rewrites one small
-- row and two index entries per device here.
--
-- Why triggers rather than the store's own statements: every writer of devices.last_seen keeps the
-- copy equal, the previous version of Vigie still serving during an upgrade and scripts that load
-- devices in bulk included; a device missing here would silently drop out of its pages. Statement
-- triggers with transition tables do it in one set-based statement per write, not one per row.
-- Deleting a device deletes its row (the foreign key).
CREATE TABLE device_last_seen (
  tenant_id  uuid NOT NULL,
  device_id  uuid NOT NULL,
  last_seen  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, device_id),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);

CREATE FUNCTION device_last_seen_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO device_last_seen (tenant_id, device_id, last_seen) SELECT tenant_id, id, last_seen FROM new_devices;
  RETURN NULL;
END
$$;

CREATE FUNCTION device_last_seen_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE device_last_seen r SET last_seen = n.last_seen
  FROM new_devices n JOIN old_devices o ON o.tenant_id = n.tenant_id AND o.id = n.id
  WHERE n.last_seen IS DISTINCT FROM o.last_seen AND r.tenant_id = n.tenant_id AND r.device_id = n.id;
  RETURN NULL;
END
$$;

-- safe: devices is locked (SHARE ROW EXCLUSIVE) from here to the end of the backfill, so no write
-- lands between the copy and the triggers; batches wait in the outbox for those seconds.
SET LOCAL lock_timeout = '10s';
-- Citus refuses statement triggers on a distributed table (docs/scale-out.md): there, row triggers
-- with the same effect run on each shard (citus.enable_unsafe_triggers: the copy is co-located with
-- devices by tenant, so a device's row and its copy live on the same node).
CREATE FUNCTION device_last_seen_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO device_last_seen (tenant_id, device_id, last_seen) VALUES (NEW.tenant_id, NEW.id, NEW.last_seen);
  ELSIF NEW.last_seen IS DISTINCT FROM OLD.last_seen THEN
    UPDATE device_last_seen SET last_seen = NEW.last_seen WHERE tenant_id = NEW.tenant_id AND device_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
    CREATE TRIGGER device_last_seen_row AFTER INSERT OR UPDATE ON devices FOR EACH ROW EXECUTE FUNCTION device_last_seen_row();
  ELSE
    CREATE TRIGGER device_last_seen_insert AFTER INSERT ON devices
      REFERENCING NEW TABLE AS new_devices FOR EACH STATEMENT EXECUTE FUNCTION device_last_seen_inserted();
    CREATE TRIGGER device_last_seen_update AFTER UPDATE ON devices
      REFERENCING OLD TABLE AS old_devices NEW TABLE AS new_devices FOR EACH STATEMENT EXECUTE FUNCTION device_last_seen_updated();
  END IF;
END
$$;

INSERT INTO device_last_seen (tenant_id, device_id, last_seen) SELECT tenant_id, id, last_seen FROM devices;
CREATE INDEX device_last_seen_order ON device_last_seen (tenant_id, last_seen, device_id);
