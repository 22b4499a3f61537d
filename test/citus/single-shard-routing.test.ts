import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceSources, syncRuns } from '@vigie/store';
import { createTestEnv, seedTenant, waitFor, type SeededTenant, type TestEnv } from '../setup/test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { baseTime, device, heartbeat, inventory, session } from '../setup/events.ts';
import { push, pushAndWait } from '../setup/push.ts';

// Under the citus project only (CITUS_URL): every statement the API and the worker send while
// serving one tenant -- its reads, the ingest upserts, the rollup writes -- is planned by Citus for
// one shard. Statements are captured as they leave the process, then EXPLAINed with their values.
const onCitus = Boolean(process.env.VIGIE_TEST_CITUS);

interface Sent {
  text: string;
  values: unknown[];
}

/** Records every parameterised statement sent by this process while `run` runs. */
async function capture(run: () => Promise<void>): Promise<Sent[]> {
  const sent: Sent[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args as [unknown, unknown];
    const text = typeof first === 'string' ? first : (first as { text?: string })?.text;
    const values = Array.isArray(second) ? second : ((first as { values?: unknown[] })?.values ?? []);
    if (text && /^\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b/i.test(text) && !/pg_catalog|pg_advisory|FROM pg_|to_regproc/i.test(text)) {
      sent.push({ text, values });
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = original;
  }
  return sent;
}

/** A value as SQL text for EXECUTE: arrays as array literals, dates as ISO text; the prepared statement's types apply. */
function literal(client: pg.Client, value: unknown): string {
  const text = (v: unknown): string =>
    v instanceof Date
      ? v.toISOString()
      : Array.isArray(v)
        ? `{${v.map((x) => (x === null ? 'NULL' : `"${text(x).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`
        : String(v);
  if (value === null || value === undefined) return 'NULL';
  return client.escapeLiteral(
    typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value) ? JSON.stringify(value) : text(value),
  );
}

/**
 * The plan of a statement with its values. Citus cannot EXPLAIN some parameterised INSERT ... SELECT
 * ("could not create distributed plan ... parameters"), though it runs them: those are EXPLAINed with
 * each value written in as a literal of the parameter's type (read from the statement prepared), so
 * that they are checked too rather than skipped. bit(n) parameters are written as varbit, which casts
 * to any length.
 */
async function planOf(client: pg.Client, statement: Sent): Promise<string> {
  const lines = async (text: string, values: unknown[] = []) =>
    (await client.query<{ 'QUERY PLAN': string }>(text, values)).rows.map((r) => r['QUERY PLAN']).join('\n');
  try {
    return await lines(`EXPLAIN (COSTS OFF) ${statement.text}`, statement.values);
  } catch (error) {
    if (!/could not create distributed plan/.test((error as Error).message)) throw error;
  }
  await client.query(`PREPARE routing_probe AS ${statement.text}`);
  let types: string[];
  try {
    const r = await client.query<{ types: string[] }>(
      `SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = 'routing_probe'`,
    );
    types = r.rows[0]!.types.map((t) => t.replace(/^bit\b/, 'varbit'));
  } finally {
    await client.query('DEALLOCATE routing_probe');
  }
  const inlined = statement.text.replace(
    /\$(\d+)(?!\d)/g,
    (_, n: string) => `(${literal(client, statement.values[Number(n) - 1])}::${types[Number(n) - 1]})`,
  );
  return lines(`EXPLAIN (COSTS OFF) ${inlined}`);
}

