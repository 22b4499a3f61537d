import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { obsolescenceRules } from '@vigie/store';
import { seedTenant } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv();
const [tenant] = useTenants(env, 'bad-input');

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
  env.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${tenant.operator}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('bad input is a 4xx naming the field, never a 5xx', () => {
  it.each([
    ['a NUL in a search', 'GET', '/v1/devices?q=a%00b', undefined, 'invalid_query', 'q'],
    ['a NUL in a path parameter', 'GET', '/v1/establishments/0770934X%00/carts', undefined, 'invalid_query', 'uai'],
    [
      'a NUL in a name',
      'PUT',
      '/v1/obsolescence/rules',
      { rules: [{ reason: 'age', platform: 'ios\u0000' }] },
      'invalid_field',
      'rules.0.platform',
    ],
    [
      'a threshold PostgreSQL cannot hold',
      'PUT',
      '/v1/obsolescence/rules',
      { rules: [{ reason: 'age', threshold: 1e308 }] },
      'invalid_field',
      'rules.0.threshold',
    ],
    ['a misspelt key', 'PUT', '/v1/obsolescence/rules', { rules: [{ reason: 'age', treshold: 3 }] }, 'invalid_field', 'rules.0.treshold'],
    ['an unknown top-level key', 'PUT', '/v1/obsolescence/rules', { rules: [], rule: [] }, 'invalid_field', 'rule'],
    [
      'a misspelt key in a push envelope',
      'POST',
      '/v1/ingest/events',
      { source: 'mdm', events: [{ type: 'heartbeat', device_id: 'd1', observed_at: new Date().toISOString() }], sorce: 'other' },
      'invalid_envelope',
      'sorce',
    ],
    [
      'a forged cursor date',
      'GET',
      `/v1/alerts?cursor=${Buffer.from(`2026-02-30T00:00:00Z|${randomUUID()}`).toString('base64url')}`,
      undefined,
      'invalid_query',
      'cursor',
    ],
  ] as const)('%s', async (_what, method, url, payload, code, field) => {
    const res = await call(method, url, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, field });
  });

  it('a misspelt key never replaces the rules with defaults', async () => {
    expect((await call('PUT', '/v1/obsolescence/rules', { rules: [{ reason: 'age', threshold: 4 }] })).statusCode).toBe(200);
    expect((await call('PUT', '/v1/obsolescence/rules', { rules: [{ reason: 'age', treshold: 9 }] })).statusCode).toBe(400);
    const { custom, rules } = await obsolescenceRules.list(env.db, tenant.tenantId);
    expect(custom).toBe(true);
    expect(rules).toEqual([expect.objectContaining({ reason: 'age', threshold: 4 })]);
  });

  it('an alert-rule override naming an establishment the tenant does not have is a 400', async () => {
    const stranger = randomUUID();
    const base = { kind: 'device_offline', name: 'silence', params: { days: 7 } };
    const created = await call('POST', '/v1/alert-rules', { ...base, overrides: { [stranger]: { days: 3 } } });
    expect(created.statusCode).toBe(400);
    expect(created.json().error.field).toBe(`overrides.${stranger}`);
    const own = await call('POST', '/v1/alert-rules', { ...base, overrides: { [tenant.establishmentId]: { days: 3 } } });
    expect(own.statusCode).toBe(201);
    const patched = await call('PATCH', `/v1/alert-rules/${own.json().id}`, { overrides: { [stranger]: { days: 3 } } });
    expect(patched.statusCode).toBe(400);
  });

  it("an alert-rule override naming another tenant's establishment is a 400, as for one that exists nowhere", async () => {
    const other = await seedTenant(env, 'bad-input-other', '0770935Y');
    const base = { kind: 'device_offline', name: 'silence elsewhere', params: { days: 7 } };
    const created = await call('POST', '/v1/alert-rules', { ...base, overrides: { [other.establishmentId]: { days: 3 } } });
    expect(created.statusCode).toBe(400);
    expect(created.json().error).toMatchObject({ code: 'invalid_field', field: `overrides.${other.establishmentId}` });
    const own = (await call('POST', '/v1/alert-rules', base)).json().id as string;
    const patched = await call('PATCH', `/v1/alert-rules/${own}`, { overrides: { [other.establishmentId]: { days: 3 } } });
    expect(patched.json().error).toMatchObject({ code: 'invalid_field', field: `overrides.${other.establishmentId}` });
  });
});
