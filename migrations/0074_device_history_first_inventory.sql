-- device_history (0072) gives a provisional device (created by a check-in, before any inventory) its
-- first inventory as its state from its first sighting: a change while it is provisional rewrites
-- its one row. But a batch applies an inventory in two statements (resolve-devices.ts): it clears
-- `provisional` first (devices.applyInventory), then writes the attributes the inventory wins
-- (deviceAttributes.resolve). The first did not fire the trigger (no watched column changed), and by
-- the second the device was no longer provisional: a device inventoried in a later batch than its
-- first check-in kept a row of defaults (kind 'other', no establishment) from its first sighting to
-- its inventory. The trigger now also fires when `provisional` changes, so the row is rewritten in
-- that transaction and the attributes that follow rewrite it again (a row this transaction wrote).
-- Rows written by 0072's trigger in the hours between are left as they are: which first rows hold
-- defaults and which an inventory that stated nothing cannot be told apart.
-- safe: dropping and creating a trigger takes a short SHARE ROW EXCLUSIVE lock on devices; no scan.
SET LOCAL lock_timeout = '10s';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
  END IF;
  DROP TRIGGER device_history_update ON devices;
  CREATE TRIGGER device_history_update AFTER UPDATE OF establishment_id, kind, status, assignment, provisional ON devices FOR EACH ROW
    WHEN ((OLD.establishment_id, OLD.kind, OLD.status, OLD.assignment, OLD.provisional)
          IS DISTINCT FROM (NEW.establishment_id, NEW.kind, NEW.status, NEW.assignment, NEW.provisional))
    EXECUTE FUNCTION device_history_row();
END
$$;
