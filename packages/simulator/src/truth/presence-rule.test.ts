import { describe, expect, it } from 'vitest';
import { lessonSlots, presenceActive, startedIn } from './presence-rule.ts';

const FULL = { morning: true, afternoon: true };
const WEDNESDAY = { morning: true, afternoon: false };
const slots = (...minutes: number[]) => new Set(minutes.map((m) => Math.floor(m / 15)));

describe("Vigie's presence rule, as the truth applies it", () => {
  it('counts quarter hours within the lesson hours of the half-days with classes only', () => {
    expect(lessonSlots(slots(7 * 60 + 45, 8 * 60, 11 * 60 + 45, 12 * 60, 13 * 60 + 30, 17 * 60 + 15, 17 * 60 + 30), FULL)).toBe(4);
    expect(lessonSlots(slots(8 * 60, 13 * 60 + 30), WEDNESDAY)).toBe(1);
  });

  it('active with 2 lesson-hour quarter hours, never for a device seen through half the night or more', () => {
    expect(presenceActive(slots(9 * 60, 9 * 60 + 15), FULL)).toBe(true);
    expect(presenceActive(slots(9 * 60), FULL)).toBe(false);
    expect(presenceActive(slots(14 * 60, 14 * 60 + 15), WEDNESDAY)).toBe(false);
    const night = Array.from({ length: 12 }, (_, i) => i * 30);
    expect(presenceActive(slots(...night, 9 * 60, 10 * 60), FULL)).toBe(false);
    expect(presenceActive(slots(...night.slice(1), 9 * 60, 10 * 60), FULL)).toBe(true);
  });

  it('a session started in a half-day counts for it only when that half-day has classes', () => {
    expect(startedIn([8 * 60 + 2.5], 'morning', FULL)).toBe(true);
    expect(startedIn([12 * 60 + 5], 'morning', FULL)).toBe(false);
    expect(startedIn([14 * 60], 'afternoon', WEDNESDAY)).toBe(false);
  });
});
