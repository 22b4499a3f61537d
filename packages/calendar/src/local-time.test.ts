import { describe, expect, it } from 'vitest';
import { localParts, zonedInstant } from './local-time.ts';

describe('local time', () => {
  it('gives the local date of an instant in each zone', () => {
    const instant = new Date('2026-11-23T22:30:00Z');
    expect(localParts(instant, 'Europe/Paris')).toMatchObject({ date: '2026-11-23', hour: 23, minute: 30, isoWeekday: 1 });
    expect(localParts(instant, 'Indian/Reunion')).toMatchObject({ date: '2026-11-24', hour: 2, isoWeekday: 2 });
    expect(localParts(instant, 'America/Cayenne')).toMatchObject({ date: '2026-11-23', hour: 19 });
  });

  it('turns local wall time into instants across DST changes', () => {
    expect(zonedInstant('2026-11-23', 8 * 60, 'Europe/Paris').toISOString()).toBe('2026-11-23T07:00:00.000Z');
    expect(zonedInstant('2026-07-01', 8 * 60, 'Europe/Paris').toISOString()).toBe('2026-07-01T06:00:00.000Z');
    // 29 March 2026: 02:00-03:00 does not exist in Paris.
    expect(zonedInstant('2026-03-29', 3 * 60 + 30, 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedInstant('2026-03-29', 1 * 60, 'Europe/Paris').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(zonedInstant('2026-11-23', 8 * 60, 'Indian/Reunion').toISOString()).toBe('2026-11-23T04:00:00.000Z');
  });
});
