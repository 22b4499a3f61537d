import { describe, expect, it } from 'vitest';
import { localParts } from '@vigie/calendar';
import { offlineUntil } from '../delivery/delivery-delays.ts';
import { sourcedBatches } from '../delivery/sourced-batches.ts';
import { deviceDayEvents } from '../events/device-day-events.ts';
import { datesFrom, fleetDays } from '../events/fleet-days.ts';
import { inventoryEvents } from '../events/inventory-events.ts';
import { deviceAt, devicesOf, type Device } from '../population/devices.ts';
import { planFleet } from '../population/fleet-plan.ts';
import { deviceDayTruth } from '../truth/device-day-truth.ts';
import { calendarOf, dayClock, lessonStarts } from './school-day.ts';
import { simulateDeviceDay } from './device-day.ts';

const plan = planFleet({ seed: 11, devices: 1500, establishments: 3 });
const [paris, , reunion] = plan.establishments;
const all = (e: typeof paris) => [...devicesOf(plan, e!)];
const cartIpads = () =>
  plan.establishments
    .flatMap(all)
    .filter((d: Device) => d.group.assignment === 'cart' && d.model.osName === 'iPadOS' && d.fate.kind === 'ok');

describe('school calendar use', () => {
  it('no lessons on weekends, Wednesday afternoons or holidays; Wednesday off in écoles', () => {
    const college = calendarOf('C', 'college');
    expect(lessonStarts(college, '2026-11-28')).toEqual([]); // Saturday
    expect(lessonStarts(college, '2026-11-25')).toEqual([480, 540, 600, 660]); // Wednesday morning only
    expect(lessonStarts(college, '2026-11-11')).toEqual([]); // Armistice
    expect(lessonStarts(college, '2026-12-22')).toEqual([]); // Christmas holidays
    expect(lessonStarts(calendarOf('A', 'ecole'), '2026-11-25')).toEqual([]);
    expect(lessonStarts(college, '2026-11-24')).toEqual([480, 540, 600, 660, 810, 870, 930, 990]);
  });

  it('nobody uses a device on a day without classes', () => {
    for (const d of all(paris)) expect(simulateDeviceDay(plan, d, '2026-11-28').usedSeconds).toBe(0);
  });
});

describe('time zones and DST', () => {
  it('lessons start at 8:00 local in Paris and in La Réunion, across the autumn DST change', () => {
    for (const [e, date] of [
      [paris!, '2026-10-23'],
      [paris!, '2026-11-03'],
      [reunion!, '2026-11-24'],
    ] as const) {
      const at = new Date(dayClock(e.timeZone, date)(480));
      expect(localParts(at, e.timeZone)).toMatchObject({ date, hour: 8, minute: 0 });
    }
    // Paris is UTC+2 before 25 October 2026 and UTC+1 after; La Réunion is UTC+4 all year.
    expect(new Date(dayClock('Europe/Paris', '2026-10-23')(480)).toISOString()).toBe('2026-10-23T06:00:00.000Z');
    expect(new Date(dayClock('Europe/Paris', '2026-11-03')(480)).toISOString()).toBe('2026-11-03T07:00:00.000Z');
    expect(new Date(dayClock('Indian/Reunion', '2026-11-24')(480)).toISOString()).toBe('2026-11-24T04:00:00.000Z');
  });

  it('night check-ins on the DST nights land on the local date and slot they claim', () => {
    for (const date of ['2026-03-29', '2026-10-25']) {
      for (const d of cartIpads()) {
        for (const c of simulateDeviceDay(plan, d, date).checkIns) {
          const local = localParts(new Date(c.at), d.establishment.timeZone);
          expect(local.date).toBe(date);
          expect(local.hour * 60 + local.minute).toBe(c.minute);
        }
      }
    }
  });
});

