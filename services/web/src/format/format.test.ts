import { describe, expect, it } from 'vitest';
import { formatters, NONE } from './format.ts';

// Intl writes French thousands with a narrow no-break space (U+202F) and "86 %" with one too.
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const fr = formatters('fr-FR');

describe('French formats', () => {
  it('writes numbers, decimals, percentages and euros the French way', () => {
    expect(plain(fr.number(1234))).toBe('1 234');
    expect(fr.decimal(0.86)).toBe('0,86');
    expect(plain(fr.percent(0.86))).toBe('86 %');
    expect(plain(fr.percent(0.8649, 1))).toBe('86,5 %');
    expect(plain(fr.euros(1234))).toBe('1 234 €');
    expect(plain(fr.hours(5400))).toBe('1,5 h');
  });

  it('shows a missing figure as a dash, never as 0', () => {
    expect(fr.percent(null)).toBe(NONE);
    expect(fr.number(undefined)).toBe(NONE);
    expect(fr.date(null)).toBe(NONE);
    expect(fr.percent(0)).not.toBe(NONE);
  });

  it('writes a rate difference in signed percentage points', () => {
    expect(fr.points(0.05)).toBe('+5 pts');
    expect(fr.points(-0.031)).toMatch(/^[-−]3 pts$/);
    expect(fr.points(0)).toBe('0 pts');
  });

  it('writes a calendar day as the API names it, whatever the machine time zone', () => {
    expect(fr.date('2026-12-07')).toBe('7 déc. 2026');
    expect(fr.date('2026-01-01')).toBe('1 janv. 2026');
    expect(fr.month('2026-12-01')).toBe('décembre 2026');
  });

  it("shows an instant in the establishment's time zone: La Réunion is 3 hours ahead of Paris in winter", () => {
    const at = '2026-12-07T09:15:00Z';
    expect(fr.dateTime(at, 'Europe/Paris')).toContain('10:15');
    expect(fr.dateTime(at, 'Indian/Reunion')).toContain('13:15');
    expect(fr.dateTime(at, 'Indian/Reunion')).toContain('7 déc. 2026');
  });
});
