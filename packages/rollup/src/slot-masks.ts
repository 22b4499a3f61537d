import { LESSON_HOURS } from '@vigie/calendar';

// Masks over device_days.presence: 96 quarter-hour slots of local wall-clock time, slot 0 first,
// written as the bit-string literal PostgreSQL reads into bit(96).
export const SLOTS = 96;
const SLOT_MINUTES = 15;

/** A mask with the slots overlapping [from, to) local minutes set. */
export function slotMask(ranges: readonly { from: number; to: number }[]): string {
  const bits = new Array<string>(SLOTS).fill('0');
  for (const { from, to } of ranges) {
    for (let slot = Math.floor(from / SLOT_MINUTES); slot * SLOT_MINUTES < to && slot < SLOTS; slot++) bits[slot] = '1';
  }
  return bits.join('');
}

export const EMPTY_MASK = slotMask([]);

/** 00:00-06:00: a device seen through the night is on a charger, not in a lesson. */
export const NIGHT_MASK = slotMask([{ from: 0, to: 6 * 60 }]);

/** Local minutes after midnight of each half-day's lessons. */
export interface LessonHours {
  morning: { from: number; to: number };
  afternoon: { from: number; to: number };
}

/** Lesson-hour slots of a day with classes on these half-days. */
export function lessonMask(halfDays: { morning: boolean; afternoon: boolean }, hours: LessonHours = LESSON_HOURS): string {
  return slotMask([...(halfDays.morning ? [hours.morning] : []), ...(halfDays.afternoon ? [hours.afternoon] : [])]);
}

/**
 * Lesson-hour slots of each half-day with classes, apart (a cart is used per half-day). Hours off
 * the quarter hour take the quarter hours they overlap, as presence does.
 */
export function halfDayMasks(halfDays: { morning: boolean; afternoon: boolean }, hours: LessonHours = LESSON_HOURS) {
  return {
    morning: halfDays.morning ? slotMask([hours.morning]) : EMPTY_MASK,
    afternoon: halfDays.afternoon ? slotMask([hours.afternoon]) : EMPTY_MASK,
  };
}

export function countSlots(mask: string): number {
  let n = 0;
  for (const c of mask) if (c === '1') n++;
  return n;
}

export function andMasks(a: string, b: string): string {
  let out = '';
  for (let i = 0; i < SLOTS; i++) out += a[i] === '1' && b[i] === '1' ? '1' : '0';
  return out;
}
