import { sql } from 'kysely';
import type { Trx } from './db.ts';

// One statement writes heartbeats and app sessions and folds the new ones into device_days: the
// rows the unique keys let in go straight from INSERT ... RETURNING into the device-day upsert,
// instead of travelling back to Node and out again. That is why the INSERTs of heartbeats and
// app_usage live here rather than in their tables' modules (which keep reads and merges).

/** Where a device's days are counted: its establishment and that establishment's time zone. */
export interface Placement {
  deviceId: string;
  establishmentId: string | null;
  timeZone: string;
}
/** Instants travel as RFC 3339 text, as they arrived: PostgreSQL parses them, Node need not. */
export interface HeartbeatRow {
  deviceId: string;
  observedAt: string;
  batteryPct: number | null;
  freeStorageMb: number | null;
  state: string | null;
}
export interface SessionRow {
  deviceId: string;
  startedAt: string;
  appId: string;
  appName: string | null;
  category: string | null;
  durationS: number;
  observedAt: string;
}
/** Active seconds an MDM measured for a local day; the newest report of a day wins. */
export interface MeasuredRow {
  deviceId: string;
  day: string;
  activeSeconds: number;
  observedAt: string;
}
export interface TouchedDay {
  deviceId: string;
  establishmentId: string | null;
  day: string;
}

// Local wall-clock quarter hour of an instant, 0..95. On the autumn DST change the repeated hour
// lands on the same slots, which is what "seen on at 02:15 local" means.
const ZERO = sql`repeat('0', 96)::bit(96)`;
const slotOf = (local: ReturnType<typeof sql>) => sql`(extract(hour FROM ${local})::int * 4 + extract(minute FROM ${local})::int / 15)`;
// The measured value of a day is the newest report (ties: the larger value), whatever the order.
const NEWER_MEASURE = sql`EXCLUDED.measured_observed_at IS NOT NULL AND (dd.measured_observed_at IS NULL
  OR (EXCLUDED.measured_observed_at, EXCLUDED.measured_seconds) > (dd.measured_observed_at, dd.measured_seconds))`;

/**
 * Inserts a batch's heartbeats and app sessions (duplicates skipped by the keys) and folds only the
 * new ones, with the measured reports, into their device-days: heartbeats set presence slots and
 * count, sessions add their seconds to the local day they started on and mark the slots they cover
 * (up to 23:45 past midnight). Every table is written in key order (heartbeats, app_usage,
 * device_days), so concurrent batches wait on each other instead of deadlocking. Returns how many
 * rows were new and the device-days touched.
 */
