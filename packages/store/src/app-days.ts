import { sql } from 'kysely';
import { arrayLiteral } from './array-literal.ts';
import type { Db, Trx } from './db.ts';

/** What new app sessions add to one device, local day and app. */
export interface AppDayIncrement {
  deviceId: string;
  day: string;
  appId: string;
  /** The source's category, '' for none. */
  category: string;
  seconds: number;
  sessions: number;
}

// Rows go in key order, so concurrent batches wait on each other instead of deadlocking.
const upsert = sql`ON CONFLICT (tenant_id, device_id, day, app_id, category) DO UPDATE SET
  seconds = app_days.seconds + EXCLUDED.seconds, sessions = app_days.sessions + EXCLUDED.sessions`;

/** Adds new sessions' seconds and counts to their app-days (only sessions the raw keys let in). */
export async function add(trx: Trx, tenantId: string, rows: readonly AppDayIncrement[]) {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO app_days (tenant_id, device_id, day, app_id, category, seconds, sessions)
    SELECT ${tenantId}, t.device_id, t.day, t.app_id, t.category, t.seconds, t.sessions
    FROM unnest(${arrayLiteral(rows.map((r) => r.deviceId))}::uuid[], ${arrayLiteral(rows.map((r) => r.day))}::date[],
                ${arrayLiteral(rows.map((r) => r.appId))}::text[], ${arrayLiteral(rows.map((r) => r.category))}::text[],
                ${arrayLiteral(rows.map((r) => r.seconds))}::int[], ${arrayLiteral(rows.map((r) => r.sessions))}::int[])
         AS t(device_id, day, app_id, category, seconds, sessions)
    ORDER BY t.device_id, t.day, t.app_id, t.category
    ${upsert}`.execute(trx);
}

/** Folds a duplicate device's app-days into another device's (device merge). */
export async function reassignDevice(trx: Trx, tenantId: string, fromId: string, toId: string) {
  await sql`
    WITH moved AS (DELETE FROM app_days WHERE tenant_id = ${tenantId} AND device_id = ${fromId} RETURNING *)
    INSERT INTO app_days (tenant_id, device_id, day, app_id, category, seconds, sessions)
    SELECT tenant_id, ${toId}, day, app_id, category, seconds, sessions FROM moved ORDER BY day, app_id, category
    ${upsert}`.execute(trx);
}

/**
 * Seconds, sessions and devices per app category for an establishment's devices over local days
 * [from, to]: the tenant's catalogue decides the category, else the one the source sent, else 'other'.
 */
export async function byCategory(db: Db, tenantId: string, establishmentId: string, range: { from: string; to: string }) {
  const r = await sql<{ category: string; seconds: number; sessions: number; devices: number }>`
    SELECT COALESCE(c.category, NULLIF(a.category, ''), 'other') AS category, sum(a.seconds)::bigint AS seconds,
           sum(a.sessions)::int AS sessions, count(DISTINCT a.device_id)::int AS devices
    FROM app_days a
    JOIN devices d ON d.tenant_id = a.tenant_id AND d.id = a.device_id
    LEFT JOIN app_catalog c ON c.tenant_id = a.tenant_id AND c.app_id = a.app_id
    WHERE a.tenant_id = ${tenantId} AND d.establishment_id = ${establishmentId} AND a.day BETWEEN ${range.from}::date AND ${range.to}::date
    GROUP BY 1 ORDER BY 2 DESC`.execute(db);
  return r.rows;
}
