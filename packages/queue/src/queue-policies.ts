import type { DefaultJobOptions } from 'bullmq';
import { QueueNames, type EvaluateAlertsJob, type RollupDayJob, type RollupDaysJob } from '@vigie/contracts';

export type QueueName = (typeof QueueNames)[keyof typeof QueueNames];

/** The settings a queue's concurrency is read from (a subset of @vigie/config's Config). */
export interface WorkerLimits {
  worker: { concurrency: number; ingestJobsInFlight: number };
  connectors: { concurrency: number };
}

export interface QueuePolicy {
  /** Jobs of the queue one worker process runs at once. */
  concurrency: (limits: WorkerLimits) => number;
  /** Attempts, backoff and retention of its jobs; `attempts` is the deployment's WORKER_ATTEMPTS. */
  jobOptions: (attempts: number) => DefaultJobOptions;
  /** A job's id: adding the same work again is a no-op while its job exists (job ids only save work). */
  jobId: (...args: never[]) => string;
  /** rollup-day only: the id of a recompute run's batch of days (`rollup-days`). */
  runBatchJobId?: (...args: never[]) => string;
}

const WEEK_S = 7 * 24 * 3600;

// Completed jobs are worthless (the rows say what was done); failed ones are kept a week for
// inspection, bounded in count so Redis never grows without limit.
const defaults = (attempts: number): DefaultJobOptions => ({
  attempts,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: { age: WEEK_S, count: 10_000 },
});

// Whole-tenant passes (maintenance, alert and obsolescence evaluations, recomputes) run one at a time.
const oneAtATime = () => 1;

// Evaluations after ingest are debounced: the batches of a tenant stored within one slot share one
// job, run a few seconds later so the burst is in (workers' clocks agreeing to within a slot).
// Scheduled and manual evaluations run at once, one per minute.
const EVALUATE_DELAY_MS = 5_000;
const EVALUATE_AT_ONCE_SLOT_MS = 60_000;

/** How long an evaluation of this trigger waits before it runs. */
export const evaluateDelay = (job: EvaluateAlertsJob) => (job.trigger === 'ingest' ? EVALUATE_DELAY_MS : 0);

/**
 * Id of a debounced job: the calls for the same work within one slot of `slotMs` share it, and it
 * runs once its slot is over. The slot is as long as the delay, so a call made while the job runs
 * falls in the next slot and gets a job of its own, instead of being swallowed by the id of one that
 * may already have read past it (BullMQ ignores an add whose id exists, running jobs included).
 * Ids must not contain ':' (BullMQ's separator).
 */
export function slotJobId(prefix: string, slotMs: number, now: number): string {
  return `${prefix}-${Math.floor(now / Math.max(slotMs, 1))}`;
}

/** Queue name -> its policy: the only place a queue's concurrency, retries and job ids are decided. */
export const queuePolicies = {
  [QueueNames.ingestBatch]: {
    concurrency: (limits) => limits.worker.ingestJobsInFlight,
    jobOptions: defaults,
    /** A store job: its first batch's id, plus the replay number once replayed. */
    jobId: (batchId: string, replay: number) => (replay === 0 ? batchId : `${batchId}-r${replay}`),
  },
  [QueueNames.rollupDay]: {
    concurrency: (limits) => limits.worker.concurrency,
    jobOptions: defaults,
    /** Batches marking the same establishment-day within one slot of the rollup delay share one job. */
    jobId: (job: RollupDayJob, delayMs: number, now: number) =>
      slotJobId(`rollup-${job.tenantId}-${job.establishmentId}-${job.day}`, delayMs, now),
    /** A recompute run's batch of an establishment's days (`rollup-days`): the run's job queuing it again adds nothing. */
    runBatchJobId: (runId: string, job: RollupDaysJob) => `recompute-${runId}-${job.establishmentId}-${job.days[0]}`,
  },
  [QueueNames.evaluateObsolescence]: {
    concurrency: oneAtATime,
    jobOptions: defaults,
    jobId: (tenantId: string, delayMs: number, now: number) => slotJobId(`evaluate-obsolescence-${tenantId}`, delayMs, now),
  },
  [QueueNames.maintenance]: {
    concurrency: oneAtATime,
    jobOptions: defaults,
    /** Maintenance jobs come from one job scheduler per task, named after it. */
    jobId: (task: string) => task,
  },
  // A sync is retried by the HTTP client (per request) and by the next scheduled run, not by BullMQ:
  // replaying a whole sync at once after an auth failure would be the retry storm we avoid. Syncs
  // have their own limit: each holds a database connection for its lock.
  [QueueNames.pullConnector]: {
    concurrency: (limits) => limits.connectors.concurrency,
    jobOptions: (attempts) => ({ ...defaults(attempts), attempts: 1, removeOnFail: { age: WEEK_S, count: 1_000 } }),
    /** A manual sync's id is unique per call: two syncs of one source never overlap anyway (advisory lock). */
    jobId: (sourceId: string, now: number) => `sync-${sourceId}-m${now.toString(36)}`,
  },
  [QueueNames.evaluateAlerts]: {
    concurrency: oneAtATime,
    jobOptions: (attempts) => ({ ...defaults(attempts), attempts: 3 }),
    jobId: (job: EvaluateAlertsJob, now: number) =>
      slotJobId(`evaluate-${job.tenantId}-${job.trigger}`, evaluateDelay(job) || EVALUATE_AT_ONCE_SLOT_MS, now),
  },
  // Attempts and backoff come with each delivery (WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BACKOFF_MS; a test
  // send tries once).
  [QueueNames.deliverWebhook]: {
    concurrency: () => 4,
    jobOptions: defaults,
    /** The delivery's own id: queuing a delivery twice sends it once. */
    jobId: (deliveryId: string) => `deliver-${deliveryId}`,
  },
  [QueueNames.recompute]: {
    concurrency: oneAtATime,
    jobOptions: defaults,
    /** One job per recompute run while it lasts. */
    jobId: (runId: string) => `recompute-${runId}`,
  },
} satisfies Record<QueueName, QueuePolicy>;

/** The job scheduler of a source's recurring sync. */
export const syncSchedulerId = (sourceId: string) => `sync-${sourceId}`;
