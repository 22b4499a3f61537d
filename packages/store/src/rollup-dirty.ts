import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';
import * as tenantData from './tenant-data.ts';

export interface DirtyDay {
  establishmentId: string;
  day: string;
  /** The devices whose data changed; null or absent = the whole establishment-day. */
  deviceIds?: string[] | null;
}

// Past this many devices a mark covers the whole establishment-day: recomputing all is then as cheap.
const MAX_DEVICES = 100;

/** Marks establishment-days out of date (in the transaction that makes them so); device lists merge. */
export async function mark(trx: Db | Trx, tenantId: string, rows: DirtyDay[]) {
  if (rows.length === 0) return;
  // unnest cannot take an array of arrays of different lengths: each list travels as JSON.
  const lists = rows.map((r) => (r.deviceIds && r.deviceIds.length <= MAX_DEVICES ? JSON.stringify(r.deviceIds) : null));
  await sql`
    INSERT INTO rollup_dirty AS r (tenant_id, establishment_id, day, device_ids)
    SELECT ${tenantId}, t.establishment_id, t.day, CASE WHEN t.devices IS NOT NULL THEN ARRAY(SELECT json_array_elements_text(t.devices::json))::uuid[] END
    FROM unnest(${rows.map((r) => r.establishmentId)}::uuid[], ${rows.map((r) => r.day)}::date[], ${lists}::text[]) AS t(establishment_id, day, devices)
    -- Key order, as everywhere: concurrent batches marking the same days wait instead of deadlocking.
    ORDER BY t.establishment_id, t.day
    ON CONFLICT (tenant_id, establishment_id, day) DO UPDATE SET marked_at = EXCLUDED.marked_at,
      device_ids = CASE WHEN r.device_ids IS NULL OR EXCLUDED.device_ids IS NULL THEN NULL
                        WHEN cardinality(r.device_ids) + cardinality(EXCLUDED.device_ids) > ${sql.lit(MAX_DEVICES)} THEN NULL
                        ELSE ARRAY(SELECT DISTINCT unnest(r.device_ids || EXCLUDED.device_ids)) END`.execute(trx);
}

/**
 * An establishment-day's mark, if any: when it was last renewed (as text: timestamptz has
 * microseconds, a JS Date would round them away), the devices it is about (null: all), and
 * whether the day is still receiving data: marked within `quietMs`, and its oldest unrolled data
 * younger than `maxWaitMs` (its rollup then waits rather than being redone per burst).
 */
export async function find(db: Db | Trx, tenantId: string, establishmentId: string, day: string, settle = { quietMs: 0, maxWaitMs: 0 }) {
  const r = await sql<{ marked_at: string; device_ids: string[] | null; settling: boolean }>`
    SELECT marked_at::text AS marked_at, device_ids::text[] AS device_ids,
           marked_at > clock_timestamp() - make_interval(secs => ${settle.quietMs / 1000})
             AND first_marked_at > clock_timestamp() - make_interval(secs => ${settle.maxWaitMs / 1000}) AS settling
    FROM rollup_dirty
    WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day = ${day}::date`.execute(db);
  const row = r.rows[0];
  return row ? { markedAt: row.marked_at, deviceIds: row.device_ids, settling: row.settling } : undefined;
}

export type DirtyMark = NonNullable<Awaited<ReturnType<typeof find>>>;

/** The marks of some of an establishment's days, by day (as find, without the settling test). */
export async function findDays(db: Db | Trx, tenantId: string, establishmentId: string, days: readonly string[]) {
  const r = await sql<{ day: string; marked_at: string; device_ids: string[] | null }>`
    SELECT day::text AS day, marked_at::text AS marked_at, device_ids::text[] AS device_ids FROM rollup_dirty
    WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day = ANY(${days}::date[])`.execute(db);
  return new Map(r.rows.map((x) => [x.day, { markedAt: x.marked_at, deviceIds: x.device_ids }]));
}

/**
 * Clears a mark unless it was renewed after `seenAt` (new data arrived while the rollup ran); a
 * renewed mark now stands for data from `seenAt` on only.
 */
export async function clear(trx: Trx, tenantId: string, establishmentId: string, day: string, seenAt: string) {
  await clearDays(trx, tenantId, establishmentId, [{ day, seenAt }]);
}

/** clear for several days of one establishment, each against the mark its rollup read. */
export async function clearDays(trx: Trx, tenantId: string, establishmentId: string, seen: readonly { day: string; seenAt: string }[]) {
  if (seen.length === 0) return;
  await sql`
    -- Either the DELETE or the UPDATE applies to a row, never both.
    WITH s AS (SELECT * FROM unnest(${seen.map((x) => x.day)}::date[], ${seen.map((x) => x.seenAt)}::timestamptz[]) AS s(day, seen_at)),
    cleared AS (
      DELETE FROM rollup_dirty r USING s WHERE r.tenant_id = ${tenantId} AND r.establishment_id = ${establishmentId} AND r.day = s.day
        AND r.marked_at <= s.seen_at
    )
    UPDATE rollup_dirty r SET first_marked_at = s.seen_at FROM s
    WHERE r.tenant_id = ${tenantId} AND r.establishment_id = ${establishmentId} AND r.day = s.day AND r.marked_at > s.seen_at`.execute(trx);
}

/** Marks older than `olderThan`, across tenants: the sweeper re-queues their jobs. */
export async function listStale(db: Db, olderThan: Date, limit: number) {
  const r = await sql<{ tenant_id: string; establishment_id: string; day: string }>`
    SELECT tenant_id, establishment_id, day FROM rollup_dirty WHERE marked_at < ${olderThan} ORDER BY marked_at LIMIT ${limit}`.execute(db);
  return r.rows;
}

/**
 * Marks the local day before `now` of every open establishment, across tenants: a day with no data
 * at all (an outage, a holiday) still gets its rollup. With `onlyLocalHour`, only establishments
 * whose local time is in that hour (0: just past their midnight). Returns the marks made.
 */
export async function markPreviousDay(db: Db, now: Date, onlyLocalHour: number | null) {
  const r = await sql<{ tenant_id: string; establishment_id: string; day: string }>`
    INSERT INTO rollup_dirty (tenant_id, establishment_id, day)
    SELECT tenant_id, id, (${now}::timestamptz AT TIME ZONE time_zone)::date - 1 FROM establishments WHERE NOT closed
      AND (${onlyLocalHour}::int IS NULL OR extract(hour FROM ${now}::timestamptz AT TIME ZONE time_zone) = ${onlyLocalHour}::int)
    ORDER BY tenant_id, id
    ON CONFLICT (tenant_id, establishment_id, day) DO UPDATE SET marked_at = EXCLUDED.marked_at, device_ids = NULL
    RETURNING tenant_id, establishment_id, day`.execute(db);
  return r.rows;
}

export const count = (db: Db, tenantId: string) => tenantData.count(db, { name: 'public.rollup_dirty', column: 'tenant_id' }, tenantId);
