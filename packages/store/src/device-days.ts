import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

// Local wall-clock quarter hour of an instant, 0..95, in SQL. On the autumn DST change the repeated
// hour lands on the same slots, which is what "seen on at 02:15 local" means.
const ZERO = sql`repeat('0', 96)::bit(96)`;
const slotOf = (local: ReturnType<typeof sql>) =>
  sql`(extract(hour FROM ${local})::int * 4 + extract(minute FROM ${local})::int / 15)`;

export interface PresenceRow {
  deviceId: string;
  at: Date;
  timeZone: string;
  establishmentId: string | null;
}

/** Sets the presence slots and counts the heartbeats just inserted, per device and local day. */
export async function addPresence(trx: Trx, tenantId: string, rows: PresenceRow[]) {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO device_days AS dd (tenant_id, device_id, day, establishment_id, presence, heartbeats)
    SELECT ${tenantId}, s.device_id, s.local::date, s.establishment_id, bit_or(set_bit(${ZERO}, ${slotOf(sql`s.local`)}, 1)), count(*)
    FROM (SELECT t.device_id, t.establishment_id, t.at AT TIME ZONE t.tz AS local
          FROM unnest(${rows.map((r) => r.deviceId)}::uuid[], ${rows.map((r) => r.at)}::timestamptz[],
                      ${rows.map((r) => r.timeZone)}::text[], ${rows.map((r) => r.establishmentId)}::uuid[])
               AS t(device_id, at, tz, establishment_id)) s
    GROUP BY s.device_id, s.local::date, s.establishment_id
    ORDER BY s.device_id, s.local::date
    ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET
      presence = dd.presence | EXCLUDED.presence,
      heartbeats = dd.heartbeats + EXCLUDED.heartbeats,
      establishment_id = EXCLUDED.establishment_id,
      updated_at = now()`.execute(trx);
}

export interface UsageRow {
  deviceId: string;
  startedAt: Date;
  durationS: number;
  timeZone: string;
  establishmentId: string | null;
}

/**
 * Adds the seconds of the app sessions just inserted to the local day they started on, and marks
 * the slots they cover as present (a session past midnight fills its start day up to 23:45).
 */
export async function addUsage(trx: Trx, tenantId: string, rows: UsageRow[]) {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO device_days AS dd (tenant_id, device_id, day, establishment_id, presence, usage_seconds)
    SELECT ${tenantId}, s.device_id, s.day, s.establishment_id, bit_or(s.bits), sum(s.duration_s)
    FROM (SELECT t.device_id, t.establishment_id, t.duration_s, l.start_local::date AS day,
            (SELECT bit_or(set_bit(${ZERO}, g, 1)) FROM generate_series(
               ${slotOf(sql`l.start_local`)},
               CASE WHEN l.end_local::date > l.start_local::date THEN 95 ELSE ${slotOf(sql`l.end_local`)} END) g) AS bits
          FROM unnest(${rows.map((r) => r.deviceId)}::uuid[], ${rows.map((r) => r.startedAt)}::timestamptz[],
                      ${rows.map((r) => r.durationS)}::int[], ${rows.map((r) => r.timeZone)}::text[],
                      ${rows.map((r) => r.establishmentId)}::uuid[])
               AS t(device_id, started_at, duration_s, tz, establishment_id),
          LATERAL (SELECT t.started_at AT TIME ZONE t.tz AS start_local,
                          (t.started_at + make_interval(secs => t.duration_s)) AT TIME ZONE t.tz AS end_local) l) s
    GROUP BY s.device_id, s.day, s.establishment_id
    ORDER BY s.device_id, s.day
    ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET
      presence = dd.presence | EXCLUDED.presence,
      usage_seconds = dd.usage_seconds + EXCLUDED.usage_seconds,
      establishment_id = EXCLUDED.establishment_id,
      updated_at = now()`.execute(trx);
}

export interface MeasuredRow {
  deviceId: string;
  day: string;
  activeSeconds: number;
  observedAt: Date;
  establishmentId: string | null;
}

/** Records MDM-measured active time; the newest report of a day wins whatever the arrival order. */
export async function setMeasured(trx: Trx, tenantId: string, rows: MeasuredRow[]) {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO device_days AS dd (tenant_id, device_id, day, establishment_id, measured_seconds, measured_observed_at)
    SELECT DISTINCT ON (t.device_id, t.day) ${tenantId}, t.device_id, t.day, t.establishment_id, t.seconds, t.observed_at
    FROM unnest(${rows.map((r) => r.deviceId)}::uuid[], ${rows.map((r) => r.day)}::date[], ${rows.map((r) => r.activeSeconds)}::int[],
                ${rows.map((r) => r.observedAt)}::timestamptz[], ${rows.map((r) => r.establishmentId)}::uuid[])
         AS t(device_id, day, seconds, observed_at, establishment_id)
    ORDER BY t.device_id, t.day, t.observed_at DESC, t.seconds DESC
    ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET
      measured_seconds = EXCLUDED.measured_seconds,
      measured_observed_at = EXCLUDED.measured_observed_at,
      establishment_id = EXCLUDED.establishment_id,
      updated_at = now()
    WHERE dd.measured_observed_at IS NULL
       OR (EXCLUDED.measured_observed_at, EXCLUDED.measured_seconds) > (dd.measured_observed_at, dd.measured_seconds)`.execute(trx);
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
  const result = await sql<{ rows: number; heartbeats: number; usage_seconds: number; measured_seconds: number }>`
    SELECT count(*)::int AS rows, COALESCE(sum(heartbeats), 0)::int AS heartbeats,
      COALESCE(sum(usage_seconds), 0)::bigint AS usage_seconds, COALESCE(sum(measured_seconds), 0)::bigint AS measured_seconds
    FROM device_days WHERE tenant_id = ${tenantId}`.execute(db);
  return result.rows[0]!;
}
