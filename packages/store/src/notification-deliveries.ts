import type { Db, Trx } from './db.ts';

export interface NewDelivery {
  endpointId: string;
  idempotencyKey: string;
  kind: 'alert' | 'test' | 'digest';
  alertId: string | null;
  payload: Record<string, unknown>;
}

/** Records a delivery to make; the unique key makes a second call for the same key return the first row. */
export async function create(db: Db | Trx, tenantId: string, d: NewDelivery) {
  await db
    .insertInto('notification_deliveries')
    .values({
      tenant_id: tenantId,
      endpoint_id: d.endpointId,
      idempotency_key: d.idempotencyKey,
      kind: d.kind,
      alert_id: d.alertId,
      payload: JSON.stringify(d.payload),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'endpoint_id', 'idempotency_key']).doNothing())
    .execute();
  return db
    .selectFrom('notification_deliveries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', d.endpointId)
    .where('idempotency_key', '=', d.idempotencyKey)
    .executeTakeFirstOrThrow();
}

export async function find(db: Db, tenantId: string, id: string) {
  return db.selectFrom('notification_deliveries').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Records one attempt; `delivered` only moves a pending delivery, so a late duplicate success changes nothing. */
export async function recordAttempt(
  db: Db | Trx,
  tenantId: string,
  id: string,
  outcome: { delivered: boolean; final: boolean; status: number | null; error: string | null },
) {
  return db
    .updateTable('notification_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_status: outcome.status,
      last_error: outcome.error,
      status: outcome.delivered ? 'delivered' : outcome.final ? 'failed' : 'pending',
      delivered_at: outcome.delivered ? new Date() : null,
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

export async function listByEndpoint(db: Db, tenantId: string, endpointId: string, limit: number) {
  return db
    .selectFrom('notification_deliveries')
    .select(['id', 'idempotency_key', 'kind', 'alert_id', 'status', 'attempts', 'last_status', 'last_error', 'created_at', 'delivered_at'])
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

type DeliveryRow = NonNullable<Awaited<ReturnType<typeof find>>>;

/**
 * Runs `send` holding the delivery's row lock, or returns 'busy' when another worker holds it:
 * two workers never post the same delivery at once, whatever Redis does with job ids.
 */
export async function withLock<T>(
  db: Db,
  tenantId: string,
  id: string,
  send: (row: DeliveryRow, trx: Trx) => Promise<T>,
): Promise<T | 'busy' | 'gone'> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return (await find(db, tenantId, id)) ? 'busy' : 'gone';
    return send(row, trx);
  });
}

/**
 * Deliveries of every tenant still pending after the given age: the sweeper's work list (their job
 * was never queued, because the worker died after the commit, or Redis lost it).
 */
export async function listStale(db: Db, olderThan: Date, limit: number) {
  return db
    .selectFrom('notification_deliveries')
    .select(['tenant_id', 'id'])
    .where('status', '=', 'pending')
    .where('created_at', '<', olderThan)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}
