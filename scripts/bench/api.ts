// `npm run bench:api -- --devices N`: p50/p99 of the REST reads a dashboard makes on a région-sized
// fleet, alone and while check-ins are ingested, and the bytes on disk per device-day and per
// device-year (issue 14).
//   --devices N (1,000,000)  --requests N per class (1,000)  --in-flight N (8)  --ingest-rate events/s (5,000)
//   --reuse: keep the fleet of an earlier run with the same --devices (vigie_bench_api_<N>) instead of
//            rebuilding it; the database is always kept for the next --reuse.
//   --tag T: use vigie_bench_api_<N>_<T> instead, so two people on one server keep their own fleets.
// DATABASE_URL names the server; REDIS_URL is used with a prefix of this run. Last stdout line: one JSON object.
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { shippedHolidayPeriods } from '@vigie/calendar';
import { apiTokens, createDb, prepareDatabase, type Db } from '@vigie/store';
import { freePort } from '../stack/processes.ts';
import { startStack } from '../stack/vigie-stack.ts';
import { outboxCounts, waitUntilStored } from '../stack/wait-stored.ts';
import { buildFleet, type Fleet } from './api-fleet.ts';
import { measure, paceIngest, type Latencies, type Target } from './api-load.ts';
import { requestPaths, measureBi, type ClassName } from './api-requests.ts';
import { deleteRedisKeys, dropDatabase, serverSettings, withDatabase } from './bench-database.ts';
import { classBytes, footprint, personalShare } from './footprint.ts';
import { describeMachine } from './machine.ts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '8' },
    'ingest-rate': { type: 'string', default: '5000' },
    reuse: { type: 'boolean', default: false },
    tag: { type: 'string' },
  },
});
const N = Number(args.devices);
const REQUESTS = Number(args.requests);
const IN_FLIGHT = Number(args['in-flight']);
const RATE = Number(args['ingest-rate']);
if (![N, REQUESTS, IN_FLIGHT, RATE].every((v) => Number.isInteger(v) && v > 0) || N < 7 * 500)
  throw new Error('--devices (>= 3500), --requests, --in-flight and --ingest-rate are positive integers');
if (args.tag !== undefined && !/^[a-z0-9_]+$/.test(args.tag)) throw new Error('--tag is lower-case letters, digits and _');
const databaseName = `vigie_bench_api_${N}${args.tag ? `_${args.tag}` : ''}`;
const round1 = (v: number) => Math.round(v * 10) / 10;
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vigie';
const databaseUrl = withDatabase(serverUrl, databaseName);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisPrefix = `vigie-bench-api-${process.pid}`;
const holidays = shippedHolidayPeriods();

/** The fleet an earlier run left complete (its description is the database comment, set last), or null. */
async function builtFleet(): Promise<Fleet | null> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const r = await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [databaseName],
    );
    const comment = r.rows[0]?.comment;
    return comment?.startsWith('{') ? (JSON.parse(comment) as Fleet) : null;
  } finally {
    await admin.end();
  }
}

