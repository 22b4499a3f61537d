import { UnrecoverableError, type Job } from 'bullmq';
import { PullConnectorJob } from '@vigie/contracts';
import { runSync, type SyncDeps } from '../pull/run-sync.ts';

/** Syncs one pulled source; a failed MDM sync is recorded in sync_runs, not retried by BullMQ. */
export function pullConnector(deps: SyncDeps) {
  return async (job: Job) => {
    const payload = PullConnectorJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad pull-connector payload: ${payload.error.message}`);
    return runSync(deps, payload.data);
  };
}
