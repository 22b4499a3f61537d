import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// On Citus, device_tallies' changes are written by a row trigger (device_tallies_row, migrations
// 0067-0068) instead of the statement triggers. This runs it on plain PostgreSQL, in this file's own
// database, and holds the counts it leaves equal to the devices after inserts, check-ins within and
// across hours, status and unmanaged changes, and deletions.

const env = useTestEnv();
const [t] = useTenants(env, 'tallies-row-trigger');
// On a Citus cluster the migration already installed the row trigger (test/store/device-tallies.test.ts
// checks it there); the statement triggers this replaces do not exist.
const onCitus = Boolean(process.env.VIGIE_TEST_CITUS);

beforeAll(async () => {
  if (onCitus) return;
  await sql`DROP TRIGGER device_tallies_insert ON devices`.execute(env.db);
  await sql`DROP TRIGGER device_tallies_update ON devices`.execute(env.db);
  await sql`DROP TRIGGER device_tallies_delete ON devices`.execute(env.db);
  await sql`CREATE TRIGGER device_tallies_row AFTER INSERT OR UPDATE OR DELETE ON devices FOR EACH ROW EXECUTE FUNCTION device_tallies_row()`.execute(
    env.db,
  );
});

/** Group and hour counts as the tallies and their pending changes hold them, and as the devices are. */
async function counted() {
  const r = await sql<{ tallied: string | null; actual: string | null }>`
    WITH t AS (SELECT * FROM device_tallies WHERE tenant_id = ${t.tenantId}
               UNION ALL SELECT * FROM device_tally_changes WHERE tenant_id = ${t.tenantId}),
         d AS (SELECT * FROM devices WHERE tenant_id = ${t.tenantId})
    SELECT (SELECT string_agg(x, ',' ORDER BY x) FROM (
              SELECT kind || '/' || status || '/' || unmanaged || '/' || seen_hour || '=' || sum(devices) AS x FROM t
              GROUP BY kind, status, unmanaged, seen_hour HAVING sum(devices) <> 0) a) AS tallied,
           (SELECT string_agg(x, ',' ORDER BY x) FROM (
              SELECT kind || '/' || status || '/' || (unmanaged_since IS NOT NULL) || '/infinity=' || count(*) AS x FROM d
              GROUP BY kind, status, unmanaged_since IS NOT NULL
              UNION ALL
              SELECT '*/*/false/' || h || '=' || count(*) FROM (SELECT device_tally_hour(last_contact) AS h FROM d) s GROUP BY h) b) AS actual`.execute(
    env.db,
  );
  return r.rows[0]!;
}

describe.skipIf(onCitus)('device tallies kept by the row trigger (Citus)', () => {
  it('equal the devices after every kind of write', async () => {
    await sql`
      INSERT INTO devices (tenant_id, kind, serial, serial_key, status, provisional, first_seen, last_contact, unmanaged_since)
      SELECT ${t.tenantId}, (ARRAY['tablet', 'laptop'])[1 + g % 2], 'S' || g, 'S' || g, CASE WHEN g % 5 = 0 THEN 'spare' ELSE 'in_service' END,
             false, now(), CASE WHEN g % 7 = 0 THEN NULL ELSE now() - g * interval '37 minutes' END, CASE WHEN g % 11 = 0 THEN now() END
      FROM generate_series(1, 300) g`.execute(env.db);
    const inserted = await counted();
    expect(inserted.tallied).not.toBeNull();
    expect(inserted.tallied).toBe(inserted.actual);
    await sql`UPDATE devices SET last_contact = now() WHERE tenant_id = ${t.tenantId} AND serial ~ '3$'`.execute(env.db);
    await sql`UPDATE devices SET last_contact = last_contact + interval '1 minute' WHERE tenant_id = ${t.tenantId} AND serial ~ '4$'`.execute(
      env.db,
    );
    await sql`UPDATE devices SET status = 'in_repair' WHERE tenant_id = ${t.tenantId} AND serial ~ '5$'`.execute(env.db);
    await sql`UPDATE devices SET unmanaged_since = now(), last_contact = NULL WHERE tenant_id = ${t.tenantId} AND serial ~ '6$'`.execute(
      env.db,
    );
    await sql`DELETE FROM devices WHERE tenant_id = ${t.tenantId} AND serial ~ '8$'`.execute(env.db);
    const written = await counted();
    expect(written.tallied).toBe(written.actual);
  });
});
