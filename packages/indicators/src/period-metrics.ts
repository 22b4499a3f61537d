import { perPupil, rates, reach, type DeviceDayCounts } from './rates.ts';

/** A period's sums as the rollup keeps them (establishment_periods). */
export interface PeriodFigures {
  school_days: number;
  in_service_device_days: number;
  active_device_days: number;
  active_measured: number;
  active_usage: number;
  active_presence: number;
  presence_active_device_days: number;
  judged_on_use_device_days: number;
  in_service_devices: number | null;
  reached_devices: number | null;
}

export const periodCounts = (f: PeriodFigures): DeviceDayCounts => ({
  in_service: f.in_service_device_days,
  active: f.active_device_days,
  active_measured: f.active_measured,
  active_usage: f.active_usage,
  active_presence: f.active_presence,
  presence_active: f.presence_active_device_days,
  judged_on_use: f.judged_on_use_device_days,
});

/** Metrics establishments and cohorts are compared on (@vigie/contracts ComparisonMetrics lists the same keys). */
export type ComparisonMetricKey =
  'activity_rate' | 'activity_rate_use' | 'presence_rate' | 'coverage' | 'reach' | 'devices_per_pupil' | 'active_devices_per_pupil';

/** The metric's value for a period, or null when it cannot be computed (no school day, unknown pupils). */
export function metricValue(metric: ComparisonMetricKey, f: PeriodFigures, pupils: number | null): number | null {
  switch (metric) {
    case 'activity_rate':
    case 'activity_rate_use':
    case 'presence_rate':
    case 'coverage':
      return rates(periodCounts(f))[metric];
    case 'reach':
      return reach(f.reached_devices, f.in_service_devices);
    case 'devices_per_pupil':
      return perPupil(f.in_service_device_days, f.school_days, pupils);
    case 'active_devices_per_pupil':
      return perPupil(f.active_device_days, f.school_days, pupils);
  }
}
