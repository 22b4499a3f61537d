import type { Redis } from 'ioredis';
import { unavailable } from './errors.ts';

// Queue connections wait for Redis to come back instead of failing (BullMQ needs that), so a
// request that needs Redis must not await it unbounded: it answers 503 with Retry-After instead.
const REDIS_WAIT_MS = 900;

/** Answers 503 at once unless Redis is connected: for requests that would half-succeed without it. */
export function requireRedis(redis: Redis) {
  if (redis.status !== 'ready') throw unavailable('Redis');
}

/** Runs an operation that needs Redis: 503 at once when Redis is not connected, or after REDIS_WAIT_MS. */
export async function withRedis<T>(redis: Redis, operation: () => Promise<T>): Promise<T> {
  requireRedis(redis);
  const running = operation();
  // Still pending after the answer: it runs once Redis is back, or fails; either is logged nowhere.
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
