// `npm run bench:ingest -- --events N --concurrency C`: events/s end to end through the API and the
// worker, against a raw COPY of the same rows into the same tables, on a throw-away database.
//   --events N (1,000,000)  --concurrency C (8)  --seed N (1)  --establishments N (20)  --keep (keep the database)
//   --split: the worker's ingest queue paused while the events are pushed, then resumed, so the API
//            alone and the storing alone are each measured with the whole machine to themselves.
// DATABASE_URL names the server (the database is vigie_bench_<pid>); REDIS_URL, WORKER_CONCURRENCY
// and DATABASE_POOL_MAX pass through to the API and the worker; BENCH_LOG_LEVEL (warn) is their
// log level (info logs every request and job: with --keep, the logs stay for reading).
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@vigie/config';
import { appUsage, createDb, deviceDays, heartbeats, sources, tenants } from '@vigie/store';
import { addDays, localDate } from '@vigie/calendar';
import { datesFrom, fleetDays, inventoryEvents, planFleet, provisionFleet, take, type Delivered } from '@vigie/simulator';
import { freePort } from '../stack/processes.ts';
import { startStack, type Stack } from '../stack/vigie-stack.ts';
import { waitUntilRolledUp } from '../stack/wait-stored.ts';
import { deleteRedisKeys, dropDatabase, serverSettings, tableChurn, withDatabase } from './bench-database.ts';
import { copyRows, renderCopyRows } from './copy-baseline.ts';
import { sampleCpu, cpuSpent, type CpuSample } from './cpu-usage.ts';
import { driveIngest, summarize } from './drive-ingest.ts';
import { percentile } from './stats.ts';
import { describeMachine } from './machine.ts';
import { checksPass, printReport, type BenchResult } from './report.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    establishments: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    split: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(args.events);
const CONCURRENCY = Number(args.concurrency);
if (!Number.isInteger(EVENTS) || EVENTS < 100 || !Number.isInteger(CONCURRENCY) || CONCURRENCY < 1) {
  throw new Error('--events must be an integer >= 100 and --concurrency an integer >= 1');
}
const log = (line: string) => process.stderr.write(`${line}\n`);

// The simulator's realistic mix (heartbeats in class and at night, app sessions, late uploads) over
// four weeks; daily_activity reports are left out because the COPY baseline has no table for them.
// About 140 events per device over four weeks, fewer when they include school holidays.
const devices = Math.min(20_000, Math.max(200, Math.round(EVENTS / 100)));
const plan = planFleet({
  seed: Number(args.seed),
  establishments: Number(args.establishments),
  devices,
  tenantPrefix: `bench-${process.pid}-`,
});
const now = Date.now();
const dates = datesFrom(addDays(localDate(new Date(now), 'Europe/Paris'), -28), 28);
const window = { from: Date.parse(`${dates[0]}T00:00:00Z`) };
function* activity(): Generator<Delivered & { event: { type: 'heartbeat' | 'app_usage' } }> {
  for (const d of fleetDays(plan, dates)) {
    for (const e of d.delivered)
      if (e.event.type === 'heartbeat' || e.event.type === 'app_usage')
        yield e as Delivered & { event: { type: 'heartbeat' | 'app_usage' } };
  }
}
const workload = () => take(activity(), EVENTS);

const sent = { heartbeats: 0, appUsage: 0 };
for (const { event } of workload()) {
  if (event.type === 'heartbeat') sent.heartbeats++;
  else sent.appUsage++;
}
if (sent.heartbeats + sent.appUsage < EVENTS)
  throw new Error(`the fleet only has ${sent.heartbeats + sent.appUsage} events in four weeks; lower --events`);

const databaseName = `vigie_bench_${process.pid}`;
const databaseUrl = withDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vigie', databaseName);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisPrefix = `vigie-bench-${process.pid}`;
const logDir = path.join(tmpdir(), redisPrefix);
const config = loadConfig();
let stack: Stack | undefined;

let cleaned = false;
async function cleanUp(succeeded: boolean) {
  if (cleaned) return;
  cleaned = true;
  // A failed --split run may stop with storing paused: a worker started on a kept prefix must not idle.
  if (args.split && !succeeded) await stack?.queues.ingestBatch.resume().catch(() => undefined);
  await stack?.stop();
  if (args.keep) {
    log(`kept database ${databaseUrl}, Redis prefix ${redisPrefix} and the logs in ${logDir}`);
    return;
  }
  await dropDatabase(databaseUrl);
  await deleteRedisKeys(redisUrl, redisPrefix);
  if (succeeded) rmSync(logDir, { recursive: true, force: true });
  else log(`the API and worker logs are in ${logDir}`);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanUp(false).finally(() => process.exit(130)));

const COPY_RUNS = 3;

