import { localDate, recomputeHorizon } from '@vigie/calendar';
import { enqueue } from '@vigie/queue';
import { recomputeRuns, tenants } from '@vigie/store';
import type { AppDeps } from '../app-deps.ts';

export type RecomputeReason =
  'settings' | 'establishment_settings' | 'establishment' | 'calendar' | 'calendar_exception' | 'operator' | 'obsolescence_rules';

/** What a recompute needs: the routes pass their AppDeps, the operator CLI (`vigie recompute`) its own. */
export type RecomputeDeps = Pick<AppDeps, 'db' | 'queues' | 'config'>;

/**
 * Recomputes in the background the rolled-up days a change affects: those of `establishmentIds`
 * (null: all) within `range` and the horizon (RECOMPUTE_SCHOOL_YEARS, up to tomorrow UTC, the latest
 * local date anywhere). The marks are committed before the job is queued; the sweeper follows a
 * run whose job was lost. Returns the run, or null when the range is outside the horizon.
 */
export async function requestRecompute(
  deps: RecomputeDeps,
  tenantId: string,
  reason: RecomputeReason,
  establishmentIds: string[] | null,
  range?: { from: string; to: string },
) {
  const horizon = recomputeHorizon(new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), deps.config.recompute.schoolYears);
  const from = range && range.from > horizon.from ? range.from : horizon.from;
  const to = range && range.to < horizon.to ? range.to : horizon.to;
  if (from > to || establishmentIds?.length === 0) return null;
  const run = await recomputeRuns.request(deps.db, tenantId, { reason, establishmentIds, from, to });
  if (!run.finished_at) await enqueue.recompute(deps.queues, { tenantId, runId: run.id, queued: false });
  return run;
}

/**
 * Re-evaluates the tenant's obsolescence flags in the background after its rules changed: a run of
 * one step (there is no per-day rollup of obsolescence), done when the evaluation queued here, or a
 * later one, is over. The run is committed before the job is queued; the sweeper follows a lost one.
 * It is dated by the tenant's local day, the day the evaluation dates its flags by.
 */
export async function requestObsolescenceRecompute(deps: RecomputeDeps, tenantId: string, now = new Date()) {
  const today = localDate(now, (await tenants.timeZone(deps.db, tenantId)) ?? 'Europe/Paris');
  const run = await recomputeRuns.requestEvaluation(deps.db, tenantId, 'obsolescence_rules', today);
  await enqueue.evaluateObsolescence(deps.queues, { tenantId }, deps.config.rollup.delayMs);
  return run;
}

type Run = NonNullable<Awaited<ReturnType<typeof requestRecompute>>>;

/** A run as the API shows it. */
export const toRecompute = (run: Run, left: number) => ({
  id: run.id,
  reason: run.reason,
  status: run.finished_at ? ('done' as const) : ('running' as const),
  from: run.from_day,
  to: run.to_day,
  days_total: run.days_total,
  days_done: run.finished_at ? run.days_total : Math.max(run.days_total - left, 0),
  requested_at: new Date(run.requested_at).toISOString(),
  finished_at: run.finished_at ? new Date(run.finished_at).toISOString() : null,
});
