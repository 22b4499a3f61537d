// `npm run bench:stream -- --clients N`: N websocket clients of /v1/stream on one API process (this
// one), held by child processes; times one alert update from its publication in Redis until the
// last client has it, over a warm-up round then R rounds, and measures the API's memory per idle
// socket. Last stdout line: { clients, fanout_ms (the median round), kb_per_socket, ... }.
//   --clients N (10,000)  --rounds R (5)  --processes P (2)  --client lean|ws (lean: stream-clients.ts)
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createLogger, loadConfig } from '@vigie/config';
import { createQueues, createRedis, live } from '@vigie/queue';
import { apiTokens, createDb, establishments, prepareDatabase, tenants } from '@vigie/store';
import { buildApp } from '../../services/api/src/app.ts';
import { deleteRedisKeys, dropDatabase, withDatabase } from './bench-database.ts';
import { describeMachine } from './machine.ts';
import { percentile } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
    processes: { type: 'string', default: '2' },
    client: { type: 'string', default: 'lean' },
  },
});
const CLIENTS = Number(args.clients);
const ROUNDS = Number(args.rounds);
const PROCESSES = Math.max(1, Math.min(Number(args.processes), CLIENTS));
if (!Number.isInteger(CLIENTS) || CLIENTS < 1) throw new Error('--clients must be a positive integer');
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds must be a positive integer');
if (args.client !== 'lean' && args.client !== 'ws') throw new Error('--client is lean or ws');
// The clients share this machine's cores with the API. At normal priority every write that wakes a
// client process can preempt the API mid-fan-out, so the figure would mostly measure the
// scheduler; niced, the clients run when the API yields, and still timestamp what they receive.
const CLIENT_NICE = 10;
const ROUND_TIMEOUT_MS = 10_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:stream does)');
const say = (line: string) => process.stderr.write(`${line}\n`);

const databaseName = `vigie_bench_stream_${process.pid}`;
const databaseUrl = withDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vigie', databaseName);
const prefix = `vigiebench${process.pid}`;
// Every client shares one token and one address: the socket caps are lifted to the bench's size.
const caps = String(Math.max(CLIENTS, 1));
const config = loadConfig({
  ...process.env,
  DATABASE_URL: databaseUrl,
  REDIS_PREFIX: prefix,
  LOG_LEVEL: 'warn',
  LIVE_MAX_SOCKETS_PER_TOKEN: caps,
  LIVE_MAX_SOCKETS_PER_ADDRESS: caps,
  LIVE_MAX_UNAUTHENTICATED: caps,
});
const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
await admin.connect();
await admin.query(`CREATE DATABASE ${databaseName}`);
await admin.end();

