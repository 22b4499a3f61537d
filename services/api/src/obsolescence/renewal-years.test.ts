import { describe, expect, it } from 'vitest';
import { renewalYears } from './renewal-years.ts';

describe('renewal years', () => {
  it('puts the backlog in the current year, costs each device at its kind price, and drops years past the horizon', () => {
    const years = renewalYears(
      [
        { kind: 'tablet', uai: '0770934X', year: 2024, devices: 1 },
        { kind: 'tablet', uai: '0770934X', year: 2026, devices: 1 },
        { kind: 'laptop', uai: null, year: 2027, devices: 1 },
        { kind: 'desktop', uai: '0770934X', year: 2040, devices: 1 },
      ],
      { tablet: 400, laptop: 700, other: 300 },
      2026,
      2,
    );
    expect(years).toEqual([
      {
        year: 2026,
        devices: 2,
        cost_eur: 800,
        by_kind: { tablet: { devices: 2, cost_eur: 800 } },
        by_establishment: [{ uai: '0770934X', devices: 2, cost_eur: 800 }],
      },
      {
        year: 2027,
        devices: 1,
        cost_eur: 700,
        by_kind: { laptop: { devices: 1, cost_eur: 700 } },
        by_establishment: [{ uai: null, devices: 1, cost_eur: 700 }],
      },
    ]);
  });

  it('costs every device of a group of the same kind, establishment and year', () => {
    const [year] = renewalYears(
      [
        { kind: 'tablet', uai: '0770934X', year: 2026, devices: 3 },
        { kind: 'tablet', uai: '0770935Y', year: 2025, devices: 2 },
      ],
      { tablet: 400.5, other: 300 },
      2026,
      1,
    );
    expect(year).toEqual({
      year: 2026,
      devices: 5,
      cost_eur: 2002.5,
      by_kind: { tablet: { devices: 5, cost_eur: 2002.5 } },
      by_establishment: [
        { uai: '0770934X', devices: 3, cost_eur: 1201.5 },
        { uai: '0770935Y', devices: 2, cost_eur: 801 },
      ],
    });
  });
});