describe('presence is not use', () => {
  it('iPads in carts check in while charging on a Sunday: present, not active, and the truth says so', () => {
    const connected = cartIpads().filter((d) => offlineUntil(plan, d, '2026-11-29') === null);
    const days = connected.map((d) => simulateDeviceDay(plan, d, '2026-11-29'));
    const present = days.filter((day) => day.checkIns.length > 0);
    expect(present.length).toBeGreaterThan(days.length / 2);
    for (const day of present) {
      const truth = deviceDayTruth(day, deviceDayEvents(plan, day));
      expect(truth).toMatchObject({ powered_on: true, used_seconds: 0, active: false, expected_signal: 'presence' });
    }
  });

  it('room PCs report check-ins only: used in class, yet Vigie can only infer it from presence', () => {
    const pcs = all(paris).filter((d) => d.group.assignment === 'shared_room' && d.model.kind === 'desktop');
    const online = pcs.filter((d) => offlineUntil(plan, d, '2026-11-24') === null);
    const used = online.map((d) => simulateDeviceDay(plan, d, '2026-11-24')).filter((day) => day.usedSeconds > 0);
    expect(used.length).toBeGreaterThan(0);
    for (const day of used)
      expect(deviceDayTruth(day, deviceDayEvents(plan, day))).toMatchObject({
        active: day.usedSeconds >= 300,
        expected_signal: 'presence',
        expected_active_seconds: 0,
      });
  });
});

describe('the network outage', () => {
  const outageDay = '2026-11-19'; // a Thursday, one day in nine
  const allDay = planFleet({ seed: 11, devices: 300, establishments: 2, outageFromMinute: 0, outageToMinute: 24 * 60 });
  const daysOf = (p: typeof plan) => [...fleetDays(p, [outageDay])].filter((d) => d.day.device.establishment.outage);

  it('down all day: nobody uses a device, nothing of the day is delivered, and the truth says it is an outage day', () => {
    const days = daysOf(allDay);
    expect(days.length).toBeGreaterThan(0);
    for (const { day, delivered, truth } of days) {
      expect(day.usedSeconds).toBe(0);
      expect(delivered.filter((d) => d.event.type !== 'inventory')).toEqual([]);
      expect(truth).toMatchObject({ outage_all_day: true, online: false, expected_active: false });
    }
  });

  it('09:00-14:00 by default: devices are used, their sessions arrive at 14:00; not an outage day', () => {
    const days = daysOf(planFleet({ seed: 11, devices: 300, establishments: 2 }));
    expect(days.some((d) => d.day.usedSeconds > 0)).toBe(true);
    expect(days.every((d) => !d.truth.outage_all_day)).toBe(true);
  });
});

describe('determinism', () => {
  it('same seed, same events and same truth; another seed differs', () => {
    const run = (seed: number) => {
      const p = planFleet({ seed, devices: 300, establishments: 2 });
      return p.establishments
        .flatMap((e) =>
          Array.from({ length: e.deviceCount }, (_, i) => {
            const day = simulateDeviceDay(p, deviceAt(p, e, i), '2026-11-24');
            const delivered = deviceDayEvents(p, day);
            return JSON.stringify([delivered, deviceDayTruth(day, delivered)]);
          }),
        )
        .join('\n');
    };
    expect(run(5)).toBe(run(5));
    expect(run(5)).not.toBe(run(6));
  });

  it('same seed, same inventory, same batches and the same duplicates, fleet day by fleet day', () => {
    const run = () => {
      const p = planFleet({ seed: 8, devices: 300, shape: 'territory' });
      const items = [
        ...inventoryEvents(p, Date.parse('2026-11-23T00:00:00Z')),
        ...[...fleetDays(p, datesFrom('2026-11-23', 2))].flatMap((d) => d.delivered),
      ];
      return JSON.stringify([...sourcedBatches(items, { size: 50, seed: p.seed, duplicateShare: 0.1 })]);
    };
    const first = run();
    expect(first).toContain('"duplicate":true');
    expect(run()).toBe(first);
  });
});
