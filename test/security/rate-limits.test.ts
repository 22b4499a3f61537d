import { describe, expect, it } from 'vitest';
import { apiTokens } from '@vigie/store';
import { baseTime, heartbeat } from '../setup/events.ts';
import { postEvents } from '../setup/push.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv({ env: { READ_RATE_PER_MINUTE: '3', EXPORT_RATE_PER_MINUTE: '2', CONNECTOR_MAX_PUSH_SOURCES: '2' } });
const [tenant] = useTenants(env, 'limits');

const operator = async (name: string) => (await apiTokens.create(env.db, { tenantId: tenant.tenantId, role: 'operator', name })).token;
const get = (token: string, url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
const EXPORT_URL = '/v1/bi/establishment_daily_v1.csv?from=2026-11-01&to=2026-11-07';

function expectLimited(response: Awaited<ReturnType<typeof get>>) {
  expect(response.statusCode).toBe(429);
  expect(response.json().error.code).toBe('rate_limited');
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
}

describe('read and export limits per token', () => {
  it('answers 429 rate_limited with Retry-After past READ_RATE_PER_MINUTE, and counts each token apart', async () => {
    const token = await operator('reader');
    for (let i = 0; i < 3; i++) expect((await get(token, '/v1/devices')).statusCode).toBe(200);
    expectLimited(await get(token, '/v1/fleet/summary'));
    expect((await get(await operator('other reader'), '/v1/devices')).statusCode).toBe(200);
  });

  it('exports have their own, smaller budget: past EXPORT_RATE_PER_MINUTE they answer 429 while reads go on', async () => {
    const token = await operator('exporter');
    for (let i = 0; i < 2; i++) expect((await get(token, EXPORT_URL)).statusCode).toBe(200);
    expectLimited(await get(token, EXPORT_URL));
    expect((await get(token, '/v1/devices')).statusCode).toBe(200);
  });

  it('writes do not count against the read budget', async () => {
    const token = await operator('writer');
    for (let i = 0; i < 3; i++) expect((await get(token, '/v1/devices')).statusCode).toBe(200);
    expect((await postEvents(env, token, [heartbeat('w1', baseTime(1), 0)], 'writer-source')).statusCode).toBe(202);
  });
});

describe('push sources a connector token creates', () => {
  const push = (token: string, source: string) => postEvents(env, token, [heartbeat('d1', baseTime(1), 0)], source);

  it('refuses a push that would create a source beyond CONNECTOR_MAX_PUSH_SOURCES with 403 source_limit, and keeps the existing ones open', async () => {
    expect((await push(tenant.connector, 'intune')).statusCode).toBe(202);
    expect((await push(tenant.connector, 'jamf')).statusCode).toBe(202);
    const refused = await push(tenant.connector, 'loop-1');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'source_limit', field: 'source' });
    const { n } = await env.db
      .selectFrom('sources')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenant.tenantId)
      .where('name', '=', 'loop-1')
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(0);
    expect((await push(tenant.connector, 'intune')).statusCode).toBe(202);

    // The cap is the token's: another connector token creates its own, and pushes to existing ones freely.
    const second = (
      await apiTokens.create(env.db, {
        tenantId: tenant.tenantId,
        role: 'connector',
        name: 'second',
        expiresAt: new Date(Date.now() + 86_400_000),
      })
    ).token;
    expect((await push(second, 'jamf')).statusCode).toBe(202);
    expect((await push(second, 'loop-1')).statusCode).toBe(202);
  });
});
