-- Cluster roles for Vigie. Idempotent: run it as a superuser any number of times
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f infra/postgres/roles.sql
-- docker-compose.yml runs it once, when the postgres volume is first initialised.
-- Roles are created without passwords; set them per environment, never in this repository:
--   ALTER ROLE vigie_app PASSWORD '...';
-- Privileges on tables and views are granted by the migrations that create them, so this file
-- stays valid whatever the schema looks like.

DO $$
BEGIN
  -- The API and the worker connect as vigie_app.
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'vigie_app') THEN
    CREATE ROLE vigie_app LOGIN;
  END IF;

  -- Read-only group for BI tools: the migrations grant it SELECT on the views of schema bi.
  -- NOLOGIN because it is granted to each BI login (GRANT vigie_bi TO metabase), so access can be
  -- revoked per tool.
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'vigie_bi') THEN
    CREATE ROLE vigie_bi NOLOGIN;
  END IF;
END
$$;
