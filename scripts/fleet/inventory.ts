import type { InventoryEvent } from '@vigie/contracts';
import { devicesOf } from './devices.ts';
import type { FleetPlan } from './fleet-plan.ts';
import { unit } from './prng.ts';

const DAY_MS = 86_400_000;

/**
 * One inventory event per device, establishment by establishment, as of `asOf` (epoch ms). Devices
 * nobody uses last synced with their MDM 2 to 90 days earlier, so the fleet has stale devices too.
 */
export function* inventoryEvents(plan: FleetPlan, asOf: number): Generator<InventoryEvent> {
  for (const establishment of plan.establishments) {
    for (const device of devicesOf(plan, establishment)) {
      const { model, group } = device;
      const daysAgo = device.activity === 0 ? 2 + Math.floor(88 * unit(plan.seed, 'last-sync', establishment.index, device.index)) : 0;
      const event: InventoryEvent = {
        type: 'inventory',
        device_id: device.externalId,
        observed_at: new Date(asOf - daysAgo * DAY_MS).toISOString(),
        serial: device.serial,
        kind: model.kind,
        manufacturer: model.manufacturer,
        model: model.model,
        os_name: model.osName,
        os_version: device.osVersion,
        assignment: device.status === 'spare' ? 'stock' : group.assignment,
        status: device.status,
        establishment_uai: establishment.uai,
        acquired_on: device.acquiredOn,
        warranty_end: device.warrantyEnd,
        support_end: model.supportEnd,
        storage_total_mb: model.storageMb,
      };
      if (group.cart) event.cart = group.cart;
      if (device.batteryHealthPct !== null) event.battery_health_pct = device.batteryHealthPct;
      yield event;
    }
  }
}

/** The carts to create before the inventory can name them. */
export function cartsOf(plan: FleetPlan): { uai: string; name: string }[] {
  return plan.establishments.flatMap((e) => e.groups.flatMap((g) => (g.cart ? [{ uai: e.uai, name: g.cart }] : [])));
}
