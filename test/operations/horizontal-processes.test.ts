import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaintenanceTasks } from '@vigie/contracts';
import { createRedis, live } from '@vigie/queue';
import { appUsage, deviceDays, fleetSummary, heartbeats, ingestBatches, rollupDirty, syncRuns } from '@vigie/store';
import { makeFleet } from '../fake-mdm/fleet.ts';
import { startFakeIntune } from '../fake-mdm/intune.ts';
import type { FakeMdm } from '../fake-mdm/fake-server.ts';
import { startDeployment, type Deployment } from '../setup/deployment.ts';
import { beats, chunk, device, session, shuffled } from '../setup/events.ts';
import { completedIds, jobEvents, repeated, type JobEvent } from '../setup/job-events.ts';
import { connectStream, until } from '../setup/live-client.ts';
import { queuesDrained } from '../setup/queues-drained.ts';
import { ROLLUP_TEST_ENV } from '../setup/rollups.ts';
import { addCollege, seedTenant, waitFor, type SeededTenant } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// Two API and two worker processes on one database and one Redis, as a deployment scaled out runs
// them. "Nothing twice" is read from what the system records, never from a pause: row counts
// against what was pushed, the batches' stored marks, BullMQ's event stream (which keeps each
// completed job's id after the job is removed), the sync runs, the live window's event ids.

const MONDAY = '2026-11-16';
const TUESDAY = '2026-11-17';
const DEVICES = 40;
const SYNCED = 6;
// One sync per worker at a time: while one worker holds the first sync on the MDM, a second sync
// queued meanwhile can only be taken by the other worker.
const SETTINGS = {
  ...ROLLUP_TEST_ENV,
  SECRETS_KEY: randomBytes(32).toString('base64'),
  CONNECTOR_CONCURRENCY: '1',
  SWEEP_EVERY_SECONDS: '1',
  LIVE_COALESCE_MS: '50',
  LIVE_MAX_EVENTS_PER_UPDATE: '10000',
};

const env = useTestEnv({ env: SETTINGS });
const [pushed] = useTenants(env, 'horizontal');
let deployment: Deployment;
let mdm: FakeMdm;
let synced: SeededTenant;
let second: string;
const streams: Awaited<ReturnType<typeof connectStream>>[] = [];
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let batchIds: string[] = [];
let sync: { sourceId: string; jobIds: string[] };

const api = (i: number) => deployment.apis[i % deployment.apis.length]!;
async function call(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path} on ${base}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** 40 devices over two collèges: an inventory, a morning of check-ins and sessions each, shuffled. */
function schoolDays(uais: string[]) {
  const events: Record<string, unknown>[] = [];
  for (let d = 0; d < DEVICES; d++) {
    const id = `h-${d}`;
    events.push(device(id, { kind: 'laptop', assignment: 'individual' }, uais[d % 2]), ...beats(id, MONDAY, '08:00', '12:00'));
    events.push(session(id, MONDAY, '10:00', 600));
    if (d % 2 === 0) events.push(session(id, TUESDAY, '14:00', 300));
  }
  return shuffled(events, 7);
}

/**
 * Batches spread over both APIs; every third one also sent to the other API at the same time (two
 * connectors replaying one export), every fourth sent again once answered (a lost answer retried).
 */
async function pushEverywhere() {
  const answers = await Promise.all(
    chunk(schoolDays([pushed.uai, '0770935Y']), 37).map(async (events, i) => {
      const post = (base: string) => call(base, pushed.connector, 'POST', '/v1/ingest/events', { source: 'mdm', events });
      const first = await Promise.all([post(api(i)), ...(i % 3 === 0 ? [post(api(i + 1))] : [])]);
      return i % 4 === 1 ? [...first, await post(api(i))] : first;
    }),
  );
  return answers.flat().map((a) => a.batch_id as string);
}

