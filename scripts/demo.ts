// `npm run demo`: starts the API and the worker on the vigie_demo database, backfills two weeks of
// a simulated département fleet (@vigie/simulator) through the real ingest API, then keeps it live
// until Ctrl-C.
//   --devices N (5000)  --establishments N (20)  --days N (14)  --seed N (77)  --once
// DATABASE_URL, REDIS_URL, REDIS_PREFIX, API_HOST and API_PORT override the defaults.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { localDate, localParts } from '@vigie/calendar';
import { loadConfig } from '@vigie/config';
import {
  call,
  calendarOf,
  keepFleetLive,
  lessonStarts,
  positiveInt,
  UsageError,
  type Api,
  type FleetPlan,
  type LiveTick,
} from '@vigie/simulator';
import { createLoginLink } from '../services/api/src/sign-in/login-link.ts';
import { DEMO_FLEET, demoDates, demoPlan, loadDemoFleet } from './stack/demo-fleet.ts';
import { startStack, type Stack } from './stack/vigie-stack.ts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: String(DEMO_FLEET.devices) },
    establishments: { type: 'string', default: String(DEMO_FLEET.establishments) },
    days: { type: 'string', default: String(DEMO_FLEET.days) },
    seed: { type: 'string', default: String(DEMO_FLEET.seed) },
    once: { type: 'boolean', default: false },
  },
});
const LIVE_EVERY_MS = 10_000;
const number = new Intl.NumberFormat('en-US');
const say = (line = '') => process.stdout.write(`${line}\n`);

// The demo's sign-in link stays valid for an hour: long enough to read the welcome and open it.
const LINK_MINUTES = 60;

/** A one-time link that signs an operator of the demo tenant in to the dashboard. */
async function dashboardLink(stack: Stack, tenantCode: string, databaseUrl: string) {
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, API_PUBLIC_URL: stack.baseUrl });
  return createLoginLink(stack.db, config, { tenantCode, role: 'operator', minutes: LINK_MINUTES, name: 'Démo Vigie' });
}

function printWelcome(
  stack: Stack,
  plan: FleetPlan,
  operator: Api,
  from: string,
  summary: { total: number; last_seen: Record<string, number> },
  link: { url: string },
) {
  const auth = `-H 'Authorization: Bearer ${operator.token}'`;
  const uai = plan.establishments[0]!.uai;
  say();
  say('Vigie demo is running.');
  say();
  say(`  Dashboard ${link.url}`);
  say(`            (one-time sign-in link for an operator, valid ${LINK_MINUTES} min; another one:`);
  say(`             DATABASE_URL=${databaseUrl} npm run vigie -- login-link --tenant ${plan.tenants[0]!.code} --role operator)`);
  say(`  API       ${stack.baseUrl}`);
  say(`  API docs  ${stack.baseUrl}/docs`);
  say(
    `  Stream    ${stack.baseUrl.replace(/^http/, 'ws')}/v1/stream  (token in the Authorization header or a first {"type":"auth","token":...} message; docs/alerts.md)`,
  );
  say(`  Token     ${operator.token}  (operator of ${plan.tenants[0]!.code})`);
  say(
    `  Fleet     ${number.format(summary.total)} devices, ${number.format(summary.last_seen.lt_1d ?? 0)} seen in the last 24 h, in ${plan.establishments.length} collèges (one in La Réunion)`,
  );
  say(`  Logs      ${stack.api.logFile}, ${stack.worker.logFile}`);
  say();
  say('Try:');
  say(`  curl -s ${auth} '${stack.baseUrl}/v1/devices?limit=3'`);
  say(`  curl -s ${auth} '${stack.baseUrl}/v1/fleet/summary'`);
  const to = localDate(new Date(), 'Europe/Paris');
  say(`  curl -s ${auth} '${stack.baseUrl}/v1/establishments/${uai}/daily?from=${from}&to=${to}'`);
  say(`  curl -s ${auth} '${stack.baseUrl}/v1/establishments/${uai}/activity?from=${from}&to=${to}&granularity=week'`);
  say(`  curl -s ${auth} '${stack.baseUrl}/v1/renewal-forecast?years=5'`);
  say();
}

