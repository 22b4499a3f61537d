import { sql } from 'kysely';
import { arrayLiteral } from './array-literal.ts';
import type { Db, Trx } from './db.ts';

const ZERO = sql`repeat('0', 96)::bit(96)`;

/** What new observations add to one device-day, summed by the caller. */
export interface Increment {
  deviceId: string;
  day: string;
  establishmentId: string | null;
  /** bit(96) literal of the quarter hours seen on */
  presence: string;
  /** bit(96) literal of the quarter hours an app session started in */
  sessionStarts: string;
  heartbeats: number;
  usageSeconds: number;
}
/** Active seconds an MDM measured for a local day; the newest report of a day wins. */
export interface MeasuredDay {
  deviceId: string;
  day: string;
  establishmentId: string | null;
  activeSeconds: number;
  observedAt: string;
}

// No session started: null rather than 96 zero bits (most device-days).
const orStarts = sql`NULLIF(COALESCE(dd.session_starts, ${ZERO}) | COALESCE(EXCLUDED.session_starts, ${ZERO}), ${ZERO})`;

// The measured value of a day is the newest report (ties: the larger value), whatever the order.
const NEWER_MEASURE = sql`EXCLUDED.measured_observed_at IS NOT NULL AND (dd.measured_observed_at IS NULL
  OR (EXCLUDED.measured_observed_at, EXCLUDED.measured_seconds) > (dd.measured_observed_at, dd.measured_seconds))`;

/**
 * Adds increments and measured reports to their device-days, in key order (concurrent writers wait
 * on each other instead of deadlocking): presence slots are OR-ed, counts and seconds added. Returns
 * the device-days written, with the establishment they are counted in.
 */
export async function add(trx: Trx, tenantId: string, increments: readonly Increment[], measured: readonly MeasuredDay[]) {
  if (increments.length + measured.length === 0) return [];
  const r = await sql<{ device_id: string; day: string; establishment_id: string | null }>`
    INSERT INTO device_days AS dd (tenant_id, device_id, day, establishment_id, presence, session_starts, heartbeats, usage_seconds,
                                   measured_seconds, measured_observed_at)
    SELECT ${tenantId}, s.device_id, s.day, (array_agg(s.establishment_id))[1], bit_or(s.presence),
      NULLIF(bit_or(s.session_starts), ${ZERO}), sum(s.heartbeats)::int,
      sum(s.usage_seconds)::int,
      (array_agg(s.measured_seconds ORDER BY s.measured_at DESC NULLS LAST, s.measured_seconds DESC NULLS LAST))[1],
      max(s.measured_at)
    FROM (
      SELECT t.device_id, t.day, t.establishment_id, t.presence, t.session_starts, t.heartbeats, t.usage_seconds,
             NULL::int AS measured_seconds, NULL::timestamptz AS measured_at
      FROM unnest(${arrayLiteral(increments.map((i) => i.deviceId))}::uuid[], ${arrayLiteral(increments.map((i) => i.day))}::date[],
                  ${arrayLiteral(increments.map((i) => i.establishmentId))}::uuid[], ${arrayLiteral(increments.map((i) => i.presence))}::bit(96)[],
                  ${arrayLiteral(increments.map((i) => i.sessionStarts))}::bit(96)[],
                  ${arrayLiteral(increments.map((i) => i.heartbeats))}::int[], ${arrayLiteral(increments.map((i) => i.usageSeconds))}::int[])
           AS t(device_id, day, establishment_id, presence, session_starts, heartbeats, usage_seconds)
      UNION ALL
      SELECT t.device_id, t.day, t.establishment_id, ${ZERO}, ${ZERO}, 0, 0, t.seconds, t.observed_at
      FROM unnest(${arrayLiteral(measured.map((m) => m.deviceId))}::uuid[], ${arrayLiteral(measured.map((m) => m.day))}::date[],
                  ${arrayLiteral(measured.map((m) => m.establishmentId))}::uuid[], ${arrayLiteral(measured.map((m) => m.activeSeconds))}::int[],
                  ${arrayLiteral(measured.map((m) => m.observedAt))}::timestamptz[])
           AS t(device_id, day, establishment_id, seconds, observed_at)
    ) s
    GROUP BY s.device_id, s.day
    ORDER BY s.device_id, s.day
    ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET
      presence = dd.presence | EXCLUDED.presence,
      session_starts = ${orStarts},
      heartbeats = dd.heartbeats + EXCLUDED.heartbeats,
      usage_seconds = dd.usage_seconds + EXCLUDED.usage_seconds,
      measured_seconds = CASE WHEN ${NEWER_MEASURE} THEN EXCLUDED.measured_seconds ELSE dd.measured_seconds END,
      measured_observed_at = CASE WHEN ${NEWER_MEASURE} THEN EXCLUDED.measured_observed_at ELSE dd.measured_observed_at END,
      establishment_id = COALESCE(EXCLUDED.establishment_id, dd.establishment_id),
      updated_at = EXCLUDED.updated_at
    RETURNING dd.device_id, dd.day::text AS day, dd.establishment_id`.execute(trx);
  return r.rows.map((row) => ({ deviceId: row.device_id, day: row.day, establishmentId: row.establishment_id }));
}

