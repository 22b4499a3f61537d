import type { Config } from '@vigie/config';
import { checkEvent, type IngestEvent } from '@vigie/contracts';
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
  const now = Date.now();
  const window = {
    oldest: now - deps.config.retention.observationDays * 86_400_000,
    newest: now + deps.config.ingest.maxFutureMinutes * 60_000,
  };
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
  let batches = 0;
  for (let i = 0; i < valid.length; i += size) {
    const chunk = valid.slice(i, i + size);
    const batchId = await ingestBatches.accept(deps.db, tenantId, sourceId, JSON.stringify(chunk), chunk.length);
    batches++;
    // Committed: if Redis is unreachable now, the sweeper queues the batch later.
    await enqueue.ingestBatch(deps.queues, { tenantId, sourceId, batchId, events: chunk.length }).catch((err: unknown) => {
      deps.log.warn({ err, batchId }, 'batch accepted but not queued; the sweeper will queue it');
    });
  }
  return { eventsAccepted: valid.length, batches, rejected, rejections };
}
