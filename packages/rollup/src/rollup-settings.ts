import type { RollupSettings } from '@vigie/contracts';
import type { ActivityThresholds } from './activity-decision.ts';
import { slotMask, SLOTS, type LessonHours } from './slot-masks.ts';

/** Minutes after midnight of a local "HH:MM". */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

const range = (r: { from: string; to: string }) => ({ from: minutesOf(r.from), to: minutesOf(r.to) });

/** The settings' lesson hours in local minutes. */
export const lessonHoursOf = (s: Pick<RollupSettings, 'lesson_hours'>): LessonHours => ({
  morning: range(s.lesson_hours.morning),
  afternoon: range(s.lesson_hours.afternoon),
});

/** The night slots of the settings' charging pattern. */
export const nightMaskOf = (s: Pick<RollupSettings, 'presence_night'>): string => slotMask([range(s.presence_night)]);

/**
 * The thresholds of the activity decision. Presence inference switched off asks for more lesson
 * slots than a day has: a presence-only day is then never active, and the decision rule itself
 * (measure > usage > presence) stays as it is.
 */
export function activityThresholds(
  s: Pick<RollupSettings, 'active_seconds' | 'presence_inference' | 'presence_min_lesson_slots'>,
): ActivityThresholds {
  return { activeSeconds: s.active_seconds, presenceMinLessonSlots: s.presence_inference ? s.presence_min_lesson_slots : SLOTS + 1 };
}
