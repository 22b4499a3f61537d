import { describe, expect, it } from 'vitest';
import { weekFigures } from './week-rates.ts';

const day = (d: string, establishments: number, in_service: number, active: number) => ({
  day: d,
  establishments,
  in_service,
  active,
  activity_rate: in_service ? active / in_service : null,
  outages: 0,
  by_kind: {},
  by_assignment: {},
});

describe("the tenant's week", () => {
  it('sums device-days of school days only, so a busy weekend does not dilute the rate', () => {
    const days = [
      day('2026-11-30', 20, 100, 50),
      day('2026-12-01', 20, 100, 70),
      day('2026-12-05', 0, 0, 0),
      day('2026-12-07', 20, 100, 90),
    ];
    const week = weekFigures(days, '2026-11-30', '2026-12-06');
    expect(week).toEqual({ start: '2026-11-30', schoolDays: 2, inService: 200, active: 120, rate: 0.6 });
  });

  it('has no rate for a week without classes (holidays), rather than 0', () => {
    expect(weekFigures([day('2026-12-21', 0, 0, 0)], '2026-12-21', '2026-12-27').rate).toBeNull();
  });

  it('gives the presence rate and the share judged on use when the API sends them, weighted by device-days', () => {
    const days = [
      { ...day('2026-11-30', 20, 100, 40), presence_rate: 0.6, coverage: 0.9, presence_device_days: 10 },
      { ...day('2026-12-01', 20, 300, 150), presence_rate: 0.7, coverage: 0.5, presence_device_days: 150 },
    ];
    const week = weekFigures(days, '2026-11-30', '2026-12-06');
    expect(week.presenceRate).toBeCloseTo((60 + 210) / 400);
    expect(week.coverage).toBeCloseTo((400 - 160) / 400);
  });
});
