import { describe, expect, it } from 'vitest';
import { renewalYears } from './renewal-years.ts';

describe('renewal years', () => {
  it('puts the backlog in the current year, costs each device at its kind price, and drops years past the horizon', () => {
    const years = renewalYears([
      { kind: 'tablet', uai: '0770934X', first_date: '2024-09-01' },
      { kind: 'tablet', uai: '0770934X', first_date: '2026-12-01' },
      { kind: 'laptop', uai: null, first_date: '2027-03-01' },
      { kind: 'desktop', uai: '0770934X', first_date: '2040-01-01' },
    ], { tablet: 400, laptop: 700, other: 300 }, 2026, 2);
    expect(years).toEqual([
      { year: 2026, devices: 2, cost_eur: 800, by_kind: { tablet: { devices: 2, cost_eur: 800 } }, by_establishment: [{ uai: '0770934X', devices: 2, cost_eur: 800 }] },
      { year: 2027, devices: 1, cost_eur: 700, by_kind: { laptop: { devices: 1, cost_eur: 700 } }, by_establishment: [{ uai: null, devices: 1, cost_eur: 700 }] },
    ]);
  });
});
