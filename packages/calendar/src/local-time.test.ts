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

  it('agrees with Intl second by second around DST changes, half-hour shifts included', () => {
    const intl = (at: Date, timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .format(at)
        .replace(', ', 'T');
    const shown = (at: Date, timeZone: string) => {
      const p = localParts(at, timeZone);
      return `${p.date}T${[p.hour, p.minute, p.second].map((n) => String(n).padStart(2, '0')).join(':')}`;
    };
    const changes = [
      ['Europe/Paris', '2026-03-29T01:00:00Z'],
      ['Europe/Paris', '2026-10-25T01:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['America/St_Johns', '2026-11-01T04:30:00Z'],
    ] as const;
    for (const [timeZone, change] of changes) {
      // Every 37 s for two hours either side, so instants fall at all offsets within quarter hours.
      for (let ms = Date.parse(change) - 7_200_000; ms <= Date.parse(change) + 7_200_000; ms += 37_000) {
        expect(shown(new Date(ms), timeZone), `${timeZone} ${new Date(ms).toISOString()}`).toBe(intl(new Date(ms), timeZone));
      }
    }
  });
});
