import { addDays } from '@vigie/calendar';
import { dayClock } from '../behaviour/school-day.ts';
import type { Device } from '../population/devices.ts';
import type { FleetPlan } from '../population/fleet-plan.ts';
import { unit } from '../population/prng.ts';
import { OUTAGE } from './outage-window.ts';

// When an observation reaches Vigie, if ever. Devices offline for days keep their app sessions and
// upload them when they reconnect (heartbeats of those days never happen: there was no network);
// during the network outage nothing gets out and sessions are uploaded when it ends; some tablets
// only sync their usage log on the evening Wi-Fi; Google reports a day's active time the next morning.

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const OFFLINE_BLOCK_DAYS = 7;
const OFFLINE_CHANCE = 0.03;
const EVENING_SYNC_CHANCE = 0.12;
export { OUTAGE };
/** The longest delay, in days: windows of delivered events look back this far. */
export const MAX_DELAY_DAYS = OFFLINE_BLOCK_DAYS + 4;

/** The local date on which the device reconnects, when it is offline for days on `date`; else null. */
export function offlineUntil(plan: FleetPlan, device: Device, date: string): string | null {
  const n = dayNumber(date);
  for (const block of [Math.floor(n / OFFLINE_BLOCK_DAYS), Math.floor(n / OFFLINE_BLOCK_DAYS) - 1]) {
    const parts = [plan.seed, 'offline', device.establishment.index, device.index, block] as const;
    if (unit(...parts) >= OFFLINE_CHANCE) continue;
    const start = block * OFFLINE_BLOCK_DAYS + Math.floor(unit(...parts, 'start') * 4);
    const end = start + 2 + Math.floor(unit(...parts, 'length') * 3);
    if (n >= start && n < end) return addDays(date, end - n);
  }
  return null;
}

export function outageOn(device: Device, date: string): boolean {
  return device.establishment.outage && dayNumber(date) % OUTAGE.everyDays === OUTAGE.onDay;
}

/** The network is down from midnight to midnight: no lesson can use the ENT or the web, and nothing gets out. */
export function outageAllDay(device: Device, date: string): boolean {
  const e = device.establishment;
  return outageOn(device, date) && e.outageFromMinute <= 0 && e.outageToMinute >= 24 * 60;
}

export interface DayDelivery {
  offlineUntil: string | null;
  outage: boolean;
  outageFromMinute: number;
  outageToMinute: number;
  eveningSync: boolean;
  clock: (minutes: number) => number;
  offsetMs: number;
}

export function dayDelivery(plan: FleetPlan, device: Device, date: string): DayDelivery {
  return {
    offlineUntil: offlineUntil(plan, device, date),
    outage: outageOn(device, date),
    outageFromMinute: device.establishment.outageFromMinute,
    outageToMinute: device.establishment.outageToMinute,
    eveningSync: unit(plan.seed, 'evening', device.establishment.index, device.index, date) < EVENING_SYNC_CHANCE,
    clock: dayClock(device.establishment.timeZone, date),
    offsetMs: device.checkInOffsetS * 1000,
  };
}

const inOutage = (d: DayDelivery, minute: number) => d.outage && minute >= d.outageFromMinute && minute < d.outageToMinute;

/** A heartbeat is delivered seconds later, or never (no network). */
export function heartbeatDelivery(d: DayDelivery, at: number, minute: number): number | null {
  return d.offlineUntil !== null || inOutage(d, minute) ? null : at + 2_000;
}

/** A session is reported when it ends, later when the device could not send it. */
export function sessionDelivery(d: DayDelivery, device: Device, endAt: number, endMinute: number): number {
  if (d.offlineUntil !== null) return dayClock(device.establishment.timeZone, d.offlineUntil)(7 * 60 + 45) + d.offsetMs;
  if (inOutage(d, endMinute)) return d.clock(d.outageToMinute) + d.offsetMs;
  if (d.eveningSync) return d.clock(21 * 60) + d.offsetMs;
  return endAt + 5_000;
}

/** Google's daily active time: the next morning, or the morning the device reconnects. */
export function dailyActivityDelivery(d: DayDelivery, device: Device, date: string): number {
  const day = d.offlineUntil ?? addDays(date, 1);
  return dayClock(device.establishment.timeZone, day)(6 * 60) + d.offsetMs;
}
