import { LESSON_HOURS } from '@vigie/calendar';
import { RollupDefaults } from '@vigie/contracts';

// Vigie's documented presence rule (docs/indicators.md, "Jour actif"), written from the definition
// and not from Vigie's code, so the truth checks the rollup instead of repeating it.

/** Lesson-hour quarter hours a presence-only device-day needs to count as active (Vigie's default). */
export const PRESENCE_MIN_LESSON_SLOTS = RollupDefaults.presence_min_lesson_slots;
const NIGHT_SLOTS = 24;

const overlaps = (slot: number, range: { from: number; to: number }) => slot * 15 < range.to && (slot + 1) * 15 > range.from;

/** Quarter hours seen within the lesson hours of the half-days with classes. */
export function lessonSlots(slots: Iterable<number>, halfDays: { morning: boolean; afternoon: boolean }): number {
  let n = 0;
  for (const q of slots) {
    if ((halfDays.morning && overlaps(q, LESSON_HOURS.morning)) || (halfDays.afternoon && overlaps(q, LESSON_HOURS.afternoon))) n++;
  }
  return n;
}

/**
 * A device-day with presence only: active when seen in enough lesson-hour quarter hours, unless seen
 * through half the night or more (00:00-06:00: a cart on its charger).
 */
export function presenceActive(slots: ReadonlySet<number>, halfDays: { morning: boolean; afternoon: boolean }): boolean {
  const night = [...slots].filter((q) => q < NIGHT_SLOTS).length;
  return night * 2 < NIGHT_SLOTS && lessonSlots(slots, halfDays) >= PRESENCE_MIN_LESSON_SLOTS;
}

/** Did any of these sessions (local start minutes) start within a half-day's lesson hours? */
export function startedIn(
  startMinutes: readonly number[],
  half: 'morning' | 'afternoon',
  halfDays: { morning: boolean; afternoon: boolean },
): boolean {
  const range = LESSON_HOURS[half];
  return halfDays[half] && startMinutes.some((m) => m >= range.from && m < range.to);
}
