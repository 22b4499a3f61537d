import { sql, type Selectable } from 'kysely';
import { arrayLiteral } from './array-literal.ts';
import { lockUntilCommit, type Db, type Trx } from './db.ts';
import type { DevicesTable } from './tables.ts';

/** Serial key -> device id for the keys already held by a device of the tenant. */
export async function idsBySerialKey(db: Db | Trx, tenantId: string, keys: string[]) {
  if (keys.length === 0) return new Map<string, string>();
  const rows = await sql<{ serial_key: string; id: string }>`
    SELECT serial_key, id FROM devices WHERE tenant_id = ${tenantId} AND serial_key = ANY(${keys}::text[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.serial_key, r.id]));
}

export interface NewDevice {
  id: string;
  serial: string | null;
  serialKey: string | null;
  seenAt: Date;
}

/** Creates devices known only by what their first events say (ids chosen by the caller). */
export async function createMany(trx: Trx, tenantId: string, rows: NewDevice[]) {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO devices (tenant_id, id, serial, serial_key, first_seen)
    SELECT ${tenantId}, t.id, t.serial, t.serial_key, t.seen_at
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.serial)}::text[],
                ${rows.map((r) => r.serialKey)}::text[], ${rows.map((r) => r.seenAt)}::timestamptz[])
         AS t(id, serial, serial_key, seen_at)`.execute(trx);
}

type DeviceRow = Selectable<DevicesTable>;

/**
 * One device's inventory as an event states it: the device row's attributes (os_version comparable
 * per platform, normaliseOsVersion; the source's text is os_version_raw), where kind and status may
 * be unstated.
 */
export type InventoryUpdate = Pick<
  DeviceRow,
  | 'establishment_id'
  | 'cart_id'
  | 'serial'
  | 'serial_key'
  | 'manufacturer'
  | 'model'
  | 'os_name'
  | 'os_version'
  | 'os_version_raw'
  | 'asset_tag'
  | 'name'
  | 'assignment'
  | 'acquired_on'
  | 'warranty_end'
  | 'support_end'
  | 'battery_health_pct'
  | 'storage_total_mb'
> & {
  device_id: string;
  observed_at: string;
  kind: DeviceRow['kind'] | null;
  status: DeviceRow['status'] | null;
};

/**
 * Records the newest inventory of each device: its serial (identity, resolve-devices' business),
 * that it is no longer provisional, and when it was inventoried. An inventory older than the one
 * already applied changes nothing (late delivery); an omitted serial keeps the stored one. The
 * other attributes are claims: device-attributes.ts records them and sets the winning values.
 */
export async function applyInventory(trx: Trx, tenantId: string, updates: InventoryUpdate[]): Promise<number> {
  if (updates.length === 0) return 0;
  // UPDATE ... FROM applies one arbitrary row per device: keep each device's newest inventory.
  const newest = new Map<string, InventoryUpdate>();
  for (const u of updates) {
    const held = newest.get(u.device_id);
    if (!held || Date.parse(u.observed_at) >= Date.parse(held.observed_at)) newest.set(u.device_id, u);
  }
  updates = [...newest.values()];
  await lockInOrder(
    trx,
    tenantId,
    updates.map((u) => u.device_id),
  );
  const result = await sql`
    UPDATE devices d SET
      serial = COALESCE(t.serial, d.serial),
      serial_key = COALESCE(t.serial_key, d.serial_key),
      provisional = false,
      inventory_observed_at = t.observed_at,
      updated_at = now()
    FROM unnest(${updates.map((u) => u.device_id)}::uuid[], ${updates.map((u) => u.observed_at)}::timestamptz[],
                ${updates.map((u) => u.serial)}::text[], ${updates.map((u) => u.serial_key)}::text[])
         AS t(device_id, observed_at, serial, serial_key)
    WHERE d.tenant_id = ${tenantId} AND d.id = t.device_id
      AND (d.inventory_observed_at IS NULL OR d.inventory_observed_at <= t.observed_at)`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Widens first_seen to the observation times of a batch and last_contact to the contacts it
 * reports: a device that never connected keeps a null last_contact, never a sync time. Called
 * first in the batch's transaction,
 * rows in id order through the primary key, so concurrent batches lock devices in one order and
 * never deadlock here.
 */
export async function touchSeen(trx: Trx, tenantId: string, rows: { deviceId: string; first: Date; contact: Date | null }[]) {
  if (rows.length === 0) return;
  // One row per device (two external ids may resolve to one device), in id order.
  const byDevice = new Map<string, { deviceId: string; first: Date; contact: Date | null }>();
  for (const row of rows) {
    const seen = byDevice.get(row.deviceId);
    if (!seen) byDevice.set(row.deviceId, { ...row });
    else {
      if (row.first < seen.first) seen.first = row.first;
      if (row.contact && (!seen.contact || row.contact > seen.contact)) seen.contact = row.contact;
    }
  }
  const sorted = [...byDevice.values()].sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1));
  const ids = arrayLiteral(sorted.map((r) => r.deviceId));
  // GREATEST and LEAST skip nulls: a batch without a contact leaves last_contact as it was.
  await sql`
    UPDATE devices d SET first_seen = LEAST(d.first_seen, t.first), last_contact = GREATEST(d.last_contact, t.contact)
    FROM unnest(${ids}::uuid[], ${arrayLiteral(sorted.map((r) => r.first.toISOString()))}::timestamptz[],
                ${arrayLiteral(sorted.map((r) => r.contact?.toISOString() ?? null))}::timestamptz[]) AS t(id, first, contact)
    WHERE d.tenant_id = ${tenantId} AND d.id = ANY(${ids}::uuid[]) AND d.id = t.id
      AND (t.first < d.first_seen OR t.contact > COALESCE(d.last_contact, '-infinity'))`.execute(trx);
}

