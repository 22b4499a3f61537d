import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '@vigie/store';
import { connectStream } from '../setup/live-client.ts';
import { seedTenant } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

const TOO_MANY = 4029;

describe('per token and unauthenticated caps', () => {
  const env = useTestEnv({
    env: {
      LIVE_MAX_SOCKETS_PER_TOKEN: '2',
      LIVE_MAX_UNAUTHENTICATED: '2',
      LIVE_MAX_SOCKETS_PER_ADDRESS: '100',
      LIVE_AUTH_TIMEOUT_MS: '60000',
    },
  });
  const [tenant] = useTenants(env, 'caps');
  let url: string;
  beforeAll(async () => {
    url = await env.app.listen({ host: '127.0.0.1', port: 0 });
  });

  it('closes an upgrade beyond the unauthenticated cap with 4029 too_many_sockets; authenticating frees the place', async () => {
    const waiting = [await connectStream(url, null), await connectStream(url, null)];
    const refused = await connectStream(url, null);
    const closed = await refused.whenClosed();
    expect(closed.code).toBe(TOO_MANY);
    expect(closed.reason).toMatch(/^too_many_sockets/);
    expect(refused.messages[0]).toMatchObject({ type: 'error', code: TOO_MANY });

    // Once both authenticate, two more may wait for theirs.
    for (const client of waiting) {
      client.send({ type: 'auth', token: tenant.operator });
      await client.next('ready');
    }
    const later = await connectStream(url, null);
    later.send({
      type: 'auth',
      token: (await apiTokens.create(env.db, { tenantId: tenant.tenantId, role: 'operator', name: 'later' })).token,
    });
    await later.next('ready');
    for (const client of [...waiting, later]) client.close();
  });

  it('closes a third stream of one token with 4029 and leaves its two streams and other tokens open', async () => {
    const token = (await apiTokens.create(env.db, { tenantId: tenant.tenantId, role: 'operator', name: 'wall' })).token;
    const first = await connectStream(url, token);
    const second = await connectStream(url, token);
    await first.next('ready');
    await second.next('ready');
    const third = await connectStream(url, token);
    const closed = await third.whenClosed();
    expect(closed.code).toBe(TOO_MANY);
    expect(closed.reason).toContain('per token');
    const other = await connectStream(url, tenant.connector);
    expect((await other.next('ready')).type).toBe('ready');
    expect([first.closed, second.closed]).toEqual([null, null]);
    for (const client of [first, second, other]) client.close();
  });
});

describe('per address cap', () => {
  const env = useTestEnv({ env: { LIVE_MAX_SOCKETS_PER_ADDRESS: '3', LIVE_MAX_SOCKETS_PER_TOKEN: '100' } });
  let url: string;
  beforeAll(async () => {
    url = await env.app.listen({ host: '127.0.0.1', port: 0 });
  });

  it('closes a fourth stream from one address with 4029, whatever the token', async () => {
    const tenant = await seedTenant(env, 'caps-address');
    const open = [
      await connectStream(url, tenant.operator),
      await connectStream(url, tenant.operator),
      await connectStream(url, tenant.connector),
    ];
    for (const client of open) await client.next('ready');
    const fourth = await connectStream(
      url,
      (await apiTokens.create(env.db, { tenantId: tenant.tenantId, role: 'operator', name: 'fourth' })).token,
    );
    const closed = await fourth.whenClosed();
    expect(closed.code).toBe(TOO_MANY);
    expect(closed.reason).toMatch(/^too_many_sockets/);
    expect(open.map((c) => c.closed)).toEqual([null, null, null]);
    for (const client of open) client.close();
  });
});
