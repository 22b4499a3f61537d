import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@vigie/config';
import { createRedis, tokenEnds } from '@vigie/queue';
import { apiTokens } from '@vigie/store';
import { buildApp } from '../../services/api/src/app.ts';
import { connectStream } from '../setup/live-client.ts';
import { tcpProxy } from '../setup/tcp-proxy.ts';
import { seedTenant, waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { runVigie } from '../setup/run-cli.ts';

const DAY_MS = 86_400_000;
const env = useTestEnv({ env: { TOKEN_MAX_DAYS: '90', LIVE_PING_SECONDS: '1' } });
const [tenant] = useTenants(env, 'tokens');
let admin: string;

beforeAll(async () => {
  admin = (await apiTokens.create(env.db, { tenantId: tenant.tenantId, role: 'admin', name: 'dsi-admin' })).token;
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const tokensUrl = (tenantId = tenant.tenantId) => `/v1/tenants/${tenantId}/tokens`;
const readDevices = (app: FastifyInstance, token: string) => app.inject({ url: '/v1/devices', headers: as(token) });

async function createToken(body: object, by = admin) {
  return env.app.inject({ method: 'POST', url: tokensUrl(), headers: as(by), payload: body });
}

describe('token routes', () => {
  it("lists a tenant's tokens with creator, expiry and last use, never their hash or secret", async () => {
    const created = await createToken({ role: 'operator', name: 'tableau de bord', expires_in_days: 30 });
    expect(created.statusCode).toBe(201);
    const { id, token, expires_at } = created.json();
    expect(Math.abs(Date.parse(expires_at) - (Date.now() + 30 * DAY_MS))).toBeLessThan(60_000);
    expect((await readDevices(env.app, token)).statusCode).toBe(200);
    await waitFor(
      async () =>
        (await env.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at !== null,
      5_000,
      'last use recorded',
    );

    const listed = await env.app.inject({ url: tokensUrl(), headers: as(admin) });
    expect(listed.statusCode).toBe(200);
    const item = listed.json().items.find((t: { id: string }) => t.id === id);
    expect(item).toMatchObject({ name: 'tableau de bord', role: 'operator', created_by: 'dsi-admin', expires_at, rotated_from: null });
    expect(item.last_used_at).not.toBeNull();
    expect(listed.body).not.toContain(token);
    expect(Object.keys(item).sort()).toEqual([
      'created_at',
      'created_by',
      'establishment_uais',
      'expires_at',
      'id',
      'last_used_at',
      'name',
      'role',
      'rotated_from',
    ]);
  });

  it('refuses a connector token without expiry and any token past TOKEN_MAX_DAYS, naming the field', async () => {
    for (const body of [
      { role: 'connector', name: 'intune' },
      { role: 'operator', name: 'long', expires_in_days: 91 },
      { role: 'operator', name: 'zero', expires_in_days: 0 },
    ]) {
      const refused = await createToken(body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'invalid_field', field: 'expires_in_days' });
    }
    expect((await createToken({ role: 'connector', name: 'intune', expires_in_days: 90 })).statusCode).toBe(201);
  });

  it("answers 403 to a non-admin and 404 to another tenant's admin, whose tokens it never sees", async () => {
    const other = await seedTenant(env, 'tokens-other');
    const otherAdmin = (await apiTokens.create(env.db, { tenantId: other.tenantId, role: 'admin', name: 'other' })).token;
    expect((await env.app.inject({ url: tokensUrl(), headers: as(tenant.operator) })).statusCode).toBe(403);
    expect((await env.app.inject({ url: tokensUrl(), headers: as(otherAdmin) })).statusCode).toBe(404);
    const anyId = (await apiTokens.list(env.db, tenant.tenantId))[0]!.id;
    const revoke = await env.app.inject({ method: 'DELETE', url: `${tokensUrl(other.tenantId)}/${anyId}`, headers: as(otherAdmin) });
    expect(revoke.statusCode).toBe(404);
    expect(await apiTokens.findLive(env.db, tenant.tenantId, anyId)).toBeDefined();
  });

  it('rotation returns the new token once; the old one keeps working until the overlap ends, then never again', async () => {
    const { id, token: old } = (await createToken({ role: 'operator', name: 'sync', expires_in_days: 10 })).json();
    expect((await readDevices(env.app, old)).statusCode).toBe(200);
    const rotated = await env.app.inject({
      method: 'POST',
      url: `${tokensUrl()}/${id}/rotate`,
      headers: as(admin),
      payload: { overlap_minutes: 5, expires_in_days: 20 },
    });
    expect(rotated.statusCode).toBe(201);
    const next = rotated.json();
    expect(next).toMatchObject({ previous_id: id, role: 'operator' });
    expect(Math.abs(Date.parse(next.previous_expires_at) - (Date.now() + 5 * 60_000))).toBeLessThan(60_000);
    expect((await readDevices(env.app, old)).statusCode).toBe(200);
    expect((await readDevices(env.app, next.token)).statusCode).toBe(200);
    const listed = (await env.app.inject({ url: tokensUrl(), headers: as(admin) })).json().items;
    expect(listed.find((t: { id: string }) => t.id === next.id)).toMatchObject({ name: 'sync', rotated_from: id });

    // Without overlap the old token ends now, on this process's cache too.
    const again = await env.app.inject({
      method: 'POST',
      url: `${tokensUrl()}/${next.id}/rotate`,
      headers: as(admin),
      payload: { overlap_minutes: 0 },
    });
    expect(again.statusCode).toBe(201);
    await waitFor(async () => (await readDevices(env.app, next.token)).statusCode === 401, 5_000, 'the rotated token to be refused');
    expect((await readDevices(env.app, again.json().token)).statusCode).toBe(200);
    const bounded = await env.app.inject({
      method: 'POST',
      url: `${tokensUrl()}/${again.json().id}/rotate`,
      headers: as(admin),
      payload: { overlap_minutes: 7 * 24 * 60 + 1 },
    });
    expect(bounded.statusCode).toBe(400);
    expect(bounded.json().error.field).toBe('overlap_minutes');
  });

  it('an expiring token is refused from its expiry on, not 30 s later from the cache', async () => {
    const { id, token } = (await createToken({ role: 'operator', name: 'short', expires_in_days: 1 })).json();
    await sql`UPDATE api_tokens SET expires_at = now() + interval '1 second' WHERE id = ${id}`.execute(env.db);
    expect((await readDevices(env.app, token)).statusCode).toBe(200);
    const { expires_at } = await env.db.selectFrom('api_tokens').select('expires_at').where('id', '=', id).executeTakeFirstOrThrow();
    await waitFor(async () => (await readDevices(env.app, token)).statusCode === 401, 5_000, 'the expired token to be refused');
    expect(Date.now() - expires_at!.getTime()).toBeLessThan(3_000);
    expect((await env.app.inject({ url: tokensUrl(), headers: as(admin) })).json().items.map((t: { id: string }) => t.id)).not.toContain(
      id,
    );
  });

  it("closes an expiring token's open stream with 4010 at the first ping after its expiry", async () => {
    const { id, token } = (await createToken({ role: 'operator', name: 'short stream', expires_in_days: 1 })).json();
    await sql`UPDATE api_tokens SET expires_at = now() + interval '2 seconds' WHERE id = ${id}`.execute(env.db);
    const url = await env.app.listen({ host: '127.0.0.1', port: 0 });
    const stream = await connectStream(url, token);
    await stream.next('ready');
    expect((await stream.whenClosed()).code).toBe(4010);
  });
});

describe('revocation across API processes', () => {
  let appB: FastifyInstance;
  const redisB = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let urlB: string;

  beforeAll(async () => {
    appB = await buildApp({ db: env.db, redis: redisB, queues: env.queues, config: env.config, log: env.log });
    urlB = await appB.listen({ host: '127.0.0.1', port: 0 });
    // Both processes listen for token ends before anything is revoked.
    const channel = tokenEnds.tokenEndsChannel(env.config.redis.prefix);
    await env.app.ready();
    await waitFor(
      async () => ((await env.redis.pubsub('NUMSUB', channel)) as [string, number])[1] >= 2,
      5_000,
      'both API processes subscribed',
    );
  });
  afterAll(async () => {
    await appB?.close();
    redisB.disconnect();
  });

  it('revoked on A: the next request on B is 401 and B closes the token’s open stream with 4010', async () => {
    const { id, token } = (await createToken({ role: 'operator', name: 'revoked' })).json();
    expect((await readDevices(appB, token)).statusCode).toBe(200);
    const stream = await connectStream(urlB, token);
    await stream.next('ready');
    const bystander = await connectStream(urlB, tenant.operator);
    await bystander.next('ready');

    const revoked = await env.app.inject({ method: 'DELETE', url: `${tokensUrl()}/${id}`, headers: as(admin) });
    expect(revoked.statusCode).toBe(204);
    const closed = await stream.whenClosed();
    expect(closed.code).toBe(4010);
    expect(closed.reason).toMatch(/^token_ended/);
    // B dropped its cached copy before closing the socket, so this request is looked up again.
    const after = await readDevices(appB, token);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthorized');
    expect(bystander.closed).toBeNull();
    bystander.close();
    expect((await env.app.inject({ method: 'DELETE', url: `${tokensUrl()}/${id}`, headers: as(admin) })).statusCode).toBe(404);
  });
});

describe('revocation while a process is cut from Redis', () => {
  let appC: FastifyInstance;
  let proxy: Awaited<ReturnType<typeof tcpProxy>>;
  let redisC: ReturnType<typeof createRedis>;
  let urlC: string;
  const channel = () => tokenEnds.tokenEndsChannel(env.config.redis.prefix);
  const listeners = async () => ((await env.redis.pubsub('NUMSUB', channel())) as [string, number])[1];

  beforeAll(async () => {
    proxy = await tcpProxy(Number(new URL(env.config.redis.url).port || 6379));
    await proxy.open();
    const config = loadConfig({ ...process.env, ...env.env, REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    redisC = createRedis(config.redis.url);
    redisC.on('error', () => undefined);
    appC = await buildApp({ db: env.db, redis: redisC, queues: env.queues, config, log: env.log });
    urlC = await appC.listen({ host: '127.0.0.1', port: 0 });
    await waitFor(async () => (await listeners()) >= 2, 5_000, 'both API processes subscribed');
  });
  afterAll(async () => {
    await proxy?.open().catch(() => undefined);
    await appC?.close();
    redisC?.disconnect();
  });

  it('closes the token’s streams with 4010 once the process is back on Redis, though it missed the end', async () => {
    const { id, token } = (await createToken({ role: 'operator', name: 'missed' })).json();
    const stream = await connectStream(urlC, token);
    await stream.next('ready');
    const before = await listeners();
    await proxy.cut();
    await waitFor(async () => (await listeners()) < before, 5_000, 'Redis to see the cut subscriber go');
    expect((await env.app.inject({ method: 'DELETE', url: `${tokensUrl()}/${id}`, headers: as(admin) })).statusCode).toBe(204);
    expect(stream.closed).toBeNull();
    await proxy.open();
    const closed = await stream.whenClosed();
    expect(closed.code).toBe(4010);
  });
});

describe('npm run vigie -- token-create', () => {
  const vigie = (args: string[]) => runVigie(args, { ...env.env, TOKEN_MAX_DAYS: '90' });

  it('refuses a connector token without --expires-in-days or past TOKEN_MAX_DAYS, and records the expiry given', async () => {
    const missing = await vigie(['token-create', '--tenant', 'tokens', '--role', 'connector', '--name', 'jamf']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--expires-in-days');
    const tooLong = await vigie(['token-create', '--tenant', 'tokens', '--role', 'operator', '--name', 'x', '--expires-in-days', '91']);
    expect(tooLong.code).toBe(2);
    const made = await vigie(['token-create', '--tenant', 'tokens', '--role', 'connector', '--name', 'jamf', '--expires-in-days', '30']);
    expect(made.code).toBe(0);
    const row = await apiTokens.findByToken(env.db, made.stdout.trim());
    expect(row?.role).toBe('connector');
    expect(Math.abs(row!.expires_at!.getTime() - (Date.now() + 30 * DAY_MS))).toBeLessThan(120_000);
  });
});
