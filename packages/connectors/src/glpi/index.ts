import type { Connector } from '../connector.ts';
import { listComputers, sessionAuth } from './client.ts';
import { toDeviceRecord } from './to-observation.ts';

/** GLPI legacy REST API (apirest.php), Computer items. */
export const glpi: Connector = {
  kind: 'glpi',
  async *pull(settings, http) {
    const auth = sessionAuth(settings);
    for await (const page of listComputers(settings, http, auth)) {
      yield { devices: page.flatMap((r) => toDeviceRecord(r, settings.timeZone) ?? []) };
    }
  },
};
