import type { DeviceDayTruth } from './device-day-truth.ts';

/** One establishment on one local date: devices in service, really active, and the activity rate. */
export interface EstablishmentDayTruth {
  date: string;
  tenant: string;
  uai: string;
  school_day: boolean;
  devices: number;
  in_service: number;
  online: number;
  active: number;
  /** active / in_service on school days; null on days without classes. */
  activity_rate: number | null;
}

/**
 * Folds device-day truths (as fleetDays yields them: establishment after establishment within a
 * date) into establishment-day truths, yielding each as soon as its establishment is done.
 */
export function* establishmentDays(rows: Iterable<DeviceDayTruth>): Generator<EstablishmentDayTruth> {
  let current: EstablishmentDayTruth | null = null;
  const done = (e: EstablishmentDayTruth) => ({ ...e, activity_rate: e.school_day && e.in_service > 0 ? Math.round((10_000 * e.active) / e.in_service) / 10_000 : null });
  for (const row of rows) {
    if (current && (current.uai !== row.uai || current.date !== row.date)) {
      yield done(current);
      current = null;
    }
    current ??= { date: row.date, tenant: row.tenant, uai: row.uai, school_day: row.school_day, devices: 0, in_service: 0, online: 0, active: 0, activity_rate: null };
    current.devices++;
    if (row.in_service) current.in_service++;
    if (row.online) current.online++;
    if (row.in_service && row.active) current.active++;
  }
  if (current) yield done(current);
}
