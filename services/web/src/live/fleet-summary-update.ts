import type { FleetSummary } from '@vigie/contracts/web';

/**
 * The cached fleet summary after a live fleet.summary event. The event carries the counts the worker
 * keeps (kinds, statuses, age buckets), not the offline count: that is the device list's filter,
 * read by GET /v1/fleet/summary, so it stays as last read rather than vanish from the overview.
 */
export function updateFleetSummary(cached: FleetSummary | undefined, live: FleetSummary): FleetSummary {
  return live.offline === undefined && cached?.offline !== undefined ? { ...live, offline: cached.offline } : live;
}
