import { sql, type ExpressionBuilder } from 'kysely';
import type { AuditActorKind } from '@vigie/contracts';
import { inTransaction, type Db, type Trx } from './db.ts';
import type { Database } from './tables.ts';
import { chainHash, GENESIS_HASH } from './audit-hash.ts';

/** Who acted, as the journal records it: a display name, never more of a person's identity. */
export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
  name: string;
  address: string | null;
}

export interface NewAuditEvent {
  action: string;
  target?: { kind: string; id: string | null };
  /** What changed, never a secret (credentials are recorded as "changed", not as values). */
  details?: Record<string, unknown>;
}

/** The chain a tenant's events form; platform events (no tenant) form one chain of their own. */
export const chainOf = (tenantId: string | null) => tenantId ?? 'platform';

/** The rows of one chain: a tenant's, or the platform's (tenant_id null, which `=` would never match). */
const inChain = (tenantId: string | null) => (eb: ExpressionBuilder<Database, 'audit_events'>) =>
  tenantId === null ? eb('tenant_id', 'is', null) : eb('tenant_id', '=', tenantId);

/** The chain's head row, locked FOR UPDATE until the transaction ends: appends and purges of a chain take turns. */
function lockHead(trx: Trx, chain: string) {
  return trx.selectFrom('audit_chains').selectAll().where('chain', '=', chain).forUpdate().executeTakeFirst();
}

/**
 * Appends one event to the tenant's chain (null: the platform chain). The chain's head row is
 * locked FOR UPDATE for the transaction, so concurrent appends of one chain take turns: seq has no
 * gap and each row's prev_hash is the hash of the row before it. Given a transaction, the event
 * commits or rolls back with the change it records.
 */
export async function append(db: Db | Trx, tenantId: string | null, actor: AuditActor, event: NewAuditEvent) {
  return inTransaction(db, async (trx) => {
    const chain = chainOf(tenantId);
    await trx
      .insertInto('audit_chains')
      .values({ chain, tenant_id: tenantId, last_seq: 0, last_hash: GENESIS_HASH, anchor_seq: 0, anchor_hash: GENESIS_HASH })
      .onConflict((oc) => oc.column('chain').doNothing())
      .execute();
    // Present: inserted just above when it was not.
    const head = (await lockHead(trx, chain))!;
    const row = {
      tenant_id: tenantId,
      seq: head.last_seq + 1,
      at: new Date(),
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_name: actor.name,
      address: actor.address,
      action: event.action,
      target_kind: event.target?.kind ?? null,
      target_id: event.target?.id ?? null,
      details: event.details ?? {},
    };
    const hash = chainHash(head.last_hash, row);
    await trx
      .insertInto('audit_events')
      .values({ ...row, details: JSON.stringify(row.details), prev_hash: head.last_hash, hash })
      .execute();
    await trx.updateTable('audit_chains').set({ last_seq: row.seq, last_hash: hash }).where('chain', '=', chain).execute();
    return { seq: row.seq, hash };
  });
}

export interface AuditFilter {
  action?: string;
  /** An actor id (token or session id) or display name. */
  actor?: string;
  targetKind?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Keyset paging: events with a seq below this one (newest first). */
  beforeSeq?: number;
  limit: number;
}

/** A tenant's events, newest first, filtered; page on with the last row's seq as beforeSeq. */
export async function list(db: Db, tenantId: string | null, filter: AuditFilter) {
  let query = db.selectFrom('audit_events').selectAll().where(inChain(tenantId));
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actor) query = query.where((eb) => eb.or([eb('actor_id', '=', filter.actor!), eb('actor_name', '=', filter.actor!)]));
  if (filter.targetKind) query = query.where('target_kind', '=', filter.targetKind);
  if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
  return query.orderBy('seq', 'desc').limit(filter.limit).execute();
}

export type AuditRow = Awaited<ReturnType<typeof list>>[number];

/** Every chain: 'platform' and each tenant with events. */
export async function chains(db: Db) {
  return db.selectFrom('audit_chains').select(['chain', 'tenant_id']).orderBy('chain').execute();
}

export type Verification =
  { ok: true; chain: string; events: number; lastSeq: number } | { ok: false; chain: string; brokenSeq: number; reason: string };

const PAGE = 1_000;

/**
 * Recomputes a chain from its anchor (the last purged row, or the start) to its head. The first row
 * whose seq, prev_hash or hash does not follow is named; rows removed at the end are found by
 * comparing with the head.
 */
export async function verify(db: Db, tenantId: string | null): Promise<Verification> {
  const chain = chainOf(tenantId);
  const head = await db.selectFrom('audit_chains').selectAll().where('chain', '=', chain).executeTakeFirst();
  if (!head) return { ok: true, chain, events: 0, lastSeq: 0 };
  let seq = head.anchor_seq;
  let hash = head.anchor_hash;
  let events = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where(inChain(tenantId))
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      if (row.seq !== seq + 1) return { ok: false, chain, brokenSeq: seq + 1, reason: `event ${seq + 1} is missing` };
      if (row.prev_hash !== hash) return { ok: false, chain, brokenSeq: row.seq, reason: 'prev_hash is not the hash of the event before' };
      if (chainHash(hash, row) !== row.hash)
        return { ok: false, chain, brokenSeq: row.seq, reason: 'the event was altered: its hash does not match its content' };
      seq = row.seq;
      hash = row.hash;
      events++;
    }
    if (rows.length < PAGE) break;
  }
  if (seq !== head.last_seq || hash !== head.last_hash) {
    return { ok: false, chain, brokenSeq: seq + 1, reason: `the chain ends at ${seq} but its head says ${head.last_seq}` };
  }
  return { ok: true, chain, events, lastSeq: seq };
}

/**
 * Deletes a chain's events older than `before`, the retention purge. The last deleted row's seq and
 * hash become the chain's anchor in the same transaction, so verification starts from there and
 * the rest stays verifiable. The deletion is the one the append-only trigger lets through
 * (migrations/0052), for this transaction only.
 */
export async function purgeBefore(db: Db, chain: string, before: Date): Promise<{ deleted: number; anchorSeq: number }> {
  return db.transaction().execute(async (trx) => {
    const head = await lockHead(trx, chain);
    if (!head) return { deleted: 0, anchorSeq: 0 };
    const last = await trx
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where(inChain(head.tenant_id))
      .where('at', '<', before)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) return { deleted: 0, anchorSeq: head.anchor_seq };
    // The append-only trigger (migration 0052) lets a delete through only while this flag is set.
    await sql`SELECT set_config('vigie.audit_purge', 'on', true)`.execute(trx);
    const result = await trx.deleteFrom('audit_events').where(inChain(head.tenant_id)).where('seq', '<=', last.seq).executeTakeFirst();
    await sql`SELECT set_config('vigie.audit_purge', 'off', true)`.execute(trx);
    await trx.updateTable('audit_chains').set({ anchor_seq: last.seq, anchor_hash: last.hash }).where('chain', '=', chain).execute();
    return { deleted: Number(result.numDeletedRows), anchorSeq: last.seq };
  });
}
