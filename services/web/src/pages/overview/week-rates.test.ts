import { describe, expect, it } from 'vitest';
import { weekFigures } from './week-rates.ts';

const week = {
  start: '2026-11-30',
  end: '2026-12-06',
  school_days: 2,
  in_service_device_days: 400,
  active_device_days: 190,
  activity_rate: 0.475,
  presence_rate: 0.675,
  coverage: 0.6,
  presence_device_days: 160,
};

describe("the tenant's week", () => {
  it("shows the API's figures of the week as given, never recomputed from its days", () => {
    expect(weekFigures([week], '2026-11-30')).toEqual({
      start: '2026-11-30',
      schoolDays: 2,
      inService: 400,
      active: 190,
      rate: 0.475,
      presenceRate: 0.675,
      coverage: 0.6,
    });
  });

  it('has no rate for a week the API gives no school day of (holidays, a Monday not over), rather than 0', () => {
    expect(weekFigures([week], '2026-12-21')).toMatchObject({ schoolDays: 0, rate: null, presenceRate: null, coverage: null });
  });
});