/** Folds a duplicate device's days into another device's (device merge). */
export async function reassignDevice(trx: Trx, tenantId: string, fromId: string, toId: string) {
  await sql`
    WITH moved AS (DELETE FROM device_days WHERE tenant_id = ${tenantId} AND device_id = ${fromId} RETURNING *)
    INSERT INTO device_days AS dd (tenant_id, device_id, day, establishment_id, presence, session_starts, heartbeats, usage_seconds,
                                   measured_seconds, measured_observed_at)
    SELECT tenant_id, ${toId}, day, establishment_id, presence, session_starts, heartbeats, usage_seconds, measured_seconds, measured_observed_at
    FROM moved
    ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET
      presence = dd.presence | EXCLUDED.presence,
      session_starts = ${orStarts},
      heartbeats = dd.heartbeats + EXCLUDED.heartbeats,
      usage_seconds = dd.usage_seconds + EXCLUDED.usage_seconds,
      measured_seconds = CASE WHEN dd.measured_observed_at IS NULL OR EXCLUDED.measured_observed_at > dd.measured_observed_at
                              THEN COALESCE(EXCLUDED.measured_seconds, dd.measured_seconds) ELSE dd.measured_seconds END,
      measured_observed_at = GREATEST(dd.measured_observed_at, EXCLUDED.measured_observed_at),
      updated_at = EXCLUDED.updated_at`.execute(trx);
}

/** Per local day of one establishment: devices seen online, devices active at least `activeSeconds`. */
export async function establishmentDaily(
  db: Db,
  tenantId: string,
  establishmentId: string,
  range: { from: string; to: string },
  activeSeconds: number,
) {
  const result = await sql<{
    day: string;
    online_devices: number;
    active_devices: number;
    measured: number;
    usage: number;
    presence_only: number;
  }>`
    SELECT day,
      count(*) FILTER (WHERE presence <> ${ZERO} OR heartbeats > 0 OR active_seconds > 0)::int AS online_devices,
      count(*) FILTER (WHERE active_seconds >= ${activeSeconds})::int AS active_devices,
      count(*) FILTER (WHERE signal = 'measured')::int AS measured,
      count(*) FILTER (WHERE signal = 'usage')::int AS usage,
      count(*) FILTER (WHERE signal = 'presence')::int AS presence_only
    FROM device_days
    WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day BETWEEN ${range.from}::date AND ${range.to}::date
    GROUP BY day ORDER BY day`.execute(db);
  return result.rows;
}

/** Sums over a tenant's device days, for checks and benchmarks. */
export async function totals(db: Db, tenantId: string) {
  const result = await sql<{ rows: number; heartbeats: number; usage_seconds: number; measured_seconds: number; online_slots: number }>`
    SELECT count(*)::int AS rows, COALESCE(sum(heartbeats), 0)::int AS heartbeats,
      COALESCE(sum(bit_count(presence)), 0)::int AS online_slots,
      COALESCE(sum(usage_seconds), 0)::bigint AS usage_seconds, COALESCE(sum(measured_seconds), 0)::bigint AS measured_seconds
    FROM device_days WHERE tenant_id = ${tenantId}`.execute(db);
  return result.rows[0]!;
}

/**
 * Attributes days recorded while a device had no establishment (heartbeats before its first
 * inventory) to the establishment it now has, and returns those (establishment, day) pairs so their
 * rollups are redone. `deviceIds` null = every device of the tenant (the hourly catch-up). Rows are
 * locked in key order first, as every writer of device_days does.
 */
export async function followPlacement(trx: Trx, tenantId: string, deviceIds: string[] | null) {
  if (deviceIds && deviceIds.length === 0) return [];
  const only = deviceIds ? sql`AND dd.device_id = ANY(${deviceIds}::uuid[])` : sql``;
  const r = await sql<{ establishment_id: string; day: string }>`
    WITH unplaced AS (
      SELECT dd.device_id, dd.day, d.establishment_id
      FROM device_days dd JOIN devices d ON d.tenant_id = dd.tenant_id AND d.id = dd.device_id
      WHERE dd.tenant_id = ${tenantId} AND dd.establishment_id IS NULL AND d.establishment_id IS NOT NULL ${only}
      ORDER BY dd.device_id, dd.day
      FOR UPDATE OF dd
    ), placed AS (
      UPDATE device_days dd SET establishment_id = u.establishment_id
      FROM unplaced u WHERE dd.tenant_id = ${tenantId} AND dd.device_id = u.device_id AND dd.day = u.day
      RETURNING u.establishment_id, u.day
    )
    SELECT DISTINCT establishment_id, day FROM placed ORDER BY establishment_id, day`.execute(trx);
  return r.rows.map((row) => ({ establishmentId: row.establishment_id, day: row.day }));
}
