import type { FastifyInstance } from 'fastify';
import { MaintenanceTasks } from '@vigie/contracts';
import { ingestBatches, ping } from '@vigie/store';
import type { AppDeps } from '../app-deps.ts';
import { requireRedis } from '../needs-redis.ts';

// A dependency that does not answer within this is reported unreachable: a probe that hangs is as
// bad as a down service for whoever routes traffic on it.
const PROBE_MS = 800;

const within = <T>(promise: Promise<T>, fallback: T): Promise<T> =>
  Promise.race([promise.catch(() => fallback), new Promise<T>((resolve) => setTimeout(resolve, PROBE_MS, fallback).unref())]);

export async function healthRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process answers' } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'PostgreSQL and Redis reachable, recurring jobs registered, the outbox draining',
        description: `503 when PostgreSQL or Redis does not answer within ${PROBE_MS} ms, or when an accepted batch has waited more than ${deps.config.ready.maxBatchAgeSeconds} s unstored. Missing recurring jobs are listed (the worker registers them again within a minute).`,
      },
    },
    async (_request, reply) => {
      // Redis commands wait for a reconnect (BullMQ's setting): asked only once connected (a fresh
      // process may still be connecting; requireRedis waits a moment for it).
      const connected = await requireRedis(deps.redis).then(
        () => true,
        () => false,
      );
      const [postgres, redis, oldest, schedulers] = await Promise.all([
        within(ping(deps.db), false),
        connected
          ? within(
              deps.redis.ping().then(() => true),
              false,
            )
          : false,
        within(
          ingestBatches.oldestUnstoredAt(deps.db).then((at) => ({ at })),
          null,
        ),
        // The schedulers' ids in one command (getJobSchedulers reads each one's hash after the list).
        connected ? within(deps.redis.zrange(deps.queues.maintenance.keys.repeat!, 0, -1), null) : null,
      ]);
      const oldestSeconds = !oldest ? null : oldest.at ? Math.max(0, Math.round((Date.now() - oldest.at.getTime()) / 1000)) : 0;
      const missing = schedulers ? MaintenanceTasks.filter((task) => !schedulers.includes(task)) : null;
      const backlog = oldestSeconds !== null && oldestSeconds > deps.config.ready.maxBatchAgeSeconds;
      const ready = postgres && redis && !backlog;
      if (!ready) reply.header('retry-after', '5');
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'unavailable',
        postgres: postgres ? 'ok' : 'unreachable',
        redis: redis ? 'ok' : 'unreachable',
        // null when unknown (the store or Redis did not answer).
        oldest_unstored_batch_seconds: oldestSeconds,
        missing_schedules: missing,
      });
    },
  );
}
