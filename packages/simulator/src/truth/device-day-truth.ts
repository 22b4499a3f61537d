import { RollupDefaults } from '@vigie/contracts';
import type { DeviceDay } from '../behaviour/device-day.ts';
import type { Delivered } from '../events/delivered.ts';
import { reportsDailyActivity, reportsSessions } from '../events/device-day-events.ts';
import { outageAllDay } from '../delivery/delivery-delays.ts';
import { activityIdOn } from '../population/device-sources.ts';
import { presenceActive, startedIn } from './presence-rule.ts';

/** Seconds of use in a local day from which a device counts as active (Vigie's API uses the same). */
export const ACTIVE_DAY_SECONDS = RollupDefaults.active_seconds;

export type Signal = 'measured' | 'usage' | 'presence' | 'none';

/** One device on one local date: what really happened, and what Vigie's device_days should hold. */
export interface DeviceDayTruth {
  date: string;
  tenant: string;
  uai: string;
  serial: string;
  kind: string;
  /** The cart (classe mobile) it belongs to; null outside carts. */
  cart: string | null;
  source: string;
  device_id: string;
  school_day: boolean;
  /** The establishment's network was down all day: nobody used a device, nothing reached Vigie. */
  outage_all_day: boolean;
  /** In service: assigned, not spare, not broken or lost by this date. */
  in_service: boolean;
  /**
   * In service as Vigie defines it (docs/indicators.md): listed in service by the MDM, not stock,
   * acquired by this date. A broken or lost device stays listed: Vigie cannot tell.
   */
  expected_in_service: boolean;
  /** Extra Vigie devices this one brings: its GLPI record with a BIOS placeholder serial, never merged (0 or 1). */
  extra_records: number;
  /** Seconds the device was really in use. */
  used_seconds: number;
  active: boolean;
  /** Powered on at some point (in class or charging in its cart). */
  powered_on: boolean;
  /** What Vigie can know: reported at least once for this local day. */
  online: boolean;
  /** Local quarter hours Vigie should mark present (delivered heartbeats and reported sessions). */
  online_slots: number;
  heartbeats: number;
  expected_usage_seconds: number;
  expected_measured_seconds: number | null;
  expected_signal: Signal;
  expected_active_seconds: number;
  /**
   * Vigie's decision (docs/indicators.md, "Jour actif"): active seconds over the threshold, or, for a
   * device with no use signal available, presence in lesson hours. deviceDayTruth reads presence for
   * every presence-only day; judgeOnUse (use-signals.ts) then applies the fleet's use signals.
   */
  expected_active: boolean;
  /** Seen in lesson hours (≥ 2 quarter hours) outside the night-charging pattern. */
  expected_in_lessons: boolean;
  /** Vigie judges the day on use: measured or usage-derived, or use signals available (judgeOnUse). */
  expected_judged_on_use: boolean;
  /** The presence-based reading, an upper bound: active on use, or seen in lesson hours. */
  expected_presence_active: boolean;
  /** Vigie's sources that know the device under its serial (its activity source, GLPI when it reports the same serial). */
  known_to: string[];
  /** Whether use signals are available for its unmerged placeholder GLPI record (extra_records), which has no data. */
  extra_judged_on_use: boolean;
  /** Reported an app session started within the lesson hours of the morning, of the afternoon (what makes a cart used). */
  started_session_morning: boolean;
  started_session_afternoon: boolean;
}

const slot = (minute: number) => Math.floor(minute / 15);

/** The truth of a device-day, from what it did and what of it was delivered. */
export function deviceDayTruth(day: DeviceDay, delivered: Delivered[]): DeviceDayTruth {
  const { device } = day;
  const slots = new Set<number>();
  const heartbeatMinutes = new Map(day.checkIns.map((c) => [c.at, c.minute]));
  let heartbeats = 0;
  for (const d of delivered) {
    if (d.event.type !== 'heartbeat') continue;
    heartbeats++;
    slots.add(slot(heartbeatMinutes.get(Date.parse(d.event.observed_at))!));
  }
  let usage = 0;
  const starts: number[] = [];
  if (reportsSessions(device)) {
    for (const s of day.sessions) {
      usage += s.durationS;
      starts.push(s.startMinute);
      for (let q = slot(s.startMinute); q <= slot(s.startMinute + s.durationS / 60); q++) slots.add(q);
    }
  }
  const measured = reportsDailyActivity(device) && day.usedSeconds > 0 ? day.usedSeconds : null;
  const signal: Signal = measured !== null ? 'measured' : usage > 0 ? 'usage' : slots.size > 0 ? 'presence' : 'none';
  const expectedActive = measured ?? usage;
  const inLessons = presenceActive(slots, day.halfDays);
  const active = signal === 'presence' ? inLessons : expectedActive >= ACTIVE_DAY_SECONDS;
  const onUse = signal === 'measured' || signal === 'usage';
  return {
    date: day.date,
    tenant: device.establishment.tenantCode,
    uai: device.establishment.uai,
    serial: device.serial,
    kind: device.model.kind,
    cart: device.group.cart,
    source: device.sources.activity,
    device_id: activityIdOn(device.sources, day.date),
    school_day: day.schoolDay,
    outage_all_day: outageAllDay(device, day.date),
    in_service: device.status === 'in_service' && device.group.assignment !== 'stock' && day.works,
    expected_in_service: device.status === 'in_service' && device.group.assignment !== 'stock' && device.acquiredOn <= day.date,
    extra_records: device.sources.glpi !== null && device.sources.glpi.serial !== device.serial ? 1 : 0,
    used_seconds: day.usedSeconds,
    active: day.usedSeconds >= ACTIVE_DAY_SECONDS,
    powered_on: day.checkIns.length > 0,
    online: slots.size > 0 || heartbeats > 0 || expectedActive > 0,
    online_slots: slots.size,
    heartbeats,
    expected_usage_seconds: usage,
    expected_measured_seconds: measured,
    expected_signal: signal,
    expected_active_seconds: expectedActive,
    expected_active: active,
    expected_in_lessons: inLessons,
    expected_judged_on_use: onUse,
    expected_presence_active: (onUse && active) || inLessons,
    known_to: device.sources.glpi?.serial === device.serial ? [device.sources.activity, 'glpi'] : [device.sources.activity],
    extra_judged_on_use: false,
    started_session_morning: startedIn(starts, 'morning', day.halfDays),
    started_session_afternoon: startedIn(starts, 'afternoon', day.halfDays),
  };
}
