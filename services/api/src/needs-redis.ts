import type { Redis } from 'ioredis';
import { unavailable } from './errors.ts';

// Queue connections wait for Redis to come back instead of failing (BullMQ needs that), so a
// request that needs Redis must not await it unbounded: it answers 503 with Retry-After instead.
const REDIS_WAIT_MS = 900;

/** Resolves once Redis is connected (at once, normally); 503 if it is not within REDIS_WAIT_MS. */
export async function requireRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(unavailable('Redis'));
    }, REDIS_WAIT_MS);
    redis.once('ready', onReady);
  });
}

/** Runs an operation that needs Redis: 503 unless Redis is connected within REDIS_WAIT_MS and answers within it. */
export async function withRedis<T>(redis: Redis, operation: () => Promise<T>): Promise<T> {
  await requireRedis(redis);
  const running = operation();
  // Still pending after a 503: it runs once Redis is back, or fails; either way nobody awaits it.
  running.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(unavailable('Redis')), REDIS_WAIT_MS);
  });
  try {
    return await Promise.race([running, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
