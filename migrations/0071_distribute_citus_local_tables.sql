-- Citus (docs/scale-out.md): a table created after 0061 with a foreign key to tenants (a reference
-- table by then) is made a Citus local table by Citus itself, on the coordinator, the moment it is
-- created; vigie_distribute_tables() then took it as already known and left it there. So were
-- device_tallies and device_tally_changes (0067): the row trigger on devices (0068) runs inside each
-- shard's statement on a worker, and its insert there became a query to the coordinator, which
-- Citus refuses ("cannot execute a distributed query from a query on a shard"): every write of a
-- device failed. The function now distributes such tables too, co-located with the rest, and is
-- run here. On plain PostgreSQL it still returns at once.
CREATE OR REPLACE FUNCTION vigie_distribute_tables() RETURNS integer LANGUAGE plpgsql AS $$
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
  -- Tenant tables: a tenant_id NOT NULL column, not a partition, not yet distributed: unknown to
  -- Citus, or a Citus local table (partmethod 'n', not replicated like a reference table).
  SELECT coalesce(array_agg(c.oid::regclass), '{}') INTO pending
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnotnull
   WHERE n.nspname IN ('public', 'bi') AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND c.oid <> ALL (reference_tables) AND c.oid <> ALL (coordinator_only)
     AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid AND (p.partmethod <> 'n' OR p.repmodel = 't'));
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
