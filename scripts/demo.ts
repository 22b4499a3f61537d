// `npm run demo`: starts the API and the worker on the vigie_demo database, loads a deterministic
// département fleet through the real ingest API, then keeps it live until Ctrl-C.
//   --devices N (5000)  --establishments N (20)  --days N (3 school days)  --seed N (77)  --once
// DATABASE_URL, REDIS_URL, API_HOST and API_PORT override the defaults.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { activityEvents } from './fleet/activity.ts';
import { inBatches } from './fleet/batches.ts';
import { planFleet, type FleetPlan } from './fleet/fleet-plan.ts';
import { inventoryEvents } from './fleet/inventory.ts';
import { keepFleetLive, type LiveTick } from './fleet/live-fleet.ts';
import { progressBar } from './fleet/progress-bar.ts';
import { provisionFleet } from './fleet/provision.ts';
import { pushBatches } from './fleet/push-events.ts';
import { calendarOf, lessonAt, localTime, startOfSchoolDays } from './fleet/school-hours.ts';
import { call, type Api } from './fleet/vigie-client.ts';
import { startStack, type Stack } from './fleet/vigie-stack.ts';
import { outboxCounts, waitUntilStored } from './fleet/wait-stored.ts';
import type { IngestEvent } from '@vigie/contracts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '5000' },
    establishments: { type: 'string', default: '20' },
    days: { type: 'string', default: '3' },
    seed: { type: 'string', default: '77' },
    once: { type: 'boolean', default: false },
  },
});
const SOURCE = 'demo-mdm';
const LIVE_EVERY_MS = 10_000;
const number = new Intl.NumberFormat('en-US');
const say = (line = '') => process.stdout.write(`${line}\n`);

async function push(api: Api, label: string, events: () => Iterable<IngestEvent>) {
  let total = 0;
  for (const _ of events()) total++;
  const bar = progressBar(label, total);
  let sent = 0;
  const summary = await pushBatches(api, inBatches(events(), 100), {
    source: SOURCE,
    concurrency: 4,
    onBatch: (b) => bar.update((sent += b.events)),
  });
  bar.finish();
  if (summary.rejected > 0) say(`  ${summary.rejected} events were rejected, e.g. ${JSON.stringify(summary.firstRejection)}`);
  return summary.accepted;
}

async function load(stack: Stack, plan: FleetPlan, from: number) {
  const tenant = await provisionFleet({ baseUrl: stack.baseUrl, token: stack.adminToken }, plan, 'demo');
  const reuse = tenant.tenantCreated ? 'Created' : 'Reusing (devices of earlier runs stay)';
  say(`${reuse} tenant ${plan.tenant.code}: ${plan.establishments.length} collèges, ${number.format(plan.deviceCount)} devices.`);
  const before = await outboxCounts(stack.db, tenant.tenantId);
  let accepted = await push(tenant.connector, 'inventory', () => inventoryEvents(plan, from));
  const now = Date.now();
  accepted += await push(tenant.connector, 'activity ', () => activityEvents(plan, { from, to: now }));
  const bar = progressBar('stored   ', accepted);
  const stored = await waitUntilStored(stack.db, tenant.tenantId, before, bar);
  bar.update(stored.storedEvents - before.storedEvents);
  bar.finish();
  return { tenant, sentUntil: now };
}

