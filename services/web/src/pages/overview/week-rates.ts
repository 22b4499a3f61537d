import type { z } from 'zod';
import type { TenantActivity } from '@vigie/contracts/web';

type Day = z.infer<typeof TenantActivity>['days'][number];

export interface WeekFigures {
  start: string;
  schoolDays: number;
  inService: number;
  active: number;
  /** active ÷ in service device-days over the week's school days (the API's daily rate, summed over days); null without school days. */
  rate: number | null;
}

/**
 * The tenant's figures of the week starting on `monday`, from GET /v1/fleet/activity's days. Only
 * days with classes count (the API sets in_service and active on those), so the week's rate is
 * the same ratio of device-days as the establishments' weekly activity_rate.
 */
export function weekFigures(days: readonly Day[], monday: string, sunday: string): WeekFigures {
  const week = days.filter((d) => d.day >= monday && d.day <= sunday && d.establishments > 0);
  const inService = week.reduce((sum, d) => sum + d.in_service, 0);
  const active = week.reduce((sum, d) => sum + d.active, 0);
  return { start: monday, schoolDays: week.length, inService, active, rate: inService > 0 ? active / inService : null };
}
