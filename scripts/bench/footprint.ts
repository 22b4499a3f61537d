// Bytes on disk per data class (tables with their indexes, TOAST and every partition), per device-day
// they hold, and the projection per device and school year at the default retentions.
import { sql } from 'kysely';
import type { Db } from '@vigie/store';

/** Which tables make up each data class; a partitioned table counts with all its partitions. */
export const DATA_CLASSES = {
  raw_checkins: ['heartbeats'],
  app_sessions: ['app_usage'],
  device_days: ['device_days'],
  decisions: ['device_activity', 'device_idle_streaks'],
  aggregates: ['establishment_days', 'establishment_periods', 'tenant_days', 'cart_days', 'tenant_renewal_years'],
  outbox: ['ingest_batches'],
  // Held once per device, not per day: the inventory, its sources and its obsolescence flags.
  per_device: ['devices', 'device_last_seen', 'device_sources', 'device_attributes', 'device_obsolescence'],
} as const;
export type DataClass = keyof typeof DATA_CLASSES;

/**
 * School days a device reports on in a year (the school calendar has about 36 weeks of classes), and
 * days of each class held at the default retentions: raw observations 400 days
 * (OBSERVATION_RETENTION_DAYS, so a whole year), stored outbox batches 7 days
 * (STORED_BATCH_RETENTION_DAYS), everything rolled up kept (no retention yet: issue 16's table).
 */
export const DAYS_PER_YEAR = 180;
const HELD_DAYS: Record<Exclude<DataClass, 'per_device'>, number> = {
  raw_checkins: DAYS_PER_YEAR,
  app_sessions: DAYS_PER_YEAR,
  device_days: DAYS_PER_YEAR,
  decisions: DAYS_PER_YEAR,
  aggregates: DAYS_PER_YEAR,
  outbox: Math.round((7 * DAYS_PER_YEAR) / 365),
};

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
  },
): Footprint {
  const perRow = (b: number, rows: number) => (rows > 0 ? b / rows : 0);
  const perDeviceDay: Record<string, number> = {
    raw_checkins: perRow(bytes.raw_checkins, counts.rows.heartbeats) * counts.perDeviceDay.heartbeats,
    app_sessions: perRow(bytes.app_sessions, counts.rows.sessions) * counts.perDeviceDay.sessions,
    device_days: bytes.device_days / counts.deviceDays,
    decisions: bytes.decisions / counts.deviceDays,
    aggregates: bytes.aggregates / counts.deviceDays,
    outbox: perRow(bytes.outbox, counts.outboxEvents) * (counts.perDeviceDay.heartbeats + counts.perDeviceDay.sessions),
  };
  const perDeviceYear: Record<string, number> = Object.fromEntries(
    Object.entries(perDeviceDay).map(([k, v]) => [k, v * HELD_DAYS[k as keyof typeof HELD_DAYS]]),
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
