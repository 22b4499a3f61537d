import {
  MAX_BATCHES_PER_JOB,
  type DeliverWebhookJob,
  type EvaluateAlertsJob,
  type EvaluateObsolescenceJob,
  type IngestBatchJob,
  type PullConnectorJob,
  type RecomputeJob,
  type RollupDayJob,
  type RollupDaysJob,
} from '@vigie/contracts';
import { evaluateDelay, queuePolicies as policies, syncSchedulerId } from './queue-policies.ts';
import type { Queues } from './queues.ts';

/** Job id of a store job: its first batch's id, plus the replay number once replayed. */
export const ingestBatchJobId = policies['ingest-batch'].jobId;

/** Queues a store job; a second call with the same first batch and replay is a no-op. */
export async function ingestBatch(queues: Queues, job: IngestBatchJob, replay = 0): Promise<void> {
  await queues.ingestBatch.add('ingest-batch', job, { jobId: ingestBatchJobId(job.batches[0]!.id, replay) });
}

/** Queues the store jobs of batches accepted together in one round trip: one job per tenant's source. */
export async function ingestBatches(
  queues: Queues,
  batches: readonly { tenantId: string; sourceId: string; batchId: string; events: number }[],
): Promise<void> {
  const open = new Map<string, IngestBatchJob>();
  const jobs: IngestBatchJob[] = [];
  for (const b of batches) {
    const key = `${b.tenantId}/${b.sourceId}`;
    let job = open.get(key);
    if (!job || job.batches.length >= MAX_BATCHES_PER_JOB) {
      job = { tenantId: b.tenantId, sourceId: b.sourceId, batches: [] };
      open.set(key, job);
      jobs.push(job);
    }
    job.batches.push({ id: b.batchId, events: b.events });
  }
  if (jobs.length === 0) return;
  await queues.ingestBatch.addBulk(
    jobs.map((job) => ({
      name: 'ingest-batch',
      data: job,
      opts: { jobId: ingestBatchJobId(job.batches[0]!.id, 0) },
    })),
  );
}

/** Job id of an establishment-day's rollup within a time slot of `delayMs` (queue-policies.ts). */
export function rollupDayJobId(job: RollupDayJob, delayMs: number, now = Date.now()): string {
  return policies['rollup-day'].jobId(job, delayMs, now);
}

// BullMQ runs jobs without a priority before prioritised ones: the rollups a recompute queues wait
// behind those of fresh data, so a recompute never holds ingestion's figures back.
const RECOMPUTE_PRIORITY = 10;

/** Queues the rollups of establishment-days marked dirty, each after `delayMs`; `background`: behind fresh data's. */
export async function rollupDays(queues: Queues, jobs: RollupDayJob[], delayMs: number, background = false): Promise<void> {
  if (jobs.length === 0) return;
  const now = Date.now();
  const priority = background ? { priority: RECOMPUTE_PRIORITY } : {};
  await queues.rollupDay.addBulk(
    jobs.map((job) => ({ name: 'rollup-day', data: job, opts: { jobId: rollupDayJobId(job, delayMs, now), delay: delayMs, ...priority } })),
  );
}

/**
 * Queues a recompute run's days, one job per batch of an establishment's days, behind fresh data's
 * rollups.
 */
export async function rollupDaysOfRun(queues: Queues, runId: string, jobs: RollupDaysJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await queues.rollupDay.addBulk(
    jobs.map((job) => ({
      name: 'rollup-days',
      data: job,
      opts: { jobId: policies['rollup-day'].runBatchJobId(runId, job), priority: RECOMPUTE_PRIORITY },
    })),
  );
}

/** Queues a recompute run's job: one per run while it lasts (BullMQ ignores an add whose id exists). */
export async function recompute(queues: Queues, job: RecomputeJob): Promise<void> {
  await queues.recompute.add('recompute', job, { jobId: policies.recompute.jobId(job.runId) });
}

/**
 * Queues a rollup job again, for a day still receiving data. Its id is apart from the marks' (no
 * mark is ever swallowed into it) and names the slot it will run in, so it is not the id of the job
 * deferring it, and the jobs of one day deferring within a slot share one.
 */
