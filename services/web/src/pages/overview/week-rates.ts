import type { z } from 'zod';
import type { TenantActivity } from '@vigie/contracts/web';

// The fields every version of GET /v1/fleet/activity gives; newer ones are read when present.
type Day = Pick<z.infer<typeof TenantActivity>['days'][number], 'day' | 'establishments' | 'in_service' | 'active'>;

export interface WeekFigures {
  start: string;
  schoolDays: number;
  inService: number;
  active: number;
  /** active ÷ in-service device-days over the week's school days; null without school days. */
  rate: number | null;
  /** When the API gives them (use judged apart from presence): the presence-based upper bound and the share judged on use. */
  presenceRate?: number | null;
  coverage?: number | null;
}

/** A figure of a day that newer APIs give and older ones do not. */
const optional = (day: Day, name: string): number | null | undefined => {
  const value = (day as Record<string, unknown>)[name];
  return typeof value === 'number' || value === null ? value : undefined;
};

/** Whether the API judges use apart from presence (its days carry presence_rate and coverage). */
export const judgesUse = (days: readonly Day[]) => days.some((d) => optional(d, 'presence_rate') !== undefined);

/**
 * The tenant's figures of the week from GET /v1/fleet/activity's days. Only days with classes count
 * (the API sets in_service and active on those), so the week's rate is the same ratio of
 * device-days as an establishment's weekly rate. The presence rate and coverage are weighted by
 * each day's in-service devices, which gives back their device-day numerators.
 */
export function weekFigures(days: readonly Day[], monday: string, sunday: string): WeekFigures {
  const week = days.filter((d) => d.day >= monday && d.day <= sunday && d.establishments > 0);
  const inService = week.reduce((sum, d) => sum + d.in_service, 0);
  const active = week.reduce((sum, d) => sum + d.active, 0);
  const figures: WeekFigures = {
    start: monday,
    schoolDays: week.length,
    inService,
    active,
    rate: inService > 0 ? active / inService : null,
  };
  if (judgesUse(days)) {
    const presenceActive = week.reduce((sum, d) => sum + Math.round((optional(d, 'presence_rate') ?? 0) * d.in_service), 0);
    const onPresence = week.reduce((sum, d) => sum + (optional(d, 'presence_device_days') ?? 0), 0);
    figures.presenceRate = inService > 0 ? presenceActive / inService : null;
    figures.coverage = inService > 0 ? (inService - onPresence) / inService : null;
  }
  return figures;
}
