import type { Firing, DeviceFacts } from './firing.ts';
import { inService } from './firing.ts';

export interface IdleWindow {
  /** The last N school days of the device's establishment, newest first. */
  days: string[];
}

/**
 * In-service devices with no active day (active_seconds >= the rule's minimum, already applied in
 * `activeDays`) on any of the window's school days. A device first seen after the window started
 * is not idle yet; a window shorter than N (start of records) fires nothing.
 */
export function idleDevices(devices: readonly DeviceFacts[], windowOf: (establishmentId: string) => IdleWindow | null, n: (establishmentId: string) => number, activeDays: ReadonlyMap<string, ReadonlySet<string>>): Firing[] {
  return devices.flatMap((d) => {
    if (!inService(d) || !d.establishment_id) return [];
    const window = windowOf(d.establishment_id);
    const required = n(d.establishment_id);
    if (!window || window.days.length < required) return [];
    const oldest = window.days[window.days.length - 1]!;
    if (d.first_seen.toISOString().slice(0, 10) > oldest) return [];
    const active = activeDays.get(d.id);
    if (active && window.days.some((day) => active.has(day))) return [];
    return [{
      subjectType: 'device' as const, subjectId: d.id, establishmentId: d.establishment_id,
      title: `${d.kind} ${d.serial ?? d.id} unused for ${required} school days`,
      details: { school_days: required, since: oldest },
    }];
  });
}

/** Carts none of whose in-service devices was active on any of the window's school days. */
export function unusedCarts(devices: readonly DeviceFacts[], windowOf: (establishmentId: string) => IdleWindow | null, n: (establishmentId: string) => number, activeDays: ReadonlyMap<string, ReadonlySet<string>>): Firing[] {
  const carts = new Map<string, { establishmentId: string; devices: DeviceFacts[] }>();
  for (const d of devices) {
    if (!d.cart_id || !d.establishment_id || !inService(d)) continue;
    const cart = carts.get(d.cart_id) ?? { establishmentId: d.establishment_id, devices: [] };
    cart.devices.push(d);
    carts.set(d.cart_id, cart);
  }
  return [...carts].flatMap(([cartId, cart]) => {
    const window = windowOf(cart.establishmentId);
    const required = n(cart.establishmentId);
    if (!window || window.days.length < required) return [];
    const used = cart.devices.some((d) => window.days.some((day) => activeDays.get(d.id)?.has(day)));
    if (used) return [];
    return [{
      subjectType: 'cart' as const, subjectId: cartId, establishmentId: cart.establishmentId,
      title: `cart of ${cart.devices.length} devices unused for ${required} school days`,
      details: { school_days: required, since: window.days[window.days.length - 1], devices: cart.devices.length },
    }];
  });
}
