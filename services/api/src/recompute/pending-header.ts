import type { FastifyReply, FastifyRequest } from 'fastify';
import { recomputeRuns } from '@vigie/store';
import type { AppDeps } from '../app-deps.ts';

export const PENDING_HEADER = 'pending-recompute';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * preHandler: an answer covering days that a running recompute has still to redo says so with
 * `Pending-Recompute: true` (days from `from` to `to`, or up to `as_of`), whatever its route, so
 * no figure is read as final while it is being corrected. Establishment tokens: their establishments.
 */
export function pendingRecompute(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const tenantId = request.principal?.tenantId;
    const q = (request.query ?? {}) as Record<string, unknown>;
    const [from, to] = typeof q.as_of === 'string' ? ['0001-01-01', q.as_of] : [q.from, q.to];
    if (!tenantId || typeof from !== 'string' || typeof to !== 'string' || !DATE.test(from) || !DATE.test(to)) return;
    if (await recomputeRuns.pendingOver(deps.db, tenantId, from, to, request.principal!.establishmentIds))
      reply.header(PENDING_HEADER, 'true');
  };
}
