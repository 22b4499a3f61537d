import { describe, expect, it } from 'vitest';
import { bucketEdges, lastSeenBuckets } from './last-seen-buckets.ts';

const now = new Date('2026-12-07T10:20:00Z');
const hour = (iso: string) => new Date(iso);

describe('lastSeenBuckets', () => {
  it('puts a whole hour in the bucket of its start, never-connected devices apart', () => {
    const buckets = lastSeenBuckets(
      now,
      [
        { hour: hour('2026-12-07T10:00:00Z'), devices: 5 },
        { hour: hour('2026-12-05T08:00:00Z'), devices: 4 },
        { hour: hour('2026-11-20T08:00:00Z'), devices: 3 },
        { hour: hour('1970-01-01T00:00:00Z'), devices: 2 },
        { hour: null, devices: 1 },
      ],
      new Map(),
    );
    expect(buckets).toEqual({ lt_1d: 5, '1d_7d': 4, '7d_30d': 3, gt_30d: 2, never: 1 });
  });

  it("splits an edge's hour: devices last seen before the edge are in the older bucket", () => {
    const [day, week, month] = bucketEdges(now).map((d) => d.getTime());
    const buckets = lastSeenBuckets(
      now,
      [
        { hour: hour('2026-12-06T10:00:00Z'), devices: 10 },
        { hour: hour('2026-11-30T10:00:00Z'), devices: 6 },
        { hour: hour('2026-11-07T10:00:00Z'), devices: 3 },
      ],
      new Map([
        [day!, 7],
        [week!, 6],
        [month!, 0],
      ]),
    );
    expect(buckets).toEqual({ lt_1d: 3, '1d_7d': 7, '7d_30d': 6 + 3, gt_30d: 0, never: 0 });
  });

  it('an edge on the hour splits nothing: a contact at the edge is in the newer bucket', () => {
    const onTheHour = new Date('2026-12-07T10:00:00Z');
    const buckets = lastSeenBuckets(onTheHour, [{ hour: hour('2026-12-06T10:00:00Z'), devices: 4 }], new Map());
    expect(buckets.lt_1d).toBe(4);
  });
});
