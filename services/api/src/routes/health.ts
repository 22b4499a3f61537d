import type { FastifyInstance } from 'fastify';
import { ping } from '@vigie/store';
import type { AppDeps } from '../app.ts';

export async function healthRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process answers' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['health'], summary: 'PostgreSQL and Redis are reachable' } }, async (_request, reply) => {
    const [postgres, redis] = await Promise.all([
      ping(deps.db),
      deps.redis.ping().then(() => true, () => false),
    ]);
    const ready = postgres && redis;
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'unavailable',
      postgres: postgres ? 'ok' : 'unreachable',
      redis: redis ? 'ok' : 'unreachable',
    });
  });
}
