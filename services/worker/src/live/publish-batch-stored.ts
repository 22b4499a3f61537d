import type { Logger } from '@vigie/config';
import type { LivePublisher } from '@vigie/queue';
import { fleetSummary, establishments, type Db } from '@vigie/store';
import type { StoreOutcome } from '../ingest/store-batches.ts';

/**
 * Tells live clients a group of batches was stored, and refreshes the tenant's fleet summary and its
 * establishments' counts: at most once per `summaryEveryMs` across the workers storing the tenant's
 * batches together (each costs a few COUNT queries), and once more after the last group. Live events
 * are best effort: a failure is logged, never retried.
 */
export async function publishBatchStored(
  db: Db,
  live: LivePublisher,
  log: Logger,
  summaryEveryMs: number,
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
    const keys = ['fleet', ...outcome.establishmentIds.map((id) => `establishment-${id}`)];
    await live.throttle(tenantId, keys, summaryEveryMs, (due) => publishSummaries(db, live, log, tenantId, due));
  } catch (err) {
    log.warn({ err, tenantId, sourceId }, 'live events not published');
  }
}

/**
 * Publishes the summaries named by `keys` ('fleet', 'establishment-<id>'), read now. Each is
 * published as a state (publishState): another worker's read that started earlier but finished
 * later is dropped rather than becoming the last summary clients hold.
 */
async function publishSummaries(db: Db, live: LivePublisher, log: Logger, tenantId: string, keys: string[]) {
  try {
    const now = new Date();
    if (keys.includes('fleet')) {
      const ticket = await live.stateTicket(tenantId, 'fleet');
      await live.publishState(tenantId, 'fleet', ticket, { kind: 'fleet.summary', summary: await fleetSummary.read(db, tenantId, now) });
    }
    const ids = keys.flatMap((key) => (key.startsWith('establishment-') ? [key.slice('establishment-'.length)] : []));
    if (ids.length === 0) return;
    const tickets = new Map(
      await Promise.all(ids.map(async (id) => [id, await live.stateTicket(tenantId, `establishment-${id}`)] as const)),
    );
    const [uais, summaries] = await Promise.all([
      establishments.uaisById(db, tenantId, ids),
      fleetSummary.readByEstablishment(db, tenantId, now, ids),
    ]);
    for (const [id, uai] of uais) {
      const event = { kind: 'establishment.counts' as const, establishment_id: id, uai, summary: summaries.get(id)! };
      await live.publishState(tenantId, `establishment-${id}`, tickets.get(id)!, event);
    }
  } catch (err) {
    log.warn({ err, tenantId }, 'live summaries not published');
  }
}
