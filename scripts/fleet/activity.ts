import type { AppUsageEvent, DailyActivityEvent, HeartbeatEvent } from '@vigie/contracts';
import { APPS } from './catalog.ts';
import { deviceAt, type Device } from './devices.ts';
import type { FleetPlan, PlannedEstablishment } from './fleet-plan.ts';
import { intBetween, pickWeighted, randomFor, unit } from './prng.ts';
import { calendarOf, lessonAt, lessonStarts, localTime, type LocalTime } from './school-hours.ts';

export type ActivityEvent = HeartbeatEvent | AppUsageEvent | DailyActivityEvent;

export interface ActivityWindow {
  /** Events observed at or after this instant (epoch ms)... */
  from: number;
  /** ...and strictly before this one; consecutive windows yield each event exactly once. */
  to: number;
  /** Chromebooks' end-of-day active time (Google's activeTimeRanges); default true. */
  dailyActivity?: boolean;
}

const MINUTE = 60_000;
export const CHECK_IN_MS = 5 * MINUTE;
// Chromebooks report a day's active time once lessons are over (local 18:00).
const DAILY_REPORT_MINUTES = 18 * 60;
// Tablets, laptops and desktops report app sessions; ChromeOS reports active time instead.
const reportsSessions = (device: Device) => device.model.kind !== 'chromebook';

interface Session {
  startedAt: number;
  durationS: number;
  app: (typeof APPS)[number];
}

/** Is the device switched on in this lesson? Carts and rooms go to class as a whole. */
function inClass(plan: FleetPlan, device: Device, date: string, lesson: number): boolean {
  if (device.activity === 0) return false;
  const e = device.establishment.index;
  const group = device.group;
  const own = unit(plan.seed, 'on', e, device.index, date, lesson);
  if (group.assignment === 'cart' || group.assignment === 'shared_room') {
    return unit(plan.seed, 'lesson', e, group.first, date, lesson) < group.lessonUse && own < 0.9 * device.activity;
  }
  return own < group.lessonUse * device.activity;
}

/** Two to five app sessions in an hour-long lesson, all ending by minute 55. */
function sessionsOf(plan: FleetPlan, device: Device, date: string, lesson: number, lessonStart: number): Session[] {
  const random = randomFor(plan.seed, 'sessions', device.establishment.index, device.index, date, lesson);
  const count = intBetween(random, 2, 5);
  const segment = (53 * MINUTE) / count;
  return Array.from({ length: count }, (_, j) => ({
    // Whole seconds, as MDMs report them.
    startedAt: lessonStart + 2 * MINUTE + Math.floor((j * segment + random() * 0.1 * segment) / 1000) * 1000,
    durationS: Math.floor((segment * (0.5 + 0.4 * random())) / 1000),
    app: pickWeighted(random, APPS),
  }));
}

function heartbeat(device: Device, at: number, local: LocalTime): HeartbeatEvent {
  const event: HeartbeatEvent = { type: 'heartbeat', device_id: device.externalId, observed_at: new Date(at).toISOString() };
  if (device.batteryHealthPct !== null) {
    // Charged overnight in the cart, drained through the day.
    event.battery_pct = Math.max(5, Math.min(100, 98 - Math.floor((local.minutes - 8 * 60) / 9) - (device.index % 7)));
  }
  event.free_storage_mb = Math.floor(device.model.storageMb * (0.25 + (device.index % 40) / 100));
  return event;
}

function* lessonEvents(plan: FleetPlan, establishment: PlannedEstablishment, tick: number, local: LocalTime, lesson: number, window: ActivityWindow): Generator<ActivityEvent> {
  const lessonStart = tick - (local.minutes - lesson) * MINUTE;
  for (let i = 0; i < establishment.deviceCount; i++) {
    const device = deviceAt(plan, establishment, i);
    if (!inClass(plan, device, local.date, lesson)) continue;
    const checkIn = tick + device.checkInOffsetS * 1000;
    if (checkIn >= window.from && checkIn < window.to) yield heartbeat(device, checkIn, local);
    if (!reportsSessions(device)) continue;
    for (const session of sessionsOf(plan, device, local.date, lesson, lessonStart)) {
      // A session is reported when it ends.
      const end = session.startedAt + session.durationS * 1000;
      if (end < tick || end >= tick + CHECK_IN_MS || end < window.from || end >= window.to) continue;
      yield {
        type: 'app_usage', device_id: device.externalId, observed_at: new Date(end).toISOString(),
        app_id: session.app.id, app_name: session.app.name, category: session.app.category,
        started_at: new Date(session.startedAt).toISOString(), duration_s: session.durationS,
      };
    }
  }
}

function* dailyReports(plan: FleetPlan, establishment: PlannedEstablishment, tick: number, local: LocalTime, lessons: number[]): Generator<DailyActivityEvent> {
  // No school day has a DST change (they happen on Sunday nights), so local minutes map back linearly.
  const midnight = tick - local.minutes * MINUTE;
  for (let i = 0; i < establishment.deviceCount; i++) {
    const device = deviceAt(plan, establishment, i);
    if (reportsSessions(device) || device.activity === 0) continue;
    let seconds = 0;
    for (const lesson of lessons) {
      if (!inClass(plan, device, local.date, lesson)) continue;
      for (const s of sessionsOf(plan, device, local.date, lesson, midnight + lesson * MINUTE)) seconds += s.durationS;
    }
    if (seconds > 0) yield { type: 'daily_activity', device_id: device.externalId, observed_at: new Date(tick).toISOString(), date: local.date, active_seconds: seconds };
  }
}

/**
 * The fleet's heartbeats, app sessions and daily reports observed in [from, to), walked in 5-minute
 * steps: memory stays flat whatever the fleet size or the window length.
 */
export function* activityEvents(plan: FleetPlan, window: ActivityWindow): Generator<ActivityEvent> {
  const first = Math.floor(window.from / CHECK_IN_MS) * CHECK_IN_MS;
  for (let tick = first; tick < window.to; tick += CHECK_IN_MS) {
    for (const establishment of plan.establishments) {
      const calendar = calendarOf(establishment.calendarZone);
      const local = localTime(tick, establishment.timeZone);
      const lesson = lessonAt(calendar, local);
      if (lesson !== null) yield* lessonEvents(plan, establishment, tick, local, lesson, window);
      if (local.minutes !== DAILY_REPORT_MINUTES || window.dailyActivity === false || tick < window.from) continue;
      const lessons = lessonStarts(calendar, local.date);
      if (lessons.length > 0) yield* dailyReports(plan, establishment, tick, local, lessons);
    }
  }
}
