// What bench:api asks, per class: the requests a dashboard makes for one device, a list of devices,
// one establishment and the whole tenant, and a BI tool's month.
import pg from 'pg';
import { sql } from 'kysely';
import { addDays, localDate } from '@vigie/calendar';
import type { Db } from '@vigie/store';
import { request, type Latencies, type Target } from './api-load.ts';
import { percentile } from './stats.ts';

export type ClassName = 'device' | 'device_list' | 'establishment' | 'tenant' | 'bi_month';

const SCHOOL_YEAR = { from: '2026-09-01', to: '2027-07-04' };

/** Sample ids, serial fragments, establishments and keyset cursors of the tenant, then every class's paths. */
export async function requestPaths(
  db: Db,
  reader: Target,
  tenantId: string,
  days: string[],
): Promise<Record<Exclude<ClassName, 'bi_month'>, string[]>> {
  const devices = (
    await sql<{ id: string; serial: string }>`
    SELECT id, serial FROM devices WHERE tenant_id = ${tenantId} ORDER BY md5(id::text) LIMIT 200`.execute(db)
  ).rows;
  const uais = (
    await sql<{ uai: string }>`SELECT uai FROM establishments WHERE tenant_id = ${tenantId} ORDER BY md5(uai) LIMIT 50`.execute(db)
  ).rows.map((r) => r.uai);
  const last = days.at(-1)!;
  const today = localDate(new Date(), 'Europe/Paris');
  const cursors = await keysetCursors(reader, 20);
  return {
    device: devices.map((d) => `/v1/devices/${d.id}`),
    device_list: devices
      .slice(0, 20)
      .flatMap((d, i) => [
        '/v1/devices?idle=true&limit=50',
        '/v1/devices?obsolete=any&limit=50',
        `/v1/devices?q=${encodeURIComponent(d.serial.slice(0, 6))}&limit=50`,
        `/v1/devices?limit=50&cursor=${cursors[i % cursors.length]}`,
      ]),
    establishment: uais.flatMap((uai) => [
      `/v1/establishments/${uai}/activity?granularity=week&from=${SCHOOL_YEAR.from}&to=${SCHOOL_YEAR.to}`,
      `/v1/establishments/${uai}/daily?from=${addDays(today, -30)}&to=${today}`,
      `/v1/establishments/${uai}/carts`,
    ]),
    tenant: [
      '/v1/fleet/summary',
      `/v1/comparisons?start=${last}&granularity=month`,
      '/v1/obsolescence',
      '/v1/renewal-forecast',
      `/v1/fleet/activity?from=${addDays(today, -30)}&to=${today}`,
    ],
  };
}

/** The cursors of the first `pages` pages of the default listing (newest check-in first). */
async function keysetCursors(reader: Target, pages: number): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const res = await request(reader, 'GET', `/v1/devices?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    if (res.status !== 200) throw new Error(`device pages: ${res.status} ${res.body.slice(0, 300)}`);
    cursor = (JSON.parse(res.body) as { next_cursor: string | null }).next_cursor;
    if (!cursor) break;
    out.push(cursor);
  }
  return out;
}

/**
 * A BI tool's month: the establishments' daily figures and the tenant's days of the month of the last
 * school day (bi.establishment_daily_v1, bi.tenant_daily_v1), or with `perDevice` every device's
 * days summed per establishment (bi.device_daily_v1, reported apart: a per-device export, not a
 * dashboard). Run as the database owner with the tenant in the WHERE clause, which is what the BI
 * role's row-level security adds.
 */
export async function measureBi(
  databaseUrl: string,
  tenantId: string,
  days: string[],
  count: number,
  inFlight: number,
  perDevice = false,
): Promise<Latencies> {
  const month = `${days.at(-1)!.slice(0, 7)}-01`;
  const inMonth = `tenant_id = $1 AND day >= $2::date AND day < $2::date + interval '1 month'`;
  const queries = perDevice
    ? [
        `SELECT uai, count(*) FILTER (WHERE in_service) AS in_service_days, count(*) FILTER (WHERE active) AS active_days
        FROM bi.device_daily_v1 WHERE ${inMonth} GROUP BY uai`,
      ]
    : [
        `SELECT uai, day, dimension, value, in_service, active, activity_rate FROM bi.establishment_daily_v1 WHERE ${inMonth} ORDER BY uai, day`,
        `SELECT * FROM bi.tenant_daily_v1 WHERE ${inMonth} ORDER BY day`,
      ];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: inFlight, application_name: 'vigie-bench-bi' });
  const all: number[] = [];
  const byQuery: number[][] = queries.map(() => []);
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < count) {
          const q = next++ % queries.length;
          const t0 = performance.now();
          await pool.query(queries[q]!, [tenantId, month]);
          const ms = performance.now() - t0;
          all.push(ms);
          byQuery[q]!.push(ms);
        }
      }),
    );
  } finally {
    await pool.end();
  }
  const r = (v: number) => Math.round(v * 10) / 10;
  const view = (sql: string) => /bi\.(\w+)/.exec(sql)![1]!;
  return {
    requests: all.length,
    p50: r(percentile(all, 50)),
    p99: r(percentile(all, 99)),
    max: r(percentile(all, 100)),
    byShape: Object.fromEntries(
      queries.map((q, i) => [view(q), { n: byQuery[i]!.length, p50: r(percentile(byQuery[i]!, 50)), p99: r(percentile(byQuery[i]!, 99)) }]),
    ),
  };
}
