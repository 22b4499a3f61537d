import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, RecomputeStatus } from '@vigie/contracts';
import { recomputeRuns } from '@vigie/store';
import { MANAGERS, tenantCaller } from '../auth.ts';
import type { AppDeps } from '../app-deps.ts';
import { toRecompute } from '../recompute/request-recompute.ts';

const SHOWN_RUNS = 20;

export async function recomputeRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/recompute',
    {
      schema: {
        tags: ['admin'],
        summary: 'Background recomputes of past days after a change: progress of the latest runs',
        response: { 200: RecomputeStatus, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const caller = tenantCaller(request, MANAGERS);
      const runs = await recomputeRuns.list(deps.db, caller.tenantId, SHOWN_RUNS);
      const items = await Promise.all(
        runs.map(async (r) => toRecompute(r, r.finished_at ? 0 : await recomputeRuns.remaining(deps.db, caller.tenantId, r))),
      );
      return { pending: items.some((r) => r.status === 'running'), items };
    },
  );
}
