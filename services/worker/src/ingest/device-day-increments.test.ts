import { describe, expect, it } from 'vitest';
import { deviceDayIncrements } from './device-day-increments.ts';

const paris = { establishmentId: 'e-paris', timeZone: 'Europe/Paris' };
const reunion = { establishmentId: 'e-reunion', timeZone: 'Indian/Reunion' };
const at = (iso: string) => Date.parse(iso);
const slots = (presence: string) => [...presence].flatMap((bit, slot) => (bit === '1' ? [slot] : []));

describe('deviceDayIncrements', () => {
  it('counts heartbeats per local day of the establishment and sets their quarter hours', () => {
    const increments = deviceDayIncrements(
      {
        heartbeats: [
          { deviceId: 'a', at: at('2026-03-10T08:05:00Z') }, // 09:05 in Paris (UTC+1): slot 36
          { deviceId: 'a', at: at('2026-03-10T08:14:59.999Z') }, // same quarter hour
          { deviceId: 'a', at: at('2026-03-10T23:30:00Z') }, // 00:30 on the 11th in Paris
          { deviceId: 'r', at: at('2026-03-10T20:30:00Z') }, // 00:30 on the 11th in La Réunion (UTC+4)
        ],
        sessions: [],
      },
      (id) => (id === 'r' ? reunion : paris),
    );
    expect(increments).toEqual([
      expect.objectContaining({ deviceId: 'a', day: '2026-03-10', establishmentId: 'e-paris', heartbeats: 2, usageSeconds: 0 }),
      expect.objectContaining({ deviceId: 'a', day: '2026-03-11', heartbeats: 1 }),
      expect.objectContaining({ deviceId: 'r', day: '2026-03-11', establishmentId: 'e-reunion', heartbeats: 1 }),
    ]);
    expect(slots(increments[0]!.presence)).toEqual([36]);
    expect(slots(increments[1]!.presence)).toEqual([2]);
    expect(slots(increments[2]!.presence)).toEqual([2]);
    expect(increments.every((i) => i.presence.length === 96)).toBe(true);
  });

  it('adds a session to the day it started on and covers its quarter hours, up to 23:45 past midnight', () => {
    const [morning, late] = deviceDayIncrements(
      {
        heartbeats: [],
        sessions: [
          { deviceId: 'a', startedAt: at('2026-03-10T09:10:00Z'), durationS: 40 * 60, appId: 'x', category: null }, // 10:10-10:50 local
          { deviceId: 'a', startedAt: at('2026-03-10T22:30:00Z'), durationS: 2 * 3600, appId: 'x', category: null }, // 23:30-01:30 local
        ],
      },
      () => paris,
    );
    expect(morning).toMatchObject({ day: '2026-03-10', usageSeconds: 40 * 60 + 2 * 3600, heartbeats: 0 });
    expect(late).toBeUndefined();
    expect(slots(morning!.presence)).toEqual([40, 41, 42, 43, 94, 95]);
    expect(slots(morning!.sessionStarts)).toEqual([40, 94]);
  });

  it('puts both passes of the repeated autumn hour on the same local slots', () => {
    // 2026-10-25: 03:00 CEST becomes 02:00 CET; 00:15Z and 01:15Z both show 02:15 in Paris.
    const [day] = deviceDayIncrements(
      {
        heartbeats: [
          { deviceId: 'a', at: at('2026-10-25T00:15:00Z') },
          { deviceId: 'a', at: at('2026-10-25T01:15:00Z') },
        ],
        sessions: [],
      },
      () => paris,
    );
    expect(day).toMatchObject({ day: '2026-10-25', heartbeats: 2 });
    expect(slots(day!.presence)).toEqual([9]);
  });
});
