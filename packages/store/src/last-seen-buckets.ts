import type { FleetSummary } from '@vigie/contracts';

// The fleet summary's last-seen buckets from device counts per hour of last contact
// (device-tallies.ts), without reading each device: an hour lies wholly in one bucket, except the
// hour holding a bucket's edge (now - 1, 7 or 30 days), whose devices before the edge are counted
// apart. The rules are the scan's (device-listing.ts, summaryCounts): a device is in the newest
// bucket whose edge its last contact is not before; 'never' when it never connected.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const BUCKETS = ['lt_1d', '1d_7d', '7d_30d', 'gt_30d', 'never'] as const;
type Bucket = (typeof BUCKETS)[number];

/** Bucket edges, newest first: a last contact at or after `days` ago is in `newer`. */
const EDGES: readonly { days: number; newer: Bucket }[] = [
  { days: 1, newer: 'lt_1d' },
  { days: 7, newer: '1d_7d' },
  { days: 30, newer: '7d_30d' },
];

/** The instants the buckets change at, for `now`: the edges whose hour is split. */
export function bucketEdges(now: Date): Date[] {
  return EDGES.map((e) => new Date(now.getTime() - e.days * DAY_MS));
}

function bucketAt(now: Date, at: number): Bucket {
  for (const e of EDGES) if (at >= now.getTime() - e.days * DAY_MS) return e.newer;
  return 'gt_30d';
}

export interface HourCount {
  /** Start of a UTC hour of last contact; null for devices that never connected. */
  hour: Date | null;
  devices: number;
}

/**
 * Devices per last-seen bucket at `now`, from counts per hour and, for each edge of bucketEdges(now),
 * how many devices of the edge's hour were last seen before it (`beforeEdge`, keyed by the edge's time).
 */
export function lastSeenBuckets(
  now: Date,
  hours: readonly HourCount[],
  beforeEdge: ReadonlyMap<number, number>,
): FleetSummary['last_seen'] {
  const out = Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
  const edges = bucketEdges(now).map((d) => d.getTime());
  for (const { hour, devices } of hours) {
    if (hour === null) {
      out.never += devices;
      continue;
    }
    const start = hour.getTime();
    const edge = edges.find((e) => e > start && e < start + HOUR_MS);
    const older = edge === undefined ? 0 : (beforeEdge.get(edge) ?? 0);
    out[bucketAt(now, start)] += older;
    if (devices !== older) out[bucketAt(now, edge ?? start)] += devices - older;
  }
  return out;
}
