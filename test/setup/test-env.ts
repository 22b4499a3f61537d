import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createLogger, loadConfig } from '@vigie/config';
import { createQueues, createRedis } from '@vigie/queue';
import { apiTokens, createDb, establishments, tenants } from '@vigie/store';
import { buildApp } from '../../services/api/src/app.ts';
import type { WorkerMetrics } from '../../services/worker/src/metrics/worker-metrics.ts';
import { startWorkers } from '../../services/worker/src/worker.ts';
import { cloneTemplate, type TestDatabase } from './test-db.ts';

export type TestEnv = Awaited<ReturnType<typeof createTestEnv>>;

/**
 * A private Vigie for one test file: its own database (cloned from the migrated template), its own
 * Redis key prefix, the API built in-process, and an in-process worker on demand.
 */
export async function createTestEnv(overrides: Record<string, string> = {}, database?: TestDatabase) {
  database ??= await cloneTemplate(inject('templateDatabase'));
  const prefix = `vigietest${randomBytes(5).toString('hex')}`;
  // The fake MDMs, webhook receivers and SMTP catcher of the tests listen on loopback, which
  // Vigie refuses to call unless allow-listed (test/security/internal-addresses.test.ts overrides it).
  // Processes a test spawns (server.ts, the worker's main.ts) take any free metrics port: test files
  // run in parallel, and a fixed 9464/9465 held by another (or by a demo) would stop them at start.
  const env = {
    DATABASE_URL: database.url,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    OUTBOUND_ALLOW: '127.0.0.1,::1',
    // Tests pin their school days in 2026 (weeks or months back by now): their check-ins and app
    // sessions are kept raw, as on the day they were sent. test/ingest/raw-retention.test.ts runs the defaults.
    CHECK_IN_RETENTION_DAYS: '400',
    APP_SESSION_RETENTION_DAYS: '400',
    API_METRICS_PORT: '0',
    WORKER_METRICS_PORT: '0',
    ...overrides,
  };
  const config = loadConfig({ ...process.env, ...env });
  const log = createLogger({ level: config.log.level, name: 'vigie-test' });
  const db = createDb({ url: config.db.url, poolMax: 8 });
  const redis = createRedis(config.redis.url);
  const queues = createQueues(redis, { redisUrl: config.redis.url, prefix, attempts: config.worker.attempts });
  const app = await buildApp({ db, redis, queues, config, log });
  const workers: { close(): Promise<void> }[] = [];
  const servers: { close(): Promise<void> }[] = [];

  return {
    config,
    db,
    redis,
    queues,
    app,
    log,
    /** Environment for a spawned API or worker process pointing at this test's database and prefix. */
    env,
    async startWorker(metrics?: WorkerMetrics) {
      const worker = await startWorkers({ db, queues, config, log }, createRedis(config.redis.url), metrics);
      workers.push(worker);
      return worker;
    },
    /** `server` (a fake MDM, a receiver) is closed with this environment, before it. */
    closes<T extends { close(): Promise<void> }>(server: T): T {
      servers.push(server);
      return server;
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await Promise.all(workers.map((w) => w.close()));
      await app.close();
      await queues.close();
      await deleteKeys(redis, `${prefix}*`);
      redis.disconnect();
      await db.destroy();
      await database.drop();
    },
  };
}

async function deleteKeys(redis: ReturnType<typeof createRedis>, pattern: string) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export interface SeededTenant {
  tenantId: string;
  operator: string;
  connector: string;
  uai: string;
  establishmentId: string;
}

/** A tenant with one collège and operator and connector tokens, written straight to the store. */
export async function seedTenant(testEnv: TestEnv, code: string, uai = '0770934X', timeZone = 'Europe/Paris'): Promise<SeededTenant> {
  const tenant = await tenants.create(testEnv.db, { code, name: `Tenant ${code}`, kind: 'departement' });
  const establishmentId = await addCollege(testEnv, tenant.id, uai, `Collège ${uai}`, timeZone);
  const operator = await apiTokens.create(testEnv.db, { tenantId: tenant.id, role: 'operator', name: 'dsi' });
  const connector = await apiTokens.create(testEnv.db, { tenantId: tenant.id, role: 'connector', name: 'mdm' });
  return { tenantId: tenant.id, operator: operator.token, connector: connector.token, uai, establishmentId };
}

/** A collège of the tenant in school-calendar zone C, written straight to the store; its id. */
export async function addCollege(testEnv: TestEnv, tenantId: string, uai = '0770935Y', name = `Collège ${uai}`, timeZone = 'Europe/Paris') {
  return (await establishments.create(testEnv.db, tenantId, { uai, name, type: 'college', calendarZone: 'C', timeZone })).id;
}

/**
 * Polls until a session of the test database waits on a lock (a statement started elsewhere has
 * reached the lock the test holds), or until `done()` says it finished without waiting: the
 * deterministic point at which a test commits to make two writers collide.
 */
export async function waitForLockWait(testEnv: TestEnv, what: string, done: () => boolean = () => false) {
  await waitFor(
    async () =>
      done() ||
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(testEnv.db)
      ).rows[0]!.n > 0,
    10_000,
    what,
  );
}

/** Polls until `check` returns true, failing after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
