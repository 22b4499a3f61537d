import type { IngestEvent } from '@vigie/contracts';
import { unit } from '../population/prng.ts';
import type { Delivered } from '../events/delivered.ts';

/** A request's worth of events: one tenant, one source (the envelope names a single source). */
export interface SourcedBatch {
  tenantCode: string;
  source: string;
  events: IngestEvent[];
  /** True for the second sending of a batch (a connector that retried after a lost answer). */
  duplicate: boolean;
}

/**
 * Groups delivered events into batches of `size` per (tenant, source), lazily: at most one open
 * batch per pair is held. A share `duplicateShare` of batches is sent a second time, as connectors
 * do when an answer is lost; which ones is decided by the seed.
 */
export function* sourcedBatches(
  items: Iterable<Delivered>,
  options: { size: number; seed: number; duplicateShare?: number },
): Generator<SourcedBatch> {
  const open = new Map<string, SourcedBatch>();
  let n = 0;
  const share = options.duplicateShare ?? 0;
  function* flush(batch: SourcedBatch) {
    yield batch;
    if (share > 0 && unit(options.seed, 'duplicate-batch', n++) < share) yield { ...batch, duplicate: true };
  }
  for (const item of items) {
    const key = `${item.tenantCode}/${item.source}`;
    let batch = open.get(key);
    if (!batch) {
      batch = { tenantCode: item.tenantCode, source: item.source, events: [], duplicate: false };
      open.set(key, batch);
    }
    batch.events.push(item.event);
    if (batch.events.length >= options.size) {
      open.delete(key);
      yield* flush(batch);
    }
  }
  for (const batch of open.values()) yield* flush(batch);
}