export async function deferRollupDay(queues: Queues, job: RollupDayJob, delayMs: number, now = Date.now()): Promise<void> {
  await queues.rollupDay.add('rollup-day', job, { jobId: `${rollupDayJobId(job, delayMs, now + delayMs)}-deferred`, delay: delayMs });
}

/** Queues a tenant's obsolescence evaluation; calls within one slot of `delayMs` share one job (queue-policies.ts). */
export async function evaluateObsolescence(queues: Queues, job: EvaluateObsolescenceJob, delayMs: number, now = Date.now()): Promise<void> {
  await queues.evaluateObsolescence.add('evaluate-obsolescence', job, {
    jobId: policies['evaluate-obsolescence'].jobId(job.tenantId, delayMs, now),
    delay: delayMs,
  });
}

/** Queues a sync now. Ids are unique per call: two syncs of one source never overlap anyway (advisory lock). */
export async function syncSource(queues: Queues, job: PullConnectorJob): Promise<string> {
  const jobId = policies['pull-connector'].jobId(job.sourceId, Date.now());
  await queues.pullConnector.add('pull-connector', job, { jobId });
  return jobId;
}

/** Registers (or replaces) a source's recurring sync: stored in Redis, one job per tick however many workers run. */
export async function scheduleSource(queues: Queues, tenantId: string, sourceId: string, pattern: string, timeZone: string) {
  await queues.pullConnector.upsertJobScheduler(
    syncSchedulerId(sourceId),
    { pattern, tz: timeZone },
    { name: 'pull-connector', data: { tenantId, sourceId, trigger: 'schedule' } satisfies PullConnectorJob },
  );
}

export async function unscheduleSource(queues: Queues, sourceId: string) {
  await queues.pullConnector.removeJobScheduler(syncSchedulerId(sourceId));
}

/** Job id of a tenant's evaluation for this trigger at `now` (queue-policies.ts: debounced in slots). */
export function evaluateAlertsJobId(job: EvaluateAlertsJob, now = Date.now()): string {
  return policies['evaluate-alerts'].jobId(job, now);
}

/** Queues an evaluation of the tenant's alert rules, debounced after ingest (queue-policies.ts). */
export async function evaluateAlerts(queues: Queues, job: EvaluateAlertsJob, now = Date.now()): Promise<void> {
  await queues.evaluateAlerts.add('evaluate-alerts', job, { jobId: evaluateAlertsJobId(job, now), delay: evaluateDelay(job) });
}

/**
 * Queues the evaluation of one alert rule after it was created or changed; the id names the rule's
 * version (`updatedAt`), so each change is evaluated once however often the call is repeated.
 */
export async function evaluateAlertRule(queues: Queues, tenantId: string, ruleId: string, updatedAt: Date): Promise<void> {
  const job: EvaluateAlertsJob = { tenantId, trigger: 'rule_change', ruleId };
  await queues.evaluateAlerts.add('evaluate-alerts', job, {
    jobId: `evaluate-${tenantId}-rule-${ruleId}-${updatedAt.getTime()}`,
    attempts: 3,
  });
}

/** Queues deliveries in one round trip; each id is its delivery's, so queuing one twice sends it once. */
export async function deliverWebhooks(
  queues: Queues,
  jobs: readonly DeliverWebhookJob[],
  retry: { attempts: number; backoffMs: number },
): Promise<void> {
  if (jobs.length === 0) return;
  await queues.deliverWebhook.addBulk(
    jobs.map((job) => ({
      name: 'deliver-webhook',
      data: job,
      opts: {
        jobId: policies['deliver-webhook'].jobId(job.deliveryId),
        attempts: retry.attempts,
        backoff: { type: 'exponential' as const, delay: retry.backoffMs },
      },
    })),
  );
}

/** Queues one delivery. */
export async function deliverWebhook(
  queues: Queues,
  job: DeliverWebhookJob,
  retry: { attempts: number; backoffMs: number },
): Promise<void> {
  await deliverWebhooks(queues, [job], retry);
}

/** When a source's schedule fires next (epoch ms), or null when it has none. */
export async function nextScheduledSync(queues: Queues, sourceId: string): Promise<number | null> {
  const scheduler = await queues.pullConnector.getJobScheduler(syncSchedulerId(sourceId));
  return typeof scheduler?.next === 'number' ? scheduler.next : null;
}
