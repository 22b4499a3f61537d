import type { ActivitySignal } from '@vigie/contracts';
import { andMasks, countSlots, NIGHT_MASK } from './slot-masks.ts';

export interface DeviceDayInput {
  /** null when the MDM measured nothing that day */
  measuredSeconds: number | null;
  usageSeconds: number;
  /** 96-character bit string of local quarter-hours seen, or null when the device has no row that day */
  presence: string | null;
  heartbeats: number;
}

export interface ActivityThresholds {
  activeSeconds: number;
  presenceMinLessonSlots: number;
}

export interface ActivityDecision {
  signal: ActivitySignal;
  /** The headline decision: on use whenever use signals are available, on presence only otherwise. */
  active: boolean;
  online: boolean;
  /** Judged on use (measured or usage-derived), not on presence: what the coverage counts. */
  judgedOnUse: boolean;
  /** The presence-based reading (an upper bound): active on use, or seen in lesson hours outside the charging pattern. */
  presenceActive: boolean;
  /** Measured or usage-derived seconds; never presence. */
  activeSeconds: number;
  lessonSlots: number;
  /** Upper bound of use inferred from presence, only for signal 'presence'. */
  inferredSeconds: number;
}

const NIGHT_SLOTS = countSlots(NIGHT_MASK);

/**
 * Whether a device-day is active, and on which signal (docs/indicators.md, "Jour actif"). An MDM
 * measure wins over app usage, which wins over presence; presence counts only for a device with no
 * use signal available (`useAvailable`, from useSignalsAvailable), only in lesson hours, and never
 * for a device seen through half the night or more (a cart charging checks in all night).
 * The SQL in @vigie/store device-activity.ts implements the same rule; a test holds them equal.
 */
export function decideActivity(day: DeviceDayInput, lessonMask: string, t: ActivityThresholds, useAvailable: boolean): ActivityDecision {
  const presence = day.presence ?? '';
  const seenSlots = countSlots(presence);
  const lessonSlots = presence ? countSlots(andMasks(presence, lessonMask)) : 0;
  const nightPattern = countSlots(andMasks(presence, NIGHT_MASK)) * 2 >= NIGHT_SLOTS;
  const inLessons = lessonSlots >= t.presenceMinLessonSlots && !nightPattern;
  const online = seenSlots > 0 || day.heartbeats > 0 || day.usageSeconds > 0 || (day.measuredSeconds ?? 0) > 0;
  const base = { online, lessonSlots, inferredSeconds: 0 };
  const onUse = (signal: 'measured' | 'usage', seconds: number) => {
    const active = seconds >= t.activeSeconds;
    return { ...base, signal, active, judgedOnUse: true, presenceActive: active || inLessons, activeSeconds: seconds };
  };
  if (day.measuredSeconds !== null) return onUse('measured', day.measuredSeconds);
  const usage = Math.min(day.usageSeconds, 86_400);
  if (usage > 0) return onUse('usage', usage);
  const idle = { ...base, active: false, judgedOnUse: useAvailable, activeSeconds: 0 };
  if (seenSlots === 0 && day.heartbeats === 0) return { ...idle, signal: 'none', presenceActive: false };
  if (nightPattern) return { ...idle, signal: 'presence_discounted', presenceActive: false };
  // Its source delivers use for devices like it: on without use is not use, only the upper bound.
  if (useAvailable) return { ...idle, signal: 'presence_unused', presenceActive: inLessons };
  return {
    ...base,
    signal: 'presence',
    active: inLessons,
    judgedOnUse: false,
    presenceActive: inLessons,
    activeSeconds: 0,
    inferredSeconds: lessonSlots * 900,
  };
}
