-- Reports for a past date (`as_of`, docs/api.md) read the obsolescence flags that applied that day.
-- device_obsolescence holds the flags of the last evaluation only: a replaced battery, an updated OS
-- or freed storage deleted the flag, and the device left the obsolete lists of every past date.
--
-- device_obsolescence_ended: each flag that stopped applying, with the local day (the device's
-- establishment's time zone, as device_history) from whose end it no longer held. A deleted flag
-- ends; so does a flag whose applies_from moved (a rule change, a corrected date): its old date is
-- kept here, so a past report that listed the device keeps it. Narrow on purpose, like
-- device_history: only what the as_of reads need. The devices row goes with the device (erasure,
-- offboarding) through the foreign key.
CREATE TABLE device_obsolescence_ended (
  tenant_id     uuid NOT NULL,
  device_id     uuid NOT NULL,
  reason        text NOT NULL,
  applies_from  date NOT NULL,
  ended_on      date NOT NULL,
  PRIMARY KEY (tenant_id, device_id, reason, applies_from, ended_on),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);
-- The as_of reads take the tenant's flags that ended after the day asked for.
CREATE INDEX device_obsolescence_ended_on ON device_obsolescence_ended (tenant_id, ended_on);

-- A flag deleted with its device (erasure, a merge) is not logged: the device leaves past reports
-- with the rest of its data, and its devices row is already gone, so the foreign key would refuse it.
CREATE FUNCTION device_obsolescence_ended_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  establishment uuid;
BEGIN
  SELECT d.establishment_id INTO establishment FROM devices d WHERE d.tenant_id = OLD.tenant_id AND d.id = OLD.device_id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO device_obsolescence_ended (tenant_id, device_id, reason, applies_from, ended_on)
  VALUES (OLD.tenant_id, OLD.device_id, OLD.reason, OLD.applies_from, device_history_day(OLD.tenant_id, establishment, now()))
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

-- Row triggers on plain PostgreSQL too: Citus refuses statement triggers on distributed tables
-- (device_obsolescence_ended has a non-null tenant_id, so vigie_distribute_tables co-locates it with
-- devices by tenant). The WHEN clause keeps the daily evaluation, which rewrites every flag's
-- detail and evaluated_at, from calling the function at all. No existing table is locked: a flag
-- deleted while this migration runs, before the triggers exist, is lost to past reports as before.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
  END IF;
  CREATE TRIGGER device_obsolescence_ended_delete AFTER DELETE ON device_obsolescence FOR EACH ROW
    EXECUTE FUNCTION device_obsolescence_ended_row();
  CREATE TRIGGER device_obsolescence_ended_update AFTER UPDATE OF applies_from ON device_obsolescence FOR EACH ROW
    WHEN (OLD.applies_from IS DISTINCT FROM NEW.applies_from)
    EXECUTE FUNCTION device_obsolescence_ended_row();
END
$$;
