import { describe, expect, it } from 'vitest';
import { isValidUai } from '@vigie/contracts';
import { deviceAt } from './devices.ts';
import { FleetTooLargeError, planFleet } from './fleet-plan.ts';

describe('fleet plan', () => {
  const territory = planFleet({ seed: 3, devices: 20_000, shape: 'territory' });

  it('every establishment has a valid UAI (check letter) and UAIs are unique', () => {
    expect(territory.establishments.every((e) => isValidUai(e.uai))).toBe(true);
    expect(new Set(territory.establishments.map((e) => e.uai)).size).toBe(territory.establishments.length);
  });

  it('covers the three tenant kinds, zones A, B, C and an overseas académie in its own time zone', () => {
    expect(new Set(territory.tenants.map((t) => t.kind))).toEqual(new Set(['commune', 'departement', 'region']));
    const zones = new Map(territory.establishments.map((e) => [e.calendarZone, e.timeZone]));
    expect(zones).toEqual(
      new Map([
        ['A', 'Europe/Paris'],
        ['B', 'Europe/Paris'],
        ['C', 'Europe/Paris'],
        ['reunion', 'Indian/Reunion'],
      ]),
    );
    expect(territory.establishments.reduce((n, e) => n + e.deviceCount, 0)).toBe(20_000);
  });

  it('carts hold 15 to 35 devices and every assignment occurs', () => {
    const groups = territory.establishments.flatMap((e) => e.groups);
    const carts = groups.filter((g) => g.assignment === 'cart');
    expect(carts.every((g) => g.size >= 15 && g.size <= 35)).toBe(true);
    expect(new Set(groups.map((g) => g.assignment))).toEqual(new Set(['cart', 'individual', 'shared_room', 'teacher', 'stock']));
  });

  it('devices span eight years of purchases, some Chromebooks are past their AUE date, batteries wear with age', () => {
    const plan = planFleet({ seed: 3, devices: 5000 });
    const devices = plan.establishments.flatMap((e) => Array.from({ length: e.deviceCount }, (_, i) => deviceAt(plan, e, i)));
    const years = devices.map((d) => Number(d.acquiredOn.slice(0, 4)));
    expect(Math.max(...years) - Math.min(...years)).toBeGreaterThanOrEqual(7);
    expect(devices.some((d) => d.model.kind === 'chromebook' && d.model.supportEnd < '2026-11-01')).toBe(true);
    const old = devices.filter((d) => d.batteryHealthPct !== null && d.acquiredOn < '2020');
    const recent = devices.filter((d) => d.batteryHealthPct !== null && d.acquiredOn >= '2024');
    const mean = (xs: typeof devices) => xs.reduce((s, d) => s + d.batteryHealthPct!, 0) / xs.length;
    expect(mean(old)).toBeLessThan(mean(recent) - 20);
    expect(new Set(devices.map((d) => d.model.kind)).size).toBe(5);
  });
});

describe('fleet size limits', () => {
  it('refuses, with a typed error saying what to do, more establishments than a département has UAI numbers', () => {
    expect(() => planFleet({ seed: 1, devices: 10_000, establishments: 9_500 })).toThrow(FleetTooLargeError);
  });
});
