import { describe, expect, it } from 'vitest';
import { cohortFigures } from './cohort-figures.ts';

const activity = {
  devices: 12,
  in_service: 100,
  active: 60,
  active_measured: 40,
  active_usage: 10,
  active_presence: 10,
  presence_active: 70,
  judged_on_use: 80,
};

describe("a cohort's figures", () => {
  it('are its counts and rates when enough devices stand behind them', () => {
    expect(cohortFigures(activity, 10)).toEqual({
      devices: 12,
      suppressed: false,
      in_service_device_days: 100,
      active_device_days: 60,
      presence_device_days: 20,
      activity_rate: 0.6,
      activity_rate_use: 0.5,
      presence_rate: 0.7,
      coverage: 0.8,
    });
  });

  it('are withheld below the minimum of devices: counts zero, rates null, the device count kept', () => {
    expect(cohortFigures(activity, 13)).toEqual({
      devices: 12,
      suppressed: true,
      in_service_device_days: 0,
      active_device_days: 0,
      presence_device_days: 0,
      activity_rate: null,
      activity_rate_use: null,
      presence_rate: null,
      coverage: null,
    });
  });
});