/** COPY of the same rows into fresh tenants, a few times; the median run is the baseline. */
async function measureCopy(rows: number) {
  const db = createDb({ url: databaseUrl, poolMax: 2, applicationName: 'vigie-bench' });
  try {
    const runs: number[] = [];
    const cpu: (number | null)[] = [];
    for (let run = 1; run <= COPY_RUNS; run++) {
      const tenant = await tenants.create(db, {
        code: `bench-copy-${process.pid}-${run}`,
        name: 'Bench COPY baseline',
        kind: 'departement',
      });
      const sourceId = await sources.ensure(db, tenant.id, 'bench-copy');
      log(`baseline ${run}/${COPY_RUNS}: COPY of ${rows.toLocaleString('en-US')} rows...`);
      const copy = await copyRows(
        databaseUrl,
        renderCopyRows(
          (function* () {
            for (const d of workload()) yield d.event;
          })(),
          tenant.id,
          sourceId,
        ),
      );
      runs.push(copy.seconds);
      cpu.push(copy.cpuSeconds);
      const copied = (await heartbeats.count(db, tenant.id)) + (await appUsage.count(db, tenant.id));
      if (copied !== rows) throw new Error(`COPY stored ${copied} rows, expected ${rows}`);
    }
    return { rows, seconds: percentile(runs, 50), runs, cpuSeconds: cpu.includes(null) ? null : percentile(cpu as number[], 50) };
  } finally {
    await db.destroy();
  }
}

try {
  log(`bench: ${EVENTS.toLocaleString('en-US')} events, concurrency ${CONCURRENCY}, database ${databaseName}`);
  stack = await startStack({
    databaseUrl,
    redisUrl,
    redisPrefix,
    host: '127.0.0.1',
    port: await freePort(),
    logDir,
    // Four weeks of history, all kept raw as in earlier runs (the defaults keep 8 and 35 days): the
    // same rows to store, and every check-in counted, as the baseline's COPY and the checks expect.
    env: {
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      INGEST_RATE_PER_MINUTE: '100000000',
      CHECK_IN_RETENTION_DAYS: '400',
      APP_SESSION_RETENTION_DAYS: '400',
    },
  });
  const tenant = [...(await provisionFleet({ baseUrl: stack.baseUrl, token: stack.adminToken }, plan, 'bench')).values()][0]!;
  const drive = { seed: plan.seed, concurrency: CONCURRENCY, databaseUrl };
  const inventory = await driveIngest(stack.db, tenant.connector, tenant.tenantId, inventoryEvents(plan, window.from), {
    ...drive,
    label: 'inventory',
    total: [...inventoryEvents(plan, window.from)].length,
  });

  // The inventory dirties the day each record was observed on, up to a year back: ≈ 2,000
  // establishment-days at 10,000 devices, each a first rollup of all its devices. That is set-up, as
  // the tenant's creation is: the clock starts once it is done, and the ingest's own rollups count.
  const settledSeconds = await waitUntilRolledUp(stack.db, stack.queues, tenant.tenantId, log);
  const sample = () => sampleCpu(stack!.api.pid, stack!.worker.pid, databaseName);
  if (args.split) await stack.queues.ingestBatch.pause();
  let cpuAccepted: CpuSample | undefined;
  const cpuBefore = sample();
  const ingest = await driveIngest(stack.db, tenant.connector, tenant.tenantId, workload(), {
    ...drive,
    label: 'ingest   ',
    total: EVENTS,
    ...(args.split && {
      onAccepted: async () => {
        cpuAccepted = sample();
        await stack!.queues.ingestBatch.resume();
        return Date.now();
      },
    }),
  });
  const cpuAfter = sample();
  const cpu = cpuSpent(cpuBefore, cpuAfter);
  const rssMb = { api: stack.api.peakRssMb(), worker: stack.worker.peakRssMb() };
  const checks = [
    { label: 'heartbeats', stored: await heartbeats.count(stack.db, tenant.tenantId), sent: sent.heartbeats },
    { label: 'app sessions', stored: await appUsage.count(stack.db, tenant.tenantId), sent: sent.appUsage },
    { label: 'device_days.heartbeats', stored: (await deviceDays.totals(stack.db, tenant.tenantId)).heartbeats, sent: sent.heartbeats },
  ];
  await stack.stop();
  // A backend flushes its table statistics when it exits: read them once the pools are closed.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const churn = await tableChurn(databaseUrl);

  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: describeMachine(),
    postgres: await serverSettings(databaseUrl),
    events: EVENTS,
    concurrency: CONCURRENCY,
    setup: {
      establishments: plan.establishments.length,
      devices,
      workerConcurrency: config.worker.concurrency,
      poolMax: config.db.poolMax,
    },
    inventory: { events: inventory.push.accepted, seconds: inventory.endToEndSeconds, rollupSeconds: settledSeconds },
    sent: { ...sent, requests: ingest.push.requests, retries: ingest.push.retries },
    acceptSeconds: (ingest.push.endedAt - ingest.push.startedAt) / 1000,
    endToEndSeconds: ingest.endToEndSeconds,
    latencyMs: summarize(ingest.latenciesMs),
    freshnessS: summarize(ingest.freshnessS),
    rssMb,
    cpu,
    checks,
    churn,
    copy: await measureCopy(EVENTS),
    ...(cpuAccepted && {
      split: { accept: cpuSpent(cpuBefore, cpuAccepted), store: cpuSpent(cpuAccepted, cpuAfter), storeSeconds: ingest.storeSeconds },
    }),
  };
  await cleanUp(true);
  printReport(result);
  if (!checksPass(result)) process.exitCode = 1;
} catch (error) {
  log(`bench failed: ${(error as Error).stack ?? error}`);
  await cleanUp(false).catch((e: unknown) => log(`clean-up failed: ${(e as Error).message}`));
  process.exitCode = 1;
}
