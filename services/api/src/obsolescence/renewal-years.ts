interface FirstYear {
  kind: string;
  uai: string | null;
  /** Year of the devices' first obsolescence date. */
  year: number;
  devices: number;
}

interface Money {
  devices: number;
  cost_eur: number;
}

const add = (m: Money, devices: number, price: number) => {
  m.devices += devices;
  m.cost_eur += devices * price;
};

/**
 * Buckets devices by the budget year of their first obsolescence date; devices already obsolete
 * fall in the current year (the backlog). Years beyond the horizon are left out.
 */
export function renewalYears(devices: FirstYear[], prices: Record<string, number>, currentYear: number, years: number) {
  const out = Array.from({ length: years }, (_, i) => ({
    year: currentYear + i,
    devices: 0,
    cost_eur: 0,
    by_kind: {} as Record<string, Money>,
    byUai: new Map<string | null, Money>(),
  }));
  for (const d of devices) {
    const bucket = out[Math.max(0, d.year - currentYear)];
    if (!bucket) continue;
    const price = prices[d.kind] ?? prices.other ?? 0;
    add(bucket, d.devices, price);
    add((bucket.by_kind[d.kind] ??= { devices: 0, cost_eur: 0 }), d.devices, price);
    if (!bucket.byUai.has(d.uai)) bucket.byUai.set(d.uai, { devices: 0, cost_eur: 0 });
    add(bucket.byUai.get(d.uai)!, d.devices, price);
  }
  return out.map(({ byUai, ...y }) => ({
    ...y,
    by_establishment: [...byUai.entries()].map(([uai, m]) => ({ uai, ...m })).sort((a, b) => (a.uai ?? '~').localeCompare(b.uai ?? '~')),
  }));
}