async function build(): Promise<{ fleet: Fleet; seconds: number }> {
  await dropDatabase(databaseUrl);
  const t0 = performance.now();
  const db = createDb({ url: databaseUrl, poolMax: 4, applicationName: 'vigie-bench-api' });
  try {
    await prepareDatabase(db, databaseUrl, 400);
    const fleet = await buildFleet(db, holidays, N, new Date(), log);
    await sql`COMMENT ON DATABASE ${sql.id(databaseName)} IS ${sql.lit(JSON.stringify(fleet))}`.execute(db);
    return { fleet, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await db.destroy();
  }
}

/** Waits until the worker has stored every batch of the tenant still accepted (the sweeper re-queues lost ones). */
async function drainOutbox(db: Db, tenantId: string, what: string) {
  const before = await outboxCounts(db, tenantId);
  if (before.pending === 0) return;
  log(`storing ${before.pending} batches ${what}`);
  await waitUntilStored(db, tenantId, before);
}

/**
 * Applies the migrations newer than a reused fleet here rather than in the API's start-up: at a
 * million devices a backfill takes minutes, longer than the stack waits for /readyz.
 */
async function migrateReused() {
  const db = createDb({ url: databaseUrl, poolMax: 4, applicationName: 'vigie-bench-api' });
  try {
    const t0 = performance.now();
    const { migrations } = await prepareDatabase(db, databaseUrl, 400);
    log(`migrations applied to the reused fleet: ${JSON.stringify(migrations)} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await db.destroy();
  }
}

const reused = args.reuse ? await builtFleet() : null;
const { fleet, seconds: buildSeconds } = reused ? { fleet: reused, seconds: 0 } : await build();
log(reused ? `reusing the fleet of ${databaseName}` : `fleet built in ${buildSeconds.toFixed(0)} s`);
if (reused) await migrateReused();

const stack = await startStack({
  databaseUrl,
  redisUrl,
  redisPrefix,
  host: '127.0.0.1',
  port: await freePort(),
  logDir: path.join(tmpdir(), redisPrefix),
  // A run stopped with its ingest still queued leaves batches accepted, and /readyz refuses an API
  // whose outbox holds old ones: the worker, started once the API is ready, is what stores them.
  env: { LOG_LEVEL: 'warn', INGEST_RATE_PER_MINUTE: '100000000', READ_RATE_PER_MINUTE: '100000000', READY_MAX_BATCH_AGE_SECONDS: '86400' },
});
try {
  const db = stack.db;
  const region = fleet.tenants[0]!;
  await drainOutbox(db, region.id, 'an earlier run left accepted');
  await sql`VACUUM ANALYZE`.execute(db);
  const atRest = await classBytes(db);
  // Rows at rest: earlier runs' ingest may have added some, so raw classes are measured per row.
  const rawRows = (
    await sql<{ heartbeats: number; sessions: number }>`
    SELECT (SELECT count(*) FROM heartbeats)::int AS heartbeats, (SELECT count(*) FROM app_usage)::int AS sessions`.execute(db)
  ).rows[0]!;
  const reader: Target = {
    baseUrl: stack.baseUrl,
    token: (await apiTokens.create(db, { tenantId: region.id, role: 'operator', name: 'bench api' })).token,
  };
  const pusher: Target = {
    baseUrl: stack.baseUrl,
    token: (await apiTokens.create(db, { tenantId: region.id, role: 'connector', name: 'bench ingest' })).token,
  };
  const paths = await requestPaths(db, reader, region.id, fleet.days);
  const serials = (
    await sql<{ serial: string }>`SELECT serial FROM devices WHERE tenant_id = ${region.id} AND status = 'in_service'`.execute(db)
  ).rows.map((r) => r.serial);

  const run = async (label: string) => {
    const out = {} as Record<ClassName, Latencies>;
    for (const [name, list] of Object.entries(paths) as [Exclude<ClassName, 'bi_month'>, string[]][]) {
      out[name] = await measure(reader, list, REQUESTS, IN_FLIGHT);
      log(`${label} ${name}: p50 ${out[name].p50} ms, p99 ${out[name].p99} ms ${JSON.stringify(out[name].byShape)}`);
    }
    out.bi_month = await measureBi(databaseUrl, region.id, fleet.days, REQUESTS, IN_FLIGHT);
    log(`${label} bi_month: p50 ${out.bi_month.p50} ms, p99 ${out.bi_month.p99} ms`);
    return out;
  };
  const loadAtStart = loadavg()[0]!;
  const alone = await run('alone');
  const biDevices = await measureBi(databaseUrl, region.id, fleet.days, Math.min(REQUESTS, 100), IN_FLIGHT, true);
  log(
    `alone bi.device_daily_v1 month (informational): p50 ${biDevices.p50} ms, p99 ${biDevices.p99} ms over ${biDevices.requests} queries`,
  );
  const pacer = paceIngest(pusher, 'bench-mdm', serials, RATE);
  const during = await run('during ingest');
  const ingested = await pacer.stop();
  // Stored before the footprint is measured and the stack stops, so that the next --reuse starts idle.
  await drainOutbox(db, region.id, 'the ingest left queued');
  log(
    `ingested ${ingested.events} events in ${ingested.requests} requests over ${ingested.seconds.toFixed(0)} s (${Math.round(ingested.events / ingested.seconds)} events/s)`,
  );

  const lastDay = (
    await sql<{ heartbeats: number; sessions: number }>`
    SELECT sum(heartbeats)::int AS heartbeats, sum(ceil(usage_seconds / 600.0))::int AS sessions
    FROM device_days WHERE day = ${fleet.days.at(-1)}::date`.execute(db)
  ).rows[0]!;
  // The outbox per event over every batch it holds (earlier runs' too): its growth in one run
  // depends on the free space earlier runs left.
  const outbox = (await sql<{ events: number }>`SELECT COALESCE(sum(event_count), 0)::int AS events FROM ingest_batches`.execute(db))
    .rows[0]!;
  const outboxBytes = (await classBytes(db)).outbox;
  const fp = footprint(
    { ...atRest, outbox: outboxBytes },
    {
      devices: N,
      deviceDays: N * fleet.days.length,
      outboxEvents: outbox.events,
      rows: { heartbeats: rawRows.heartbeats, sessions: rawRows.sessions },
      perDeviceDay: { heartbeats: lastDay.heartbeats / N, sessions: lastDay.sessions / N },
      personalShare: await personalShare(db),
    },
  );
  log(`footprint, bytes per device-day: ${JSON.stringify(fp.perDeviceDay)}`);
  log(`footprint, bytes per device and school year (${JSON.stringify(fp.perDeviceYear)}): ${fp.bytesPerDeviceYear}`);
  log(`footprint, bytes on disk per class: ${JSON.stringify(fp.bytes)}`);
  log(`a school day: ${(lastDay.heartbeats / N).toFixed(1)} check-ins and ${(lastDay.sessions / N).toFixed(2)} app sessions per device`);
  log(`server: ${await serverSettings(databaseUrl)}`);
  const p99 = (o: Record<ClassName, Latencies>, suffix: string) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [`${k}${suffix}`, v.p99]));
  const p50 = (o: Record<ClassName, Latencies>, suffix: string) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [`${k}${suffix}`, v.p50]));
  console.log(
    JSON.stringify({
      devices: N,
      tenant_devices: region.devices,
      school_days: fleet.days.length,
      build_s: Math.round(buildSeconds),
      requests_per_class: REQUESTS,
      in_flight: IN_FLIGHT,
      ingest_events_per_s: Math.round(ingested.events / ingested.seconds),
      load_1m: [round1(loadAtStart), round1(loadavg()[0]!)],
      p99_ms: { ...p99(alone, ''), ...p99(during, '_during_ingest') },
      p50_ms: { ...p50(alone, ''), ...p50(during, '_during_ingest') },
      bi_device_month_p99_ms: biDevices.p99,
      bytes_per_device_day: fp.perDeviceDay,
      bytes_per_device_year_by_class: fp.perDeviceYear,
      bytes_per_device_year: fp.bytesPerDeviceYear,
      date: new Date().toISOString(),
      machine: describeMachine(),
    }),
  );
} finally {
  await stack.stop();
  await deleteRedisKeys(redisUrl, redisPrefix);
}
