import { describe, expect, it } from 'vitest';
import { uaiCheckLetter } from '@vigie/contracts';
import { datesFrom, fleetDays } from '../events/fleet-days.ts';
import { planFleet } from '../population/fleet-plan.ts';
import { establishmentDays } from './establishment-day-truth.ts';

describe('establishment-day truth', () => {
  const plan = planFleet({ seed: 9, devices: 400, establishments: 2 });
  const rows = [...fleetDays(plan, datesFrom('2026-11-23', 7))].map((d) => d.truth);
  const days = [...establishmentDays(rows)];

  it('one row per establishment and date, counting only in-service devices as active', () => {
    expect(days).toHaveLength(14);
    for (const day of days) {
      const mine = rows.filter((r) => r.uai === day.uai && r.date === day.date);
      expect(day.devices).toBe(mine.length);
      expect(day.active).toBe(mine.filter((r) => r.in_service && r.active).length);
      expect(day.active).toBeLessThanOrEqual(day.in_service);
    }
  });

  it("Vigie's in-service count keeps devices the MDM still lists (broken, lost) and the unmerged placeholder records", () => {
    for (const day of days) {
      const mine = rows.filter((r) => r.uai === day.uai && r.date === day.date);
      expect(day.expected_in_service).toBe(mine.filter((r) => r.expected_in_service).reduce((n, r) => n + 1 + r.extra_records, 0));
      expect(day.expected_in_service).toBeGreaterThanOrEqual(day.in_service);
      expect(day.expected_active_use).toBeLessThanOrEqual(day.active);
    }
    expect(rows.some((r) => r.expected_in_service && !r.in_service)).toBe(true);
  });

  it('an activity rate on school days only', () => {
    const weekend = days.filter((d) => d.date === '2026-11-28' || d.date === '2026-11-29');
    expect(weekend.every((d) => !d.school_day && d.activity_rate === null)).toBe(true);
    const monday = days.filter((d) => d.date === '2026-11-23');
    expect(monday.every((d) => d.school_day && d.activity_rate! > 0 && d.activity_rate! < 1)).toBe(true);
  });

  it('generated UAIs carry the check letter French UAIs use (0770934X is a real lycée in Melun)', () => {
    expect(uaiCheckLetter('0770934')).toBe('X');
    for (const e of plan.establishments) expect(e.uai.slice(7)).toBe(uaiCheckLetter(e.uai.slice(0, 7)));
  });
});
