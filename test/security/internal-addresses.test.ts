import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, createRedis } from '@vigie/queue';
import { createOutbound, parseAllowList, type Resolve } from '@vigie/outbound';
import { apiTokens, notificationDeliveries, tenants } from '@vigie/store';
import { buildApp } from '../../services/api/src/app.ts';
import { startWorkers } from '../../services/worker/src/worker.ts';
import { runs } from '../connectors/sync-helpers.ts';
import { waitFor, type SeededTenant } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { startReceiver } from '../setup/webhook-receiver.ts';

// A DNS under the test's control (names like localtest.me need the network): the rebinding names
// answer an internal address however they were judged when saved; nothing else resolves.
const REBINDING: Record<string, string> = {
  'hooks.rebind.test': '127.0.0.1',
  'glpi.rebind.test': '127.0.0.1',
  'cloud.rebind.test': '169.254.169.254',
};
const resolve: Resolve = async (host) => {
  const address = REBINDING[host];
  if (address) return [{ address, family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

// No platform exception here: loopback is refused like any internal address.
const env = useTestEnv({
  env: { OUTBOUND_ALLOW: '', SECRETS_KEY: randomBytes(32).toString('base64'), WEBHOOK_MAX_ATTEMPTS: '1', CONNECTOR_MAX_ATTEMPTS: '1' },
});
const [a, b] = useTenants(env, 'intaddr-a', 'intaddr-b');
let app: FastifyInstance;
let worker: { close(): Promise<void> };
let platformAdmin: string;
const outbound = createOutbound({ allow: parseAllowList([]), resolve });

beforeAll(async () => {
  app = await buildApp({ db: env.db, redis: env.redis, queues: env.queues, config: env.config, log: env.log, outbound });
  worker = await startWorkers(
    { db: env.db, queues: env.queues, config: env.config, log: env.log, outbound },
    createRedis(env.config.redis.url),
  );
  platformAdmin = (await apiTokens.create(env.db, { tenantId: null, role: 'admin', name: 'platform' })).token;
});
afterAll(async () => {
  await worker?.close();
  await app?.close();
  outbound.close();
});

const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
const freshOperator = async (tenant: SeededTenant) =>
  (await apiTokens.create(env.db, { tenantId: tenant.tenantId, role: 'operator', name: `op-${randomBytes(3).toString('hex')}` })).token;
const webhook = (token: string, url: string) =>
  call(token, 'POST', '/v1/notification-endpoints', { kind: 'webhook', name: `hook-${randomBytes(4).toString('hex')}`, url });
const glpi = (baseUrl: string) => ({
  name: `glpi-${randomBytes(4).toString('hex')}`,
  kind: 'glpi',
  base_url: baseUrl,
  time_zone: 'Europe/Paris',
  credentials: { user_token: 'glpi-user-token', app_token: 'glpi-app-token' },
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('internal addresses', () => {
  const refused = [
    'http://127.0.0.1:8080/hook',
    'http://127.8.9.10/',
    'http://[::1]/',
    'http://localhost:3000/',
    'http://api.localhost/',
    'http://LOCALHOST./',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://10.0.0.5/',
    'http://172.16.3.4/',
    'http://192.168.1.20/',
    'http://[fd00::2]/',
    'http://[fc00::1]/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://[ff02::1]/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[::ffff:10.0.0.1]/',
  ];

  it.each(refused)('a webhook on %s is refused when saved, naming the field', async (url) => {
    const res = await webhook(a.operator, url);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'internal_address', field: 'url' });
  });

  it('a source base_url or token_url on an internal address is refused when saved and when changed', async () => {
    const created = await call(a.operator, 'POST', '/v1/sources', glpi('http://192.168.10.2/apirest.php'));
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json().error).toMatchObject({ code: 'internal_address', field: 'base_url' });
    const intune = await call(a.operator, 'POST', '/v1/sources', {
      name: 'intune',
      kind: 'intune',
      base_url: 'https://graph.microsoft.com',
      token_url: 'http://169.254.169.254/token',
      time_zone: 'Europe/Paris',
      credentials: { client_id: 'client', client_secret: 'secret' },
    });
    expect(intune.json().error, intune.body).toMatchObject({ code: 'internal_address', field: 'token_url' });
    const ok = await call(a.operator, 'POST', '/v1/sources', glpi('https://glpi.lycee-exemple.fr/apirest.php'));
    expect(ok.statusCode, ok.body).toBe(201);
    const patched = await call(a.operator, 'PATCH', `/v1/sources/${ok.json().id}`, { base_url: 'http://0x7f.1/apirest.php' });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error).toMatchObject({ code: 'internal_address', field: 'base_url' });
  });

  it('a webhook name that resolves to 127.0.0.1 is saved, then refused when connecting, by the test route and by the worker', async () => {
    const receiver = env.closes(await startReceiver());
    const rebound = receiver.url.replace('127.0.0.1', 'hooks.rebind.test');
    const created = await webhook(a.operator, rebound);
    expect(created.statusCode, created.body).toBe(201);
    const tested = await call(a.operator, 'POST', `/v1/notification-endpoints/${created.json().id}/test`);
    expect(tested.json()).toMatchObject({
      delivered: false,
      outcome: 'unreachable',
      status: 'failed',
      last_status: null,
      last_error: 'unreachable',
    });
    // The route answers once its one attempt is over: a request that had reached the receiver would be counted by now.
    expect(receiver.requests).toBe(0);

    const key = `rebind-${randomBytes(4).toString('hex')}`;
    const delivery = await notificationDeliveries.create(env.db, a.tenantId, {
      endpointId: created.json().id,
      idempotencyKey: key,
      kind: 'test',
      alertId: null,
      payload: { version: 1, id: key, type: 'test', created_at: new Date().toISOString(), tenant_id: a.tenantId },
    });
    await enqueue.deliverWebhook(env.queues, { tenantId: a.tenantId, deliveryId: delivery.id }, { attempts: 1, backoffMs: 100 });
    await waitFor(
      async () =>
        (await notificationDeliveries.listByEndpoint(env.db, a.tenantId, created.json().id, 10)).some(
          (d) => d.id === delivery.id && d.status === 'failed',
        ),
      15_000,
      'the delivery to fail',
    );
    const logged = (await notificationDeliveries.listByEndpoint(env.db, a.tenantId, created.json().id, 10)).find(
      (d) => d.id === delivery.id,
    )!;
    expect(logged).toMatchObject({ status: 'failed', last_error: 'unreachable', last_status: null });
    expect(receiver.requests).toBe(0);
  });

  it('a source whose name resolves to 127.0.0.1 fails its sync with internal_address before any request', async () => {
    const mdm = env.closes(await startReceiver());
    const created = await call(
      a.operator,
      'POST',
      '/v1/sources',
      glpi(mdm.url.replace('127.0.0.1', 'glpi.rebind.test').replace('/hook', '/apirest.php')),
    );
    expect(created.statusCode, created.body).toBe(201);
    const sourceId = created.json().id as string;
    expect((await call(a.operator, 'POST', `/v1/sources/${sourceId}/sync`)).statusCode).toBe(202);
    await waitFor(async () => (await runs({ ...env, app }, a, sourceId)).some((r) => r.status === 'failed'), 20_000, 'the sync to fail');
    const [run] = await runs({ ...env, app }, a, sourceId);
    expect(run).toMatchObject({ status: 'failed', error_code: 'internal_address', pages: 0 });
    expect(mdm.requests).toBe(0);
  });

  it("a platform administrator's allow-list opens an address for one tenant only; a name never opens loopback", async () => {
    const receiver = env.closes(await startReceiver());
    try {
      expect((await call(a.operator, 'PUT', `/v1/tenants/${a.tenantId}/outbound-allowlist`, { entries: ['127.0.0.1'] })).statusCode).toBe(
        403,
      );
      const bad = await call(platformAdmin, 'PUT', `/v1/tenants/${a.tenantId}/outbound-allowlist`, {
        entries: ['10.0.0.0/8', 'not a host', '127.0.0.1/33'],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'invalid_field', field: 'entries.1' });

      // A name alone opens private networks only, never loopback.
      await call(platformAdmin, 'PUT', `/v1/tenants/${a.tenantId}/outbound-allowlist`, { entries: ['hooks.rebind.test'] });
      const byName = (await webhook(a.operator, receiver.url.replace('127.0.0.1', 'hooks.rebind.test'))).json();
      expect((await call(a.operator, 'POST', `/v1/notification-endpoints/${byName.id}/test`)).json()).toMatchObject({
        outcome: 'unreachable',
      });
      expect(receiver.requests).toBe(0);

      const put = await call(platformAdmin, 'PUT', `/v1/tenants/${a.tenantId}/outbound-allowlist`, {
        entries: ['127.0.0.1/32', '10.20.0.0/16'],
      });
      expect(put.json()).toEqual({ tenant_id: a.tenantId, entries: ['127.0.0.1/32', '10.20.0.0/16'] });
      expect((await call(platformAdmin, 'GET', `/v1/tenants/${a.tenantId}/outbound-allowlist`)).json().entries).toEqual([
        '127.0.0.1/32',
        '10.20.0.0/16',
      ]);

      const created = await webhook(a.operator, receiver.url);
      expect(created.statusCode, created.body).toBe(201);
      receiver.setSecret(created.json().secret);
      const sent = await call(await freshOperator(a), 'POST', `/v1/notification-endpoints/${created.json().id}/test`);
      expect(sent.json()).toMatchObject({ delivered: true, outcome: 'delivered', status: 'delivered', last_status: 204 });
      expect(receiver.accepted).toHaveLength(1);
      expect((await call(a.operator, 'POST', '/v1/sources', glpi('http://10.20.1.2/apirest.php'))).statusCode).toBe(201);

      const other = await webhook(b.operator, receiver.url);
      expect(other.json().error).toMatchObject({ code: 'internal_address', field: 'url' });
    } finally {
      await call(platformAdmin, 'PUT', `/v1/tenants/${a.tenantId}/outbound-allowlist`, { entries: [] });
    }
  });

  it('the test route answers refused, unresolvable, TLS and internal failures with one neutral outcome, without their text', async () => {
    await call(platformAdmin, 'PUT', `/v1/tenants/${b.tenantId}/outbound-allowlist`, { entries: ['127.0.0.1'] });
    const port = await closedPort();
    const receiver = env.closes(await startReceiver());
    try {
      const urls = [
        `http://127.0.0.1:${port}/hook`, // connection refused
        'https://no-such-host.invalid/hook', // no DNS answer
        receiver.url.replace('http:', 'https:'), // TLS spoken to a plain HTTP server
        'http://cloud.rebind.test/computeMetadata/v1/', // internal at connect time (the metadata service)
      ];
      const answers = [];
      for (const url of urls) {
        const created = await webhook(b.operator, url);
        expect(created.statusCode, created.body).toBe(201);
        const tested = await call(await freshOperator(b), 'POST', `/v1/notification-endpoints/${created.json().id}/test`);
        expect(tested.statusCode).toBe(200);
        const { delivered, outcome, status, last_status, last_error } = tested.json();
        answers.push({ delivered, outcome, status, last_status, last_error });
        expect(tested.body).not.toMatch(/ECONN|ENOTFOUND|EPROTO|SSL|TLS|internal|loopback|127\.0\.0\.1|resolve/i);
      }
      expect(answers).toEqual(
        urls.map(() => ({ delivered: false, outcome: 'unreachable', status: 'failed', last_status: null, last_error: 'unreachable' })),
      );
    } finally {
      await call(platformAdmin, 'PUT', `/v1/tenants/${b.tenantId}/outbound-allowlist`, { entries: [] });
    }
  });

  it('the test route is limited per token: the sixth test in a minute is 429 rate_limited with Retry-After, another token is not', async () => {
    const created = (await webhook(a.operator, 'https://no-such-host.invalid/hook')).json();
    const token = await freshOperator(a);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(token, 'POST', `/v1/notification-endpoints/${created.id}/test`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await call(token, 'POST', `/v1/notification-endpoints/${created.id}/test`);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(await freshOperator(a), 'POST', `/v1/notification-endpoints/${created.id}/test`)).statusCode).toBe(200);
  });

  it("the operator CLI reads and replaces a tenant's allow-list, refusing a bad entry before any work", async () => {
    const vigie = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['scripts/vigie.ts', 'outbound-allow', ...args], {
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...process.env, ...env.env },
      });
    expect(JSON.parse((await vigie('--tenant', 'intaddr-a', '--set', '10.20.0.0/16, glpi.college.lan')).stdout)).toEqual([
      '10.20.0.0/16',
      'glpi.college.lan',
    ]);
    expect(await tenants.outboundAllow(env.db, a.tenantId)).toEqual(['10.20.0.0/16', 'glpi.college.lan']);
    expect(JSON.parse((await vigie('--tenant', 'intaddr-a')).stdout)).toEqual(['10.20.0.0/16', 'glpi.college.lan']);
    await expect(vigie('--tenant', 'intaddr-a', '--set', '10.0.0.0/33')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--set: 10.0.0.0/33'),
    });
    expect(JSON.parse((await vigie('--tenant', 'intaddr-a', '--clear')).stdout)).toEqual([]);
  });
});
