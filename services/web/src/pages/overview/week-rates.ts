import type { z } from 'zod';
import type { TenantActivity } from '@vigie/contracts/web';

type Day = Pick<z.infer<typeof TenantActivity>['days'][number], 'presence_rate'>;
type Week = z.infer<typeof TenantActivity>['weeks'][number];

export interface WeekFigures {
  start: string;
  schoolDays: number;
  inService: number;
  active: number;
  /** active ÷ in-service device-days over the week's school days; null without school days. */
  rate: number | null;
  /** The presence-based upper bound and the share judged on use. */
  presenceRate: number | null;
  coverage: number | null;
}

/** Whether the API judges use apart from presence (its days carry presence_rate). */
export const judgesUse = (days: readonly Day[]) => days.some((d) => d.presence_rate !== undefined);

/**
 * The tenant's figures of the week starting `monday`, as GET /v1/fleet/activity gives them in its
 * `weeks` (device-days summed over the week's school days, rates by @vigie/indicators): shown as
 * they are, never recomputed here. A week without classes (holidays, or a Monday not over yet) has
 * no rate rather than 0.
 */
export function weekFigures(weeks: readonly Week[], monday: string): WeekFigures {
  const w = weeks.find((x) => x.start === monday);
  if (!w) return { start: monday, schoolDays: 0, inService: 0, active: 0, rate: null, presenceRate: null, coverage: null };
  return {
    start: monday,
    schoolDays: w.school_days,
    inService: w.in_service_device_days,
    active: w.active_device_days,
    rate: w.activity_rate,
    presenceRate: w.presence_rate,
    coverage: w.coverage,
  };
}
