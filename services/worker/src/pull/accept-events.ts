import { randomUUID } from 'node:crypto';
import type { Config } from '@vigie/config';
import { checkEvent, timeWindow, type IngestEvent } from '@vigie/contracts';
import { enqueue, type Queues } from '@vigie/queue';
import { ingestBatches, type Db } from '@vigie/store';
import type { Logger } from '@vigie/config';

export interface Accepted {
  eventsAccepted: number;
  batches: number;
  rejected: number;
  rejections: Record<string, number>;
}

/**
 * The pull path's end, identical to the push route's: each event checked by the shared rule, then
 * the valid ones persisted as batches (the outbox) and queued for the same ingest-batch job.
 */
export async function acceptEvents(
  deps: { db: Db; queues: Queues; config: Readonly<Config>; log: Logger },
  tenantId: string, sourceId: string, events: Record<string, unknown>[], rejections: Record<string, number>,
): Promise<Accepted> {
  const window = timeWindow(Date.now(), deps.config.retention.observationDays, deps.config.ingest.maxFutureMinutes);
  const valid: IngestEvent[] = [];
  let rejected = Object.values(rejections).reduce((a, b) => a + b, 0);
  events.forEach((raw, index) => {
    const check = checkEvent(raw, index, window);
    if (check.ok) valid.push(check.event);
    else {
      const key = `${check.result.code}:${check.result.field ?? ''}`;
      rejections[key] = (rejections[key] ?? 0) + 1;
      rejected++;
    }
  });
  const size = Math.min(deps.config.connectors.batchEvents, deps.config.ingest.maxEvents);
  const batches = [];
  for (let i = 0; i < valid.length; i += size) {
    const chunk = valid.slice(i, i + size);
    batches.push({ id: randomUUID(), tenantId, sourceId, eventsJson: JSON.stringify(chunk), eventCount: chunk.length });
  }
  // One statement and one commit for the page's batches, then their jobs in one round trip.
  await ingestBatches.acceptMany(deps.db, batches);
  await enqueue.ingestBatches(deps.queues, batches.map((b) => ({ tenantId, sourceId, batchId: b.id, events: b.eventCount }))).catch((err: unknown) => {
    // Committed: if Redis is unreachable now, the sweeper queues the batches later.
    deps.log.warn({ err, batches: batches.length }, 'batches accepted but not queued; the sweeper will queue them');
  });
  return { eventsAccepted: valid.length, batches: batches.length, rejected, rejections };
}
