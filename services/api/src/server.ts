import closeWithGrace from 'close-with-grace';
import { createLogger, loadConfig } from '@vigie/config';
import { createRegistry, startMetricsServer } from '@vigie/metrics';
import { createQueues, createRedis } from '@vigie/queue';
import { createDb, prepareWhenReachable } from '@vigie/store';
import { buildApp } from './app.ts';
import { createApiMetrics } from './metrics/api-metrics.ts';

const config = loadConfig();
const log = createLogger({ level: config.log.level, name: 'vigie-api' });
const db = createDb({ url: config.db.url, poolMax: config.db.poolMax, applicationName: 'vigie-api' });
const redis = createRedis(config.redis.url);
const queues = createQueues(redis, { redisUrl: config.redis.url, prefix: config.redis.prefix, attempts: config.worker.attempts });

await prepareWhenReachable(db, config.db.url, config.retention, (err, attempt, delayMs) => {
  log.warn({ err, attempt, delayMs }, 'PostgreSQL unreachable; waiting for it before listening');
});
const registry = createRegistry('api');
const app = await buildApp({ db, redis, queues, config, log, metrics: createApiMetrics(registry, db, redis) });
await app.listen({ host: config.api.host, port: config.api.port });
const metricsServer = await startMetricsServer(
  registry,
  { host: config.metrics.host, port: config.metrics.apiPort, token: config.metrics.token },
  log,
);

// Close order: stop accepting requests and finish those in flight, then queues, Redis and the pool.
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'api stopping after an error');
  else log.info({ signal }, 'api stopping');
  await app.close();
  await metricsServer.close();
  await queues.close();
  redis.disconnect();
  await db.destroy();
});
