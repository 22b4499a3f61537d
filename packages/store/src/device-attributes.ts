import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';
import { lockInOrder } from './devices.ts';

/** The device columns whose value is chosen among sources' claims. serial is recorded, not resolved: identity is resolve-devices' job. */
export const RESOLVED = [
  'establishment_id',
  'cart_id',
  'kind',
  'manufacturer',
  'model',
  'os_name',
  'os_version',
  'assignment',
  'status',
  'acquired_on',
  'warranty_end',
  'support_end',
  'battery_health_pct',
  'storage_total_mb',
  'os_version_raw',
  'asset_tag',
  'name',
] as const;

export interface Claim {
  deviceId: string;
  attribute: string;
  value: string;
  observedAt: string | Date;
}

/** Records what a source says about devices; a claim older than the one already held changes nothing. */
export async function record(trx: Trx, tenantId: string, sourceId: string, claims: Claim[]) {
  if (claims.length === 0) return;
  // Two records of one source can name the same device (a re-enrolment keeps the old record): one
  // claim per device and attribute, the newest, since ON CONFLICT may touch a row only once.
  const newest = new Map<string, Claim>();
  for (const claim of claims) {
    const key = `${claim.deviceId}/${claim.attribute}`;
    const held = newest.get(key);
    const at = new Date(claim.observedAt).getTime();
    const heldAt = held ? new Date(held.observedAt).getTime() : -Infinity;
    if (!held || at > heldAt || (at === heldAt && claim.value > held.value)) newest.set(key, claim);
  }
  claims = [...newest.values()];
  // Raw: unnest keeps one statement shape whatever the number of claims.
  await sql`
    INSERT INTO device_attributes (tenant_id, device_id, attribute, source_id, value, observed_at)
    SELECT ${tenantId}, t.device_id, t.attribute, ${sourceId}, t.value, t.observed_at
    FROM unnest(${claims.map((c) => c.deviceId)}::uuid[], ${claims.map((c) => c.attribute)}::text[],
                ${claims.map((c) => c.value)}::text[], ${claims.map((c) => new Date(c.observedAt))}::timestamptz[])
         AS t(device_id, attribute, value, observed_at)
    ORDER BY t.device_id, t.attribute
    ON CONFLICT (tenant_id, device_id, attribute, source_id) DO UPDATE
      SET value = EXCLUDED.value, observed_at = EXCLUDED.observed_at
      WHERE device_attributes.observed_at <= EXCLUDED.observed_at`.execute(trx);
}

/**
 * Sets each resolved column of the devices to its winning claim: the source with the lowest
 * priority number, then the newest claim (then the source id, so the choice is deterministic).
 * With every source at the default priority this is "the newest value wins".
 */
export async function resolve(trx: Trx, tenantId: string, deviceIds: string[]) {
  if (deviceIds.length === 0) return;
  // Device rows locked in id order first, as devices.applyInventory does, so an import racing the
  // worker waits instead of deadlocking.
  await lockInOrder(trx, tenantId, deviceIds);
  // Column names come from RESOLVED (constants), never from input, so raw SQL is safe here.
  const pick = (name: string, cast: string) =>
    sql.raw(`COALESCE((max(w.value) FILTER (WHERE w.attribute = '${name}'))::${cast}, d.${name}) AS ${name}`);
  const casts: Record<(typeof RESOLVED)[number], string> = {
    establishment_id: 'uuid',
    cart_id: 'uuid',
    kind: 'text',
    manufacturer: 'text',
    model: 'text',
    os_name: 'text',
    os_version: 'text',
    assignment: 'text',
    status: 'text',
    acquired_on: 'date',
    warranty_end: 'date',
    support_end: 'date',
    battery_health_pct: 'real',
    storage_total_mb: 'bigint',
    os_version_raw: 'text',
    asset_tag: 'text',
    name: 'text',
  };
  const columns = RESOLVED.map((name) => sql.raw(`${name} = p.${name}`));
  const pivots = RESOLVED.map((name) => pick(name, casts[name]));
  await sql`
    WITH w AS (
      SELECT DISTINCT ON (a.device_id, a.attribute) a.device_id, a.attribute, a.value
      FROM device_attributes a JOIN sources s ON s.tenant_id = a.tenant_id AND s.id = a.source_id
      WHERE a.tenant_id = ${tenantId} AND a.device_id = ANY(${deviceIds}::uuid[])
      ORDER BY a.device_id, a.attribute, s.priority, a.observed_at DESC, a.source_id
    ), p AS (
      SELECT d.id, ${sql.join(pivots, sql`, `)}
      FROM devices d JOIN w ON w.device_id = d.id
      WHERE d.tenant_id = ${tenantId}
      GROUP BY d.tenant_id, d.id
    )
    UPDATE devices d SET ${sql.join(columns, sql`, `)}
    FROM p WHERE d.tenant_id = ${tenantId} AND d.id = p.id`.execute(trx);
}

/** The devices a source has claims on (to re-resolve when its priority changes). */
export async function devicesClaimedBy(trx: Trx, tenantId: string, sourceId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('device_attributes')
    .select('device_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('source_id', '=', sourceId)
    .execute();
  return rows.map((r) => r.device_id);
}

/**
 * Drops a source's claims (the source is being deleted) and re-resolves the devices it claimed on:
 * the other sources' claims win now; a value no other source claims stays as it was.
 */
export async function forgetSource(trx: Trx, tenantId: string, sourceId: string) {
  const rows = await trx
    .deleteFrom('device_attributes')
    .where('tenant_id', '=', tenantId)
    .where('source_id', '=', sourceId)
    .returning('device_id')
    .execute();
  await resolve(trx, tenantId, [...new Set(rows.map((r) => r.device_id))]);
}

/** Moves claims of a merged device onto the device that absorbs it, keeping the newer claim per source. */
export async function reassignDevice(trx: Trx, tenantId: string, fromId: string, toId: string) {
  await sql`
    INSERT INTO device_attributes (tenant_id, device_id, attribute, source_id, value, observed_at)
    SELECT tenant_id, ${toId}, attribute, source_id, value, observed_at FROM device_attributes
    WHERE tenant_id = ${tenantId} AND device_id = ${fromId}
    ON CONFLICT (tenant_id, device_id, attribute, source_id) DO UPDATE
      SET value = EXCLUDED.value, observed_at = EXCLUDED.observed_at
      WHERE device_attributes.observed_at < EXCLUDED.observed_at`.execute(trx);
  await trx.deleteFrom('device_attributes').where('tenant_id', '=', tenantId).where('device_id', '=', fromId).execute();
}

/** Every claim about one device, with its source, the winning ones first. */
export async function listForDevice(db: Db, tenantId: string, deviceId: string) {
  const rows = await sql<{ attribute: string; value: string; source: string; priority: number; observed_at: Date; rank: number }>`
    SELECT a.attribute, a.value, s.name AS source, s.priority, a.observed_at,
      row_number() OVER (PARTITION BY a.attribute ORDER BY s.priority, a.observed_at DESC, a.source_id)::int AS rank
    FROM device_attributes a JOIN sources s ON s.tenant_id = a.tenant_id AND s.id = a.source_id
    WHERE a.tenant_id = ${tenantId} AND a.device_id = ${deviceId}
    ORDER BY a.attribute, rank`.execute(db);
  return rows.rows;
}
