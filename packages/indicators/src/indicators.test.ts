import { describe, expect, it } from 'vitest';
import {
  activeShare,
  cartUtilisation,
  delta,
  devicesOf,
  IndicatorNames,
  isSuppressed,
  metricValue,
  rankWithinGroups,
  rates,
} from './index.ts';

const figures = {
  school_days: 4,
  in_service_device_days: 40,
  active_device_days: 10,
  active_measured: 2,
  active_usage: 6,
  active_presence: 2,
  presence_active_device_days: 30,
  judged_on_use_device_days: 36,
  in_service_devices: 10,
  reached_devices: 7,
};

describe('indicators', () => {
  it('the headline is judged on use; the presence-based rate is reported beside it with the coverage', () => {
    expect(
      rates({
        in_service: 40,
        active: 10,
        active_measured: 2,
        active_usage: 6,
        active_presence: 2,
        presence_active: 30,
        judged_on_use: 36,
      }),
    ).toEqual({
      activity_rate: 0.25,
      activity_rate_use: 0.2,
      presence_rate: 0.75,
      coverage: 0.9,
      presence_device_days: 4,
    });
    expect(
      rates({ in_service: 0, active: 0, active_measured: 0, active_usage: 0, active_presence: 0, presence_active: 0, judged_on_use: 0 }),
    ).toMatchObject({ activity_rate: null, presence_rate: null, coverage: null, presence_device_days: 0 });
  });

  it('compute each comparison metric, per pupil only where pupils are known', () => {
    expect(metricValue('activity_rate', figures, null)).toBe(0.25);
    expect(metricValue('activity_rate_use', figures, null)).toBe(0.2);
    expect(metricValue('presence_rate', figures, null)).toBe(0.75);
    expect(metricValue('coverage', figures, null)).toBe(0.9);
    expect(metricValue('reach', figures, null)).toBe(0.7);
    expect(metricValue('devices_per_pupil', figures, 50)).toBe(0.2);
    expect(metricValue('active_devices_per_pupil', figures, null)).toBeNull();
    expect(metricValue('reach', { ...figures, reached_devices: null, in_service_devices: null }, null)).toBeNull();
    expect(devicesOf({ ...figures, in_service_devices: null })).toBe(10);
  });

  it('suppress small groups, and give deltas only between two shown values', () => {
    expect(isSuppressed(4, 5)).toBe(true);
    expect(isSuppressed(5, 5)).toBe(false);
    expect(delta(0.5, 0.25)).toBe(0.25);
    expect(delta(0.5, null)).toBeNull();
  });

  it('rank within each group, ties sharing a rank, suppressed values left out', () => {
    const ranked = rankWithinGroups([
      { id: 'a', group: 'college', value: 0.5 },
      { id: 'b', group: 'college', value: 0.8 },
      { id: 'c', group: 'college', value: 0.5 },
      { id: 'd', group: 'college', value: null },
      { id: 'e', group: 'lycee', value: 0.1 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank, r.percentile, r.peers])).toEqual([
      ['a', 2, 0, 3],
      ['b', 1, 100, 3],
      ['c', 2, 0, 3],
      ['d', null, null, 3],
      ['e', 1, null, 1],
    ]);
  });

  it("give a cart's half-days used and its mean active share over school days only", () => {
    const day = { school_day: true, half_days: 2, devices: 4, active_devices: 2, used_morning: true, used_afternoon: false };
    const days = [
      day,
      { ...day, half_days: 1, active_devices: 4, used_afternoon: true },
      { ...day, devices: 0, active_devices: 0, used_morning: false },
      { ...day, school_day: false, half_days: 0, active_devices: 4, used_afternoon: true },
    ];
    expect(cartUtilisation(days)).toEqual({ school_half_days: 5, used_half_days: 3, half_day_use_rate: 0.6, mean_active_share: 0.75 });
    expect(cartUtilisation([])).toEqual({ school_half_days: 0, used_half_days: 0, half_day_use_rate: null, mean_active_share: null });
    expect(activeShare({ devices: 4, active_devices: 1 })).toBe(0.25);
    expect(activeShare({ devices: 0, active_devices: 0 })).toBeNull();
  });

  it('name every indicator in French and English', () => {
    for (const n of Object.values(IndicatorNames))
      expect(n).toMatchObject({
        fr: expect.stringMatching(/\S/),
        en: expect.stringMatching(/\S/),
        definition: expect.stringMatching(/\S/),
      });
    expect(IndicatorNames.presence_rate.fr).toBe('Taux de mise en service');
  });
});
