import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface FlagRow {
  deviceId: string;
  reason: string;
  appliesFrom: string;
  detail: string;
}

/**
 * Writes one evaluation's flags. A state-based flag (OS, battery, storage) keeps the date it was
 * first raised, so "applies from" does not move forward with each daily evaluation.
 */
export async function upsertMany(db: Db, tenantId: string, rows: FlagRow[], evaluatedAt: Date) {
  if (rows.length === 0) return;
  // Raw: unnest keeps one statement shape whatever the count, and the conflict rule below needs SQL.
  await sql`
    INSERT INTO device_obsolescence AS o (tenant_id, device_id, reason, applies_from, detail, evaluated_at)
    SELECT ${tenantId}, t.device_id, t.reason, t.applies_from, t.detail, ${evaluatedAt}
    FROM unnest(${rows.map((r) => r.deviceId)}::uuid[], ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.appliesFrom)}::date[],
                ${rows.map((r) => r.detail)}::text[]) AS t(device_id, reason, applies_from, detail)
    ORDER BY t.device_id, t.reason
    ON CONFLICT (tenant_id, device_id, reason) DO UPDATE SET detail = EXCLUDED.detail, evaluated_at = EXCLUDED.evaluated_at,
      applies_from = CASE WHEN o.reason IN ('os_version', 'battery', 'storage') THEN LEAST(o.applies_from, EXCLUDED.applies_from)
                          ELSE EXCLUDED.applies_from END
    -- An older evaluation finishing after a newer one must not date the newer one's flags back
    -- (its deleteStale would then drop flags that still hold).
    WHERE o.evaluated_at <= EXCLUDED.evaluated_at`.execute(db);
}

/** Drops flags the evaluation at `evaluatedAt` no longer raised (battery replaced, OS updated, rule removed). */
export async function deleteStale(db: Db, tenantId: string, evaluatedAt: Date) {
  const r = await db
    .deleteFrom('device_obsolescence')
    .where('tenant_id', '=', tenantId)
    .where('evaluated_at', '<', evaluatedAt)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
