-- The tenant of a BI login, read from the catalogue instead of bi.tenant_roles. On a Citus cluster
-- the row-level policies run inside each shard's query on a worker, where reading a distributed or
-- reference table is a nested distributed query and is refused (docs/scale-out.md); the catalogue
-- is there on every node, since Citus creates roles and grants on all of them. Each tenant with BI
-- logins has a group role vigie_bi_tenant_<tenant id without dashes>, NOLOGIN and without rights,
-- and its logins are its members (packages/store/src/bi-roles.ts). session_user, not current_user:
-- a SET ROLE cannot borrow another tenant. A login cannot join another tenant's group: membership is
-- granted by a role with CREATEROLE only. A login in no group, or in two, sees no row.
-- bi.tenant_roles stays the list of the tenant's logins.
CREATE OR REPLACE FUNCTION bi.current_tenant_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT CASE WHEN count(*) = 1 THEN min(substr(g.rolname, 17))::uuid END
    FROM pg_auth_members m
    JOIN pg_roles g ON g.oid = m.roleid
   WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = session_user)
     AND g.rolname ~ '^vigie_bi_tenant_[0-9a-f]{32}$'
$$;

-- Logins created before this migration join their tenant's group. Without CREATEROLE the migration
-- goes on and docs/bi.md says what a DBA runs instead.
DO $$
DECLARE
  r record;
  grp text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM bi.tenant_roles) THEN
    RETURN;
  END IF;
  IF NOT (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE NOTICE 'BI logins not added to their tenant group (no CREATEROLE); see docs/bi.md';
    RETURN;
  END IF;
  FOR r IN SELECT t.role_name, t.tenant_id FROM bi.tenant_roles t JOIN pg_roles l ON l.rolname = t.role_name LOOP
    grp := 'vigie_bi_tenant_' || replace(r.tenant_id::text, '-', '');
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = grp) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', grp);
    END IF;
    EXECUTE format('GRANT %I TO %I', grp, r.role_name);
  END LOOP;
END $$;

-- The establishment's UAI as a correlated lookup rather than an outer join: on PostgreSQL 15 and 16
-- Citus refuses an outer join between distributed tables once the row-level policy adds its quals
-- ("outer joins and pseudoconstant quals"). Same columns, same rows: a device without an
-- establishment still has a null uai.
CREATE OR REPLACE VIEW bi.obsolescence_v1 WITH (security_invoker = true) AS
SELECT o.tenant_id, o.device_id,
       (SELECT e.uai FROM establishments e WHERE e.tenant_id = d.tenant_id AND e.id = d.establishment_id) AS uai,
       d.kind, d.status, o.reason, o.applies_from, o.detail
FROM device_obsolescence o
JOIN devices d ON d.tenant_id = o.tenant_id AND d.id = o.device_id
WHERE d.status NOT IN ('retired', 'lost');
