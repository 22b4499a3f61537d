-- Scale-out on Citus (docs/scale-out.md). On plain PostgreSQL this function does nothing. When the
-- citus extension is in the database, it distributes every tenant table by tenant_id, all
-- co-located (a tenant's rows of every table live in the same shard group, so a single-tenant query
-- is routed to one node and joins stay local), and makes reference tables of those whose keys cannot
-- carry tenant_id: tenants (UNIQUE code), api_tokens and the sign-in tables (a token or secret hash
-- is looked up before the tenant is known) and bi.tenant_roles. The school calendar, the annuaire
-- columns and the app catalogue are per-tenant copies in this schema, so they are distributed.
-- The audit journal and schema_migrations stay local to the coordinator: nothing joins them.
-- The migrator calls it after every run (packages/store/src/migrate.ts), so a table a later
-- migration creates is distributed too; what is already distributed is left as it is.
CREATE FUNCTION vigie_distribute_tables() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  reference_tables regclass[] := ARRAY['tenants', 'api_tokens', 'bi.tenant_roles', 'people_sessions', 'login_links', 'oidc_logins']::regclass[];
  coordinator_only regclass[] := ARRAY['audit_events', 'audit_chains', 'schema_migrations']::regclass[];
  pending regclass[];
  ready regclass[];
  t regclass;
  changed integer := 0;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN 0;
  END IF;
  -- Without this, a foreign key from a local table to a reference table turns the local table into
  -- a Citus-local one, and 21 tenant tables would be converted before they can be distributed.
  PERFORM set_config('citus.enable_local_reference_table_foreign_keys', 'off', true);
  -- Creating shards over several connections in one transaction is refused once a shard was written
  -- over another: one connection per node for this transaction.
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
  FOREACH t IN ARRAY reference_tables LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t) THEN
      PERFORM create_reference_table(t);
      changed := changed + 1;
    END IF;
  END LOOP;
  -- Tenant tables: a tenant_id NOT NULL column, not a partition, not yet known to Citus.
  SELECT coalesce(array_agg(c.oid::regclass), '{}') INTO pending
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnotnull
   WHERE n.nspname IN ('public', 'bi') AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND c.oid <> ALL (reference_tables) AND c.oid <> ALL (coordinator_only)
     AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid);
  -- A table is distributed after the tables its foreign keys point to.
  WHILE cardinality(pending) > 0 LOOP
    SELECT coalesce(array_agg(p), '{}') INTO ready
      FROM unnest(pending) AS p
     WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k
                        WHERE k.conrelid = p AND k.contype = 'f' AND k.confrelid <> p AND k.confrelid = ANY (pending));
    IF cardinality(ready) = 0 THEN
      RAISE EXCEPTION 'foreign keys form a cycle among %', pending;
    END IF;
    FOREACH t IN ARRAY ready LOOP
      -- The default co-location groups every table distributed by a uuid with the same shard count.
      PERFORM create_distributed_table(t, 'tenant_id', colocate_with => 'default');
      changed := changed + 1;
      pending := array_remove(pending, t);
    END LOOP;
  END LOOP;
  RETURN changed;
END
$$;

SELECT vigie_distribute_tables();
