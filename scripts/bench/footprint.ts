// Bytes on disk per data class (tables with their indexes, TOAST and every partition), per device-day
// they hold, and the projection per device and school year at the default retentions (retention.ts).
import { sql } from 'kysely';
import { RETENTION_CLASSES } from '@vigie/contracts';
import { retention, type Db } from '@vigie/store';

/** Which tables make up each data class; a partitioned table counts with all its partitions. */
export const DATA_CLASSES = {
  raw_checkins: ['heartbeats'],
  app_sessions: ['app_usage'],
  device_days: ['device_days', 'device_contact_days'],
  app_days: ['app_days'],
  decisions: ['device_activity', 'device_idle_streaks'],
  aggregates: ['establishment_days', 'establishment_periods', 'tenant_days', 'cart_days', 'tenant_renewal_years'],
  outbox: ['ingest_batches'],
  // Held once per device, not per day: the inventory, its sources, its obsolescence flags and its
  // history (a row per day its status, kind, assignment or establishment changed).
  per_device: ['devices', 'device_last_seen', 'device_sources', 'device_attributes', 'device_obsolescence', 'device_history'],
} as const;
export type DataClass = keyof typeof DATA_CLASSES;

/** School days a device reports on in a year (the school calendar has about 36 weeks of classes). */
export const DAYS_PER_YEAR = 180;
const R = RETENTION_CLASSES;

/**
 * School days of a class held on disk when it is kept `days` calendar days (a year at most):
 * `partitionDays` adds half a partition, the average a partition outlives the horizon by.
 */
function heldSchoolDays(days: number, partitionDays = 0): number {
  return (Math.min(days + partitionDays / 2, 365) * DAYS_PER_YEAR) / 365;
}

/**
 * Days of each class held at the default retentions (packages/contracts/src/retention.ts): raw
 * check-ins CHECK_IN_RETENTION_DAYS and app sessions APP_SESSION_RETENTION_DAYS in daily partitions, the
 * outbox STORED_BATCH_RETENTION_DAYS; device-days and decisions of one-to-one devices
 * (`personalShare` of the device-days) go after personal_device_days, the others after their class.
 */
export function heldDays(personalShare: number): Record<Exclude<DataClass, 'per_device'>, number> {
  const mixed = (own: number) =>
    personalShare * heldSchoolDays(R.personal_device_days.defaultDays) + (1 - personalShare) * heldSchoolDays(own);
  return {
    raw_checkins: heldSchoolDays(R.check_ins.defaultDays, 1),
    app_sessions: heldSchoolDays(R.app_sessions.defaultDays, 1),
    device_days: mixed(R.device_days.defaultDays),
    app_days: mixed(R.device_days.defaultDays),
    decisions: mixed(R.device_decisions.defaultDays),
    aggregates: heldSchoolDays(R.aggregates.defaultDays),
    outbox: heldSchoolDays(R.outbox.defaultDays),
  };
}

/** Share of the device-days that are one-to-one devices' (kept personal_device_days). */
export async function personalShare(db: Db): Promise<number> {
  const r = await sql<{ share: number | null }>`
    SELECT avg((d.assignment = ANY(${[...retention.PERSONAL_ASSIGNMENTS]}))::int)::float8 AS share
    FROM device_days dd JOIN devices d ON d.tenant_id = dd.tenant_id AND d.id = dd.device_id`.execute(db);
  return r.rows[0]?.share ?? 0;
}

export async function classBytes(db: Db): Promise<Record<DataClass, number>> {
  const out = {} as Record<DataClass, number>;
  for (const [name, tables] of Object.entries(DATA_CLASSES) as [DataClass, readonly string[]][]) {
    const r = await sql<{ bytes: string | null }>`
      SELECT sum(pg_total_relation_size(COALESCE(t.relid, c.oid))) AS bytes
      FROM unnest(${tables}::text[]) AS n(name)
      JOIN pg_class c ON c.relname = n.name AND c.relnamespace = 'public'::regnamespace
      -- A plain table has no partition tree: it counts itself.
      LEFT JOIN LATERAL pg_partition_tree(c.oid) t ON true WHERE t.relid IS NULL OR t.isleaf`.execute(db);
    out[name] = Number(r.rows[0]?.bytes ?? 0);
  }
  return out;
}

export interface Footprint {
  bytes: Record<DataClass, number>;
  /** Bytes per device-day held, per class (per device for per_device). */
  perDeviceDay: Record<string, number>;
  /** Bytes one device costs after a school year at the default retentions, per class and in all. */
  perDeviceYear: Record<string, number>;
  bytesPerDeviceYear: number;
}

/**
 * `deviceDays` is devices x school days loaded (what the rolled-up classes hold); raw classes and
 * the outbox are measured per row or event and multiplied by what a device sends on a school day.
 */
export function footprint(
  bytes: Record<DataClass, number>,
  counts: {
    devices: number;
    deviceDays: number;
    outboxEvents: number;
    rows: { heartbeats: number; sessions: number };
    perDeviceDay: { heartbeats: number; sessions: number };
    personalShare: number;
  },
): Footprint {
  const held = heldDays(counts.personalShare);
  const perRow = (b: number, rows: number) => (rows > 0 ? b / rows : 0);
  const perDeviceDay: Record<string, number> = {
    raw_checkins: perRow(bytes.raw_checkins, counts.rows.heartbeats) * counts.perDeviceDay.heartbeats,
    app_sessions: perRow(bytes.app_sessions, counts.rows.sessions) * counts.perDeviceDay.sessions,
    device_days: bytes.device_days / counts.deviceDays,
    app_days: bytes.app_days / counts.deviceDays,
    decisions: bytes.decisions / counts.deviceDays,
    aggregates: bytes.aggregates / counts.deviceDays,
    outbox: perRow(bytes.outbox, counts.outboxEvents) * (counts.perDeviceDay.heartbeats + counts.perDeviceDay.sessions),
  };
  const perDeviceYear: Record<string, number> = Object.fromEntries(
    Object.entries(perDeviceDay).map(([k, v]) => [k, v * held[k as keyof typeof held]]),
  );
  perDeviceYear.per_device = bytes.per_device / counts.devices;
  const rounded = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)]));
  return {
    bytes,
    perDeviceDay: rounded(perDeviceDay),
    perDeviceYear: rounded(perDeviceYear),
    bytesPerDeviceYear: Math.round(Object.values(perDeviceYear).reduce((s, v) => s + v, 0)),
  };
}