/** Folds a duplicate device into the one that keeps its identity, then deletes the duplicate. */
export async function absorb(trx: Trx, tenantId: string, fromId: string, intoId: string) {
  await sql`
    UPDATE devices d SET first_seen = LEAST(d.first_seen, f.first_seen), last_contact = GREATEST(d.last_contact, f.last_contact),
      updated_at = now()
    FROM devices f WHERE d.tenant_id = ${tenantId} AND d.id = ${intoId} AND f.tenant_id = ${tenantId} AND f.id = ${fromId}`.execute(trx);
  await trx.deleteFrom('devices').where('tenant_id', '=', tenantId).where('id', '=', fromId).execute();
}

/**
 * Serialises device creation and merging within a tenant until the transaction ends: two batches
 * that first see the same serial at the same time must end with one device, not two.
 */
export async function lockIdentities(trx: Trx, tenantId: string) {
  await lockUntilCommit(trx, `device-identity:${tenantId}`);
}

/**
 * Locks device rows in id order until the transaction ends. UPDATE ... FROM locks rows in whatever
 * order the join yields; taking the locks first, in id order, is what keeps concurrent writers of
 * the same devices from deadlocking. NO KEY UPDATE, the lock an UPDATE of non-key columns takes:
 * FOR UPDATE would also block every foreign-key check on these devices (a fleet evaluation writing
 * flags for the whole fleet, claims of another source), and they would queue behind each other.
 */
export async function lockInOrder(trx: Trx, tenantId: string, ids: string[]) {
  await sql`SELECT 1 FROM devices WHERE tenant_id = ${tenantId} AND id = ANY(${ids}::uuid[]) ORDER BY id FOR NO KEY UPDATE`.execute(trx);
}

/** A page of devices (id order) with what obsolescence rules look at. */
export async function listForEvaluation(db: Db, tenantId: string, afterId: string | null, limit: number) {
  return db
    .selectFrom('devices')
    .select(['id', 'kind', 'os_name', 'os_version', 'acquired_on', 'support_end', 'warranty_end', 'battery_health_pct', 'storage_total_mb'])
    .where('tenant_id', '=', tenantId)
    .$if(afterId !== null, (q) => q.where('id', '>', afterId!))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The given ids that are devices of the tenant. */
export async function existingIds(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const r = await sql<{ id: string }>`SELECT id FROM devices WHERE tenant_id = ${tenantId} AND id = ANY(${ids}::uuid[])`.execute(db);
  return r.rows.map((row) => row.id);
}

/** What alert rules read about every device of the tenant (no names, no users). */
export async function listForAlerts(db: Db, tenantId: string) {
  return db
    .selectFrom('devices')
    .select([
      'id',
      'serial',
      'establishment_id',
      'cart_id',
      'kind',
      'status',
      'assignment',
      'acquired_on',
      'warranty_end',
      'support_end',
      'first_seen',
      'last_contact',
    ])
    .where('tenant_id', '=', tenantId)
    .execute();
}
