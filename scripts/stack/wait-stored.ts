import { ingestBatches, rollupDirty, type Db } from '@vigie/store';
import type { Queues } from '@vigie/queue';
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
export async function waitUntilStored(
  db: Db,
  tenantId: string,
  before: OutboxCounts,
  bar?: ProgressBar,
  stallMs = 120_000,
): Promise<OutboxCounts> {
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

/**
 * Polls until the tenant has no establishment-day left to roll up and no obsolescence evaluation queued
 * or running: what its stored batches set off has then run. Says how many days remain every 5 s;
 * returns the seconds it took.
 */
export async function waitUntilRolledUp(
  db: Db,
  queues: Pick<Queues, 'evaluateObsolescence'>,
  tenantId: string,
  log: (line: string) => void,
  timeoutMs = 600_000,
): Promise<number> {
  const started = Date.now();
  let lastSaid = started;
  for (;;) {
    const dirty = await rollupDirty.count(db, tenantId);
    const obsolescence = await queues.evaluateObsolescence.getJobCounts('active', 'waiting', 'delayed');
    if (dirty === 0 && Object.values(obsolescence).every((n) => n === 0)) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutMs)
      throw new Error(`${dirty} establishment-days still to roll up after ${timeoutMs / 1000} s: is the worker running?`);
    if (Date.now() - lastSaid >= 5_000) {
      lastSaid = Date.now();
      log(`rolling up: ${dirty} establishment-days to go after ${Math.round((lastSaid - started) / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
