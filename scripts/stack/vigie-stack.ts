import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createQueues, createRedis, type Queues } from '@vigie/queue';
import { apiTokens, createDb, type Db } from '@vigie/store';
import { assertPortFree, startService, waitUntilReady, type Service } from './processes.ts';

export interface StackOptions {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  host: string;
  port: number;
  logDir: string;
  /** More variables for both processes (LOG_LEVEL, INGEST_RATE_PER_MINUTE...). */
  env?: Record<string, string>;
}

/** A running API and worker, a pool on their database and a platform administrator token. */
export interface Stack {
  baseUrl: string;
  api: Service;
  worker: Service;
  db: Db;
  /** The deployment's queues, for scripts that watch or pause them. */
  queues: Queues;
  adminToken: string;
  stop(): Promise<void>;
}

async function waitForWorker(worker: Service, queues: Queues, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (worker.hasExited()) throw new Error(`the worker exited during start-up (exit ${await worker.exited}):\n${worker.logTail()}`);
    if ((await queues.ingestBatch.getWorkersCount()) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the worker did not pick up its queue after ${timeoutMs / 1000} s; see ${worker.logFile}`);
}

/**
 * Starts the API (which creates and migrates the database), waits for /readyz, then the worker,
 * waiting until it listens on its queue. The caller must call stop().
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  await assertPortFree(options.host, options.port);
  mkdirSync(options.logDir, { recursive: true });
  const env = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.redisPrefix,
    API_HOST: options.host,
    API_PORT: String(options.port),
    ...options.env,
  };
  const baseUrl = `http://${options.host}:${options.port}`;
  const api = startService('api', env, path.join(options.logDir, 'api.log'));
  const redis = createRedis(options.redisUrl);
  const queues = createQueues(redis, { redisUrl: options.redisUrl, prefix: options.redisPrefix, attempts: 1 });
  let worker: Service | undefined;
  let db: Db | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // The API first, so nothing new is accepted; the worker then finishes the jobs it holds.
    await api.stop();
    await worker?.stop();
    await db?.destroy();
    await queues.close();
    redis.disconnect();
  };
  try {
    await waitUntilReady(api, baseUrl);
    worker = startService('worker', env, path.join(options.logDir, 'worker.log'));
    await waitForWorker(worker, queues);
    db = createDb({ url: options.databaseUrl, poolMax: 4, applicationName: 'vigie-fleet-script' });
    const admin = await apiTokens.create(db, { tenantId: null, role: 'admin', name: `fleet script ${new Date().toISOString()}` });
    return { baseUrl, api, worker, db, queues, adminToken: admin.token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
