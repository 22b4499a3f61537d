import { localDate } from '@vigie/calendar';
import { establishments, tenants } from '@vigie/store';
import type { AppDeps } from './app-deps.ts';
import type { TenantPrincipal } from './auth.ts';
import { AppError, notFound } from './errors.ts';

/** A from..to range of local dates (YYYY-MM-DD): in order, and at most `maxDays` long. */
export function checkDayRange(from: string, to: string, maxDays: number) {
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (span < 0) throw new AppError(400, 'invalid_query', 'from must not be after to', 'from');
  if (span > maxDays) throw new AppError(400, 'invalid_query', `at most ${maxDays} days per request`, 'to');
}

/** The establishment with this UAI if the caller may see it, else 404 (no existence leak). */
export async function visibleEstablishment(deps: AppDeps, caller: TenantPrincipal, uai: string) {
  const establishment = await establishments.findByUai(deps.db, caller.tenantId, uai);
  if (!establishment || (caller.establishmentIds && !caller.establishmentIds.includes(establishment.id))) throw notFound('establishment');
  return establishment;
}

/**
 * The day a report is for: `as_of` if given, else today in `timeZone`. Today is a local date, not
 * the UTC one: the worker dates state-based obsolescence flags by the tenant's local day
 * (evaluate-obsolescence.ts), and from 22:00 or 23:00 UTC Paris is already on the next day.
 * `fixed` tells whether the answer must not move with later data.
 */
export function reportDay(asOf: string | undefined, timeZone: string, now = new Date()): { day: string; fixed: boolean } {
  return asOf ? { day: checkedAsOf(asOf, now), fixed: true } : { day: localDate(now, timeZone), fixed: false };
}

/** reportDay for a tenant-wide answer: today is the tenant's local day (its time zone read only then). */
export async function tenantReportDay(deps: AppDeps, tenantId: string, asOf: string | undefined, now = new Date()) {
  if (asOf) return { day: checkedAsOf(asOf, now), fixed: true };
  const timeZone = await tenants.timeZone(deps.db, tenantId);
  if (!timeZone) throw notFound('tenant');
  return reportDay(undefined, timeZone, now);
}

/** `as_of` if it is not after tomorrow UTC, the latest local date anywhere. */
function checkedAsOf(asOf: string, now: Date): string {
  const latest = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  if (asOf > latest) throw new AppError(400, 'invalid_query', 'as_of must not be in the future', 'as_of');
  return asOf;
}
