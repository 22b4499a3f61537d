import type { Connector } from '../connector.ts';
import { listDevices } from './client.ts';
import { toDeviceRecord } from './to-observation.ts';

/** Jamf School (Basic auth, whole list per location). */
export const jamfSchool: Connector = {
  kind: 'jamf_school',
  async *pull(settings, http) {
    for await (const page of listDevices(settings, http))
      yield { devices: page.flatMap((r) => toDeviceRecord(r, settings.timeZone) ?? []) };
  },
};
