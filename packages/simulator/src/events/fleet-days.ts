import { addDays, localDate } from '@vigie/calendar';
import { simulateDeviceDay, type DeviceDay } from '../behaviour/device-day.ts';
import { MAX_DELAY_DAYS, offlineUntil } from '../delivery/delivery-delays.ts';
import { devicesOf } from '../population/devices.ts';
import type { FleetPlan } from '../population/fleet-plan.ts';
import { deviceDayTruth, type DeviceDayTruth } from '../truth/device-day-truth.ts';
import type { Delivered } from './delivered.ts';
import { deviceDayEvents } from './device-day-events.ts';

export interface SimulatedDeviceDay {
  day: DeviceDay;
  delivered: Delivered[];
  truth: DeviceDayTruth;
}

/** `count` consecutive local dates from `from`. */
export function datesFrom(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(from, i));
}

/**
 * Every device-day of the fleet for these local dates, date by date, establishment by
 * establishment, device by device: one device-day in memory at a time.
 */
export function* fleetDays(plan: FleetPlan, dates: readonly string[]): Generator<SimulatedDeviceDay> {
  for (const date of dates) {
    for (const establishment of plan.establishments) {
      for (const device of devicesOf(plan, establishment)) {
        const day = simulateDeviceDay(plan, device, date);
        const delivered = deviceDayEvents(plan, day);
        yield { day, delivered, truth: deviceDayTruth(day, delivered) };
      }
    }
  }
}

/**
 * The events that reach Vigie in [from, to) (epoch ms), whatever day they were observed: the live
 * feed. Days before yesterday are only simulated for devices that were offline then (the only
 * events that late), so a window costs about two fleet-days, not MAX_DELAY_DAYS of them.
 */
export function* deliveredBetween(plan: FleetPlan, from: number, to: number): Generator<Delivered> {
  for (const establishment of plan.establishments) {
    const last = localDate(new Date(to), establishment.timeZone);
    const recent = addDays(localDate(new Date(from), establishment.timeZone), -1);
    for (const device of devicesOf(plan, establishment)) {
      for (let back = MAX_DELAY_DAYS; back >= 0; back--) {
        const date = addDays(last, -back);
        if (date < recent && offlineUntil(plan, device, date) === null) continue;
        for (const d of deviceDayEvents(plan, simulateDeviceDay(plan, device, date))) {
          if (d.deliverAt >= from && d.deliverAt < to) yield d;
        }
      }
    }
  }
}
