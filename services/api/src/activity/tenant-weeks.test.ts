import { describe, expect, it } from 'vitest';
import { tenantWeeks, type TenantDay } from './tenant-weeks.ts';

const day = (d: string, over: Partial<TenantDay> = {}): TenantDay => ({
  day: d,
  establishments: 2,
  in_service: 10,
  active: 5,
  active_measured: 2,
  active_usage: 1,
  active_presence: 2,
  presence_active: 7,
  judged_on_use: 6,
  ...over,
});

describe("a tenant's weeks from its days", () => {
  it('sums the device-days of each Monday-to-Sunday week and applies the rates to the sums, not a mean of daily rates', () => {
    const weeks = tenantWeeks([
      // Sunday 11 October closes the week of the 5th; Monday 12 and Wednesday 14 open the next.
      day('2026-10-11', { in_service: 3, active: 3, presence_active: 3, judged_on_use: 3 }),
      day('2026-10-14', { in_service: 30, active: 3, presence_active: 9, judged_on_use: 15 }),
      day('2026-10-12'),
    ]);
    expect(weeks).toEqual([
      {
        start: '2026-10-05',
        end: '2026-10-11',
        school_days: 1,
        in_service_device_days: 3,
        active_device_days: 3,
        activity_rate: 1,
        presence_rate: 1,
        coverage: 1,
        presence_device_days: 0,
      },
      {
        start: '2026-10-12',
        end: '2026-10-18',
        school_days: 2,
        in_service_device_days: 40,
        active_device_days: 8,
        // 8 / 40, where the mean of the days' rates would say (0.5 + 0.1) / 2 = 0.3.
        activity_rate: 0.2,
        presence_rate: 16 / 40,
        coverage: 21 / 40,
        presence_device_days: 19,
      },
    ]);
  });

  it('counts no week for days without classes', () => {
    expect(tenantWeeks([day('2026-10-17', { establishments: 0, in_service: 0, active: 0 })])).toEqual([]);
  });
});