export async function store(
  trx: Trx, tenantId: string, sourceId: string,
  rows: { placements: Placement[]; heartbeats: HeartbeatRow[]; sessions: SessionRow[]; measured: MeasuredRow[] },
) {
  const { placements, heartbeats, sessions, measured } = rows;
  if (heartbeats.length + sessions.length + measured.length === 0) return { heartbeatsNew: 0, sessionsNew: 0, days: [] as TouchedDay[] };
  const r = await sql<{ device_id: string | null; day: string | null; establishment_id: string | null; heartbeats_new: number; sessions_new: number }>`
    WITH place AS (
      SELECT * FROM unnest(${placements.map((p) => p.deviceId)}::uuid[], ${placements.map((p) => p.timeZone)}::text[],
                           ${placements.map((p) => p.establishmentId)}::uuid[]) AS p(device_id, tz, establishment_id)
    ), new_heartbeats AS (
      INSERT INTO heartbeats (tenant_id, device_id, observed_at, source_id, battery_pct, free_storage_mb, state)
      SELECT ${tenantId}, t.device_id, t.observed_at, ${sourceId}, t.battery_pct, t.free_storage_mb, t.state
      FROM unnest(${heartbeats.map((h) => h.deviceId)}::uuid[], ${heartbeats.map((h) => h.observedAt)}::timestamptz[],
                  ${heartbeats.map((h) => h.batteryPct)}::real[], ${heartbeats.map((h) => h.freeStorageMb)}::bigint[],
                  ${heartbeats.map((h) => h.state)}::text[]) AS t(device_id, observed_at, battery_pct, free_storage_mb, state)
      ORDER BY t.device_id, t.observed_at
      ON CONFLICT DO NOTHING
      RETURNING device_id, observed_at
    ), new_sessions AS (
      INSERT INTO app_usage (tenant_id, device_id, started_at, app_id, source_id, app_name, category, duration_s, observed_at)
      SELECT ${tenantId}, t.device_id, t.started_at, t.app_id, ${sourceId}, t.app_name, t.category, t.duration_s, t.observed_at
      FROM unnest(${sessions.map((s) => s.deviceId)}::uuid[], ${sessions.map((s) => s.startedAt)}::timestamptz[],
                  ${sessions.map((s) => s.appId)}::text[], ${sessions.map((s) => s.appName)}::text[],
                  ${sessions.map((s) => s.category)}::text[], ${sessions.map((s) => s.durationS)}::int[],
                  ${sessions.map((s) => s.observedAt)}::timestamptz[])
           AS t(device_id, started_at, app_id, app_name, category, duration_s, observed_at)
      ORDER BY t.device_id, t.started_at, t.app_id
      ON CONFLICT DO NOTHING
      RETURNING device_id, started_at, duration_s
    ), folded AS (
      INSERT INTO device_days AS dd (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds,
                                     measured_seconds, measured_observed_at)
      SELECT ${tenantId}, s.device_id, s.day, (array_agg(s.establishment_id))[1], bit_or(s.bits), sum(s.heartbeats)::int,
        sum(s.usage_seconds)::int,
        (array_agg(s.measured_seconds ORDER BY s.measured_at DESC NULLS LAST, s.measured_seconds DESC NULLS LAST))[1],
        max(s.measured_at)
      FROM (
        SELECT h.device_id, l.local::date AS day, p.establishment_id, set_bit(${ZERO}, ${slotOf(sql`l.local`)}, 1) AS bits,
               1 AS heartbeats, 0 AS usage_seconds, NULL::int AS measured_seconds, NULL::timestamptz AS measured_at
        FROM new_heartbeats h JOIN place p ON p.device_id = h.device_id,
             LATERAL (SELECT h.observed_at AT TIME ZONE p.tz AS local) l
        UNION ALL
        SELECT u.device_id, l.start_local::date, p.establishment_id,
               (SELECT bit_or(set_bit(${ZERO}, g, 1)) FROM generate_series(${slotOf(sql`l.start_local`)},
                  CASE WHEN l.end_local::date > l.start_local::date THEN 95 ELSE ${slotOf(sql`l.end_local`)} END) g),
               0, u.duration_s, NULL, NULL
        FROM new_sessions u JOIN place p ON p.device_id = u.device_id,
             LATERAL (SELECT u.started_at AT TIME ZONE p.tz AS start_local,
                             (u.started_at + make_interval(secs => u.duration_s)) AT TIME ZONE p.tz AS end_local) l
        UNION ALL
        SELECT t.device_id, t.day, p.establishment_id, ${ZERO}, 0, 0, t.seconds, t.observed_at
        FROM unnest(${measured.map((m) => m.deviceId)}::uuid[], ${measured.map((m) => m.day)}::date[],
                    ${measured.map((m) => m.activeSeconds)}::int[], ${measured.map((m) => m.observedAt)}::timestamptz[])
             AS t(device_id, day, seconds, observed_at)
        JOIN place p ON p.device_id = t.device_id
      ) s
      GROUP BY s.device_id, s.day
      ORDER BY s.device_id, s.day
      ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET
        presence = dd.presence | EXCLUDED.presence,
        heartbeats = dd.heartbeats + EXCLUDED.heartbeats,
        usage_seconds = dd.usage_seconds + EXCLUDED.usage_seconds,
        measured_seconds = CASE WHEN ${NEWER_MEASURE} THEN EXCLUDED.measured_seconds ELSE dd.measured_seconds END,
        measured_observed_at = CASE WHEN ${NEWER_MEASURE} THEN EXCLUDED.measured_observed_at ELSE dd.measured_observed_at END,
        establishment_id = COALESCE(EXCLUDED.establishment_id, dd.establishment_id),
        updated_at = now()
      RETURNING dd.device_id, dd.day, dd.establishment_id
    )
    -- One row per touched device-day, or a single row of NULLs when nothing was new: the counts
    -- ride on every row.
    SELECT f.device_id, f.day::text AS day, f.establishment_id,
           (SELECT count(*) FROM new_heartbeats)::int AS heartbeats_new, (SELECT count(*) FROM new_sessions)::int AS sessions_new
    FROM (SELECT 1) one LEFT JOIN folded f ON true`.execute(trx);
  const first = r.rows[0];
  return {
    heartbeatsNew: first?.heartbeats_new ?? 0,
    sessionsNew: first?.sessions_new ?? 0,
    days: r.rows.flatMap((row) => (row.device_id && row.day ? [{ deviceId: row.device_id, establishmentId: row.establishment_id, day: row.day }] : [])),
  };
}
