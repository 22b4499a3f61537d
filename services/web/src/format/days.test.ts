import { describe, expect, it } from 'vitest';
import { addDays, mondayOf, monthStart, todayIn } from './days.ts';

describe('calendar days', () => {
  it("takes today in the establishment's zone: at 22:30 in Paris it is already tomorrow in La Réunion", () => {
    const now = new Date('2026-12-07T21:30:00Z');
    expect(todayIn('Europe/Paris', now)).toBe('2026-12-07');
    expect(todayIn('Indian/Reunion', now)).toBe('2026-12-08');
  });

  it('finds the Monday of a week and moves across months and years', () => {
    expect(mondayOf('2026-12-07')).toBe('2026-12-07');
    expect(mondayOf('2026-12-13')).toBe('2026-12-07');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-30', -1)).toBe('2026-03-29');
    expect(monthStart('2026-12-07')).toBe('2026-12-01');
    expect(monthStart('2026-01-15', -2)).toBe('2025-11-01');
  });
});
