import { isSuppressed, rates, type DeviceDayCounts } from '@vigie/indicators';

/** A cohort's device-days over a range and the distinct devices behind them. */
export type CohortActivity = DeviceDayCounts & { devices: number };

/** A cohort's counts and rates, all withheld (zero or null) when too few devices stand behind them. */
export function cohortFigures(f: CohortActivity, minDevices: number) {
  const suppressed = isSuppressed(f.devices, minDevices);
  const r = rates(f);
  return {
    devices: f.devices,
    suppressed,
    in_service_device_days: suppressed ? 0 : f.in_service,
    active_device_days: suppressed ? 0 : f.active,
    presence_device_days: suppressed ? 0 : r.presence_device_days,
    activity_rate: suppressed ? null : r.activity_rate,
    activity_rate_use: suppressed ? null : r.activity_rate_use,
    presence_rate: suppressed ? null : r.presence_rate,
    coverage: suppressed ? null : r.coverage,
  };
}
