import type { Config, Logger } from '@vigie/config';
import { createQueues, createRedis } from '@vigie/queue';
import { createDb } from '@vigie/store';
import { buildApp } from '../../services/api/src/app.ts';

/** The OpenAPI document of the API as built from the code: routes are registered, nothing is queried. */
export async function openApiDocument(config: Readonly<Config>, log: Logger): Promise<Record<string, unknown>> {
  const db = createDb({ url: config.db.url, poolMax: 1, applicationName: 'vigie-openapi' });
  const redis = createRedis(config.redis.url);
  const queues = createQueues(redis, { redisUrl: config.redis.url, prefix: config.redis.prefix, attempts: 1 });
  try {
    const app = await buildApp({ db, redis, queues, config, log });
    await app.ready();
    const doc = app.swagger() as unknown as Record<string, unknown>;
    await app.close();
    return doc;
  } finally {
    await queues.close();
    redis.disconnect();
    await db.destroy();
  }
}
