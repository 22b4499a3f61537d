import { wallClockMs } from '@vigie/calendar';
import { SLOTS } from '@vigie/rollup';
import type { deviceDays, observations } from '@vigie/store';

// What newly stored observations add to their device-days. Computed here rather than in SQL: the
// local day and quarter hour of each row is arithmetic on a cached UTC offset in Node, where
// PostgreSQL would look the zone up row by row, and only one row per device-day then travels to the
// upsert instead of one per observation.

const DAY_MS = 86_400_000;
const SLOT_MS = 15 * 60_000;
// Slots are kept as the characters of the bit(96) literal ('0', '1'), decoded once per device-day.
const ZERO = 0x30;
const ONE = 0x31;
const LATIN1 = new TextDecoder('latin1');

type NewRows = Awaited<ReturnType<typeof observations.insertNew>> & {
  /** Check-ins past the raw ones kept: their quarter hour only. */
  seenOnly?: readonly { deviceId: string; at: number }[];
};

export interface DevicePlacement {
  establishmentId: string | null;
  timeZone: string;
}

interface Pending {
  deviceId: string;
  dayNumber: number;
  establishmentId: string | null;
  /** '0' / '1' character codes */
  slots: Uint8Array;
  heartbeats: number;
  usageSeconds: number;
}

/**
 * Sums new heartbeats and app sessions per device and local day of the device's establishment: a
 * heartbeat sets its quarter hour and counts one; a session adds its seconds to the day it started
 * on and sets the quarter hours it covers (up to 23:45 when it runs past midnight). On the autumn
 * DST change the repeated hour lands on the same slots, which is what "seen on at 02:15 local" means.
 */
export function deviceDayIncrements(rows: NewRows, placementOf: (deviceId: string) => DevicePlacement): deviceDays.Increment[] {
  const days: Pending[] = [];
  const byDevice = new Map<string, Map<number, Pending>>();
  const dayOf = (deviceId: string, placement: DevicePlacement, dayNumber: number) => {
    let ofDevice = byDevice.get(deviceId);
    if (!ofDevice) byDevice.set(deviceId, (ofDevice = new Map()));
    let day = ofDevice.get(dayNumber);
    if (!day) {
      const slots = new Uint8Array(SLOTS).fill(ZERO);
      day = { deviceId, dayNumber, establishmentId: placement.establishmentId, slots, heartbeats: 0, usageSeconds: 0 };
      ofDevice.set(dayNumber, day);
      days.push(day);
    }
    return day;
  };
  for (const h of rows.heartbeats) {
    const placement = placementOf(h.deviceId);
    const wall = wallClockMs(h.at, placement.timeZone);
    const day = dayOf(h.deviceId, placement, Math.floor(wall / DAY_MS));
    day.slots[slotOf(wall)] = ONE;
    day.heartbeats++;
  }
  for (const h of rows.seenOnly ?? []) {
    const placement = placementOf(h.deviceId);
    const wall = wallClockMs(h.at, placement.timeZone);
    dayOf(h.deviceId, placement, Math.floor(wall / DAY_MS)).slots[slotOf(wall)] = ONE;
  }
  for (const s of rows.sessions) {
    const placement = placementOf(s.deviceId);
    const start = wallClockMs(s.startedAt, placement.timeZone);
    const end = wallClockMs(s.startedAt + s.durationS * 1000, placement.timeZone);
    const dayNumber = Math.floor(start / DAY_MS);
    const day = dayOf(s.deviceId, placement, dayNumber);
    const last = Math.floor(end / DAY_MS) > dayNumber ? SLOTS - 1 : slotOf(end);
    for (let slot = slotOf(start); slot <= last; slot++) day.slots[slot] = ONE;
    day.usageSeconds += s.durationS;
  }
  return days.map((d) => ({
    deviceId: d.deviceId,
    day: new Date(d.dayNumber * DAY_MS).toISOString().slice(0, 10),
    establishmentId: d.establishmentId,
    presence: LATIN1.decode(d.slots),
    heartbeats: d.heartbeats,
    usageSeconds: d.usageSeconds,
  }));
}

const slotOf = (wallMs: number) => Math.floor((wallMs - Math.floor(wallMs / DAY_MS) * DAY_MS) / SLOT_MS);
