import { describe, expect, it } from 'vitest';
import { compareEstablishments, type EstablishmentPeriod } from './establishment-comparison.ts';

const start = '2026-11-01';
const previous = '2026-10-01';
/** An establishment's month: `devices` distinct devices over 10 school days, `active` of their device-days active. */
const month = (uai: string, period: string, devices: number, active: number, type = 'college'): EstablishmentPeriod => ({
  establishment_id: `id-${uai}`,
  uai,
  name: `Collège ${uai}`,
  type,
  pupils: 400,
  education_priority: null,
  period_start: period,
  school_days: 10,
  in_service_device_days: devices * 10,
  active_device_days: active,
  active_measured: active,
  active_usage: 0,
  active_presence: 0,
  presence_active_device_days: active,
  judged_on_use_device_days: devices * 10,
  in_service_devices: devices,
  reached_devices: devices,
});
const compare = (rows: EstablishmentPeriod[], minDevices = 5) =>
  compareEstablishments(rows, { metric: 'activity_rate', peers: 'type', start, previous, minDevices });
const byUai = (items: ReturnType<typeof compare>) => Object.fromEntries(items.map((i) => [i.uai, i]));

describe('comparing establishments with their peers', () => {
  it('withholds the value of an establishment with fewer devices than the minimum, and leaves it out of the ranks', () => {
    const items = byUai(compare([month('A', start, 20, 100), month('B', start, 4, 40), month('C', start, 20, 50)]));
    expect(items.B).toMatchObject({ devices: 4, value: null, suppressed: true, rank: null, percentile: null, peers: 2 });
    expect(items.A).toMatchObject({ value: 0.5, suppressed: false, rank: 1, percentile: 100, peers: 2 });
    expect(items.C).toMatchObject({ value: 0.25, rank: 2, percentile: 0 });
  });

  it('gives the delta with the previous period, none when either period is missing or withheld', () => {
    const items = byUai(
      compare([
        month('A', start, 20, 100),
        month('A', previous, 20, 60),
        month('B', start, 20, 100),
        month('B', previous, 3, 30),
        month('C', start, 20, 100),
      ]),
    );
    expect(items.A!.previous_value).toBeCloseTo(0.3);
    expect(items.A!.delta).toBeCloseTo(0.2);
    expect(items.B).toMatchObject({ previous_value: null, delta: null });
    expect(items.C).toMatchObject({ previous_value: null, delta: null });
  });

  it('gives each item the values of the history periods asked, oldest first, withheld or missing ones as null', () => {
    const [earliest, earlier] = ['2026-08-01', '2026-09-01'];
    const rows = [month('A', start, 20, 100), month('A', previous, 20, 60), month('A', earlier, 3, 30), month('A', earliest, 20, 20)];
    const [a] = compareEstablishments(rows, {
      metric: 'activity_rate',
      peers: 'type',
      start,
      previous,
      minDevices: 5,
      history: [earliest, earlier, previous],
    });
    expect(a!.history).toHaveLength(3);
    expect(a!.history![0]).toBeCloseTo(0.1);
    expect(a!.history![1]).toBeNull();
    expect(a!.history![2]).toBeCloseTo(0.3);
    expect(compare(rows)[0]).not.toHaveProperty('history');
  });

  it('ranks within each peer group, ties sharing a rank, and lists only the period compared', () => {
    const items = compare([
      month('A', start, 20, 100),
      month('B', start, 20, 100),
      month('C', start, 20, 50),
      month('L', start, 20, 10, 'lycee'),
      month('A', previous, 20, 200),
    ]);
    expect(items.map((i) => [i.uai, i.group, i.rank, i.peers])).toEqual([
      ['A', 'college', 1, 3],
      ['B', 'college', 1, 3],
      ['C', 'college', 3, 3],
      ['L', 'lycee', 1, 1],
    ]);
  });
});