/** How many of the collèges are in a lesson at this instant. */
const inClassNow = (plan: FleetPlan, at: number) =>
  plan.establishments.filter((e) => {
    const local = localParts(new Date(at), e.timeZone);
    const minutes = local.hour * 60 + local.minute;
    return lessonStarts(calendarOf(e.calendarZone, e.type), local.date).some((start) => minutes >= start && minutes < start + 60);
  }).length;

function reportLive(plan: FleetPlan) {
  let minute = { heartbeats: 0, sessions: 0, since: Date.now() };
  return (tick: LiveTick) => {
    minute.heartbeats += tick.heartbeats;
    minute.sessions += tick.sessions;
    if (tick.at - minute.since < 60_000) return;
    const inClass = inClassNow(plan, tick.at);
    const time = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(tick.at);
    say(
      `${time}  live: ${number.format(minute.heartbeats)} heartbeats, ${number.format(minute.sessions)} app sessions in the last minute (${inClass} collèges in class)`,
    );
    minute = { heartbeats: 0, sessions: 0, since: tick.at };
  };
}

// Options checked before anything starts: a bad number would otherwise end in an obscure error later.
let options: { seed: number; establishments: number; devices: number; days: number };
try {
  options = {
    seed: positiveInt('seed', args.seed),
    establishments: positiveInt('establishments', args.establishments),
    devices: positiveInt('devices', args.devices),
    days: positiveInt('days', args.days),
  };
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
const plan = demoPlan(options);
const host = process.env.API_HOST ?? '127.0.0.1';
say(`Starting the Vigie API and worker on ${host}:${process.env.API_PORT ?? 3000}...`);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vigie_demo';
const stack = await startStack({
  databaseUrl,
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  redisPrefix: process.env.REDIS_PREFIX ?? 'vigie-demo',
  host,
  port: Number(process.env.API_PORT ?? 3000),
  logDir: path.join(tmpdir(), 'vigie-demo'),
  // The demo loads days of activity in a minute: far more requests than a real connector's minute.
  // A webhook receiver or a fake MDM on this machine is reachable in the demo (docs/security.md).
  env: {
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    INGEST_RATE_PER_MINUTE: '100000',
    OUTBOUND_ALLOW: process.env.OUTBOUND_ALLOW ?? '127.0.0.1,::1',
  },
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
  const dates = demoDates(options.days);
  const { tenant, sentUntil } = await loadDemoFleet(stack, plan, dates, say);
  const from = dates[0]!;
  const summary = (await call<{ total: number; last_seen: Record<string, number> }>(tenant.operator, 'GET', '/v1/fleet/summary')).body;
  printWelcome(stack, plan, tenant.operator, from, summary, await dashboardLink(stack, plan.tenants[0]!.code, databaseUrl));
  if (args.once) await shutdown(0);
  say(
    inClassNow(plan, Date.now()) > 0
      ? `Live: every ${LIVE_EVERY_MS / 1000} s the devices in class push fresh heartbeats. Ctrl-C to stop.`
      : 'No lesson right now (8:00-12:00 and 13:30-17:30 on school days, Wednesday morning only): the fleet goes live again when class resumes. Ctrl-C to stop.',
  );
  live = keepFleetLive(plan, () => tenant.connector, {
    sentUntil,
    everyMs: LIVE_EVERY_MS,
    onTick: reportLive(plan),
    onError: (error) => say(`live push failed, retrying at the next tick: ${(error as Error).message}`),
  });
} catch (error) {
  process.stderr.write(`demo: ${(error as Error).message}\n`);
  await shutdown(1);
}
