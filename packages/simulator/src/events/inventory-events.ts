import type { InventoryEvent } from '@vigie/contracts';
import { Sources } from '../population/device-sources.ts';
import { devicesOf, type Device } from '../population/devices.ts';
import type { FleetPlan } from '../population/fleet-plan.ts';
import { unit } from '../population/prng.ts';
import type { Delivered } from './delivered.ts';

const DAY_MS = 86_400_000;
const MAX_RECORD_AGE_MS = 300 * DAY_MS;

/** One MDM record of a device, as an inventory event. */
export function inventoryRecord(device: Device, deviceId: string, serial: string, observedAt: number): InventoryEvent {
  const { model, group, establishment } = device;
  const event: InventoryEvent = {
    type: 'inventory',
    device_id: deviceId,
    observed_at: new Date(observedAt).toISOString(),
    serial,
    kind: model.kind,
    manufacturer: model.manufacturer,
    model: model.model,
    os_name: model.osName,
    os_version: device.osVersion,
    assignment: group.assignment,
    status: device.status,
    establishment_uai: establishment.uai,
    acquired_on: device.acquiredOn,
    warranty_end: device.warrantyEnd,
    support_end: model.supportEnd,
    storage_total_mb: model.storageMb,
  };
  if (group.cart) event.cart = group.cart;
  if (device.batteryHealthPct !== null) event.battery_health_pct = device.batteryHealthPct;
  return event;
}

/**
 * Every inventory record of every device as of `asOf` (epoch ms): the activity source's record
 * (the old and the new one for a re-enrolled iPad), and GLPI's, sometimes with a BIOS placeholder
 * serial. Devices nobody uses last synced 2 to 90 days earlier; broken and lost ones when they stopped.
 */
export function* inventoryEvents(plan: FleetPlan, asOf: number): Generator<Delivered> {
  for (const establishment of plan.establishments) {
    for (const device of devicesOf(plan, establishment)) {
      const stale =
        device.activity === 0 ? (2 + Math.floor(88 * unit(plan.seed, 'last-sync', establishment.index, device.index))) * DAY_MS : 0;
      const stopped = device.fate.from !== null ? Date.parse(`${device.fate.from}T06:00:00Z`) : Infinity;
      // Vigie refuses observations over a year old; an MDM purges records it has not seen for that long anyway.
      const at = Math.max(asOf - MAX_RECORD_AGE_MS, Math.min(asOf - stale, stopped));
      const tenantCode = establishment.tenantCode;
      const { sources } = device;
      const reenrolled = sources.reenrolledOn !== null && Date.parse(sources.reenrolledOn) <= at;
      const firstAt = reenrolled ? Math.max(asOf - MAX_RECORD_AGE_MS, Date.parse(sources.reenrolledOn!) - DAY_MS) : at;
      yield {
        source: sources.activity,
        tenantCode,
        deliverAt: asOf,
        event: inventoryRecord(device, sources.activityId, device.serial, firstAt),
      };
      if (reenrolled)
        yield {
          source: sources.activity,
          tenantCode,
          deliverAt: asOf,
          event: inventoryRecord(device, sources.reenrolledId!, device.serial, at),
        };
      if (sources.glpi)
        yield {
          source: Sources.glpi,
          tenantCode,
          deliverAt: asOf,
          event: inventoryRecord(device, sources.glpi.id, sources.glpi.serial, at),
        };
    }
  }
}

/** The carts to create before the inventory can name them. */
export function cartsOf(plan: FleetPlan): { tenantCode: string; uai: string; name: string }[] {
  return plan.establishments.flatMap((e) =>
    e.groups.flatMap((g) => (g.cart ? [{ tenantCode: e.tenantCode, uai: e.uai, name: g.cart }] : [])),
  );
}

/** The fleet as one MDM sees it (its records only): what a fake MDM server for connector tests serves. */
export function* inventoryOf(plan: FleetPlan, source: string, asOf: number): Generator<InventoryEvent> {
  for (const d of inventoryEvents(plan, asOf)) if (d.source === source && d.event.type === 'inventory') yield d.event;
}
