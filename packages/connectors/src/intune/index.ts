import type { Connector } from '../connector.ts';
import { listManagedDevices } from './client.ts';
import { toDeviceRecord } from './to-observation.ts';

/** Microsoft Intune through Microsoft Graph v1.0 (OAuth2 client credentials). */
export const intune: Connector = {
  kind: 'intune',
  async *pull(settings, http) {
    for await (const page of listManagedDevices(settings, http)) {
      yield { devices: page.flatMap((raw) => toDeviceRecord(raw) ?? []) };
    }
  },
};
