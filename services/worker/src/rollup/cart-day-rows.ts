import { cartSessionThreshold } from '@vigie/rollup';
import type { cartDays } from '@vigie/store';

type SessionCounts = Awaited<ReturnType<typeof cartDays.sessionCounts>>[number];

/** A cart is used in a half-day when enough of its devices started a session then (CART_SESSION_MIN_DEVICES, scaled to small carts). */
export function cartDayRows(counts: readonly SessionCounts[], minDevices: number): cartDays.CartDay[] {
  return counts.map((c) => {
    const needed = cartSessionThreshold(c.devices, minDevices);
    return {
      day: c.day,
      cartId: c.cart_id,
      devices: c.devices,
      activeDevices: c.active_devices,
      usedMorning: c.morning_starters >= needed,
      usedAfternoon: c.afternoon_starters >= needed,
    };
  });
}
