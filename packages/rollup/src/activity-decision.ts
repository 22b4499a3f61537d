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
  active: boolean;
  online: boolean;
  /** Measured or usage-derived seconds; never presence. */
  activeSeconds: number;
  lessonSlots: number;
  /** Upper bound of use inferred from presence, only for signal 'presence'. */
  inferredSeconds: number;
}

const NIGHT_SLOTS = countSlots(NIGHT_MASK);

/**
 * Whether a device-day is active, and on which signal (docs/indicators.md, "Jour actif"). An MDM
 * measure wins over app usage, which wins over presence; presence counts only in lesson hours and
 * never for a device seen through half the night or more (a cart charging checks in all night).
 * The SQL in @vigie/store device-activity.ts implements the same rule; a test holds them equal.
 */
export function decideActivity(day: DeviceDayInput, lessonMask: string, t: ActivityThresholds): ActivityDecision {
  const presence = day.presence ?? '';
  const seenSlots = countSlots(presence);
  const lessonSlots = presence ? countSlots(andMasks(presence, lessonMask)) : 0;
  const online = seenSlots > 0 || day.heartbeats > 0 || day.usageSeconds > 0 || (day.measuredSeconds ?? 0) > 0;
  const base = { online, lessonSlots, inferredSeconds: 0 };
  if (day.measuredSeconds !== null) {
    return { ...base, signal: 'measured', active: day.measuredSeconds >= t.activeSeconds, activeSeconds: day.measuredSeconds };
  }
  const usage = Math.min(day.usageSeconds, 86_400);
  if (usage > 0) return { ...base, signal: 'usage', active: usage >= t.activeSeconds, activeSeconds: usage };
  if (seenSlots === 0 && day.heartbeats === 0) return { ...base, signal: 'none', active: false, activeSeconds: 0 };
  if (countSlots(andMasks(presence, NIGHT_MASK)) * 2 >= NIGHT_SLOTS) {
    return { ...base, signal: 'presence_discounted', active: false, activeSeconds: 0 };
  }
  const active = lessonSlots >= t.presenceMinLessonSlots;
  return { ...base, signal: 'presence', active, activeSeconds: 0, inferredSeconds: lessonSlots * 900 };
}
