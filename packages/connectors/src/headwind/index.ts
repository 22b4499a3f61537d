import type { Connector } from '../connector.ts';
import { jwtAuth, searchDevices } from './client.ts';
import { toDeviceRecord } from './to-observation.ts';

/** Headwind MDM (open-source Android MDM), JWT login and device search. */
export const headwind: Connector = {
  kind: 'headwind',
  async *pull(settings, http) {
    const auth = jwtAuth(settings);
    for await (const page of searchDevices(settings, http, auth)) {
      yield { devices: page.items.flatMap((r) => toDeviceRecord(r, page.configurations) ?? []) };
    }
  },
};
