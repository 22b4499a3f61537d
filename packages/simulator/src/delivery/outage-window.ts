/**
 * The network outage: local 09:00 to 14:00 (or the plan's `outageFromMinute` and `outageToMinute`)
 * on one day in nine, at the plan's outage establishment.
 */
export const OUTAGE = { fromMinute: 9 * 60, toMinute: 14 * 60, everyDays: 9, onDay: 4 } as const;
