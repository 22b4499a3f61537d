import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, biRoles } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const DAY = '2026-11-16';
const onCitus = Boolean(process.env.VIGIE_TEST_CITUS);
const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [a, b] = useTenants(env, 'bi-a', 'bi-b');
let bi: pg.Client;
const role = `bi_test_${randomBytes(4).toString('hex')}`;

const get = (token: string, url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  await push(env, a.connector, [device('a1', { kind: 'tablet' }), device('a2', { kind: 'laptop' }), session('a1', DAY, '10:00', 900)]);
  await push(env, b.connector, [device('b1', { kind: 'tablet' }), session('b1', DAY, '10:00', 900)]);
  await rolledUp(env, a.tenantId);
  await rolledUp(env, b.tenantId);
  await biRoles.create(env.db, a.tenantId, role, 'not-a-real-secret');
  const url = new URL(env.config.db.url);
  url.username = role;
  url.password = 'not-a-real-secret';
  bi = new pg.Client({ connectionString: url.toString() });
  await bi.connect();
});
afterAll(async () => {
  await bi?.end();
  await biRoles.drop(env.db, a.tenantId, role);
});

describe('the bi schema for BI tools', () => {
  it("shows a tenant's BI login its own rows only, in every view", async () => {
    const daily = await bi.query(`SELECT DISTINCT tenant_id FROM establishment_daily_v1`);
    expect(daily.rows).toEqual([{ tenant_id: a.tenantId }]);
    const devices = await bi.query(`SELECT device_id, active, signal FROM device_daily_v1 WHERE day = $1 ORDER BY kind`, [DAY]);
    expect(devices.rows.map((r) => [r.active, r.signal])).toEqual([
      [false, 'none'],
      [true, 'usage'],
    ]);
    const all = await bi.query(`SELECT dimension, value, activity_rate FROM establishment_daily_v1 WHERE day = $1 AND dimension = 'all'`, [
      DAY,
    ]);
    expect(all.rows).toEqual([{ dimension: 'all', value: 'all', activity_rate: '0.50000000000000000000' }]);
    for (const view of [
      'tenant_daily_v1',
      'comparisons_v1',
      'establishment_monthly_v1',
      'cart_utilisation_v1',
      'obsolescence_v1',
      'renewal_forecast_v1',
      'device_daily_v2',
      'establishment_daily_v2',
      'establishment_monthly_v2',
      'tenant_daily_v2',
      'comparisons_v2',
    ]) {
      const r = await bi.query(`SELECT count(*) FILTER (WHERE tenant_id <> $1)::int AS foreign FROM ${view}`, [a.tenantId]);
      expect(r.rows[0].foreign).toBe(0);
    }
  });

  it('is read-only, cannot read raw tables or the role mapping, and SET ROLE borrows nothing', async () => {
    await expect(bi.query(`SELECT count(*) FROM public.device_days`)).rejects.toThrow(/permission denied/);
    await expect(bi.query(`SELECT * FROM tenant_roles`)).rejects.toThrow(/permission denied/);
    await expect(bi.query(`UPDATE public.establishments SET name = 'x'`)).rejects.toThrow(/read-only transaction|permission denied/);
    await bi.query('SET ROLE vigie_bi');
    const asGroup = bi.query(`SELECT count(DISTINCT tenant_id)::int AS n, min(tenant_id::text) AS t FROM public.establishments`);
    if (onCitus) {
      // The coordinator opens its worker connections as the current role, which may not log in:
      // refused, naming the role (docs/scale-out.md, docs/bi.md).
      await expect(asGroup).rejects.toThrow(/role "vigie_bi" is not permitted to log in/);
    } else {
      // The policies read the tenant from the login (session_user), which SET ROLE does not change.
      expect((await asGroup).rows[0]).toEqual({ n: 1, t: a.tenantId });
    }
    await bi.query('RESET ROLE');
    expect((await bi.query(`SELECT count(DISTINCT tenant_id)::int AS n FROM establishment_daily_v1`)).rows[0]).toEqual({ n: 1 });
  });
});

describe('GET /v1/bi/{view}.csv', () => {
  it('exports the same rows as CSV, for the caller tenant only', async () => {
    const res = await get(a.operator, `/v1/bi/establishment_daily_v1.csv?from=${DAY}&to=${DAY}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'day,uai,name,type,dimension,value,school_day,half_days,in_service,online,active,active_measured,active_usage,active_presence,presence_discounted,outage,activity_rate',
    );
    expect(lines).toContain('2026-11-16,0770934X,Collège 0770934X,college,all,all,true,2,2,1,1,0,1,0,0,false,0.50000000000000000000');
    const other = (await get(b.operator, `/v1/bi/establishment_daily_v1.csv?from=${DAY}&to=${DAY}`)).body;
    expect(other).toContain('all,all,true,2,1,1,1,0,1,0,0,false,1.00000000000000000000');
  });

  it('gives a partner aggregates but no per-device view, and refuses unknown views', async () => {
    const partner = (await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'partner', name: 'academie' })).token;
    expect((await get(partner, `/v1/bi/establishment_daily_v1.csv?from=${DAY}&to=${DAY}`)).statusCode).toBe(200);
    expect((await get(partner, `/v1/bi/device_daily_v1.csv?from=${DAY}&to=${DAY}`)).statusCode).toBe(403);
    const tenantDay = (await get(partner, `/v1/bi/tenant_daily_v1.csv?from=${DAY}&to=${DAY}`)).body;
    expect(tenantDay).toContain('2026-11-16,all,all,1,2,1,0,1,0,0,0.50000000000000000000');
    const principal = (
      await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'establishment', name: 'p', establishmentUais: ['0770934X'] })
    ).token;
    expect((await get(principal, `/v1/bi/tenant_daily_v1.csv?from=${DAY}&to=${DAY}`)).statusCode).toBe(403);
    expect((await get(a.operator, `/v1/bi/device_days.csv?from=${DAY}&to=${DAY}`)).statusCode).toBe(400);
    expect((await get(a.operator, `/v1/bi/device_daily_v1.csv?from=${DAY}&to=${DAY}`)).body.split('\r\n').length).toBe(4);
  });
});
