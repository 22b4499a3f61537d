import type { DeviceFacts, Firing } from './firing.ts';
import { inService } from './firing.ts';

const DAY_MS = 86_400_000;

/**
 * Devices in service with no check-in for `days` calendar days. A device that never connected has
 * nothing to be silent since (when Vigie first heard of it is a sync's time): it never fires, and
 * is counted apart as never connected.
 */
export function offlineDevices(devices: readonly DeviceFacts[], daysFor: (establishmentId: string | null) => number, now: Date): Firing[] {
  return devices.flatMap((d) => {
    if (!d.last_contact || !inService(d)) return [];
    const days = daysFor(d.establishment_id);
    const silentDays = Math.floor((now.getTime() - d.last_contact.getTime()) / DAY_MS);
    if (silentDays < days) return [];
    return [
      {
        subjectType: 'device' as const,
        subjectId: d.id,
        establishmentId: d.establishment_id,
        title: `${d.kind} ${d.serial ?? d.id} has not checked in for ${silentDays} days`,
        details: { last_seen: d.last_contact.toISOString(), silent_days: silentDays, threshold_days: days },
      },
    ];
  });
}
