import { describe, expect, it } from 'vitest';
import type { FleetSummary } from '@vigie/contracts/web';
import { updateFleetSummary } from './fleet-summary-update.ts';

const summary = (over: Partial<FleetSummary>): FleetSummary => ({
  total: 10,
  by_kind: { tablet: 10 },
  by_status: { in_service: 10 },
  last_seen: { lt_1d: 10 },
  unmanaged: 0,
  ...over,
});

describe('a live fleet summary', () => {
  it('replaces the cached counts and keeps the offline count the REST summary gave (events do not carry it)', () => {
    const live = summary({ total: 11, last_seen: { lt_1d: 11 } });
    expect(updateFleetSummary(summary({ offline: 3 }), live)).toEqual({ ...live, offline: 3 });
    expect(updateFleetSummary(undefined, live)).toEqual(live);
    expect(updateFleetSummary(summary({ offline: 3 }), summary({ offline: 4 })).offline).toBe(4);
  });
});
