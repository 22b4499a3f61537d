-- BI logins reach this database through vigie_bi only. A new database lets PUBLIC connect and create
-- temporary tables, so any login of the cluster -- another application's, or a BI login of another
-- database -- could connect here and fill temp space; TEMP is the one write a read-only session keeps.
-- The role running the migrations is the application's (prepareDatabase), so it keeps both rights,
-- as does vigie_app when another role migrates. packages/store/src/bi-roles.ts repeats these grants
-- whenever a BI login is created: CREATE DATABASE ... TEMPLATE and a restore without --create reset them.
-- Only the owner (or a superuser) may change a database's grants; anyone else leaves a notice.
DO $$
DECLARE
  db_name text := current_database();
  db_owner oid := (SELECT datdba FROM pg_database WHERE datname = current_database());
BEGIN
  IF NOT (pg_has_role(current_user, db_owner, 'MEMBER') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)) THEN
    RAISE NOTICE 'database grants unchanged (not its owner); see docs/bi.md';
    RETURN;
  END IF;
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', db_name);
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', db_name, current_user);
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_app') THEN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO vigie_app', db_name);
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_bi') THEN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO vigie_bi', db_name);
  END IF;
END $$;
