import type { AppUsageEvent, DailyActivityEvent, HeartbeatEvent } from '@vigie/contracts';
import type { DeviceDay } from '../behaviour/device-day.ts';
import { dailyActivityDelivery, dayDelivery, heartbeatDelivery, sessionDelivery } from '../delivery/delivery-delays.ts';
import { activityIdOn, Sources } from '../population/device-sources.ts';
import type { Device } from '../population/devices.ts';
import type { FleetPlan } from '../population/fleet-plan.ts';
import type { Delivered } from './delivered.ts';
import { inventoryRecord } from './inventory-events.ts';

// ChromeOS reports active time per day (daily_activity), not app sessions; room PCs and displays
// report only their GLPI agent's check-ins.
export const reportsSessions = (device: Device) => device.sources.activity !== Sources.google && device.sources.activity !== Sources.glpi;
export const reportsDailyActivity = (device: Device) => device.sources.activity === Sources.google;

function batteryAt(device: Device, minute: number, charging: boolean): number {
  if (charging) return 100 - (device.index % 3);
  // Charged overnight, drained through the school day.
  return Math.max(5, Math.min(100, 98 - Math.floor((minute - 8 * 60) / 9) - (device.index % 7)));
}

/** Every event a device-day produces, each with its delivery time; heartbeats lost to a dead network are left out. */
export function deviceDayEvents(plan: FleetPlan, day: DeviceDay): Delivered[] {
  const { device, date } = day;
  if (!day.works) return [];
  const delivery = dayDelivery(plan, device, date);
  const source = device.sources.activity;
  const tenantCode = device.establishment.tenantCode;
  const id = activityIdOn(device.sources, date);
  const out: Delivered[] = [];
  if (device.sources.reenrolledOn === date) {
    // Re-enrolment creates a new MDM record, same serial, before the device's first check-in under its new id.
    const at = delivery.clock(7 * 60);
    out.push({ source, tenantCode, deliverAt: at, event: inventoryRecord(device, id, device.serial, at) });
  }
  const freeMb = Math.floor(device.model.storageMb * (0.25 + (device.index % 40) / 100));
  for (const c of day.checkIns) {
    const deliverAt = heartbeatDelivery(delivery, c.at, c.minute);
    if (deliverAt === null) continue;
    const event: HeartbeatEvent = { type: 'heartbeat', device_id: id, observed_at: new Date(c.at).toISOString(), free_storage_mb: freeMb };
    if (device.batteryHealthPct !== null) event.battery_pct = batteryAt(device, c.minute, c.charging);
    if (c.charging) event.state = 'charging';
    out.push({ source, tenantCode, deliverAt, event });
  }
  if (reportsSessions(device)) {
    for (const s of day.sessions) {
      const end = s.startedAt + s.durationS * 1000;
      const event: AppUsageEvent = {
        type: 'app_usage',
        device_id: id,
        observed_at: new Date(end).toISOString(),
        app_id: s.app.id,
        app_name: s.app.name,
        category: s.app.category,
        started_at: new Date(s.startedAt).toISOString(),
        duration_s: s.durationS,
      };
      out.push({ source, tenantCode, deliverAt: sessionDelivery(delivery, device, end, s.startMinute + s.durationS / 60), event });
    }
  }
  if (reportsDailyActivity(device) && day.usedSeconds > 0) {
    const deliverAt = dailyActivityDelivery(delivery, device, date);
    const event: DailyActivityEvent = {
      type: 'daily_activity',
      device_id: id,
      observed_at: new Date(deliverAt).toISOString(),
      date,
      active_seconds: day.usedSeconds,
    };
    out.push({ source, tenantCode, deliverAt, event });
  }
  return out;
}
