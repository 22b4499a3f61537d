// Benchmark of the rollup engine (issue 5): one school day of an N-device fleet, already folded into
// device_days as ingestion leaves it, rolled up by the real rollup-day code to device decisions,
// establishment days, carts, periods and the tenant day; then late data for single device-days.
//   npm run bench:rollup -- --devices 1000000 [--per-establishment 500] [--concurrency 4] [--late 50] [--recompute-days 30]
// With --recompute-days D, D school days up to that day are rolled up, then a setting changes
// (active threshold) and recompute_s times the recompute of those D days: the bulk marking
// (recomputeRuns.request, as the API does it) and the rollups of every establishment-day marked,
// in per-establishment batches as the recompute job queues them (--day-by-day: one rollup per day, as before).
// It works in its own database (vigie_bench_rollup or --database vigie_bench_*, recreated each run). With
// --reuse and --recompute-days, a database an earlier run of the same size left complete is kept and only
// the recompute is timed again (the threshold moves between 1,200 and 1,800 s, so every day changes):
// seeding and rolling up a million devices' history takes longer than the recompute itself.
// Last stdout line: one JSON object.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { shippedHolidayPeriods } from '@vigie/calendar';
import { establishmentCalendar, lessonMask, recentSchoolDays } from '@vigie/rollup';
import { loadConfig } from '@vigie/config';
import { MAX_ROLLUP_DAYS_PER_JOB, uaiCheckLetter } from '@vigie/contracts';
import {
  createDb,
  deviceDays,
  observations,
  prepareDatabase,
  recomputeRuns,
  rollupDirty,
  rollupSettings,
  sources,
  tenants,
  type Db,
} from '@vigie/store';
import { deviceDayIncrements } from '../../services/worker/src/ingest/device-day-increments.ts';
import { rollupDay } from '../../services/worker/src/rollup/rollup-day.ts';
import { establishmentBatches, rollupDays } from '../../services/worker/src/rollup/rollup-days.ts';
import { describeMachine } from './machine.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000000' },
    'per-establishment': { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '4' },
    late: { type: 'string', default: '50' },
    'recompute-days': { type: 'string', default: '0' },
    'day-by-day': { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    // Several people benchmarking on one server each name their own database.
    database: { type: 'string', default: 'vigie_bench_rollup' },
  },
});
const N = Number(values.devices);
const PER = Number(values['per-establishment']);
const CONCURRENCY = Number(values.concurrency);
const LATE = Number(values.late);
const RECOMPUTE_DAYS = Number(values['recompute-days']);
const DAY_BY_DAY = values['day-by-day'];
const DAY = '2026-11-16'; // a Monday with classes in zone C
const BENCH_DB = values.database;
if (!/^vigie_bench_[a-z0-9_]+$/.test(BENCH_DB)) throw new Error('--database must start with vigie_bench_ (it is dropped and recreated)');

const config = loadConfig();
const url = new URL(config.db.url);
url.pathname = `/${BENCH_DB}`;
// What a complete run leaves as the database comment: reusable by a later --reuse of the same size.
const fleetMark = JSON.stringify({ devices: N, perEstablishment: PER, recomputeDays: RECOMPUTE_DAYS });
const admin = new pg.Client({ connectionString: Object.assign(new URL(config.db.url), { pathname: '/postgres' }).toString() });
await admin.connect();
const reuse =
  values.reuse &&
  RECOMPUTE_DAYS > 0 &&
  (
    await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [BENCH_DB],
    )
  ).rows[0]?.comment === fleetMark;
if (values.reuse && !reuse) console.log(`no complete fleet of this size in ${BENCH_DB}: building it`);
if (!reuse) await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
await admin.end();
const db = createDb({ url: url.toString(), poolMax: CONCURRENCY + 2, applicationName: 'vigie-bench-rollup' });
await prepareDatabase(db, url.toString(), 30, new Date(`${DAY}T12:00:00Z`));

