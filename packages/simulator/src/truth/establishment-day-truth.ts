import { ACTIVE_DAY_SECONDS, type DeviceDayTruth } from './device-day-truth.ts';

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
  /** Vigie's in-service devices: listed in service by the MDMs, with the unmerged placeholder records. */
  expected_in_service: number;
  /** Of those, active on a measured or usage-derived signal (Vigie's active_by_signal measured + usage). */
  expected_active_use: number;
  /** Of those, active as Vigie decides on every signal, presence in lesson hours included. */
  expected_active: number;
  /** Of those, active on use or seen in lesson hours: the presence-based upper bound (presence_rate's numerator). */
  expected_presence_active: number;
  /** Of those, judged on use (coverage's numerator). */
  expected_judged_on_use: number;
  /** A school day the network was down all day: an outage day in Vigie's sense. */
  outage: boolean;
}

/**
 * Folds device-day truths (as fleetDays yields them: establishment after establishment within a
 * date) into establishment-day truths, yielding each as soon as its establishment is done.
 */
export function* establishmentDays(rows: Iterable<DeviceDayTruth>): Generator<EstablishmentDayTruth> {
  let current: EstablishmentDayTruth | null = null;
  const done = (e: EstablishmentDayTruth) => ({
    ...e,
    activity_rate: e.school_day && e.in_service > 0 ? Math.round((10_000 * e.active) / e.in_service) / 10_000 : null,
  });
  for (const row of rows) {
    if (current && (current.uai !== row.uai || current.date !== row.date)) {
      yield done(current);
      current = null;
    }
    current ??= {
      date: row.date,
      tenant: row.tenant,
      uai: row.uai,
      school_day: row.school_day,
      devices: 0,
      in_service: 0,
      online: 0,
      active: 0,
      activity_rate: null,
      expected_in_service: 0,
      expected_active_use: 0,
      expected_active: 0,
      expected_presence_active: 0,
      expected_judged_on_use: 0,
      outage: row.school_day && row.outage_all_day,
    };
    current.devices++;
    if (row.in_service) current.in_service++;
    if (row.expected_in_service) current.expected_in_service += 1 + row.extra_records;
    const onUse = row.expected_signal === 'measured' || row.expected_signal === 'usage';
    if (row.expected_in_service && onUse && row.expected_active_seconds >= ACTIVE_DAY_SECONDS) current.expected_active_use++;
    if (row.expected_in_service && row.expected_active) current.expected_active++;
    if (row.expected_in_service && row.expected_presence_active) current.expected_presence_active++;
    if (row.expected_in_service)
      current.expected_judged_on_use += (row.expected_judged_on_use ? 1 : 0) + (row.extra_judged_on_use ? row.extra_records : 0);
    if (row.online) current.online++;
    if (row.in_service && row.active) current.active++;
  }
  if (current) yield done(current);
}
