import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  addDays,
  localDate,
  PeriodGranularities,
  periodEnd,
  periodStart,
  previousPeriodStart,
  type PeriodGranularity,
} from '@vigie/calendar';
import { recomputeRuns } from '@vigie/store';
import type { AppDeps } from '../app-deps.ts';

export const PENDING_HEADER = 'pending-recompute';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (x: unknown): x is string => typeof x === 'string' && DATE.test(x);

// An answer that names no day reads today's state and the recent rollups (the idle judgement over
// up to 200 school days, a device's last days): about 300 calendar days back from today.
const RECENT_DAYS = 300;

/**
 * The days an answer covers, from its (validated) query: `from`..`to`, up to `as_of`, or the period
 * holding `start` (`granularity`) back to the previous one or the `history` periods before it (the
 * comparisons' delta and trend); the recent days up to today, wherever it is, when it names no day.
 */
export function coveredDays(q: Record<string, unknown>, now = new Date()): [string, string] {
  if (isDate(q.as_of)) return ['0001-01-01', q.as_of];
  if (isDate(q.from) && isDate(q.to)) return [q.from, q.to];
  if (!isDate(q.start)) {
    // Today is each establishment's own: up to the latest local date anywhere (tomorrow UTC), as La
    // Réunion is on its next day from 20:00 UTC. A run of tomorrow only flags today's answers too:
    // a figure shown as pending for a moment is better than one read as final while it is redone.
    const latest = addDays(localDate(now, 'UTC'), 1);
    return [addDays(latest, -RECENT_DAYS), latest];
  }
  const granularity: PeriodGranularity = PeriodGranularities.find((g) => g === q.granularity) ?? 'month';
  const start = periodStart(granularity, q.start);
  let first = previousPeriodStart(granularity, start);
  for (let i = 1; i < Number(q.history ?? 0); i++) first = previousPeriodStart(granularity, first);
  return [first, periodEnd(granularity, start)];
}

/**
 * preHandler: an answer covering days that a running recompute has still to redo says so with
 * `Pending-Recompute: true` (coveredDays), whatever its route, so no figure is read as final while
 * it is being corrected. Establishment tokens: their establishments.
 */
export function pendingRecompute(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const tenantId = request.principal?.tenantId;
    const days = coveredDays((request.query ?? {}) as Record<string, unknown>);
    if (!tenantId) return;
    if (await recomputeRuns.pendingOver(deps.db, tenantId, days[0], days[1], request.principal!.establishmentIds))
      reply.header(PENDING_HEADER, 'true');
  };
}
