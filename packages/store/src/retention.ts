import { sql, type RawBuilder } from 'kysely';
import type { RetentionClassId } from '@vigie/contracts';
import type { Db, Trx } from './db.ts';
import { partitionRange } from './partitions.ts';

// How each data class of @vigie/contracts RETENTION_CLASSES is removed once older than its
// retention. The table and column names are constants of this file, never input.

interface Purge {
  table: string;
  /** The column the age is counted from; a `date` column is compared with the cut-off's UTC day. */
  age: string;
  date?: boolean;
  /** Rows of the class only (a status, a finished run). */
  only?: RawBuilder<unknown>;
  /** Rows of one-to-one devices only. */
  personal?: boolean;
  /** Monthly-partitioned: deleted partition by partition (a ctid is unique only within one). */
  partitioned?: boolean;
}

/** Classes another component enforces (the audit log purges itself: AUDIT_RETENTION_DAYS). */
export const PURGED_ELSEWHERE = ['audit_log'] as const satisfies readonly RetentionClassId[];
export type PurgedClassId = Exclude<RetentionClassId, (typeof PURGED_ELSEWHERE)[number]>;

/** Assignments that give a device to one person: its daily usage describes that person's day. */
export const PERSONAL_ASSIGNMENTS = ['individual', 'teacher'] as const;

export const PURGES: Record<PurgedClassId, readonly Purge[]> = {
  check_ins: [{ table: 'heartbeats', age: 'observed_at', partitioned: true }],
  app_sessions: [{ table: 'app_usage', age: 'started_at', partitioned: true }],
  device_days: [
    { table: 'device_days', age: 'day', date: true },
    { table: 'app_days', age: 'day', date: true },
    { table: 'device_contact_days', age: 'day', date: true },
  ],
  personal_device_days: [
    { table: 'device_days', age: 'day', date: true, personal: true },
    { table: 'app_days', age: 'day', date: true, personal: true },
    { table: 'device_contact_days', age: 'day', date: true, personal: true },
    { table: 'device_activity', age: 'day', date: true, personal: true },
  ],
  device_decisions: [
    { table: 'device_activity', age: 'day', date: true },
    { table: 'device_idle_streaks', age: 'day', date: true },
  ],
  aggregates: [
    { table: 'establishment_days', age: 'day', date: true },
    { table: 'establishment_periods', age: 'period_start', date: true },
    { table: 'cart_days', age: 'day', date: true },
    { table: 'tenant_days', age: 'day', date: true },
  ],
  failed_batches: [{ table: 'ingest_batches', age: 'failed_at', only: sql`status = 'failed'` }],
  outbox: [{ table: 'ingest_batches', age: 'stored_at', only: sql`status = 'stored'` }],
  // A pending delivery is still owed to its endpoint, whatever its age.
  deliveries: [{ table: 'notification_deliveries', age: 'created_at', only: sql`status <> 'pending'` }],
  // Items go with their run (ON DELETE CASCADE); a running sync is never cut short.
  sync_runs: [{ table: 'sync_runs', age: 'started_at', only: sql`finished_at IS NOT NULL` }],
  // Transitions go with their alert (ON DELETE CASCADE); an open alert is kept however old.
  alerts: [{ table: 'alerts', age: 'resolved_at', only: sql`state = 'resolved'` }],
  people_sessions: [{ table: 'people_sessions', age: 'LEAST(expires_at, coalesce(revoked_at, expires_at))' }],
  sign_in_links: [
    { table: 'login_links', age: 'expires_at' },
    { table: 'oidc_logins', age: 'expires_at' },
  ],
};

/** The partitions of `parent` that may hold rows older than `cutOff` (named by partitions.ts: a month or a day). */
async function partitionsBefore(db: Db, parent: string, cutOff: Date): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = ${parent}::regclass ORDER BY 1`.execute(db);
  return r.rows
    .map((row) => row.name)
    .filter((name) => {
      const range = partitionRange(parent, name);
      return range === null || range.start <= cutOff;
    });
}

/**
 * Deletes `batch` rows at most per statement, until none is left: each statement commits on its
 * own, so a purge of months of data never holds locks or a snapshot for long.
 */
async function deleteInBatches(db: Db, table: string, where: RawBuilder<unknown>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await sql`DELETE FROM ${sql.table(table)} WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM ${sql.table(table)} WHERE ${where} LIMIT ${batch}))`.execute(db);
    const n = Number(r.numAffectedRows ?? 0);
    total += n;
    if (n < batch) return total;
  }
}

function condition(tenantId: string, p: Purge, cutOff: Date): RawBuilder<unknown> {
  const limit = p.date ? sql`${cutOff.toISOString().slice(0, 10)}::date` : sql`${cutOff}::timestamptz`;
  const parts = [sql`tenant_id = ${tenantId}`, sql`${sql.raw(p.age)} < ${limit}`];
  if (p.only) parts.push(p.only);
  if (p.personal) {
    parts.push(sql`device_id IN (SELECT id FROM devices WHERE tenant_id = ${tenantId} AND assignment = ANY(${[...PERSONAL_ASSIGNMENTS]}))`);
  }
  return sql.join(parts, sql` AND `);
}

/** Deletes a tenant's rows of one class older than `cutOff`; returns how many went. */
export async function purgeClass(db: Db, tenantId: string, classId: PurgedClassId, cutOff: Date, batch = 5_000): Promise<number> {
  let total = 0;
  for (const p of PURGES[classId]) {
    const tables = p.partitioned ? await partitionsBefore(db, p.table, cutOff) : [p.table];
    for (const table of tables) total += await deleteInBatches(db, table, condition(tenantId, p, cutOff), batch);
  }
  return total;
}

/**
 * Records that the tenant's per-device rows before `day` are (partly) purged; it only moves forward.
 * Rollups keep such days as computed (see deviceDataBefore).
 */
export async function markDeviceDataBefore(db: Db, tenantId: string, day: string) {
  await sql`INSERT INTO tenant_retention_state (tenant_id, device_data_before) VALUES (${tenantId}, ${day}::date)
    ON CONFLICT (tenant_id) DO UPDATE SET device_data_before = GREATEST(tenant_retention_state.device_data_before, EXCLUDED.device_data_before), updated_at = EXCLUDED.updated_at`.execute(
    db,
  );
}

/** The first day whose per-device rows are whole ('YYYY-MM-DD'), or null when retention never removed any. */
export async function deviceDataBefore(db: Db | Trx, tenantId: string): Promise<string | null> {
  const row = await db
    .selectFrom('tenant_retention_state')
    .select('device_data_before')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.device_data_before ?? null;
}
