import { randomUUID } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import type { IngestEvent } from '@vigie/contracts';
import { ingestBatches } from '@vigie/store';
import { afterStore, type IngestDeps } from './after-store.ts';
import type { BatchResult, Lane } from './batch-lanes.ts';
import { isolateItems, isTransient } from './isolate-items.ts';
import { parseEvents, sortEvents, type BadItem } from './parse-events.ts';
import { storeBatches } from './store-batches.ts';

export type IngestJobResult = { skipped: string } | { stored: boolean; group: number; poison?: number };

// Beyond this many bad items a batch is not carrying a few poison items but failing as a whole (a
// missing partition, say): the search stops and the batch fails with its own error, to be retried.
const MAX_POISON_ITEMS = 100;

/**
 * Stores a group of batches of one source in one transaction, then follows it up (after-store.ts).
 * Items the contract refuses are split off into a failed batch of their own first, so they never
 * fail the group.
 */
export async function storeGroup(deps: IngestDeps, lane: Lane, batchIds: string[]) {
  const { db } = deps;
  const { tenantId, sourceId } = lane;
  const results = new Map<string, BatchResult<IngestJobResult>>(
    batchIds.map((id) => [id, { ok: true, value: { skipped: 'already stored or not found' } }]),
  );
  const events: IngestEvent[] = [];
  const storing: { id: string; events: number }[] = [];
  for (const batch of await ingestBatches.findUnstored(db, tenantId, batchIds)) {
    const parsed = parseEvents(batch.events);
    // A batch of another source (only if a job was queued with the wrong one) waits for its own lane.
    if (batch.source_id !== sourceId)
      results.set(batch.id, { ok: false, error: new Error(`batch ${batch.id} belongs to source ${batch.source_id}`) });
    else if (!parsed.ok) results.set(batch.id, { ok: false, error: new UnrecoverableError(parsed.reason) });
    else {
      if (parsed.bad.length > 0) await splitPoison(deps, lane, batch.id, parsed.events, parsed.bad, false);
      events.push(...parsed.events);
      storing.push({ id: batch.id, events: parsed.events.length });
    }
  }
  if (storing.length === 0) return results;

  const sorted = sortEvents(events);
  const outcome = await storeBatches(
    db,
    tenantId,
    storing.map((b) => b.id),
    sourceId,
    sorted,
    deps.config.retention,
  );
  for (const { id } of storing) results.set(id, { ok: true, value: { stored: outcome.storedIds.has(id), group: storing.length } });
  await afterStore(deps, lane, storing, outcome, sorted.inventories.length > 0);
  return results;
}

/**
 * A batch that failed alone, item by item: its valid items are stored, the items that still fail
 * are split off into a failed batch with their reasons (GET /v1/ingest/failures, replayable). A
 * transient failure, or one that no item survives, leaves the batch to fail whole and be retried.
 */
export async function isolateBatch(deps: IngestDeps, lane: Lane, batchId: string, error: Error): Promise<BatchResult<IngestJobResult>> {
  if (isTransient(error)) return { ok: false, error };
  const [batch] = await ingestBatches.findUnstored(deps.db, lane.tenantId, [batchId]);
  if (!batch) return { ok: true, value: { skipped: 'already stored or not found' } };
  const parsed = parseEvents(batch.events);
  if (!parsed.ok) return { ok: false, error: new UnrecoverableError(parsed.reason) };
  const found = await isolateItems(parsed.events, MAX_POISON_ITEMS, async (items) => {
    const sorted = sortEvents(items);
    await afterStore(
      deps,
      lane,
      [],
      await storeBatches(deps.db, lane.tenantId, [], lane.sourceId, sorted, deps.config.retention),
      sorted.inventories.length > 0,
    );
  }).catch((e: unknown) => e as Error);
  if (found instanceof Error || found.stored === 0) return { ok: false, error };
  const poisoned = new Set(found.poison.map((p) => p.index));
  const kept = parsed.events.filter((_, i) => !poisoned.has(i));
  const bad = [...parsed.bad, ...found.poison.map((p) => ({ index: p.index, raw: p.event, reason: `event ${p.index}: ${p.reason}` }))];
  await splitPoison(deps, lane, batchId, kept, bad, true);
  return { ok: true, value: { stored: true, group: 1, poison: bad.length } };
}

async function splitPoison(deps: IngestDeps, lane: Lane, batchId: string, kept: IngestEvent[], bad: BadItem[], keptStored: boolean) {
  const poisonId = randomUUID();
  const reason = `${bad.length} item(s) split off batch ${batchId}: ${bad.map((b) => b.reason).join('; ')}`;
  await ingestBatches.splitOff(
    deps.db,
    lane.tenantId,
    batchId,
    { eventsJson: JSON.stringify(kept), eventCount: kept.length, stored: keptStored },
    { id: poisonId, eventsJson: JSON.stringify(bad.map((b) => b.raw)), eventCount: bad.length, reason },
  );
  deps.log.warn(
    { tenantId: lane.tenantId, sourceId: lane.sourceId, batchId, poisonBatchId: poisonId, kept: kept.length, poison: bad.length },
    'poison items split off a batch',
  );
}
