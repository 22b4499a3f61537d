import type { Logger } from '@vigie/config';
import type { LivePublisher } from '@vigie/queue';
import { deviceListing, establishments, type Db } from '@vigie/store';
import type { StoreOutcome } from '../ingest/store-batches.ts';

// Summaries cost a few COUNT queries; several workers storing a tenant's batches together compute
// them at most this often. Clients see one update per second per topic anyway.
const SUMMARY_EVERY_MS = 1_000;

/**
 * Tells live clients a group of batches was stored, and refreshes the tenant's fleet summary and its
 * establishments' counts when due. Live events are best effort: a failure is logged, never retried.
 */
export async function publishBatchStored(
  db: Db,
  live: LivePublisher,
  log: Logger,
  tenantId: string,
  sourceId: string,
  batches: { id: string; events: number }[],
  outcome: StoreOutcome,
) {
  try {
    await live.publish(tenantId, {
      kind: 'ingest.progress',
      source_id: sourceId,
      events: outcome.events,
      devices_created: outcome.devicesCreated,
      batches: batches.map((b) => ({
        batch_id: b.id,
        status: outcome.storedIds.has(b.id) ? 'stored' : 'already_stored',
        events: b.events,
      })),
    });
    if (outcome.storedIds.size === 0) return;
    const now = new Date();
    const due = await live.due(tenantId, ['fleet', ...outcome.establishmentIds.map((id) => `establishment-${id}`)], SUMMARY_EVERY_MS);
    if (due[0] === 'fleet') {
      await live.publish(tenantId, { kind: 'fleet.summary', summary: await deviceListing.summary(db, tenantId, now) });
    }
    const ids = due.flatMap((key) => (key.startsWith('establishment-') ? [key.slice('establishment-'.length)] : []));
    if (ids.length === 0) return;
    const [uais, summaries] = await Promise.all([
      establishments.uaisById(db, tenantId, ids),
      deviceListing.summariesByEstablishment(db, tenantId, now, ids),
    ]);
    for (const [id, uai] of uais) {
      await live.publish(tenantId, { kind: 'establishment.counts', establishment_id: id, uai, summary: summaries.get(id)! });
    }
  } catch (err) {
    log.warn({ err, tenantId, sourceId }, 'live events not published');
  }
}
