import { ingestBatches, type Db } from '@vigie/store';
import type { ProgressBar } from '@vigie/simulator';

export interface OutboxCounts {
  pending: number;
  storedEvents: number;
  failedBatches: number;
}

export async function outboxCounts(db: Db, tenantId: string): Promise<OutboxCounts> {
  const counts = await ingestBatches.countByStatus(db, tenantId);
  return { pending: counts.accepted?.batches ?? 0, storedEvents: counts.stored?.events ?? 0, failedBatches: counts.failed?.batches ?? 0 };
}

/**
 * Polls ingest_batches until the worker has stored every accepted batch of the tenant. Fails if a
 * batch failed, or if nothing moved for `stallMs` (the worker is down or stuck).
 */
export async function waitUntilStored(db: Db, tenantId: string, before: OutboxCounts, bar?: ProgressBar, stallMs = 120_000): Promise<OutboxCounts> {
  let last = -1;
  let lastMove = Date.now();
  for (;;) {
    const now = await outboxCounts(db, tenantId);
    bar?.update(now.storedEvents - before.storedEvents);
    if (now.failedBatches > before.failedBatches) {
      throw new Error(`${now.failedBatches - before.failedBatches} batch(es) failed in the worker; GET /v1/ingest/failures says why`);
    }
    if (now.pending === 0) return now;
    if (now.storedEvents !== last) {
      last = now.storedEvents;
      lastMove = Date.now();
    } else if (Date.now() - lastMove > stallMs) {
      throw new Error(`no batch stored for ${stallMs / 1000} s with ${now.pending} still pending: is the worker running?`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
