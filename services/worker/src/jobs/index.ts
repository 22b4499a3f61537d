import type { Job } from 'bullmq';
import { shippedHolidayPeriods } from '@vigie/calendar';
import type { Config, Logger } from '@vigie/config';
import { QueueNames } from '@vigie/contracts';
import type { Outbound } from '@vigie/outbound';
import type { LivePublisher, QueueName, Queues } from '@vigie/queue';
import type { Db } from '@vigie/store';
import { evaluateObsolescenceJob } from './evaluate-obsolescence.ts';
import { deliverWebhook } from './deliver-webhook.ts';
import { evaluateAlerts } from './evaluate-alerts.ts';
import { ingestBatch, recordFailure } from './ingest-batch.ts';
import { maintenance } from './maintenance.ts';
import { pullConnector } from './pull-connector.ts';
import { recomputeJob } from './recompute.ts';
import { rollupDayJob } from './rollup-day.ts';

export interface JobDeps {
  db: Db;
  queues: Queues;
  config: Readonly<Config>;
  log: Logger;
  /** Live events for /v1/stream clients, through Redis pub/sub. */
  live: LivePublisher;
  /** The HTTP client of every call to a tenant-given URL (webhooks, MDM sources). */
  outbound: Outbound;
}

/** Queue name -> handler: the only list of the jobs this worker runs (their policies: @vigie/queue queue-policies.ts). */
export function handlers(deps: JobDeps): Record<QueueName, (job: Job, token?: string) => Promise<unknown>> {
  // The school calendar shipped with Vigie (packages/calendar/data), read once per worker.
  const holidays = shippedHolidayPeriods();
  return {
    [QueueNames.ingestBatch]: ingestBatch({ ...deps, log: deps.log.child({ queue: QueueNames.ingestBatch }) }),
    [QueueNames.evaluateObsolescence]: evaluateObsolescenceJob(
      deps.db,
      deps.live,
      deps.log.child({ queue: QueueNames.evaluateObsolescence }),
    ),
    [QueueNames.rollupDay]: rollupDayJob(
      deps.db,
      deps.queues,
      deps.live,
      deps.config,
      holidays,
      deps.log.child({ queue: QueueNames.rollupDay }),
    ),
    [QueueNames.maintenance]: maintenance(deps.db, deps.queues, deps.config, deps.log.child({ queue: QueueNames.maintenance })),
    [QueueNames.deliverWebhook]: deliverWebhook(deps.db, deps.config, deps.outbound, deps.log.child({ queue: QueueNames.deliverWebhook })),
    [QueueNames.evaluateAlerts]: evaluateAlerts(
      deps.db,
      deps.queues,
      deps.live,
      deps.config,
      deps.log.child({ queue: QueueNames.evaluateAlerts }),
    ),
    [QueueNames.recompute]: recomputeJob(deps.db, deps.queues, deps.config, deps.live, deps.log.child({ queue: QueueNames.recompute })),
    [QueueNames.pullConnector]: pullConnector({ ...deps, log: deps.log.child({ queue: QueueNames.pullConnector }) }),
  };
}

/**
 * What a queue does when a job fails, beyond BullMQ's retries (queue-policies.ts decides those).
 * Only a store job records anything: its batches, once it will not be retried, show in
 * GET /v1/ingest/failures. Lives here, not in the policy table, because it writes to the store.
 */
export function failureHandlers(deps: JobDeps): Partial<Record<QueueName, (job: Job | undefined, error: Error) => Promise<void>>> {
  return {
    [QueueNames.ingestBatch]: (job, error) => recordFailure(deps.db, deps.log, job, error),
  };
}
