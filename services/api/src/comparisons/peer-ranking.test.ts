import { describe, expect, it } from 'vitest';
import { devicesOf, metricValue, peerGroup, rankWithinGroups, sizeBand } from './peer-ranking.ts';

const figures = { school_days: 4, in_service_device_days: 40, active_device_days: 10, active_measured: 2, active_usage: 6, in_service_devices: 10, reached_devices: 7 };

describe('peer comparison rules', () => {
  it('compute each metric, per pupil only where pupils are known', () => {
    expect(metricValue('activity_rate', figures, null)).toBe(0.25);
    expect(metricValue('activity_rate_use', figures, null)).toBe(0.2);
    expect(metricValue('reach', figures, null)).toBe(0.7);
    expect(metricValue('devices_per_pupil', figures, 50)).toBe(0.2);
    expect(metricValue('active_devices_per_pupil', figures, null)).toBeNull();
    expect(metricValue('reach', { ...figures, reached_devices: null, in_service_devices: null }, null)).toBeNull();
    expect(devicesOf({ ...figures, in_service_devices: null })).toBe(10);
  });

  it('group peers by type, size band or education priority', () => {
    expect(sizeBand(650)).toBe('600_899');
    expect(sizeBand(null)).toBe('unknown_size');
    expect(peerGroup({ type: 'college', pupils: 250, education_priority: 'REP+' }, 'type_size')).toBe('college/lt300');
    expect(peerGroup({ type: 'college', pupils: 250, education_priority: null }, 'type_priority')).toBe('college/hors_ep');
  });

  it('rank within each group, ties sharing a rank, suppressed values left out', () => {
    const ranked = rankWithinGroups([
      { id: 'a', group: 'college', value: 0.5 }, { id: 'b', group: 'college', value: 0.8 }, { id: 'c', group: 'college', value: 0.5 },
      { id: 'd', group: 'college', value: null }, { id: 'e', group: 'lycee', value: 0.1 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank, r.percentile, r.peers])).toEqual([
      ['a', 2, 0, 3], ['b', 1, 100, 3], ['c', 2, 0, 3], ['d', null, null, 3], ['e', 1, null, 1],
    ]);
  });
});
