import { describe, expect, it } from 'vitest';
import { periodEnd, periodsOf, periodStart, previousPeriodStart, recomputeHorizon } from './periods.ts';

describe('periods', () => {
  it('start weeks on Monday, months on the 1st, school years on 1 September', () => {
    expect(periodStart('week', '2026-11-25')).toBe('2026-11-23');
    expect(periodStart('week', '2026-11-29')).toBe('2026-11-23');
    expect(periodStart('month', '2026-11-25')).toBe('2026-11-01');
    expect(periodStart('school_year', '2026-06-30')).toBe('2025-09-01');
    expect(periodStart('school_year', '2026-09-01')).toBe('2026-09-01');
  });

  it('end on the right day, including February and December', () => {
    expect(periodEnd('month', '2026-02-01')).toBe('2026-02-28');
    expect(periodEnd('month', '2026-12-01')).toBe('2026-12-31');
    expect(periodEnd('school_year', '2025-09-01')).toBe('2026-08-31');
    expect(periodsOf('2026-01-01').map((p) => [p.granularity, p.start, p.end])).toEqual([
      ['week', '2025-12-29', '2026-01-04'],
      ['month', '2026-01-01', '2026-01-31'],
      ['school_year', '2025-09-01', '2026-08-31'],
    ]);
  });
});

describe('previous period', () => {
  it('steps back one week, month or school year', () => {
    expect(previousPeriodStart('week', '2026-11-16')).toBe('2026-11-09');
    expect(previousPeriodStart('month', '2026-01-01')).toBe('2025-12-01');
    expect(previousPeriodStart('school_year', '2026-09-01')).toBe('2025-09-01');
  });
});

describe('recompute horizon', () => {
  it('covers the current and the previous school year by default (RECOMPUTE_SCHOOL_YEARS=2), up to today', () => {
    expect(recomputeHorizon('2026-12-07', 2)).toEqual({ from: '2025-09-01', to: '2026-12-07' });
    expect(recomputeHorizon('2026-08-31', 2)).toEqual({ from: '2024-09-01', to: '2026-08-31' });
    expect(recomputeHorizon('2026-09-01', 2)).toEqual({ from: '2025-09-01', to: '2026-09-01' });
    expect(recomputeHorizon('2026-12-07', 1)).toEqual({ from: '2026-09-01', to: '2026-12-07' });
  });
});
