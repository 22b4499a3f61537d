import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, startMetricsServer } from '@vigie/metrics';
import { enqueue } from '@vigie/queue';
import { recomputeRuns } from '@vigie/store';
import { buildApp } from '../../services/api/src/app.ts';
import { createApiMetrics } from '../../services/api/src/metrics/api-metrics.ts';
import { createWorkerMetrics } from '../../services/worker/src/metrics/worker-metrics.ts';
import { startFakeGlpi } from '../fake-mdm/glpi.ts';
import { makeFleet } from '../fake-mdm/fleet.ts';
import type { FakeMdm } from '../fake-mdm/fake-server.ts';
import { createSource, syncNow } from '../connectors/sync-helpers.ts';
import { seedTenant, waitFor, type SeededTenant } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { heartbeat, baseTime } from '../setup/events.ts';
import { postEvents } from '../setup/push.ts';
import { rolledUp } from '../setup/rollups.ts';

const TOKEN = randomBytes(16).toString('hex');
const root = path.resolve(import.meta.dirname, '../..');
const env = useTestEnv({ env: { SECRETS_KEY: randomBytes(32).toString('base64'), ROLLUP_DELAY_MS: '200' } });
let tenant: SeededTenant;
let glpi: FakeMdm;
const closers: (() => Promise<void>)[] = [];
let apiUrl: string;
let workerUrl: string;
let app: Awaited<ReturnType<typeof buildApp>>;

async function scrape(url: string, token: string | null = TOKEN) {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text() };
}

