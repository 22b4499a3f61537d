import { APPS, type App } from '../catalog/apps.ts';
import { outageAllDay } from '../delivery/delivery-delays.ts';
import { worksOn, type Device } from '../population/devices.ts';
import type { FleetPlan } from '../population/fleet-plan.ts';
import { intBetween, pickWeighted, randomFor, unit } from '../population/prng.ts';
import { calendarOf, dayClock, lessonStarts } from './school-day.ts';
import { usageLevel } from './usage-level.ts';

const MINUTE = 60_000;
export const CHECK_IN_MS = 5 * MINUTE;
// iPads in a cart charge overnight and check in with Jamf now and then. Hours 02:00-03:59 are
// skipped so a DST change never moves or drops a night check-in.
const NIGHT_HOURS = [0, 1, 4, 5, 6, 19, 20, 21, 22, 23];
const NIGHT_CHECK_IN_CHANCE = 0.35;

export interface Session {
  startedAt: number;
  /** Local minutes after midnight at the start (for presence slots). */
  startMinute: number;
  durationS: number;
  app: App;
}

export interface CheckIn {
  at: number;
  /** Local minutes after midnight (for the presence slot). */
  minute: number;
  /** On the charger in its cart: on and reachable, not in use. */
  charging: boolean;
}

/** What one device really did on one local date: the simulator's ground truth before delivery. */
export interface DeviceDay {
  device: Device;
  date: string;
  schoolDay: boolean;
  /** Half-days with classes (the lesson hours Vigie reads presence in). */
  halfDays: { morning: boolean; afternoon: boolean };
  works: boolean;
  /** Lesson starts (local minutes) in which the device was used. */
  lessons: number[];
  sessions: Session[];
  checkIns: CheckIn[];
  usedSeconds: number;
}

/** Is the device used in this lesson? A cart or a room goes to class as a whole. */
function inClass(plan: FleetPlan, device: Device, date: string, lesson: number, level: number): boolean {
  if (device.activity === 0) return false;
  const e = device.establishment.index;
  const group = device.group;
  const own = unit(plan.seed, 'on', e, device.index, date, lesson);
  if (group.assignment === 'cart' || group.assignment === 'shared_room') {
    return unit(plan.seed, 'lesson', e, group.first, date, lesson) < Math.min(0.95, group.lessonUse * level) && own < 0.9 * device.activity;
  }
  return own < Math.min(0.95, group.lessonUse * level * device.activity);
}

/** Two to five app sessions in an hour-long lesson, all ending by minute 55. */
function sessionsIn(plan: FleetPlan, device: Device, date: string, lessonStartMs: number, lesson: number): Session[] {
  const random = randomFor(plan.seed, 'sessions', device.establishment.index, device.index, date, lesson);
  const count = intBetween(random, 2, 5);
  const segment = (53 * MINUTE) / count;
  return Array.from({ length: count }, (_, j) => {
    // Whole seconds, as MDMs report them.
    const offset = 2 * MINUTE + Math.floor((j * segment + random() * 0.1 * segment) / 1000) * 1000;
    return {
      startedAt: lessonStartMs + offset,
      startMinute: lesson + offset / MINUTE,
      durationS: Math.floor((segment * (0.5 + 0.4 * random())) / 1000),
      app: pickWeighted(random, APPS),
    };
  });
}

function nightCheckIns(plan: FleetPlan, device: Device, date: string, clock: (m: number) => number): CheckIn[] {
  const checkIns: CheckIn[] = [];
  const minuteInHour = Math.floor(device.checkInOffsetS / 5);
  for (const hour of NIGHT_HOURS) {
    if (unit(plan.seed, 'night', device.establishment.index, device.index, date, hour) >= NIGHT_CHECK_IN_CHANCE) continue;
    const minute = hour * 60 + minuteInHour;
    checkIns.push({ at: clock(minute), minute, charging: true });
  }
  return checkIns;
}

const chargesInCart = (device: Device) => device.group.assignment === 'cart' && device.model.osName === 'iPadOS';

// Switched on through the school day without use: a room PC or a teacher's laptop nobody shuts down,
// a tablet left on a desk, an interactive display awake. On for all that, not used (docs/simulator.md).
const LEFT_ON_CHANCE: Partial<Record<Device['group']['assignment'], number>> = { shared_room: 0.3, individual: 0.15, teacher: 0.2 };
const LEFT_ON_DISPLAY_CHANCE = 0.6;

/** Whether the device stays on, checking in, through this school day's lesson hours. */
function leftOn(plan: FleetPlan, device: Device, date: string): boolean {
  // A device nobody ever uses stays in its box: never switched on.
  if (device.activity === 0) return false;
  const chance = device.model.kind === 'interactive_display' ? LEFT_ON_DISPLAY_CHANCE : (LEFT_ON_CHANCE[device.group.assignment] ?? 0);
  return unit(plan.seed, 'left-on', device.establishment.index, device.index, date) < chance;
}

// An idle device's agent checks in less often than one in use (one per presence slot is enough).
const IDLE_CHECK_IN_MINUTES = 15;

/** Check-ins every IDLE_CHECK_IN_MINUTES from the first lesson to the end of the last, not charging. */
function dayLongCheckIns(device: Device, starts: readonly number[], clock: (m: number) => number): CheckIn[] {
  const checkIns: CheckIn[] = [];
  const offset = Math.floor(device.checkInOffsetS / 60);
  for (let minute = starts[0]! + offset; minute < starts[starts.length - 1]! + 60; minute += IDLE_CHECK_IN_MINUTES) {
    checkIns.push({ at: clock(minute), minute, charging: false });
  }
  return checkIns;
}

/** A device's day, derived from the seed alone (same inputs, same day), in the establishment's time zone. */
export function simulateDeviceDay(plan: FleetPlan, device: Device, date: string): DeviceDay {
  const e = device.establishment;
  const calendar = calendarOf(e.calendarZone, e.type);
  const works = worksOn(device, date);
  const starts = lessonStarts(calendar, date);
  const day: DeviceDay = {
    device,
    date,
    schoolDay: starts.length > 0,
    halfDays: { ...calendar.halfDays(date) },
    works,
    lessons: [],
    sessions: [],
    checkIns: [],
    usedSeconds: 0,
  };
  if (!works) return day;
  const clock = dayClock(e.timeZone, date);
  const level = usageLevel(e, date);
  const noNetwork = outageAllDay(device, date);
  for (const lesson of starts) {
    if (noNetwork || !inClass(plan, device, date, lesson, level)) continue;
    day.lessons.push(lesson);
    const start = clock(lesson);
    for (let k = 0; k < 11; k++) {
      const at = start + 2 * MINUTE + device.checkInOffsetS * 1000 + k * CHECK_IN_MS;
      day.checkIns.push({ at, minute: lesson + Math.floor((at - start) / MINUTE), charging: false });
    }
    for (const s of sessionsIn(plan, device, date, start, lesson)) {
      day.sessions.push(s);
      day.usedSeconds += s.durationS;
    }
  }
  if (chargesInCart(device)) day.checkIns.push(...nightCheckIns(plan, device, date, clock));
  else if (starts.length > 0 && !noNetwork && leftOn(plan, device, date)) day.checkIns.push(...dayLongCheckIns(device, starts, clock));
  day.checkIns.sort((a, b) => a.at - b.at);
  return day;
}
