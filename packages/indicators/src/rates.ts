// The device-day rates (docs/indicators.md, "Taux d'activité"): one formula each, used by the API,
// the comparisons, the cohorts and the alerts; the BI views compute the same in SQL and
// test/simulator/simulated-rollup-totals.test.ts holds them equal.

/** part / whole, or null when there is nothing to divide by. */
export const ratio = (part: number, whole: number | null): number | null => (whole ? part / whole : null);

/** In-service device-days of a group (a day, a period, a cohort), counted on school days only. */
export interface DeviceDayCounts {
  in_service: number;
  active: number;
  active_measured: number;
  active_usage: number;
  /** Active device-days resting on presence (devices with no use signal available). */
  active_presence: number;
  /** Device-days active on use or seen in lesson hours: the presence-based reading. */
  presence_active: number;
  /** Device-days judged on use. */
  judged_on_use: number;
}

/** The numerators a group's rates are computed from: summed over days, devices or establishments. */
export const DEVICE_DAY_KEYS = [
  'in_service',
  'active',
  'active_measured',
  'active_usage',
  'active_presence',
  'presence_active',
  'judged_on_use',
] as const satisfies readonly (keyof DeviceDayCounts)[];

/** `into` plus `more`'s device-days, in place (into is returned). */
export function addDeviceDays<T extends DeviceDayCounts>(into: T, more: DeviceDayCounts): T {
  for (const k of DEVICE_DAY_KEYS) into[k] += more[k];
  return into;
}

/** No device-day yet: where a sum starts. */
export const noDeviceDays = (): DeviceDayCounts => Object.fromEntries(DEVICE_DAY_KEYS.map((k) => [k, 0])) as unknown as DeviceDayCounts;

/** The headline figures of a group of device-days. */
export function rates(c: DeviceDayCounts) {
  return {
    activity_rate: ratio(c.active, c.in_service),
    activity_rate_use: ratio(c.active_measured + c.active_usage, c.in_service),
    presence_rate: ratio(c.presence_active, c.in_service),
    coverage: ratio(c.judged_on_use, c.in_service),
    presence_device_days: c.in_service - c.judged_on_use,
  };
}
export type Rates = ReturnType<typeof rates>;

/** Share of the devices in service that were active at least once; null when not counted (school years). */
export const reach = (reached: number | null, devices: number | null): number | null => (reached === null ? null : ratio(reached, devices));

/** Device-days per school day and pupil; null without school days or a known pupil count. */
export const perPupil = (deviceDays: number, schoolDays: number, pupils: number | null): number | null =>
  schoolDays && pupils ? deviceDays / schoolDays / pupils : null;
