import { describe, expect, it } from 'vitest';
import { tenantDayDelta } from './tenant-day-delta.ts';

const row = (over: Partial<Parameters<typeof tenantDayDelta>[0][number]>) => ({
  dimension: 'all',
  value: 'all',
  school_day: true,
  in_service: 10,
  active: 4,
  active_measured: 1,
  active_usage: 2,
  active_presence: 1,
  presence_active: 7,
  judged_on_use: 8,
  outage: false,
  ...over,
});

describe('tenant day delta', () => {
  it('is the difference of school-day rows, zero when nothing changed', () => {
    expect(tenantDayDelta([row({})], [row({ active: 6, active_usage: 4 })])).toEqual([
      {
        dimension: 'all',
        value: 'all',
        establishments: 0,
        outages: 0,
        in_service: 0,
        active: 2,
        active_measured: 0,
        active_usage: 2,
        active_presence: 0,
        presence_active: 0,
        judged_on_use: 0,
      },
    ]);
    expect(tenantDayDelta([row({})], [row({})])[0]).toMatchObject({ establishments: 0, in_service: 0, active: 0 });
  });

  it('adds a first rollup whole, and ignores days without classes', () => {
    expect(tenantDayDelta([], [row({ outage: true })])[0]).toMatchObject({ establishments: 1, in_service: 10, outages: 1 });
    expect(tenantDayDelta([], [row({ school_day: false })])).toEqual([]);
    expect(tenantDayDelta([row({ dimension: 'kind', value: 'tablet' })], [])[0]).toMatchObject({
      value: 'tablet',
      establishments: -1,
      in_service: -10,
    });
  });
});
