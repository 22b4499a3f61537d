import type { Connector } from '../connector.ts';
import { getHardwareInformation, graphAuth, listManagedDevices } from './client.ts';
import { batteryHealthOf, toDeviceRecord } from './to-observation.ts';

/**
 * Microsoft Intune through Microsoft Graph v1.0 (OAuth2 client credentials). Battery health is only
 * in the beta hardwareInformation of each device: read when options.hardware_information is "on"
 * (one request per device), unknown otherwise.
 */
export const intune: Connector = {
  kind: 'intune',
  async *pull(settings, http) {
    const auth = graphAuth(settings);
    const hardware = settings.options.hardware_information === 'on';
    for await (const page of listManagedDevices(settings, http, auth)) {
      const devices = page.flatMap((raw) => toDeviceRecord(raw) ?? []);
      // One device at a time: Graph throttles Intune per tenant, and the client already retries 429s.
      for (const record of hardware ? devices : []) {
        const pct = batteryHealthOf(await getHardwareInformation(settings, http, auth, record.externalId));
        if (pct !== null) record.inventory.battery_health_pct = pct;
      }
      yield { devices };
    }
  },
};