/** Shards a statement's plan touches: 1 for a router plan, null for a statement Citus does not distribute. */
async function tasks(client: pg.Client, statement: Sent): Promise<number | null> {
  const plan = await planOf(client, statement);
  if (!/Custom Scan \(Citus/.test(plan)) return null;
  const counts = [...plan.matchAll(/Task Count: (\d+)/g)].map((m) => Number(m[1]));
  return counts.length ? Math.max(...counts) : 1;
}

describe.skipIf(!onCitus)('single-tenant statements on Citus', () => {
  let env: TestEnv;
  let a: SeededTenant;
  let explain: pg.Client;
  const multiShard: string[] = [];
  // Statements neither EXPLAIN nor EXPLAIN EXECUTE could plan: none may be left unchecked.
  const unexplained: string[] = [];
  let checked = 0;

  beforeAll(async () => {
    env = await createTestEnv(ROLLUP_TEST_ENV);
    await env.startWorker();
    a = await seedTenant(env, 'route-a');
    await seedTenant(env, 'route-b');
    explain = new pg.Client({ connectionString: env.config.db.url });
    await explain.connect();
  }, 120_000);
  afterAll(async () => {
    await explain?.end();
    await env?.close();
  });

  async function expectOneShard(run: () => Promise<void>) {
    const seen = new Set<string>();
    for (const statement of await capture(run)) {
      if (seen.has(statement.text)) continue;
      seen.add(statement.text);
      // Statements without a tenant are the worker's sweeps across tenants (docs/scale-out.md).
      if (!/tenant_id"?\s*=\s*\$\d/.test(statement.text)) continue;
      const n = await tasks(explain, statement).catch((error: Error) => {
        unexplained.push(`${error.message}: ${statement.text.replace(/\s+/g, ' ').slice(0, 160)}`);
        return null;
      });
      if (n === null) continue;
      checked++;
      if (n > 1) multiShard.push(`${n} tasks: ${statement.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
  }

  it('routes the ingest upserts and the rollup writes of one tenant to one shard', async () => {
    const base = baseTime(1);
    const day = base.toISOString().slice(0, 10);
    await expectOneShard(async () => {
      await pushAndWait(env, a, [
        inventory('r-1', base, { establishment_uai: a.uai }),
        heartbeat('r-1', base, 1),
        heartbeat('r-1', base, 2),
      ]);
      await push(env, a.connector, [device('r-2', { kind: 'tablet', acquired_on: '2019-01-01' }), session('r-2', day, '10:00', 900)]);
      await rolledUp(env, a.tenantId);
    });
    expect({ multiShard, unexplained }).toEqual({ multiShard: [], unexplained: [] });
  }, 120_000);

  it('routes the main reads of one tenant to one shard', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const monday = day(-7 - ((new Date().getUTCDay() + 6) % 7));
    const as = { authorization: `Bearer ${a.operator}` };
    const get = (url: string) => env.app.inject({ url, headers: as });
    const list = (await get('/v1/devices')).json().items as { id: string }[];
    expect(list.length).toBeGreaterThan(0);
    await expectOneShard(async () => {
      for (const url of [
        `/v1/devices/${list[0]!.id}`,
        '/v1/devices',
        '/v1/devices?idle=true',
        '/v1/devices?obsolete=any',
        '/v1/devices?q=r-1',
        `/v1/establishments/${a.uai}/activity?from=${day(-30)}&to=${day(0)}`,
        `/v1/establishments/${a.uai}/activity?from=${day(-120)}&to=${day(0)}&granularity=week`,
        '/v1/fleet/summary',
        `/v1/fleet/activity?from=${day(-30)}&to=${day(0)}`,
        `/v1/comparisons?metric=activity_rate&granularity=week&start=${monday}`,
        '/v1/obsolescence',
        '/v1/renewal-forecast',
      ]) {
        const res = await get(url);
        expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      }
    });
    expect(checked).toBeGreaterThan(20);
    expect({ multiShard, unexplained }).toEqual({ multiShard: [], unexplained: [] });
  }, 120_000);

  it("routes a recompute run and the tenant's other reads to one shard", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const as = { authorization: `Bearer ${a.operator}` };
    const get = (url: string) => env.app.inject({ url, headers: as });
    const device = ((await get('/v1/devices')).json().items as { id: string }[])[0]!.id;
    const run = async () => {
      const res = await env.app.inject({ method: 'PATCH', url: '/v1/settings', headers: as, payload: { active_seconds: 600 } });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      const id = (res.json().recompute as { id: string }).id;
      const status = async () =>
        ((await get('/v1/recompute')).json().items as { id: string; status: string }[]).find((r) => r.id === id)?.status;
      await waitFor(async () => (await status()) === 'done', 60_000, `recompute ${id} done`);
    };
    const source = (
      await explain.query<{ id: string }>('SELECT source_id AS id FROM device_sources WHERE tenant_id = $1 LIMIT 1', [a.tenantId])
    ).rows[0]!.id;
    await expectOneShard(async () => {
      await run();
      // What alert evaluation and a pull sync send for the tenant (last in this file: every device
      // of the source is marked missing).
      await syncRuns.recentFinished(env.db, a.tenantId, 3);
      await deviceSources.markListed(env.db, a.tenantId, source, [], 0);
      for (const url of [
        `/v1/devices/${device}/activity?from=${day(-30)}&to=${day(0)}`,
        `/v1/devices/${device}/provenance`,
        '/v1/devices/duplicates',
        '/v1/establishments',
        `/v1/establishments/${a.uai}/daily?from=${day(-30)}&to=${day(0)}`,
        `/v1/establishments/${a.uai}/carts`,
        `/v1/establishments/${a.uai}/app-usage?from=${day(-30)}&to=${day(0)}`,
        `/v1/establishments/${a.uai}/settings`,
        '/v1/obsolescence/rules',
        `/v1/bi/establishment_daily_v1.csv?from=${day(-30)}&to=${day(0)}`,
        '/v1/app-catalog',
        '/v1/sources',
        '/v1/settings',
        '/v1/recompute',
        '/v1/calendar/periods?zone=C',
        '/v1/calendar/exceptions',
        '/v1/alerts',
        '/v1/alert-rules',
        '/v1/notification-endpoints',
        '/v1/ingest/failures',
        '/v1/assets/reconciliation',
        // Reports as of a past day read device_history and device_contact_days (0072).
        `/v1/devices?offline=true&as_of=${day(-3)}`,
        `/v1/devices?obsolete=any&as_of=${day(-3)}`,
        `/v1/devices?idle=true&as_of=${day(-3)}`,
        `/v1/fleet/summary?as_of=${day(-3)}`,
        `/v1/obsolescence?as_of=${day(-3)}`,
        `/v1/renewal-forecast?as_of=${day(-3)}`,
      ]) {
        const res = await get(url);
        expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      }
    });
    expect({ multiShard, unexplained }).toEqual({ multiShard: [], unexplained: [] });
  }, 180_000);
});
