import { describe, expect, it } from 'vitest';
import { datesFrom, fleetDays } from '../events/fleet-days.ts';
import { planFleet } from '../population/fleet-plan.ts';
import { cartDays } from './cart-day-truth.ts';
import type { DeviceDayTruth } from './device-day-truth.ts';

const plan = planFleet({ seed: 9, devices: 400, establishments: 2 });
const rows = [...fleetDays(plan, datesFrom('2026-11-23', 7))].map((d) => d.truth);

const row = (over: Partial<DeviceDayTruth>): DeviceDayTruth => ({
  ...rows.find((r) => r.cart !== null)!,
  cart: 'Chariot A',
  uai: '0770934X',
  date: '2026-11-24',
  school_day: true,
  expected_in_service: true,
  extra_records: 0,
  online: true,
  expected_active: false,
  started_session_morning: false,
  started_session_afternoon: false,
  ...over,
});

describe('cart-day truth', () => {
  it('a cart is used in a half-day when 3 of its in-service devices start a session in its lessons; active devices on every signal', () => {
    const [day] = cartDays([
      row({ started_session_morning: true, expected_active: true }),
      row({ started_session_morning: true, expected_active: true }),
      row({ started_session_morning: true, started_session_afternoon: true }),
      row({ started_session_afternoon: true, expected_in_service: false }),
      row({ started_session_afternoon: true, extra_records: 1 }),
    ]);
    expect(day).toMatchObject({ devices: 5, active_devices: 2, used_morning: true, used_afternoon: false });
  });

  it('a cart smaller than the minimum is used when all its devices start a session; a cart nobody lists nor hears from has no day', () => {
    expect(cartDays([row({ started_session_morning: true }), row({ started_session_morning: true })])[0]).toMatchObject({
      devices: 2,
      used_morning: true,
    });
    expect(cartDays([row({ started_session_morning: true }), row({})])[0]).toMatchObject({ devices: 2, used_morning: false });
    expect(cartDays([row({ expected_in_service: false, online: false })])).toEqual([]);
  });

  it('every cart of the fleet has its days; carts go to class on school days only', () => {
    const days = cartDays(rows);
    const carts = new Set(plan.establishments.flatMap((e) => e.groups.flatMap((g) => (g.cart ? [`${e.uai}/${g.cart}`] : []))));
    expect(new Set(days.map((d) => `${d.uai}/${d.cart}`))).toEqual(carts);
    expect(days.some((d) => d.used_morning || d.used_afternoon)).toBe(true);
    expect(days.filter((d) => !d.school_day).every((d) => !d.used_morning && !d.used_afternoon)).toBe(true);
  });
});
