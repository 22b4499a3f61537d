import { describe, expect, it } from 'vitest';
import { cartSessionThreshold } from './cart-session.ts';
import { dirtyDays } from './dirty-days.ts';
import { isOutage } from './outage.ts';

describe('establishment outage', () => {
  const t = { silentShare: 0.8, minDevices: 5 };
  it('needs most reporting devices silent together, and enough of them to tell', () => {
    expect(isOutage(10, 8, t)).toBe(true);
    expect(isOutage(10, 7, t)).toBe(false);
    expect(isOutage(4, 4, t)).toBe(false);
    expect(isOutage(0, 0, t)).toBe(false);
  });
});

describe('cart session', () => {
  it('needs the minimum of devices, or all of a small cart', () => {
    expect(cartSessionThreshold(30, 3)).toBe(3);
    expect(cartSessionThreshold(2, 3)).toBe(2);
    expect(cartSessionThreshold(0, 3)).toBe(1);
  });
});

describe('dirty days', () => {
  it('are the local days of each establishment, once each with their devices, devices without establishment ignored', () => {
    const late = new Date('2026-11-23T22:30:00Z');
    expect(
      dirtyDays(
        [
          { deviceId: 'd1', establishmentId: 'e1', timeZone: 'Europe/Paris', at: late },
          { deviceId: 'd2', establishmentId: 'e2', timeZone: 'Indian/Reunion', at: late },
          { deviceId: 'd3', establishmentId: 'e1', timeZone: 'Europe/Paris', at: new Date('2026-11-23T10:00:00Z') },
          { deviceId: 'd1', establishmentId: 'e1', timeZone: 'Europe/Paris', at: new Date('2026-11-23T11:00:00Z') },
          { deviceId: 'd4', establishmentId: null, timeZone: 'Europe/Paris', at: late },
        ],
        [{ deviceId: 'd1', establishmentId: 'e1', day: '2026-11-20' }],
      ),
    ).toEqual([
      { establishmentId: 'e1', day: '2026-11-20', deviceIds: ['d1'] },
      { establishmentId: 'e1', day: '2026-11-23', deviceIds: ['d1', 'd3'] },
      { establishmentId: 'e2', day: '2026-11-24', deviceIds: ['d2'] },
    ]);
  });

  it('cover the whole establishment-day when one observation does (an inventory)', () => {
    const at = new Date('2026-11-23T10:00:00Z');
    expect(
      dirtyDays(
        [
          { deviceId: 'd1', establishmentId: 'e1', timeZone: 'Europe/Paris', at },
          { deviceId: null, establishmentId: 'e1', timeZone: 'Europe/Paris', at },
          { deviceId: 'd2', establishmentId: 'e1', timeZone: 'Europe/Paris', at },
        ],
        [],
      ),
    ).toEqual([{ establishmentId: 'e1', day: '2026-11-23', deviceIds: null }]);
  });
});
