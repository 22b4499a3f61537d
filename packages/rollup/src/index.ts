export { decideActivity, type ActivityDecision, type ActivityThresholds, type DeviceDayInput } from './activity-decision.ts';
export { carriesUse, useSignalsAvailable, useWindowStart, type UseEvidence } from './use-signals.ts';
export { cartSessionThreshold } from './cart-session.ts';
export { dirtyDays, type PlacedDay, type PlacedInstant } from './dirty-days.ts';
export { isOutage, type OutageThresholds } from './outage.ts';
export { compareVersions, obsolescenceFlags, platformKey, type DeviceFacts, type ObsolescenceFlag } from './obsolescence.ts';
export { periodEnd, periodsOf, periodStart, PeriodGranularities, type PeriodGranularity } from '@vigie/calendar';
export { tenantDayDelta, type DayContribution } from './tenant-day-delta.ts';
export {
  dayFacts,
  establishmentCalendar,
  lessonWindows,
  recentSchoolDays,
  type DayFacts,
  type EstablishmentCalendarInput,
} from './school-day-facts.ts';
export { EMPTY_MASK, halfDayMasks, lessonMask, NIGHT_MASK, slotMask, SLOTS } from './slot-masks.ts';
export { activityThresholds, lessonHoursOf, minutesOf, nightMaskOf } from './rollup-settings.ts';
export type { LessonHours } from './slot-masks.ts';
