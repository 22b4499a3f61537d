import closeWithGrace from 'close-with-grace';
import { createLogger, loadConfig } from '@vigie/config';
import { createRegistry, startMetricsServer } from '@vigie/metrics';
import { createQueues, createRedis } from '@vigie/queue';
import { createDb, prepareWhenReachable } from '@vigie/store';
import { createWorkerMetrics } from './metrics/worker-metrics.ts';
import { startWorkers } from './worker.ts';

const config = loadConfig();
const log = createLogger({ level: config.log.level, name: 'vigie-worker' });
const db = createDb({ url: config.db.url, poolMax: config.db.poolMax, applicationName: 'vigie-worker' });
const redis = createRedis(config.redis.url);
const queues = createQueues(redis, { redisUrl: config.redis.url, prefix: config.redis.prefix, attempts: config.worker.attempts });

const prepared = await prepareWhenReachable(db, config.db.url, config.retention, (err, attempt, delayMs) => {
  log.warn({ err, attempt, delayMs }, 'PostgreSQL unreachable; waiting for it');
});
log.info({ migrations: prepared.migrations.applied, partitionsCreated: prepared.partitions.created.length }, 'database ready');
const registry = createRegistry('worker');
const workers = await startWorkers({ db, queues, config, log }, redis, createWorkerMetrics(registry, db, queues));
const metricsServer = await startMetricsServer(
  registry,
  { host: config.metrics.host, port: config.metrics.workerPort, token: config.metrics.token },
  log,
);

// Close order: stop taking jobs and let running ones finish, then queues, Redis and the pool.
closeWithGrace({ delay: 30_000 }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'worker stopping after an error');
  else log.info({ signal }, 'worker stopping');
  await workers.close();
  await metricsServer.close();
  await queues.close();
  redis.disconnect();
  await db.destroy();
});
