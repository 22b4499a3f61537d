import { describe, expect, it } from 'vitest';
import { monthsAhead } from './months-ahead.ts';

describe('months ahead', () => {
  it('adds calendar months, clamping to shorter months', () => {
    expect(monthsAhead(new Date('2026-11-23T10:00:00Z'), 0)).toBe('2026-11-23');
    expect(monthsAhead(new Date('2026-11-23T10:00:00Z'), 6)).toBe('2027-05-23');
    expect(monthsAhead(new Date('2026-08-31T10:00:00Z'), 6)).toBe('2027-02-28');
  });
});
