-- A BI tool lets its users type SQL; they should not be able to list the other tenants' logins
-- (their names say which collectivités use which tool). PostgreSQL lets PUBLIC read the catalog
-- views that name roles; revoking from PUBLIC is the only way, since grants cannot deny one role.
-- What stays visible (pg_get_userbyid, ::regrole, pg_stat_get_activity) is listed in docs/bi.md.
-- The views are per database: this changes nothing outside Vigie's database. The migrating role,
-- vigie_app and monitoring (pg_read_all_stats) keep them; other roles that need them are granted
-- by hand (docs/bi.md). Only a superuser may change pg_catalog; anyone else leaves a notice.
DO $$
DECLARE
  reader text;
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE NOTICE 'role catalog views left readable by PUBLIC (not a superuser); see docs/bi.md';
    RETURN;
  END IF;
  REVOKE SELECT ON pg_catalog.pg_roles, pg_catalog.pg_user, pg_catalog.pg_group, pg_catalog.pg_auth_members,
                   pg_catalog.pg_db_role_setting, pg_catalog.pg_stat_activity FROM PUBLIC;
  FOREACH reader IN ARRAY ARRAY[current_user::text, 'vigie_app', 'pg_read_all_stats'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = reader) THEN
      EXECUTE format('GRANT SELECT ON pg_catalog.pg_roles, pg_catalog.pg_user, pg_catalog.pg_group, pg_catalog.pg_auth_members,
                      pg_catalog.pg_db_role_setting, pg_catalog.pg_stat_activity TO %I', reader);
    END IF;
  END LOOP;
END $$;
