import type { Connector } from '../connector.ts';
import { listChromeOsDevices, listTelemetryDevices, listTelemetryUsers, serviceAccountAuth } from './client.ts';
import { batteryHealthOf, toDeviceRecord, toUsageRecords } from './to-observation.ts';

/**
 * Google Admin Directory ChromeOS devices, plus battery health and per-app usage from Chrome
 * Management telemetry when options.telemetry is "on" (it needs the telemetry scope granted to the
 * service account). Without telemetry, battery health is unknown: the Directory has none.
 */
export const google: Connector = {
  kind: 'google',
  async *pull(settings, http) {
    const auth = serviceAccountAuth(settings);
    const telemetry = settings.options.telemetry === 'on';
    // Telemetry devices carry the Directory's deviceId: read first (a few bytes per device), so each
    // Directory record leaves with its battery health.
    const battery = new Map<string, number>();
    if (telemetry) {
      for await (const page of listTelemetryDevices(settings, http, auth)) {
        for (const raw of page) {
          const health = batteryHealthOf(raw);
          if (health) battery.set(health.deviceId, health.pct);
        }
      }
    }
    for await (const page of listChromeOsDevices(settings, http, auth)) {
      yield {
        devices: page.flatMap((raw) => {
          const record = toDeviceRecord(raw, settings.timeZone);
          const pct = record ? battery.get(record.externalId) : undefined;
          if (record && pct !== undefined) record.inventory.battery_health_pct = pct;
          return record ?? [];
        }),
      };
    }
    if (!telemetry) return;
    for await (const page of listTelemetryUsers(settings, http, auth)) {
      yield { devices: [], usage: page.flatMap(toUsageRecords) };
    }
  },
};
