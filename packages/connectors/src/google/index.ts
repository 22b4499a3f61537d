import type { Connector } from '../connector.ts';
import { listChromeOsDevices, listTelemetryUsers, serviceAccountAuth } from './client.ts';
import { toDeviceRecord, toUsageRecords } from './to-observation.ts';

/**
 * Google Admin Directory ChromeOS devices, plus per-app usage from Chrome Management telemetry
 * when options.telemetry is "on" (it needs the telemetry scope granted to the service account).
 */
export const google: Connector = {
  kind: 'google',
  async *pull(settings, http) {
    const auth = serviceAccountAuth(settings);
    for await (const page of listChromeOsDevices(settings, http, auth)) {
      yield { devices: page.flatMap((raw) => toDeviceRecord(raw, settings.timeZone) ?? []) };
    }
    if (settings.options.telemetry !== 'on') return;
    for await (const page of listTelemetryUsers(settings, http, auth)) {
      yield { devices: [], usage: page.flatMap(toUsageRecords) };
    }
  },
};