const log = (line: string) => console.log(line);
const timed = async <T>(what: string, run: () => Promise<T>) => {
  const t0 = performance.now();
  const out = await run();
  log(`${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
};

const holidays = shippedHolidayPeriods();
const establishmentCount = Math.ceil(N / PER);
const tenant = reuse
  ? (await tenants.findByCode(db, 'bench-region'))!
  : await tenants.create(db, { code: 'bench-region', name: 'Région de banc', kind: 'region' });
const establishmentIds = reuse
  ? (await sql<{ id: string }>`SELECT id FROM establishments WHERE tenant_id = ${tenant.id} ORDER BY uai`.execute(db)).rows.map((r) => r.id)
  : await timed(`fleet: ${establishmentCount} establishments, ${N} devices`, () => seedFleet(db, tenant.id));
/** Runs `run` over `items`, CONCURRENCY at a time, as that many rollup workers would. */
async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}
/** Rolls up establishment-days one by one, as the rollup-day jobs would. */
const rollUp = (days: { establishmentId: string; day: string }[]) =>
  inParallel(days, (d) => rollupDay(db, holidays, tenant.id, d.establishmentId, d.day));
/** Rolls up batches of an establishment's days, as the recompute's rollup-days jobs would. */
const rollUpBatches = (pending: { establishment_id: string; day: string }[]) =>
  inParallel(establishmentBatches(pending, MAX_ROLLUP_DAYS_PER_JOB), (b) => rollupDays(db, holidays, tenant.id, b.establishmentId, b.days));

const oneDay = reuse ? null : await benchOneDay();
const recompute = RECOMPUTE_DAYS > 0 ? await benchRecompute() : null;
if (recompute && !reuse) await sql`COMMENT ON DATABASE ${sql.id(BENCH_DB)} IS ${sql.lit(fleetMark)}`.execute(db);
await db.destroy();

const machine = describeMachine();
log(`machine: ${machine}`);
console.log(
  JSON.stringify({
    devices: N,
    ...(oneDay
      ? { events: oneDay.events, seconds: Number(oneDay.seconds.toFixed(2)), late_ms_per_device_day: Number(oneDay.late.toFixed(1)) }
      : { reused: true }),
    establishments: establishmentIds.length,
    concurrency: CONCURRENCY,
    ...(recompute
      ? {
          recompute_days: RECOMPUTE_DAYS,
          recompute_establishment_days: recompute.days,
          recompute_path: DAY_BY_DAY ? 'day-by-day' : 'batches',
          recompute_s: recompute.seconds,
          recompute_load: recompute.load,
        }
      : {}),
    machine,
  }),
);

/** D school days rolled up, then a new active threshold recomputed over all of them. */
async function benchRecompute() {
  const calendar = establishmentCalendar({ type: 'college', calendar_zone: 'C', rhythm: null, alsace_moselle: false }, holidays);
  const days = recentSchoolDays(calendar, DAY, RECOMPUTE_DAYS);
  if (!reuse) await backfill(days.filter((d) => d !== DAY));
  const before = await activeOver(days);
  // A higher threshold makes fewer device-days active, a lower one more (a reused fleet goes back and forth).
  const current = (await rollupSettings.get(db, tenant.id)).active_seconds;
  const threshold = current === 1_200 ? 1_800 : 1_200;

  const loadBefore = loadavg()[0]!;
  const t = performance.now();
  await rollupSettings.set(db, tenant.id, { active_seconds: threshold });
  const run = await recomputeRuns.request(db, tenant.id, { reason: 'settings', establishmentIds: null, from: days.at(-1)!, to: DAY });
  let done = 0;
  for (let page; (page = await recomputeRuns.pendingDays(db, tenant.id, run, null, 5_000)).length > 0;) {
    if (DAY_BY_DAY) await rollUp(page.map((d) => ({ establishmentId: d.establishment_id, day: d.day })));
    else await rollUpBatches(page);
    done += page.length;
    // Progress, so a run stopped early still gives a rate.
    log(
      `  ${done} of ${run.days_total} establishment-days in ${((performance.now() - t) / 1000).toFixed(1)} s (load ${loadavg()[0]!.toFixed(1)})`,
    );
  }
  const recomputeSeconds = (performance.now() - t) / 1000;
  const after = await activeOver(days);
  log(
    `recompute of ${run.days_total} establishment-days (${days.length} school days) after a setting change: ${recomputeSeconds.toFixed(1)} s; active device-days ${before} -> ${after}`,
  );
  if (run.days_total !== days.length * establishmentIds.length || (threshold > current ? after >= before : after <= before))
    throw new Error('the recompute did not redo every day with the new threshold');
  // The machine is shared: the 1-minute load average before and after says what the figure competed with.
  return {
    days: run.days_total,
    seconds: Number(recomputeSeconds.toFixed(2)),
    load: [loadBefore, loadavg()[0]!].map((x) => Number(x.toFixed(1))),
  };
}

/** One school day of the fleet folded and rolled up, then late data on single device-days. */
async function benchOneDay() {
  const events = await timed('device_days of one school day', () => seedDeviceDays(db, tenant.id, [DAY]));
  await sql`ANALYZE`.execute(db);
  await rollupDirty.mark(
    db,
    tenant.id,
    establishmentIds.map((establishmentId) => ({ establishmentId, day: DAY })),
  );

  const t0 = performance.now();
  await rollUp(establishmentIds.map((establishmentId) => ({ establishmentId, day: DAY })));
  const seconds = (performance.now() - t0) / 1000;
  log(`rollup of ${establishmentIds.length} establishment-days: ${seconds.toFixed(1)} s`);
  const check = (
    await sql<{ in_service: number; active: number; rows: number }>`
    SELECT (SELECT in_service FROM tenant_days WHERE tenant_id = ${tenant.id} AND day = ${DAY} AND dimension = 'all') AS in_service,
           (SELECT active FROM tenant_days WHERE tenant_id = ${tenant.id} AND day = ${DAY} AND dimension = 'all') AS active,
           (SELECT count(*)::int FROM device_activity WHERE tenant_id = ${tenant.id}) AS rows`.execute(db)
  ).rows[0]!;
  log(`tenant day: ${check.in_service} devices in service, ${check.active} active; ${check.rows} device decisions`);
  if (check.in_service !== N || check.rows !== N) throw new Error(`expected ${N} devices in the tenant day, got ${check.in_service}`);

  // Late data: one more app session on one device-day, then the rollup of the day it touches.
  const lateMs: number[] = [];
  const picked = (
    await sql<{ id: string; establishment_id: string }>`
    SELECT id, establishment_id FROM devices WHERE tenant_id = ${tenant.id} ORDER BY md5(id::text) LIMIT ${LATE}`.execute(db)
  ).rows;
  const lateSource = await sources.ensure(db, tenant.id, 'bench-late');
  for (const device of picked) {
    await db.transaction().execute(async (trx) => {
      const fresh = await observations.insertNew(trx, tenant.id, lateSource, {
        heartbeats: [],
        sessions: [
          {
            deviceId: device.id,
            startedAt: `${DAY}T13:00:00Z`,
            appId: 'bench.late',
            appName: null,
            category: null,
            durationS: 600,
            observedAt: `${DAY}T13:10:00Z`,
          },
        ],
      });
      await deviceDays.add(
        trx,
        tenant.id,
        deviceDayIncrements(fresh, () => ({ establishmentId: device.establishment_id, timeZone: 'Europe/Paris' })),
        [],
      );
      await rollupDirty.mark(trx, tenant.id, [{ establishmentId: device.establishment_id, day: DAY, deviceIds: [device.id] }]);
    });
    const t = performance.now();
    await rollupDay(db, holidays, tenant.id, device.establishment_id, DAY);
    lateMs.push(performance.now() - t);
  }
  const late = lateMs.reduce((s, x) => s + x, 0) / Math.max(lateMs.length, 1);
  const p95 = lateMs.length ? percentile(lateMs, 95) : 0;
  log(
    `late data, ${LATE} device-days: mean ${late.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (each redoes its device's decision, then its establishment-day, carts, periods and tenant day)`,
  );
  return { events, seconds, late, p95 };
}

/** The recompute's history: the other school days folded, then rolled up as a backfill would. */
async function backfill(earlier: string[]) {
  await timed(`device_days of ${earlier.length} more school days`, async () => {
    await seedDeviceDays(db, tenant.id, earlier);
    await sql`ANALYZE`.execute(db);
  });
  const history = establishmentIds.flatMap((establishmentId) => earlier.toSorted().map((day) => ({ establishmentId, day })));
  await rollupDirty.mark(db, tenant.id, history);
  // A backfill of never rolled-up days, in per-establishment batches (day by day, 1,000,000 devices took hours).
  await timed(`rollup of ${history.length} more establishment-days`, () =>
    rollUpBatches(history.map((h) => ({ establishment_id: h.establishmentId, day: h.day }))),
  );
  await sql`ANALYZE`.execute(db);
}

async function activeOver(days: string[]): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT COALESCE(sum(active), 0)::int AS n FROM tenant_days WHERE tenant_id = ${tenant.id} AND dimension = 'all' AND day = ANY(${days}::date[])`.execute(
    db,
  );
  return r.rows[0]!.n;
}

async function seedFleet(db: Db, tenantId: string): Promise<string[]> {
  const uais = Array.from({ length: establishmentCount }, (_, i) => {
    const digits = String(1_000_000 + i).padStart(7, '0');
    return digits + uaiCheckLetter(digits);
  });
  const rows = await sql<{ id: string }>`
    INSERT INTO establishments (tenant_id, uai, name, type, calendar_zone, time_zone)
    SELECT ${tenantId}, u, 'Établissement ' || u, CASE WHEN n % 3 = 0 THEN 'lycee' ELSE 'college' END, 'C', 'Europe/Paris'
    FROM unnest(${uais}::text[]) WITH ORDINALITY AS t(u, n) ORDER BY n RETURNING id`.execute(db);
  const ids = rows.rows.map((r) => r.id);
  // Two carts per establishment; one device in 5 is in a cart.
  await sql`INSERT INTO carts (tenant_id, establishment_id, name) SELECT ${tenantId}, e, c FROM unnest(${ids}::uuid[]) e, (VALUES ('Chariot A'), ('Chariot B')) v(c)`.execute(
    db,
  );
  await sql`
    INSERT INTO devices (tenant_id, establishment_id, cart_id, kind, serial, serial_key, assignment, status, acquired_on, provisional, first_seen, last_contact)
    SELECT ${tenantId}, e.id, CASE WHEN g % 5 = 0 THEN c.id END,
           (ARRAY['tablet', 'tablet', 'chromebook', 'laptop', 'desktop'])[1 + g % 5],
           'SN' || g, 'SN' || g, CASE WHEN g % 5 = 0 THEN 'cart' WHEN g % 5 = 4 THEN 'shared_room' ELSE 'individual' END,
           'in_service', DATE '2023-09-01', false, TIMESTAMPTZ '2023-09-01', TIMESTAMPTZ '${sql.raw(DAY)}T18:00:00Z'
    FROM generate_series(0, ${N - 1}) g
    JOIN LATERAL (SELECT (${ids}::uuid[])[1 + g / ${PER}] AS id) e ON true
    LEFT JOIN LATERAL (SELECT id FROM carts WHERE tenant_id = ${tenantId} AND establishment_id = e.id AND name = CASE WHEN g % 2 = 0 THEN 'Chariot A' ELSE 'Chariot B' END) c ON g % 5 = 0`.execute(
    db,
  );
  // Every device comes from a source, as ingestion records it: the use-signal lookup of the rollup
  // joins devices to their sources, and without these rows it would cost nothing here.
  const mdm = await sources.ensure(db, tenantId, 'bench-mdm');
  await sql`
    INSERT INTO device_sources (tenant_id, source_id, external_id, device_id, first_seen, first_contact, last_contact)
    SELECT tenant_id, ${mdm}, serial, id, first_seen, first_seen, last_contact FROM devices WHERE tenant_id = ${tenantId}`.execute(db);
  return ids;
}

/**
 * Local days as ingestion folds them: chromebooks measured, most others with app usage, some presence
 * only, carts on charge all night. All days in one statement, day after day as ingestion writes them.
 */
async function seedDeviceDays(db: Db, tenantId: string, days: string[]): Promise<number> {
  const lesson = lessonMask({ morning: true, afternoon: true });
  const r = await sql<{ events: number }>`
    WITH d AS (
      SELECT id, establishment_id, kind, assignment, row_number() OVER (ORDER BY id) AS n FROM devices WHERE tenant_id = ${tenantId}
    ), ins AS (
      INSERT INTO device_days (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds, measured_seconds, measured_observed_at)
      SELECT ${tenantId}, id, k.day, establishment_id,
             CASE WHEN assignment = 'cart' THEN repeat('1', 96)::bit(96) ELSE ${lesson}::bit(96) END,
             CASE WHEN assignment = 'cart' THEN 96 ELSE 32 END,
             CASE WHEN kind <> 'chromebook' AND n % 10 < 6 THEN 300 + (n % 7) * 600 ELSE 0 END,
             CASE WHEN kind = 'chromebook' THEN (n % 9) * 400 END,
             CASE WHEN kind = 'chromebook' THEN (k.day + TIME '23:00') AT TIME ZONE 'UTC' END
      FROM unnest(${days}::date[]) AS k(day) CROSS JOIN d WHERE n % 10 <> 9
      ORDER BY k.day
      RETURNING heartbeats, usage_seconds, measured_seconds
    )
    SELECT (sum(heartbeats) + sum(CASE WHEN usage_seconds > 0 THEN ceil(usage_seconds / 600.0) ELSE 0 END)
            + count(measured_seconds))::bigint AS events FROM ins`.execute(db);
  return Number(r.rows[0]!.events);
}
