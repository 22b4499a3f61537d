import { randomUUID } from 'node:crypto';
import type { Logger } from '@vigie/config';
import { enqueue, type Queues } from '@vigie/queue';
import { ingestBatches, type Db } from '@vigie/store';

export interface AcceptedBatch {
  tenantId: string;
  sourceId: string;
  eventsJson: string;
  eventCount: number;
}

interface Waiting extends AcceptedBatch {
  id: string;
  resolve: (batchId: string) => void;
  reject: (error: Error) => void;
}

// Beyond this many batches a group's INSERT grows past what one round trip should carry.
const MAX_GROUP = 64;

/**
 * Group commit for accepts: batches accepted while an outbox INSERT is in flight are written
 * together in the next one (one statement, one commit, one round trip to queue their jobs). Under
 * light load a group is one batch and nothing waits. A batch's promise settles once its row is
 * committed: the job may still be unqueued (Redis down), and the sweeper then queues it.
 */
export function batchAcceptor(db: Db, queues: Queues, log: Logger) {
  const waiting: Waiting[] = [];
  let writing = false;

  async function write() {
    writing = true;
    while (waiting.length > 0) {
      const group = waiting.splice(0, MAX_GROUP);
      try {
        await ingestBatches.acceptMany(db, group);
        committed(group);
      } catch (error) {
        // One batch's failure (its source deleted meanwhile, say) must not fail the others: alone, each
        // batch commits or fails on its own.
        if (group.length === 1) group[0]!.reject(error as Error);
        else
          for (const w of group)
            await ingestBatches.acceptMany(db, [w]).then(
              () => committed([w]),
              (e: unknown) => w.reject(e as Error),
            );
      }
    }
    writing = false;
  }

  function committed(group: Waiting[]) {
    for (const w of group) w.resolve(w.id);
    // Not awaited: the next group's INSERT need not wait for this one's jobs.
    enqueue
      .ingestBatches(
        queues,
        group.map((w) => ({ tenantId: w.tenantId, sourceId: w.sourceId, batchId: w.id, events: w.eventCount })),
      )
      .catch((err: unknown) => {
        log.warn({ err, batches: group.length }, 'batches accepted but not queued; the sweeper will queue them');
      });
  }

  return {
    /** Commits the batch to the outbox and returns its id; its job is queued right after. */
    accept(batch: AcceptedBatch): Promise<string> {
      return new Promise((resolve, reject) => {
        waiting.push({ ...batch, id: randomUUID(), resolve, reject });
        if (!writing) void write();
      });
    },
  };
}
