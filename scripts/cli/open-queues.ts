import type { Config } from '@vigie/config';
import { createQueues, createRedis, type Queues } from '@vigie/queue';

/** Runs `work` with the deployment's queues (REDIS_URL, REDIS_PREFIX), for commands that queue work for the workers. */
export async function withQueues<T>(config: Readonly<Config>, work: (queues: Queues) => Promise<T>): Promise<T> {
  const redis = createRedis(config.redis.url);
  const queues = createQueues(redis, { redisUrl: config.redis.url, prefix: config.redis.prefix, attempts: config.worker.attempts });
  try {
    return await work(queues);
  } finally {
    await queues.close();
    redis.disconnect();
  }
}
