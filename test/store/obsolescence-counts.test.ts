import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { obsolescenceCounts } from '@vigie/store';
import { renewalYears } from '../../services/api/src/obsolescence/renewal-years.ts';
import { evaluateObsolescence } from '../../services/worker/src/obsolescence/evaluate-obsolescence.ts';
import { addCollege } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// /v1/obsolescence and /v1/renewal-forecast read the counts each fleet evaluation leaves
// (obsolescence_counts). This holds them equal to the per-request queries they replaced (kept
// below as they were in packages/store/src/device-obsolescence.ts) on a fleet whose devices are
// then retired, moved, put in stock and re-flagged.

const env = useTestEnv();
const [t] = useTenants(env, 'obsolescence-counts');
let secondId: string;
const UNTILS = ['2026-12-07', '2027-06-30', '2030-01-01'];

async function countsBefore(until: string, scope: string[] | null) {
  const filter = scope ? sql`AND d.establishment_id = ANY(${scope}::uuid[])` : sql``;
  const r = await sql<{ uai: string | null; name: string | null; reason: string | null; devices: number }>`
    SELECT e.uai, e.name, o.reason, count(DISTINCT o.device_id)::int AS devices
    FROM device_obsolescence o
    JOIN devices d ON d.tenant_id = o.tenant_id AND d.id = o.device_id
    LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
    WHERE o.tenant_id = ${t.tenantId} AND o.applies_from <= ${until}::date AND d.status NOT IN ('retired', 'lost') ${filter}
    GROUP BY GROUPING SETS ((e.uai, e.name, o.reason), (e.uai, e.name))
    ORDER BY e.uai NULLS LAST, o.reason NULLS FIRST`.execute(env.db);
  return r.rows;
}

/** The old per-device first dates, summed per kind, establishment and year as the route did. */
async function firstYearsBefore(scope: string[] | null) {
  const filter = scope ? sql`AND d.establishment_id = ANY(${scope}::uuid[])` : sql``;
  const r = await sql<{ kind: string; uai: string | null; year: number; devices: number }>`
    SELECT kind, uai, extract(year FROM first_date)::int AS year, count(*)::int AS devices FROM (
      SELECT o.device_id, d.kind, e.uai, min(o.applies_from) AS first_date
      FROM device_obsolescence o
      JOIN devices d ON d.tenant_id = o.tenant_id AND d.id = o.device_id
      LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
      WHERE o.tenant_id = ${t.tenantId} AND d.status NOT IN ('retired', 'lost') ${filter}
      GROUP BY o.device_id, d.kind, e.uai) f
    GROUP BY 1, 2, 3`.execute(env.db);
  return r.rows;
}

async function inServiceBefore(until: string) {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM devices d WHERE d.tenant_id = ${t.tenantId} AND d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock'
      AND d.id IN (SELECT device_id FROM device_obsolescence WHERE tenant_id = ${t.tenantId} AND applies_from <= ${until}::date)`.execute(
    env.db,
  );
  return r.rows[0]!.n;
}

/** The forecast's years as the route builds them (past years fold into the current one). */
const forecast = (rows: { kind: string; uai: string | null; year: number; devices: number }[]) =>
  renewalYears(rows, { tablet: 400, laptop: 700, chromebook: 350.5, desktop: 800, other: 300 }, 2026, 12);

async function expectSameCounts() {
  let flagged = 0;
  for (const scope of [null, [secondId]]) {
    for (const until of UNTILS) {
      const before = await countsBefore(until, scope);
      expect(await obsolescenceCounts.byEstablishment(env.db, t.tenantId, until, scope), `counts by ${until}`).toEqual(before);
      flagged += before.length;
    }
    expect(forecast(await obsolescenceCounts.firstYears(env.db, t.tenantId, scope))).toEqual(forecast(await firstYearsBefore(scope)));
  }
  for (const until of UNTILS)
    expect(await obsolescenceCounts.inService(env.db, t.tenantId, until, null)).toBe(await inServiceBefore(until));
  return flagged;
}

beforeAll(async () => {
  secondId = await addCollege(env, t.tenantId, '0770935Y', 'Collège B');
  // 60 devices bought from 2014 on, some with an old OS, a worn battery, a support end, or placed nowhere.
  await sql`
    INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, os_name, os_version, assignment, status, acquired_on,
                         support_end, battery_health_pct, provisional, first_seen, last_contact)
    SELECT ${t.tenantId}, CASE WHEN g % 11 = 0 THEN NULL WHEN g % 2 = 0 THEN ${t.establishmentId}::uuid ELSE ${secondId}::uuid END,
           (ARRAY['tablet', 'laptop', 'chromebook', 'desktop'])[1 + g % 4], 'SN' || g, 'SN' || g,
           (ARRAY['iPadOS', 'Windows', 'ChromeOS', 'Windows'])[1 + g % 4], CASE WHEN g % 3 = 0 THEN '15.7' ELSE '17.1' END,
           CASE WHEN g % 13 = 0 THEN 'stock' ELSE 'individual' END, 'in_service', DATE '2014-09-01' + g * 61,
           CASE WHEN g % 5 = 0 THEN DATE '2026-06-30' + g * 20 END, 50 + g % 50, false, TIMESTAMPTZ '2026-09-01', now()
    FROM generate_series(1, 60) g`.execute(env.db);
  await evaluateObsolescence(env.db, t.tenantId, new Date('2026-12-07T10:00:00Z'));
});

describe('obsolescence counts left by the fleet evaluation', () => {
  it('equal the per-request queries they replaced', async () => {
    expect(await expectSameCounts()).toBeGreaterThan(10);
  });

  it('stay equal once devices are retired, lost, moved, put in stock, and the fleet re-evaluated', async () => {
    await sql`UPDATE devices SET status = CASE WHEN serial IN ('SN2', 'SN3') THEN 'retired' ELSE 'lost' END
      WHERE tenant_id = ${t.tenantId} AND serial IN ('SN2', 'SN3', 'SN4')`.execute(env.db);
    await sql`UPDATE devices SET establishment_id = ${secondId} WHERE tenant_id = ${t.tenantId} AND serial IN ('SN6', 'SN22')`.execute(
      env.db,
    );
    await sql`UPDATE devices SET assignment = 'stock', os_version = '17.1' WHERE tenant_id = ${t.tenantId} AND serial IN ('SN9', 'SN12')`.execute(
      env.db,
    );
    await evaluateObsolescence(env.db, t.tenantId, new Date('2026-12-08T10:00:00Z'));
    await expectSameCounts();
  });
});
