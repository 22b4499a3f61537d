import type { Firing, DeviceFacts } from './firing.ts';
import { inService } from './firing.ts';

/** Day -> device id -> the rollup's `active`, for the devices it judged in service that day (device_activity). */
export type DayDecisions = ReadonlyMap<string, ReadonlyMap<string, boolean>>;

/** Day -> cart id -> the rollup's cart-day (cart_days). */
export type CartDayFacts = ReadonlyMap<string, ReadonlyMap<string, { devices: number; active_devices: number }>>;

/** The idle window of an establishment (newest first), or null when it is not judged now. */
type WindowOf = (establishmentId: string) => string[] | null;

/**
 * Devices in service (the inventory says so now: a device sent to repair since is not idle) that
 * the rollup judged in service on every day of their establishment's window and active on none.
 * A device not yet in service on the window's oldest day is not idle yet; a window shorter than N
 * (start of records) fires nothing.
 */
export function idleDevices(
  devices: readonly DeviceFacts[],
  windowOf: WindowOf,
  n: (establishmentId: string) => number,
  decisionsOf: (establishmentId: string) => DayDecisions | undefined,
): Firing[] {
  return devices.flatMap((d) => {
    if (!inService(d) || !d.establishment_id) return [];
    const days = windowOf(d.establishment_id);
    const required = n(d.establishment_id);
    if (!days || days.length < required) return [];
    const decisions = decisionsOf(d.establishment_id);
    if (!days.every((day) => decisions?.get(day)?.get(d.id) === false)) return [];
    return [
      {
        subjectType: 'device' as const,
        subjectId: d.id,
        establishmentId: d.establishment_id,
        title: `${d.kind} ${d.serial ?? d.id} unused for ${required} school days`,
        details: { school_days: required, since: days[days.length - 1] },
      },
    ];
  });
}

/**
 * Carts of an establishment that had in-service devices on every day of its window and no active
 * one on any (cart_days.devices and active_devices: the figures of GET /v1/carts/{id}/utilisation).
 */
export function unusedCarts(
  establishmentId: string,
  days: string[] | null,
  required: number,
  cartDays: CartDayFacts | undefined,
): Firing[] {
  if (!days || days.length < required) return [];
  const newest = cartDays?.get(days[0]!) ?? new Map<string, { devices: number; active_devices: number }>();
  return [...newest.keys()].sort().flatMap((cartId) => {
    const unused = days.every((day) => {
      const c = cartDays?.get(day)?.get(cartId);
      return c !== undefined && c.devices > 0 && c.active_devices === 0;
    });
    if (!unused) return [];
    return [
      {
        subjectType: 'cart' as const,
        subjectId: cartId,
        establishmentId,
        title: `cart of ${newest.get(cartId)!.devices} devices unused for ${required} school days`,
        details: { school_days: required, since: days[days.length - 1], devices: newest.get(cartId)!.devices },
      },
    ];
  });
}
