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
  it('are the local days of each establishment, once each, devices without establishment ignored', () => {
    const late = new Date('2026-11-23T22:30:00Z');
    expect(dirtyDays(
      [
        { establishmentId: 'e1', timeZone: 'Europe/Paris', at: late },
        { establishmentId: 'e2', timeZone: 'Indian/Reunion', at: late },
        { establishmentId: 'e1', timeZone: 'Europe/Paris', at: new Date('2026-11-23T10:00:00Z') },
        { establishmentId: null, timeZone: 'Europe/Paris', at: late },
      ],
      [{ establishmentId: 'e1', day: '2026-11-20' }],
    )).toEqual([{ establishmentId: 'e1', day: '2026-11-20' }, { establishmentId: 'e1', day: '2026-11-23' }, { establishmentId: 'e2', day: '2026-11-24' }]);
  });
});
