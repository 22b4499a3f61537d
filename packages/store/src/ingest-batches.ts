import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

/**
 * Persists accepted batches (the outbox rows, of any tenants) in one statement and one commit; the
 * ids are the callers', so each knows its row. They must be committed before their jobs are queued:
 * from then on the batches are owed to the store, whatever happens to Redis.
 */
export async function acceptMany(
  db: Db,
  batches: { id: string; tenantId: string; sourceId: string; eventsJson: string; eventCount: number }[],
) {
  if (batches.length === 0) return;
  await db
    .insertInto('ingest_batches')
    .values(
      batches.map((b) => ({ id: b.id, tenant_id: b.tenantId, source_id: b.sourceId, events: b.eventsJson, event_count: b.eventCount })),
    )
    .execute();
}

export async function find(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('ingest_batches')
    .select(['id', 'source_id', 'status', 'event_count', 'replays'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The batches among `ids` not stored yet, with their events, in the order they were accepted. */
export async function findUnstored(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('ingest_batches')
    .select(['id', 'source_id', 'events', 'event_count'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .where('status', '<>', 'stored')
    .orderBy('accepted_at')
    .execute();
}

/** Marks batches stored in the transaction that stored their rows; returns those that were not already. */
export async function markStored(trx: Trx, tenantId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await trx
    .updateTable('ingest_batches')
    .set({ status: 'stored', stored_at: new Date(), failure_reason: null })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .where('status', '<>', 'stored')
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Splits a batch's poison items off into a failed batch of their own, kept with their reason and
 * replayable like any failed batch, and leaves the batch holding its valid items only (marked stored
 * when those already are). One transaction: an item is never in both or in neither.
 */
export async function splitOff(
  db: Db,
  tenantId: string,
  batchId: string,
  kept: { eventsJson: string; eventCount: number; stored: boolean },
  poison: { id: string; eventsJson: string; eventCount: number; reason: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const parent = await trx
      .updateTable('ingest_batches')
      .set({
        events: kept.eventsJson,
        event_count: kept.eventCount,
        ...(kept.stored ? { status: 'stored' as const, stored_at: new Date(), failure_reason: null } : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', batchId)
      .where('status', '<>', 'stored')
      .returning('source_id')
      .executeTakeFirst();
    if (!parent) return false;
    await trx
      .insertInto('ingest_batches')
      .values({
        id: poison.id,
        tenant_id: tenantId,
        source_id: parent.source_id,
        status: 'failed',
        events: poison.eventsJson,
        event_count: poison.eventCount,
        failed_at: new Date(),
        failure_reason: poison.reason.slice(0, 2000),
      })
      .execute();
    return true;
  });
}

export async function markFailed(db: Db, tenantId: string, id: string, reason: string) {
  await db
    .updateTable('ingest_batches')
    .set({ status: 'failed', failed_at: new Date(), failure_reason: reason.slice(0, 2000) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'accepted')
    .execute();
}

/**
 * Batches of every tenant still waiting longer than the given age: the sweeper's work list. The one
 * query here without a tenant: the sweeper serves the whole deployment.
 */
export async function listStale(db: Db, olderThan: Date, limit: number) {
  return db
    .selectFrom('ingest_batches')
    .select(['tenant_id', 'source_id', 'id', 'event_count', 'replays'])
    .where('status', '=', 'accepted')
    .where('accepted_at', '<', olderThan)
    .orderBy('accepted_at')
    .limit(limit)
    .execute();
}

/** When the oldest batch still waiting to be stored was accepted (any tenant: a health figure), or null. */
export async function oldestUnstoredAt(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('ingest_batches')
    .select((eb) => eb.fn.min('accepted_at').as('oldest'))
    .where('status', '=', 'accepted')
    .executeTakeFirst();
  return (row?.oldest as Date | null | undefined) ?? null;
}

export async function listFailed(db: Db, tenantId: string, page: { limit: number; before?: Date }) {
  let query = db
    .selectFrom('ingest_batches as b')
    .innerJoin('sources as s', (j) => j.onRef('s.tenant_id', '=', 'b.tenant_id').onRef('s.id', '=', 'b.source_id'))
    .select(['b.id', 's.name as source', 'b.event_count', 'b.accepted_at', 'b.failed_at', 'b.failure_reason', 'b.replays'])
    .where('b.tenant_id', '=', tenantId)
    .where('b.status', '=', 'failed');
  if (page.before) query = query.where('b.failed_at', '<', page.before);
  return query.orderBy('b.failed_at', 'desc').limit(page.limit).execute();
}

/** Puts a failed batch back in the accepted state; returns its replay number and source, or null if not failed. */
export async function reopen(
  db: Db,
  tenantId: string,
  id: string,
): Promise<{ replays: number; source_id: string; event_count: number } | null> {
  const row = await db
    .updateTable('ingest_batches')
    .set((eb) => ({ status: 'accepted', failed_at: null, replays: eb('replays', '+', 1), accepted_at: new Date() }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returning(['replays', 'source_id', 'event_count'])
    .executeTakeFirst();
  return row ?? null;
}

export async function countByStatus(db: Db, tenantId: string) {
  const rows = await db
    .selectFrom('ingest_batches')
    .select(['status', sql<number>`count(*)::int`.as('n'), sql<number>`sum(event_count)::int`.as('events')])
    .where('tenant_id', '=', tenantId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, { batches: r.n, events: r.events }]));
}
