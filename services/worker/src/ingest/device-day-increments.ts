import { wallClockMs } from '@vigie/calendar';
import { SLOTS } from '@vigie/rollup';
import type { appDays, deviceDays, observations } from '@vigie/store';

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

type NewRows = Awaited<ReturnType<typeof observations.insertNew>>;
type Session = NewRows['sessions'][number];

/** Observations past the raw ones kept: no raw row tells them from ones already counted. */
export interface PastRaw {
  heartbeats: readonly { deviceId: string; at: number }[];
  sessions: readonly Pick<Session, 'deviceId' | 'startedAt' | 'durationS'>[];
}

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
  starts: Uint8Array;
  heartbeats: number;
  usageSeconds: number;
}

/**
 * Sums new heartbeats and app sessions per device and local day of the device's establishment: a
 * heartbeat sets its quarter hour and counts one; a session adds its seconds to the day it started
 * on, sets the quarter hour it started in and those it covers (up to 23:45 when it runs past
 * midnight). On the autumn DST change the repeated hour lands on the same slots, which is what
 * "seen on at 02:15 local" means. Observations past the raw ones kept set their quarter hours only:
 * setting them again is harmless, counting them again would not be.
 */
export function deviceDayIncrements(
  rows: NewRows,
  placementOf: (deviceId: string) => DevicePlacement,
  pastRaw: PastRaw = { heartbeats: [], sessions: [] },
): deviceDays.Increment[] {
  const days: Pending[] = [];
  const byDevice = new Map<string, Map<number, Pending>>();
  const dayOf = (deviceId: string, wall: number) => {
    const placement = placementOf(deviceId);
    const dayNumber = Math.floor(wall / DAY_MS);
    let ofDevice = byDevice.get(deviceId);
    if (!ofDevice) byDevice.set(deviceId, (ofDevice = new Map()));
    let day = ofDevice.get(dayNumber);
    if (!day) {
      const [slots, starts] = [new Uint8Array(SLOTS).fill(ZERO), new Uint8Array(SLOTS).fill(ZERO)];
      day = { deviceId, dayNumber, establishmentId: placement.establishmentId, slots, starts, heartbeats: 0, usageSeconds: 0 };
      ofDevice.set(dayNumber, day);
      days.push(day);
    }
    return day;
  };
  const seen = (h: { deviceId: string; at: number }) => {
    const wall = wallClockMs(h.at, placementOf(h.deviceId).timeZone);
    const day = dayOf(h.deviceId, wall);
    day.slots[slotOf(wall)] = ONE;
    return day;
  };
  const session = (s: PastRaw['sessions'][number]) => {
    const timeZone = placementOf(s.deviceId).timeZone;
    const start = wallClockMs(s.startedAt, timeZone);
    const end = wallClockMs(s.startedAt + s.durationS * 1000, timeZone);
    const day = dayOf(s.deviceId, start);
    const last = Math.floor(end / DAY_MS) > day.dayNumber ? SLOTS - 1 : slotOf(end);
    for (let slot = slotOf(start); slot <= last; slot++) day.slots[slot] = ONE;
    day.starts[slotOf(start)] = ONE;
    return day;
  };
  for (const h of rows.heartbeats) seen(h).heartbeats++;
  for (const h of pastRaw.heartbeats) seen(h);
  for (const s of rows.sessions) session(s).usageSeconds += s.durationS;
  for (const s of pastRaw.sessions) session(s);
  return days.map((d) => ({
    deviceId: d.deviceId,
    day: dayString(d.dayNumber),
    establishmentId: d.establishmentId,
    presence: LATIN1.decode(d.slots),
    sessionStarts: LATIN1.decode(d.starts),
    heartbeats: d.heartbeats,
    usageSeconds: d.usageSeconds,
  }));
}

/** Seconds and counts of new sessions per device, local day they started on, app and source category. */
export function appDayIncrements(
  sessions: readonly Session[],
  placementOf: (deviceId: string) => DevicePlacement,
): appDays.AppDayIncrement[] {
  const sums = new Map<string, appDays.AppDayIncrement>();
  for (const s of sessions) {
    const day = dayString(Math.floor(wallClockMs(s.startedAt, placementOf(s.deviceId).timeZone) / DAY_MS));
    const category = s.category ?? '';
    const key = `${s.deviceId}|${day}|${s.appId}|${category}`;
    const sum = sums.get(key);
    if (sum) {
      sum.seconds += s.durationS;
      sum.sessions++;
    } else sums.set(key, { deviceId: s.deviceId, day, appId: s.appId, category, seconds: s.durationS, sessions: 1 });
  }
  return [...sums.values()];
}

const dayString = (dayNumber: number) => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
const slotOf = (wallMs: number) => Math.floor((wallMs - Math.floor(wallMs / DAY_MS) * DAY_MS) / SLOT_MS);
