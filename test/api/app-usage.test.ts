import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [a, b] = useTenants(env, 'apps-a', 'apps-b');
const call = (token: string, url: string, method: 'GET' | 'PUT' = 'GET', payload?: object) =>
  env.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  await push(env, a.connector, [
    device('t1', { kind: 'tablet' }),
    device('t2', { kind: 'tablet' }),
    session('t1', '2026-11-16', '09:00', 1200, '+01:00', 'fr.ent.monlycee'),
    session('t2', '2026-11-16', '10:00', 600, '+01:00', 'fr.ent.monlycee'),
    { ...session('t1', '2026-11-16', '11:00', 1800, '+01:00', 'org.geogebra'), category: 'other' },
    // 23:30 local on Sunday 15: outside a range starting on Monday 16, in the establishment's time zone.
    { ...session('t2', '2026-11-15', '23:30', 900, '+01:00', 'com.microsoft.word'), category: 'office' },
  ]);
  await push(env, b.connector, [device('t1', { kind: 'tablet' }), session('t1', '2026-11-16', '09:00', 60, '+01:00', 'fr.ent.monlycee')]);
  await rolledUp(env, a.tenantId);
  await rolledUp(env, b.tenantId);
});

describe('app usage by category', () => {
  it('sums seconds, sessions and devices per category over local days', async () => {
    const body = (await call(a.operator, '/v1/establishments/0770934X/app-usage?from=2026-11-16&to=2026-11-16')).json();
    expect(body.categories).toEqual(
      expect.arrayContaining([
        { category: 'other', seconds: 1800, sessions: 1, devices: 1, share: 0.5 },
        { category: 'ent', seconds: 1800, sessions: 2, devices: 2, share: 0.5 },
      ]),
    );
    expect(body.categories).toHaveLength(2);
  });

  it("classifies apps by the tenant's catalogue over what the source sent", async () => {
    const put = await call(a.operator, '/v1/app-catalog', 'PUT', {
      apps: [{ app_id: 'org.geogebra', category: 'educational', name: 'GeoGebra' }],
    });
    expect(put.json().apps).toEqual([{ app_id: 'org.geogebra', category: 'educational', name: 'GeoGebra' }]);
    const twice = await call(a.operator, '/v1/app-catalog', 'PUT', {
      apps: [
        { app_id: 'org.x', category: 'educational' },
        { app_id: 'org.x', category: 'office' },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error).toMatchObject({ code: 'invalid_field', field: 'apps.1.app_id' });
    const body = (await call(a.operator, '/v1/establishments/0770934X/app-usage?from=2026-11-15&to=2026-11-16')).json();
    expect(Object.fromEntries(body.categories.map((c: { category: string; seconds: number }) => [c.category, c.seconds]))).toEqual({
      educational: 1800,
      ent: 1800,
      office: 900,
    });
  });

  it('is an aggregate a partner reads, and stays within the tenant', async () => {
    const partner = (await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'partner', name: 'academie' })).token;
    expect((await call(partner, '/v1/establishments/0770934X/app-usage?from=2026-11-16&to=2026-11-16')).statusCode).toBe(200);
    expect((await call(partner, '/v1/app-catalog', 'PUT', { apps: [] })).statusCode).toBe(403);
    const other = (await call(b.operator, '/v1/establishments/0770934X/app-usage?from=2026-11-16&to=2026-11-16')).json();
    expect(other.categories).toEqual([{ category: 'ent', seconds: 60, sessions: 1, devices: 1, share: 1 }]);
    expect((await call(b.operator, '/v1/app-catalog')).json().apps).toEqual([]);
  });
});