/** "Sync now" asked of both APIs at once; the first sync is held on the MDM until both are recorded. */
async function syncEverywhere(release: () => void) {
  const source = await call(api(0), synced.operator, 'POST', '/v1/sources', {
    name: 'intune',
    kind: 'intune',
    base_url: mdm.url,
    token_url: `${mdm.url}/token`,
    credentials: { client_id: 'c', client_secret: 'graph-secret' },
  });
  const sourceId = source.id as string;
  const queued = await Promise.all([0, 1].map((i) => call(api(i), synced.operator, 'POST', `/v1/sources/${sourceId}/sync`)));
  const jobIds = queued.map((q) => q.job_id as string);
  // Two ids (or one, when both calls fell in the same millisecond and BullMQ kept one job): as many runs.
  await waitFor(
    async () => (await syncRuns.list(env.db, synced.tenantId, sourceId, 10)).length === new Set(jobIds).size && mdm.stats.listRequests > 0,
    30_000,
    'a run per sync job, one of them on the MDM',
  );
  release();
  await waitFor(
    async () => (await syncRuns.list(env.db, synced.tenantId, sourceId, 10)).every((r) => r.status !== 'running'),
    30_000,
    'the sync to finish',
  );
  return { sourceId, jobIds };
}

beforeAll(async () => {
  second = await addCollege(env, pushed.tenantId, '0770935Y', 'Collège B');
  synced = await seedTenant(env, 'horizontal-sync');
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  mdm = await startFakeIntune(makeFleet(SYNCED), { holdAt: { 1: held } });
  deployment = await startDeployment(env, { apis: 2, workers: 2 });
  for (const i of [0, 1, 0, 1]) {
    const client = await connectStream(api(i), pushed.operator);
    await client.subscribe(['ingest', 'fleet', `establishment:${pushed.establishmentId}`, `establishment:${second}`]);
    streams.push(client);
  }
  for (const i of [0, 1]) {
    const client = await connectStream(api(i), synced.operator);
    await client.subscribe(['sync']);
    streams.push(client);
  }
  try {
    [batchIds, sync] = await Promise.all([pushEverywhere(), syncEverywhere(release)]);
    await waitFor(
      async () =>
        !(await ingestBatches.countByStatus(env.db, pushed.tenantId)).accepted && (await rollupDirty.count(env.db, pushed.tenantId)) === 0,
      30_000,
      'every batch stored and every day rolled up',
    );
    await queuesDrained(env, 30_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${deployment.logs()}`);
  }
}, 120_000);

afterAll(async () => {
  for (const client of streams) client.close();
  await deployment?.stop();
  await mdm?.close();
  redis.disconnect();
}, 60_000);

const failures = (list: JobEvent[]) => list.filter((e) => e.event === 'failed').map((e) => `${e.jobId}: ${e.failedReason}`);

describe('two APIs and two workers on one database and one Redis', () => {
  it('store each event once, however often and through whichever API its batch came', async () => {
    // 20 batches, 7 of them sent to both APIs and 5 sent again: 32 requests, each its own batch.
    expect(new Set(batchIds).size).toBe(32);
    expect(await ingestBatches.countByStatus(env.db, pushed.tenantId)).toEqual({ stored: expect.objectContaining({ batches: 32 }) });
    expect(await heartbeats.count(env.db, pushed.tenantId)).toBe(DEVICES * 16);
    expect(await appUsage.count(env.db, pushed.tenantId)).toBe(DEVICES * 1.5);
    expect(await deviceDays.totals(env.db, pushed.tenantId)).toMatchObject({
      rows: DEVICES * 1.5,
      heartbeats: DEVICES * 16,
      usage_seconds: DEVICES * 600 + (DEVICES / 2) * 300,
    });
    const ingest = await jobEvents(env.queues.ingestBatch);
    expect(failures(ingest)).toEqual([]);
    expect(repeated(completedIds(ingest))).toEqual([]);
    // The worker's record of each batch, in the tenant's live window: stored exactly once.
    const window = await redis.xrange(live.liveStreamKey(env.config.redis.prefix, pushed.tenantId), '-', '+');
    const stored = window
      .map(([id, fields]) => live.parseLiveMessage(`${id} ${fields[1]}`)!.event)
      .flatMap((e) => (e.kind === 'ingest.progress' ? e.batches.filter((b) => b.status === 'stored').map((b) => b.batch_id) : []));
    expect(stored.toSorted()).toEqual(batchIds.toSorted());
  });

  it('compute each rollup slot and each scheduled tick once, and the tenant day is the sum of its establishment days', async () => {
    const rollups = await jobEvents(env.queues.rollupDay);
    expect(failures(rollups)).toEqual([]);
    expect(completedIds(rollups).length).toBeGreaterThan(0);
    expect(repeated(completedIds(rollups))).toEqual([]);
    // Both workers registered the maintenance schedulers at start-up: Redis holds one of each.
    expect((await env.queues.maintenance.getJobSchedulers(0, -1)).map((s) => s.key).toSorted()).toEqual([...MaintenanceTasks].toSorted());
    const ticks = completedIds(await jobEvents(env.queues.maintenance));
    expect(ticks.filter((id) => id.includes('sweep-batches')).length).toBeGreaterThan(1);
    expect(repeated(ticks)).toEqual([]);

    const figures = await sql<{ establishment_id: string | null; establishments: number; in_service: number; active: number }>`
      SELECT establishment_id, 1 AS establishments, in_service, active FROM establishment_days
      WHERE tenant_id = ${pushed.tenantId} AND day = ${MONDAY} AND dimension = 'all'
      UNION ALL
      SELECT NULL, establishments, in_service, active FROM tenant_days
      WHERE tenant_id = ${pushed.tenantId} AND day = ${MONDAY} AND dimension = 'all'`.execute(env.db);
    const byEstablishment = figures.rows.filter((r) => r.establishment_id);
    expect(byEstablishment.map((r) => r.in_service)).toEqual([DEVICES / 2, DEVICES / 2]);
    expect(figures.rows.find((r) => !r.establishment_id)).toMatchObject({
      establishments: 2,
      in_service: DEVICES,
      active: byEstablishment.reduce((sum, r) => sum + r.active, 0),
    });
  });

  it('run a sync asked of both workers at once one time: the other is recorded as already running', async () => {
    const runs = await syncRuns.list(env.db, synced.tenantId, sync.sourceId, 10);
    expect(runs.filter((r) => r.status === 'succeeded')).toEqual([
      expect.objectContaining({ records_seen: SYNCED, devices_created: SYNCED }),
    ]);
    expect(runs.filter((r) => r.status !== 'succeeded').map((r) => r.error_code)).toEqual(
      new Set(sync.jobIds).size === 2 ? ['already_running'] : [],
    );
    expect(mdm.stats.listRequests).toBe(runs.find((r) => r.status === 'succeeded')!.pages);
    const pulls = await jobEvents(env.queues.pullConnector);
    expect(failures(pulls)).toEqual([]);
    expect(completedIds(pulls).toSorted()).toEqual([...new Set(sync.jobIds)].toSorted());
  });

  it('count each job on the one worker process that finished it, and give both processes work', async () => {
    const perWorker = await deployment.completedJobs();
    // Scheduled ticks go on meanwhile, so only queues at rest are compared.
    for (const queue of [env.queues.ingestBatch, env.queues.rollupDay, env.queues.pullConnector]) {
      const total = perWorker.reduce((sum, counts) => sum + (counts[queue.name] ?? 0), 0);
      expect(total, queue.name).toBe(completedIds(await jobEvents(queue)).length);
    }
    // Each process ran one of the two syncs (one sync per process at a time, the first held).
    if (new Set(sync.jobIds).size === 2) expect(perWorker.map((counts) => counts['pull-connector'])).toEqual([1, 1]);
  });

  it('deliver every live update to clients of both APIs, whichever process ingested it', async () => {
    const [pushClients, syncClients] = [streams.slice(0, 4), streams.slice(4)];
    const storedSeen = (client: (typeof streams)[number]) =>
      client
        .events()
        .flatMap((e) => (e.event.kind === 'ingest.progress' ? (e.event.batches as { batch_id: string; status: string }[]) : []))
        .filter((b) => b.status === 'stored')
        .map((b) => b.batch_id);
    const activity = (client: (typeof streams)[number]) =>
      client.events().filter((e) => e.event.kind === 'establishment.activity' && e.event.day === MONDAY);
    for (const client of pushClients) {
      await until(() => storedSeen(client).length >= batchIds.length, 15_000, 'every stored batch on every client');
      expect(storedSeen(client).toSorted()).toEqual(batchIds.toSorted());
      // The last word on each collège's Monday is the figure rolled up, on both APIs.
      await until(
        () =>
          [pushed.establishmentId, second].every(
            (id) => activity(client).findLast((e) => e.event.establishment_id === id)?.event.in_service === DEVICES / 2,
          ),
        15_000,
        'the final activity of both collèges',
      );
    }
    // Summaries are published at most once a second per tenant, across workers; the last one each
    // client holds must still be read after the last batch was stored, on both APIs.
    const now = new Date();
    const fleet = await fleetSummary.read(env.db, pushed.tenantId, now);
    const perEstablishment = await fleetSummary.readByEstablishment(env.db, pushed.tenantId, now, [pushed.establishmentId, second]);
    const lastSummaries = (client: (typeof streams)[number]) => {
      const last = (kind: string, id?: string) =>
        client.events().findLast((e) => e.event.kind === kind && (!id || e.event.establishment_id === id))?.event.summary;
      return {
        fleet: last('fleet.summary'),
        [pushed.establishmentId]: last('establishment.counts', pushed.establishmentId),
        [second]: last('establishment.counts', second),
      };
    };
    const expected = {
      fleet,
      [pushed.establishmentId]: perEstablishment.get(pushed.establishmentId),
      [second]: perEstablishment.get(second),
    };
    for (const client of pushClients) {
      await until(() => JSON.stringify(lastSummaries(client)) === JSON.stringify(expected), 15_000, 'the summaries after the last batch');
    }
    const ids = pushClients.map((c) =>
      c
        .events()
        .map((e) => e.id)
        .toSorted(),
    );
    for (const list of ids) expect(list).toEqual(ids[0]);
    const outcomes = (await syncRuns.list(env.db, synced.tenantId, sync.sourceId, 10)).map((r) => `${r.id}:${r.status}`).toSorted();
    for (const client of syncClients) {
      const seen = () =>
        client
          .events()
          .flatMap((e) =>
            e.event.kind === 'sync.progress' && e.event.status !== 'running' ? [`${e.event.run_id}:${e.event.status}`] : [],
          );
      await until(() => seen().length >= outcomes.length, 15_000, 'the outcome of every run on both APIs');
      expect(seen().toSorted()).toEqual(outcomes);
    }
  });

  it('resume a stream on the other API from the last event seen on the first (a load balancer moving the client)', async () => {
    const onA = streams[0]!.events();
    const lastSeen = onA[Math.floor(onA.length / 2)]!.id;
    const moved = await connectStream(api(1), pushed.operator);
    streams.push(moved);
    await moved.subscribe(['ingest', 'fleet', `establishment:${pushed.establishmentId}`, `establishment:${second}`], lastSeen);
    const replay = await moved.next('replay');
    const after = new Set(onA.filter((e) => live.compareIds(e.id, lastSeen) > 0).map((e) => e.id));
    const replayed = replay.events!.toSorted((a, b) => live.compareIds(a.id, b.id));
    // Every event A received after the one it resumes from is replayed.
    expect(replayed.map((e) => e.id).filter((id) => after.has(id))).toEqual([...after].toSorted(live.compareIds));
    // The replay may hold more: a live update keeps only the latest event of each kind of a state topic
    // (a fleet summary, an establishment's counts or activity) within its coalescing window, the stream
    // keeps them all. So an event A never got is a state event a later one of its kind, which A got, replaced.
    const stateKey = (e: (typeof replayed)[number]) =>
      e.event.kind === 'fleet.summary'
        ? 'fleet'
        : e.event.kind === 'establishment.counts' || e.event.kind === 'establishment.activity'
          ? `${e.event.kind}:${e.event.establishment_id}`
          : null;
    for (const [i, e] of replayed.entries()) {
      if (after.has(e.id)) continue;
      const key = stateKey(e);
      expect(key, `replayed event ${e.id} (${e.event.kind}) that A never received`).not.toBeNull();
      expect(replayed.slice(i + 1).some((later) => stateKey(later) === key && after.has(later.id))).toBe(true);
    }
  });
});