function printWelcome(stack: Stack, plan: FleetPlan, operator: Api, from: number, summary: { total: number; last_seen: Record<string, number> }) {
  const auth = `-H 'Authorization: Bearer ${operator.token}'`;
  const paris = (at: number) => localTime(at, 'Europe/Paris').date;
  const uai = plan.establishments[0]!.uai;
  say();
  say('Vigie demo is running.');
  say();
  say(`  API       ${stack.baseUrl}`);
  say(`  API docs  ${stack.baseUrl}/docs`);
  say(`  Token     ${operator.token}  (operator of ${plan.tenant.code})`);
  say(`  Fleet     ${number.format(summary.total)} devices, ${number.format(summary.last_seen.lt_1d ?? 0)} seen in the last 24 h, in ${plan.establishments.length} collèges (one in La Réunion)`);
  say(`  Logs      ${stack.api.logFile}, ${stack.worker.logFile}`);
  say();
  say('Try:');
  say(`  curl -s ${auth} '${stack.baseUrl}/v1/devices?limit=3'`);
  say(`  curl -s ${auth} '${stack.baseUrl}/v1/fleet/summary'`);
  say(`  curl -s ${auth} '${stack.baseUrl}/v1/establishments/${uai}/daily?from=${paris(from)}&to=${paris(Date.now())}'`);
  say();
}

/** How many of the collèges are in a lesson at this instant. */
const inClassNow = (plan: FleetPlan, at: number) =>
  plan.establishments.filter((e) => lessonAt(calendarOf(e.calendarZone), localTime(at, e.timeZone)) !== null).length;

function reportLive(plan: FleetPlan) {
  let minute = { heartbeats: 0, sessions: 0, since: Date.now() };
  return (tick: LiveTick) => {
    minute.heartbeats += tick.heartbeats;
    minute.sessions += tick.sessions;
    if (tick.at - minute.since < 60_000) return;
    const inClass = inClassNow(plan, tick.at);
    const time = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(tick.at);
    say(`${time}  live: ${number.format(minute.heartbeats)} heartbeats, ${number.format(minute.sessions)} app sessions in the last minute (${inClass} collèges in class)`);
    minute = { heartbeats: 0, sessions: 0, since: tick.at };
  };
}

const plan = planFleet({
  seed: Number(args.seed),
  establishments: Number(args.establishments),
  devices: Number(args.devices),
  tenantCode: 'demo-77',
  tenantName: 'Département de Seine-et-Marne (démo)',
});
const host = process.env.API_HOST ?? '127.0.0.1';
say(`Starting the Vigie API and worker on ${host}:${process.env.API_PORT ?? 3000}...`);
const stack = await startStack({
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vigie_demo',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  redisPrefix: 'vigie-demo',
  host,
  port: Number(process.env.API_PORT ?? 3000),
  logDir: path.join(tmpdir(), 'vigie-demo'),
  // The demo loads days of activity in a minute: far more requests than a real connector's minute.
  env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', INGEST_RATE_PER_MINUTE: '100000' },
}).catch((error: unknown) => {
  process.stderr.write(`demo: ${(error as Error).message}\n`);
  process.exit(1);
});

let stopping = false;
let live: { stop(): Promise<void> } | undefined;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  say('Stopping the API and the worker...');
  await live?.stop();
  await stack.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const from = startOfSchoolDays(Date.now(), Number(args.days), 'C');
  const { tenant, sentUntil } = await load(stack, plan, from);
  const summary = (await call<{ total: number; last_seen: Record<string, number> }>(tenant.operator, 'GET', '/v1/fleet/summary')).body;
  printWelcome(stack, plan, tenant.operator, from, summary);
  if (args.once) await shutdown(0);
  say(inClassNow(plan, Date.now()) > 0
    ? `Live: every ${LIVE_EVERY_MS / 1000} s the devices in class push fresh heartbeats. Ctrl-C to stop.`
    : 'No lesson right now (8:00-12:00 and 13:30-17:30 on school days, Wednesday morning only): the fleet goes live again when class resumes. Ctrl-C to stop.');
  live = keepFleetLive(plan, tenant.connector, {
    source: SOURCE,
    sentUntil,
    everyMs: LIVE_EVERY_MS,
    onTick: reportLive(plan),
    onError: (error) => say(`live push failed, retrying at the next tick: ${(error as Error).message}`),
  });
} catch (error) {
  process.stderr.write(`demo: ${(error as Error).message}\n`);
  await shutdown(1);
}
