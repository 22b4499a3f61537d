import type { DeviceFacts, Firing } from './firing.ts';
import { inService } from './firing.ts';

const DAY_MS = 86_400_000;
// Devices that checked in during the week before today are the ones expected to report today.
const REPORTING_DAYS = 7;

export interface OutageParams {
  silent_share: number;
  min_devices: number;
}

/**
 * Establishments where most devices that usually report have been silent since local midnight.
 * `startOfToday` is the establishment's local midnight as an instant; the caller only asks once
 * lessons have been going for a while, so a quiet early morning is not an outage.
 */
export function establishmentOutage(establishmentId: string, devices: readonly DeviceFacts[], startOfToday: Date, p: OutageParams): Firing[] {
  const weekBefore = startOfToday.getTime() - REPORTING_DAYS * DAY_MS;
  const reporting = devices.filter((d) => d.establishment_id === establishmentId && inService(d) && d.last_seen.getTime() >= weekBefore);
  const silent = reporting.filter((d) => d.last_seen.getTime() < startOfToday.getTime());
  if (reporting.length < p.min_devices || silent.length / reporting.length < p.silent_share) return [];
  return [{
    subjectType: 'establishment', subjectId: establishmentId, establishmentId,
    title: `${silent.length} of ${reporting.length} devices silent today: network or MDM outage?`,
    details: { silent: silent.length, reporting: reporting.length, silent_share: Number((silent.length / reporting.length).toFixed(3)) },
  }];
}