/** The sum of the samples of `name` whose labels include `labels` (prom-client orders labels its own way). */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z0-9_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...m[2]!.matchAll(/([a-z_]+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

beforeAll(async () => {
  const workerRegistry = createRegistry('worker');
  await env.startWorker(createWorkerMetrics(workerRegistry, env.db, env.queues));
  const apiRegistry = createRegistry('api');
  app = await buildApp({ ...env, metrics: createApiMetrics(apiRegistry, env.db, env.redis) });
  closers.push(() => app.close());
  const listen = { host: '127.0.0.1', port: 0, token: TOKEN };
  const apiMetrics = await startMetricsServer(apiRegistry, listen, env.log);
  const workerMetrics = await startMetricsServer(workerRegistry, listen, env.log);
  closers.push(apiMetrics.close, workerMetrics.close);
  apiUrl = `http://127.0.0.1:${apiMetrics.port}/metrics`;
  workerUrl = `http://127.0.0.1:${workerMetrics.port}/metrics`;
  tenant = await seedTenant(env, 'metrics-a');
  glpi = await startFakeGlpi(makeFleet(3));
}, 60_000);

afterAll(async () => {
  for (const close of closers) await close();
  await glpi?.close();
});

describe('/metrics', () => {
  it('counts pushed events accepted and rejected per code, and the request per route and status', async () => {
    const before = await scrape(apiUrl);
    const base = baseTime();
    const res = await postEvents({ app }, tenant.connector, [
      heartbeat('m1', base, 0),
      heartbeat('m2', base, 1),
      { type: 'heartbeat', device_id: 'm3' },
    ]);
    expect(res.statusCode, res.body).toBe(207);
    const after = await scrape(apiUrl);
    expect(after.status).toBe(200);
    const accepted = (text: string) => value(text, 'vigie_ingest_events_total', { outcome: 'accepted' });
    expect(accepted(after.text) - accepted(before.text)).toBe(2);
    expect(value(after.text, 'vigie_ingest_events_total', { outcome: 'rejected', code: 'invalid_field' })).toBe(1);
    expect(
      value(after.text, 'vigie_http_request_duration_seconds_count', { method: 'POST', route: '/v1/ingest/events', status: '207' }),
    ).toBe(1);
    expect(after.text).toMatch(/vigie_process_resident_memory_bytes\{process="api"\} \d+/);
    expect(after.text).toMatch(/vigie_pg_pool_connections\{state="open",process="api"\} \d+/);
    expect(
      value(after.text, 'vigie_dependency_up', { dependency: 'postgres' }) +
        value(after.text, 'vigie_dependency_up', { dependency: 'redis' }),
    ).toBe(2);
  });

  it('shows the worker: jobs per queue, the outbox, the rollup backlog and syncs per system and outcome', async () => {
    const sourceId = await createSource(env, tenant, {
      name: 'glpi',
      kind: 'glpi',
      base_url: `${glpi.url}/apirest.php`,
      page_size: 2,
      time_zone: 'Europe/Paris',
      credentials: { user_token: 'glpi-user-token', app_token: 'glpi-app-token' },
      mapping: [{ match: 'Collège > *', uai: tenant.uai }],
    });
    const run = await syncNow(env, tenant, sourceId);
    expect(run.status).toBe('succeeded');
    await waitFor(
      async () =>
        value((await scrape(workerUrl)).text, 'vigie_job_duration_seconds_count', { queue: 'pull-connector', outcome: 'completed' }) >= 1,
      10_000,
      'the sync job timed',
    );
    const text = (await scrape(workerUrl)).text;
    expect(value(text, 'vigie_sync_runs_24h', { system: 'glpi', outcome: 'succeeded' })).toBe(1);
    expect(value(text, 'vigie_job_duration_seconds_count', { queue: 'ingest-batch', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/vigie_queue_jobs\{queue="rollup-day",state="delayed",process="worker"\} \d+/);
    expect(value(text, 'vigie_outbox_batches', { status: 'accepted' })).toBe(0);
    expect(text).toMatch(/vigie_outbox_oldest_age_seconds\{process="worker"\} 0/);
    expect(text).toMatch(/vigie_rollup_lag_seconds\{process="worker"\} [\d.]+/);
    expect(text).toMatch(/vigie_rollup_days_waiting\{process="worker"\} \d+/);
    // Idle between jobs: no request waits for a connection, not even the gauges' own queries.
    expect(text).toMatch(/vigie_pg_pool_connections\{state="waiting",process="worker"\} 0\n/);
    expect(text).not.toMatch(new RegExp(tenant.tenantId));
  });

  it("shows a recompute's progress, and the age of the oldest job waiting in a queue", async () => {
    await rolledUp(env, tenant.tenantId);
    const run = await recomputeRuns.request(env.db, tenant.tenantId, {
      reason: 'operator',
      establishmentIds: null,
      from: '2000-01-01',
      to: '2100-01-01',
    });
    expect(run.days_total).toBeGreaterThanOrEqual(1);
    const running = (await scrape(workerUrl)).text;
    expect(value(running, 'vigie_recompute_runs')).toBe(1);
    expect(value(running, 'vigie_recompute_days', { state: 'asked' })).toBe(run.days_total);
    expect(value(running, 'vigie_recompute_days', { state: 'left' })).toBe(run.days_total);
    await enqueue.recompute(env.queues, { tenantId: tenant.tenantId, runId: run.id, queued: false });
    await waitFor(async () => value((await scrape(workerUrl)).text, 'vigie_recompute_runs') === 0, 20_000, 'the recompute finished');
    expect(value((await scrape(workerUrl)).text, 'vigie_recompute_days', { state: 'left' })).toBe(0);

    // A queue no worker takes from: its oldest job's age is what an operator sees of a stall.
    const queue = env.queues.evaluateObsolescence;
    await queue.pause();
    const job = await queue.add('stalled', {}, { timestamp: Date.now() - 90_000 });
    try {
      const text = (await scrape(workerUrl)).text;
      expect(value(text, 'vigie_queue_oldest_waiting_seconds', { queue: queue.name })).toBeGreaterThanOrEqual(90);
      expect(value(text, 'vigie_queue_oldest_waiting_seconds', { queue: 'deliver-webhook' })).toBe(0);
    } finally {
      await job.remove();
      await queue.resume();
    }
  });

  it('has every metric the alert rules and the Grafana dashboard use', async () => {
    // A sample's name, or a declared metric with no sample yet (a gauge of failing sources when none fails).
    const scraped = new Set(
      [(await scrape(apiUrl)).text, (await scrape(workerUrl)).text].flatMap((t) =>
        [...t.matchAll(/^(?:# TYPE )?(vigie_[a-z0-9_]+)[{ ]/gm)].map((m) => m[1]!),
      ),
    );
    const used = (file: string) => [...readFileSync(path.join(root, file), 'utf8').matchAll(/vigie_[a-z0-9_]+/g)].map((m) => m[0]);
    const names = new Set([...used('infra/prometheus/vigie-alerts.yml'), ...used('infra/grafana/dashboards/vigie-pipeline.json')]);
    // Histograms and counters appear under their sample names (_bucket, _count, _total).
    const missing = [...names].filter((n) => !scraped.has(n) && !/^vigie_(api|worker|pipeline|prometheus)$/.test(n));
    expect(missing).toEqual([]);
    expect(names.size).toBeGreaterThan(15);
  });

  it('is served only on its own listener, with the token', async () => {
    expect((await scrape(apiUrl, null)).status).toBe(401);
    expect((await scrape(apiUrl, 'x'.repeat(32))).status).toBe(401);
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);
  });
});
