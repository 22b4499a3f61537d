interface FirstDate {
  kind: string;
  uai: string | null;
  first_date: string;
}

interface Money {
  devices: number;
  cost_eur: number;
}

const add = (m: Money, price: number) => {
  m.devices++;
  m.cost_eur += price;
};

/**
 * Buckets devices by the budget year of their first obsolescence date; devices already obsolete
 * fall in the current year (the backlog). Years beyond the horizon are left out.
 */
export function renewalYears(devices: FirstDate[], prices: Record<string, number>, currentYear: number, years: number) {
  const out = Array.from({ length: years }, (_, i) => ({
    year: currentYear + i, devices: 0, cost_eur: 0, by_kind: {} as Record<string, Money>, byUai: new Map<string | null, Money>(),
  }));
  for (const d of devices) {
    const bucket = out[Math.max(0, Number(d.first_date.slice(0, 4)) - currentYear)];
    if (!bucket) continue;
    const price = prices[d.kind] ?? prices.other ?? 0;
    add(bucket, price);
    add((bucket.by_kind[d.kind] ??= { devices: 0, cost_eur: 0 }), price);
    if (!bucket.byUai.has(d.uai)) bucket.byUai.set(d.uai, { devices: 0, cost_eur: 0 });
    add(bucket.byUai.get(d.uai)!, price);
  }
  return out.map(({ byUai, ...y }) => ({
    ...y,
    by_establishment: [...byUai.entries()].map(([uai, m]) => ({ uai, ...m })).sort((a, b) => (a.uai ?? '~').localeCompare(b.uai ?? '~')),
  }));
}
