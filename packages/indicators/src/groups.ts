// Small groups, deltas and peer ranks (docs/indicators.md, "Comparaisons").

/** Devices a period's figures rest on: distinct devices when counted, else the mean per school day. */
export function devicesOf(f: { in_service_devices: number | null; in_service_device_days: number; school_days: number }): number {
  if (f.in_service_devices !== null) return f.in_service_devices;
  return f.school_days ? Math.round(f.in_service_device_days / f.school_days) : 0;
}

/** Below the minimum a figure says more about one class than about the group: it is not shown. */
export const isSuppressed = (devices: number, minDevices: number) => devices < minDevices;

export const delta = (now: number | null, before: number | null): number | null => (now !== null && before !== null ? now - before : null);

export interface Ranked {
  rank: number | null;
  percentile: number | null;
  peers: number;
}

/**
 * Rank (1 = highest, ties share a rank) and percentile (share of the group strictly below, 0-100)
 * of each value within its group; null values are neither ranked nor counted as peers.
 */
export function rankWithinGroups<T extends { group: string; value: number | null }>(items: T[]): (T & Ranked)[] {
  const shown = new Map<string, number[]>();
  for (const i of items) if (i.value !== null) shown.set(i.group, [...(shown.get(i.group) ?? []), i.value]);
  return items.map((i) => {
    const values = shown.get(i.group) ?? [];
    if (i.value === null) return { ...i, rank: null, percentile: null, peers: values.length };
    const above = values.filter((v) => v > i.value!).length;
    const below = values.filter((v) => v < i.value!).length;
    return { ...i, rank: above + 1, percentile: values.length > 1 ? (100 * below) / (values.length - 1) : null, peers: values.length };
  });
}
