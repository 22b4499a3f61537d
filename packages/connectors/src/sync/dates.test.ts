import { describe, expect, it } from 'vitest';
import { toInstant, toLocalDate } from './dates.ts';
import { bytesToMb, durationSeconds, fractionToPercent, gbToMb, text } from './units.ts';

describe('MDM dates', () => {
  it('reads sentinel dates as null', () => {
    for (const v of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '0000-00-00 00:00:00', '', null, 0])
      expect(toInstant(v, 'UTC')).toBeNull();
  });

  it('reads zone-less timestamps in the configured zone, across DST', () => {
    expect(toInstant('2026-11-19 15:41:00', 'Europe/Paris')).toBe('2026-11-19T14:41:00.000Z');
    expect(toInstant('2026-07-01 15:41:00', 'Europe/Paris')).toBe('2026-07-01T13:41:00.000Z');
    expect(toInstant('2026-11-19 15:41:00', 'UTC')).toBe('2026-11-19T15:41:00.000Z');
    expect(toInstant('2026-11-19 15:41:00', 'Indian/Reunion')).toBe('2026-11-19T11:41:00.000Z');
  });

  it('reads offsets, 7-digit fractions and epoch milliseconds as numbers or strings', () => {
    expect(toInstant('2026-11-19T16:02:47.1234567-08:00', 'UTC')).toBe('2026-11-20T00:02:47.123Z');
    expect(toInstant(1795159205000, 'UTC')).toBe('2026-11-20T07:20:05.000Z');
    expect(toInstant('1719730800000', 'UTC')).toBe('2024-06-30T07:00:00.000Z');
    expect(toLocalDate('1719730800000', 'Europe/Paris')).toBe('2024-06-30');
    expect(toLocalDate('2028-06-30', 'UTC')).toBe('2028-06-30');
  });
});

describe('MDM units', () => {
  it('normalises bytes, GB, fractions, durations and placeholders', () => {
    expect(bytesToMb('16695300096')).toBe(16695);
    expect(gbToMb(41.27)).toBe(41270);
    expect(fractionToPercent(0.85)).toBe(85);
    expect(fractionToPercent(-1)).toBeNull();
    expect(durationSeconds('1843.512s')).toBe(1844);
    expect(text('&nbsp;')).toBeUndefined();
    expect(text(' Lycée ')).toBe('Lycée');
  });
});
