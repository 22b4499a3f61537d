import type { Config, Logger } from '@vigie/config';
import { enqueue, type LivePublisher, type Queues } from '@vigie/queue';
import type { Db } from '@vigie/store';
import { publishBatchStored } from '../live/publish-batch-stored.ts';
import type { Lane } from './batch-lanes.ts';
import type { StoreOutcome } from './store-batches.ts';

/** What storing batches and following them up needs, wired once in jobs/index.ts. */
export interface IngestDeps {
  db: Db;
  queues: Queues;
  config: Readonly<Config>;
  live: LivePublisher;
  log: Logger;
}

/**
 * Everything that follows a committed store, in one place: the rollups of the days it made dirty,
 * the tenant's obsolescence evaluation when inventories came in, one log line with the counts, the
 * live events, and an alert evaluation when anything new was stored.
 */
export async function afterStore(
  deps: IngestDeps,
  lane: Lane,
  stored: { id: string; events: number }[],
  outcome: StoreOutcome,
  inventories: boolean,
) {
  const { queues, config, log } = deps;
  const { tenantId, sourceId } = lane;
  const { dirty, establishmentIds, storedIds, ...counts } = outcome;
  // If this enqueue is lost, the marks are already committed: the rollup sweeper finds them.
  await enqueue.rollupDays(
    queues,
    dirty.map((d) => ({ tenantId, establishmentId: d.establishmentId, day: d.day })),
    config.rollup.delayMs,
  );
  if (inventories) await enqueue.evaluateObsolescence(queues, { tenantId }, config.rollup.delayMs);
  log.info(
    {
      tenantId,
      sourceId,
      batches: stored.length,
      stored: storedIds.size,
      ...counts,
      dirtyDays: dirty.length,
      establishments: establishmentIds.length,
    },
    'batches stored',
  );
  // Not awaited: live events are best effort (the function logs its own failures), and the source's
  // next group need not wait for summary counts.
  void publishBatchStored(deps.db, deps.live, log, config.live.summaryEveryMs, tenantId, sourceId, stored, outcome);
  if (storedIds.size > 0 || counts.heartbeatsNew + counts.heartbeatsPastRaw + counts.sessionsNew + counts.sessionsPastRaw > 0)
    await enqueue.evaluateAlerts(queues, { tenantId, trigger: 'ingest' });
}
