-- The journal is append-only in the database itself, not only by the application's good manners.
-- Why a trigger rather than a separate role: Vigie connects with one role that owns its tables (the
-- migrator, the API, the worker and the CLI share it), and an owner can always grant itself back
-- what a role design would take away; a second login would also be one more secret for every
-- deployment. The trigger refuses UPDATE, DELETE and TRUNCATE to that role, so an application bug or
-- an injected statement cannot rewrite history. The one exception is the retention purge
-- (audit-events.ts `purgeBefore`), which sets `vigie.audit_purge` for its own transaction only and
-- moves the chain's anchor in the same transaction. A superuser can still disable the trigger:
-- that is what the hash chain is for, `npm run vigie -- audit verify` names the first altered row.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('vigie.audit_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = '42501';
END
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
