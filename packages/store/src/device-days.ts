import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

// Local wall-clock quarter hour of an instant, 0..95, in SQL. On the autumn DST change the repeated
// hour lands on the same slots, which is what "seen on at 02:15 local" means.
const ZERO = sql`repeat('0', 96)::bit(96)`;
const slotOf = (local: ReturnType<typeof sql>) =>
  sql`(extract(hour FROM ${local})::int * 4 + extract(minute FROM ${local})::int / 15)`;

export interface Placed {
  deviceId: string;
  timeZone: string;
  establishmentId: string | null;
}
export interface PresenceRow extends Placed {
  at: Date;
}
export interface UsageRow extends Placed {
  startedAt: Date;
  durationS: number;
}
export interface MeasuredRow extends Placed {
  day: string;
  activeSeconds: number;
  observedAt: Date;
}

// The measured value of a day is the newest report (ties: the larger value), whatever the order.
const NEWER_MEASURE = sql`EXCLUDED.measured_observed_at IS NOT NULL AND (dd.measured_observed_at IS NULL
  OR (EXCLUDED.measured_observed_at, EXCLUDED.measured_seconds) > (dd.measured_observed_at, dd.measured_seconds))`;

/**
 * Folds new observations into their device-days in ONE statement, rows in key order: heartbeats
 * set presence slots and count, app sessions add their seconds to the local day they started on and
 * mark the slots they cover (up to 23:45 past midnight), measured reports keep the newest. One
 * ordered statement per transaction is what keeps concurrent batches from deadlocking here.
 */
export async function add(trx: Trx, tenantId: string, rows: { presence: PresenceRow[]; usage: UsageRow[]; measured: MeasuredRow[] }) {
  const { presence, usage, measured } = rows;
  if (presence.length + usage.length + measured.length === 0) return;
  await sql`
    INSERT INTO device_days AS dd (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds,
                                   measured_seconds, measured_observed_at)
    SELECT ${tenantId}, s.device_id, s.day, (array_agg(s.establishment_id))[1], bit_or(s.bits), sum(s.heartbeats)::int,
      sum(s.usage_seconds)::int,
      (array_agg(s.measured_seconds ORDER BY s.measured_at DESC NULLS LAST, s.measured_seconds DESC NULLS LAST))[1],
      max(s.measured_at)
    FROM (
      SELECT t.device_id, l.local::date AS day, t.establishment_id, set_bit(${ZERO}, ${slotOf(sql`l.local`)}, 1) AS bits,
             1 AS heartbeats, 0 AS usage_seconds, NULL::int AS measured_seconds, NULL::timestamptz AS measured_at
      FROM unnest(${presence.map((r) => r.deviceId)}::uuid[], ${presence.map((r) => r.at)}::timestamptz[],
                  ${presence.map((r) => r.timeZone)}::text[], ${presence.map((r) => r.establishmentId)}::uuid[])
           AS t(device_id, at, tz, establishment_id),
           LATERAL (SELECT t.at AT TIME ZONE t.tz AS local) l
      UNION ALL
      SELECT t.device_id, l.start_local::date, t.establishment_id,
             (SELECT bit_or(set_bit(${ZERO}, g, 1)) FROM generate_series(${slotOf(sql`l.start_local`)},
                CASE WHEN l.end_local::date > l.start_local::date THEN 95 ELSE ${slotOf(sql`l.end_local`)} END) g),
             0, t.duration_s, NULL, NULL
      FROM unnest(${usage.map((r) => r.deviceId)}::uuid[], ${usage.map((r) => r.startedAt)}::timestamptz[],
                  ${usage.map((r) => r.durationS)}::int[], ${usage.map((r) => r.timeZone)}::text[],
                  ${usage.map((r) => r.establishmentId)}::uuid[])
           AS t(device_id, started_at, duration_s, tz, establishment_id),
           LATERAL (SELECT t.started_at AT TIME ZONE t.tz AS start_local,
                           (t.started_at + make_interval(secs => t.duration_s)) AT TIME ZONE t.tz AS end_local) l
      UNION ALL
      SELECT t.device_id, t.day, t.establishment_id, ${ZERO}, 0, 0, t.seconds, t.observed_at
      FROM unnest(${measured.map((r) => r.deviceId)}::uuid[], ${measured.map((r) => r.day)}::date[],
                  ${measured.map((r) => r.activeSeconds)}::int[], ${measured.map((r) => r.observedAt)}::timestamptz[],
                  ${measured.map((r) => r.establishmentId)}::uuid[])
           AS t(device_id, day, seconds, observed_at, establishment_id)
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
      updated_at = now()`.execute(trx);
}

/** Folds a duplicate device's days into another device's (device merge). */
export async function reassignDevice(trx: Trx, tenantId: string, fromId: string, toId: string) {
  await sql`
    WITH moved AS (DELETE FROM device_days WHERE tenant_id = ${tenantId} AND device_id = ${fromId} RETURNING *)
    INSERT INTO device_days AS dd (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds,
                                   measured_seconds, measured_observed_at)
    SELECT tenant_id, ${toId}, day, establishment_id, presence, heartbeats, usage_seconds, measured_seconds, measured_observed_at
    FROM moved
    ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET
      presence = dd.presence | EXCLUDED.presence,
      heartbeats = dd.heartbeats + EXCLUDED.heartbeats,
      usage_seconds = dd.usage_seconds + EXCLUDED.usage_seconds,
      measured_seconds = CASE WHEN dd.measured_observed_at IS NULL OR EXCLUDED.measured_observed_at > dd.measured_observed_at
                              THEN COALESCE(EXCLUDED.measured_seconds, dd.measured_seconds) ELSE dd.measured_seconds END,
      measured_observed_at = GREATEST(dd.measured_observed_at, EXCLUDED.measured_observed_at),
      updated_at = now()`.execute(trx);
}

/** The device's most recent days, newest first. */
export async function listForDevice(db: Db, tenantId: string, deviceId: string, limit: number) {
  return db
    .selectFrom('device_days')
    .select(['day', 'heartbeats', 'usage_seconds', 'measured_seconds', 'active_seconds', 'signal'])
    .select(sql<number>`bit_count(presence)::int * 15`.as('online_minutes'))
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .orderBy('day', 'desc')
    .limit(limit)
    .execute();
}

/** Per local day of one establishment: devices seen online, devices active at least `activeSeconds`. */
export async function establishmentDaily(db: Db, tenantId: string, establishmentId: string, range: { from: string; to: string }, activeSeconds: number) {
  const result = await sql<{ day: string; online_devices: number; active_devices: number; measured: number; usage: number; presence_only: number }>`
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

/** Local days on which each device was active at least `minSeconds`, between two local dates inclusive. */
export async function activeDays(db: Db, tenantId: string, from: string, to: string, minSeconds: number): Promise<Map<string, Set<string>>> {
  const rows = await db.selectFrom('device_days').select(['device_id', 'day'])
    .where('tenant_id', '=', tenantId).where('day', '>=', from).where('day', '<=', to).where('active_seconds', '>=', minSeconds).execute();
  const byDevice = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = byDevice.get(r.device_id) ?? new Set<string>();
    set.add(r.day);
    byDevice.set(r.device_id, set);
  }
  return byDevice;
}
