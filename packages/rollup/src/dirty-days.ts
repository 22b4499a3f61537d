import { localDate } from '@vigie/calendar';

/** An observation's device, establishment and instant; deviceId null = it concerns the whole establishment-day. */
export interface PlacedInstant {
  deviceId: string | null;
  establishmentId: string | null;
  timeZone: string;
  at: Date;
}
export interface PlacedDay {
  deviceId: string | null;
  establishmentId: string | null;
  day: string;
}

/**
 * The distinct (establishment, local day) pairs some observations touch: what their batch marks
 * dirty, with the devices concerned (null when one of them concerns the whole day, e.g. an
 * inventory changing who is in service). Devices without an establishment are counted nowhere.
 */
export function dirtyDays(
  instants: PlacedInstant[],
  days: PlacedDay[],
): { establishmentId: string; day: string; deviceIds: string[] | null }[] {
  const marks = new Map<string, Set<string> | null>();
  const add = (establishmentId: string | null, day: string, deviceId: string | null) => {
    if (!establishmentId) return;
    const key = `${establishmentId}/${day}`;
    const devices = marks.has(key) ? marks.get(key)! : new Set<string>();
    if (devices === null || deviceId === null) marks.set(key, null);
    else marks.set(key, devices.add(deviceId));
  };
  for (const i of instants) add(i.establishmentId, localDate(i.at, i.timeZone), i.deviceId);
  for (const d of days) add(d.establishmentId, d.day, d.deviceId);
  return [...marks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, devices]) => {
      const [establishmentId, day] = key.split('/') as [string, string];
      return { establishmentId, day, deviceIds: devices ? [...devices].sort() : null };
    });
}
