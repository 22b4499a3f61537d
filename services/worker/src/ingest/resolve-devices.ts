import { randomUUID } from 'node:crypto';
import {
  appDays,
  appUsage,
  deviceAttributes,
  deviceDays,
  devices,
  deviceSources,
  heartbeats,
  places,
  type Db,
  type Trx,
} from '@vigie/store';
import { normaliseOsVersion } from '@vigie/contracts';
import { latestInventories, type ParsedBatch } from './parse-events.ts';

export interface Resolution {
  /** The source's external id -> Vigie device and where it stands, for every id in the batch. */
  devices: Map<string, deviceSources.LinkedDevice>;
  created: number;
  merged: number;
  inventoried: number;
}

/**
 * Maps every external id of a batch to one device: the one this source linked before, else the
 * device holding the same serial (from another source, or re-enrolled), else a new one (provisional
 * until its inventory arrives). Then applies the batch's inventories. Runs and commits before the
 * observations are written, so a retry of the batch finds the links already made.
 */
export async function resolveDevices(db: Db, tenantId: string, sourceId: string, batch: ParsedBatch): Promise<Resolution> {
  const inventories = latestInventories(batch.inventories);
  const keys = [...new Set([...inventories.values()].flatMap((i) => (i.serialKey ? [i.serialKey] : [])))];
  const linked = await deviceSources.lookup(db, tenantId, sourceId, batch.externalIds);
  const owners = await devices.idsBySerialKey(db, tenantId, keys);
  const settled = batch.externalIds.every((id) => {
    const key = inventories.get(id)?.serialKey;
    const owner = key ? owners.get(key) : undefined;
    return linked.has(id) && (!owner || owner === linked.get(id)!.deviceId);
  });
  if (settled && inventories.size === 0) return { devices: linked, created: 0, merged: 0, inventoried: 0 };

  const counts = await db.transaction().execute(async (trx) => {
    let created = 0;
    let merged = 0;
    const deviceIds = new Map([...linked].map(([id, device]) => [id, device.deviceId]));
    if (!settled) {
      await devices.lockIdentities(trx, tenantId);
      // Re-read under the lock: another batch may have linked or created these meanwhile.
      const current = new Map(
        [...(await deviceSources.lookup(trx, tenantId, sourceId, batch.externalIds))].map(([id, d]) => [id, d.deviceId]),
      );
      const holders = await devices.idsBySerialKey(trx, tenantId, keys);
      const toCreate: devices.NewDevice[] = [];
      const toLink: { externalId: string; deviceId: string; seenAt: Date }[] = [];
      const flush = async () => {
        await devices.createMany(trx, tenantId, toCreate.splice(0));
        await deviceSources.linkMany(trx, tenantId, sourceId, toLink.splice(0));
      };
      for (const externalId of batch.externalIds) {
        const inventory = inventories.get(externalId);
        const key = inventory?.serialKey ?? null;
        const holder = key ? holders.get(key) : undefined;
        const mine = current.get(externalId);
        if (mine) {
          if (holder && holder !== mine) {
            // The holder may be a device this batch is creating: write it before folding into it.
            await flush();
            await absorbDevice(trx, tenantId, mine, holder);
            for (const [id, device] of current) if (device === mine) current.set(id, holder);
            merged++;
          } else if (key && !holder) holders.set(key, mine);
          continue;
        }
        const seenAt = batch.seen.get(externalId)!.first;
        let deviceId = holder;
        if (!deviceId) {
          deviceId = randomUUID();
          toCreate.push({ id: deviceId, serial: inventory?.serial ?? null, serialKey: key, seenAt });
          if (key) holders.set(key, deviceId);
          created++;
        }
        toLink.push({ externalId, deviceId, seenAt });
        current.set(externalId, deviceId);
      }
      await flush();
      for (const [id, device] of current) deviceIds.set(id, device);
    }
    const inventoried = await applyInventories(trx, tenantId, sourceId, inventories, deviceIds);
    return { created, merged, inventoried };
  });
  // Links, establishments and time zones may have changed: read them as committed.
  return { devices: await deviceSources.lookup(db, tenantId, sourceId, batch.externalIds), ...counts };
}

async function absorbDevice(trx: Trx, tenantId: string, fromId: string, intoId: string) {
  await deviceSources.reassignDevice(trx, tenantId, fromId, intoId);
  await heartbeats.reassignDevice(trx, tenantId, fromId, intoId);
  await appUsage.reassignDevice(trx, tenantId, fromId, intoId);
  await deviceDays.reassignDevice(trx, tenantId, fromId, intoId);
  await appDays.reassignDevice(trx, tenantId, fromId, intoId);
  await deviceAttributes.reassignDevice(trx, tenantId, fromId, intoId);
  await devices.absorb(trx, tenantId, fromId, intoId);
}

async function applyInventories(
  trx: Trx,
  tenantId: string,
  sourceId: string,
  inventories: ReturnType<typeof latestInventories>,
  deviceIds: Map<string, string>,
) {
  if (inventories.size === 0) return 0;
  const events = [...inventories.values()];
  const known = await places.lookup(trx, tenantId, events);
  const updates: devices.InventoryUpdate[] = events.map((e) => {
    const establishmentId = e.establishment_uai ? (known.establishmentId(e.establishment_uai) ?? null) : null;
    return {
      device_id: deviceIds.get(e.device_id)!,
      observed_at: e.observed_at,
      establishment_id: establishmentId,
      cart_id: e.cart && establishmentId ? (known.cartId(establishmentId, e.cart) ?? null) : null,
      kind: e.kind ?? null,
      serial: e.serialKey ? (e.serial ?? null) : null,
      serial_key: e.serialKey,
      manufacturer: e.manufacturer ?? null,
      model: e.model ?? null,
      os_name: e.os_name ?? null,
      os_version: normaliseOsVersion(e.os_name, e.os_version),
      os_version_raw: e.os_version ?? null,
      asset_tag: e.asset_tag ?? null,
      name: e.name ?? null,
      assignment: e.assignment ?? null,
      status: e.status ?? null,
      acquired_on: e.acquired_on ?? null,
      warranty_end: e.warranty_end ?? null,
      support_end: e.support_end ?? null,
      battery_health_pct: e.battery_health_pct ?? null,
      storage_total_mb: e.storage_total_mb ?? null,
    };
  });
  const applied = await devices.applyInventory(trx, tenantId, updates);
  // Provenance: each source's claims are kept, and the winning claim (source priority, then
  // recency) is what the device row shows, whichever batch arrived last.
  await deviceAttributes.record(
    trx,
    tenantId,
    sourceId,
    updates.flatMap((u, i) => claimsOf(u, events[i]!.serial)),
  );
  await deviceAttributes.resolve(trx, tenantId, [...new Set(updates.map((u) => u.device_id))]);
  return applied;
}

function claimsOf(update: devices.InventoryUpdate, rawSerial: string | undefined): deviceAttributes.Claim[] {
  const claims: deviceAttributes.Claim[] = [];
  for (const attribute of deviceAttributes.RESOLVED) {
    const value = update[attribute];
    if (value !== null && value !== undefined)
      claims.push({ deviceId: update.device_id, attribute, value: String(value), observedAt: update.observed_at });
  }
  if (rawSerial !== undefined)
    claims.push({ deviceId: update.device_id, attribute: 'serial', value: rawSerial, observedAt: update.observed_at });
  return claims;
}