const log = createLogger({ level: config.log.level, name: 'bench-stream' });
const db = createDb({ url: databaseUrl, poolMax: 4 });
const redis = createRedis(config.redis.url);
const queues = createQueues(redis, { redisUrl: config.redis.url, prefix, attempts: 1 });
const children: ChildProcess[] = [];
try {
  await prepareDatabase(db, databaseUrl, 400);
  const tenant = await tenants.create(db, { code: 'bench-stream', name: 'Bench', kind: 'departement' });
  const establishment = await establishments.create(db, tenant.id, {
    uai: '0770934X',
    name: 'Collège',
    type: 'college',
    calendarZone: 'C',
    timeZone: 'Europe/Paris',
  });
  const { token } = await apiTokens.create(db, { tenantId: tenant.id, role: 'operator', name: 'bench' });
  const app = await buildApp({ db, redis, queues, config, log });
  const url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws');

  gc();
  const before = process.memoryUsage();
  const started = Date.now();
  const connected = await Promise.all(
    Array.from({ length: PROCESSES }, (_, i) => {
      const count = Math.floor(CLIENTS / PROCESSES) + (i < CLIENTS % PROCESSES ? 1 : 0);
      const child = fork(path.join(import.meta.dirname, 'stream-clients.ts'), [
        '--url',
        url,
        '--token',
        token,
        '--count',
        String(count),
        '--client',
        args.client,
      ]);
      children.push(child);
      setPriority(child.pid!, CLIENT_NICE);
      return nextMessage(child, 'connected');
    }),
  );
  say(`${connected.reduce((n, m) => n + (m.count as number), 0)} clients connected in ${Date.now() - started} ms`);
  await new Promise((r) => setTimeout(r, 1_000));
  gc();
  const after = process.memoryUsage();

  const publisher = live.createLivePublisher(redis, prefix, config.live.window);
  const fanouts: number[] = [];
  const busy: number[] = [];
  let warmUpMs = 0;
  // Round 0 warms up the JIT on the fan-out path and is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    // Past the coalescing window, so each round's update leaves at once.
    await new Promise((r) => setTimeout(r, config.live.coalesceMs + 100));
    const done = Promise.all(children.map((c) => nextMessage(c, 'received', ROUND_TIMEOUT_MS)));
    for (const c of children) c.send({ type: 'round', expect: round + 1 });
    // How long the API's event loop was busy in the round, mostly its fan-out loop: next to the time
    // to the last client, it tells a slow server from clients (or the machine's other load) slow to read.
    const loop0 = performance.eventLoopUtilization();
    const t0 = Date.now();
    await publisher.publish(tenant.id, {
      kind: 'alert.opened',
      alert: {
        id: crypto.randomUUID(),
        rule_id: crypto.randomUUID(),
        rule_kind: 'device_offline',
        severity: 'warning',
        state: 'open',
        subject_type: 'device',
        subject_id: `bench-${round}`,
        establishment_id: establishment.id,
        title: 'bench',
      },
    });
    const last = Math.max(...(await done).map((m) => m.lastAt as number));
    const busyMs = Math.round(performance.eventLoopUtilization(loop0).active);
    if (round === 0) warmUpMs = last - t0;
    else {
      fanouts.push(last - t0);
      busy.push(busyMs);
    }
    say(
      `${round === 0 ? 'warm-up round' : `round ${round}`}: last client received after ${last - t0} ms; API event loop busy ${busyMs} ms`,
    );
  }
  const clients = CLIENTS;
  const heapKb = (after.heapUsed + after.external - before.heapUsed - before.external) / 1024 / clients;
  const rssKb = (after.rss - before.rss) / 1024 / clients;
  const fanoutMs = percentile(fanouts, 50);
  const result = {
    clients,
    client: args.client,
    fanout_ms: fanoutMs,
    fanout_ms_is: `median of ${ROUNDS} rounds after a warm-up`,
    fanout_ms_max: Math.max(...fanouts),
    fanout_ms_rounds: fanouts,
    fanout_ms_warm_up: warmUpMs,
    api_busy_ms_rounds: busy,
    kb_per_socket: Number(Math.max(heapKb, rssKb).toFixed(2)),
    heap_kb_per_socket: Number(heapKb.toFixed(2)),
    rss_kb_per_socket: Number(rssKb.toFixed(2)),
    targets_met: fanoutMs <= 250 && Math.max(heapKb, rssKb) <= 15,
    machine: describeMachine(),
  };
  for (const c of children) c.send({ type: 'close' });
  await app.close();
  console.log(JSON.stringify(result));
} finally {
  for (const c of children) c.kill();
  await queues.close();
  redis.disconnect();
  await db.destroy();
  await dropDatabase(databaseUrl);
  await deleteRedisKeys(config.redis.url, prefix);
}

function nextMessage(child: ChildProcess, type: string, timeoutMs = 0): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer =
      timeoutMs > 0
        ? setTimeout(
            () => stop(new Error(`a client process had no ${type} within ${timeoutMs} ms: a client was dropped or missed the update`)),
            timeoutMs,
          )
        : null;
    const onExit = (code: number | null) => stop(new Error(`a client process exited (${code}) before ${type}`));
    const onMessage = (m: Record<string, unknown>) => {
      if (m.type === type) stop(null, m);
    };
    const stop = (err: Error | null, m?: Record<string, unknown>) => {
      if (timer) clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(m!);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
