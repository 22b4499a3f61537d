import type { DeviceFacts, Firing } from './firing.ts';
import { inService } from './firing.ts';

const DAY_MS = 86_400_000;

/** Devices in service with no check-in for `days` calendar days. */
export function offlineDevices(devices: readonly DeviceFacts[], daysFor: (establishmentId: string | null) => number, now: Date): Firing[] {
  return devices.flatMap((d) => {
    const days = daysFor(d.establishment_id);
    const silentDays = Math.floor((now.getTime() - d.last_seen.getTime()) / DAY_MS);
    if (!inService(d) || silentDays < days) return [];
    return [
      {
        subjectType: 'device' as const,
        subjectId: d.id,
        establishmentId: d.establishment_id,
        title: `${d.kind} ${d.serial ?? d.id} has not checked in for ${silentDays} days`,
        details: { last_seen: d.last_seen.toISOString(), silent_days: silentDays, threshold_days: days },
      },
    ];
  });
}
