import type { Connector } from '../connector.ts';
import { listHosts } from './client.ts';
import { toDeviceRecord } from './to-observation.ts';

/** Fleet (fleetdm) hosts over REST with an API token. */
export const fleetdm: Connector = {
  // The kind stays 'fleet': sources.kind stores it and API clients send it.
  kind: 'fleet',
  async *pull(settings, http) {
    for await (const page of listHosts(settings, http)) yield { devices: page.flatMap((r) => toDeviceRecord(r) ?? []) };
  },
};
