import { RollupDefaults } from '@vigie/contracts';
import type { DeviceDayTruth } from './device-day-truth.ts';

/** Devices of a cart that must start an app session in a half-day's lessons for the cart to be used then (Vigie's default). */
export const CART_SESSION_MIN_DEVICES = RollupDefaults.cart_session_min_devices;

/** One cart (classe mobile) on one local date, as Vigie's cart_days should hold it. */
export interface CartDayTruth {
  date: string;
  tenant: string;
  uai: string;
  cart: string;
  school_day: boolean;
  /** Vigie's in-service devices of the cart, with their unmerged placeholder records. */
  devices: number;
  /** Of those, active as Vigie decides (every signal). */
  active_devices: number;
  /** At least the minimum of its devices (all of them, for a smaller cart) started a session in the half-day's lessons. */
  used_morning: boolean;
  used_afternoon: boolean;
}

/**
 * Folds device-day truths into cart-days (docs/indicators.md, "Utilisation des classes mobiles").
 * A cart has a day when one of its devices is in service or reported: Vigie decides those only.
 */
export function cartDays(rows: Iterable<DeviceDayTruth>, minDevices = CART_SESSION_MIN_DEVICES): CartDayTruth[] {
  const days = new Map<string, CartDayTruth & { morning: number; afternoon: number; seen: boolean }>();
  for (const row of rows) {
    if (row.cart === null) continue;
    const key = `${row.uai}/${row.cart}/${row.date}`;
    let day = days.get(key);
    if (!day) {
      day = {
        date: row.date,
        tenant: row.tenant,
        uai: row.uai,
        cart: row.cart,
        school_day: row.school_day,
        devices: 0,
        active_devices: 0,
        used_morning: false,
        used_afternoon: false,
        morning: 0,
        afternoon: 0,
        seen: false,
      };
      days.set(key, day);
    }
    day.seen ||= row.expected_in_service || row.online;
    if (!row.expected_in_service) continue;
    day.devices += 1 + row.extra_records;
    if (row.expected_active) day.active_devices++;
    if (row.started_session_morning) day.morning++;
    if (row.started_session_afternoon) day.afternoon++;
  }
  return [...days.values()]
    .filter((d) => d.seen)
    .map(({ morning, afternoon, seen: _seen, ...day }) => {
      const needed = Math.max(1, Math.min(day.devices, minDevices));
      return { ...day, used_morning: morning >= needed, used_afternoon: afternoon >= needed };
    });
}
