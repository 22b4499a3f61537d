import { sql } from 'kysely';
import { inTransaction, lockAllUntilCommit, type Db, type Trx } from './db.ts';
import * as establishmentPeriods from './establishment-periods.ts';

export interface FlagRow {
  deviceId: string;
  reason: string;
  appliesFrom: string;
  detail: string;
}

// A state-based flag (OS, battery, storage) keeps the date it was first raised, so "applies from"
// does not move forward with each daily evaluation.
const keptAppliesFrom = (stored: string, raised: string) =>
  sql`CASE WHEN ${sql.ref(`${stored}.reason`)} IN ('os_version', 'battery', 'storage')
      THEN LEAST(${sql.ref(`${stored}.applies_from`)}, ${sql.ref(raised)}) ELSE ${sql.ref(raised)} END`;

/** Writes one evaluation's flags (a page of the tenant's devices). */
export async function upsertMany(db: Db, tenantId: string, rows: FlagRow[], evaluatedAt: Date) {
  if (rows.length === 0) return;
  const flags = sql`unnest(${rows.map((r) => r.deviceId)}::uuid[], ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.appliesFrom)}::date[],
    ${rows.map((r) => r.detail)}::text[]) AS t(device_id, reason, applies_from, detail)`;
  await inTransaction(db, async (trx) => {
    // The establishments of the devices whose first flag date may move: a new flag, or a stored one
    // whose date this write changes (what 0073's trigger rewrites); the daily re-evaluation moves none.
    const moving = await sql<{ establishment_id: string }>`
      SELECT DISTINCT d.establishment_id FROM ${flags}
      JOIN devices d ON d.tenant_id = ${tenantId} AND d.id = t.device_id
      LEFT JOIN device_obsolescence o ON o.tenant_id = ${tenantId} AND o.device_id = t.device_id AND o.reason = t.reason
      WHERE d.establishment_id IS NOT NULL
        AND (o.device_id IS NULL OR (o.evaluated_at <= ${evaluatedAt} AND o.applies_from IS DISTINCT FROM ${keptAppliesFrom('o', 't.applies_from')}))`.execute(
      trx,
    );
    await lockStreakEstablishments(
      trx,
      tenantId,
      moving.rows.map((r) => r.establishment_id),
    );
    // Raw: unnest keeps one statement shape whatever the count, and the conflict rule below needs SQL.
    await sql`
      INSERT INTO device_obsolescence AS o (tenant_id, device_id, reason, applies_from, detail, evaluated_at)
      SELECT ${tenantId}, t.device_id, t.reason, t.applies_from, t.detail, ${evaluatedAt}
      FROM ${flags}
      ORDER BY t.device_id, t.reason
      ON CONFLICT (tenant_id, device_id, reason) DO UPDATE SET detail = EXCLUDED.detail, evaluated_at = EXCLUDED.evaluated_at,
        applies_from = ${keptAppliesFrom('o', 'excluded.applies_from')}
      -- An older evaluation finishing after a newer one must not date the newer one's flags back
      -- (its deleteStale would then drop flags that still hold).
      WHERE o.evaluated_at <= EXCLUDED.evaluated_at`.execute(trx);
  });
}

/** Drops flags the evaluation at `evaluatedAt` no longer raised (battery replaced, OS updated, rule removed). */
export async function deleteStale(db: Db, tenantId: string, evaluatedAt: Date) {
  return inTransaction(db, async (trx) => {
    const moving = await sql<{ establishment_id: string }>`
      SELECT DISTINCT d.establishment_id FROM device_obsolescence o
      JOIN devices d ON d.tenant_id = ${tenantId} AND d.id = o.device_id
      WHERE o.tenant_id = ${tenantId} AND o.evaluated_at < ${evaluatedAt} AND d.establishment_id IS NOT NULL`.execute(trx);
    await lockStreakEstablishments(
      trx,
      tenantId,
      moving.rows.map((r) => r.establishment_id),
    );
    const r = await trx
      .deleteFrom('device_obsolescence')
      .where('tenant_id', '=', tenantId)
      .where('evaluated_at', '<', evaluatedAt)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  });
}

/**
 * Takes, before flags are written, the lock a rollup holds while it writes an establishment's idle
 * streaks (establishmentPeriods.lockEstablishment), for each establishment whose devices' copied
 * first_obsolete the write may move (migration 0073). 0073's trigger takes the same locks, but on
 * Citus it runs on a worker while the rollup holds its lock on the coordinator: they did not
 * exclude each other, and a rollup committing streak rows read before the flags kept them without
 * the date (docs/scale-out.md). Taken here, in a statement that reads no table, the lock is on the
 * coordinator; on plain PostgreSQL the trigger then re-enters it. Sorted, as every locker of these
 * keys takes them.
 */
async function lockStreakEstablishments(trx: Trx, tenantId: string, establishmentIds: string[]) {
  if (establishmentIds.length === 0) return;
  await lockAllUntilCommit(
    trx,
    establishmentIds.map((e) => establishmentPeriods.lockKey(tenantId, e)),
  );
}
