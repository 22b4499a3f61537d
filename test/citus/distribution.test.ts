import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../setup/use-test-env.ts';

// Under the citus project only (CITUS_URL): what migration 0061's vigie_distribute_tables() promises
// (docs/scale-out.md), checked on the migrated template every Citus test file starts from.
const onCitus = Boolean(process.env.VIGIE_TEST_CITUS);

describe.skipIf(!onCitus)('tables on Citus', () => {
  const env = useTestEnv();

  it('every tenant table is distributed by tenant_id, co-located with devices (none left local to the coordinator)', async () => {
    const misplaced = await sql<{ name: string; partmethod: string | null; colocated: boolean | null }>`
      SELECT c.oid::regclass::text AS name, p.partmethod::text AS partmethod,
             p.colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'devices'::regclass) AS colocated
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnotnull
      LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid
      WHERE n.nspname IN ('public', 'bi') AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.oid::regclass::text NOT IN ('tenants', 'api_tokens', 'bi.tenant_roles', 'people_sessions', 'login_links', 'oidc_logins',
                                         'audit_events', 'audit_chains', 'schema_migrations')
        AND (p.partmethod IS DISTINCT FROM 'h' OR p.colocationid <> (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'devices'::regclass))
      ORDER BY 1`.execute(env.db);
    expect(misplaced.rows).toEqual([]);
  });
});
