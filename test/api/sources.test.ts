import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiTokens, syncRuns } from '@vigie/store';
import { createTestEnv, seedTenant, waitFor } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { runSync } from '../../services/worker/src/pull/run-sync.ts';
import { scheduleSources } from '../../services/worker/src/schedule.ts';
import { makeFleet } from '../fake-mdm/fleet.ts';
import { startFakeIntune } from '../fake-mdm/intune.ts';
import { auth, runs } from '../connectors/sync-helpers.ts';

const env = useTestEnv({ env: { SECRETS_KEY: randomBytes(32).toString('hex') } });

const body = (extra: Record<string, unknown> = {}) => ({
  name: 'jamf-ecoles',
  kind: 'jamf_school',
  base_url: 'https://ecoles.jamfcloud.com/api',
  credentials: { network_id: 'n1', api_key: 'k-secret' },
  schedule: '*/30 7-18 * * 1-5',
  ...extra,
});

describe('sources as configuration', () => {
  it('creates, lists, updates, disables and deletes a source; credentials never come back', async () => {
    const tenant = await seedTenant(env, 'src-crud');
    const created = await env.app.inject({ method: 'POST', url: '/v1/sources', headers: auth(tenant.operator), payload: body() });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain('k-secret');
    const id = created.json().id;
    expect(created.json()).toMatchObject({ kind: 'jamf_school', page_size: 100, enabled: true, time_zone: 'Europe/Paris', mapping: [] });
    expect(await env.queues.pullConnector.getJobScheduler(`sync-${id}`)).toMatchObject({ pattern: '*/30 7-18 * * 1-5' });
    // The list explains the source: never run, credentials stored, when its schedule fires next (a
    // half hour from 7:00 to 18:30, Monday to Friday, Paris time), no devices yet.
    const explained = (await env.app.inject({ url: '/v1/sources', headers: auth(tenant.operator) })).json().items[0];
    expect(explained).toMatchObject({ id, last_run: null, last_success_at: null, credentials_set: true, devices: 0 });
    const next = new Date(explained.next_run_at);
    const paris = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
        .formatToParts(next)
        .map((p) => [p.type, p.value]),
    );
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(['00', '30']).toContain(paris.minute);
    expect(Number(paris.hour)).toBeGreaterThanOrEqual(7);
    expect(Number(paris.hour)).toBeLessThanOrEqual(18);
    expect(['Sat', 'Sun']).not.toContain(paris.weekday);

    const dup = await env.app.inject({ method: 'POST', url: '/v1/sources', headers: auth(tenant.operator), payload: body() });
    expect(dup.statusCode).toBe(409);

    const patched = await env.app.inject({
      method: 'PATCH',
      url: `/v1/sources/${id}`,
      headers: auth(tenant.operator),
      payload: { enabled: false, page_size: 500, mapping: [{ match: 'École*', uai: '0770934X' }] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ enabled: false, page_size: 500 });
    expect(await env.queues.pullConnector.getJobScheduler(`sync-${id}`)).toBeUndefined();

    // A PATCH naming one field leaves the others as stored (no defaults re-applied).
    const renamed = await env.app.inject({
      method: 'PATCH',
      url: `/v1/sources/${id}`,
      headers: auth(tenant.operator),
      payload: { name: 'jamf-renamed' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'jamf-renamed',
      enabled: false,
      page_size: 500,
      mapping: [{ match: 'École*', uai: '0770934X' }],
    });

    const listed = await env.app.inject({ url: '/v1/sources', headers: auth(tenant.operator) });
    expect(listed.json().items).toHaveLength(1);
    expect(listed.body).not.toContain('k-secret');

    const deleted = await env.app.inject({ method: 'DELETE', url: `/v1/sources/${id}`, headers: auth(tenant.operator) });
    expect(deleted.statusCode).toBe(204);
    expect((await env.app.inject({ url: `/v1/sources/${id}`, headers: auth(tenant.operator) })).statusCode).toBe(404);
  });

  it('restores the schedules of enabled sources from PostgreSQL when a worker starts (Redis may have lost them)', async () => {
    const tenant = await seedTenant(env, 'src-restore');
    const created = await env.app.inject({
      method: 'POST',
      url: '/v1/sources',
      headers: auth(tenant.operator),
      payload: body({ name: 'restored', time_zone: 'Indian/Reunion' }),
    });
    const id = created.json().id;
    await env.queues.pullConnector.removeJobScheduler(`sync-${id}`);
    expect(await env.queues.pullConnector.getJobScheduler(`sync-${id}`)).toBeUndefined();
    expect(await scheduleSources(env.db, env.queues)).toBeGreaterThanOrEqual(1);
    expect(await env.queues.pullConnector.getJobScheduler(`sync-${id}`)).toMatchObject({
      pattern: '*/30 7-18 * * 1-5',
      tz: 'Indian/Reunion',
    });
  });

  it("refuses credentials of the wrong shape, bad UAIs in mapping rules, bad cron, unknown kinds, and each kind's bad configurations", async () => {
    const tenant = await seedTenant(env, 'src-bad');
    const cases: [Record<string, unknown>, string][] = [
      [body({ credentials: { api_key: 'x' } }), 'credentials.network_id'],
      [body({ mapping: [{ match: 'x', uai: '0770934A' }] }), 'mapping.0.uai'],
      [body({ schedule: 'every day' }), 'schedule'],
      [body({ kind: 'airwatch' }), 'kind'],
      // Each kind's own rules, named at creation rather than failing a sync later.
      [body({ base_url: 'https://ecoles.jamfcloud.com' }), 'base_url'],
      [body({ options: { locations: 'collège' } }), 'options.locations'],
      [body({ options: { customer_id: 'C0' } }), 'options.customer_id'],
      [body({ options: { kinds: 'Elite 8300=desk' } }), 'options.kinds'],
      [{ name: 'glpi', kind: 'glpi', base_url: 'https://glpi.college.fr', credentials: { user_token: 't' } }, 'base_url'],
      [
        {
          name: 'graph',
          kind: 'intune',
          base_url: 'https://graph.microsoft.com/v1.0',
          options: { directory_id: 'college.onmicrosoft.com' },
          credentials: { client_id: 'c', client_secret: 's' },
        },
        'base_url',
      ],
      [
        { name: 'graph', kind: 'intune', base_url: 'https://graph.microsoft.com', credentials: { client_id: 'c', client_secret: 's' } },
        'options.directory_id',
      ],
      [
        {
          name: 'gws',
          kind: 'google',
          base_url: 'https://admin.googleapis.com',
          credentials: { client_email: 'vigie@p.iam.gserviceaccount.com', private_key: 'MIIEvQIBADANBg' },
        },
        'credentials.private_key',
      ],
    ];
    for (const [payload, field] of cases) {
      const res = await env.app.inject({ method: 'POST', url: '/v1/sources', headers: auth(tenant.operator), payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.field).toBe(field);
    }
  });

  it('is for admins and operators of the tenant only', async () => {
    const a = await seedTenant(env, 'src-roles-a');
    const b = await seedTenant(env, 'src-roles-b');
    const created = await env.app.inject({ method: 'POST', url: '/v1/sources', headers: auth(a.operator), payload: body() });
    const id = created.json().id;
    const reader = await apiTokens.create(env.db, {
      tenantId: a.tenantId,
      role: 'establishment',
      name: 'clg',
      establishmentUais: ['0770934X'],
    });
    expect((await env.app.inject({ url: '/v1/sources', headers: auth(a.connector) })).statusCode).toBe(403);
    expect((await env.app.inject({ url: '/v1/sources', headers: auth(reader.token) })).statusCode).toBe(403);
    expect((await env.app.inject({ url: `/v1/sources/${id}`, headers: auth(b.operator) })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'POST', url: `/v1/sources/${id}/sync`, headers: auth(b.operator) })).statusCode).toBe(404);
  });

  it('answers 503 with the fix when SECRETS_KEY is not configured', async () => {
    const bare = await createTestEnv();
    try {
      const tenant = await seedTenant(bare, 'src-nokey');
      const res = await bare.app.inject({ method: 'POST', url: '/v1/sources', headers: auth(tenant.operator), payload: body() });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.message).toMatch(/openssl rand/);
    } finally {
      await bare.close();
    }
  });

  it('runs one sync per source at a time: a second one started meanwhile is a skipped run; an abandoned run is closed', async () => {
    const tenant = await seedTenant(env, 'src-lock');
    const mdm = await startFakeIntune(makeFleet(6), { slowAt: [1], slowMs: 300 });
    try {
      const created = await env.app.inject({
        method: 'POST',
        url: '/v1/sources',
        headers: auth(tenant.operator),
        payload: {
          name: 'intune',
          kind: 'intune',
          base_url: mdm.url,
          token_url: `${mdm.url}/token`,
          credentials: { client_id: 'c', client_secret: 'graph-secret' },
        },
      });
      const sourceId = created.json().id;
      const deps = { db: env.db, queues: env.queues, config: env.config, log: env.log };
      const job = { tenantId: tenant.tenantId, sourceId, trigger: 'manual' as const };
      // A run left 'running' by a worker that died is closed as abandoned by the next sync.
      const stale = await syncRuns.start(env.db, tenant.tenantId, sourceId, 'schedule');
      // The second starts once the first holds the lock: its run row exists only after the lock is taken.
      const first = runSync(deps, job);
      await waitFor(
        async () => (await runs(env, tenant, sourceId)).some((r) => r.id !== stale.id && r.status === 'running'),
        10_000,
        'the first sync running',
      );
      const [one, two] = await Promise.all([first, runSync(deps, job)]);
      expect([one.status, two.status].sort()).toEqual(['skipped', 'succeeded']);
      const history = await runs(env, tenant, sourceId);
      expect(history.map((r) => r.status).sort()).toEqual(['failed', 'skipped', 'succeeded']);
      expect(history.find((r) => r.id === stale.id)).toMatchObject({ status: 'failed', error_code: 'abandoned' });
    } finally {
      await mdm.close();
    }
  });
});

describe('a changed SECRETS_KEY', () => {
  it('fails the sync with a config error that says what to do, instead of an internal error', async () => {
    const tenant = await seedTenant(env, 'src-rekey');
    const created = await env.app.inject({
      method: 'POST',
      url: '/v1/sources',
      headers: auth(tenant.operator),
      payload: body({ name: 'rekeyed' }),
    });
    const deps = {
      db: env.db,
      queues: env.queues,
      config: { ...env.config, secrets: { key: randomBytes(32).toString('base64'), previousKey: null } },
      log: env.log,
    };
    const run = await runSync(deps, { tenantId: tenant.tenantId, sourceId: created.json().id, trigger: 'manual' });
    expect(run).toMatchObject({ status: 'failed', errorCode: 'config', error: expect.stringMatching(/PATCH/) });
  });
});
