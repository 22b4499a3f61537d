import { ratio } from './rates.ts';

// Cart utilisation (docs/indicators.md, "Utilisation des classes mobiles"): one formula each for
// the share of a cart's devices active on a day and for its half-days used over a period.

/** A cart's day as the rollup keeps it (cart_days). */
export interface CartDayCounts {
  school_day: boolean;
  /** Half-days with classes that day (0, 1 or 2). */
  half_days: number;
  devices: number;
  active_devices: number;
  used_morning: boolean;
  used_afternoon: boolean;
}

/** Share of the cart's in-service devices active that day; null for a cart without devices. */
export const activeShare = (d: Pick<CartDayCounts, 'devices' | 'active_devices'>): number | null => ratio(d.active_devices, d.devices);

/**
 * Over a period's days, counted on school days only: half-days with classes, those the cart was
 * used in and their ratio, and the mean of the daily active shares of the days it had devices.
 */
export function cartUtilisation(days: readonly CartDayCounts[]) {
  const school = days.filter((d) => d.school_day);
  const used = school.reduce((n, d) => n + (d.used_morning ? 1 : 0) + (d.used_afternoon ? 1 : 0), 0);
  const halfDays = school.reduce((n, d) => n + d.half_days, 0);
  const shares = school.filter((d) => d.devices > 0).map((d) => d.active_devices / d.devices);
  return {
    school_half_days: halfDays,
    used_half_days: used,
    half_day_use_rate: ratio(used, halfDays),
    mean_active_share: shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null,
  };
}
