import type { Connector } from '../connector.ts';
import { apiClientAuth, listComputers, listMobileDevices } from './client.ts';
import { toComputerRecord, toMobileRecord } from './to-observation.ts';

/** Jamf Pro API (computers-inventory and mobile-devices detail), OAuth client credentials. */
export const jamfPro: Connector = {
  kind: 'jamf_pro',
  async *pull(settings, http) {
    const auth = apiClientAuth(settings);
    for await (const page of listComputers(settings, http, auth)) yield { devices: page.flatMap((r) => toComputerRecord(r) ?? []) };
    for await (const page of listMobileDevices(settings, http, auth)) yield { devices: page.flatMap((r) => toMobileRecord(r) ?? []) };
  },
};
